// password.js - change one's password; forced after sign-in while must_change_password.
import { h, defineComponent, reactive } from 'vue';
import { ElCard, ElForm, ElFormItem, ElInput, ElButton, ElAlert, ElMessage } from 'element-plus';
import { api } from '../api.js';
import { state, navigate } from '../lib/state.js';
import { meta } from '../lib/meta.js';
import { model } from '../lib/ui.js';
import { enter } from '../app.js';

export const PasswordPage = defineComponent({
  name: 'PasswordPage',
  setup() {
    const f = reactive({ old_password: '', new_password: '', confirm: '', error: '', field: '', busy: false });
    async function submit(ev) {
      if (ev) ev.preventDefault();
      f.error = '';
      f.field = '';
      if (f.new_password !== f.confirm) {
        f.error = '两次输入的新密码不一致';
        f.field = 'confirm';
        return;
      }
      f.busy = true;
      try {
        await api('POST', '/api/me/password', { old_password: f.old_password, new_password: f.new_password });
        ElMessage.success('密码已修改');
        const me = await api('GET', '/api/me');
        if (state.me && state.me.must_change_password) enter(me);
        else {
          state.me = { ...me, roles: state.me.roles };
          navigate('/');
        }
      } catch (e) {
        f.error = e.message;
        f.field = e.field;
      } finally {
        f.busy = false;
      }
    }
    const item = (key, label, autocomplete) => h(ElFormItem, { label, error: f.field === key ? f.error : '' }, () =>
      h(ElInput, { ...model(f, key), id: key, name: key, type: 'password', showPassword: true, autocomplete }));
    return () => {
      const p = meta.password_policy || { min_length: 8, min_classes: 3 };
      return h(ElCard, { class: 'narrow-card' }, {
        header: () => h('h2', state.me && state.me.must_change_password ? '请先修改初始密码' : '修改密码'),
        default: () => h(ElForm, { labelPosition: 'top', onSubmit: submit }, () => [
          h('p', { class: 'hint' }, `密码至少 ${p.min_length} 个字符，包含小写字母、大写字母、数字、其他符号中的至少 ${p.min_classes} 类，不能与用户名相同。修改后，您在其他设备上的登录会失效。`),
          item('old_password', '原密码', 'current-password'),
          item('new_password', '新密码', 'new-password'),
          item('confirm', '确认新密码', 'new-password'),
          f.error && !['old_password', 'new_password', 'confirm'].includes(f.field)
            ? h(ElAlert, { type: 'error', title: f.error, closable: false, showIcon: true, class: 'gap' }) : null,
          h(ElButton, { type: 'primary', nativeType: 'submit', loading: f.busy, onClick: submit }, () => '保存'),
        ]),
      });
    };
  },
});
