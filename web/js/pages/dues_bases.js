// dues_bases.js - the yearly 党费 bases of the members under an organisation
// (GET /api/orgs/{id}/dues/bases) and the form that records one
// (POST /api/dues/members/{id}/bases). The monthly amount shown is derived.
import { h, defineComponent, reactive, onMounted } from 'vue';
import { ElTable, ElTableColumn, ElButton, ElDialog, ElForm, ElFormItem, ElInput, ElInputNumber, ElSelect, ElOption,
  ElMessage, ElDatePicker } from 'element-plus';
import { api } from '../api.js';
import { canWrite } from '../lib/state.js';
import { showError, model } from '../lib/ui.js';
import { CATEGORIES, categoryLabel, yuan } from './dues_common.js';

export const DuesBases = defineComponent({
  name: 'DuesBases',
  props: { orgId: Number },
  setup(props) {
    const s = reactive({ year: new Date().getFullYear(), items: [], busy: false, form: null, rates: [], farmer: { from_month: '', amount: '' } });
    async function loadRates() {
      try {
        s.rates = (await api('GET', `/api/orgs/${props.orgId}/dues/farmer-rate`)).items;
      } catch (e) {
        showError(e);
      }
    }
    async function saveRate() {
      try {
        s.rates = (await api('POST', `/api/orgs/${props.orgId}/dues/farmer-rate`, { ...s.farmer })).items;
        ElMessage.success('已设置农民党员每月交纳金额');
        load();
      } catch (e) {
        showError(e);
      }
    }
    async function load() {
      s.busy = true;
      try {
        s.items = (await api('GET', `/api/orgs/${props.orgId}/dues/bases`, undefined, { year: s.year })).items;
      } catch (e) {
        showError(e);
      } finally {
        s.busy = false;
      }
    }
    onMounted(() => {
      load();
      loadRates();
    });
    function open(row) {
      const cur = row.month || {};
      s.form = { row, year: s.year, from_month: 1, category: cur.category || 'employed',
        base: cur.base_fen !== null && cur.base_fen !== undefined ? yuan(cur.base_fen) : '', quarter_income: '', note: '' };
    }
    async function save() {
      const f = s.form;
      const cat = CATEGORIES.find((c) => c.code === f.category);
      const body = { year: f.year, from_month: f.from_month, category: f.category };
      if (cat.base) body.base = f.base;
      if (cat.quarter) body.quarter_income = f.quarter_income;
      if (f.note) body.note = f.note;
      try {
        const l = await api('POST', `/api/dues/members/${f.row.id}/bases`, body);
        const m = l.months.slice(f.from_month - 1).find((x) => x.state !== 'not_due') || l.months[f.from_month - 1];
        ElMessage.success(`已核定 ${f.row.name} ${f.year}年党费基数，每月 ${yuan(m.due_fen)} 元`);
        s.form = null;
        load();
      } catch (e) {
        showError(e);
      }
    }
    function form() {
      const f = s.form;
      if (!f) return null;
      const cat = CATEGORIES.find((c) => c.code === f.category) || {};
      return h(ElDialog, { modelValue: true, title: `核定党费基数 · ${f.row.name}`, width: '480px', 'onUpdate:modelValue': () => { s.form = null; } }, {
        default: () => h(ElForm, { labelWidth: '120px', class: 'dues-base-form' }, () => [
          h(ElFormItem, { label: '年度' }, () => h(ElInputNumber, { ...model(f, 'year'), min: 2008, max: 2100 })),
          h(ElFormItem, { label: '起算月份' }, () => h(ElInputNumber, { ...model(f, 'from_month'), min: 1, max: 12 })),
          h(ElFormItem, { label: '党费类别' }, () => h(ElSelect, { ...model(f, 'category'), class: 'dues-category' },
            () => CATEGORIES.map((c) => h(ElOption, { key: c.code, value: c.code, label: c.label })))),
          cat.base ? h(ElFormItem, { label: '计算基数（元）' }, () => h(ElInput, { ...model(f, 'base'), class: 'dues-base-input', placeholder: '税后月工资或离退休费，如 3000.01' })) : null,
          cat.quarter ? h(ElFormItem, { label: '上季度纯收入（元）' }, () => h(ElInput, { ...model(f, 'quarter_income'), placeholder: '三个月合计，系统计算月平均' })) : null,
          h(ElFormItem, { label: '备注' }, () => h(ElInput, { ...model(f, 'note'), maxlength: 200 })),
          h('p', { class: 'hint' }, '党费基数每年初核定；月交纳额由系统按党费规定自动计算（3000元以下0.5%，3000–5000元1%，5000–10000元1.5%，10000元以上2%，按全额计算）。'),
        ]),
        footer: () => [h(ElButton, { onClick: () => { s.form = null; } }, () => '取消'), h(ElButton, { type: 'primary', class: 'dues-base-save', onClick: save }, () => '保存')],
      });
    }
    return () => h('div', { class: 'dues-bases' }, [
      h('div', { class: 'toolbar' }, [
        '年度 ', h(ElInputNumber, { modelValue: s.year, min: 2008, max: 2100, 'onUpdate:modelValue': (v) => { s.year = v; load(); } }),
        h('span', { class: 'hint' }, '工资表导入（身份证号 + 工资项目）将由数据导入功能提供；目前逐人核定。'),
      ]),
      h('div', { class: 'toolbar dues-farmer' }, [
        h('span', `农民党员每月金额（本支部确定，0.2–1元）：${s.rates.length ? s.rates.map((r) => `${r.from_month}起 ${yuan(r.monthly_fen)}元`).join('；') : '按本地规定（默认0.20元）'}`),
        canWrite() ? [
          h(ElDatePicker, { ...model(s.farmer, 'from_month'), type: 'month', valueFormat: 'YYYY-MM', placeholder: '起始月份', style: 'width:140px' }),
          h(ElInput, { ...model(s.farmer, 'amount'), placeholder: '如 0.50', style: 'width:100px', class: 'dues-farmer-amount' }),
          h(ElButton, { size: 'small', onClick: saveRate, class: 'dues-farmer-save' }, () => '设置'),
        ] : null,
      ]),
      h(ElTable, { data: s.items, stripe: true, emptyText: s.busy ? '正在加载……' : '没有党员', class: 'dues-bases-table' }, () => [
        h(ElTableColumn, { prop: 'name', label: '姓名', minWidth: 90 }),
        h(ElTableColumn, { prop: 'org_name', label: '党支部', minWidth: 180 }),
        h(ElTableColumn, { label: '类别', minWidth: 140 }, { default: ({ row }) => categoryLabel(row.month.category) }),
        h(ElTableColumn, { label: '基数（元）', minWidth: 100, align: 'right' }, { default: ({ row }) => yuan(row.month.base_fen) }),
        h(ElTableColumn, { label: '月交纳额（元）', minWidth: 110, align: 'right' }, { default: ({ row }) => (row.month.due_fen === null ? '未核定' : yuan(row.month.due_fen)) }),
        h(ElTableColumn, { label: '本年核定', minWidth: 90 }, { default: ({ row }) => (row.rows.length ? `${row.rows.length} 次` : '未核定') }),
        canWrite() ? h(ElTableColumn, { label: '操作', minWidth: 100 }, { default: ({ row }) => h(ElButton, { size: 'small', class: 'dues-base-edit', onClick: () => open(row) }, () => '核定基数') }) : null,
      ]),
      form(),
    ]);
  },
});
