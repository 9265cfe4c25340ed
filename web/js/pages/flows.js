// flows.js - 流动党员 of the selected organisation (GET /api/flow): members who
// went out from this subtree and members who came in to it; annual review
// (年审) and ending a registration. In-flow members take part in organisational
// life and may pay dues at the host branch, without a vote there.
import { h, defineComponent, reactive, watch } from 'vue';
import { ElTable, ElTableColumn, ElButton, ElTag, ElSwitch, ElMessage, ElMessageBox, ElEmpty } from 'element-plus';
import { api } from '../api.js';
import { state, canWrite } from '../lib/state.js';
import { showError, pageTitle, today } from '../lib/ui.js';

export const FlowsPage = defineComponent({
  name: 'FlowsPage',
  setup() {
    const s = reactive({ items: [], all: false, busy: false });
    async function load() {
      if (!state.org) return;
      s.busy = true;
      try {
        s.items = (await api('GET', '/api/flow', undefined, { org_id: state.org.id, all: s.all ? 1 : '' })).items;
      } catch (e) {
        showError(e);
        s.items = [];
      } finally {
        s.busy = false;
      }
    }
    watch(() => state.org && state.org.id, load, { immediate: true });

    async function review(f) {
      const year = new Date().getFullYear();
      try {
        await ElMessageBox.confirm(`${f.member_name} 的流动党员活动证 ${year} 年度年审通过？`, '年审', { confirmButtonText: '通过', cancelButtonText: '取消' });
      } catch {
        return;
      }
      try {
        await api('POST', `/api/flow/${f.id}/review`, { year, date: today(), result: 'passed' });
        ElMessage.success('已登记年审');
        load();
      } catch (e) {
        showError(e);
      }
    }
    async function end(f) {
      let reason;
      try {
        reason = (await ElMessageBox.prompt('结束原因（返回、转移组织关系等）', `结束流动 · ${f.member_name}`,
          { inputPattern: /\S/, inputErrorMessage: '请填写原因', confirmButtonText: '确定', cancelButtonText: '取消' })).value;
      } catch {
        return;
      }
      try {
        await api('POST', `/api/flow/${f.id}/end`, { date: today(), reason });
        ElMessage.success('已结束');
        load();
      } catch (e) {
        showError(e);
      }
    }

    return () => h('div', { class: 'flows-page' }, [
      pageTitle(`流动党员${state.org ? ' · ' + state.org.name : ''}`,
        h('span', [h(ElSwitch, { modelValue: s.all, 'onUpdate:modelValue': (v) => { s.all = v; load(); }, activeText: '含已结束' })])),
      h('p', { class: 'hint' }, '流入的流动党员可参加本支部组织生活、交纳党费，但不参加本支部表决和选举，不计入应到会人数。'),
      state.org ? h(ElTable, { data: s.items, class: 'flow-table', emptyText: '没有流动党员' }, () => [
        h(ElTableColumn, { prop: 'member_name', label: '姓名', width: 100 }),
        h(ElTableColumn, { label: '方向', width: 80 }, { default: ({ row }) =>
          h(ElTag, { size: 'small', type: row.side === 'out' ? 'warning' : 'success' }, () => (row.side === 'out' ? '流出' : '流入')) }),
        h(ElTableColumn, { prop: 'home_name', label: '流出地党组织', minWidth: 160 }),
        h(ElTableColumn, { prop: 'host_name', label: '流入地党组织', minWidth: 160 }),
        h(ElTableColumn, { prop: 'reason', label: '外出原因', width: 100 }),
        h(ElTableColumn, { prop: 'destination', label: '去向', minWidth: 140 }),
        h(ElTableColumn, { prop: 'card_no', label: '活动证编号', width: 120 }),
        h(ElTableColumn, { prop: 'left_on', label: '外出日期', width: 110 }),
        h(ElTableColumn, { prop: 'last_review_year', label: '最近年审', width: 90 }),
        h(ElTableColumn, { prop: 'ended_on', label: '结束日期', width: 110 }),
        h(ElTableColumn, { label: '办理', width: 160 }, { default: ({ row }) => (canWrite() && !row.ended_on ? [
          h(ElButton, { size: 'small', class: 'flow-review', onClick: () => review(row) }, () => '年审'),
          h(ElButton, { size: 'small', class: 'flow-end', onClick: () => end(row) }, () => '结束')] : null) }),
      ]) : h(ElEmpty, { description: '请在左侧选择组织' }),
    ]);
  },
});
