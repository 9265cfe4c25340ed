// dues_sheet.js - a branch's monthly collection sheet (GET /api/orgs/{id}/dues/sheet):
// every member due that month, the derived amount, whether it is paid; "记录交纳"
// records the month in one click (a late or early month asks for the branch's consent),
// "详细登记" opens the full payment form (months, date, channel, receipt, extra).
import { h, defineComponent, reactive, onMounted } from 'vue';
import { ElTable, ElTableColumn, ElButton, ElDatePicker, ElDialog, ElForm, ElFormItem, ElInput, ElInputNumber,
  ElSelect, ElOption, ElCheckbox, ElMessage, ElMessageBox } from 'element-plus';
import { api } from '../api.js';
import { canWrite } from '../lib/state.js';
import { showError, model, today } from '../lib/ui.js';
import { categoryLabel, yuan, stateTag, levelTag, monthLabel } from './dues_common.js';

const CHANNELS = [['cash', '现金'], ['bank', '银行转账'], ['online', '网上交纳']];

export const DuesSheet = defineComponent({
  name: 'DuesSheet',
  props: { orgId: Number },
  setup(props) {
    const s = reactive({ month: '', data: null, busy: false, form: null });
    async function load() {
      s.busy = true;
      try {
        s.data = await api('GET', `/api/orgs/${props.orgId}/dues/sheet`, undefined, { month: s.month });
        s.month = s.data.month;
      } catch (e) {
        showError(e);
      } finally {
        s.busy = false;
      }
    }
    onMounted(load);

    async function quick(row) {
      const serverMonth = s.data.month;
      const now = today().slice(0, 7);
      const other = serverMonth !== now;
      try {
        if (other) {
          await ElMessageBox.confirm(`补交或预交 ${monthLabel(serverMonth)} 的党费须经党支部同意。确认已同意并记录交纳？`, '记录交纳',
            { confirmButtonText: '确认', cancelButtonText: '取消', type: 'warning' });
        }
      } catch {
        return;
      }
      try {
        await api('POST', `/api/dues/members/${row.id}/payments`, { from_month: serverMonth, months: 1, paid_on: today(), channel: 'cash', consent: other });
        ElMessage.success(`已记录 ${row.name} ${monthLabel(serverMonth)} 党费`);
        load();
      } catch (e) {
        showError(e);
      }
    }

    function openForm(row) {
      s.form = { row, from_month: s.data.month, months: 1, paid_on: today(), channel: 'cash', receipt_no: '', consent: false, extra: '', payer: 'self' };
    }
    async function save() {
      const f = s.form;
      const body = { from_month: f.from_month, months: f.months, paid_on: f.paid_on, channel: f.channel, consent: f.consent, payer: f.payer };
      if (f.receipt_no) body.receipt_no = f.receipt_no;
      if (f.extra) body.extra = f.extra;
      try {
        const p = await api('POST', `/api/dues/members/${f.row.id}/payments`, body);
        ElMessage.success(`已记录 ${f.row.name} 党费 ${yuan(p.amount_fen)} 元${p.central ? '（自愿多交1000元以上，全部上缴中央）' : ''}`);
        s.form = null;
        load();
      } catch (e) {
        showError(e);
      }
    }

    function form() {
      const f = s.form;
      if (!f) return null;
      return h(ElDialog, { modelValue: true, title: `登记交纳 · ${f.row.name}`, width: '480px', 'onUpdate:modelValue': () => { s.form = null; } }, {
        default: () => h(ElForm, { labelWidth: '110px', class: 'dues-pay-form' }, () => [
          h(ElFormItem, { label: '起始月份' }, () => h(ElDatePicker, { ...model(f, 'from_month'), type: 'month', valueFormat: 'YYYY-MM', clearable: false })),
          h(ElFormItem, { label: '交纳月数' }, () => h(ElInputNumber, { ...model(f, 'months'), min: 1, max: 12 })),
          h(ElFormItem, { label: '交纳日期' }, () => h(ElDatePicker, { ...model(f, 'paid_on'), type: 'date', valueFormat: 'YYYY-MM-DD', clearable: false })),
          h(ElFormItem, { label: '交纳方式' }, () => h(ElSelect, model(f, 'channel'), () => CHANNELS.map(([v, l]) => h(ElOption, { key: v, value: v, label: l })))),
          h(ElFormItem, { label: '交纳人' }, () => h(ElSelect, model(f, 'payer'), () => [['self', '本人'], ['relative', '亲属代交'], ['member', '其他党员代交']].map(([v, l]) => h(ElOption, { key: v, value: v, label: l })))),
          h(ElFormItem, { label: '收据编号' }, () => h(ElInput, { ...model(f, 'receipt_no'), maxlength: 40 })),
          h(ElFormItem, { label: '自愿多交（元）' }, () => h(ElInput, { ...model(f, 'extra'), placeholder: '可不填；1000元以上全部上缴中央' })),
          h(ElFormItem, { label: '' }, () => h(ElCheckbox, model(f, 'consent'), () => '补交、预交或他人代交已经党支部同意')),
          h('p', { class: 'hint' }, '金额由核定的基数按党费规定自动计算，不能手工填写；补交一般不超过6个月；不得由组织垫交或从工资中扣缴。'),
        ]),
        footer: () => [h(ElButton, { onClick: () => { s.form = null; } }, () => '取消'), h(ElButton, { type: 'primary', class: 'dues-pay-save', onClick: save }, () => '保存')],
      });
    }

    return () => {
      const d = s.data;
      const write = canWrite();
      return h('div', { class: 'dues-sheet' }, [
        h('div', { class: 'toolbar' }, [
          h(ElDatePicker, { modelValue: s.month, type: 'month', valueFormat: 'YYYY-MM', clearable: false, class: 'dues-month',
            'onUpdate:modelValue': (v) => { s.month = v; load(); } }),
          d ? h('span', { class: 'dues-summary' }, `应交 ${d.members} 人，已交（含免交）${d.paid_members} 人；应交 ${yuan(d.due_fen)} 元，已交 ${yuan(d.paid_fen)} 元`) : null,
        ]),
        h(ElTable, { data: d ? d.items : [], stripe: true, emptyText: s.busy ? '正在加载……' : '本月没有需要交纳党费的党员', class: 'dues-sheet-table' }, () => [
          h(ElTableColumn, { prop: 'name', label: '姓名', minWidth: 90 }),
          h(ElTableColumn, { prop: 'org_name', label: '党支部', minWidth: 180 }),
          h(ElTableColumn, { label: '类别', minWidth: 120 }, { default: ({ row }) => categoryLabel(row.month.category) }),
          h(ElTableColumn, { label: '基数（元）', minWidth: 100, align: 'right' }, { default: ({ row }) => yuan(row.month.base_fen) }),
          h(ElTableColumn, { label: '应交（元）', minWidth: 90, align: 'right' }, { default: ({ row }) => (row.month.due_fen === null ? '未核定基数' : yuan(row.month.due_fen)) }),
          h(ElTableColumn, { label: '状态', minWidth: 90 }, { default: ({ row }) => stateTag(row.month.state) }),
          h(ElTableColumn, { label: '党费交至', minWidth: 110 }, { default: ({ row }) => monthLabel(row.paid_through) }),
          h(ElTableColumn, { label: '提醒', minWidth: 150 }, { default: ({ row }) => levelTag(row.arrears_level) }),
          write ? h(ElTableColumn, { label: '操作', minWidth: 190, fixed: 'right' }, {
            default: ({ row }) => (row.month.state === 'paid' || row.month.state === 'waived' ? null : [
              h(ElButton, { size: 'small', type: 'primary', class: 'dues-quick-pay', disabled: row.month.due_fen === null, onClick: () => quick(row) }, () => '记录交纳'),
              h(ElButton, { size: 'small', class: 'dues-pay-more', disabled: row.month.due_fen === null, onClick: () => openForm(row) }, () => '详细登记')]),
          }) : null,
        ]),
        form(),
      ]);
    };
  },
});
