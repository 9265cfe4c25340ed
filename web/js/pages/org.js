// org.js - the organisation page: the 党组织名单 record (fields from
// records.org in /api/meta), posts (书记/委员 …), children, findings and charts.
import { h, defineComponent, reactive, watch, markRaw } from 'vue';
import { ElTabs, ElTabPane, ElDescriptions, ElDescriptionsItem, ElTable, ElTableColumn, ElTag, ElEmpty, ElBreadcrumb, ElBreadcrumbItem, ElButton,
  ElMessageBox, ElMessage, ElDialog, ElForm, ElFormItem, ElDatePicker, ElInput, ElAlert } from 'element-plus';
import { api } from '../api.js';
import { state, rememberOrg, canWrite } from '../lib/state.js';
import { fields, display, dictLabel } from '../lib/meta.js';
import { showError, pageTitle, today, model } from '../lib/ui.js';
import { OrgPicker } from '../lib/orgpick.js';
import { RecordDialog, createBody, patchBody } from '../lib/form.js';
import { statsCharts } from '../lib/chart.js';
import { Findings } from './findings.js';
import { TermsTab } from './terms.js';

export const OrgPage = defineComponent({
  name: 'OrgPage',
  setup() {
    const s = reactive({ org: null, path: [], posts: [], children: [], stats: null, tab: 'info', dialog: null, members: [], move: null, dissolve: null });
    async function load() {
      if (!state.org) return;
      const id = state.org.id;
      try {
        const [org, path, posts, children, stats] = await Promise.all([
          api('GET', `/api/orgs/${id}`),
          api('GET', `/api/orgs/${id}/path`),
          api('GET', `/api/orgs/${id}/posts`),
          api('GET', '/api/orgs', undefined, { parent_id: id }),
          api('GET', `/api/orgs/${id}/stats`),
        ]);
        // the names of holders who are members (a post carries member_id only)
        await Promise.all(posts.items.filter((p) => p.member_id && !p.member_name).map(async (p) => {
          try {
            p.member_name = (await api('GET', `/api/members/${p.member_id}`)).name;
          } catch { /* keep the number */ }
        }));
        Object.assign(s, { org, path: path.items, posts: posts.items, children: children.items, stats });
      } catch (e) {
        showError(e);
      }
    }
    watch(() => state.org && state.org.id, load, { immediate: true });

    /* Fields the organisation form leaves to other calls (move, dissolve). */
    const ORG_OMIT = ['parent_id'];
    const POST_OMIT = ['org_id', 'end_on'];

    function editOrg() {
      s.dialog = markRaw(h(RecordDialog, {
        record: 'org', title: `编辑组织 · ${s.org.name}`, initial: s.org, omit: ORG_OMIT, width: '760px',
        save: async (values) => {
          const body = patchBody('org', values, s.org, ORG_OMIT);
          if (Object.keys(body).length) await api('PATCH', `/api/orgs/${s.org.id}`, body);
        },
        onClose: (saved) => { s.dialog = null; if (saved) load(); },
      }));
    }

    async function addPost() {
      let members = [];
      try {
        members = (await api('GET', '/api/members', undefined, { org_id: s.org.id, limit: 200, sort: 'name' })).items;
      } catch { /* offer no members; a name can still be typed */ }
      s.dialog = markRaw(h(RecordDialog, {
        record: 'org_post', title: `新增任职 · ${s.org.name}`, initial: { start_on: today() }, omit: POST_OMIT,
        choices: { member_id: members.map((m) => ({ value: m.id, label: `${m.name}（${m.org_name}）` })) },
        save: (values) => api('POST', `/api/orgs/${s.org.id}/posts`, createBody('org_post', values, POST_OMIT)),
        onClose: (saved) => { s.dialog = null; if (saved) load(); },
      }));
    }

    async function endPost(row) {
      try {
        const { value } = await ElMessageBox.prompt('离任日期（YYYY-MM-DD）', `${row.post_label} ${row.person_name || ''} 离任`, {
          inputValue: today(), inputPattern: /^\d{4}-\d{2}-\d{2}$/, inputErrorMessage: '请按 YYYY-MM-DD 填写日期', confirmButtonText: '确定', cancelButtonText: '取消',
        });
        await api('POST', `/api/orgs/${s.org.id}/posts/${row.id}/end`, { end_on: value });
        ElMessage.success('已登记离任');
        load();
      } catch (e) {
        if (e !== 'cancel' && e !== 'close') showError(e);
      }
    }

    /* 移动 (POST …/move {parent_id}) and 撤销 (POST …/dissolve {dissolved_on, reason}):
       the server's message under the field it names, else at the top of the dialog. */
    function actionDialog(key, title, cls, fieldKeys, items, submit) {
      const d = s[key];
      const err = (k) => (d.field === k ? d.error : '');
      const close = () => { s[key] = null; };
      const save = async () => {
        d.busy = true;
        try {
          await submit(d);
          close();
        } catch (e) {
          if (e && e.status === 401) return;
          d.field = e.field || '';
          d.error = e.message || String(e);
        } finally {
          d.busy = false;
        }
      };
      return h(ElDialog, { modelValue: true, 'onUpdate:modelValue': close, title, width: '520px', closeOnClickModal: false, class: cls }, {
        default: () => [
          d.error && !fieldKeys.includes(d.field) ? h(ElAlert, { type: 'error', title: d.error, closable: false, showIcon: true, class: 'gap form-alert' }) : null,
          h(ElForm, { labelWidth: '90px' }, () => items(d, err)),
        ],
        footer: () => [h(ElButton, { onClick: close }, () => '取消'),
          h(ElButton, { type: 'primary', loading: d.busy, onClick: save, class: 'save' }, () => '确定')],
      });
    }
    function moveDialog() {
      return actionDialog('move', `移动组织 · ${s.org.name}`, 'org-move-dialog', ['parent_id'], (d, err) => [
        h(ElFormItem, { label: '当前上级', 'data-field': 'current' }, () => (s.path.length > 1 ? s.path[s.path.length - 2].name : '（无）')),
        h(ElFormItem, { label: '新的上级', required: true, error: err('parent_id'), 'data-field': 'parent_id' },
          () => h(OrgPicker, { ...model(d, 'parent_id'), exclude: [s.org.id] })),
        h('p', { class: 'hint' }, '下级组织和党员随之移动。'),
      ], async (d) => {
        if (!d.parent_id) throw { field: 'parent_id', message: '请选择新的上级组织' };
        const org = await api('POST', `/api/orgs/${s.org.id}/move`, { parent_id: d.parent_id });
        ElMessage.success('组织已移动');
        rememberOrg(org);
        load();
      });
    }
    function dissolveDialog() {
      return actionDialog('dissolve', `撤销组织 · ${s.org.name}`, 'org-dissolve-dialog', ['dissolved_on', 'reason'], (d, err) => [
        h(ElFormItem, { label: '撤销日期', required: true, error: err('dissolved_on'), 'data-field': 'dissolved_on' },
          () => h(ElDatePicker, { ...model(d, 'dissolved_on'), type: 'date', valueFormat: 'YYYY-MM-DD', style: 'width:100%' })),
        h(ElFormItem, { label: '撤销原因', required: true, error: err('reason'), 'data-field': 'reason' },
          () => h(ElInput, { ...model(d, 'reason'), type: 'textarea', maxlength: 500, showWordLimit: true })),
        h('p', { class: 'hint' }, '撤销后记录保留，不能再修改；仍有下级组织或党员时不能撤销。'),
      ], async (d) => {
        const org = await api('POST', `/api/orgs/${s.org.id}/dissolve`, { dissolved_on: d.dissolved_on || '', reason: d.reason || '' });
        ElMessage.success('组织已撤销');
        rememberOrg(org);
        load();
      });
    }

    function info() {
      const shown = fields('org').filter((f) => !['id', 'path', 'parent_id', 'created_at', 'updated_at'].includes(f.key));
      return h(ElDescriptions, { column: 2, border: true, class: 'org-info' }, () => shown.map((f) =>
        h(ElDescriptionsItem, { label: f.label, key: f.key }, () => (f.key === 'status' ? (s.org.status === 'dissolved' ? '已撤销' : '正常') : display('org', f, s.org) || '—'))));
    }
    function posts() {
      return h(ElTable, { data: s.posts, emptyText: '暂无职务记录' }, () => [
        h(ElTableColumn, { label: '职务', width: 120 }, { default: ({ row }) => row.post_label || dictLabel('post', row.post) }),
        h(ElTableColumn, { label: '姓名', width: 160 }, { default: ({ row }) => row.member_name || row.person_name || (row.member_id ? `党员（编号 ${row.member_id}）` : '') }),
        h(ElTableColumn, { prop: 'start_on', label: '任职日期', width: 120 }),
        h(ElTableColumn, { label: '离任日期', width: 120 }, { default: ({ row }) => row.end_on || h(ElTag, { type: 'success', size: 'small' }, () => '在任') }),
        h(ElTableColumn, { prop: 'note', label: '备注' }),
        canWrite() ? h(ElTableColumn, { label: '', width: 90 }, { default: ({ row }) => (row.end_on ? null
          : h(ElButton, { link: true, type: 'primary', onClick: () => endPost(row) }, () => '离任')) }) : null,
      ]);
    }
    function children() {
      return h(ElTable, { data: s.children, emptyText: '没有下级组织', onRowClick: (row) => rememberOrg(row), rowClassName: () => 'clickable' }, () => [
        h(ElTableColumn, { prop: 'name', label: '党组织名称', minWidth: 220 }),
        h(ElTableColumn, { prop: 'kind_label', label: '组织类别', width: 120 }),
        h(ElTableColumn, { prop: 'code', label: '党组织代码', width: 150 }),
        h(ElTableColumn, { label: '状态', width: 90 }, { default: ({ row }) => (row.status === 'dissolved' ? '已撤销' : '正常') }),
      ]);
    }
    return () => {
      if (!state.org || !s.org) return h(ElEmpty, { description: '请在左侧选择组织' });
      return h('div', { class: 'org-page' }, [
        h(ElBreadcrumb, { separator: '/' }, () => s.path.map((o) => h(ElBreadcrumbItem, { key: o.id }, () => o.name))),
        pageTitle(s.org.name, h(ElTag, { class: 'kind-tag' }, () => s.org.kind_label),
          canWrite() && s.org.status !== 'dissolved' ? h('span', [
            h(ElButton, { onClick: editOrg, class: 'edit-org' }, () => '编辑'),
            h(ElButton, { type: 'primary', onClick: addPost, class: 'add-post' }, () => '新增任职'),
            h(ElButton, { onClick: () => { s.move = { parent_id: null, error: '', field: '', busy: false }; }, class: 'move-org' }, () => '移动'),
            h(ElButton, { type: 'danger', plain: true, onClick: () => { s.dissolve = { dissolved_on: today(), reason: '', error: '', field: '', busy: false }; }, class: 'dissolve-org' }, () => '撤销'),
          ]) : null),
        h(ElTabs, { modelValue: s.tab, 'onUpdate:modelValue': (v) => { s.tab = v; } }, () => [
          h(ElTabPane, { label: '基本信息', name: 'info' }, () => info()),
          h(ElTabPane, { label: `班子成员（${s.posts.filter((p) => !p.end_on).length}）`, name: 'posts' }, () => posts()),
          h(ElTabPane, { label: `下级组织（${s.children.length}）`, name: 'children' }, () => children()),
          h(ElTabPane, { label: '设置检查', name: 'findings', lazy: true }, () => h(Findings, { orgId: s.org.id })),
          h(ElTabPane, { label: '换届', name: 'terms', lazy: true }, () => h(TermsTab, { org: s.org, onChanged: load })),
          h(ElTabPane, { label: '统计', name: 'stats', lazy: true }, () => statsCharts(s.stats)),
        ]),
        s.dialog,
        s.move ? moveDialog() : null,
        s.dissolve ? dissolveDialog() : null,
      ]);
    };
  },
});
