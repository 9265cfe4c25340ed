// member_dialog.js - add or edit a member in a dialog. The form comes from
// records.member; a refusal from the server is shown under the field it names
// (error.field), in the server's Chinese words.
import { h, defineComponent, reactive, nextTick, onMounted } from 'vue';
import { ElDialog, ElButton, ElAlert, ElMessage } from 'element-plus';
import { api } from '../api.js';
import { MetaForm, applyFieldError, createBody, patchBody } from '../lib/form.js';
import { fieldLabel } from '../lib/meta.js';

/* Fields a page sets itself rather than the form: the branch comes from the tree, moves have their own call. */
const OMIT = ['org_id'];

export const MemberDialog = defineComponent({
  name: 'MemberDialog',
  props: { orgId: Number, orgName: String, member: Object /* unmasked record when editing */ },
  emits: ['close'],
  setup(props, { emit }) {
    const editing = !!props.member;
    const values = reactive(editing ? { ...props.member } : {});
    const errors = reactive({});
    const s = reactive({ open: true, busy: false, error: '', groups: [] });
    /* 党小组 directly under the branch, for group_id. */
    onMounted(async () => {
      const branch = editing ? props.member.org_id : props.orgId;
      try {
        const r = await api('GET', '/api/orgs', undefined, { parent_id: branch });
        s.groups = r.items.filter((o) => o.kind === 'group' || o.kind === 'building_group').map((o) => ({ value: o.id, label: o.name }));
      } catch { /* leave the list empty */ }
    });
    function close(saved) {
      s.open = false;
      emit('close', saved);
    }
    async function save() {
      s.busy = true;
      s.error = '';
      try {
        if (editing) {
          const body = patchBody('member', values, props.member, OMIT);
          if (Object.keys(body).length) await api('PATCH', `/api/members/${props.member.id}`, body);
          ElMessage.success('已保存');
        } else {
          await api('POST', '/api/members', { ...createBody('member', values, OMIT), org_id: props.orgId });
          ElMessage.success('已新增党员');
        }
        close(true);
      } catch (e) {
        if (e.status === 401) return;
        if (!applyFieldError(errors, e, 'member', OMIT)) s.error = e.field ? `${fieldLabel('member', e.field)}：${e.message}` : e.message;
        else {
          s.error = '请按提示修改后再保存';
          await nextTick();
          const item = document.querySelector(`.member-dialog .el-form-item[data-field="${e.field}"]`);
          if (item) item.scrollIntoView({ block: 'center' });
        }
      } finally {
        s.busy = false;
      }
    }
    return () => h(ElDialog, {
      modelValue: s.open, 'onUpdate:modelValue': (v) => { if (!v) close(false); },
      title: editing ? `编辑党员 · ${props.member.name}` : `新增党员 · ${props.orgName}`, width: '760px', top: '4vh', class: 'member-dialog',
      closeOnClickModal: false,
    }, {
      default: () => [
        s.error ? h(ElAlert, { type: 'error', title: s.error, closable: false, showIcon: true, class: 'gap form-alert' }) : null,
        h(MetaForm, { record: 'member', values, errors, omit: OMIT, choices: { group_id: s.groups } }),
      ],
      footer: () => [
        h(ElButton, { onClick: () => close(false) }, () => '取消'),
        h(ElButton, { type: 'primary', loading: s.busy, class: 'save', onClick: save }, () => '保存'),
      ],
    });
  },
});
