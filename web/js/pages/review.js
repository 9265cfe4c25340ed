// review.js - 审核: the review inbox of a 基层党委 / 党工委: submitted records of
// its subtree, approved or returned with a reason (POST /api/meetings/{id}/approve|return).
import { h, defineComponent, reactive, watch } from 'vue';
import { ElTable, ElTableColumn, ElButton, ElEmpty, ElMessage, ElMessageBox } from 'element-plus';
import { api } from '../api.js';
import { state } from '../lib/state.js';
import { showError, pageTitle } from '../lib/ui.js';
import { kindLabel } from './meeting_form.js';

export const ReviewPage = defineComponent({
  name: 'ReviewPage',
  setup() {
    const s = reactive({ items: [], total: 0, busy: false });
    async function load() {
      if (!state.org) return;
      s.busy = true;
      try {
        const r = await api('GET', '/api/meetings', undefined, { org_id: state.org.id, status: 'submitted', limit: 200 });
        s.items = r.items;
        s.total = r.total;
      } catch (e) {
        showError(e);
      } finally {
        s.busy = false;
      }
    }
    watch(() => state.org && state.org.id, load, { immediate: true });
    async function approve(row) {
      try {
        await api('POST', `/api/meetings/${row.id}/approve`, {});
        ElMessage.success('已审核通过');
        load();
      } catch (e) {
        showError(e);
      }
    }
    async function ret(row) {
      try {
        const { value } = await ElMessageBox.prompt('请填写退回原因', '退回记录', { inputPattern: /\S/, inputErrorMessage: '退回原因不能为空' });
        await api('POST', `/api/meetings/${row.id}/return`, { reason: value });
        ElMessage.success('已退回');
        load();
      } catch (e) {
        if (e !== 'cancel' && e !== 'close') showError(e);
      }
    }
    return () => {
      if (!state.org) return h(ElEmpty, { description: '请在左侧选择组织' });
      return h('div', { class: 'review-page' }, [
        pageTitle(`记录审核 · ${state.org.name}（待审核 ${s.total}）`),
        h(ElTable, { data: s.items, class: 'review-table', emptyText: '没有待审核的记录' }, () => [
          h(ElTableColumn, { prop: 'held_on', label: '日期', width: 110 }),
          h(ElTableColumn, { label: '类型', width: 130 }, { default: ({ row }) => kindLabel(row.kind) }),
          h(ElTableColumn, { prop: 'org_name', label: '组织', minWidth: 180 }),
          h(ElTableColumn, { prop: 'topic', label: '主题', minWidth: 200 }),
          h(ElTableColumn, { label: '应到/实到', width: 100 }, { default: ({ row }) => `${row.expected}/${row.present}${row.quorum_ok ? '' : '（不足）'}` }),
          h(ElTableColumn, { prop: 'submitted_at', label: '提交时间', width: 180 }),
          h(ElTableColumn, { label: '操作', width: 150 }, { default: ({ row }) => row.may_review ? [
            h(ElButton, { link: true, type: 'primary', class: 'approve', onClick: () => approve(row) }, () => '通过'),
            h(ElButton, { link: true, type: 'danger', class: 'return', onClick: () => ret(row) }, () => '退回')] : h('span', { class: 'hint' }, '由上级审核') }),
        ]),
      ]);
    };
  },
});
