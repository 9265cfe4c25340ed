// dashboard.js - 工作台: the selected organisation's subtree at a glance
// (by default the top of the user's scope): counts, 待办与预警, charts, findings.
import { h, defineComponent, reactive, watch } from 'vue';
import { ElRow, ElCol, ElCard, ElEmpty } from 'element-plus';
import { api } from '../api.js';
import { state } from '../lib/state.js';
import { showError, pageTitle } from '../lib/ui.js';
import { statsCharts } from '../lib/chart.js';
import { Findings } from './findings.js';
import { Todo } from './todo.js';

export const DashboardPage = defineComponent({
  name: 'DashboardPage',
  setup() {
    const s = reactive({ stats: null, findings: null });
    async function load() {
      if (!state.org) return;
      s.stats = null;
      try {
        const [stats, f] = await Promise.all([
          api('GET', `/api/orgs/${state.org.id}/stats`),
          api('GET', `/api/orgs/${state.org.id}/findings`, undefined, { limit: 1 }),
        ]);
        s.stats = stats;
        s.findings = f.totals;
      } catch (e) {
        showError(e);
      }
    }
    watch(() => state.org && state.org.id, load, { immediate: true });
    const stat = (title, value) => h(ElCol, { xs: 12, sm: 6 }, () => h(ElCard, { shadow: 'never', class: 'stat' }, () => [h('div', { class: 'stat-value' }, String(value)), h('div', { class: 'stat-title' }, title)]));
    return () => {
      if (!state.org) return h(ElEmpty, { description: '请在左侧选择组织' });
      const st = s.stats;
      const full = st ? (st.by_category.find((c) => c.code === 'full') || { count: 0 }).count : 0;
      return h('div', { class: 'dashboard' }, [
        pageTitle(`工作台 · ${state.org.name}`),
        st ? h(ElRow, { gutter: 12, class: 'stats-row' }, () => [
          stat('党员（在册）', st.members), stat('其中正式党员', full), stat('党组织', st.orgs),
          stat('设置问题 / 提醒', s.findings ? `${s.findings.errors} / ${s.findings.warnings}` : '—')]) : null,
        h('h3', '待办与预警'),
        h(Todo, { orgId: state.org.id }),
        st ? statsCharts(st) : null,
        h('h3', '组织设置检查'),
        h(Findings, { orgId: state.org.id }),
      ]);
    };
  },
});
