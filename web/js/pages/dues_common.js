// dues_common.js - shared bits of the 党费 pages: categories, states, money.
import { h } from 'vue';
import { ElTag } from 'element-plus';

export const CATEGORIES = [
  { code: 'employed', label: '在职（税后月工资）', base: true },
  { code: 'annual_salary', label: '年薪制（当月实际收入）', base: true },
  { code: 'self_employed', label: '个体经营等（上季度纯收入）', quarter: true },
  { code: 'retiree', label: '离退休', base: true },
  { code: 'farmer', label: '农民' },
  { code: 'student', label: '学生' },
  { code: 'unemployed', label: '下岗失业' },
  { code: 'relief', label: '依靠抚恤或救济生活' },
  { code: 'dibao', label: '领取最低生活保障金' },
];

export function categoryLabel(code) {
  const c = CATEGORIES.find((x) => x.code === code);
  return c ? c.label : code || '未核定';
}

/* Integer fen -> "3000.01"; null -> "—". */
export function yuan(fen) {
  if (fen === null || fen === undefined) return '—';
  const neg = fen < 0;
  const a = Math.abs(fen);
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

const STATES = {
  paid: ['已交', 'success'], waived: ['免交', 'info'], unpaid: ['未交', 'danger'],
  current: ['本月待交', 'warning'], upcoming: ['未到期', 'info'], not_due: ['不需交纳', 'info'],
};

export function stateTag(state) {
  const [label, type] = STATES[state] || [state, 'info'];
  return h(ElTag, { type, size: 'small', disableTransitions: true, class: `dues-state dues-${state}` }, () => label);
}

export function levelTag(level) {
  if (level === 'lapse_candidate') return h(ElTag, { type: 'danger', size: 'small', disableTransitions: true }, () => '连续6个月未交·自行脱党待研究');
  if (level === 'warning') return h(ElTag, { type: 'warning', size: 'small', disableTransitions: true }, () => '连续3个月以上未交');
  return null;
}

export function monthLabel(m) {
  return m ? `${m.slice(0, 4)}年${m.slice(5, 7)}月` : '—';
}

export function thisMonth() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}
