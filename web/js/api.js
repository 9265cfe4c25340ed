// api.js - fetch wrapper: JSON in and out, the CSRF header, errors as exceptions.
// A 401 on any call but the login runs the handler set with onUnauthorized
// (the shell sends the user to the login page and back afterwards).
let csrf = '';
let unauthorized = null;

export function setCsrf(token) {
  csrf = token || '';
}

/* The CSRF token, for the raw-body uploads of lib/files.js. */
export function csrfToken() {
  return csrf;
}

export function onUnauthorized(fn) {
  unauthorized = fn;
}

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `请求失败（${status}）`);
    this.status = status;
    this.code = e.code || '';
    this.field = e.field || '';
  }
}

/* api('GET', '/api/members', undefined, {org_id: 5}) - query values that are '' / null are left out. */
export async function api(method, path, body, query) {
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
    }
    const s = qs.toString();
    if (s) path += (path.includes('?') ? '&' : '?') + s;
  }
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, { error: { message: '无法连接服务器，请检查网络后重试' } });
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    if (res.status === 401 && path !== '/api/login' && path !== '/api/me' && unauthorized) unauthorized(err);
    throw err;
  }
  return data;
}
