// birthdays.js - 政治生日 of the selected organisation's subtree by month
// (GET /api/orgs/{id}/birthdays?month=YYYY-MM).
import { h, defineComponent, reactive, watch } from 'vue';
import { ElTable, ElTableColumn, ElDatePicker, ElEmpty, ElButton, ElTag } from 'element-plus';
import { api } from '../api.js';
import { state, navigate } from '../lib/state.js';
import { showError, pageTitle } from '../lib/ui.js';

export const BirthdaysPage = defineComponent({
  name: 'BirthdaysPage',
  setup() {
    // month '' until the first answer: the server's today (time.today) picks it
    const s = reactive({ month: '', items: [], busy: false });
    async function load() {
      if (!state.org) return;
      s.busy = true;
      try {
        const r = await api('GET', `/api/orgs/${state.org.id}/birthdays`, undefined, { month: s.month });
        s.items = r.items;
        s.month = r.month;
      } catch (e) {
        s.items = [];
        showError(e);
      } finally {
        s.busy = false;
      }
    }
    watch(() => state.org && state.org.id, load, { immediate: true });
    return () => {
      if (!state.org) return h(ElEmpty, { description: '请在左侧选择组织' });
      return h('div', { class: 'birthdays-page' }, [
        pageTitle(`政治生日 · ${state.org.name}`, h('div', { class: 'toolbar' }, [
          h(ElDatePicker, { type: 'month', modelValue: s.month, valueFormat: 'YYYY-MM', format: 'YYYY 年 M 月', clearable: false,
            class: 'birthday-month', 'onUpdate:modelValue': (v) => { s.month = v; load(); } }),
          h('span', { class: 'hint' }, `共 ${s.items.length} 人`),
        ])),
        h(ElTable, { data: s.items, emptyText: '本月没有党员过政治生日', class: 'birthdays-table' }, () => [
          h(ElTableColumn, { prop: 'date', label: '政治生日', width: 120 }),
          h(ElTableColumn, { label: '姓名', minWidth: 100 }, { default: ({ row }) =>
            h(ElButton, { link: true, type: 'primary', onClick: () => navigate(`/members/${row.member_id}`) }, () => row.name) }),
          h(ElTableColumn, { label: '入党周年', width: 110 }, { default: ({ row }) => h(ElTag, { effect: 'plain', size: 'small', disableTransitions: true }, () => `${row.years} 周年`) }),
          h(ElTableColumn, { prop: 'joined_on', label: '入党日期', width: 120 }),
          h(ElTableColumn, { prop: 'org_name', label: '所在党支部', minWidth: 180 }),
        ]),
      ]);
    };
  },
});
