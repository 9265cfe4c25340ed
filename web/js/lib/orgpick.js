// orgpick.js - OrgPicker: a select that searches organisations by name
// (GET /api/orgs/search, active ones in the caller's scope), optionally
// limited to some kinds (e.g. the branch kinds for moving a member).
import { h, defineComponent, reactive } from 'vue';
import { ElSelect, ElOption } from 'element-plus';
import { api } from '../api.js';

export const BRANCH_KINDS = ['branch', 'joint_branch', 'temp_branch', 'grid_branch'];

export const OrgPicker = defineComponent({
  name: 'OrgPicker',
  props: {
    modelValue: { type: [Number, String], default: null },
    kinds: { type: Array, default: null }, // allowed kinds; null: any
    exclude: { type: Array, default: () => [] }, // ids not offered
    placeholder: { type: String, default: '输入组织名称搜索' },
  },
  emits: ['update:modelValue'],
  setup(props, { emit }) {
    const s = reactive({ items: [], loading: false, error: '' });
    let seq = 0;
    async function search(q) {
      q = (q || '').trim();
      if (!q) {
        s.items = [];
        return;
      }
      const mine = ++seq;
      s.loading = true;
      try {
        const r = await api('GET', '/api/orgs/search', undefined, { q: q.slice(0, 50), limit: 50 });
        if (mine !== seq) return;
        s.items = r.items.filter((o) => (!props.kinds || props.kinds.includes(o.kind)) && !props.exclude.includes(o.id));
        s.error = '';
      } catch (e) {
        if (mine === seq) s.error = e.message;
      } finally {
        if (mine === seq) s.loading = false;
      }
    }
    return () => h(ElSelect, {
      modelValue: props.modelValue,
      'onUpdate:modelValue': (v) => emit('update:modelValue', v),
      filterable: true, remote: true, remoteMethod: search, loading: s.loading, clearable: true,
      placeholder: props.placeholder, noDataText: s.error || '没有找到匹配的组织', style: 'width:100%', class: 'org-picker',
    }, () => s.items.map((o) => h(ElOption, { key: o.id, value: o.id, label: o.name }, () => [
      h('span', o.name), h('small', { class: 'hint', style: 'float:right;margin-left:12px' }, o.kind_label)])));
  },
});
