// dev_applicant.js - one applicant (/dev/{id}): the record, what is due next
// and why (with the rule), the timeline of recorded steps (date, who
// recorded it, which meeting, documents), the reviews, and the form to
// record the next step. The form offers the steps of the applicant's stage;
// a refusal is shown under the field the server names, in its words.
import { h, defineComponent, reactive, watch } from 'vue';
import { ElButton, ElCard, ElTag, ElTimeline, ElTimelineItem, ElForm, ElFormItem, ElSelect, ElOption, ElInput, ElInputNumber,
  ElDatePicker, ElSwitch, ElAlert, ElMessage, ElDescriptions, ElDescriptionsItem, ElEmpty } from 'element-plus';
import { api } from '../api.js';
import { state, navigate, canWrite } from '../lib/state.js';
import { showError, pageTitle, model, today } from '../lib/ui.js';

const VOTE = [['expected', '应到会有表决权的正式党员'], ['present', '实到会'], ['yes', '赞成'], ['no', '反对'], ['abstain', '弃权'],
  ['written_yes', '书面赞成意见'], ['written_no', '书面反对意见']];
const OUTCOMES = [['convert', '按期转正'], ['extend', '延长预备期'], ['cancel', '取消预备党员资格']];

/* The steps that may be recorded in a stage (others are refused by the server anyway). */
function offered(steps, a) {
  return steps.filter((x) => x.step > 1 && (x.stage === a.stage || (x.step === 6 && a.stage === 'candidate')
    || (x.step === 0 && ['activist', 'candidate'].includes(a.stage) && !a.admitted_on)));
}

export const DevApplicantPage = defineComponent({
  name: 'DevApplicantPage',
  setup() {
    const s = reactive({ t: null, steps: [], members: [], busy: false, error: '', missing: false });
    const f = reactive({ kind: '', date: today(), meeting: '', note: '', documents: '', people: [], conclusion: 'passed', days: 0, hours: 0,
      outcome: 'convert', extension_months: 6, special: false, reason: '', leaving_on: '' });
    const v = reactive({ expected: 0, present: 0, yes: 0, no: 0, abstain: 0, written_yes: 0, written_no: 0 });
    const errors = reactive({});
    const id = () => Number(state.route.path.split('/')[2]);

    async function load() {
      try {
        const [t, steps] = await Promise.all([api('GET', `/api/dev/applicants/${id()}/timeline`), s.steps.length ? { items: s.steps } : api('GET', '/api/dev/steps')]);
        s.t = t;
        s.steps = steps.items;
        const o = offered(s.steps, t.applicant);
        const next = t.next.find((n) => o.some((x) => x.kind === n.kind));
        if (!o.some((x) => x.kind === f.kind)) f.kind = next ? next.kind : (o[0] ? o[0].kind : '');
        if (!s.members.length) {
          const m = await api('GET', '/api/members', undefined, { org_id: t.applicant.org_id, category: 'full', limit: 200 });
          s.members = m.items;
        }
      } catch (e) {
        if (e.status === 403 || e.status === 404) s.missing = true;
        else showError(e);
      }
    }
    watch(() => state.route.path, () => { if (state.route.path.startsWith('/dev/') && id()) load(); }, { immediate: true });

    const def = () => s.steps.find((x) => x.kind === f.kind) || {};
    function body(forReview) {
      const b = { kind: f.kind, date: f.date || undefined };
      if (f.note) b.note = f.note;
      if (f.documents.trim()) b.documents = f.documents.split(/[，,]/).map((x) => x.trim()).filter(Boolean);
      if (forReview) return b;
      if (def().meeting) b.meeting = f.meeting;
      if (f.kind === 'contacts') b.contacts = f.people;
      if (f.kind === 'introducers') b.introducers = f.people;
      if (f.kind === 'political_review') b.conclusion = f.conclusion;
      if (f.kind === 'training') Object.assign(b, { days: f.days, hours: f.hours });
      if (f.kind === 'admission_vote' || f.kind === 'conversion_vote') b.vote = { ...v };
      if (f.kind === 'conversion_vote') {
        b.outcome = f.outcome;
        if (f.outcome === 'extend') b.extension_months = f.extension_months;
      }
      if (f.kind === 'approval') b.special = f.special;
      if (f.kind === 'send_back') b.reason = f.reason;
      if (f.leaving_on) b.leaving_on = f.leaving_on;
      return b;
    }
    async function send(review) {
      s.busy = true;
      s.error = '';
      for (const k of Object.keys(errors)) delete errors[k];
      try {
        if (review) {
          await api('POST', `/api/dev/applicants/${id()}/submit`, body(true));
          ElMessage.success('已提交上级党委审核');
        } else {
          const r = await api('POST', `/api/dev/applicants/${id()}/steps`, body(false));
          if (r.warning) ElMessage.warning(r.warning);
          else ElMessage.success('已记录');
        }
        f.note = '';
        f.documents = '';
        await load();
      } catch (e) {
        if (e.status === 401) return;
        const key = ['contacts', 'introducers'].includes(e.field) ? 'people' : e.field;
        if (key && document.querySelector(`.dev-step-form [data-field="${key}"]`)) {
          errors[key] = e.message;
          s.error = '请按提示修改后再提交';
        } else {
          s.error = e.message;
        }
      } finally {
        s.busy = false;
      }
    }

    const item = (key, label, input, extra = {}) => h(ElFormItem, { key, label, error: errors[key] || '', 'data-field': key, ...extra }, () => input);
    function stepForm() {
      const a = s.t.applicant;
      const o = offered(s.steps, a);
      if (!canWrite() || !o.length) return null;
      const d = def();
      const rows = [
        item('kind', '步骤', h(ElSelect, { ...model(f, 'kind'), class: 'step-kind', style: 'width:100%' },
          () => o.map((x) => h(ElOption, { key: x.kind, value: x.kind, label: `${x.step ? `第 ${x.step} 步 ` : ''}${x.label}${x.review ? '（上级党委）' : ''}` })))),
        item('date', '日期', h(ElDatePicker, { ...model(f, 'date'), type: 'date', valueFormat: 'YYYY-MM-DD', class: 'step-date', style: 'width:100%' })),
      ];
      if (d.meeting) rows.push(item('meeting', '作出决定的会议', h(ElInput, { ...model(f, 'meeting'), maxlength: 100, placeholder: '如：支部委员会会议（2024-07-20）', class: 'step-meeting' })));
      if (f.kind === 'contacts' || f.kind === 'introducers') {
        rows.push(item('people', f.kind === 'contacts' ? '培养联系人（1–2 名正式党员）' : '入党介绍人（2 名正式党员）',
          h(ElSelect, { ...model(f, 'people'), multiple: true, filterable: true, style: 'width:100%', class: 'step-people' },
            () => s.members.map((m) => h(ElOption, { key: m.id, value: m.id, label: m.name })))));
      }
      if (f.kind === 'political_review') {
        rows.push(item('conclusion', '政审结论', h(ElSelect, { ...model(f, 'conclusion') }, () => [h(ElOption, { value: 'passed', label: '合格' }), h(ElOption, { value: 'failed', label: '不合格' })])));
      }
      if (f.kind === 'training') {
        rows.push(item('days', '培训天数', h(ElInputNumber, { ...model(f, 'days'), min: 0, max: 366, class: 'step-days' })));
        rows.push(item('hours', '培训学时', h(ElInputNumber, { ...model(f, 'hours'), min: 0, max: 10000 })));
      }
      if (f.kind === 'admission_vote' || f.kind === 'conversion_vote') {
        for (const [k, label] of VOTE) rows.push(item(k, label, h(ElInputNumber, { ...model(v, k), min: 0, max: 100000, class: `vote-${k}` })));
      }
      if (f.kind === 'conversion_vote') {
        rows.push(item('outcome', '讨论结果', h(ElSelect, { ...model(f, 'outcome') }, () => OUTCOMES.map(([k, l]) => h(ElOption, { key: k, value: k, label: l })))));
        if (f.outcome === 'extend') rows.push(item('extension_months', '延长（月）', h(ElInputNumber, { ...model(f, 'extension_months'), min: 0, max: 120 })));
      }
      if (f.kind === 'approval') rows.push(item('special', '特殊情况（最长 6 个月）', h(ElSwitch, model(f, 'special'))));
      if (f.kind === 'send_back') rows.push(item('reason', '原因', h(ElInput, { ...model(f, 'reason'), maxlength: 500 })));
      if (['prereview', 'admission_vote'].includes(f.kind)) {
        rows.push(item('leaving_on', '预计离开单位日期', h(ElDatePicker, { ...model(f, 'leaving_on'), type: 'date', valueFormat: 'YYYY-MM-DD' })));
      }
      rows.push(item('note', '说明', h(ElInput, { ...model(f, 'note'), type: 'textarea', maxlength: 1000 })));
      rows.push(item('documents', '附件材料', h(ElInput, { ...model(f, 'documents'), placeholder: '材料名称，多个用逗号分隔' })));
      return h(ElCard, { class: 'gap dev-step-form', header: '记录下一步' }, () => [
        s.error ? h(ElAlert, { type: 'error', title: s.error, closable: false, showIcon: true, class: 'gap form-alert' }) : null,
        h(ElForm, { labelWidth: '190px' }, () => rows),
        h('div', { class: 'actions' }, [
          d.review ? h(ElButton, { class: 'submit-review', loading: s.busy, onClick: () => send(true) }, () => '提交上级党委审核') : null,
          h(ElButton, { type: 'primary', class: 'record-step', loading: s.busy, onClick: () => send(false) }, () => (d.review ? '以上级党委身份记录' : '记录')),
        ]),
      ]);
    }

    return () => {
      if (s.missing) return h(ElEmpty, { description: '无权访问该组织的数据' });
      if (!s.t) return h('div', { class: 'loading' }, '加载中……');
      const a = s.t.applicant;
      return h('div', { class: 'dev-applicant-page' }, [
        pageTitle(`${a.name} · ${a.stage_label}`, h(ElButton, { onClick: () => navigate('/dev') }, () => '返回列表')),
        h(ElDescriptions, { border: true, column: 3, class: 'gap' }, () => [
          ['所在党支部', a.org_name], ['公民身份号码', a.id_number], ['年龄', a.age], ['递交申请', a.applied_on], ['确定积极分子', a.activist_on],
          ['确定发展对象', a.candidate_on], ['支部大会接收', a.admitted_on], ['预备期满', a.probation_end], ['转正日期', a.converted_on],
        ].map(([l, x]) => h(ElDescriptionsItem, { label: l, key: l }, () => (x === null || x === undefined ? '—' : String(x))))),
        h(ElCard, { class: 'gap dev-next', header: '下一步应办事项' }, () => (s.t.next.length
          ? s.t.next.map((n) => h('div', { class: 'next-item', key: `${n.step}-${n.kind}` }, [
            h(ElTag, { size: 'small', type: n.overdue ? 'danger' : n.earliest ? 'info' : 'warning' }, () => (n.overdue ? '已逾期' : n.earliest ? '最早' : '期限')),
            ` 第 ${n.step} 步 ${n.label}${n.due ? `：${n.due}` : ''} — ${n.why}`, n.rule_id ? h('span', { class: 'muted' }, `（规则 ${n.rule_id}）`) : null]))
          : h('div', { class: 'muted' }, '没有待办事项'))),
        stepForm(),
        h(ElCard, { class: 'gap dev-timeline', header: '已记录的步骤' }, () => h(ElTimeline, null, () => s.t.events.map((e) => h(ElTimelineItem, {
          key: e.id, timestamp: `${e.date} · ${e.stage_group || '退回培养'}`, placement: 'top', type: e.warning ? 'warning' : 'primary',
        }, () => [h('b', `${e.step ? `第 ${e.step} 步 ` : ''}${e.label}`), e.meeting ? ` · ${e.meeting}` : '', h('span', { class: 'muted' }, ` · ${e.recorded_by} 记录`),
          e.documents.length ? h('div', `材料：${e.documents.map((x) => (typeof x === 'string' ? x : x.name)).join('、')}`) : null,
          e.warning ? h('div', { class: 'warn' }, e.warning) : null, e.note ? h('div', e.note) : null])))),
        s.t.reviews.length ? h(ElCard, { class: 'gap', header: '上级党委审核' }, () => s.t.reviews.map((r) => h('div', { key: r.id },
          `${r.submitted_on} 提交「${r.label}」→ ${r.approver_name}：${{ pending: '待审核', approved: `${r.decided_on} 通过`, returned: `${r.decided_on} 退回（${r.reason}）` }[r.status]}`))) : null,
      ]);
    };
  },
});
