// import_more.test.mjs - the layouts imported through other capabilities:
// 入党申请人名册 into 发展党员 (dj_dev_create, step 3 through dj_dev_step where
// its guards allow it, a note per row where they do not), 发展党员名册 and
// 转入/转出名册 reported per row, 死亡党员名册 as a recorded decision
// (dj_lapse_decide) and the 工资表 as 党费基数 (dj_dues_base_set, source
// import). Each: dry run, commit, idempotent re-import, a bad row rejected
// with row / column / Chinese reason and nothing written, and scope.
//
// Files from tests/data/gen_templates.py (invented people, region 990101).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  REPO_ROOT, assertError, auditCount, hasChinese, loginAs, runCli, sql, startServer, tmpDir,
} from './lib.mjs';

const files = tmpDir('dj-import-more-');
before(() => {
  const r = spawnSync('python3', [path.join(REPO_ROOT, 'tests/data/gen_templates.py'), files], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
after(() => fs.rmSync(files, { recursive: true, force: true }));

const upload = (client, name, query = '') =>
  client.request('POST', `/api/import?name=${encodeURIComponent(name)}${query}`, {
    body: fs.readFileSync(path.join(files, name)),
    headers: { 'content-type': 'application/octet-stream' },
  });
const count = (db, q) => Number(sql(db, q));

describe('import into 发展党员, 死亡 and 党费', () => {
  let srv;
  let zzb;
  let shuji;
  before(async () => {
    srv = await startServer();
    zzb = await loginAs(srv, 'zzb');
    shuji = await loginAs(srv, 'shuji');
    const r = await upload(zzb, 'roster20.xlsx');
    assert.equal(r.body.created, 12, r.text);
  });
  after(() => srv.stop());

  it('入党申请人名册: dry run, commit, the refused step as a note, idempotent', async () => {
    const audit = auditCount(srv.dbPath);
    let r = await upload(zzb, 'applicants-more.csv', '&org=100000000007&dry_run=1');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.layout.code, 'applicants');
    assert.equal(r.body.layout.importable, true);
    assert.equal(r.body.pending, null);
    assert.equal(r.body.rows, 3);
    assert.equal(r.body.created, 2);
    assert.equal(r.body.skipped, 1);
    assert.equal(r.body.rejected, 0, JSON.stringify(r.body.rejects));
    assert.equal(r.body.committed, false);
    assert.equal(count(srv.dbPath, 'SELECT count(*) FROM dev_applicants'), 0);
    assert.equal(auditCount(srv.dbPath), audit);
    // the second applicant's 积极分子 date: step 3 needs the talk (step 2) on file
    assert.equal(r.body.notes.length, 1, JSON.stringify(r.body.notes));
    assert.equal(r.body.notes[0].row, 4);
    assert.equal(r.body.notes[0].column, '确定入党积极分子时间');
    assert.ok(hasChinese(r.body.notes[0].reason));
    assert.match(r.body.notes[0].reason, /未记录确定为入党积极分子/);

    r = await upload(zzb, 'applicants-more.csv', '&org=100000000007');
    assert.equal(r.body.committed, true, r.text);
    assert.equal(r.body.created, 2);
    const rows = sql(srv.dbPath, 'SELECT org_id, stage, applied_on, gender, birth_date FROM dev_applicants ORDER BY applied_on', { json: true });
    assert.deepEqual(rows, [
      { org_id: 7, stage: 'applicant', applied_on: '2023-01-10', gender: '1', birth_date: '1999-03-01' },
      { org_id: 7, stage: 'applicant', applied_on: '2024-05-01', gender: '2', birth_date: '2000-01-01' },
    ]);
    assert.equal(count(srv.dbPath, "SELECT count(*) FROM dev_events WHERE kind = 'apply'"), 2);
    assert.equal(count(srv.dbPath, "SELECT count(*) FROM audit_log WHERE action = 'dev.create'"), 2);
    assert.equal(count(srv.dbPath, "SELECT count(*) FROM audit_log WHERE action = 'import.commit'"), 2);

    // again: matched by ID number, nothing written
    const before = auditCount(srv.dbPath);
    r = await upload(zzb, 'applicants-more.csv', '&org=100000000007');
    assert.equal(r.body.unchanged, 2, r.text);
    assert.equal(r.body.created, 0);
    assert.equal(auditCount(srv.dbPath), before);
    assert.equal(count(srv.dbPath, 'SELECT count(*) FROM dev_applicants'), 2);
  });

  it('入党申请人名册: a step the guards allow is recorded, historic', async () => {
    const id = count(srv.dbPath, "SELECT id FROM dev_applicants WHERE applied_on = '2023-01-10'");
    const t = await zzb.post(`/api/dev/applicants/${id}/steps`, { kind: 'talk', date: '2023-01-20' });
    assert.equal(t.status, 201, t.text);
    const r = await upload(zzb, 'applicants-more.csv', '&org=100000000007');
    assert.equal(r.body.updated, 1, r.text);
    assert.equal(r.body.unchanged, 1);
    assert.equal(r.body.notes.length, 0, JSON.stringify(r.body.notes));
    assert.deepEqual(sql(srv.dbPath, `SELECT stage, activist_on FROM dev_applicants WHERE id = ${id}`, { json: true }),
      [{ stage: 'activist', activist_on: '2023-09-01' }]);
    const again = await upload(zzb, 'applicants-more.csv', '&org=100000000007');
    assert.equal(again.body.unchanged, 2, again.text);
  });

  it('入党申请人名册: a bad row is rejected with its row, column and reason; nothing written', async () => {
    const audit = auditCount(srv.dbPath);
    const n = count(srv.dbPath, 'SELECT count(*) FROM dev_applicants');
    const r = await upload(zzb, 'applicants-bad.csv', '&org=100000000007');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.committed, false);
    assert.equal(r.body.rejected, 1);
    assert.equal(r.body.rejects[0].row, 3);
    assert.ok(hasChinese(r.body.rejects[0].reason), r.body.rejects[0].reason);
    assert.match(r.body.rejects[0].reason, /18/);
    assert.equal(count(srv.dbPath, 'SELECT count(*) FROM dev_applicants'), n, 'the good row is rolled back too');
    assert.equal(auditCount(srv.dbPath), audit);
    // without a branch: the roll has no 所在党支部 column
    const nob = await upload(zzb, 'applicants-bad.csv', '&dry_run=1');
    assert.equal(nob.body.rejected, 2);
    assert.equal(nob.body.rejects[0].field, 'org_id');
  });

  it('发展党员名册 and 转入名册: every row reported, nothing written', async () => {
    const audit = auditCount(srv.dbPath);
    for (const name of ['develop-more.csv', 'transfer_in.csv']) {
      const r = await upload(zzb, name, '&org=100000000007');
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.rejected, 0, name);
      assert.equal(r.body.created + r.body.updated, 0, name);
      assert.equal(r.body.not_imported, r.body.rows, name);
      assert.equal(r.body.notes.length, r.body.rows, name);
      assert.ok(r.body.notes.every((x) => hasChinese(x.reason) && /未导入/.test(x.reason)), name);
    }
    assert.equal(auditCount(srv.dbPath), audit);
  });

  it('转出党员名册: a completed transfer out through the transfer service; idempotent; a bad row writes nothing', async () => {
    const idn = sql(srv.dbPath, "SELECT id FROM members WHERE name = '测丁子'");
    let r = await upload(zzb, 'transfer_out-more.csv', '&dry_run=1');
    assert.equal(r.body.layout.code, 'transfer_out');
    assert.equal(r.body.created, 1, r.text);
    assert.equal(count(srv.dbPath, 'SELECT count(*) FROM transfers'), 0);
    r = await upload(zzb, 'transfer_out-more.csv');
    assert.equal(r.body.committed, true, r.text);
    assert.deepEqual(sql(srv.dbPath, `SELECT kind, category, state, to_name, requested_on, approved_on, issued_on,
      receipt_on, dues_paid_to, reason FROM transfers WHERE member_id = ${idn}`, { json: true }),
    [{ kind: 'out', category: 'cross_province', state: 'completed', to_name: '虚构省虚构市虚构公司党支部',
      requested_on: '2025-03-01', approved_on: '2025-03-01', issued_on: '2025-03-01', receipt_on: '2025-03-01',
      dues_paid_to: '2025-02', reason: '工作调动' }]);
    assert.equal(count(srv.dbPath, "SELECT count(*) FROM audit_log WHERE action LIKE 'transfer.%'") >= 4, true);
    const audit = auditCount(srv.dbPath);
    r = await upload(zzb, 'transfer_out-more.csv');
    assert.equal(r.body.unchanged, 1, r.text);
    assert.equal(auditCount(srv.dbPath), audit);

    // 党费缴至 after the letter's month: refused by the transfer rules, the good row rolled back
    r = await upload(zzb, 'transfer_out-bad.csv');
    assert.equal(r.body.committed, false);
    assert.equal(r.body.rejected, 1, r.text);
    assert.deepEqual([r.body.rejects[0].row, r.body.rejects[0].column], [3, '党费缴至日期']);
    assert.ok(hasChinese(r.body.rejects[0].reason));
    assert.equal(count(srv.dbPath, 'SELECT count(*) FROM transfers'), 1);
    assert.equal(auditCount(srv.dbPath), audit);
  });

  it('死亡党员名册: a recorded decision 死亡 with the date; idempotent; a bad row writes nothing', async () => {
    const idn = sql(srv.dbPath, "SELECT id FROM members WHERE name = '测戊子'");
    let r = await upload(zzb, 'deaths-more.csv', '&dry_run=1');
    assert.equal(r.body.layout.code, 'deaths');
    assert.equal(r.body.updated, 1, r.text);
    assert.equal(sql(srv.dbPath, `SELECT status FROM members WHERE id = ${idn}`), 'normal');
    r = await upload(zzb, 'deaths-more.csv');
    assert.equal(r.body.committed, true, r.text);
    assert.deepEqual(sql(srv.dbPath, `SELECT status, status_on FROM members WHERE id = ${idn}`, { json: true }),
      [{ status: 'deceased', status_on: '2025-01-05' }]);
    assert.deepEqual(sql(srv.dbPath, `SELECT decision, decided_on FROM status_decisions WHERE member_id = ${idn}`, { json: true }),
      [{ decision: 'death', decided_on: '2025-01-05' }]);
    const audit = auditCount(srv.dbPath);
    r = await upload(zzb, 'deaths-more.csv');
    assert.equal(r.body.unchanged, 1, r.text);
    assert.equal(auditCount(srv.dbPath), audit);

    r = await upload(zzb, 'deaths-bad.csv');
    assert.equal(r.body.committed, false);
    assert.equal(r.body.rejected, 1, r.text);
    assert.equal(r.body.rejects[0].row, 3);
    assert.equal(r.body.rejects[0].column, '死亡日期');
    assert.ok(hasChinese(r.body.rejects[0].reason));
    assert.equal(sql(srv.dbPath, "SELECT status FROM members WHERE name = '测丁子'"), 'normal', 'row 2 rolled back');
    assert.equal(auditCount(srv.dbPath), audit);
  });

  it('工资表: 党费基数 = regular wage items less tax and personal contributions, source import', async () => {
    let r = await upload(zzb, 'payroll.xlsx', '&dry_run=1');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.layout.code, 'payroll');
    assert.equal(r.body.header_row, 2);
    assert.equal(r.body.updated, 2, JSON.stringify(r.body.rejects));
    assert.equal(count(srv.dbPath, 'SELECT count(*) FROM dues_bases'), 0);
    r = await upload(zzb, 'payroll.xlsx');
    assert.equal(r.body.committed, true, r.text);
    const rows = sql(srv.dbPath, `SELECT m.name, b.year, b.from_month, b.category, b.base_fen, b.source
      FROM dues_bases b JOIN members m ON m.id = b.member_id ORDER BY m.name`, { json: true });
    assert.deepEqual(rows, [
      { name: '测丙子', year: 2025, from_month: 1, category: 'employed', base_fen: 300000, source: 'import' },
      { name: '测乙子', year: 2025, from_month: 1, category: 'employed', base_fen: 538020, source: 'import' },
    ]);
    const id = sql(srv.dbPath, "SELECT id FROM members WHERE name = '测丙子'");
    const led = await zzb.get(`/api/dues/members/${id}?year=2025`);
    assert.equal(led.status, 200, led.text);
    assert.deepEqual([led.body.months[0].base_fen, led.body.months[0].due_fen, led.body.months[0].rule_id],
      [300000, 1500, 'dues.band1.rate_bp'], '3000.00 is the top of the 0.5% band');
    const id2 = sql(srv.dbPath, "SELECT id FROM members WHERE name = '测乙子'");
    const led2 = await zzb.get(`/api/dues/members/${id2}?year=2025`);
    assert.equal(led2.body.months[0].due_fen, 8070, '5380.20 x 1.5%');
    const audit = auditCount(srv.dbPath);
    r = await upload(zzb, 'payroll.xlsx');
    assert.equal(r.body.unchanged, 2, r.text);
    assert.equal(auditCount(srv.dbPath), audit);

    r = await upload(zzb, 'payroll-bad.csv');
    assert.equal(r.body.committed, false);
    assert.equal(r.body.rejected, 1, r.text);
    assert.deepEqual([r.body.rejects[0].row, r.body.rejects[0].column], [3, '薪级工资']);
    assert.match(r.body.rejects[0].reason, /金额/);
    assert.equal(count(srv.dbPath, 'SELECT count(*) FROM dues_bases'), 2);
    assert.equal(auditCount(srv.dbPath), audit);
  });

  it('a branch admin cannot import into another subtree (403, same as a missing code)', async () => {
    const a = await upload(shuji, 'applicants-more.csv', '&org=100000000007');
    assertError(a, 403);
    const b = await upload(shuji, 'applicants-more.csv', '&org=999999999999');
    assertError(b, 403);
    assert.deepEqual(a.body, b.body);
    // the rows of another branch's members are refused one by one
    const d = await upload(shuji, 'payroll.xlsx', '&dry_run=1');
    assert.equal(d.status, 200, d.text);
    assert.equal(d.body.rejected, 1, JSON.stringify(d.body));
    assert.equal(d.body.rejects[0].row, 3, 'the member of 城西街道机关党支部');
    assert.equal(d.body.unchanged, 1, 'their own branch\'s member, imported above');
  });

  it('the CLI prints the notes', () => {
    const out = runCli(['--db', srv.dbPath, 'import', path.join(files, 'develop-more.csv'), '--dry-run', '--quiet']);
    assert.match(out.stdout, /（提示）：未导入/);
  });
});
