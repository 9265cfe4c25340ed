// me.js - a member's own record (GET /api/me/member); laid out for a phone.
import { h, defineComponent, reactive, onMounted } from 'vue';
import { ElCard, ElButton, ElEmpty } from 'element-plus';
import { api } from '../api.js';
import { fields, display } from '../lib/meta.js';
import { showError } from '../lib/ui.js';

const HIDE = ['id', 'org_id', 'org_kind', 'org_path', 'user_id', 'group_id', 'created_at', 'updated_at'];

export const MePage = defineComponent({
  name: 'MePage',
  setup() {
    const s = reactive({ m: null, none: false, unmasked: false });
    async function load(unmasked) {
      try {
        s.m = await api('GET', '/api/me/member', undefined, unmasked ? { unmasked: 1 } : undefined);
        s.unmasked = !!unmasked;
      } catch (e) {
        if (e.status === 404) s.none = true;
        else showError(e);
      }
    }
    onMounted(() => load(false));
    return () => {
      if (s.none) return h(ElEmpty, { description: '您的账号还没有关联党员档案，请联系支部管理员。' });
      if (!s.m) return h('div', { class: 'hint' }, '正在加载……');
      const m = s.m;
      return h('div', { class: 'me-page' }, [
        h(ElCard, { class: 'me-head', shadow: 'never' }, () => [
          h('h2', m.name), h('p', m.org_name),
          h('p', { class: 'hint' }, [`党龄 ${m.party_years ?? 0} 年 · 政治生日 ${m.political_birthday || '—'}`]),
          !s.unmasked ? h(ElButton, { size: 'small', onClick: () => load(true) }, () => '查看完整信息') : h('p', { class: 'hint' }, '本次查看已记入审计日志'),
        ]),
        h('dl', { class: 'me-fields' }, fields('member').filter((f) => !HIDE.includes(f.key) && display('member', f, m) !== '')
          .flatMap((f) => [h('dt', { key: `t${f.key}` }, f.label), h('dd', { key: `d${f.key}` }, display('member', f, m))])),
      ]);
    };
  },
});
