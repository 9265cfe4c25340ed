// chart.js - an ECharts chart as a Vue component: h(Chart, {title, items, kind: 'pie'|'bar'})
// where items is a statistics list [{code, label, count}] (GET /api/orgs/{id}/stats).
import { h, defineComponent, ref, onMounted, onBeforeUnmount, watch } from 'vue';
import * as echarts from 'echarts';

const COLORS = ['#c0392b', '#e67e22', '#f1c40f', '#27ae60', '#2980b9', '#8e44ad', '#16a085', '#7f8c8d', '#d35400', '#2c3e50'];

function option(title, items, kind) {
  const base = { color: COLORS, title: { text: title, left: 'center', textStyle: { fontSize: 14 } }, tooltip: {} };
  if (kind === 'pie') {
    if (!items.some((i) => i.count > 0)) return { ...base, graphic: { type: 'text', left: 'center', top: 'middle', style: { text: '暂无数据', fill: '#999', fontSize: 14 } }, series: [] };
    return {
      ...base,
      tooltip: { trigger: 'item', formatter: '{b}：{c} 人（{d}%）' },
      series: [{ type: 'pie', radius: ['35%', '62%'], top: 24, data: items.filter((i) => i.count > 0).map((i) => ({ name: i.label, value: i.count })),
        label: { formatter: '{b} {c}' } }],
    };
  }
  return {
    ...base,
    grid: { left: 40, right: 12, top: 40, bottom: 48 },
    xAxis: { type: 'category', data: items.map((i) => i.label), axisLabel: { interval: 0, rotate: items.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: items.map((i) => i.count), itemStyle: { color: '#c0392b' }, label: { show: true, position: 'top' } }],
  };
}

export const Chart = defineComponent({
  name: 'Chart',
  props: { title: String, items: Array, kind: { type: String, default: 'bar' } },
  setup(props) {
    const el = ref(null);
    let chart = null;
    const resize = () => chart && chart.resize();
    onMounted(() => {
      chart = echarts.init(el.value, null, { renderer: 'canvas' });
      chart.setOption(option(props.title, props.items || [], props.kind));
      window.addEventListener('resize', resize);
    });
    watch(() => props.items, (items) => chart && chart.setOption(option(props.title, items || [], props.kind), true));
    onBeforeUnmount(() => {
      window.removeEventListener('resize', resize);
      if (chart) chart.dispose();
    });
    return () => h('div', { ref: el, class: 'chart' });
  },
});

/* The six charts of the statistics answer. */
export function statsCharts(stats) {
  if (!stats) return null;
  return h('div', { class: 'charts' }, [
    h(Chart, { title: '党员类别', items: stats.by_category, kind: 'pie' }),
    h(Chart, { title: '性别', items: stats.by_gender, kind: 'pie' }),
    h(Chart, { title: '年龄', items: stats.by_age }),
    h(Chart, { title: '学历', items: stats.by_education }),
    h(Chart, { title: '所属领域', items: stats.by_domain }),
    h(Chart, { title: '党龄', items: stats.by_party_age }),
  ]);
}
