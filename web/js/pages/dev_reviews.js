// dev_reviews.js - the 基层党委's review inbox (/dev/reviews): steps the
// branches submitted (预审, 审批, 转正审批). Approving records the step with
// every guard checked on the decision date; returning needs a reason. Both
// are audited by the server.
import { h, defineComponent, reactive, onMounted } from 'vue';
import { ElTable, ElTableColumn, ElButton, ElDialog, ElForm, ElFormItem, ElInput, ElDatePicker, ElSwitch, ElAlert, ElMessage, ElRadioGroup, ElRadioButton } from 'element-plus';
import { api } from '../api.js';
import { navigate } from '../lib/state.js';
import { showError, pageTitle, model, today } from '../lib/ui.js';

const STATUS = { pending: '待审核', approved: '已通过', returned: '已退回' };

export const DevReviewsPage = defineComponent({
  name: 'DevReviewsPage',
  setup() {
    const s = reactive({ items: [], status: 'pending', dlg: null, busy: false, error: '' });
    const f = reactive({ date: today(), meeting: '', special: false, note: '', reason: '' });
    const errors = reactive({});
    async function load() {
      try {
        s.items = (await api('GET', '/api/dev/reviews', undefined, { inbox: 1, status: s.status })).items;
      } catch (e) {
        showError(e);
      }
    }
    onMounted(load);
    function open(row, approve) {
      s.dlg = { row, approve };
      s.error = '';
      for (const k of Object.keys(errors)) delete errors[k];
    }
    async function decide() {
      const { row, approve } = s.dlg;
      s.busy = true;
      s.error = '';
      for (const k of Object.keys(errors)) delete errors[k];
      try {
        if (approve) await api('POST', `/api/dev/reviews/${row.id}/approve`, { date: f.date, meeting: f.meeting, special: f.special, note: f.note || undefined });
        else await api('POST', `/api/dev/reviews/${row.id}/return`, { date: f.date, reason: f.reason });
        ElMessage.success(approve ? '已审批通过' : '已退回');
        s.dlg = null;
        await load();
      } catch (e) {
        if (e.status === 401) return;
        if (['date', 'meeting', 'reason'].includes(e.field)) errors[e.field] = e.message;
        s.error = e.message;
      } finally {
        s.busy = false;
      }
    }
    const item = (key, label, input) => h(ElFormItem, { label, error: errors[key] || '', 'data-field': key }, () => input);
    return () => h('div', { class: 'dev-reviews-page' }, [
      pageTitle('入党审批（上级党委审核）'),
      h('div', { class: 'toolbar' }, h(ElRadioGroup, { ...model(s, 'status'), 'onUpdate:modelValue': (v) => { s.status = v; load(); } },
        () => Object.entries(STATUS).map(([k, l]) => h(ElRadioButton, { key: k, value: k, label: k }, () => l)))),
      h(ElTable, { data: s.items, stripe: true, emptyText: '没有需要审核的事项', class: 'reviews-table' }, () => [
        h(ElTableColumn, { prop: 'applicant_name', label: '姓名', minWidth: 100 }, { default: ({ row }) => h('a', { href: `/dev/${row.applicant_id}`, onClick: (ev) => { ev.preventDefault(); navigate(`/dev/${row.applicant_id}`); } }, row.applicant_name) }),
        h(ElTableColumn, { prop: 'label', label: '事项', minWidth: 140 }),
        h(ElTableColumn, { prop: 'org_name', label: '党支部', minWidth: 180 }),
        h(ElTableColumn, { prop: 'submitted_on', label: '提交日期', width: 110 }),
        h(ElTableColumn, { prop: 'submitted_by', label: '提交人', width: 100 }),
        h(ElTableColumn, { label: '状态', width: 160 }, { default: ({ row }) => `${STATUS[row.status]}${row.reason ? `：${row.reason}` : ''}` }),
        h(ElTableColumn, { label: '操作', width: 170 }, { default: ({ row }) => (row.status === 'pending' ? [
          h(ElButton, { size: 'small', type: 'primary', class: 'approve', onClick: () => open(row, true) }, () => '通过'),
          h(ElButton, { size: 'small', class: 'return', onClick: () => open(row, false) }, () => '退回'),
        ] : null) }),
      ]),
      s.dlg ? h(ElDialog, { modelValue: true, 'onUpdate:modelValue': () => { s.dlg = null; }, width: '560px', class: 'review-dialog',
        title: `${s.dlg.approve ? '审批通过' : '退回'} · ${s.dlg.row.applicant_name} · ${s.dlg.row.label}` }, {
        default: () => [
          s.error ? h(ElAlert, { type: 'error', title: s.error, closable: false, showIcon: true, class: 'gap form-alert' }) : null,
          h(ElForm, { labelWidth: '130px' }, () => [
            item('date', s.dlg.approve ? '审批日期' : '日期', h(ElDatePicker, { ...model(f, 'date'), type: 'date', valueFormat: 'YYYY-MM-DD' })),
            ...(s.dlg.approve ? [
              item('meeting', '党委会议', h(ElInput, { ...model(f, 'meeting'), maxlength: 100, placeholder: '集体讨论表决的会议', class: 'review-meeting' })),
              item('special', '特殊情况', h(ElSwitch, model(f, 'special'))),
              item('note', '意见', h(ElInput, { ...model(f, 'note'), type: 'textarea', maxlength: 1000 })),
            ] : [item('reason', '退回原因', h(ElInput, { ...model(f, 'reason'), type: 'textarea', maxlength: 500, class: 'review-reason' }))]),
          ]),
        ],
        footer: () => [h(ElButton, { onClick: () => { s.dlg = null; } }, () => '取消'),
          h(ElButton, { type: 'primary', loading: s.busy, class: 'confirm', onClick: decide }, () => '确定')],
      }) : null,
    ]);
  },
});
