// dev.js - 发展党员: the applicants of the selected organisation's subtree
// (GET /api/dev/applicants) filtered by stage, with the counts by stage and
// the deadlines that are due; "新增入党申请人" opens a form built from
// records.dev_applicant. A row opens the applicant's timeline (/dev/{id}).
import { h, defineComponent, reactive, watch } from 'vue';
import { ElTable, ElTableColumn, ElButton, ElRadioGroup, ElRadioButton, ElInput, ElEmpty, ElTag, ElTooltip, ElAlert } from 'element-plus';
import { api } from '../api.js';
import { state, navigate, canWrite, hasRole } from '../lib/state.js';
import { fields, display } from '../lib/meta.js';
import { RecordDialog } from '../lib/form.js';
import { showError, pageTitle, model } from '../lib/ui.js';

const BRANCH_KINDS = ['branch', 'joint_branch', 'temp_branch', 'grid_branch'];
export const STAGES = [
  ['', '发展中'], ['applicant', '入党申请人'], ['activist', '入党积极分子'], ['candidate', '发展对象'],
  ['probationary', '预备党员'], ['full', '正式党员'], ['cancelled', '已取消资格'],
];
const LEVEL = { overdue: 'danger', due: 'warning', info: 'info' };

export const DevPage = defineComponent({
  name: 'DevPage',
  setup() {
    const s = reactive({ items: [], total: 0, stage: '', q: '', counts: null, deadlines: [], adding: false });
    let timer = null;
    async function load() {
      if (!state.org) return;
      try {
        const [list, counts, dl] = await Promise.all([
          api('GET', '/api/dev/applicants', undefined, { org_id: state.org.id, stage: s.stage, q: s.q, limit: 200 }),
          api('GET', '/api/dev/counts', undefined, { org_id: state.org.id }),
          api('GET', '/api/dev/deadlines', undefined, { org_id: state.org.id, from: '2000-01-01' }),
        ]);
        s.items = list.items;
        s.total = list.total;
        s.counts = counts;
        s.deadlines = dl.items.filter((d) => d.level !== 'info').slice(0, 8);
      } catch (e) {
        showError(e);
      }
    }
    watch(() => state.org && state.org.id, load, { immediate: true });

    function columns() {
      return fields('dev_applicant').filter((f) => f.list).map((f) => h(ElTableColumn, {
        key: f.key, prop: f.key, label: f.label, minWidth: f.type === 'idcard' ? 190 : f.key === 'org_name' ? 200 : 110,
      }, { default: ({ row }) => (f.key === 'stage' ? h(ElTag, { size: 'small' }, () => row.stage_label) : display('dev_applicant', f, row)) }));
    }

    function summary() {
      if (!s.counts) return null;
      const st = s.counts.stages;
      return h('div', { class: 'dev-counts' }, STAGES.slice(1).map(([k, label]) =>
        h('span', { class: 'dev-count', key: k, style: 'margin-right:16px' }, [label, '：', h('b', String(st[k] ? st[k].total : 0)),
          st[k] && st[k].under35 ? `（35 岁以下 ${st[k].under35}）` : ''])));
    }

    return () => {
      if (!state.org) return h(ElEmpty, { description: '请在左侧选择组织' });
      const isBranch = BRANCH_KINDS.includes(state.org.kind);
      const add = canWrite()
        ? (isBranch
          ? h(ElButton, { type: 'primary', class: 'add-applicant', onClick: () => { s.adding = true; } }, () => '新增入党申请人')
          : h(ElTooltip, { content: '请先在左侧选择接收申请的党支部' }, () => h('span', h(ElButton, { type: 'primary', disabled: true }, () => '新增入党申请人'))))
        : null;
      const inbox = hasRole('sysadmin', 'org_admin') ? h(ElButton, { class: 'goto-reviews', onClick: () => navigate('/dev/reviews') }, () => '入党审批') : null;
      return h('div', { class: 'dev-page' }, [
        pageTitle(`发展党员 · ${state.org.name}`, add, inbox),
        summary(),
        s.deadlines.length ? h(ElAlert, { type: 'warning', closable: false, class: 'gap dev-deadlines', title: '需要办理的事项' }, () =>
          s.deadlines.map((d) => h('div', { key: d.key }, [h(ElTag, { size: 'small', type: LEVEL[d.level] }, () => (d.level === 'overdue' ? '已逾期' : '待办')), ` ${d.due} ${d.title}（规则 ${d.rule_id}）`]))) : null,
        h('div', { class: 'toolbar' }, [
          h(ElRadioGroup, { ...model(s, 'stage'), 'onUpdate:modelValue': (v) => { s.stage = v; load(); }, class: 'stage-filter' },
            () => STAGES.map(([k, label]) => h(ElRadioButton, { key: k || 'active', value: k, label: k }, () => label))),
          h(ElInput, { ...model(s, 'q'), 'onUpdate:modelValue': (v) => { s.q = v; clearTimeout(timer); timer = setTimeout(load, 300); },
            placeholder: '按姓名查找', clearable: true, style: 'width:180px', maxlength: 30 }),
        ]),
        h(ElTable, { data: s.items, stripe: true, emptyText: '没有符合条件的入党申请人', class: 'dev-table', rowClassName: () => 'clickable',
          onRowClick: (row) => navigate(`/dev/${row.id}`) }, () => columns()),
        h('div', { class: 'muted' }, `共 ${s.total} 人`),
        s.adding ? h(RecordDialog, {
          record: 'dev_applicant', title: `新增入党申请人 · ${state.org.name}`, omit: ['org_id'], width: '680px',
          save: (v) => api('POST', '/api/dev/applicants', { ...v, org_id: state.org.id }),
          onClose: (saved) => { s.adding = false; if (saved) load(); },
        }) : null,
      ]);
    };
  },
});
