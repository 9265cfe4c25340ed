// users.js - accounts and role bindings in the caller's subtree (org admins,
// sysadmin): GET /api/users, POST /api/users, POST /api/users/{id}/roles.
// New bindings go to the organisation selected in the tree.
import { h, defineComponent, reactive, onMounted } from 'vue';
import { ElTable, ElTableColumn, ElTag, ElButton, ElDialog, ElForm, ElFormItem, ElInput, ElSelect, ElOption, ElSwitch, ElMessage } from 'element-plus';
import { api } from '../api.js';
import { state, hasRole } from '../lib/state.js';
import { dictEntries } from '../lib/meta.js';
import { showError, pageTitle, model } from '../lib/ui.js';

export const UsersPage = defineComponent({
  name: 'UsersPage',
  setup() {
    const s = reactive({ items: [], dialog: null, names: {} });
    async function load() {
      try {
        s.items = (await api('GET', '/api/users')).items;
        for (const u of s.items) for (const r of u.roles) if (r.org_id && !s.names[r.org_id]) nameOrg(r.org_id);
      } catch (e) {
        showError(e);
      }
    }
    async function nameOrg(id) {
      s.names[id] = '…';
      try {
        s.names[id] = (await api('GET', `/api/orgs/${id}`)).name;
      } catch {
        s.names[id] = `#${id}`;
      }
    }
    onMounted(load);
    const roles = () => dictEntries('role').filter((r) => r.code !== 'sysadmin' || hasRole('sysadmin'));

    function dialog() {
      const d = s.dialog;
      const err = (k) => (d.field === k ? d.error : '');
      const save = async () => {
        d.error = '';
        d.field = '';
        try {
          if (d.user) await api('POST', `/api/users/${d.user.id}/roles`, { role: d.role, org_id: d.role === 'sysadmin' ? 0 : state.org.id });
          else await api('POST', '/api/users', { username: d.username, display_name: d.display_name, password: d.password, role: d.role,
            org_id: d.role === 'sysadmin' ? 0 : state.org.id, must_change_password: d.must_change_password });
          ElMessage.success('已保存');
          s.dialog = null;
          load();
        } catch (e) {
          d.error = e.message;
          d.field = e.field || '_';
        }
      };
      return h(ElDialog, { modelValue: true, 'onUpdate:modelValue': () => { s.dialog = null; }, title: d.user ? `授予角色 · ${d.user.display_name}` : '新增用户', width: '520px', class: 'user-dialog' }, {
        default: () => h(ElForm, { labelWidth: '110px' }, () => [
          d.user ? null : h(ElFormItem, { label: '用户名', required: true, error: err('username'), 'data-field': 'username' }, () => h(ElInput, { ...model(d, 'username'), autocomplete: 'off' })),
          d.user ? null : h(ElFormItem, { label: '姓名', required: true, error: err('display_name'), 'data-field': 'display_name' }, () => h(ElInput, model(d, 'display_name'))),
          d.user ? null : h(ElFormItem, { label: '初始密码', required: true, error: err('password'), 'data-field': 'password' }, () => h(ElInput, { ...model(d, 'password'), type: 'password', showPassword: true, autocomplete: 'new-password' })),
          h(ElFormItem, { label: '角色', required: true, error: err('role'), 'data-field': 'role' }, () => h(ElSelect, { ...model(d, 'role'), style: 'width:100%' },
            () => roles().map((r) => h(ElOption, { key: r.code, value: r.code, label: r.label })))),
          h(ElFormItem, { label: '所属组织', error: err('org_id') }, () => (d.role === 'sysadmin' ? '全部组织' : state.org ? state.org.name : '请先在左侧选择组织')),
          d.user ? null : h(ElFormItem, { label: '首次登录改密' }, () => h(ElSwitch, model(d, 'must_change_password'))),
          d.field === '_' || (d.error && !['username', 'display_name', 'password', 'role', 'org_id'].includes(d.field)) ? h('div', { class: 'form-error' }, d.error) : null,
        ]),
        footer: () => [h(ElButton, { onClick: () => { s.dialog = null; } }, () => '取消'), h(ElButton, { type: 'primary', class: 'save', onClick: save }, () => '保存')],
      });
    }

    const blank = (user) => ({ user, username: '', display_name: '', password: '', role: 'branch_admin', must_change_password: true, error: '', field: '' });
    return () => h('div', { class: 'users-page' }, [
      pageTitle('用户与角色', h(ElButton, { type: 'primary', class: 'add-user', onClick: () => { s.dialog = blank(null); } }, () => '新增用户')),
      h('p', { class: 'hint' }, '新增用户和授予角色时，角色绑定到左侧选中的组织，权限范围是该组织及其下级组织。'),
      h(ElTable, { data: s.items, stripe: true, class: 'users-table' }, () => [
        h(ElTableColumn, { prop: 'username', label: '用户名', width: 140 }),
        h(ElTableColumn, { prop: 'display_name', label: '姓名', width: 180 }),
        h(ElTableColumn, { label: '角色与范围', minWidth: 300 }, { default: ({ row }) => row.roles.map((r) =>
          h(ElTag, { key: `${r.role}${r.org_id}`, class: 'role-tag', effect: 'plain' }, () => `${r.label}${r.org_id ? ` · ${s.names[r.org_id] || ''}` : ''}`)) }),
        h(ElTableColumn, { label: '状态', width: 120 }, { default: ({ row }) => (row.disabled ? '已停用' : row.must_change_password ? '待修改初始密码' : '正常') }),
        h(ElTableColumn, { label: '', width: 110 }, { default: ({ row }) => h(ElButton, { link: true, type: 'primary', onClick: () => { s.dialog = blank(row); } }, () => '授予角色') }),
      ]),
      s.dialog ? dialog() : null,
    ]);
  },
});
