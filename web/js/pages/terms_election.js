// terms_election.js - the election result form (选举结果): 应到会, 实到会, 应选
// and the candidates with their votes and the post each takes if elected. As
// the figures change the server checks them (POST …/terms/check): the quorum
// (more than 4/5), the majority (more than half of those present), the
// competitive ratio (at least 20% more candidates) - each with its rule.
// Saving (POST …/terms/elect) records the new term and the committee's posts.
import { h, defineComponent, reactive, onMounted } from 'vue';
import { ElDialog, ElForm, ElFormItem, ElDatePicker, ElInputNumber, ElInput, ElSelect, ElOption, ElButton, ElTag, ElAlert,
  ElTable, ElTableColumn } from 'element-plus';
import { api } from '../api.js';
import { model, today } from '../lib/ui.js';

const POSTS = [['secretary', '书记'], ['deputy_secretary', '副书记'], ['organization', '组织委员'], ['propaganda', '宣传委员'],
  ['discipline', '纪检委员'], ['member', '委员']];
const LEVEL_TAG = { ok: 'success', error: 'danger', warning: 'warning' };
const LEVEL_TEXT = { ok: '通过', error: '不通过', warning: '提示' };

export const ElectionDialog = defineComponent({
  name: 'ElectionDialog',
  props: { org: { type: Object, required: true }, onClose: { type: Function, required: true } },
  setup(props) {
    const s = reactive({
      elected_on: today(), expected: 0, present: 0, seats: 3, note: '',
      candidates: [{ member_id: null, name: '', post: 'secretary', yes: 0 }],
      members: [], result: null, inputError: null, error: '', field: '', busy: false,
    });
    let timer = null;
    let seq = 0;

    onMounted(async () => {
      try {
        s.members = (await api('GET', '/api/members', undefined, { org_id: props.org.id, limit: 200, sort: 'name' })).items;
        // 应到会: pre-filled with the 正式党员 on the roll (预备党员 have no vote); the secretary adjusts it
        if (!s.expected) s.expected = s.members.filter((m) => m.category === 'full' && m.status === 'normal').length;
      } catch { /* names can still be typed */ }
      recheck();
    });

    function body() {
      return {
        elected_on: s.elected_on || '', expected: s.expected || 0, present: s.present || 0, seats: s.seats || 0,
        ...(s.note ? { note: s.note } : {}),
        candidates: s.candidates.map((c) => (c.member_id
          ? { member_id: c.member_id, post: c.post, yes: c.yes || 0 }
          : { name: c.name || '', post: c.post, yes: c.yes || 0 })),
      };
    }
    /* Ask the server to check the figures, 300 ms after the last change; only the latest answer counts. */
    function recheck() {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const mine = ++seq;
        try {
          const r = await api('POST', `/api/orgs/${props.org.id}/terms/check`, body());
          if (mine !== seq) return;
          s.result = r;
          s.inputError = null;
        } catch (e) {
          if (mine !== seq || (e && e.status === 401)) return;
          s.result = null;
          s.inputError = { field: e.field || '', message: e.message || String(e) };
        }
      }, 300);
    }
    const bind = (obj, key) => model(obj, key, { 'onUpdate:modelValue': (v) => { obj[key] = v; recheck(); } });

    async function save() {
      s.busy = true;
      try {
        await api('POST', `/api/orgs/${props.org.id}/terms/elect`, body());
        props.onClose(true);
      } catch (e) {
        if (e && e.status === 401) return;
        s.field = e.field || '';
        s.error = e.message || String(e);
      } finally {
        s.busy = false;
      }
    }

    function candidatesTable() {
      const verdict = (i) => (s.result && s.result.candidates[i]) || null;
      return h(ElTable, { data: s.candidates, class: 'election-candidates', size: 'small' }, () => [
        h(ElTableColumn, { label: '候选人', minWidth: 200 }, { default: ({ row, $index }) => h('div', { class: 'cand-who' }, [
          h(ElSelect, { ...bind(row, 'member_id'), placeholder: '从党员中选择', clearable: true, filterable: true, style: 'width:100%', class: `cand-member cand-${$index}` },
            () => s.members.map((m) => h(ElOption, { key: m.id, value: m.id, label: m.name }))),
          row.member_id ? null : h(ElInput, { ...bind(row, 'name'), placeholder: '或填写姓名', maxlength: 32, class: 'cand-name' }),
        ]) }),
        h(ElTableColumn, { label: '拟任职务', width: 130 }, { default: ({ row }) => h(ElSelect, { ...bind(row, 'post'), class: 'cand-post' },
          () => POSTS.map(([v, l]) => h(ElOption, { key: v, value: v, label: l }))) }),
        h(ElTableColumn, { label: '赞成票', width: 130 }, { default: ({ row }) => h(ElInputNumber, { ...bind(row, 'yes'), min: 0, size: 'small', class: 'cand-yes' }) }),
        h(ElTableColumn, { label: '结果', minWidth: 150 }, { default: ({ $index }) => {
          const v = verdict($index);
          if (!v) return '';
          return v.elected ? h(ElTag, { type: 'success', size: 'small', class: 'cand-elected' }, () => '当选')
            : h('span', { class: 'hint cand-not' }, v.note || '未当选');
        } }),
        h(ElTableColumn, { label: '', width: 60 }, { default: ({ $index }) => h(ElButton, { link: true, type: 'danger',
          onClick: () => { s.candidates.splice($index, 1); recheck(); } }, () => '删除') }),
      ]);
    }
    function checks() {
      if (s.inputError) return h(ElAlert, { type: 'info', closable: false, class: 'election-input gap', title: s.inputError.message });
      if (!s.result) return null;
      return h('ul', { class: 'election-checks' }, s.result.checks.map((c) => h('li', { class: `check-${c.level}` }, [
        h(ElTag, { type: LEVEL_TAG[c.level], size: 'small' }, () => LEVEL_TEXT[c.level]), ' ', c.message,
        c.source ? h('small', { class: 'hint' }, ` ${c.source}${c.article || ''}`) : null,
      ])));
    }
    return () => h(ElDialog, { modelValue: true, 'onUpdate:modelValue': () => props.onClose(false), title: `登记选举结果 · ${props.org.name}`,
      width: '820px', closeOnClickModal: false, class: 'election-dialog' }, {
      default: () => [
        s.error ? h(ElAlert, { type: 'error', title: s.error, closable: false, showIcon: true, class: 'gap form-alert' }) : null,
        h(ElForm, { labelWidth: '100px', inline: true }, () => [
          h(ElFormItem, { label: '选举日期', required: true, 'data-field': 'elected_on' },
            () => h(ElDatePicker, { ...bind(s, 'elected_on'), type: 'date', valueFormat: 'YYYY-MM-DD', style: 'width:150px' })),
          h(ElFormItem, { label: '应到会人数', required: true, 'data-field': 'expected' }, () => h(ElInputNumber, { ...bind(s, 'expected'), min: 0, class: 'in-expected' })),
          h(ElFormItem, { label: '实到会人数', required: true, 'data-field': 'present' }, () => h(ElInputNumber, { ...bind(s, 'present'), min: 0, class: 'in-present' })),
          h(ElFormItem, { label: '应选人数', required: true, 'data-field': 'seats' }, () => h(ElInputNumber, { ...bind(s, 'seats'), min: 1, class: 'in-seats' })),
        ]),
        candidatesTable(),
        h(ElButton, { class: 'add-candidate', onClick: () => { s.candidates.push({ member_id: null, name: '', post: 'member', yes: 0 }); recheck(); } }, () => '添加候选人'),
        h('h4', '核验（按规则表实时计算）'),
        checks(),
        h('p', { class: 'hint' }, '应到会人数按党员名册中的正式党员预填，经批准不计入的党员须减去。当选者自选举之日起任职，原班子成员同日离任；书记的党龄等任职条件按任职规则核验。'),
      ],
      footer: () => [h(ElButton, { onClick: () => props.onClose(false) }, () => '取消'),
        h(ElButton, { type: 'primary', loading: s.busy, disabled: !s.result || !s.result.valid, onClick: save, class: 'save' }, () => '保存选举结果')],
    });
  },
});
