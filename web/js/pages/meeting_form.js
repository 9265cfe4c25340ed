// meeting_form.js - the record form of a meeting (支部党员大会, 支委会, 党课 …):
// the expected list is pre-filled from the roll on the chosen date
// (GET /api/orgs/{id}/roll), so the secretary only marks who was absent and why.
import { h, defineComponent, reactive, watch } from 'vue';
import { ElDialog, ElButton, ElAlert, ElForm, ElFormItem, ElInput, ElInputNumber, ElSelect, ElOption,
  ElDatePicker, ElTable, ElTableColumn, ElTag } from 'element-plus';
import { api } from '../api.js';
import { model, today } from '../lib/ui.js';

export const KINDS = [
  ['assembly', '支部党员大会'], ['committee', '支部委员会'], ['group', '党小组会'], ['lecture', '党课'],
  ['theme_day', '主题党日'], ['org_life', '组织生活会'], ['democratic_review', '民主评议党员'],
  ['leadership_life', '民主生活会'], ['talk', '谈心谈话'], ['training', '集中学习培训'],
  ['village_weekly', '村“两委”周例会'], ['village_monthly', '村月党员大会'],
];
export const kindLabel = (k) => (KINDS.find((x) => x[0] === k) || [k, k])[1];

export const MeetingForm = defineComponent({
  name: 'MeetingForm',
  props: { orgId: Number, orgName: String, meeting: Object },
  emits: ['close'],
  setup(props, { emit }) {
    const m = props.meeting;
    const f = reactive({
      kind: m ? m.kind : 'theme_day', held_on: m ? m.held_on : today(), topic: m ? m.topic : '', place: m?.place || '',
      chair: m?.chair || '', recorder: m?.recorder || '', lecturer: m?.lecturer || '', agenda: m?.agenda || '',
      minutes: m?.minutes || '', decisions: m?.decisions || '', hours: m ? m.hours : 0,
    });
    const s = reactive({ open: true, busy: false, error: '', field: '', attendance: m ? m.attendance.map((a) => ({ ...a })) : [] });
    async function loadRoll() {
      if (!f.held_on) return;
      try {
        const r = await api('GET', `/api/orgs/${props.orgId}/roll`, undefined, { date: f.held_on, kind: f.kind });
        s.attendance = r.items.map((a) => ({ ...a }));
      } catch (e) {
        s.error = e.message;
      }
    }
    if (!m) loadRoll();
    watch(() => [f.kind, f.held_on], () => loadRoll());
    const close = (saved) => { s.open = false; emit('close', saved); };
    async function save() {
      s.busy = true;
      s.error = '';
      try {
        const body = { ...f, org_id: props.orgId, attendance: s.attendance.map((a) => ({ member_id: a.member_id, name: a.name, state: a.state, reason: a.reason || undefined })) };
        if (m) await api('PATCH', `/api/meetings/${m.id}`, body);
        else await api('POST', '/api/meetings', body);
        close(true);
      } catch (e) {
        s.error = e.message;
        s.field = e.field || '';
      } finally {
        s.busy = false;
      }
    }
    const present = () => s.attendance.filter((a) => a.voting && a.state === 'present').length;
    const expected = () => s.attendance.filter((a) => a.voting && a.state !== 'exempt' && a.state !== 'guest').length;
    const item = (label, key, extra = {}) => h(ElFormItem, { label, error: s.field === key ? s.error : '' }, () => h(ElInput, { ...model(f, key), ...extra }));
    return () => h(ElDialog, {
      modelValue: s.open, 'onUpdate:modelValue': (v) => { if (!v) close(false); },
      title: `${m ? '编辑' : '新建'}组织生活记录 · ${props.orgName}`, width: '820px', top: '4vh', class: 'meeting-dialog', closeOnClickModal: false,
    }, {
      default: () => [
        s.error ? h(ElAlert, { type: 'error', title: s.error, closable: false, showIcon: true, class: 'gap form-alert' }) : null,
        h(ElForm, { labelWidth: '90px', class: 'meeting-form' }, () => [
          h(ElFormItem, { label: '会议类型' }, () => h(ElSelect, { ...model(f, 'kind'), class: 'kind-select' }, () => KINDS.map(([v, l]) => h(ElOption, { value: v, label: l })))),
          h(ElFormItem, { label: '召开日期' }, () => h(ElDatePicker, { ...model(f, 'held_on'), type: 'date', valueFormat: 'YYYY-MM-DD', clearable: false })),
          item('主题', 'topic', { class: 'topic-input', maxlength: 200 }),
          item('地点', 'place'), item('主持人', 'chair'), item('记录人', 'recorder'),
          f.kind === 'lecture' ? item('授课人', 'lecturer') : null,
          (f.kind === 'lecture' || f.kind === 'training') ? h(ElFormItem, { label: '学时' }, () => h(ElInputNumber, { ...model(f, 'hours'), min: 0, max: 100 })) : null,
          item('议程', 'agenda', { type: 'textarea', rows: 2 }),
          item('会议记录', 'minutes', { type: 'textarea', rows: 3 }),
          item('决议', 'decisions', { type: 'textarea', rows: 2 }),
        ]),
        h('div', { class: 'hint' }, `应到（有表决权）${expected()} 人，实到 ${present()} 人。应到人员按${f.held_on}的党员名册自动生成；预备党员无表决权，免于参加的党员不计入应到。`),
        h(ElTable, { data: s.attendance, size: 'small', maxHeight: 300, class: 'attendance-table', emptyText: '当日名册为空' }, () => [
          h(ElTableColumn, { prop: 'name', label: '姓名', width: 120 }),
          h(ElTableColumn, { label: '表决权', width: 90 }, { default: ({ row }) => h(ElTag, { size: 'small', type: row.voting ? 'success' : 'info' }, () => (row.voting ? '有' : '无')) }),
          h(ElTableColumn, { label: '出席', width: 150 }, { default: ({ row }) => row.state === 'exempt' ? h(ElTag, { size: 'small', type: 'warning' }, () => '免于参加')
            : h(ElSelect, { ...model(row, 'state'), size: 'small' }, () => [h(ElOption, { value: 'present', label: '出席' }), h(ElOption, { value: 'absent', label: '缺席' })]) }),
          h(ElTableColumn, { label: '缺席原因 / 说明' }, { default: ({ row }) => row.state === 'absent' ? h(ElInput, { ...model(row, 'reason'), size: 'small', placeholder: '必填' }) : (row.reason || '') }),
        ]),
      ],
      footer: () => [
        h(ElButton, { onClick: () => close(false) }, () => '取消'),
        h(ElButton, { type: 'primary', loading: s.busy, class: 'save-meeting', onClick: save }, () => '保存草稿'),
      ],
    });
  },
});
