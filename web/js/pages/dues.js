// dues.js - 党费 for the organisation selected in the tree: the monthly
// collection sheet (who has paid; one click records a month), the bases,
// arrears, the subtree report with charts, the use of dues (党费使用), and a link to the
// annual disclosure.
import { h, defineComponent, reactive, watch } from 'vue';
import { ElTabs, ElTabPane, ElEmpty, ElButton } from 'element-plus';
import { state, navigate } from '../lib/state.js';
import { pageTitle } from '../lib/ui.js';
import { DuesSheet } from './dues_sheet.js';
import { DuesBases } from './dues_bases.js';
import { DuesArrears } from './dues_arrears.js';
import { DuesReport } from './dues_report.js';
import { DuesSpend } from './dues_spend.js';

export const DuesPage = defineComponent({
  name: 'DuesPage',
  setup() {
    const q = new URLSearchParams(location.search);
    const s = reactive({ tab: q.get('tab') || 'sheet' });
    watch(() => s.tab, (t) => history.replaceState(null, '', `/dues?tab=${t}`));
    return () => {
      if (!state.org) return h(ElEmpty, { description: '请在左侧选择组织' });
      const id = state.org.id;
      const year = new Date().getFullYear();
      return h('div', { class: 'dues-page' }, [
        pageTitle(`党费 · ${state.org.name}`,
          h(ElButton, { class: 'dues-disclosure-link', onClick: () => navigate(`/dues/disclosure?org=${id}&year=${year}`) }, () => '年度公示')),
        h(ElTabs, { modelValue: s.tab, 'onUpdate:modelValue': (v) => { s.tab = v; }, class: 'dues-tabs' }, () => [
          h(ElTabPane, { name: 'sheet', label: '收缴表' }, () => (s.tab === 'sheet' ? h(DuesSheet, { orgId: id, key: `s${id}` }) : null)),
          h(ElTabPane, { name: 'bases', label: '党费基数' }, () => (s.tab === 'bases' ? h(DuesBases, { orgId: id, key: `b${id}` }) : null)),
          h(ElTabPane, { name: 'arrears', label: '欠交提醒' }, () => (s.tab === 'arrears' ? h(DuesArrears, { orgId: id, key: `a${id}` }) : null)),
          h(ElTabPane, { name: 'report', label: '统计报表' }, () => (s.tab === 'report' ? h(DuesReport, { orgId: id, key: `r${id}` }) : null)),
          h(ElTabPane, { name: 'spend', label: '党费使用' }, () => (s.tab === 'spend' ? h(DuesSpend, { orgId: id, key: `u${id}` }) : null)),
        ]),
      ]);
    };
  },
});
