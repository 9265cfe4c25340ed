// compliance.js - 落实情况: the compliance dashboard of a subtree
// (GET /api/orgs/{id}/compliance): rates by rule (ECharts) and by organisation
// (sortable), the gaps with their rule and records, acknowledgements, and the
// 软弱涣散 candidates. Clicking a rule or an organisation drills down to its gaps.
import { h, defineComponent, reactive, watch } from 'vue';
import { ElTable, ElTableColumn, ElTag, ElButton, ElDatePicker, ElEmpty, ElRow, ElCol, ElCard, ElTooltip,
  ElPagination, ElMessage, ElMessageBox } from 'element-plus';
import { api } from '../api.js';
import { state, canWrite } from '../lib/state.js';
import { showError, pageTitle, today } from '../lib/ui.js';
import { Chart } from '../lib/chart.js';

const SHORT = {
  'life.assembly.min_per_quarter': '党员大会', 'life.committee_meeting.min_per_month': '支委会',
  'life.group_meeting.min_per_month': '党小组会', 'life.theme_day.min_per_month': '主题党日',
  'life.lecture.secretary_min_per_year': '书记讲党课', 'life.lecture.min_per_quarter': '党课',
  'life.org_life_meeting.min_per_year': '组织生活会', 'life.democratic_review.min_per_year': '民主评议',
  'life.talk.min_per_year': '谈心谈话', 'life.training.min_hours_per_year': '32学时',
};
const pct = (bp) => (bp === null || bp === undefined ? '—' : `${(bp / 100).toFixed(2)}%`);

export const CompliancePage = defineComponent({
  name: 'CompliancePage',
  setup() {
    const t = today();
    const s = reactive({ range: [`${t.slice(0, 4)}-01-01`, t], data: null, busy: false, rule: '', org: 0, page: 1, size: 20 });
    async function load() {
      if (!state.org) return;
      s.busy = true;
      try {
        s.data = await api('GET', `/api/orgs/${state.org.id}/compliance`, undefined, {
          from: s.range[0], to: s.range[1], rule_id: s.rule, org: s.org || undefined,
          limit: s.size, offset: (s.page - 1) * s.size, org_limit: 500 });
      } catch (e) {
        showError(e);
      } finally {
        s.busy = false;
      }
    }
    watch(() => [state.org && state.org.id, s.range], () => { s.page = 1; s.rule = ''; s.org = 0; load(); }, { immediate: true });
    const drill = (rule, org) => { s.rule = rule; s.org = org; s.page = 1; load(); };
    async function ack(g) {
      try {
        const { value } = await ElMessageBox.prompt('说明未落实的原因（说明后问题仍保留并标注）', '情况说明', { inputPattern: /\S/, inputErrorMessage: '请填写说明' });
        await api('POST', `/api/orgs/${g.org_id}/compliance/acks`, { rule_id: g.rule_id, period: g.period, subject: g.subject || undefined, explanation: value });
        ElMessage.success('已记录说明');
        load();
      } catch (e) {
        if (e !== 'cancel' && e !== 'close') showError(e);
      }
    }
    return () => {
      if (!state.org) return h(ElEmpty, { description: '请在左侧选择组织' });
      const d = s.data;
      const lifeRules = d ? d.rules.filter((r) => r.source === 'life') : [];
      return h('div', { class: 'compliance-page' }, [
        pageTitle(`落实情况 · ${state.org.name}`),
        h('div', { class: 'toolbar' }, [
          h(ElDatePicker, { modelValue: s.range, 'onUpdate:modelValue': (v) => { s.range = v; }, type: 'daterange', valueFormat: 'YYYY-MM-DD', clearable: false, class: 'range-picker' }),
          s.rule || s.org ? h(ElButton, { onClick: () => drill('', 0) }, () => '显示全部问题') : null,
          d ? h('span', { class: 'hint' }, d.count_submitted ? '已提交待审核的记录也计入' : '仅计入审核通过的记录') : null,
        ]),
        d ? h(ElRow, { gutter: 12, class: 'stats-row' }, () => [
          h(ElCol, { span: 6 }, () => h(ElCard, { shadow: 'never', class: 'stat' }, () => [h('div', { class: 'stat-value' }, pct(d.totals.rate_bp)), h('div', { class: 'stat-title' }, '总体落实率')])),
          h(ElCol, { span: 6 }, () => h(ElCard, { shadow: 'never', class: 'stat' }, () => [h('div', { class: 'stat-value' }, String(d.totals.gaps)), h('div', { class: 'stat-title' }, '问题')])),
          h(ElCol, { span: 6 }, () => h(ElCard, { shadow: 'never', class: 'stat' }, () => [h('div', { class: 'stat-value' }, String(d.totals.acknowledged)), h('div', { class: 'stat-title' }, '已说明')])),
          h(ElCol, { span: 6 }, () => h(ElCard, { shadow: 'never', class: 'stat' }, () => [h('div', { class: 'stat-value' }, String(d.weak.length)), h('div', { class: 'stat-title' }, '软弱涣散候选')])),
        ]) : null,
        d ? h(Chart, { title: '各项制度落实率（%）', items: lifeRules.map((r) => ({ code: r.rule_id, label: SHORT[r.rule_id] || r.rule_id, count: r.rate_bp === null ? 0 : Math.round(r.rate_bp) / 100 })) }) : null,
        d ? h(ElTable, { data: d.rules, class: 'rules-table', size: 'small', defaultSort: { prop: 'rate_bp', order: 'ascending' },
          onRowClick: (row) => drill(row.rule_id, 0) }, () => [
          h(ElTableColumn, { prop: 'rule_id', label: '规则', minWidth: 220 }, { default: ({ row }) => h(ElTooltip, { content: `${row.document || ''} ${row.article || ''}`, placement: 'top' }, () => h('span', [row.description || row.rule_id, ' ', h(ElTag, { size: 'small', effect: 'plain' }, () => row.tag)])) }),
          h(ElTableColumn, { prop: 'required', label: '应开', width: 90, sortable: true }),
          h(ElTableColumn, { prop: 'met', label: '已开', width: 90, sortable: true }),
          h(ElTableColumn, { prop: 'rate_bp', label: '落实率', width: 100, sortable: true }, { default: ({ row }) => pct(row.rate_bp) }),
          h(ElTableColumn, { prop: 'gaps', label: '问题', width: 80, sortable: true }),
        ]) : null,
        d ? h('h3', '各组织落实率（由低到高）') : null,
        d ? h(ElTable, { data: d.orgs, class: 'orgs-table', size: 'small', maxHeight: 360, onRowClick: (row) => drill('', row.org_id) }, () => [
          h(ElTableColumn, { prop: 'name', label: '组织', minWidth: 220, sortable: true }),
          h(ElTableColumn, { prop: 'required', label: '应开', width: 90, sortable: true }),
          h(ElTableColumn, { prop: 'met', label: '已开', width: 90, sortable: true }),
          h(ElTableColumn, { prop: 'rate_bp', label: '落实率', width: 100, sortable: true }, { default: ({ row }) => pct(row.rate_bp) }),
          h(ElTableColumn, { prop: 'gaps', label: '问题', width: 80, sortable: true }),
        ]) : null,
        d && d.weak.length ? h('div', { class: 'weak' }, [h('h3', '软弱涣散候选（依地方标准，待研究认定）'),
          h(ElTable, { data: d.weak, size: 'small', class: 'weak-table' }, () => [
            h(ElTableColumn, { prop: 'name', label: '组织', minWidth: 200 }),
            h(ElTableColumn, { label: '情形' }, { default: ({ row }) => row.reasons.map((r) => h('div', r.text)) })])]) : null,
        d ? h('h3', `问题清单（${d.totals.gaps_matching}）`) : null,
        d ? h(ElTable, { data: d.gaps, class: 'gaps-table', emptyText: '没有发现问题' }, () => [
          h(ElTableColumn, { prop: 'org_name', label: '组织', minWidth: 170 }),
          h(ElTableColumn, { prop: 'period', label: '期间', width: 95 }),
          h(ElTableColumn, { prop: 'missing', label: '问题', minWidth: 240 }),
          h(ElTableColumn, { label: '依据', minWidth: 200 }, { default: ({ row }) => h(ElTooltip, { content: row.rule_description || row.rule_id, placement: 'top' }, () => h('span', { class: 'rule' }, [row.rule_id, h('small', `（${row.document || ''}${row.article ? ' ' + row.article : ''}）`)])) }),
          h(ElTableColumn, { label: '说明', minWidth: 160 }, { default: ({ row }) => row.acknowledgement
            ? h('span', [h(ElTag, { size: 'small', type: 'info' }, () => '已说明'), ' ', row.acknowledgement.explanation])
            : canWrite() ? h(ElButton, { link: true, class: 'ack', onClick: () => ack(row) }, () => '说明') : '' }),
        ]) : null,
        d && d.totals.gaps_matching > s.size ? h(ElPagination, { layout: 'total, prev, pager, next', total: d.totals.gaps_matching, pageSize: s.size, currentPage: s.page,
          'onUpdate:currentPage': (p) => { s.page = p; load(); } }) : null,
      ]);
    };
  },
});
