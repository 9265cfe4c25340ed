// dues_report.js - the 党费 report of a subtree for a year (GET /api/orgs/{id}/dues/report):
// due, paid and outstanding by month (chart) and by branch (table), and the figures
// remitted upward (to the upper committee, and one-off extras of 1000 元 or more to the Centre).
import { h, defineComponent, reactive, onMounted, ref, onBeforeUnmount, watch } from 'vue';
import { ElTable, ElTableColumn, ElInputNumber, ElRow, ElCol, ElCard } from 'element-plus';
import * as echarts from 'echarts';
import { api } from '../api.js';
import { showError } from '../lib/ui.js';
import { yuan } from './dues_common.js';

const MonthChart = defineComponent({
  name: 'DuesMonthChart',
  props: { total: Object },
  setup(props) {
    const el = ref(null);
    let chart = null;
    const option = (t) => ({
      color: ['#c0392b', '#27ae60', '#e67e22'],
      title: { text: '按月应交、已交、欠交（元）', left: 'center', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 60, right: 12, top: 40, bottom: 48 },
      xAxis: { type: 'category', data: Array.from({ length: 12 }, (_, i) => `${i + 1}月`) },
      yAxis: { type: 'value' },
      series: [
        { name: '应交', type: 'bar', data: t.due.map((v) => v / 100) },
        { name: '已交', type: 'bar', data: t.paid.map((v) => v / 100) },
        { name: '欠交', type: 'line', data: t.outstanding.map((v) => v / 100) },
      ],
    });
    const resize = () => chart && chart.resize();
    onMounted(() => {
      chart = echarts.init(el.value, null, { renderer: 'canvas' });
      chart.setOption(option(props.total));
      window.addEventListener('resize', resize);
    });
    watch(() => props.total, (t) => chart && chart.setOption(option(t), true));
    onBeforeUnmount(() => {
      window.removeEventListener('resize', resize);
      if (chart) chart.dispose();
    });
    return () => h('div', { ref: el, class: 'chart dues-chart' });
  },
});

export const DuesReport = defineComponent({
  name: 'DuesReport',
  props: { orgId: Number },
  setup(props) {
    const s = reactive({ year: new Date().getFullYear(), r: null });
    async function load() {
      try {
        s.r = await api('GET', `/api/orgs/${props.orgId}/dues/report`, undefined, { year: s.year });
      } catch (e) {
        showError(e);
      }
    }
    onMounted(load);
    const stat = (title, value) => h(ElCol, { xs: 12, sm: 8, md: 4 }, () => h(ElCard, { shadow: 'never', class: 'stat' }, () => [h('div', { class: 'stat-value' }, value), h('div', { class: 'stat-title' }, title)]));
    return () => {
      const r = s.r;
      return h('div', { class: 'dues-report' }, [
        h('div', { class: 'toolbar' }, ['年度 ', h(ElInputNumber, { modelValue: s.year, min: 2008, max: 2100, 'onUpdate:modelValue': (v) => { s.year = v; load(); } })]),
        r ? h(ElRow, { gutter: 12, class: 'stats-row' }, () => [
          stat('应交（元）', yuan(r.total.due_fen)), stat('已交（元）', yuan(r.total.paid_fen)), stat('欠交（元）', yuan(r.total.outstanding_fen)),
          stat('本年收缴（元）', yuan(r.collected_fen + r.extra_fen)), stat('上缴上级（元）', yuan(r.remit_upper_fen)), stat('上缴中央（元）', yuan(r.central_fen))]) : null,
        r ? h(MonthChart, { total: r.total }) : null,
        r && r.months_without_base ? h('p', { class: 'hint' }, `有 ${r.months_without_base} 个人次月份尚未核定党费基数，未计入应交。`) : null,
        r ? h(ElTable, { data: r.branches, stripe: true, class: 'dues-report-table', emptyText: '没有应交党费的党员' }, () => [
          h(ElTableColumn, { prop: 'org_name', label: '党支部', minWidth: 220 }),
          h(ElTableColumn, { prop: 'members', label: '人数', minWidth: 70, align: 'right' }),
          h(ElTableColumn, { label: '应交（元）', minWidth: 110, align: 'right' }, { default: ({ row }) => yuan(row.due_fen) }),
          h(ElTableColumn, { label: '已交（元）', minWidth: 110, align: 'right' }, { default: ({ row }) => yuan(row.paid_fen) }),
          h(ElTableColumn, { label: '欠交（元）', minWidth: 110, align: 'right' }, { default: ({ row }) => yuan(row.outstanding_fen) }),
        ]) : null,
      ]);
    };
  },
});
