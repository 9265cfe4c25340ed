// dues_arrears.js - members under an organisation who have not paid for 3 or more
// consecutive months (GET /api/orgs/{id}/dues/arrears). Six months make a 自行脱党
// candidate for the organisation to decide; the system never changes a status.
import { h, defineComponent, reactive, onMounted } from 'vue';
import { ElTable, ElTableColumn, ElAlert } from 'element-plus';
import { api } from '../api.js';
import { navigate } from '../lib/state.js';
import { showError } from '../lib/ui.js';
import { levelTag, monthLabel } from './dues_common.js';

export const DuesArrears = defineComponent({
  name: 'DuesArrears',
  props: { orgId: Number },
  setup(props) {
    const s = reactive({ items: [], busy: true });
    onMounted(async () => {
      try {
        s.items = (await api('GET', `/api/orgs/${props.orgId}/dues/arrears`)).items;
      } catch (e) {
        showError(e);
      } finally {
        s.busy = false;
      }
    });
    return () => h('div', { class: 'dues-arrears' }, [
      h(ElAlert, { type: 'info', closable: false, showIcon: true, class: 'dues-arrears-note',
        title: '连续3个月未交纳党费的予以提醒；没有正当理由连续6个月不交纳的，按党章规定列为自行脱党待研究对象，须由党组织研究决定，系统不会自动改变党员状态。' }),
      h(ElTable, { data: s.items, stripe: true, emptyText: s.busy ? '正在加载……' : '没有连续3个月以上未交党费的党员', class: 'dues-arrears-table',
        rowClassName: () => 'clickable', onRowClick: (row) => navigate(`/members/${row.id}`) }, () => [
        h(ElTableColumn, { prop: 'name', label: '姓名', minWidth: 90 }),
        h(ElTableColumn, { prop: 'org_name', label: '党支部', minWidth: 200 }),
        h(ElTableColumn, { prop: 'arrears_run', label: '连续未交（月）', minWidth: 110, align: 'right' }),
        h(ElTableColumn, { label: '党费交至', minWidth: 110 }, { default: ({ row }) => monthLabel(row.paid_through) }),
        h(ElTableColumn, { label: '提醒', minWidth: 220 }, { default: ({ row }) => levelTag(row.arrears_level) }),
      ]),
    ]);
  },
});
