// terms.js - an organisation's terms (换届): the current term's state and
// dates, the history, and the actions - record an election (the form with the
// server's live checks, terms_election.js), record an older term, and for the
// upper organisation approve an extension and record the reminder, the
// 换届请示 and the 选举结果报告. Used as a tab of the organisation page.
import { h, defineComponent, reactive, watch, markRaw } from 'vue';
import { ElTable, ElTableColumn, ElTag, ElButton, ElDescriptions, ElDescriptionsItem, ElDialog, ElForm, ElFormItem,
  ElDatePicker, ElInput, ElInputNumber, ElAlert, ElMessage, ElEmpty } from 'element-plus';
import { api } from '../api.js';
import { canWrite } from '../lib/state.js';
import { showError, model, today } from '../lib/ui.js';
import { ElectionDialog } from './terms_election.js';

export const STATE_TAG = {
  none: 'info', in_term: 'success', reminder_due: 'warning', expired: 'danger', extended: 'warning', overdue: 'danger', ended: 'info',
};
export const STATE_OPTIONS = [
  ['in_term', '任期内'], ['reminder_due', '换届提醒期'], ['expired', '届满待换届'], ['extended', '已批准延期'], ['overdue', '逾期未换届'], ['none', '未录入'],
];
const ELECTED_KINDS = ['committee', 'community_committee', 'general_branch', 'branch', 'joint_branch', 'temp_branch', 'grid_branch'];

export function stateTag(row) {
  return h(ElTag, { type: STATE_TAG[row.state] || 'info', disableTransitions: true, class: `term-state state-${row.state}` }, () => row.state_label);
}

/* A small dialog: fields [{key, label, type: 'date'|'text'|'number', required}], submit(values). */
export function formDialog({ title, cls, fields, initial = {}, hint, submit, onClose }) {
  return defineComponent({
    setup() {
      const d = reactive({ ...initial, error: '', field: '', busy: false });
      const close = (saved) => onClose(saved === true);
      const save = async () => {
        d.busy = true;
        try {
          await submit(d);
          close(true);
        } catch (e) {
          if (e && e.status === 401) return;
          d.field = e.field || '';
          d.error = e.message || String(e);
        } finally {
          d.busy = false;
        }
      };
      const input = (f) => {
        if (f.type === 'date') return h(ElDatePicker, { ...model(d, f.key), type: 'date', valueFormat: 'YYYY-MM-DD', style: 'width:100%' });
        if (f.type === 'number') return h(ElInputNumber, { ...model(d, f.key), min: 1, max: 10 });
        return h(ElInput, { ...model(d, f.key), maxlength: f.max || 100 });
      };
      return () => h(ElDialog, { modelValue: true, 'onUpdate:modelValue': () => close(false), title, width: '560px', closeOnClickModal: false, class: cls }, {
        default: () => [
          d.error && !fields.some((f) => f.key === d.field) ? h(ElAlert, { type: 'error', title: d.error, closable: false, showIcon: true, class: 'gap form-alert' }) : null,
          h(ElForm, { labelWidth: '110px' }, () => fields.map((f) => h(ElFormItem, {
            label: f.label, required: !!f.required, error: d.field === f.key ? d.error : '', 'data-field': f.key,
          }, () => input(f)))),
          hint ? h('p', { class: 'hint' }, hint) : null,
        ],
        footer: () => [h(ElButton, { onClick: () => close(false) }, () => '取消'),
          h(ElButton, { type: 'primary', loading: d.busy, onClick: save, class: 'save' }, () => '确定')],
      });
    },
  });
}

export const TermsTab = defineComponent({
  name: 'TermsTab',
  props: { org: { type: Object, required: true } },
  emits: ['changed'],
  setup(props, { emit }) {
    const s = reactive({ items: [], state: 'none', state_label: '', dialog: null, busy: false });
    async function load() {
      s.busy = true;
      try {
        const r = await api('GET', `/api/orgs/${props.org.id}/terms`);
        Object.assign(s, { items: r.items, state: r.state, state_label: r.state_label });
      } catch (e) {
        showError(e);
      } finally {
        s.busy = false;
      }
    }
    watch(() => props.org.id, load, { immediate: true });
    /* After a save: reload, and tell the organisation page (an election changes its posts). */
    const done = (saved, msg) => { s.dialog = null; if (saved) { if (msg) ElMessage.success(msg); load(); emit('changed'); } };
    const open = (opts) => { s.dialog = markRaw(h(formDialog({ ...opts, onClose: (saved) => done(saved, opts.done) }))); };

    function elect() {
      s.dialog = markRaw(h(ElectionDialog, { org: props.org, onClose: (saved) => done(saved, '选举结果已登记，新一届班子已任职') }));
    }
    function addTerm() {
      open({
        title: `登记历史届次 · ${props.org.name}`, cls: 'term-add-dialog', done: '已登记',
        fields: [{ key: 'elected_on', label: '选举日期', type: 'date', required: true }, { key: 'seq', label: '届次', type: 'number' },
          { key: 'term_years', label: '任期（年）', type: 'number' }, { key: 'note', label: '备注', max: 500 }],
        hint: '任期不填时按规则确定（基层党委 5 年，党总支、党支部 3 年，村和社区 5 年）；2018 年 7 月 12 日前的选举须按当时规定填写任期。',
        submit: (d) => api('POST', `/api/orgs/${props.org.id}/terms`, {
          elected_on: d.elected_on || '', ...(d.seq ? { seq: d.seq } : {}), ...(d.term_years ? { term_years: d.term_years } : {}), ...(d.note ? { note: d.note } : {}),
        }),
      });
    }
    function extend(t) {
      open({
        title: `批准延期换届 · 第${t.seq}届`, cls: 'term-extend-dialog', done: '已批准延期',
        initial: { approved_on: today() },
        fields: [{ key: 'extended_until', label: '延期至', type: 'date', required: true }, { key: 'approved_on', label: '批准日期', type: 'date', required: true },
          { key: 'approver', label: '批准人', required: true, max: 32 }, { key: 'doc', label: '批准文号', required: true }, { key: 'reason', label: '延期原因', max: 500 }],
        hint: `任期 ${t.expires_on} 届满；延期一般不超过 1 年，须由上级党组织批准。`,
        submit: (d) => api('POST', `/api/terms/${t.id}/extend`, {
          extended_until: d.extended_until || '', approved_on: d.approved_on || '', approver: d.approver || '', doc: d.doc || '', ...(d.reason ? { reason: d.reason } : {}),
        }),
      });
    }
    function notice(t, kind) {
      const spec = {
        reminder: { title: '登记换届提醒', date: 'sent_on', dlabel: '提醒日期', text: 'note', tlabel: '方式及说明' },
        request: { title: '登记收到换届请示', date: 'received_on', dlabel: '收到日期', text: 'doc', tlabel: '请示文号' },
        report: { title: '登记收到选举结果报告', date: 'received_on', dlabel: '收到日期' },
      }[kind];
      open({
        title: `${spec.title} · 第${t.seq}届`, cls: `term-${kind}-dialog`, done: '已登记', initial: { [spec.date]: today() },
        fields: [{ key: spec.date, label: spec.dlabel, type: 'date', required: true }, ...(spec.text ? [{ key: spec.text, label: spec.tlabel }] : [])],
        submit: (d) => api('POST', `/api/terms/${t.id}/${kind}`, { [spec.date]: d[spec.date] || '', ...(spec.text && d[spec.text] ? { [spec.text]: d[spec.text] } : {}) }),
      });
    }

    function current() {
      const t = s.items[0];
      if (!t) return h(ElEmpty, { description: '尚未登记换届记录', imageSize: 60 });
      return h(ElDescriptions, { column: 3, border: true, class: 'term-current gap' }, () => [
        h(ElDescriptionsItem, { label: '现任' }, () => `第${t.seq}届`),
        h(ElDescriptionsItem, { label: '状态' }, () => stateTag(t)),
        h(ElDescriptionsItem, { label: '任期' }, () => `${t.term_years} 年`),
        h(ElDescriptionsItem, { label: '选举日期' }, () => t.elected_on),
        h(ElDescriptionsItem, { label: '届满日期' }, () => t.expires_on),
        h(ElDescriptionsItem, { label: '延期至' }, () => (t.extension ? `${t.extended_until}（${t.extension.doc}）` : '—')),
        h(ElDescriptionsItem, { label: '提醒期自' }, () => t.reminder_on),
        h(ElDescriptionsItem, { label: '换届请示' }, () => (t.request_received_on ? `已收 ${t.request_received_on}` : `应于 ${t.request_due} 前`)),
        h(ElDescriptionsItem, { label: '上级提醒' }, () => t.reminder_sent_on || '未提醒'),
      ]);
    }
    function history() {
      return h(ElTable, { data: s.items, emptyText: '暂无换届记录', class: 'terms-table' }, () => [
        h(ElTableColumn, { label: '届次', width: 80 }, { default: ({ row }) => `第${row.seq}届` }),
        h(ElTableColumn, { prop: 'elected_on', label: '选举日期', width: 110 }),
        h(ElTableColumn, { label: '任期', width: 70 }, { default: ({ row }) => `${row.term_years} 年` }),
        h(ElTableColumn, { prop: 'expires_on', label: '届满日期', width: 110 }),
        h(ElTableColumn, { label: '延期至', width: 110 }, { default: ({ row }) => row.extended_until || '' }),
        h(ElTableColumn, { label: '状态', width: 110 }, { default: ({ row }) => stateTag(row) }),
        h(ElTableColumn, { label: '选举', minWidth: 160 }, { default: ({ row }) => (row.election
          ? `应到 ${row.election.expected}，实到 ${row.election.present}，应选 ${row.election.seats}，候选 ${row.election.candidates}` : '（无选举结果）') }),
        canWrite() ? h(ElTableColumn, { label: '上级党组织办理', minWidth: 260 }, { default: ({ row }) => (row.current ? [
          h(ElButton, { link: true, type: 'primary', class: 'term-extend', onClick: () => extend(row) }, () => '批准延期'),
          h(ElButton, { link: true, type: 'primary', class: 'term-remind', onClick: () => notice(row, 'reminder') }, () => '登记提醒'),
          h(ElButton, { link: true, type: 'primary', class: 'term-request', onClick: () => notice(row, 'request') }, () => '换届请示'),
          row.election ? h(ElButton, { link: true, type: 'primary', class: 'term-report', onClick: () => notice(row, 'report') }, () => '结果报告') : null,
        ] : null) }) : null,
      ]);
    }
    return () => {
      if (!ELECTED_KINDS.includes(props.org.kind)) return h(ElEmpty, { description: '该类组织不实行选举换届', imageSize: 60 });
      return h('div', { class: 'terms' }, [
        canWrite() && props.org.status !== 'dissolved' ? h('div', { class: 'toolbar' }, [
          h(ElButton, { type: 'primary', class: 'term-elect', onClick: elect }, () => '登记选举结果'),
          h(ElButton, { class: 'term-add', onClick: addTerm }, () => '登记历史届次'),
        ]) : null,
        current(),
        history(),
        s.dialog,
      ]);
    };
  },
});
