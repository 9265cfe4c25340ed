// member.js - one member (/members/{id}): the record (masked; 查看完整信息
// asks for ?unmasked=1, which the server audits), edit, change of status with
// date and reason, and the history of changes.
import { h, defineComponent, reactive, watch } from 'vue';
import { ElDescriptions, ElDescriptionsItem, ElButton, ElTabs, ElTabPane, ElTable, ElTableColumn, ElTag, ElDialog, ElForm,
  ElFormItem, ElSelect, ElOption, ElDatePicker, ElInput, ElMessage, ElPageHeader, ElProgress } from 'element-plus';
import { api } from '../api.js';
import { state, navigate, canWrite } from '../lib/state.js';
import { fields, display, dictEntries, fieldLabel, dictLabel } from '../lib/meta.js';
import { showError, model, fmtTime, today } from '../lib/ui.js';
import { MemberDialog } from './member_dialog.js';

const ACTIONS = { 'member.create': '新增', 'member.update': '修改', 'member.status': '状态变更', 'member.move': '转移',
  'member.link_user': '关联账号', 'member.read_unmasked': '查看完整信息' };

/* "学历：大学 → 研究生" lines for a history row. */
function changes(row) {
  const b = row.before || {};
  const a = row.after || {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !k.endsWith('_label'));
  if (row.action === 'member.create') return '建立档案';
  return keys.map((k) => `${fieldLabel('member', k)}：${fmt(k, b[k])} → ${fmt(k, a[k])}`).join('；');
}
function fmt(k, v) {
  if (v === null || v === undefined || v === '') return '（空）';
  const f = fields('member').find((x) => x.key === k);
  if (f && f.type === 'dict') return dictLabel(f.dict, v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export const MemberPage = defineComponent({
  name: 'MemberPage',
  setup() {
    const s = reactive({ m: null, history: [], editing: null, status: null, tab: 'info', unmasked: false });
    const id = () => Number(state.route.path.split('/')[2]);
    async function load(unmasked = false) {
      try {
        s.m = await api('GET', `/api/members/${id()}`, undefined, unmasked ? { unmasked: 1 } : undefined);
        s.unmasked = unmasked;
        s.history = (await api('GET', `/api/members/${id()}/history`, undefined, { limit: 500 })).items;
      } catch (e) {
        showError(e);
      }
    }
    watch(() => state.route.path, () => load(), { immediate: true });

    async function edit() {
      try {
        s.editing = await api('GET', `/api/members/${id()}`, undefined, { unmasked: 1 });
      } catch (e) {
        showError(e);
      }
    }

    function statusDialog() {
      const st = s.status;
      const save = async () => {
        try {
          await api('POST', `/api/members/${id()}/status`, { status: st.status, date: st.date, leave_kind: st.status === 'left' ? st.leave_kind : undefined,
            reason: st.reason || undefined });
          ElMessage.success('状态已变更');
          s.status = null;
          load();
        } catch (e) {
          st.field = e.field;
          st.error = e.message;
        }
      };
      const err = (k) => (st.field === k ? st.error : '');
      return h(ElDialog, { modelValue: true, 'onUpdate:modelValue': () => { s.status = null; }, title: '变更党员状态', width: '480px' }, {
        default: () => h(ElForm, { labelWidth: '90px' }, () => [
          h(ElFormItem, { label: '新状态', required: true, error: err('status') }, () => h(ElSelect, { ...model(st, 'status'), style: 'width:100%' },
            () => dictEntries('member_status').filter((e) => e.code !== s.m.status).map((e) => h(ElOption, { key: e.code, value: e.code, label: e.label })))),
          h(ElFormItem, { label: '日期', required: true, error: err('date') }, () => h(ElDatePicker, { ...model(st, 'date'), type: 'date', valueFormat: 'YYYY-MM-DD', style: 'width:100%' })),
          st.status === 'left' ? h(ElFormItem, { label: '出党方式', required: true, error: err('leave_kind') }, () => h(ElSelect, { ...model(st, 'leave_kind'), style: 'width:100%' },
            () => dictEntries('leave_kind').map((e) => h(ElOption, { key: e.code, value: e.code, label: e.label })))) : null,
          h(ElFormItem, { label: '说明', required: ['lost_contact', 'suspended', 'left'].includes(st.status), error: err('reason') },
            () => h(ElInput, { ...model(st, 'reason'), type: 'textarea', maxlength: 200, showWordLimit: true })),
          st.error && !['status', 'date', 'leave_kind', 'reason'].includes(st.field) ? h('div', { class: 'form-error' }, st.error) : null,
        ]),
        footer: () => [h(ElButton, { onClick: () => { s.status = null; } }, () => '取消'), h(ElButton, { type: 'primary', onClick: save }, () => '确定')],
      });
    }

    return () => {
      const m = s.m;
      if (!m) return h('div', { class: 'hint' }, '正在加载……');
      const final = ['left', 'deceased'].includes(m.status);
      return h('div', { class: 'member-page' }, [
        h(ElPageHeader, { onBack: () => navigate('/members'), title: '返回列表' }, {
          content: () => h('span', { class: 'member-head' }, [h('b', m.name), ' ', h(ElTag, { type: m.status === 'normal' ? 'success' : 'info' }, () => m.status_label || dictLabel('member_status', m.status)),
            ' ', h('span', { class: 'hint' }, m.org_name)]),
          extra: () => canWrite() ? [
            !s.unmasked ? h(ElButton, { onClick: () => load(true) }, () => '查看完整信息') : null,
            !final ? h(ElButton, { type: 'primary', onClick: edit, class: 'edit-member' }, () => '编辑') : null,
            !final ? h(ElButton, { onClick: () => { s.status = { status: '', date: today(), leave_kind: '', reason: '', error: '', field: '' }; } }, () => '变更状态') : null,
          ] : null,
        }),
        s.unmasked ? h('p', { class: 'hint' }, '正在显示完整的个人信息，本次查看已记入审计日志。') : null,
        h(ElTabs, { modelValue: s.tab, 'onUpdate:modelValue': (v) => { s.tab = v; } }, () => [
          h(ElTabPane, { label: '档案', name: 'info' }, () => [
            h('div', { class: 'completeness' }, ['信息完整度 ', h(ElProgress, { percentage: m.info_completeness || 0, style: 'width:240px;display:inline-flex' })]),
            h(ElDescriptions, { column: 2, border: true, class: 'member-info' }, () => fields('member')
              .filter((f) => !['id', 'org_id', 'org_kind', 'org_path', 'user_id', 'group_id', 'info_completeness'].includes(f.key))
              .map((f) => h(ElDescriptionsItem, { key: f.key, label: f.label }, () => display('member', f, m) || '—'))),
          ]),
          h(ElTabPane, { label: `变更记录（${s.history.length}）`, name: 'history' }, () => h(ElTable, { data: s.history, emptyText: '暂无记录' }, () => [
            h(ElTableColumn, { label: '时间', width: 150 }, { default: ({ row }) => fmtTime(row.at) }),
            h(ElTableColumn, { prop: 'username', label: '操作人', width: 110 }),
            h(ElTableColumn, { label: '操作', width: 110 }, { default: ({ row }) => ACTIONS[row.action] || row.action }),
            h(ElTableColumn, { label: '内容' }, { default: ({ row }) => changes(row) }),
          ])),
        ]),
        s.editing ? h(MemberDialog, { member: s.editing, onClose: (saved) => { s.editing = null; if (saved) load(); } }) : null,
        s.status ? statusDialog() : null,
      ]);
    };
  },
});
