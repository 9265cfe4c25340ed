// app.js - sign-in, the initial password change, and the signed-in home page.
import { api, ApiError, setCsrf } from './api.js';

const main = document.getElementById('main');
const who = document.getElementById('who');

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'onsubmit' || k === 'onclick') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

function showLogin(message = '') {
  who.replaceChildren();
  const error = el('div', { class: 'error', role: 'alert' }, message);
  const form = el('form', { class: 'card', onsubmit: async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    try {
      const me = await api('POST', '/api/login', {
        username: form.username.value.trim(),
        password: form.password.value,
      });
      setCsrf(me.csrf_token);
      route(me);
    } catch (e) {
      error.textContent = e.message;
    }
  } },
  el('h2', {}, '登录'),
  el('label', { for: 'username' }, '用户名'),
  el('input', { id: 'username', name: 'username', autocomplete: 'username', required: '' }),
  el('label', { for: 'password' }, '密码'),
  el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: '' }),
  error,
  el('button', { type: 'submit' }, '登录'));
  main.replaceChildren(form);
}

function showChangePassword(me, policy) {
  const error = el('div', { class: 'error', role: 'alert' });
  const form = el('form', { class: 'card', onsubmit: async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    if (form.new_password.value !== form.confirm.value) {
      error.textContent = '两次输入的新密码不一致';
      return;
    }
    try {
      await api('POST', '/api/me/password', {
        old_password: form.old_password.value,
        new_password: form.new_password.value,
      });
      route(await api('GET', '/api/me'));
    } catch (e) {
      error.textContent = e.message;
    }
  } },
  el('h2', {}, me.must_change_password ? '请先修改初始密码' : '修改密码'),
  el('p', { class: 'hint' }, `密码至少 ${policy.min_length} 个字符，包含小写字母、大写字母、数字、其他符号中的至少 ${policy.min_classes} 类。`),
  el('label', { for: 'old_password' }, '原密码'),
  el('input', { id: 'old_password', name: 'old_password', type: 'password', autocomplete: 'current-password', required: '' }),
  el('label', { for: 'new_password' }, '新密码'),
  el('input', { id: 'new_password', name: 'new_password', type: 'password', autocomplete: 'new-password', required: '' }),
  el('label', { for: 'confirm' }, '确认新密码'),
  el('input', { id: 'confirm', name: 'confirm', type: 'password', autocomplete: 'new-password', required: '' }),
  error,
  el('button', { type: 'submit' }, '保存'));
  main.replaceChildren(form);
}

async function showHome(me) {
  const rows = el('tbody');
  const table = el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, '组织名称'), el('th', {}, '组织类别'), el('th', {}, '党组织代码'))), rows);
  main.replaceChildren(
    el('h2', {}, '我管理的组织'),
    el('p', { class: 'hint' }, '完整的管理控制台随组织与党员模块一起提供。'),
    table);
  try {
    const list = await api('GET', '/api/orgs');
    for (const o of list.items) rows.append(el('tr', {}, el('td', {}, o.name), el('td', {}, o.kind_label), el('td', {}, o.code)));
    if (!list.items.length) rows.append(el('tr', {}, el('td', { colspan: '3' }, '暂无可见的组织')));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return showLogin(e.message);
    rows.append(el('tr', {}, el('td', { colspan: '3', class: 'error' }, e.message)));
  }
}

let policy = { min_length: 8, min_classes: 3 };

function route(me) {
  const roles = me.roles.map((r) => r.label).join('、');
  who.replaceChildren(
    `${me.display_name}（${roles}）`,
    el('button', { class: 'plain', onclick: async () => {
      try { await api('POST', '/api/logout', {}); } catch { /* already signed out */ }
      setCsrf('');
      showLogin('已退出登录');
    } }, '退出'));
  if (me.must_change_password) showChangePassword(me, policy);
  else showHome(me);
}

async function start() {
  try {
    const meta = await api('GET', '/api/meta');
    if (meta.password_policy) policy = meta.password_policy;
  } catch { /* keep the defaults */ }
  try {
    const me = await api('GET', '/api/me');
    setCsrf(me.csrf_token);
    route(me);
  } catch (e) {
    showLogin(e.status === 401 ? '' : e.message);
  }
}

start();
