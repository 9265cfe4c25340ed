// state.js - the shell's shared state: the signed-in user, the selected
// organisation (remembered in localStorage) and the current route.
import { reactive } from 'vue';

export const state = reactive({
  me: null, // GET /api/me
  org: null, // the organisation selected in the tree {id, name, kind, path, ...}
  route: { path: location.pathname, params: {} },
  notice: '', // message shown on the login page (session expired, signed out)
});

const ORG_KEY = 'dj.org';

export function rememberOrg(org) {
  state.org = org;
  try {
    localStorage.setItem(ORG_KEY, JSON.stringify({ user: state.me && state.me.username, id: org.id }));
  } catch { /* private mode */ }
}

/* The remembered organisation id for this user, or 0. */
export function rememberedOrgId() {
  try {
    const v = JSON.parse(localStorage.getItem(ORG_KEY) || 'null');
    if (v && state.me && v.user === state.me.username) return v.id;
  } catch { /* ignore */ }
  return 0;
}

export function hasRole(...roles) {
  return !!(state.me && state.me.roles.some((r) => roles.includes(r.role)));
}

/* May the user change records (an administrator of some kind)? The server decides per record. */
export function canWrite() {
  return hasRole('sysadmin', 'org_admin', 'branch_admin');
}

// ---- routing: history API; the server answers index.html for extension-less paths ----

export function navigate(path, { replace = false } = {}) {
  if (path !== location.pathname + location.search) {
    if (replace) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
  }
  state.route = { path: location.pathname, query: new URLSearchParams(location.search) };
}

window.addEventListener('popstate', () => {
  state.route = { path: location.pathname, query: new URLSearchParams(location.search) };
});
