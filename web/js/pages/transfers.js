// transfers.js - the transfer inbox (组织关系接转) of the selected organisation:
// outgoing, incoming, pending and overdue (口袋党员) transfers, with the step
// buttons each row allows; the server decides whether this user may take the
// step (a refusal is shown as its message). A branch sees its own transfers;
// a 基层党委 sees those of its whole subtree, including the approvals it owes.
import { h, defineComponent, reactive, watch } from 'vue';
import { ElTable, ElTableColumn, ElTabs, ElTabPane, ElButton, ElTag, ElMessage, ElMessageBox, ElEmpty } from 'element-plus';
import { api } from '../api.js';
import { state, navigate, canWrite } from '../lib/state.js';
import { showError, pageTitle } from '../lib/ui.js';
import { TransferForm } from './transfer_form.js';

const TABS = [
  { name: 'out', label: '转出', query: { box: 'out' } },
  { name: 'in', label: '转入', query: { box: 'in' } },
  { name: 'open', label: '办理中', query: { state: 'open' } },
  { name: 'overdue', label: '逾期（口袋党员）', query: { state: 'overdue' } },
];

const STATE_TYPE = { requested: 'warning', approved: 'warning', issued: 'primary', received: 'success', completed: 'info',
  returned: 'danger', cancelled: 'info', expired: 'danger' };

/* The steps offered for a row (the server checks the side and the permission again). */
function steps(t) {
  const out = [];
  if (t.state === 'requested' && t.side_send) out.push(['approve', '审批'], ['return', '退回']);
  if (t.state === 'approved' && t.side_send) out.push(['issue', '开介绍信'], ['return', '退回']);
  if (t.state === 'issued' && t.kind !== 'out' && t.side_recv && !t.pocket) out.push(['receive', '接收']);
  if (t.state === 'issued' && t.kind === 'out' && t.side_send) out.push(['receipt', '回执已返回']);
  if (t.state === 'issued' && t.side_recv && t.kind !== 'out') out.push(['return', '退回']);
  if (t.state === 'received' && t.side_recv) out.push(['receipt', '退回回执']);
  if (['requested', 'approved', 'issued'].includes(t.state) && ((t.kind === 'in' && t.side_recv) || (t.kind !== 'in' && t.side_send))) out.push(['cancel', '撤销']);
  if (t.pocket) out.push(['expire', '登记过期']);
  return out;
}

export const TransfersPage = defineComponent({
  name: 'TransfersPage',
  setup() {
    const s = reactive({ tab: 'out', items: [], busy: false, form: false });
    async function load() {
      if (!state.org) return;
      s.busy = true;
      try {
        const tab = TABS.find((t) => t.name === s.tab);
        const r = await api('GET', '/api/transfers', undefined, { org_id: state.org.id, ...tab.query });
        s.items = r.items;
      } catch (e) {
        showError(e);
        s.items = [];
      } finally {
        s.busy = false;
      }
    }
    watch(() => state.org && state.org.id, load, { immediate: true });

    async function step(t, action) {
      const body = {};
      try {
        if (action === 'issue') {
          const r = await ElMessageBox.prompt('党费交至（年-月，如 2026-11）', `开具介绍信 · ${t.member_name}`,
            { inputPattern: /^\d{4}-\d{2}$/, inputErrorMessage: '请输入年月，如 2026-11', confirmButtonText: '开具', cancelButtonText: '取消' });
          body.dues_paid_to = r.value;
        } else if (action === 'return' || action === 'cancel') {
          const r = await ElMessageBox.prompt('原因', action === 'return' ? '退回' : '撤销',
            { inputPattern: /\S/, inputErrorMessage: '请填写原因', confirmButtonText: '确定', cancelButtonText: '取消' });
          body.reason = r.value;
        }
      } catch {
        return; // cancelled
      }
      try {
        await api('POST', `/api/transfers/${t.id}/${action}`, body);
        ElMessage.success('已办理');
        load();
      } catch (e) {
        showError(e);
      }
    }

    const table = () => h(ElTable, { data: s.items, class: 'transfer-table', emptyText: '没有转接记录' }, () => [
      h(ElTableColumn, { prop: 'member_name', label: '姓名', width: 100 }),
      h(ElTableColumn, { prop: 'category_label', label: '转接类别', width: 140 }),
      h(ElTableColumn, { prop: 'from_name', label: '原党组织', minWidth: 170 }),
      h(ElTableColumn, { prop: 'to_name', label: '目标党组织', minWidth: 170 }),
      h(ElTableColumn, { label: '状态', width: 120 }, { default: ({ row }) => [
        h(ElTag, { type: STATE_TYPE[row.state] || 'info', size: 'small' }, () => row.state_label),
        row.overdue ? h(ElTag, { type: 'danger', size: 'small', effect: 'dark', class: 'overdue-tag' }, () => '逾期') : null] }),
      h(ElTableColumn, { prop: 'letter_no', label: '介绍信', minWidth: 140 }),
      h(ElTableColumn, { prop: 'valid_until', label: '有效期至', width: 110 }),
      h(ElTableColumn, { prop: 'dues_paid_to', label: '党费交至', width: 90 }),
      h(ElTableColumn, { label: '办理', minWidth: 220 }, { default: ({ row }) => [
        ...(canWrite() ? steps(row).map(([a, label]) => h(ElButton, { size: 'small', class: `step-${a}`, onClick: () => step(row, a) }, () => label)) : []),
        row.letter_no ? h(ElButton, { size: 'small', link: true, type: 'primary', class: 'letter-link',
          onClick: () => navigate(`/transfers/${row.id}/letter`) }, () => '介绍信') : null,
      ] }),
    ]);

    return () => h('div', { class: 'transfers-page' }, [
      pageTitle(`组织关系接转${state.org ? ' · ' + state.org.name : ''}`,
        canWrite() ? h(ElButton, { type: 'primary', class: 'new-transfer', onClick: () => { s.form = true; } }, () => '办理转接') : null),
      state.org ? h(ElTabs, { modelValue: s.tab, 'onUpdate:modelValue': (v) => { s.tab = v; load(); } },
        () => TABS.map((t) => h(ElTabPane, { name: t.name, label: t.label, key: t.name }))) : null,
      state.org ? table() : h(ElEmpty, { description: '请在左侧选择组织' }),
      s.form ? h(TransferForm, { org: state.org, onClose: (saved) => { s.form = false; if (saved) load(); } }) : null,
    ]);
  },
});
