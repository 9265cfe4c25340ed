// login.js - sign-in. The API's messages (wrong password, 锁定, …) are shown as they come.
import { h, defineComponent, reactive } from 'vue';
import { ElCard, ElForm, ElFormItem, ElInput, ElButton, ElAlert } from 'element-plus';
import { api } from '../api.js';
import { state } from '../lib/state.js';
import { model } from '../lib/ui.js';
import { enter } from '../app.js';

export const LoginPage = defineComponent({
  name: 'LoginPage',
  setup() {
    const f = reactive({ username: '', password: '', error: '', busy: false });
    async function submit(ev) {
      if (ev) ev.preventDefault();
      f.error = '';
      if (!f.username.trim() || !f.password) {
        f.error = '请输入用户名和密码';
        return;
      }
      f.busy = true;
      try {
        const me = await api('POST', '/api/login', { username: f.username.trim(), password: f.password });
        state.notice = '';
        f.password = '';
        enter(me);
      } catch (e) {
        f.error = e.message;
      } finally {
        f.busy = false;
      }
    }
    return () => h('div', { class: 'login-page' }, h(ElCard, { class: 'login-card', shadow: 'always' }, {
      header: () => h('div', { class: 'login-head' }, [h('h1', '党建工作平台'), h('p', '基层党组织标准化建设')]),
      default: () => [
        state.notice ? h(ElAlert, { type: 'info', title: state.notice, closable: false, showIcon: true, class: 'gap' }) : null,
        h(ElForm, { labelPosition: 'top', onSubmit: submit }, () => [
          h(ElFormItem, { label: '用户名' }, () => h(ElInput, { ...model(f, 'username'), id: 'username', name: 'username', autocomplete: 'username', size: 'large' })),
          h(ElFormItem, { label: '密码' }, () => h(ElInput, { ...model(f, 'password'), id: 'password', name: 'password', type: 'password',
            showPassword: true, autocomplete: 'current-password', size: 'large', onKeyup: (ev) => { if (ev.key === 'Enter') submit(); } })),
          f.error ? h(ElAlert, { type: 'error', title: f.error, closable: false, showIcon: true, class: 'gap login-error' }) : null,
          h(ElButton, { type: 'primary', size: 'large', nativeType: 'submit', loading: f.busy, class: 'wide', onClick: submit }, () => '登录'),
        ]),
      ],
    }));
  },
});
