// dues_disclosure.js - the annual 党费 disclosure to members (collection and use) of an
// organisation: a printable page (the shell is hidden when printing) and the same as a
// PDF (GET /api/orgs/{id}/dues/disclosure.pdf). Query: ?org=ID&year=YYYY.
import { h, defineComponent, reactive, onMounted } from 'vue';
import { ElButton, ElTable, ElTableColumn, ElInputNumber, ElEmpty } from 'element-plus';
import { api } from '../api.js';
import { state, navigate } from '../lib/state.js';
import { showError } from '../lib/ui.js';
import { yuan } from './dues_common.js';

export const DuesDisclosurePage = defineComponent({
  name: 'DuesDisclosurePage',
  setup() {
    const q = new URLSearchParams(location.search);
    const s = reactive({ org: Number(q.get('org')) || (state.org && state.org.id) || 0, year: Number(q.get('year')) || new Date().getFullYear(), d: null });
    async function load() {
      if (!s.org) return;
      try {
        s.d = await api('GET', `/api/orgs/${s.org}/dues/disclosure`, undefined, { year: s.year });
      } catch (e) {
        showError(e);
      }
    }
    onMounted(load);
    return () => {
      if (!s.org) return h(ElEmpty, { description: '请先在党费页面选择组织' });
      const d = s.d;
      const pdf = `/api/orgs/${s.org}/dues/disclosure.pdf?year=${s.year}`;
      return h('div', { class: 'dues-disclosure' }, [
        h('div', { class: 'toolbar no-print' }, [
          h(ElButton, { onClick: () => navigate(location.pathname.startsWith('/me') ? '/me/dues' : '/dues') }, () => '返回党费'),
          '年度 ', h(ElInputNumber, { modelValue: s.year, min: 2008, max: 2100, 'onUpdate:modelValue': (v) => { s.year = v; history.replaceState(null, '', `/dues/disclosure?org=${s.org}&year=${v}`); load(); } }),
          h(ElButton, { type: 'primary', onClick: () => window.print(), class: 'dues-print' }, () => '打印'),
          h('a', { href: pdf, download: `党费公示-${s.year}.pdf`, class: 'el-button dues-pdf' }, '下载PDF'),
        ]),
        d ? h('article', { class: 'disclosure-sheet' }, [
          h('h2', { class: 'disclosure-title' }, `${d.org_name}${d.year}年度党费收缴、使用情况公示`),
          h('p', '根据《关于中国共产党党费收缴、使用和管理的规定》，现将本年度党费收缴、使用情况向全体党员公示如下。如有疑问，请向党支部反映。'),
          h('h3', '一、收缴情况'),
          h('ul', [
            h('li', `应交党费党员 ${d.total.members} 人；全年应交 ${yuan(d.total.due_fen)} 元，已交 ${yuan(d.total.paid_fen)} 元，欠交 ${yuan(d.total.outstanding_fen)} 元。`),
            h('li', `自愿多交 ${yuan(d.extra_fen + d.central_fen)} 元，其中一次性1000元以上 ${yuan(d.central_fen)} 元全部上缴中央。`),
          ]),
          h('h3', '二、上缴和使用情况'),
          h('ul', { class: 'disclosure-funds' }, [
            h('li', `上年结转 ${yuan(d.funds.carried_fen)} 元；本年收缴 ${yuan(d.funds.collected_fen)} 元（按交纳日期，不含上缴中央部分）。`),
            d.funds.branch
              ? h('li', `上缴基层党委 ${yuan(d.funds.remitted_fen)} 元（按 ${d.funds.remit_bp / 100}% 上缴）。`)
              : h('li', `所属党支部按规定留存 ${yuan(d.funds.kept_below_fen)} 元。`),
            h('li', `上缴中央 ${yuan(d.central_fen)} 元。`),
            h('li', `本年使用 ${yuan(d.funds.spent_fen)} 元${d.funds.spent_fen ? '，其中：' + d.funds.by_purpose.filter((p) => p.spent_fen).map((p) => `${p.label} ${yuan(p.spent_fen)} 元`).join('；') : ''}。`),
            h('li', { class: 'disclosure-balance' }, `年末结余 ${yuan(d.funds.balance_fen)} 元。`),
          ]),
          d.spendings.length ? h(ElTable, { data: d.spendings, border: true, class: 'disclosure-spendings' }, () => [
            h(ElTableColumn, { prop: 'spent_on', label: '日期', minWidth: 100 }),
            h(ElTableColumn, { prop: 'purpose_label', label: '用途', minWidth: 160 }),
            h(ElTableColumn, { prop: 'description', label: '事由', minWidth: 160 }),
            h(ElTableColumn, { label: '金额（元）', minWidth: 90, align: 'right' }, { default: ({ row }) => row.amount }),
            h(ElTableColumn, { label: '批准', minWidth: 180 }, { default: ({ row }) => `${row.approved_by} ${row.approval_doc}` }),
          ]) : null,
          h('h3', '三、党员交纳明细'),
          h(ElTable, { data: d.lines, border: true, class: 'disclosure-table' }, () => [
            h(ElTableColumn, { type: 'index', label: '序号', width: 60 }),
            h(ElTableColumn, { prop: 'name', label: '姓名', minWidth: 90 }),
            h(ElTableColumn, { prop: 'org_name', label: '所在党支部', minWidth: 180 }),
            h(ElTableColumn, { prop: 'months_due', label: '应交月数', minWidth: 80, align: 'right' }),
            h(ElTableColumn, { prop: 'months_paid', label: '已交月数', minWidth: 80, align: 'right' }),
            h(ElTableColumn, { label: '应交（元）', minWidth: 90, align: 'right' }, { default: ({ row }) => yuan(row.due_fen) }),
            h(ElTableColumn, { label: '已交（元）', minWidth: 90, align: 'right' }, { default: ({ row }) => yuan(row.paid_fen) }),
            h(ElTableColumn, { label: '多交（元）', minWidth: 90, align: 'right' }, { default: ({ row }) => yuan(row.extra_fen) }),
          ]),
          h('p', { class: 'disclosure-sign' }, d.org_name),
        ]) : h('div', { class: 'hint' }, '正在加载……'),
      ]);
    };
  },
});
