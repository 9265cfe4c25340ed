// member.js - one member (/members/{id}): the record (masked; 查看完整信息
// asks for ?unmasked=1, which the server audits), edit, change of status with
// date and reason, and the history of changes.
import { h, defineComponent, reactive, watch } from 'vue';
import { ElDescriptions, ElDescriptionsItem, ElButton, ElTabs, ElTabPane, ElTable, ElTableColumn, ElTag, ElDialog, ElForm,
  ElFormItem, ElSelect, ElOption, ElDatePicker, ElInput, ElMessage, ElPageHeader, ElProgress, ElAlert } from 'element-plus';
import { api } from '../api.js';
import { state, navigate, canWrite, hasRole } from '../lib/state.js';
import { OrgPicker, BRANCH_KINDS } from '../lib/orgpick.js';
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
    const s = reactive({ m: null, history: [], editing: null, status: null, tab: 'info', unmasked: false, move: null, link: null });
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

    /* 调整支部 (POST …/move {org_id}) and 关联账号 (POST …/user {user_id}, 0 unlinks):
       the server's message under the field it names, else at the top of the dialog. */
    function actionDialog(key, title, cls, field, items, submit) {
      const d = s[key];
      const close = () => { s[key] = null; };
      const save = async () => {
        d.busy = true;
        try {
          await submit(d);
          close();
          load();
        } catch (e) {
          if (e && e.status === 401) return;
          d.field = e.field || '';
          d.error = e.message || String(e);
        } finally {
          d.busy = false;
        }
      };
      return h(ElDialog, { modelValue: true, 'onUpdate:modelValue': close, title, width: '520px', closeOnClickModal: false, class: cls }, {
        default: () => [
          d.error && d.field !== field ? h(ElAlert, { type: 'error', title: d.error, closable: false, showIcon: true, class: 'gap form-alert' }) : null,
          h(ElForm, { labelWidth: '90px' }, () => items(d, d.field === field ? d.error : '')),
        ],
        footer: () => [h(ElButton, { onClick: close }, () => '取消'),
          h(ElButton, { type: 'primary', loading: d.busy, onClick: save, class: 'save' }, () => '确定')],
      });
    }
    function moveDialog() {
      return actionDialog('move', `调整支部 · ${s.m.name}`, 'member-move-dialog', 'org_id', (d, err) => [
        h(ElFormItem, { label: '当前支部' }, () => s.m.org_name),
        h(ElFormItem, { label: '新的支部', required: true, error: err, 'data-field': 'org_id' },
          () => h(OrgPicker, { ...model(d, 'org_id'), kinds: BRANCH_KINDS, exclude: [s.m.org_id], placeholder: '输入党支部名称搜索' })),
        h('p', { class: 'hint' }, '调整后原党小组清空。'),
      ], async (d) => {
        if (!d.org_id) throw { field: 'org_id', message: '请选择新的党支部' };
        await api('POST', `/api/members/${id()}/move`, { org_id: d.org_id });
        ElMessage.success('已调整支部');
      });
    }
    async function openLink() {
      try {
        const users = (await api('GET', '/api/users')).items.filter((u) => !u.disabled);
        s.link = { user_id: s.m.user_id || null, users, error: '', field: '', busy: false };
      } catch (e) {
        showError(e);
      }
    }
    function linkDialog() {
      return actionDialog('link', `关联账号 · ${s.m.name}`, 'member-link-dialog', 'user_id', (d, err) => [
        h(ElFormItem, { label: '登录账号', error: err, 'data-field': 'user_id' }, () => h(ElSelect, { ...model(d, 'user_id'), filterable: true, clearable: true,
          placeholder: '选择账号；清空则取消关联', style: 'width:100%' }, () => d.users.map((u) => h(ElOption, { key: u.id, value: u.id, label: `${u.display_name}（${u.username}）` })))),
        h('p', { class: 'hint' }, '关联后，该账号以“党员”身份登录时可查看本档案。'),
      ], async (d) => {
        await api('POST', `/api/members/${id()}/user`, { user_id: d.user_id || 0 });
        ElMessage.success(d.user_id ? '已关联账号' : '已取消关联');
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
            !final ? h(ElButton, { onClick: () => { s.move = { org_id: null, error: '', field: '', busy: false }; }, class: 'move-member' }, () => '调整支部') : null,
            hasRole('sysadmin', 'org_admin') ? h(ElButton, { onClick: openLink, class: 'link-user' }, () => '关联账号') : null,
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
        s.move ? moveDialog() : null,
        s.link ? linkDialog() : null,
      ]);
    };
  },
});
