// terms_due.js - the upper organisation's 换届 list (GET /api/orgs/{id}/terms/due):
// every elected organisation below the one selected in the tree with its
// current term, its state on a chosen date, whether the reminder was sent and
// the 换届请示 received. Sortable columns, a filter by state; a row opens the
// organisation page.
import { h, defineComponent, reactive, watch } from 'vue';
import { ElTable, ElTableColumn, ElSelect, ElOption, ElDatePicker, ElEmpty, ElTag, ElPagination } from 'element-plus';
import { api } from '../api.js';
import { state, rememberOrg, navigate } from '../lib/state.js';
import { showError, pageTitle, today } from '../lib/ui.js';
import { STATE_OPTIONS, stateTag } from './terms.js';

export const TermsDuePage = defineComponent({
  name: 'TermsDuePage',
  setup() {
    const s = reactive({ items: [], on: today(), state: '', busy: false, sort: { prop: 'state', order: 'ascending' }, page: 1, size: 50 });
    async function load() {
      if (!state.org) return;
      s.busy = true;
      try {
        s.items = (await api('GET', `/api/orgs/${state.org.id}/terms/due`, undefined, { on: s.on, state: s.state })).items;
        s.page = 1;
      } catch (e) {
        showError(e);
      } finally {
        s.busy = false;
      }
    }
    watch(() => state.org && state.org.id, load, { immediate: true });
    const counts = () => Object.fromEntries(STATE_OPTIONS.map(([k]) => [k, s.items.filter((x) => x.state === k).length]));
    const open = (row) => { rememberOrg({ id: row.org_id, name: row.org_name, kind: row.kind, path: row.path }); navigate('/org'); };
    const ORDER = Object.fromEntries(['overdue', 'expired', 'extended', 'reminder_due', 'none', 'in_term'].map((k, i) => [k, i]));
    const KEY = {
      state: (r) => ORDER[r.state], seq: (r) => r.seq || 0,
      elected_on: (r) => r.elected_on || '9999', expires_on: (r) => r.expires_on || '9999', extended_until: (r) => r.extended_until || '9999',
    };
    function sorted() {
      const { prop, order } = s.sort;
      if (!prop || !order) return s.items;
      const key = KEY[prop] || ((r) => r[prop] || '');
      const dir = order === 'descending' ? -1 : 1;
      return [...s.items].sort((a, b) => {
        const x = key(a);
        const y = key(b);
        return dir * (typeof x === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN')) || a.path.localeCompare(b.path);
      });
    }
    return () => {
      if (!state.org) return h(ElEmpty, { description: '请在左侧选择上级组织' });
      const c = counts();
      const rows = sorted().slice((s.page - 1) * s.size, s.page * s.size);
      return h('div', { class: 'terms-due-page' }, [
        pageTitle(`换届提醒 · ${state.org.name}`),
        h('div', { class: 'toolbar' }, [
          h('span', { class: 'hint' }, '日期'),
          h(ElDatePicker, { modelValue: s.on, 'onUpdate:modelValue': (v) => { s.on = v || today(); load(); }, type: 'date', valueFormat: 'YYYY-MM-DD',
            clearable: false, style: 'width:150px', class: 'due-on' }),
          h(ElSelect, { modelValue: s.state, 'onUpdate:modelValue': (v) => { s.state = v || ''; load(); }, placeholder: '全部状态', clearable: true,
            style: 'width:160px', class: 'due-state' }, () => STATE_OPTIONS.map(([v, l]) => h(ElOption, { key: v, value: v, label: l }))),
          s.state ? null : h('span', { class: 'hint due-counts' }, STATE_OPTIONS.filter(([k]) => c[k]).map(([k, l]) => `${l} ${c[k]}`).join('，')),
        ]),
        h(ElTable, { data: rows, emptyText: '没有符合条件的组织', class: 'terms-due-table', defaultSort: { prop: 'state', order: 'ascending' },
          onSortChange: ({ prop, order }) => { s.sort = { prop, order }; s.page = 1; }, onRowClick: open, rowClassName: () => 'clickable' }, () => [
          h(ElTableColumn, { prop: 'org_name', label: '党组织', minWidth: 180, sortable: 'custom' }),
          h(ElTableColumn, { prop: 'kind_label', label: '类别', width: 100, sortable: 'custom' }),
          h(ElTableColumn, { prop: 'state', label: '状态', width: 120, sortable: 'custom' },
            { default: ({ row }) => stateTag(row) }),
          h(ElTableColumn, { prop: 'seq', label: '届次', width: 80, sortable: 'custom' }, { default: ({ row }) => (row.seq ? `第${row.seq}届` : '') }),
          h(ElTableColumn, { prop: 'elected_on', label: '选举日期', width: 110, sortable: 'custom' }),
          h(ElTableColumn, { prop: 'expires_on', label: '届满日期', width: 110, sortable: 'custom' }),
          h(ElTableColumn, { prop: 'extended_until', label: '延期至', width: 110, sortable: 'custom' }),
          h(ElTableColumn, { label: '上级提醒', width: 120 }, { default: ({ row }) => (row.reminder_sent_on
            ? h(ElTag, { type: 'success', size: 'small', disableTransitions: true }, () => row.reminder_sent_on) : (row.term_id ? `应于 ${row.reminder_on}` : '')) }),
          h(ElTableColumn, { label: '换届请示', width: 130 }, { default: ({ row }) => (row.request_received_on
            ? h(ElTag, { type: 'success', size: 'small', disableTransitions: true }, () => `已收 ${row.request_received_on}`) : (row.term_id ? `${row.request_due} 前` : '')) }),
        ]),
        s.items.length > s.size ? h(ElPagination, { layout: 'total, prev, pager, next', total: s.items.length, pageSize: s.size, currentPage: s.page,
          'onUpdate:currentPage': (p) => { s.page = p; } }) : null,
      ]);
    };
  },
});
