// form.js - forms built from a record descriptor (GET /api/meta).
//
//   h(MetaForm, { record: 'member', values, errors, omit: ['org_id'], choices: { group_id: [{value, label}] } })
//
// values is a reactive object keyed by field key; errors a reactive object
// keyed the same way, filled from the API's error.field so that the server's
// Chinese message appears under the field it names. Read-only fields are
// left out; `omit` leaves out others the page sets itself.
import { h, defineComponent, reactive } from 'vue';
import { ElDialog, ElButton, ElAlert, ElMessage, ElForm, ElFormItem, ElInput, ElInputNumber, ElSelect, ElOption, ElDatePicker, ElSwitch } from 'element-plus';
import { fields, dictEntries, fieldLabel } from './meta.js';
import { model } from './ui.js';

export function editableFields(record, omit = []) {
  return fields(record).filter((f) => !f.readonly && !omit.includes(f.key));
}

/* choices: [{value, label}] to offer instead of free input (e.g. the 党小组 of a branch for group_id). */
export function fieldInput(f, values, choices) {
  const m = model(values, f.key);
  const id = `f-${f.key}`;
  if (choices) {
    return h(ElSelect, { ...m, id, clearable: true, placeholder: choices.length ? '请选择' : '无可选项', style: 'width:100%' },
      () => choices.map((c) => h(ElOption, { key: c.value, value: c.value, label: c.label })));
  }
  switch (f.type) {
    case 'dict':
      return h(ElSelect, { ...m, id, clearable: true, filterable: true, placeholder: '请选择', style: 'width:100%' },
        () => dictEntries(f.dict).map((e) => h(ElOption, { key: e.code, value: e.code, label: e.label })));
    case 'date':
      return h(ElDatePicker, { ...m, id, type: 'date', valueFormat: 'YYYY-MM-DD', placeholder: '选择日期', style: 'width:100%' });
    case 'bool':
      return h(ElSwitch, { ...m, id });
    case 'int':
      return h(ElInputNumber, { ...m, id, min: 0, controls: false, style: 'width:100%' });
    default:
      return h(ElInput, {
        ...m,
        id,
        name: f.key,
        maxlength: f.max_len || undefined,
        type: f.multiline ? 'textarea' : 'text',
        clearable: true,
        placeholder: f.help || '',
      });
  }
}

export const MetaForm = defineComponent({
  name: 'MetaForm',
  props: {
    record: { type: String, required: true },
    values: { type: Object, required: true },
    errors: { type: Object, required: true },
    omit: { type: Array, default: () => [] },
    choices: { type: Object, default: () => ({}) }, // key -> [{value, label}]
  },
  setup(props) {
    return () => h(ElForm, { labelPosition: 'right', labelWidth: '150px', class: 'meta-form' }, () =>
      editableFields(props.record, props.omit).map((f) =>
        h(ElFormItem, {
          key: f.key,
          label: f.label,
          required: f.required,
          error: props.errors[f.key] || '',
          'data-field': f.key,
        }, () => [fieldInput(f, props.values, props.choices[f.key]), f.help && f.type !== 'text' && f.type !== 'idcard' && f.type !== 'phone'
          ? h('div', { class: 'field-help' }, f.help) : null])));
  },
});

/* Put an ApiError on its field; returns true when it named a field shown in the form. */
export function applyFieldError(errors, e, record, omit = []) {
  for (const k of Object.keys(errors)) delete errors[k];
  if (e && e.field && editableFields(record, omit).some((f) => f.key === e.field)) {
    errors[e.field] = e.message;
    return true;
  }
  return false;
}

/* The body for a create: non-empty values only. */
export function createBody(record, values, omit = []) {
  const body = {};
  for (const f of editableFields(record, omit)) {
    const v = values[f.key];
    if (v === undefined || v === null || v === '') continue;
    if (f.type === 'bool' && v === false) continue;
    body[f.key] = v;
  }
  return body;
}

/* The body for a PATCH: the fields whose value differs from the original; cleared ones as null. */
export function patchBody(record, values, original, omit = []) {
  const body = {};
  for (const f of editableFields(record, omit)) {
    const a = values[f.key] === '' || values[f.key] === undefined ? null : values[f.key];
    const b = original[f.key] === '' || original[f.key] === undefined ? null : original[f.key];
    if (a !== b) body[f.key] = a;
  }
  return body;
}

/*
 * A dialog with a MetaForm: h(RecordDialog, { record, title, initial, omit, choices, save, onClose }).
 * save(values) does the API call; a refusal naming a field is shown under it, others above
 * the form; onClose(true) after a successful save, onClose(false) on cancel.
 */
export const RecordDialog = defineComponent({
  name: 'RecordDialog',
  props: {
    record: { type: String, required: true },
    title: String,
    initial: { type: Object, default: () => ({}) },
    omit: { type: Array, default: () => [] },
    choices: { type: Object, default: () => ({}) },
    save: { type: Function, required: true },
    width: { type: String, default: '640px' },
  },
  emits: ['close'],
  setup(props, { emit }) {
    const values = reactive({ ...props.initial });
    const errors = reactive({});
    const s = reactive({ busy: false, error: '' });
    async function submit() {
      s.busy = true;
      s.error = '';
      try {
        await props.save(values);
        ElMessage.success('已保存');
        emit('close', true);
      } catch (e) {
        if (e.status === 401) return;
        if (applyFieldError(errors, e, props.record, props.omit)) s.error = '请按提示修改后再保存';
        else s.error = e.field ? `${fieldLabel(props.record, e.field)}：${e.message}` : e.message;
      } finally {
        s.busy = false;
      }
    }
    return () => h(ElDialog, { modelValue: true, 'onUpdate:modelValue': () => emit('close', false), title: props.title, width: props.width,
      top: '5vh', closeOnClickModal: false, class: `record-dialog record-${props.record}` }, {
      default: () => [
        s.error ? h(ElAlert, { type: 'error', title: s.error, closable: false, showIcon: true, class: 'gap form-alert' }) : null,
        h(MetaForm, { record: props.record, values, errors, omit: props.omit, choices: props.choices }),
      ],
      footer: () => [
        h(ElButton, { onClick: () => emit('close', false) }, () => '取消'),
        h(ElButton, { type: 'primary', loading: s.busy, class: 'save', onClick: submit }, () => '保存'),
      ],
    });
  },
});
