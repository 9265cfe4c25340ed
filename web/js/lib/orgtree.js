// orgtree.js - the organisation tree on the left: lazy-loaded level by level
// (GET /api/orgs?parent_id=), searchable by name (GET /api/orgs/search), and
// the selection is remembered (state.rememberOrg) for the next visit.
import { h, defineComponent, ref, reactive } from 'vue';
import { ElTree, ElInput, ElEmpty } from 'element-plus';
import { api } from '../api.js';
import { state, rememberOrg, rememberedOrgId } from './state.js';
import { showError } from './ui.js';

const LEAF_KINDS = ['group', 'building_group'];

export const OrgTree = defineComponent({
  name: 'OrgTree',
  setup() {
    const search = reactive({ q: '', items: [], total: 0, busy: false });
    const tree = ref(null);
    let timer = null;

    async function load(node, resolve) {
      try {
        const r = node.level === 0 ? await api('GET', '/api/orgs') : await api('GET', '/api/orgs', undefined, { parent_id: node.data.id });
        resolve(r.items);
        if (node.level === 0) restore(r.items);
      } catch (e) {
        showError(e);
        resolve([]);
      }
    }

    /* Select the remembered organisation (fetching it and its path), else the first root. */
    async function restore(roots) {
      const id = rememberedOrgId();
      if (id) {
        try {
          const org = await api('GET', `/api/orgs/${id}`);
          select(org);
          await expandTo(org.id);
          return;
        } catch { /* gone or out of scope: fall through */ }
      }
      if (roots.length) select(roots[0]);
    }

    /* Open the tree down to an organisation (its ancestors within the scope, loaded level by level). */
    async function expandTo(id) {
      const path = (await api('GET', `/api/orgs/${id}/path`)).items;
      for (const o of path.slice(0, -1)) {
        const node = tree.value && tree.value.getNode(o.id);
        if (!node) continue;
        await new Promise((resolve) => node.expand(resolve));
      }
      if (tree.value) tree.value.setCurrentKey(id, false);
    }

    function select(org) {
      rememberOrg(org);
      if (tree.value) tree.value.setCurrentKey(org.id, false);
    }

    function onSearch(v) {
      search.q = v;
      clearTimeout(timer);
      if (!v.trim()) {
        search.items = [];
        return;
      }
      timer = setTimeout(async () => {
        try {
          const r = await api('GET', '/api/orgs/search', undefined, { q: v.trim(), limit: 50 });
          search.items = r.items;
          search.total = r.total;
        } catch (e) {
          showError(e);
        }
      }, 250);
    }

    return () => h('div', { class: 'org-tree' }, [
      h(ElInput, { modelValue: search.q, 'onUpdate:modelValue': onSearch, placeholder: '搜索组织名称', clearable: true, class: 'org-search' }),
      search.q.trim()
        ? h('ul', { class: 'org-results' }, search.items.length
          ? search.items.map((o) => h('li', { key: o.id, class: state.org && state.org.id === o.id ? 'current' : '', onClick: () => select(o) }, [
            h('span', o.name), h('small', o.kind_label)]))
          : [h(ElEmpty, { description: '没有找到匹配的组织', imageSize: 60 })])
        : null,
      h(ElTree, {
        ref: tree,
        style: search.q.trim() ? 'display:none' : '',
        lazy: true,
        load,
        nodeKey: 'id',
        highlightCurrent: true,
        expandOnClickNode: false,
        props: { label: 'name', isLeaf: (d) => LEAF_KINDS.includes(d.kind) },
        onNodeClick: (data) => select(data),
      }, {
        default: ({ data }) => h('span', { class: 'tree-node', title: data.name }, [
          h('span', data.name), data.status === 'dissolved' ? h('small', '（已撤销）') : null]),
      }),
    ]);
  },
});
