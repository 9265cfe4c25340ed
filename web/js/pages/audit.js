// audit.js - the audit log of the caller's subtree (GET /api/audit), newest
// first, with filters; 加载更多 pages on with next_before_id.
import { h, defineComponent, reactive, onMounted } from 'vue';
import { ElTable, ElTableColumn, ElInput, ElSelect, ElOption, ElButton, ElMessage } from 'element-plus';
import { api } from '../api.js';
import { hasRole } from '../lib/state.js';
import { showError, pageTitle, model, fmtTime } from '../lib/ui.js';

const TYPES = [['member', '党员'], ['org', '组织'], ['org_post', '职务'], ['user', '用户'], ['rule', '规则']];

/* Chinese names of the audit actions; an action not listed here is shown as it is. */
const ACTIONS = {
  'auth.login': '登录', 'auth.login_failed': '登录失败', 'auth.logout': '退出登录',
  'user.create': '新增用户', 'user.grant': '授予角色', 'user.password_change': '修改密码', 'user.password_reset': '重置密码',
  'org.create': '新增组织', 'org.update': '修改组织', 'org.move': '移动组织', 'org.dissolve': '撤销组织',
  'org_post.create': '新增任职', 'org_post.end': '离任',
  'member.create': '新增党员', 'member.update': '修改党员', 'member.status': '党员状态变更', 'member.move': '党员转移',
  'member.link_user': '关联账号', 'member.read_unmasked': '查看完整信息',
  'rule.override': '调整规则', 'demo.generate': '生成演示数据',
};

export const AuditPage = defineComponent({
  name: 'AuditPage',
  setup() {
    const s = reactive({ items: [], next: null, f: { record_type: '', record_id: '', action: '' }, busy: false });
    async function load(more = false) {
      s.busy = true;
      try {
        const r = await api('GET', '/api/audit', undefined, { ...s.f, limit: 50, before_id: more ? s.next : undefined });
        s.items = more ? [...s.items, ...r.items] : r.items;
        s.next = r.next_before_id;
      } catch (e) {
        showError(e);
      } finally {
        s.busy = false;
      }
    }
    async function verify() {
      try {
        const r = await api('GET', '/api/audit/verify');
        if (r.intact) ElMessage.success(`审计链完整，共 ${r.rows} 条`);
        else ElMessage.error(`审计链在第 ${r.broken_id} 条断开：${r.reason}`);
      } catch (e) {
        showError(e);
      }
    }
    onMounted(() => load());
    const json = (v) => (v === null || v === undefined ? '' : JSON.stringify(v));
    return () => h('div', { class: 'audit-page' }, [
      pageTitle('审计日志', hasRole('sysadmin') ? h(ElButton, { onClick: verify }, () => '校验审计链') : null),
      h('div', { class: 'toolbar' }, [
        h(ElSelect, { ...model(s.f, 'record_type'), placeholder: '记录类型', clearable: true, style: 'width:130px' },
          () => TYPES.map(([v, l]) => h(ElOption, { key: v, value: v, label: l }))),
        h(ElInput, { ...model(s.f, 'record_id'), placeholder: '记录编号', clearable: true, style: 'width:120px' }),
        h(ElSelect, { ...model(s.f, 'action'), placeholder: '操作', clearable: true, filterable: true, style: 'width:200px' },
          () => Object.entries(ACTIONS).map(([v, l]) => h(ElOption, { key: v, value: v, label: l }))),
        h(ElButton, { type: 'primary', onClick: () => load() }, () => '查询'),
      ]),
      h(ElTable, { data: s.items, stripe: true, class: 'audit-table', emptyText: '没有记录' }, () => [
        h(ElTableColumn, { prop: 'id', label: '序号', width: 80 }),
        h(ElTableColumn, { label: '时间', width: 150 }, { default: ({ row }) => fmtTime(row.at) }),
        h(ElTableColumn, { prop: 'username', label: '操作人', width: 110 }),
        h(ElTableColumn, { label: '操作', width: 190 }, { default: ({ row }) => h('span', { title: row.action }, [ACTIONS[row.action] || row.action,
          ACTIONS[row.action] ? h('small', { class: 'hint' }, ` ${row.action}`) : null]) }),
        h(ElTableColumn, { label: '记录', width: 110 }, { default: ({ row }) => `${row.record_type || ''} ${row.record_id || ''}` }),
        h(ElTableColumn, { label: '变更前', minWidth: 200, showOverflowTooltip: true }, { default: ({ row }) => json(row.before) }),
        h(ElTableColumn, { label: '变更后', minWidth: 200, showOverflowTooltip: true }, { default: ({ row }) => json(row.after) }),
        h(ElTableColumn, { prop: 'client_ip', label: '来源', width: 110 }),
      ]),
      s.next ? h(ElButton, { class: 'more', loading: s.busy, onClick: () => load(true) }, () => '加载更多') : null,
    ]);
  },
});
