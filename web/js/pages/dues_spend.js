// dues_spend.js - 党费使用 of the organisation selected in the tree: the year's account
// (上年结转, 收缴, 上缴 or 党支部留存, 使用 by purpose, 结余) and the spendings
// (GET /api/orgs/{id}/dues/spendings?year=), the form that records one with its approval
// (POST …/spendings; amounts in 元, to the fen) and voiding one recorded in error
// (POST /api/dues/spendings/{id}/void).
import { h, defineComponent, reactive, onMounted } from 'vue';
import { ElTable, ElTableColumn, ElButton, ElDialog, ElForm, ElFormItem, ElInput, ElInputNumber, ElSelect, ElOption,
  ElMessage, ElMessageBox, ElDatePicker, ElTag, ElRow, ElCol, ElCard } from 'element-plus';
import { api } from '../api.js';
import { canWrite } from '../lib/state.js';
import { showError, model } from '../lib/ui.js';
import { yuan } from './dues_common.js';

/* The purposes of 党费 (dict dues_purpose; the labels come with the account). */
const PURPOSES = [
  ['training', '教育培训党员'], ['publications', '订阅党报党刊和党员教育资料'], ['commendation', '表彰先进基层党组织和优秀党员'],
  ['hardship', '慰问补助生活困难党员'], ['elderly', '补助生活困难的老党员'], ['disaster', '补助受灾党员和修缮受灾党员教育设施'],
];
const MONEY = /^(0|[1-9][0-9]{0,12})(\.[0-9]{1,2})?$/;

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export const DuesSpend = defineComponent({
  name: 'DuesSpend',
  props: { orgId: Number },
  setup(props) {
    const s = reactive({ year: new Date().getFullYear(), funds: null, items: [], busy: false, form: null, errors: {} });
    async function load() {
      s.busy = true;
      try {
        const r = await api('GET', `/api/orgs/${props.orgId}/dues/spendings`, undefined, { year: s.year });
        s.funds = r.funds;
        s.items = r.items;
      } catch (e) {
        showError(e);
      } finally {
        s.busy = false;
      }
    }
    onMounted(load);
    function open() {
      s.errors = {};
      s.form = { spent_on: today(), purpose: 'training', amount: '', voucher_no: '', description: '', approved_by: '',
        approval_doc: '', approved_on: today(), note: '', files: '' };
    }
    function check(f) {
      const e = {};
      if (!MONEY.test(f.amount.trim()) || Number(f.amount) <= 0) e.amount = '金额应为大于0、最多两位小数的元数，如 120.50';
      for (const [k, label] of [['voucher_no', '凭证号'], ['description', '支出事由'], ['approved_by', '批准人或批准机构'],
        ['approval_doc', '批准文件或会议记录编号'], ['spent_on', '支出日期'], ['approved_on', '批准日期']]) {
        if (!String(f[k] || '').trim()) e[k] = `请填写${label}`;
      }
      if (!e.approved_on && !e.spent_on && f.approved_on > f.spent_on) e.approved_on = '批准日期不能晚于支出日期（先批准后支出）';
      return e;
    }
    async function save() {
      const f = s.form;
      s.errors = check(f);
      if (Object.keys(s.errors).length) return;
      const body = { spent_on: f.spent_on, purpose: f.purpose, amount: f.amount.trim(), voucher_no: f.voucher_no,
        description: f.description, approved_by: f.approved_by, approval_doc: f.approval_doc, approved_on: f.approved_on };
      if (f.note) body.note = f.note;
      const names = f.files.split(/[,，\n]/).map((x) => x.trim()).filter(Boolean);
      if (names.length) body.attachments = names.map((name) => ({ name }));
      try {
        const r = await api('POST', `/api/orgs/${props.orgId}/dues/spendings`, body);
        ElMessage.success(`已登记党费使用 ${r.amount} 元`);
        s.form = null;
        load();
      } catch (e) {
        if (e.field) s.errors = { [e.field]: e.message };
        showError(e);
      }
    }
    async function voidOne(row) {
      try {
        const { value } = await ElMessageBox.prompt(`作废 ${row.spent_on} ${row.amount} 元的使用记录，请填写原因`, '作废', {
          confirmButtonText: '作废', cancelButtonText: '取消', inputPattern: /\S/, inputErrorMessage: '请填写作废原因',
        });
        await api('POST', `/api/dues/spendings/${row.id}/void`, { reason: value });
        ElMessage.success('已作废');
        load();
      } catch (e) {
        if (e !== 'cancel' && e !== 'close') showError(e);
      }
    }
    function item(label, key, input) {
      return h(ElFormItem, { label, error: s.errors[key] || '', class: `dues-spend-${key}` }, () => input);
    }
    function form() {
      const f = s.form;
      if (!f) return null;
      return h(ElDialog, { modelValue: true, title: '登记党费使用', width: '560px', 'onUpdate:modelValue': () => { s.form = null; } }, {
        default: () => h(ElForm, { labelWidth: '150px', class: 'dues-spend-form' }, () => [
          item('支出日期', 'spent_on', h(ElDatePicker, { ...model(f, 'spent_on'), type: 'date', valueFormat: 'YYYY-MM-DD' })),
          item('用途', 'purpose', h(ElSelect, { ...model(f, 'purpose'), class: 'dues-spend-purpose-select' },
            () => PURPOSES.map(([code, label]) => h(ElOption, { key: code, value: code, label })))),
          item('金额（元）', 'amount', h(ElInput, { ...model(f, 'amount'), placeholder: '如 1200.50', class: 'dues-spend-amount-input' })),
          item('支出事由', 'description', h(ElInput, { ...model(f, 'description'), maxlength: 200 })),
          item('凭证号', 'voucher_no', h(ElInput, { ...model(f, 'voucher_no'), maxlength: 40 })),
          item('批准人或批准机构', 'approved_by', h(ElInput, { ...model(f, 'approved_by'), maxlength: 100, placeholder: '如 党委会议' })),
          item('批准文件或会议记录编号', 'approval_doc', h(ElInput, { ...model(f, 'approval_doc'), maxlength: 100 })),
          item('批准日期', 'approved_on', h(ElDatePicker, { ...model(f, 'approved_on'), type: 'date', valueFormat: 'YYYY-MM-DD' })),
          item('附件（文件名，逗号分隔）', 'attachments', h(ElInput, { ...model(f, 'files'), placeholder: '如 发票.pdf，签收表.pdf' })),
          item('备注', 'note', h(ElInput, { ...model(f, 'note'), maxlength: 200 })),
          s.funds ? h('p', { class: 'hint' }, `本组织${s.funds.year}年末可用 ${yuan(s.funds.balance_fen)} 元；党费须用于党费规定的用途，先经批准后支出。`) : null,
        ]),
        footer: () => [h(ElButton, { onClick: () => { s.form = null; } }, () => '取消'),
          h(ElButton, { type: 'primary', class: 'dues-spend-save', onClick: save }, () => '保存')],
      });
    }
    function account() {
      const f = s.funds;
      if (!f) return null;
      const stat = (label, fen, cls) => h(ElCol, { xs: 12, sm: 8, md: 4 }, () => h(ElCard, { shadow: 'never', class: `stat ${cls}` },
        () => [h('div', { class: 'stat-value' }, yuan(fen)), h('div', { class: 'stat-title' }, label)]));
      return h('div', { class: 'dues-spend-account' }, [
        h(ElRow, { gutter: 12, class: 'stats-row' }, () => [
          stat('上年结转（元）', f.carried_fen, 'dues-carried'),
          stat('本年收缴（元）', f.collected_fen, 'dues-collected'),
          f.branch ? stat(`上缴基层党委 ${f.remit_bp / 100}%（元）`, f.remitted_fen, 'dues-remitted')
            : stat('党支部留存（元）', f.kept_below_fen, 'dues-kept'),
          stat('本年使用（元）', f.spent_fen, 'dues-spent'),
          stat('年末结余（元）', f.balance_fen, 'dues-balance'),
        ]),
        h('div', { class: 'dues-spend-purposes' }, f.by_purpose.filter((p) => p.spent_fen).map((p) =>
          h(ElTag, { type: 'info', disableTransitions: true }, () => `${p.label} ${yuan(p.spent_fen)} 元`))),
      ]);
    }
    return () => h('div', { class: 'dues-spend' }, [
      h('div', { class: 'toolbar' }, [
        '年度 ', h(ElInputNumber, { modelValue: s.year, min: 2008, max: 2100, 'onUpdate:modelValue': (v) => { s.year = v; load(); } }),
        canWrite() ? h(ElButton, { type: 'primary', class: 'dues-spend-add', onClick: open }, () => '登记使用') : null,
        h('span', { class: 'hint' }, '党费由基层党委统一管理使用；党支部按规定留存的部分由党支部使用。'),
      ]),
      account(),
      h(ElTable, { data: s.items, stripe: true, emptyText: s.busy ? '正在加载……' : '本年没有使用记录', class: 'dues-spend-table' }, () => [
        h(ElTableColumn, { prop: 'spent_on', label: '日期', minWidth: 100 }),
        h(ElTableColumn, { prop: 'purpose_label', label: '用途', minWidth: 160 }),
        h(ElTableColumn, { prop: 'description', label: '事由', minWidth: 160 }),
        h(ElTableColumn, { label: '金额（元）', minWidth: 100, align: 'right' }, { default: ({ row }) => row.amount }),
        h(ElTableColumn, { prop: 'voucher_no', label: '凭证号', minWidth: 100 }),
        h(ElTableColumn, { label: '批准', minWidth: 200 }, { default: ({ row }) => `${row.approved_by} ${row.approval_doc} ${row.approved_on}` }),
        h(ElTableColumn, { prop: 'org_name', label: '使用组织', minWidth: 160 }),
        h(ElTableColumn, { label: '附件', minWidth: 120 }, { default: ({ row }) => row.attachments.map((a) => a.name).join('、') }),
        canWrite() ? h(ElTableColumn, { label: '操作', minWidth: 80 }, { default: ({ row }) => h(ElButton, { size: 'small', class: 'dues-spend-void', onClick: () => voidOne(row) }, () => '作废') }) : null,
      ]),
      form(),
    ]);
  },
});
