// findings.js - the set-up findings of a subtree (GET /api/orgs/{id}/findings),
// each with the rule it cites; used by the dashboard and the organisation page.
import { h, defineComponent, reactive, watch } from 'vue';
import { ElTable, ElTableColumn, ElTag, ElSelect, ElOption, ElPagination, ElTooltip } from 'element-plus';
import { api } from '../api.js';
import { showError } from '../lib/ui.js';

export const Findings = defineComponent({
  name: 'Findings',
  props: { orgId: { type: Number, required: true } },
  setup(props) {
    const s = reactive({ items: [], total: 0, totals: null, severity: '', page: 1, size: 20, busy: false });
    async function load() {
      s.busy = true;
      try {
        const r = await api('GET', `/api/orgs/${props.orgId}/findings`, undefined,
          { severity: s.severity, limit: s.size, offset: (s.page - 1) * s.size });
        s.items = r.items;
        s.total = r.total;
        s.totals = r.totals;
      } catch (e) {
        showError(e);
      } finally {
        s.busy = false;
      }
    }
    watch(() => props.orgId, () => { s.page = 1; load(); }, { immediate: true });
    return () => h('div', { class: 'findings' }, [
      h('div', { class: 'toolbar' }, [
        s.totals ? h('span', { class: 'hint' }, `共 ${s.totals.all} 项：问题 ${s.totals.errors} 项，提醒 ${s.totals.warnings} 项`) : null,
        h(ElSelect, { modelValue: s.severity, 'onUpdate:modelValue': (v) => { s.severity = v; s.page = 1; load(); },
          placeholder: '全部级别', clearable: true, style: 'width:140px' }, () => [
          h(ElOption, { value: 'error', label: '问题' }), h(ElOption, { value: 'warning', label: '提醒' })]),
      ]),
      h(ElTable, { data: s.items, emptyText: '没有发现问题', class: 'findings-table' }, () => [
        h(ElTableColumn, { label: '级别', width: 80 }, { default: ({ row }) =>
          h(ElTag, { type: row.severity === 'error' ? 'danger' : 'warning' }, () => (row.severity === 'error' ? '问题' : '提醒')) }),
        h(ElTableColumn, { prop: 'org_name', label: '组织', minWidth: 180 }, { default: ({ row }) => row.unit_name ? `${row.org_name}／${row.unit_name}` : row.org_name }),
        h(ElTableColumn, { prop: 'message', label: '情况', minWidth: 220 }),
        h(ElTableColumn, { label: '依据', minWidth: 260 }, { default: ({ row }) =>
          h(ElTooltip, { content: row.source, placement: 'top' }, () => h('span', { class: 'rule' }, [
            row.rule_description, h('small', `（${row.article || row.document}）`)])) }),
      ]),
      s.total > s.size ? h(ElPagination, { layout: 'total, prev, pager, next', total: s.total, pageSize: s.size, currentPage: s.page,
        'onUpdate:currentPage': (p) => { s.page = p; load(); } }) : null,
    ]);
  },
});
