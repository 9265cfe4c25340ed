// meetings.js - 组织生活: a branch's meeting calendar (the records of a month)
// with what is due this month (GET /api/orgs/{id}/meetings/due), the record
// form, and submitting records for review.
import { h, defineComponent, reactive, watch } from 'vue';
import { ElTable, ElTableColumn, ElTag, ElButton, ElDatePicker, ElEmpty, ElAlert, ElCard, ElMessage, ElMessageBox } from 'element-plus';
import { api } from '../api.js';
import { state, canWrite } from '../lib/state.js';
import { showError, pageTitle, model, today } from '../lib/ui.js';
import { MeetingForm, kindLabel } from './meeting_form.js';

export const STATUS = { draft: ['草稿', 'info'], submitted: ['待审核', 'warning'], approved: ['已通过', 'success'], returned: ['已退回', 'danger'] };

export const MeetingsPage = defineComponent({
  name: 'MeetingsPage',
  setup() {
    const s = reactive({ month: today().slice(0, 7), items: [], due: [], form: null, busy: false });
    async function load() {
      if (!state.org) return;
      const [y, mo] = s.month.split('-').map(Number);
      const last = new Date(y, mo, 0).getDate();
      const from = `${s.month}-01`, to = `${s.month}-${String(last).padStart(2, '0')}`;
      s.busy = true;
      try {
        const [list, due] = await Promise.all([
          api('GET', '/api/meetings', undefined, { org_id: state.org.id, from, to, limit: 500 }),
          api('GET', `/api/orgs/${state.org.id}/meetings/due`, undefined, { from, to }),
        ]);
        s.items = list.items;
        s.due = due.items;
      } catch (e) {
        showError(e);
      } finally {
        s.busy = false;
      }
    }
    watch(() => [state.org && state.org.id, s.month], load, { immediate: true });
    async function act(row, action) {
      try {
        if (action === 'delete') {
          await ElMessageBox.confirm('删除这条草稿？', '确认', { type: 'warning' });
          await api('DELETE', `/api/meetings/${row.id}`);
        } else {
          await api('POST', `/api/meetings/${row.id}/${action}`, {});
          ElMessage.success('已提交上级党组织审核');
        }
        load();
      } catch (e) {
        if (e !== 'cancel') showError(e);
      }
    }
    async function edit(row) {
      try {
        s.form = { meeting: await api('GET', `/api/meetings/${row.id}`) };
      } catch (e) {
        showError(e);
      }
    }
    return () => {
      if (!state.org) return h(ElEmpty, { description: '请在左侧选择组织' });
      const addBtn = canWrite() ? h(ElButton, { type: 'primary', class: 'new-meeting', onClick: () => { s.form = { meeting: null }; } }, () => '新建记录') : null;
      return h('div', { class: 'meetings-page' }, [
        pageTitle(`组织生活 · ${state.org.name}`, addBtn),
        h('div', { class: 'toolbar' }, [
          h('span', '月份：'),
          h(ElDatePicker, { ...model(s, 'month'), type: 'month', valueFormat: 'YYYY-MM', clearable: false, class: 'month-picker' }),
        ]),
        h(ElCard, { shadow: 'never', class: 'due-card' }, {
          header: () => `本月应开未开（${s.due.length}）`,
          default: () => s.due.length
            ? h('ul', { class: 'due-list' }, s.due.map((d) => h('li', { key: d.key + d.kind }, [
              h(ElTag, { size: 'small', type: d.level === 'overdue' ? 'danger' : 'warning' }, () => (d.level === 'overdue' ? '逾期' : `${d.due}前`)), ' ', d.title])))
            : h(ElAlert, { type: 'success', title: '本月应开的会议均已召开（或已提交记录）', closable: false }),
        }),
        h(ElTable, { data: s.items, class: 'meetings-table', emptyText: '本月没有记录' }, () => [
          h(ElTableColumn, { prop: 'held_on', label: '日期', width: 110 }),
          h(ElTableColumn, { label: '类型', width: 130 }, { default: ({ row }) => kindLabel(row.kind) }),
          h(ElTableColumn, { prop: 'org_name', label: '组织', minWidth: 160 }),
          h(ElTableColumn, { prop: 'topic', label: '主题', minWidth: 200 }),
          h(ElTableColumn, { label: '应到/实到', width: 110 }, { default: ({ row }) => [`${row.expected}/${row.present}`, row.quorum_ok ? '' : h(ElTag, { size: 'small', type: 'danger' }, () => '不足法定人数')] }),
          h(ElTableColumn, { label: '状态', width: 160 }, { default: ({ row }) => [h(ElTag, { size: 'small', type: STATUS[row.status][1] }, () => STATUS[row.status][0]), row.return_reason && row.status === 'returned' ? h('div', { class: 'hint' }, row.return_reason) : null] }),
          h(ElTableColumn, { label: '操作', width: 180 }, { default: ({ row }) => (row.status === 'draft' || row.status === 'returned') && canWrite() ? [
            h(ElButton, { link: true, onClick: () => edit(row) }, () => '编辑'),
            h(ElButton, { link: true, type: 'primary', class: 'submit-meeting', onClick: () => act(row, 'submit') }, () => '提交'),
            h(ElButton, { link: true, type: 'danger', onClick: () => act(row, 'delete') }, () => '删除')] : null }),
        ]),
        s.form ? h(MeetingForm, { orgId: state.org.id, orgName: state.org.name, meeting: s.form.meeting, onClose: (saved) => { s.form = null; if (saved) load(); } }) : null,
      ]);
    };
  },
});
