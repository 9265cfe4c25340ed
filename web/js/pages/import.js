// import.js - 导入导出: import a national template (dry run first, then
// commit; rejected rows with their reasons and an .xlsx error report;
// progress polled from /api/import/progress), export the 党员花名册 or
// 党组织名单 of the selected organisation's subtree, and reconcile a national
// export with it. Files go to the server as the raw request body.
import { h, defineComponent, reactive } from 'vue';
import { ElTabs, ElTabPane, ElButton, ElInput, ElTable, ElTableColumn, ElDescriptions, ElDescriptionsItem,
  ElAlert, ElProgress, ElCheckbox, ElMessage, ElEmpty } from 'element-plus';
import { state, canWrite } from '../lib/state.js';
import { showError, pageTitle, model } from '../lib/ui.js';
import { uploadJson, download } from '../lib/files.js';
import { api } from '../api.js';

function filePicker(s, key, accept) {
  return h('input', {
    type: 'file', accept, class: `file-input file-${key}`,
    onChange: (e) => { s[key] = e.target.files[0] || null; },
  });
}

function jobKey() {
  const a = new Uint8Array(8);
  crypto.getRandomValues(a);
  return 'job-' + Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
}

const ImportTab = defineComponent({
  name: 'ImportTab',
  setup() {
    const s = reactive({ file: null, org: '', result: null, busy: false, done: 0, total: 0, checked: false });
    async function run(dryRun) {
      if (!s.file) return ElMessage.warning('请先选择文件');
      s.busy = true;
      s.done = 0;
      s.total = 0;
      const job = jobKey();
      const timer = setInterval(async () => {
        try {
          const p = await api('GET', '/api/import/progress', undefined, { job });
          s.done = p.done;
          s.total = p.total;
        } catch { /* not started yet */ }
      }, 500);
      try {
        s.result = await uploadJson('/api/import', s.file, { name: s.file.name, dry_run: dryRun ? 1 : 0, org: s.org, job });
        s.checked = dryRun && s.result.rejected === 0 && !s.result.pending;
        if (!dryRun && s.result.committed) ElMessage.success('导入完成');
        s.done = s.total = s.result.rows;
      } catch (e) {
        s.result = null;
        showError(e);
      } finally {
        clearInterval(timer);
        s.busy = false;
      }
    }
    async function report() {
      try {
        await download('POST', '/api/import/report', { name: s.file.name, org: s.org }, '导入错误报告.xlsx', s.file);
      } catch (e) {
        showError(e);
      }
    }
    const pct = () => (s.total ? Math.min(100, Math.round((s.done * 100) / s.total)) : 0);
    return () => h('div', { class: 'import-tab' }, [
      h('p', { class: 'hint' }, '支持全国党员管理信息系统和单机版导出的党员花名册（全国模板 20 列、17 列）、党员列表（单机模板）、党组织名单、'
        + '入党申请人名册、发展党员名册、转入/转出/死亡党员名册，以及含身份证号码和工资项目的工资表（核定党费基数），'
        + '格式为 .xlsx、.xls 或 CSV（UTF-8 或 GB18030）。先“试导入”检查，全部通过后再“确认导入”；有任何一行未通过时整个文件都不会写入。'),
      h('div', { class: 'toolbar' }, [
        filePicker(s, 'file', '.xlsx,.xls,.csv,.txt'),
        h(ElInput, { ...model(s, 'org'), placeholder: '党组织代码（新建组织、入党申请人名册时必填）', clearable: true, style: 'width:260px' }),
        h(ElButton, { class: 'dry-run', loading: s.busy, onClick: () => run(true) }, () => '试导入'),
        h(ElButton, { class: 'commit', type: 'primary', disabled: !s.checked || s.busy || !canWrite(), onClick: () => run(false) }, () => '确认导入'),
      ]),
      s.busy ? h(ElProgress, { percentage: pct(), class: 'import-progress' }) : null,
      s.busy && s.total ? h('p', { class: 'hint' }, `已处理 ${s.done} / ${s.total} 行`) : null,
      s.result ? h('div', { class: 'import-result' }, [
        h(ElDescriptions, { column: 4, border: true, title: `${s.result.layout.name}（表头在第 ${s.result.header_row} 行）` }, () => [
          h(ElDescriptionsItem, { label: '数据行' }, () => String(s.result.rows)),
          h(ElDescriptionsItem, { label: '新增' }, () => String(s.result.created)),
          h(ElDescriptionsItem, { label: '更新' }, () => String(s.result.updated)),
          h(ElDescriptionsItem, { label: '不变' }, () => String(s.result.unchanged)),
          h(ElDescriptionsItem, { label: '拒绝' }, () => String(s.result.rejected)),
          h(ElDescriptionsItem, { label: '空行' }, () => String(s.result.skipped)),
          h(ElDescriptionsItem, { label: '格式' }, () => `${s.result.format} ${s.result.encoding || ''}`),
          h(ElDescriptionsItem, { label: '状态' }, () => (s.result.committed ? '已写入' : '未写入')),
        ]),
        s.result.pending ? h(ElAlert, { type: 'info', closable: false, title: s.result.pending, class: 'pending' }) : null,
        s.result.rejected ? h('div', { class: 'rejects' }, [
          h(ElButton, { class: 'report', onClick: report }, () => '下载错误报告（.xlsx）'),
          h(ElTable, { data: s.result.rejects, stripe: true, class: 'reject-table' }, () => [
            h(ElTableColumn, { prop: 'row', label: '行号', width: 80 }),
            h(ElTableColumn, { prop: 'column', label: '列', width: 140 }),
            h(ElTableColumn, { prop: 'reason', label: '原因' }),
          ]),
        ]) : null,
        s.result.notes && s.result.notes.length ? h('div', { class: 'notes' }, [
          h(ElAlert, { type: 'warning', closable: false, title: `以下 ${s.result.notes.length} 行（或其中部分内容）未导入，其余照常导入：` }),
          h(ElTable, { data: s.result.notes, stripe: true, class: 'note-table' }, () => [
            h(ElTableColumn, { prop: 'row', label: '行号', width: 80 }),
            h(ElTableColumn, { prop: 'column', label: '列', width: 140 }),
            h(ElTableColumn, { prop: 'reason', label: '说明' }),
          ]),
        ]) : null,
      ]) : null,
    ]);
  },
});

const ExportTab = defineComponent({
  name: 'ExportTab',
  setup() {
    const s = reactive({ unmasked: false, busy: false });
    async function go(what, format) {
      if (!state.org) return ElMessage.warning('请先在左侧选择党组织');
      s.busy = true;
      const base = what === 'members' ? '党员花名册' : '党组织名单';
      try {
        await download('GET', '/api/export', { what, org_id: state.org.id, format, unmasked: s.unmasked ? 1 : 0 },
          `${state.org.name}${base}.${format}`);
      } catch (e) {
        showError(e);
      } finally {
        s.busy = false;
      }
    }
    return () => h('div', { class: 'export-tab' }, [
      h('p', { class: 'hint' }, `按全国模板导出“${state.org ? state.org.name : '（未选择）'}”及其下级的数据。身份证号码、电话和地址默认脱敏；`
        + '勾选“不脱敏”须为该组织的管理员，并会记入审计日志。'),
      h(ElCheckbox, { ...model(s, 'unmasked'), class: 'unmasked' }, () => '不脱敏'),
      h('div', { class: 'toolbar' }, [
        h(ElButton, { class: 'export-members-xlsx', type: 'primary', loading: s.busy, onClick: () => go('members', 'xlsx') }, () => '党员花名册 .xlsx'),
        h(ElButton, { class: 'export-members-csv', loading: s.busy, onClick: () => go('members', 'csv') }, () => '党员花名册 CSV'),
        h(ElButton, { class: 'export-orgs-xlsx', loading: s.busy, onClick: () => go('orgs', 'xlsx') }, () => '党组织名单 .xlsx'),
        h(ElButton, { class: 'export-orgs-csv', loading: s.busy, onClick: () => go('orgs', 'csv') }, () => '党组织名单 CSV'),
      ]),
    ]);
  },
});

const ReconcileTab = defineComponent({
  name: 'ReconcileTab',
  setup() {
    const s = reactive({ file: null, r: null, busy: false });
    async function run() {
      if (!s.file) return ElMessage.warning('请先选择全国系统导出的党员花名册');
      if (!state.org) return ElMessage.warning('请先在左侧选择党组织');
      s.busy = true;
      try {
        s.r = await uploadJson('/api/reconcile', s.file, { org_id: state.org.id });
      } catch (e) {
        s.r = null;
        showError(e);
      } finally {
        s.busy = false;
      }
    }
    const list = (title, items, cols, cls) => h('div', { class: `recon ${cls}` }, [
      h('h4', title),
      items.length ? h(ElTable, { data: items, stripe: true, size: 'small' }, () => cols.map(([p, l, w]) =>
        h(ElTableColumn, { prop: p, label: l, width: w }))) : h(ElEmpty, { description: '无', imageSize: 40 }),
    ]);
    const differ = () => (s.r ? s.r.differ.flatMap((d) => d.fields.map((f) => ({ row: d.row, name: d.name, ...f }))) : []);
    return () => h('div', { class: 'reconcile-tab' }, [
      h('p', { class: 'hint' }, `把全国党员管理信息系统导出的党员花名册与“${state.org ? state.org.name : '（未选择）'}”及其下级的党员逐人核对。`),
      h('div', { class: 'toolbar' }, [
        filePicker(s, 'file', '.xlsx,.xls,.csv'),
        h(ElButton, { class: 'reconcile', type: 'primary', loading: s.busy, onClick: run }, () => '开始对账'),
      ]),
      s.r ? h('div', { class: 'recon-result' }, [
        h('p', `文件 ${s.r.file_rows} 人，本系统 ${s.r.here_rows} 人，两边都有 ${s.r.matched} 人。`),
        list(`只在文件中（${s.r.only_there_count}）`, s.r.only_there, [['row', '行号', 80], ['name', '姓名', 120], ['id_number', '身份证号码']], 'only-there'),
        list(`只在本系统中（${s.r.only_here_count}）`, s.r.only_here, [['name', '姓名', 120], ['id_number', '身份证号码', 200], ['org_name', '所在党支部']], 'only-here'),
        list(`字段不同（${s.r.differ_count} 人）`, differ(), [['row', '行号', 80], ['name', '姓名', 120], ['label', '字段', 140], ['file', '文件中'], ['here', '本系统中']], 'differ'),
      ]) : null,
    ]);
  },
});

export const ImportPage = defineComponent({
  name: 'ImportPage',
  setup() {
    const s = reactive({ tab: 'import' });
    return () => h('div', { class: 'import-page' }, [
      pageTitle('导入导出'),
      h(ElTabs, { ...model(s, 'tab') }, () => [
        h(ElTabPane, { name: 'import', label: '导入' }, () => h(ImportTab)),
        h(ElTabPane, { name: 'export', label: '导出' }, () => h(ExportTab)),
        h(ElTabPane, { name: 'reconcile', label: '对账' }, () => h(ReconcileTab)),
      ]),
    ]);
  },
});
