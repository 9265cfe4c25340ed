// inbox_badge.js - the unread-message badge on the top bar. It asks
// GET /api/inbox/count on every navigation and every 60 s, is hidden when
// there is nothing unread, and opens the inbox page when clicked. Pages that
// mark messages read call refreshBadge() so the count follows at once.
import { h, defineComponent, reactive, watch, onMounted, onBeforeUnmount } from 'vue';
import { ElBadge, ElButton } from 'element-plus';
import { api } from '../api.js';
import { state, navigate } from './state.js';

const badge = reactive({ unread: 0 });

export async function refreshBadge() {
  if (!state.me) return;
  try {
    badge.unread = (await api('GET', '/api/inbox/count')).unread;
  } catch { /* signed out or offline: keep the last count */ }
}

export const InboxBadge = defineComponent({
  name: 'InboxBadge',
  setup() {
    let timer = 0;
    onMounted(() => {
      refreshBadge();
      timer = setInterval(refreshBadge, 60000);
    });
    onBeforeUnmount(() => clearInterval(timer));
    watch(() => state.route.path, refreshBadge);
    return () => h(ElBadge, { value: badge.unread, hidden: badge.unread === 0, max: 99, class: 'inbox-badge' }, () =>
      h(ElButton, { link: true, class: 'inbox-button', title: '消息', 'aria-label': badge.unread ? `消息（${badge.unread} 条未读）` : '消息',
        onClick: () => navigate('/inbox') }, () => '消息'));
  },
});
