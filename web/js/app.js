// app.js - the console's shell: loads /api/meta and /api/me, mounts Vue with
// Element Plus (zh-CN), and picks the page for the current path. Pages are
// modules under js/pages/, each exporting a component; add one to PAGES and
// to the menu (MENU) to make it reachable.
import { createApp, h, defineComponent, computed } from 'vue';
import ElementPlus, { ElContainer, ElHeader, ElAside, ElMain, ElMenu, ElMenuItem, ElButton, ElTag, ElDropdown,
  ElDropdownMenu, ElDropdownItem } from 'element-plus';
import zhCn from 'element-plus/zh-cn';
import { api, setCsrf, onUnauthorized } from './api.js';
import { loadMeta } from './lib/meta.js';
import { state, navigate, hasRole } from './lib/state.js';
import { OrgTree } from './lib/orgtree.js';
import { LoginPage } from './pages/login.js';
import { PasswordPage } from './pages/password.js';
import { DashboardPage } from './pages/dashboard.js';
import { OrgPage } from './pages/org.js';
import { MembersPage } from './pages/members.js';
import { MemberPage } from './pages/member.js';
import { UsersPage } from './pages/users.js';
import { AuditPage } from './pages/audit.js';
import { MePage } from './pages/me.js';
import { ImportPage } from './pages/import.js';

/* path (or prefix ending in /) -> component; tree: show the organisation tree. */
const PAGES = [
  { path: '/', component: DashboardPage, tree: true },
  { path: '/org', component: OrgPage, tree: true },
  { path: '/members', component: MembersPage, tree: true },
  { path: '/members/', component: MemberPage, tree: true },
  { path: '/users', component: UsersPage, tree: true },
  { path: '/audit', component: AuditPage, tree: true },
  { path: '/import', component: ImportPage, tree: true },
  { path: '/me', component: MePage, tree: false },
  { path: '/password', component: PasswordPage, tree: false },
];

const MENU = [
  { path: '/', label: '工作台', show: () => !memberOnly() },
  { path: '/org', label: '组织', show: () => !memberOnly() },
  { path: '/members', label: '党员', show: () => !memberOnly() },
  { path: '/users', label: '用户与角色', show: () => hasRole('sysadmin', 'org_admin') },
  { path: '/audit', label: '审计日志', show: () => hasRole('sysadmin', 'org_admin', 'auditor') },
  { path: '/import', label: '导入导出', show: () => hasRole('sysadmin', 'org_admin', 'branch_admin', 'auditor') },
  { path: '/me', label: '我的档案', show: () => hasRole('member') },
];

function memberOnly() {
  return !!state.me && state.me.roles.every((r) => r.role === 'member');
}

function findPage(path) {
  return PAGES.find((p) => p.path === path) || PAGES.find((p) => p.path.endsWith('/') && p.path !== '/' && path.startsWith(p.path));
}

const RETURN_KEY = 'dj.return';

/* After a sign-in (or a reload with a live session): the forced password change, the page asked for, or home. */
export function enter(me) {
  state.me = me;
  setCsrf(me.csrf_token);
  nameScopes();
  if (me.must_change_password) return navigate('/password', { replace: true });
  let back = sessionStorage.getItem(RETURN_KEY);
  sessionStorage.removeItem(RETURN_KEY);
  if (!back || back.startsWith('/login') || back.startsWith('/password')) back = location.pathname === '/login' ? '/' : location.pathname + location.search;
  if (memberOnly() && !back.startsWith('/me')) back = '/me';
  navigate(back, { replace: true });
}

/* Fill in the organisation names of the user's role bindings (for the scope shown in the top bar). */
async function nameScopes() {
  const me = state.me; // the reactive copy: setting org_name re-renders the top bar
  for (const r of me.roles) {
    if (!r.org_id) continue;
    try {
      r.org_name = (await api('GET', `/api/orgs/${r.org_id}`)).name;
    } catch { /* not readable: show the role only */ }
  }
}

export async function logout() {
  try {
    await api('POST', '/api/logout', {});
  } catch { /* already signed out */ }
  setCsrf('');
  state.me = null;
  state.org = null;
  state.notice = '已退出登录';
  navigate('/login');
}

/* Session ended (idle or absolute limit): remember where the user was, sign in again, come back. */
onUnauthorized(() => {
  if (!state.me) return;
  sessionStorage.setItem(RETURN_KEY, location.pathname + location.search);
  state.me = null;
  state.notice = '登录已过期，请重新登录';
  navigate('/login', { replace: true });
});

function scopeText(me) {
  return me.roles.map((r) => r.label + (r.org_name ? `（${r.org_name}）` : r.role === 'sysadmin' ? '（全部组织）' : '')).join('、');
}

const Shell = defineComponent({
  name: 'Shell',
  setup() {
    const page = computed(() => findPage(state.route.path));
    return () => {
      if (!state.me || state.route.path === '/login') return h(LoginPage);
      const p = page.value || PAGES[0];
      if (p.path === '/password' && state.me.must_change_password) return h('div', { class: 'center-page' }, h(PasswordPage));
      const active = MENU.find((m) => m.path !== '/' && state.route.path.startsWith(m.path));
      const showTree = p.tree && !memberOnly();
      return h(ElContainer, { class: 'shell' }, () => [
        h(ElHeader, { class: 'topbar' }, () => [
          h('div', { class: 'brand' }, '党建工作平台'),
          h(ElMenu, { mode: 'horizontal', defaultActive: active ? active.path : '/', router: false, class: 'topmenu',
            ellipsis: false, onSelect: (i) => navigate(i) },
          () => MENU.filter((m) => m.show()).map((m) => h(ElMenuItem, { index: m.path, key: m.path }, () => m.label))),
          h('div', { class: 'who' }, [
            h(ElDropdown, { trigger: 'click', onCommand: (c) => (c === 'logout' ? logout() : navigate('/password')) }, {
              default: () => h('span', { class: 'who-name' }, [h('b', state.me.display_name), ' ', h(ElTag, { size: 'small', effect: 'plain' }, () => scopeText(state.me))]),
              dropdown: () => h(ElDropdownMenu, () => [
                h(ElDropdownItem, { command: 'password' }, () => '修改密码'),
                h(ElDropdownItem, { command: 'logout', divided: true }, () => '退出登录')]),
            }),
            h(ElButton, { link: true, class: 'logout', onClick: logout }, () => '退出'),
          ]),
        ]),
        h(ElContainer, { class: 'body' }, () => [
          showTree ? h(ElAside, { width: '280px', class: 'aside' }, () => [
            h('div', { class: 'scope' }, ['我的范围：', scopeText(state.me)]),
            h(OrgTree),
          ]) : null,
          h(ElMain, { class: 'work' }, () => h(p.component, { key: state.route.path })),
        ]),
      ]);
    };
  },
});

async function start() {
  try {
    await loadMeta();
  } catch { /* keep the defaults; the login page still works */ }
  try {
    const me = await api('GET', '/api/me');
    enter(me);
  } catch {
    if (location.pathname !== '/login' && location.pathname !== '/') sessionStorage.setItem(RETURN_KEY, location.pathname + location.search);
    navigate('/login', { replace: true });
  }
  const app = createApp(Shell);
  app.use(ElementPlus, { locale: zhCn });
  app.mount('#app');
}

start();
