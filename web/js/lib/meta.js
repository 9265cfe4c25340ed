// meta.js - GET /api/meta, loaded once: record descriptors and dictionaries.
// Forms and tables are built from these, so a field added to a descriptor in
// src/model/ appears in the UI without UI code.
import { api } from '../api.js';

export const meta = { records: {}, dicts: {}, password_policy: { min_length: 8, min_classes: 3 } };

export async function loadMeta() {
  const m = await api('GET', '/api/meta');
  Object.assign(meta, m);
  return meta;
}

/* The field descriptors of a record type ('member', 'org', 'org_post'). */
export function fields(record) {
  return (meta.records[record] && meta.records[record].fields) || [];
}

export function field(record, key) {
  return fields(record).find((f) => f.key === key);
}

export function fieldLabel(record, key) {
  const f = field(record, key);
  return f ? f.label : key;
}

/* [{code, label}] of a dictionary. */
export function dictEntries(name) {
  return (meta.dicts[name] && meta.dicts[name].entries) || [];
}

export function dictLabel(name, code) {
  const e = dictEntries(name).find((x) => x.code === code);
  return e ? e.label : code ?? '';
}

/* A record's value for display: dictionaries by label, booleans 是/否, null as ''. */
export function display(record, f, row) {
  const v = row[f.key];
  if (v === null || v === undefined || v === '') return '';
  if (f.type === 'dict') return row[`${f.key}_label`] || dictLabel(f.dict, v);
  if (f.type === 'bool') return v ? '是' : '否';
  return String(v);
}
