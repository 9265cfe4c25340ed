// ui.js - small helpers for writing components as render functions (the
// runtime-only Vue build: templates would need 'unsafe-eval', which the CSP forbids).
import { h } from 'vue';
import { ElMessage } from 'element-plus';

/* v-model for a render function: h(ElInput, model(obj, 'name')). */
export function model(obj, key, extra = {}) {
  return { modelValue: obj[key], 'onUpdate:modelValue': (v) => { obj[key] = v; }, ...extra };
}

/* Show an error from the API (or anything thrown) as a message. 401s are handled by the shell. */
export function showError(e) {
  if (e && e.status === 401) return;
  ElMessage.error((e && e.message) || String(e));
}

export function pageTitle(text, ...extra) {
  return h('div', { class: 'page-title' }, [h('h2', text), ...extra]);
}

/* A date-time from the API ("2026-11-23T14:57:11Z") in local form. */
export function fmtTime(s) {
  if (!s) return '';
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
