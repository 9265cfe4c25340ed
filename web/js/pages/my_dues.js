// my_dues.js - 我的党费: a member's own base, monthly amount, 党费交至, this year's
// months, payments and arrears (GET /api/dues/me); laid out for a phone.
import { h, defineComponent, reactive, onMounted } from 'vue';
import { ElCard, ElEmpty, ElAlert, ElButton } from 'element-plus';
import { navigate } from '../lib/state.js';
import { api } from '../api.js';
import { showError } from '../lib/ui.js';
import { categoryLabel, yuan, stateTag, monthLabel } from './dues_common.js';

const CHANNELS = { cash: '现金', bank: '银行转账', online: '网上交纳' };

export const MyDuesPage = defineComponent({
  name: 'MyDuesPage',
  setup() {
    const s = reactive({ l: null, none: false });
    onMounted(async () => {
      try {
        s.l = await api('GET', '/api/dues/me');
      } catch (e) {
        if (e.status === 404) s.none = true;
        else showError(e);
      }
    });
    return () => {
      if (s.none) return h(ElEmpty, { description: '您的账号还没有关联党员档案，请联系支部管理员。' });
      const l = s.l;
      if (!l) return h('div', { class: 'hint' }, '正在加载……');
      const cur = l.months.find((m) => m.state === 'current') || l.months.filter((m) => m.state !== 'not_due').pop() || {};
      return h('div', { class: 'me-page my-dues' }, [
        h(ElCard, { class: 'me-head', shadow: 'never' }, () => [
          h('h2', '我的党费'),
          h('p', l.member.org_name),
          h('p', { class: 'my-dues-through' }, ['党费交至：', h('b', monthLabel(l.paid_through))]),
          h(ElButton, { size: 'small', class: 'my-dues-disclosure', onClick: () => navigate(`/me/disclosure?org=${l.member.org_id}&year=${l.year}`) }, () => '本支部年度公示'),
          h('p', `类别：${categoryLabel(cur.category)}　基数：${yuan(cur.base_fen)} 元　每月：${cur.due_fen === null || cur.due_fen === undefined ? '未核定' : yuan(cur.due_fen)} 元`),
        ]),
        l.arrears_run >= 1 ? h(ElAlert, { type: l.arrears_level === 'none' ? 'info' : 'warning', closable: false, showIcon: true, class: 'my-dues-arrears',
          title: `您有 ${l.arrears_run} 个月党费未交（自${monthLabel(l.arrears_from)}起），合计约 ${yuan(l.unpaid_fen)} 元，请及时向党支部交纳。` }) : null,
        h('h3', `${l.year}年`),
        h('ul', { class: 'my-dues-months' }, l.months.filter((m) => m.state !== 'not_due').map((m) => h('li', { key: m.month }, [
          h('span', { class: 'm' }, monthLabel(m.month)), h('span', { class: 'a' }, m.due_fen === null ? '未核定' : `${yuan(m.due_fen)} 元`), stateTag(m.state)]))),
        h('h3', '交纳记录'),
        l.payments.length ? h('ul', { class: 'my-dues-payments' }, l.payments.map((p) => h('li', { key: p.id }, [
          h('div', `${p.paid_on}　${CHANNELS[p.channel] || p.channel}${p.receipt_no ? `　收据 ${p.receipt_no}` : ''}${p.voided_on ? '（已作废）' : ''}`),
          h('div', { class: 'hint' }, `${monthLabel(p.from_month)}${p.months > 1 ? ` 至 ${monthLabel(p.to_month)}` : ''}　${yuan(p.amount_fen)} 元${p.extra_fen ? `，自愿多交 ${yuan(p.extra_fen)} 元` : ''}`)]))) : h('p', { class: 'hint' }, '暂无交纳记录'),
      ]);
    };
  },
});
