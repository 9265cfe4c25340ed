// inbox.js - the signed-in user's messages from the reminder scheduler
// (GET /api/inbox): unread first filter, mark one or all read, and a link to
// the member or organisation each message is about. Made for a phone too.
import { h, defineComponent, reactive } from 'vue';
import { ElButton, ElEmpty, ElInput, ElMessage, ElPagination, ElSwitch, ElTag } from 'element-plus';
import { api } from '../api.js';
import { state, navigate, rememberOrg } from '../lib/state.js';
import { showError, pageTitle, fmtTime } from '../lib/ui.js';
import { refreshBadge } from '../lib/inbox_badge.js';

const LEVELS = { info: ['danger', '提示'], due: ['warning', '待办'], overdue: ['danger', '逾期'] };

export const InboxPage = defineComponent({
  name: 'InboxPage',
  setup() {
    const s = reactive({ items: [], total: 0, unread: 0, unreadOnly: false, page: 1, size: 20, busy: false, email: '', emailError: '' });
    async function loadEmail() {
      try {
        s.email = (await api('GET', '/api/inbox/settings')).email || '';
      } catch (e) {
        showError(e);
      }
    }
    async function saveEmail() {
      s.emailError = '';
      try {
        s.email = (await api('PUT', '/api/inbox/settings', { email: s.email.trim() })).email || '';
        ElMessage.success(s.email ? '已保存提醒邮箱' : '已清除提醒邮箱');
      } catch (e) {
        if (e.field === 'email') s.emailError = e.message;
        else showError(e);
      }
    }
    async function load() {
      s.busy = true;
      try {
        const r = await api('GET', '/api/inbox', undefined, { unread: s.unreadOnly ? 1 : '', limit: s.size, offset: (s.page - 1) * s.size });
        s.items = r.items;
        s.total = r.total;
        s.unread = r.unread;
      } catch (e) {
        showError(e);
      } finally {
        s.busy = false;
      }
    }
    async function markRead(item) {
      try {
        await api('POST', `/api/inbox/${item.id}/read`, {});
        await load();
        refreshBadge();
      } catch (e) {
        showError(e);
      }
    }
    async function markAll() {
      try {
        await api('POST', '/api/inbox/read-all', {});
        await load();
        refreshBadge();
      } catch (e) {
        showError(e);
      }
    }
    async function openOrg(item) {
      try {
        rememberOrg(await api('GET', `/api/orgs/${item.org_id}`));
        navigate('/org');
      } catch (e) {
        showError(e);
      }
    }
    const memberOnly = () => !!state.me && state.me.roles.every((r) => r.role === 'member');
    function links(item) {
      const out = [];
      if (item.member_id) {
        // a member is only told about themselves: their own record
        if (memberOnly()) out.push(h(ElButton, { link: true, type: 'primary', onClick: () => navigate('/me') }, () => '我的档案'));
        else out.push(h(ElButton, { link: true, type: 'primary', class: 'inbox-member', onClick: () => navigate(`/members/${item.member_id}`) }, () => '查看党员'));
      }
      if (item.org_id && !memberOnly()) out.push(h(ElButton, { link: true, type: 'primary', onClick: () => openOrg(item) }, () => item.org_name || '查看组织'));
      if (!item.read) out.push(h(ElButton, { link: true, class: 'inbox-read', onClick: () => markRead(item) }, () => '标为已读'));
      return out;
    }
    load();
    loadEmail();
    return () => h('div', { class: 'inbox-page' }, [
      pageTitle('消息', h('div', { class: 'toolbar' }, [
        h('span', { class: 'hint' }, `未读 ${s.unread} 条`),
        h(ElSwitch, { modelValue: s.unreadOnly, 'onUpdate:modelValue': (v) => { s.unreadOnly = v; s.page = 1; load(); }, activeText: '只看未读' }),
        h(ElButton, { size: 'small', disabled: s.unread === 0, class: 'inbox-read-all', onClick: markAll }, () => '全部标为已读'),
      ])),
      s.items.length === 0 && !s.busy ? h(ElEmpty, { description: s.unreadOnly ? '没有未读消息' : '暂无消息' }) : null,
      h('ul', { class: 'inbox-list' }, s.items.map((it) => h('li', { key: it.id, class: ['inbox-item', it.read ? 'read' : 'unread'] }, [
        h('div', { class: 'inbox-line' }, [
          it.read ? null : h('span', { class: 'dot', 'aria-label': '未读' }),
          h(ElTag, { size: 'small', type: (LEVELS[it.level] || LEVELS.info)[0] || 'danger', effect: 'plain', disableTransitions: true }, () => it.source),
          h('span', { class: 'inbox-title' }, it.title),
        ]),
        h('div', { class: 'inbox-meta' }, [
          h('span', `${it.stage === 'day' ? '今天' : '日期'}：${it.due}`),
          h('span', { class: 'hint' }, fmtTime(it.created_at)),
          ...links(it),
        ]),
      ]))),
      s.total > s.size ? h(ElPagination, { layout: 'prev, pager, next', total: s.total, pageSize: s.size, currentPage: s.page,
        'onUpdate:currentPage': (p) => { s.page = p; load(); } }) : null,
      h('div', { class: 'inbox-email' }, [
        h('label', { for: 'inbox-email' }, '接收提醒的电子邮箱'),
        h(ElInput, { id: 'inbox-email', modelValue: s.email, 'onUpdate:modelValue': (v) => { s.email = v; }, placeholder: '例如 name@example.org', clearable: true, style: 'max-width:280px' }),
        h(ElButton, { size: 'small', class: 'save-email', onClick: saveEmail }, () => '保存'),
        s.emailError ? h('div', { class: 'el-form-item__error inbox-email-error' }, s.emailError) : null,
      ]),
    ]);
  },
});
