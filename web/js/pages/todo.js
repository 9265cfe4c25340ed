// todo.js - 待办与预警: the dated obligations of the selected organisation's subtree from
// every reminder source (GET /api/orgs/{id}/todo), overdue first. Used on the 工作台.
import { h, defineComponent, reactive, watch } from 'vue';
import { ElTable, ElTableColumn, ElTag, ElEmpty, ElSwitch } from 'element-plus';
import { api } from '../api.js';
import { showError } from '../lib/ui.js';
import { navigate } from '../lib/state.js';

const LEVEL = { overdue: ['已逾期', 'danger'], due: ['待办', 'warning'], info: ['提示', 'info'] };

export const Todo = defineComponent({
  name: 'Todo',
  props: { orgId: { type: Number, required: true } },
  setup(props) {
    const s = reactive({ data: null, info: false, loading: false });
    async function load() {
      s.loading = true;
      try {
        s.data = await api('GET', `/api/orgs/${props.orgId}/todo`, undefined, s.info ? { info: 1 } : undefined);
      } catch (e) {
        showError(e);
      } finally {
        s.loading = false;
      }
    }
    watch(() => [props.orgId, s.info], load, { immediate: true });
    const open = (row) => {
      if (row.member_id) navigate(`/members/${row.member_id}`);
      else if (row.kind.startsWith('term.')) navigate('/terms');
      else if (row.kind.startsWith('life.')) navigate('/meetings');
      else if (row.kind.startsWith('dev.')) navigate('/dev');
      else if (row.kind.startsWith('transfer.')) navigate('/transfers');
      else if (row.kind.startsWith('dues.')) navigate('/dues');
    };
    return () => {
      const d = s.data;
      return h('div', { class: 'todo' }, [
        h('div', { class: 'todo-head' }, [
          h('span', { class: 'todo-range' }, d ? `${d.from} 至 ${d.to}，共 ${d.total + d.more} 项` : ''),
          h(ElSwitch, { modelValue: s.info, 'onUpdate:modelValue': (v) => { s.info = v; }, activeText: '含提示（政治生日等）', class: 'todo-info' }),
        ]),
        d && d.items.length === 0 ? h(ElEmpty, { description: '没有待办事项', imageSize: 60 }) : h(ElTable, { data: d ? d.items : [], size: 'small', class: 'todo-table', maxHeight: 360, onRowClick: open, rowClassName: () => 'todo-row' }, () => [
          h(ElTableColumn, { label: '状态', width: 90 }, { default: ({ row }) => h(ElTag, { type: LEVEL[row.level][1], size: 'small' }, () => LEVEL[row.level][0]) }),
          h(ElTableColumn, { prop: 'due', label: '到期日', width: 110 }),
          h(ElTableColumn, { prop: 'source', label: '类别', width: 110 }),
          h(ElTableColumn, { prop: 'title', label: '事项', minWidth: 260 }),
          h(ElTableColumn, { prop: 'rule_id', label: '依据规则', minWidth: 160 }),
        ]),
      ]);
    };
  },
});
