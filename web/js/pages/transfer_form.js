// transfer_form.js - the transfer form: transfer a member of the selected
// branch out (to a branch of this deployment, found by name over
// GET /api/transfers/targets, or to an organisation outside), or register an
// inbound letter from outside. A refusal is shown under the field it names.
import { h, defineComponent, reactive } from 'vue';
import { ElDialog, ElForm, ElFormItem, ElInput, ElSelect, ElOption, ElRadioGroup, ElRadioButton, ElButton, ElAlert,
  ElMessage, ElDatePicker } from 'element-plus';
import { api } from '../api.js';
import { model } from '../lib/ui.js';

const LABELS = {
  member_id: '党员', to_org_id: '目标党组织', to_name: '目标党组织名称', category: '转接类别', reason: '描述信息',
  from_name: '原党组织名称', name: '姓名', id_number: '身份证号码', member_category: '党员类别', joined_on: '入党日期',
  confirmed_on: '转正日期', letter_no: '介绍信编号', issued_on: '开具日期', valid_until: '有效期至', dues_paid_to: '党费交至',
};

export const TransferForm = defineComponent({
  name: 'TransferForm',
  props: { org: Object },
  emits: ['close'],
  setup(props, { emit }) {
    const v = reactive({ kind: 'internal', category: 'in_province', member_id: null, to_org_id: null, to_name: '', reason: '',
      from_name: '', name: '', id_number: '', member_category: 'full', joined_on: '', confirmed_on: '', letter_no: '',
      issued_on: '', valid_until: '', dues_paid_to: '' });
    const s = reactive({ open: true, busy: false, error: '', field: '', members: [], targets: [] });

    async function findMembers(q) {
      try {
        const r = await api('GET', '/api/members', undefined, { org_id: props.org.id, q: (q || '').trim(), limit: 20 });
        s.members = r.items;
      } catch { s.members = []; }
    }
    async function findTargets(q) {
      q = (q || '').trim();
      if (q.length < 2) return;
      try {
        s.targets = (await api('GET', '/api/transfers/targets', undefined, { q })).items;
      } catch { s.targets = []; }
    }
    findMembers('');

    function body() {
      if (v.kind === 'in') {
        const b = { kind: 'in', to_org_id: props.org.id };
        for (const k of ['category', 'from_name', 'name', 'id_number', 'member_category', 'joined_on', 'confirmed_on',
          'letter_no', 'issued_on', 'valid_until', 'dues_paid_to', 'reason']) if (v[k]) b[k] = v[k];
        return b;
      }
      const b = { kind: v.kind, member_id: v.member_id, category: v.category };
      if (v.kind === 'internal') b.to_org_id = v.to_org_id;
      else b.to_name = v.to_name;
      if (v.reason) b.reason = v.reason;
      return b;
    }
    async function save() {
      s.busy = true;
      s.error = '';
      s.field = '';
      try {
        await api('POST', '/api/transfers', body());
        ElMessage.success('已登记');
        s.open = false;
        emit('close', true);
      } catch (e) {
        s.field = e.field || '';
        s.error = e.field && LABELS[e.field] ? `${LABELS[e.field]}：${e.message}` : e.message;
      } finally {
        s.busy = false;
      }
    }
    const item = (key, child) => h(ElFormItem, { label: LABELS[key], 'data-field': key, error: s.field === key ? s.error : '' }, () => child);
    const input = (key, extra = {}) => item(key, h(ElInput, { ...model(v, key), class: `f-${key}`, ...extra }));
    const date = (key) => item(key, h(ElDatePicker, { ...model(v, key), type: 'date', valueFormat: 'YYYY-MM-DD', class: `f-${key}` }));

    function fields() {
      const out = [h(ElFormItem, { label: '转接方式' }, () => h(ElRadioGroup, { ...model(v, 'kind'), class: 'f-kind' }, () => [
        h(ElRadioButton, { value: 'internal', label: 'internal' }, () => '转往本系统内'),
        h(ElRadioButton, { value: 'out', label: 'out' }, () => '转出到系统外'),
        h(ElRadioButton, { value: 'in', label: 'in' }, () => '从系统外转入')])),
      item('category', h(ElSelect, { ...model(v, 'category'), class: 'f-category' }, () => [
        h(ElOption, { value: 'in_province', label: '省（系统）内转接' }), h(ElOption, { value: 'cross_province', label: '跨省（系统）转接' })]))];
      if (v.kind !== 'in') {
        out.push(item('member_id', h(ElSelect, { ...model(v, 'member_id'), filterable: true, remote: true, remoteMethod: findMembers,
          placeholder: '输入姓名搜索本组织党员', class: 'f-member' }, () => s.members.map((m) => h(ElOption, { key: m.id, value: m.id, label: `${m.name}（${m.org_name}）` })))));
        if (v.kind === 'internal') {
          out.push(item('to_org_id', h(ElSelect, { ...model(v, 'to_org_id'), filterable: true, remote: true, remoteMethod: findTargets,
            placeholder: '输入至少 2 个字搜索目标党支部', class: 'f-target' }, () => s.targets.map((o) => h(ElOption, { key: o.id, value: o.id, label: o.name })))));
        } else {
          out.push(input('to_name'));
        }
      } else {
        out.push(input('from_name'), input('name'), input('id_number'),
          item('member_category', h(ElSelect, { ...model(v, 'member_category') }, () => [
            h(ElOption, { value: 'full', label: '正式党员' }), h(ElOption, { value: 'probationary', label: '预备党员' })])),
          date('joined_on'), date('confirmed_on'), input('letter_no'), date('issued_on'), date('valid_until'),
          input('dues_paid_to', { placeholder: '如 2026-10' }));
      }
      out.push(input('reason', { type: 'textarea', rows: 2 }));
      return out;
    }

    return () => h(ElDialog, {
      modelValue: s.open, 'onUpdate:modelValue': (o) => { if (!o) { s.open = false; emit('close', false); } },
      title: `办理组织关系转接 · ${props.org.name}`, width: '640px', class: 'transfer-dialog', closeOnClickModal: false,
    }, {
      default: () => [
        s.error && !s.field ? h(ElAlert, { type: 'error', title: s.error, closable: false, showIcon: true, class: 'gap form-alert' }) : null,
        h(ElForm, { labelWidth: '110px' }, () => fields()),
      ],
      footer: () => [
        h(ElButton, { onClick: () => { s.open = false; emit('close', false); } }, () => '取消'),
        h(ElButton, { type: 'primary', loading: s.busy, class: 'save', onClick: save }, () => '提交'),
      ],
    });
  },
});
