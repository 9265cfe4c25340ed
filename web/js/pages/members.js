// members.js - the member list of the selected organisation's subtree
// (GET /api/members): filters, name search, sort, pagination; columns are the
// descriptor fields marked `list` in /api/meta. Personal fields arrive masked.
// Adding a member opens MemberDialog (the form built from records.member).
import { h, defineComponent, reactive, watch } from 'vue';
import { ElTable, ElTableColumn, ElInput, ElSelect, ElOption, ElButton, ElPagination, ElEmpty, ElTooltip } from 'element-plus';
import { api } from '../api.js';
import { state, navigate, canWrite } from '../lib/state.js';
import { fields, display, dictEntries } from '../lib/meta.js';
import { showError, pageTitle, model } from '../lib/ui.js';
import { MemberDialog } from './member_dialog.js';

const BRANCH_KINDS = ['branch', 'joint_branch', 'temp_branch', 'grid_branch'];
const SORTABLE = ['name', 'joined_on', 'birth_date'];

export const MembersPage = defineComponent({
  name: 'MembersPage',
  setup() {
    const q = new URLSearchParams(location.search);
    const s = reactive({
      items: [], total: 0, busy: false,
      page: Number(q.get('page')) || 1, size: 20, sort: 'id', order: 'asc',
      f: { q: q.get('q') || '', category: '', status: '', gender: '', education: '' },
      adding: false,
    });
    let timer = null;
    async function load() {
      if (!state.org) return;
      s.busy = true;
      try {
        const r = await api('GET', '/api/members', undefined, {
          org_id: state.org.id, ...s.f, sort: s.sort, order: s.order, limit: s.size, offset: (s.page - 1) * s.size,
        });
        s.items = r.items;
        s.total = r.total;
      } catch (e) {
        showError(e);
      } finally {
        s.busy = false;
      }
    }
    function reload() {
      s.page = 1;
      load();
    }
    watch(() => state.org && state.org.id, reload, { immediate: true });

    const filter = (key, dict, placeholder, width = 130) => h(ElSelect, {
      ...model(s.f, key), 'onUpdate:modelValue': (v) => { s.f[key] = v || ''; reload(); },
      placeholder, clearable: true, style: `width:${width}px`, class: `filter-${key}`,
    }, () => [...(key === 'status' ? [h(ElOption, { value: 'all', label: '全部（含出党、死亡）' })] : []),
      ...dictEntries(dict).map((e) => h(ElOption, { key: e.code, value: e.code, label: e.label }))]);

    function columns() {
      return fields('member').filter((f) => f.list).map((f) => h(ElTableColumn, {
        key: f.key, prop: f.key, label: f.label, sortable: SORTABLE.includes(f.key) ? 'custom' : false,
        minWidth: f.type === 'idcard' ? 190 : f.key === 'org_name' ? 200 : f.type === 'date' ? 110 : 90,
      }, { default: ({ row }) => display('member', f, row) }));
    }

    return () => {
      if (!state.org) return h(ElEmpty, { description: '请在左侧选择组织' });
      const isBranch = BRANCH_KINDS.includes(state.org.kind);
      const addBtn = canWrite()
        ? (isBranch
          ? h(ElButton, { type: 'primary', class: 'add-member', onClick: () => { s.adding = true; } }, () => '新增党员')
          : h(ElTooltip, { content: '请先在左侧选择党员所在的党支部' }, () => h('span', h(ElButton, { type: 'primary', disabled: true }, () => '新增党员'))))
        : null;
      return h('div', { class: 'members-page' }, [
        pageTitle(`党员 · ${state.org.name}`, addBtn),
        h('div', { class: 'toolbar' }, [
          h(ElInput, { ...model(s.f, 'q'), 'onUpdate:modelValue': (v) => { s.f.q = v; clearTimeout(timer); timer = setTimeout(reload, 300); },
            placeholder: '按姓名搜索', clearable: true, style: 'width:200px', class: 'member-search', maxlength: 30 }),
          filter('category', 'member_category', '党员类别'),
          filter('status', 'member_status', '在册党员', 170),
          filter('gender', 'gender', '性别', 110),
          filter('education', 'education', '学历', 150),
        ]),
        h(ElTable, {
          data: s.items, stripe: true, emptyText: '没有符合条件的党员', class: 'members-table', rowClassName: () => 'clickable',
          onRowClick: (row) => navigate(`/members/${row.id}`),
          onSortChange: ({ prop, order }) => {
            s.sort = order ? prop : 'id';
            s.order = order === 'descending' ? 'desc' : 'asc';
            reload();
          },
        }, () => columns()),
        h(ElPagination, {
          class: 'pager', background: true, layout: 'total, sizes, prev, pager, next', total: s.total, pageSizes: [20, 50, 100, 200],
          pageSize: s.size, currentPage: s.page,
          'onUpdate:currentPage': (p) => { s.page = p; load(); },
          'onUpdate:pageSize': (n) => { s.size = n; reload(); },
        }),
        s.adding ? h(MemberDialog, { orgId: state.org.id, orgName: state.org.name, onClose: (saved) => { s.adding = false; if (saved) load(); } }) : null,
      ]);
    };
  },
});
