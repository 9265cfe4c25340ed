// transfer_letter.js - the 党员组织关系介绍信 print page (/transfers/{id}/letter):
// 存根, 主件 and 回执 in the national wording, from GET /api/transfers/{id}/letter
// (the same svc struct as the PDF). Print with the browser (the print
// style sheet hides the console around it), or download the one-page A4 PDF
// (GET /api/transfers/{id}/letter.pdf) for the paper path; a void letter
// (returned, cancelled, expired) has no PDF.
import { h, defineComponent, reactive, onMounted } from 'vue';
import { ElButton, ElAlert } from 'element-plus';
import { api } from '../api.js';
import { download } from '../lib/files.js';
import { state, navigate } from '../lib/state.js';

function cn(d) {
  if (!d) return '　　年　　月　　日';
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
}

const blank = (s, w = 6) => h('span', { class: 'fill' }, s || '\u3000'.repeat(w));
/* "第 N 号", or the number as issued when it already ends in 号 (组转〔2026〕1号). */
const number = (no) => (no && no.endsWith('号') ? ['编号 ', blank(no)] : ['第 ', blank(no), ' 号']);
const PRINTABLE = ['issued', 'received', 'completed'];

export const TransferLetterPage = defineComponent({
  name: 'TransferLetterPage',
  setup() {
    const id = Number(state.route.path.split('/')[2]);
    const s = reactive({ l: null, error: '' });
    onMounted(async () => {
      try {
        s.l = await api('GET', `/api/transfers/${id}/letter`);
      } catch (e) {
        s.error = e.message;
      }
    });
    async function pdf() {
      s.error = '';
      try {
        await download('GET', `/api/transfers/${id}/letter.pdf`, null, `组织关系介绍信-${s.l.letter_no}.pdf`);
      } catch (e) {
        s.error = e.message;
      }
    }
    function who(l) {
      const parts = [l.gender_label, l.age ? `${l.age}岁` : '', l.nation_label].filter(Boolean);
      return parts.join('，');
    }
    return () => {
      const l = s.l;
      const alert = s.error ? h(ElAlert, { type: 'error', title: s.error, closable: false, showIcon: true }) : null;
      if (!l) return alert ? h('div', [alert]) : h('div', { class: 'loading' }, '正在加载…');
      const valid = PRINTABLE.includes(l.state);
      const dues = `${l.dues_year}年${l.dues_month}月`;
      return h('div', { class: 'letter-page' }, [
        h('div', { class: 'no-print toolbar' }, [
          h(ElButton, { onClick: () => navigate('/transfers') }, () => '返回'),
          h(ElButton, { type: 'primary', class: 'print', onClick: () => window.print() }, () => '打印'),
          valid ? h(ElButton, { class: 'letter-pdf', onClick: pdf }, () => '下载 PDF') : null,
          h('span', { class: 'hint' }, valid ? `${l.transfer_category}　身份证号码已脱敏显示` : '该介绍信已作废，不能下载 PDF'),
        ]),
        alert ? h('div', { class: 'no-print' }, [alert]) : null,
        h('section', { class: 'letter stub' }, [
          h('h3', '中国共产党党员组织关系介绍信（存根）'),
          h('p', { class: 'letter-no' }, number(l.letter_no)),
          h('p', [blank(l.member_name), ' 同志系中共', blank(l.category_label, 2), '党员，组织关系由 ', blank(l.from_name),
            ' 转到 ', blank(l.to_name), '。']),
          h('p', ['党费交到 ', blank(dues), '。']),
          h('p', ['有效期 ', blank(String(l.valid_days), 2), ' 天（至 ', cn(l.valid_until), '）']),
          h('p', { class: 'date' }, cn(l.issued_on)),
        ]),
        h('div', { class: 'cut' }, '（骑缝）'),
        h('section', { class: 'letter main' }, [
          h('h3', '中国共产党党员组织关系介绍信'),
          h('p', { class: 'letter-no' }, number(l.letter_no)),
          h('p', [blank(l.to_name), '：']),
          h('p', { class: 'indent' }, [blank(l.member_name), ' 同志（', who(l) || blank('', 6), '），系中共', blank(l.category_label, 2),
            '党员，身份证号码 ', blank(l.id_masked), '，由 ', blank(l.from_name), ' 去 ', blank(l.to_name),
            '，请转接组织关系。']),
          h('p', { class: 'indent' }, ['该同志党费已交到 ', blank(dues), '。']),
          h('p', { class: 'indent' }, ['（有效期 ', blank(String(l.valid_days), 2), ' 天）']),
          h('p', { class: 'seal' }, [blank(l.issuer_name), '（盖章）']),
          h('p', { class: 'date' }, cn(l.issued_on)),
        ]),
        h('div', { class: 'cut' }, '（沿此线剪下）'),
        h('section', { class: 'letter receipt' }, [
          h('h3', '回　执'),
          h('p', [blank(l.issuer_name), '：']),
          h('p', { class: 'indent' }, [blank(l.member_name), ' 同志的党员组织关系已转达我处，特此回执。']),
          h('p', { class: 'seal' }, [blank(l.to_name), '（盖章）']),
          h('p', { class: 'date' }, cn(l.receipt_on || l.received_on)),
        ]),
      ]);
    };
  },
});
