// lapse.js - the 失联排查 worklist of the selected organisation (members
// without any sign of contact for lapse.audit_inactive_months), the 自行脱党
// candidates (a ground recorded for 6 consecutive months without good
// reason), and the forms to record a contact, a search action with its
// evidence, or a decision. The system never changes a status by itself.
import { h, defineComponent, reactive, watch } from 'vue';
import { ElTable, ElTableColumn, ElButton, ElTag, ElTabs, ElTabPane, ElDialog, ElForm, ElFormItem, ElInput, ElSelect,
  ElOption, ElCheckbox, ElAlert, ElMessage, ElEmpty } from 'element-plus';
import { api } from '../api.js';
import { state, canWrite } from '../lib/state.js';
import { showError, pageTitle, model, today } from '../lib/ui.js';

const GROUNDS = { life: '不参加组织生活', dues: '不交纳党费', work: '不做党所分配的工作' };
const DECISIONS = [
  ['lost_contact', '列为失联（排查中）'], ['suspend', '停止党籍'], ['restore', '恢复党籍'],
  ['remove', '除名'], ['leave', '出党'], ['death', '死亡'],
];

/* One dialog for the three records: contact, search, decision. */
const NoteDialog = defineComponent({
  name: 'NoteDialog',
  props: { kind: String, row: Object },
  emits: ['close'],
  setup(props, { emit }) {
    const v = reactive({ date: today(), method: '电话', note: '', action: '', evidence: '', found: false,
      decision: 'lost_contact', decider: '', doc_no: '', reason: '', leave_kind: '' });
    const s = reactive({ busy: false, error: '' });
    const titles = { contact: '登记联系', search: '登记查找措施', decision: '登记处置决定' };
    async function save() {
      s.busy = true;
      s.error = '';
      const id = props.row.member_id;
      try {
        if (props.kind === 'contact') await api('POST', `/api/lapse/members/${id}/contacts`, { date: v.date, method: v.method, note: v.note || undefined });
        else if (props.kind === 'search') await api('POST', `/api/lapse/members/${id}/searches`, { date: v.date, action: v.action, evidence: v.evidence, found: v.found });
        else {
          const b = { decision: v.decision, date: v.date, decider: v.decider, doc_no: v.doc_no };
          if (v.reason) b.reason = v.reason;
          if (v.leave_kind) b.leave_kind = v.leave_kind;
          await api('POST', `/api/lapse/members/${id}/decisions`, b);
        }
        ElMessage.success('已登记');
        emit('close', true);
      } catch (e) {
        s.error = e.message;
      } finally {
        s.busy = false;
      }
    }
    const row = (label, child) => h(ElFormItem, { label }, () => child);
    function fields() {
      const out = [row('日期', h(ElInput, { ...model(v, 'date'), class: 'f-date', placeholder: 'YYYY-MM-DD' }))];
      if (props.kind === 'contact') {
        out.push(row('联系方式', h(ElInput, { ...model(v, 'method'), class: 'f-method' })), row('联系情况', h(ElInput, { ...model(v, 'note'), type: 'textarea' })));
      } else if (props.kind === 'search') {
        out.push(row('查找措施', h(ElInput, { ...model(v, 'action'), class: 'f-action', placeholder: '联系家属、函询单位、公告寻找…' })),
          row('情况及佐证', h(ElInput, { ...model(v, 'evidence'), type: 'textarea', class: 'f-evidence' })),
          row('', h(ElCheckbox, { ...model(v, 'found') }, () => '已取得联系')));
      } else {
        out.push(row('决定事项', h(ElSelect, { ...model(v, 'decision'), class: 'f-decision' }, () => DECISIONS.map(([k, l]) => h(ElOption, { key: k, value: k, label: l })))),
          row('决定机关', h(ElInput, { ...model(v, 'decider'), class: 'f-decider' })),
          row('文号', h(ElInput, { ...model(v, 'doc_no'), class: 'f-doc' })),
          row('理由', h(ElInput, { ...model(v, 'reason'), type: 'textarea' })));
        if (v.decision === 'leave') out.push(row('出党方式', h(ElSelect, { ...model(v, 'leave_kind') }, () => [
          h(ElOption, { value: 'expelled', label: '开除' }), h(ElOption, { value: 'withdrew', label: '退党' }),
          h(ElOption, { value: 'lapsed', label: '自行脱党' }), h(ElOption, { value: 'removed', label: '除名' })])));
      }
      return out;
    }
    return () => h(ElDialog, { modelValue: true, 'onUpdate:modelValue': () => emit('close', false), width: '560px',
      title: `${titles[props.kind]} · ${props.row.name}`, class: 'lapse-dialog', closeOnClickModal: false }, {
      default: () => [
        s.error ? h(ElAlert, { type: 'error', title: s.error, closable: false, showIcon: true, class: 'gap form-alert' }) : null,
        h(ElForm, { labelWidth: '96px' }, () => fields()),
      ],
      footer: () => [
        h(ElButton, { onClick: () => emit('close', false) }, () => '取消'),
        h(ElButton, { type: 'primary', loading: s.busy, class: 'save', onClick: save }, () => '保存'),
      ],
    });
  },
});

export const LapsePage = defineComponent({
  name: 'LapsePage',
  setup() {
    const s = reactive({ tab: 'worklist', items: [], candidates: [], dialog: null });
    async function load() {
      if (!state.org) return;
      try {
        const [w, c] = await Promise.all([
          api('GET', '/api/lapse/worklist', undefined, { org_id: state.org.id }),
          api('GET', '/api/lapse/candidates', undefined, { org_id: state.org.id }),
        ]);
        s.items = w.items;
        s.candidates = c.items;
      } catch (e) {
        showError(e);
      }
    }
    watch(() => state.org && state.org.id, load, { immediate: true });
    const open = (kind, row) => { s.dialog = { kind, row }; };
    const actions = (row) => (canWrite() ? [
      h(ElButton, { size: 'small', class: 'do-contact', onClick: () => open('contact', row) }, () => '联系'),
      h(ElButton, { size: 'small', class: 'do-search', onClick: () => open('search', row) }, () => '查找'),
      h(ElButton, { size: 'small', class: 'do-decision', onClick: () => open('decision', row) }, () => '处置')] : null);

    return () => h('div', { class: 'lapse-page' }, [
      pageTitle(`失联排查${state.org ? ' · ' + state.org.name : ''}`),
      h('p', { class: 'hint' }, '系统只列出需要排查的党员，不会自动改变党员状态；停止党籍、除名等须由党组织决定后登记。'),
      !state.org ? h(ElEmpty, { description: '请在左侧选择组织' }) : h(ElTabs, { modelValue: s.tab, 'onUpdate:modelValue': (v) => { s.tab = v; } }, () => [
        h(ElTabPane, { name: 'worklist', label: `失联排查清单（${s.items.length}）` }, () => h(ElTable, { data: s.items, class: 'lapse-table', emptyText: '没有需要排查的党员' }, () => [
          h(ElTableColumn, { prop: 'name', label: '姓名', width: 100 }),
          h(ElTableColumn, { prop: 'org_name', label: '所在党支部', minWidth: 170 }),
          h(ElTableColumn, { prop: 'last', label: '最近联系', width: 110 }),
          h(ElTableColumn, { prop: 'months', label: '已（月）', width: 80 }),
          h(ElTableColumn, { prop: 'searches', label: '查找次数', width: 90 }),
          h(ElTableColumn, { label: '提示', width: 140 }, { default: ({ row }) => (row.may_suspend ? h(ElTag, { type: 'danger', size: 'small' }, () => '可提请停止党籍') : null) }),
          h(ElTableColumn, { label: '办理', minWidth: 200 }, { default: ({ row }) => actions(row) }),
        ])),
        h(ElTabPane, { name: 'candidates', label: `疑似自行脱党（${s.candidates.length}）` }, () => h(ElTable, { data: s.candidates, class: 'candidate-table', emptyText: '没有疑似自行脱党的党员' }, () => [
          h(ElTableColumn, { prop: 'name', label: '姓名', width: 100 }),
          h(ElTableColumn, { prop: 'org_name', label: '所在党支部', minWidth: 170 }),
          h(ElTableColumn, { label: '情形', width: 170 }, { default: ({ row }) => GROUNDS[row.ground] || row.ground }),
          h(ElTableColumn, { prop: 'since', label: '起始日期', width: 110 }),
          h(ElTableColumn, { prop: 'candidate_from', label: '满 6 个月', width: 110 }),
          h(ElTableColumn, { label: '办理', minWidth: 200 }, { default: ({ row }) => actions(row) }),
        ])),
      ]),
      s.dialog ? h(NoteDialog, { kind: s.dialog.kind, row: s.dialog.row, onClose: (saved) => { s.dialog = null; if (saved) load(); } }) : null,
    ]);
  },
});
