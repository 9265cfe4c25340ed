// app.js - the console's shell: loads /api/meta and /api/me, mounts Vue with
// Element Plus (zh-CN), and picks the page for the current path. Pages are
// modules under js/pages/, each exporting a component; add one to PAGES and
// to the menu (MENU, an item or an item of a group) to make it reachable.
import { createApp, h, defineComponent, computed } from 'vue';
import ElementPlus, { ElContainer, ElHeader, ElAside, ElMain, ElMenu, ElMenuItem, ElSubMenu, ElButton, ElTag, ElDropdown,
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
import { DevPage } from './pages/dev.js';
import { DevApplicantPage } from './pages/dev_applicant.js';
import { DevReviewsPage } from './pages/dev_reviews.js';
import { UsersPage } from './pages/users.js';
import { AuditPage } from './pages/audit.js';
import { MePage } from './pages/me.js';
import { InboxPage } from './pages/inbox.js';
import { BirthdaysPage } from './pages/birthdays.js';
import { InboxBadge } from './lib/inbox_badge.js';
import { TermsDuePage } from './pages/terms_due.js';
import { TransfersPage } from './pages/transfers.js';
import { TransferLetterPage } from './pages/transfer_letter.js';
import { FlowsPage } from './pages/flows.js';
import { LapsePage } from './pages/lapse.js';
import { DuesPage } from './pages/dues.js';
import { DuesDisclosurePage } from './pages/dues_disclosure.js';
import { MyDuesPage } from './pages/my_dues.js';
import { MeetingsPage } from './pages/meetings.js';
import { ReviewPage } from './pages/review.js';
import { CompliancePage } from './pages/compliance.js';
import { ImportPage } from './pages/import.js';

/* path (or prefix ending in /) -> component; tree: show the organisation tree. */
const PAGES = [
  { path: '/', component: DashboardPage, tree: true },
  { path: '/org', component: OrgPage, tree: true },
  { path: '/members', component: MembersPage, tree: true },
  { path: '/members/', component: MemberPage, tree: true },
  { path: '/dev', component: DevPage, tree: true },
  { path: '/dev/reviews', component: DevReviewsPage, tree: false },
  { path: '/dev/', component: DevApplicantPage, tree: true },
  { path: '/users', component: UsersPage, tree: true },
  { path: '/audit', component: AuditPage, tree: true },
  { path: '/transfers', component: TransfersPage, tree: true },
  { path: '/transfers/', component: TransferLetterPage, tree: false },
  { path: '/flow', component: FlowsPage, tree: true },
  { path: '/lapse', component: LapsePage, tree: true },
  { path: '/import', component: ImportPage, tree: true },
  { path: '/me', component: MePage, tree: false },
  { path: '/terms', component: TermsDuePage, tree: true },
  { path: '/dues', component: DuesPage, tree: true },
  { path: '/dues/disclosure', component: DuesDisclosurePage, tree: false },
  { path: '/me/dues', component: MyDuesPage, tree: false },
  { path: '/me/disclosure', component: DuesDisclosurePage, tree: false },
  { path: '/meetings', component: MeetingsPage, tree: true },
  { path: '/review', component: ReviewPage, tree: true },
  { path: '/compliance', component: CompliancePage, tree: true },
  { path: '/password', component: PasswordPage, tree: false },
  { path: '/inbox', component: InboxPage, tree: false },
  { path: '/birthdays', component: BirthdaysPage, tree: true },
];

/*
 * The top menu: items ({path, label, show}) and groups ({label, items}); a group
 * shows when any of its items does. Labels are unique across the whole menu.
 */
const ADMIN = () => !memberOnly();
const MENU = [
  { path: '/', label: '工作台', show: ADMIN },
  { label: '组织', items: [
    { path: '/org', label: '组织概况', show: ADMIN },
    { path: '/terms', label: '换届', show: () => hasRole('sysadmin', 'org_admin', 'auditor') },
  ] },
  { label: '党员', items: [
    { path: '/members', label: '党员名册', show: ADMIN },
    { path: '/dev', label: '入党管理', show: ADMIN },
    { path: '/transfers', label: '关系接转', show: ADMIN },
    { path: '/flow', label: '流动党员', show: ADMIN },
    { path: '/lapse', label: '失联排查', show: ADMIN },
    { path: '/birthdays', label: '政治生日', show: ADMIN },
  ] },
  { label: '组织生活', items: [
    { path: '/meetings', label: '会议记录', show: ADMIN },
    { path: '/review', label: '记录审核', show: () => hasRole('sysadmin', 'org_admin') },
    { path: '/compliance', label: '落实情况', show: ADMIN },
  ] },
  { path: '/dues', label: '党费', show: ADMIN },
  { label: '系统', items: [
    { path: '/import', label: '导入导出', show: () => hasRole('sysadmin', 'org_admin', 'branch_admin', 'auditor') },
    { path: '/users', label: '用户与角色', show: () => hasRole('sysadmin', 'org_admin') },
    { path: '/audit', label: '审计日志', show: () => hasRole('sysadmin', 'org_admin', 'auditor') },
  ] },
  { path: '/me', label: '我的档案', show: () => hasRole('member') },
  { path: '/me/dues', label: '我的党费', show: () => hasRole('member') },
];
const MENU_ITEMS = MENU.flatMap((m) => m.items || [m]);

/* The menu entry for a path: the longest menu path that prefixes it. */
function activeItem(path) {
  let best = null;
  for (const m of MENU_ITEMS) {
    if (m.path === '/' ? path === '/' : path === m.path || path.startsWith(m.path.endsWith('/') ? m.path : m.path + '/')) {
      if (!best || m.path.length > best.path.length) best = m;
    }
  }
  return best;
}

function menuNodes() {
  return MENU.map((m) => {
    if (!m.items) return m.show() ? h(ElMenuItem, { index: m.path, key: m.path }, () => m.label) : null;
    const items = m.items.filter((i) => i.show());
    if (!items.length) return null;
    return h(ElSubMenu, { index: 'group:' + m.label, key: 'group:' + m.label }, {
      title: () => m.label,
      default: () => items.map((i) => h(ElMenuItem, { index: i.path, key: i.path }, () => i.label)),
    });
  }).filter(Boolean);
}

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
      const active = activeItem(state.route.path);
      const showTree = p.tree && !memberOnly();
      return h(ElContainer, { class: 'shell' }, () => [
        h(ElHeader, { class: 'topbar' }, () => [
          h('div', { class: 'brand' }, '党建工作平台'),
          h(ElMenu, { mode: 'horizontal', menuTrigger: 'click', defaultActive: active ? active.path : '/', router: false, class: 'topmenu',
            ellipsis: false, onSelect: (i) => navigate(i) },
          menuNodes),
          h('div', { class: 'who' }, [
            h(InboxBadge),
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
