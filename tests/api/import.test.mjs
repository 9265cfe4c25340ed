// import.test.mjs - importing the national templates over the API and the
// CLI: dry run (nothing written), commit, idempotent re-import (xlsx, UTF-8
// CSV and GB18030 CSV of the same roster), a newer file updating what
// changed with the change in the member's history, all-or-nothing on a
// rejected row, scope (a branch admin cannot import into another branch,
// an auditor cannot import), malformed / truncated / oversized files, the
// 党组织名单 with its sections, the detection of the other layouts,
// the .xlsx error report, progress polling, and a killed import.
//
// The workbooks come from tests/data/gen_templates.py: invented names, ID
// numbers in the invented region 990101 with valid check digits.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import {
  DJ_BIN, REPO_ROOT, assertError, auditCount, demoDb, hasChinese, loginAs, runCli, sql, startServer, tmpDir,
} from './lib.mjs';

const files = tmpDir('dj-import-files-');
before(() => {
  const r = spawnSync('python3', [path.join(REPO_ROOT, 'tests/data/gen_templates.py'), files], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
after(() => fs.rmSync(files, { recursive: true, force: true }));

const file = (name) => fs.readFileSync(path.join(files, name));
const upload = (client, name, query = '') =>
  client.request('POST', `/api/import?name=${encodeURIComponent(name)}${query}`, {
    body: file(name),
    headers: { 'content-type': 'application/octet-stream' },
  });
const members = (db) => Number(sql(db, 'SELECT count(*) FROM members'));

describe('import API', () => {
  let srv;
  let zzb;
  before(async () => {
    srv = await startServer();
    zzb = await loginAs(srv, 'zzb');
  });
  after(() => srv.stop());

  it('dry run reports what would happen and writes nothing', async () => {
    const audit = auditCount(srv.dbPath);
    const r = await upload(zzb, 'roster20.xlsx', '&dry_run=1');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.layout.code, 'roster20');
    assert.equal(r.body.header_row, 2, 'the title row is passed over');
    assert.equal(r.body.rows, 13);
    assert.equal(r.body.created, 12);
    assert.equal(r.body.skipped, 1, 'the empty numbered row at the end');
    assert.equal(r.body.rejected, 0);
    assert.equal(r.body.committed, false);
    assert.equal(members(srv.dbPath), 0);
    assert.equal(auditCount(srv.dbPath), audit);
  });

  it('commits a roster, with one audit entry naming the file and its SHA-256', async () => {
    const audit = auditCount(srv.dbPath);
    const r = await upload(zzb, 'roster20.xlsx', '&job=job-roster20');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.created, 12);
    assert.equal(r.body.committed, true);
    assert.equal(members(srv.dbPath), 12);
    const rows = sql(srv.dbPath, "SELECT record_id, after_json FROM audit_log WHERE action = 'import.commit'", { json: true });
    assert.equal(rows.length, 1);
    assert.equal(rows[0].record_id, r.body.sha256);
    const after = JSON.parse(rows[0].after_json);
    assert.equal(after.file, 'roster20.xlsx');
    assert.equal(after.sha256, r.body.sha256);
    assert.equal(auditCount(srv.dbPath), audit + 13, '12 member.create rows and the import row');
    // quirks: lower-case x and trailing spaces normalised, phone floats as digits, 是否农民工 with a trailing space
    const m = sql(srv.dbPath, "SELECT migrant_worker, joined_on FROM members ORDER BY id LIMIT 3", { json: true });
    assert.equal(m[0].migrant_worker, 0);
    for (const idn of ['99010119610202001X', '990101196708080076']) {
      const lookup = await zzb.post('/api/members/lookup', { id_number: idn });
      assert.equal(lookup.status, 200, lookup.text);
      assert.equal(lookup.body.items.length, 1, `${idn}: lower-case x and trailing spaces are normalised`);
    }
    const prog = await zzb.get('/api/import/progress?job=job-roster20');
    assert.equal(prog.status, 200);
    assert.equal(prog.body.finished, true);
    assert.equal(prog.body.done, prog.body.total);
    assert.equal(prog.body.total, 13);
  });

  it('re-importing the same roster as xlsx, xls, UTF-8 CSV or GB18030 CSV changes nothing', async () => {
    const audit = auditCount(srv.dbPath);
    for (const name of ['roster20.xlsx', 'roster20.xls', 'roster20.csv', 'roster20-gbk.csv']) {
      const r = await upload(zzb, name);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.unchanged, 12, name);
      assert.equal(r.body.created + r.body.updated + r.body.rejected, 0, name);
    }
    assert.equal(auditCount(srv.dbPath), audit);
    assert.equal(members(srv.dbPath), 12);
  });

  it('a newer file updates what changed, and the change is in the member history', async () => {
    const r = await upload(zzb, 'roster20-newer.csv');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.updated, 2);
    assert.equal(r.body.unchanged, 10);
    const id = Number(sql(srv.dbPath, "SELECT id FROM members WHERE job = '科长'"));
    assert.ok(id > 0);
    const h = await zzb.get(`/api/members/${id}/history`);
    assert.equal(h.status, 200);
    const upd = h.body.items.filter((x) => x.action === 'member.update');
    assert.equal(upd.length, 1);
    assert.equal(upd[0].after.job, '科长');
    assert.equal(upd[0].before.job, '职员');
  });

  it('a file with a rejected row writes nothing, and names row, column and reason', async () => {
    const audit = auditCount(srv.dbPath);
    const n = members(srv.dbPath);
    const r = await upload(zzb, 'roster20-bad.csv');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.committed, false);
    assert.equal(r.body.rejected, 2);
    assert.deepEqual(r.body.rejects.map((x) => [x.row, x.column]), [[3, '入党日期'], [4, '身份证号码']]);
    for (const x of r.body.rejects) assert.ok(hasChinese(x.reason));
    assert.match(r.body.rejects[0].reason, /18 周岁/);
    assert.equal(members(srv.dbPath), n);
    assert.equal(auditCount(srv.dbPath), audit);
  });

  it('the error report is an .xlsx in the original layout with a reason column', async () => {
    const r = await fetch(`${srv.url}/api/import/report?name=roster20-bad.csv`, {
      method: 'POST',
      headers: { cookie: zzb.cookieHeader(), 'x-csrf-token': zzb.csrf },
      body: file('roster20-bad.csv'),
    });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /spreadsheetml/);
    const buf = Buffer.from(await r.arrayBuffer());
    assert.equal(buf.subarray(0, 2).toString(), 'PK');
    // read it back with our own reader through a dry run: the header is found, 2 data rows
    const out = path.join(files, 'report.xlsx');
    fs.writeFileSync(out, buf);
    const cli = runCli(['--db', srv.dbPath, 'import', out, '--dry-run', '--quiet']);
    assert.match(cli.stdout, /数据行 2：/);
  });

  it('imports the 党组织名单 sections under the chosen organisation, idempotently', async () => {
    let r = await upload(zzb, 'orgs.xlsx');
    assert.equal(r.body.rejected, 4, 'new organisations need a parent');
    assert.equal(r.body.committed, false);
    r = await upload(zzb, 'orgs.xlsx', '&org=100000000001');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.created, 4);
    assert.equal(r.body.skipped, 1);
    const o = sql(srv.dbPath, "SELECT kind, founded_on, parent_id FROM orgs WHERE code = '990000000104'", { json: true });
    assert.deepEqual(o, [{ kind: 'joint_branch', founded_on: '2004-01-14', parent_id: 1 }], 'Excel serial 38000');
    r = await upload(zzb, 'orgs.xlsx', '&org=100000000001');
    assert.equal(r.body.unchanged, 4);
  });

  it('detects the layouts of other capabilities (imported in import_more.test.mjs)', async () => {
    const audit = auditCount(srv.dbPath);
    for (const [name, code] of [['applicants.csv', 'applicants'], ['develop.csv', 'develop'],
      ['transfer_in.csv', 'transfer_in'], ['transfer_out.csv', 'transfer_out'], ['deaths.csv', 'deaths']]) {
      const r = await upload(zzb, name, '&org=100000000007&dry_run=1');
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.layout.code, code, name);
      assert.equal(r.body.layout.importable, true);
      assert.ok(r.body.rows >= 1);
      assert.equal(r.body.pending, null);
      assert.equal(r.body.committed, false);
    }
    assert.equal(auditCount(srv.dbPath), audit);
  });

  it('rejects malformed, truncated and zip-bomb files with a Chinese message and writes nothing', async () => {
    const audit = auditCount(srv.dbPath);
    for (const [name, status] of [['truncated.xlsx', 400], ['garbage.xlsx', 400], ['noheader.csv', 400], ['bomb.xlsx', 413]]) {
      const r = await upload(zzb, name);
      assertError(r, status);
    }
    const empty = await zzb.request('POST', '/api/import', { body: '' });
    assertError(empty, 400, { field: 'file' });
    assert.equal(auditCount(srv.dbPath), audit);
  });

  it('a branch admin imports only into their branch; an auditor cannot import', async () => {
    const shuji = await loginAs(srv, 'shuji');
    const r = await upload(shuji, 'roster17.xlsx', '&dry_run=1');
    assert.equal(r.status, 200, r.text);
    const other = r.body.rejects.filter((x) => x.column === '所在党支部');
    assert.ok(other.length > 0 && other.length < r.body.rows, JSON.stringify(r.body));
    const shenji = await loginAs(srv, 'shenji');
    assertError(await upload(shenji, 'roster17.xlsx', '&dry_run=1'), 403);
    assertError(await upload(zzb, 'roster17.xlsx', '&org=999999999999'), 403);
    assertError(await upload(zzb, 'roster17.xlsx', '&job=bad'), 400, { field: 'job' });
  });
});

describe('export and reconciliation', () => {
  let srv;
  let zzb;
  before(async () => {
    srv = await startServer();
    zzb = await loginAs(srv, 'zzb');
    const r = await upload(zzb, 'roster20.xlsx');
    assert.equal(r.body.created, 12, r.text);
  });
  after(() => srv.stop());

  it('exports the 党员花名册 as CSV: BOM, national header, masked, formulas neutralised', async () => {
    const id = Number(sql(srv.dbPath, 'SELECT min(id) FROM members'));
    const p = await zzb.request('PATCH', `/api/members/${id}`, { json: { job: '=HYPERLINK(1)' } });
    assert.equal(p.status, 200, p.text);
    const audit = auditCount(srv.dbPath);
    const r = await zzb.get('/api/export?what=members&org_id=1&format=csv');
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type'), /text\/csv/);
    assert.ok(r.text.startsWith('姓名,身份证号码,性别,出生日期,'), r.text.slice(0, 40));
    const raw = Buffer.from(await (await fetch(`${srv.url}/api/export?what=members&org_id=1&format=csv`, {
      headers: { cookie: zzb.cookieHeader() },
    })).arrayBuffer());
    assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const lines = r.text.trim().split('\r\n');
    assert.equal(lines.length, 13);
    assert.match(lines[1], /990101\*{8}\d{3}[\dX]/, 'ID numbers masked');
    assert.ok(lines.some((l) => l.includes(",'=HYPERLINK(1),")), 'a formula cell is neutralised');
    assert.equal(auditCount(srv.dbPath), audit, 'a masked export is not audited');
  });

  it('an unmasked export is audited; an auditor may export masked only', async () => {
    const audit = auditCount(srv.dbPath);
    const r = await zzb.get('/api/export?what=members&org_id=1&format=xlsx&unmasked=1');
    assert.equal(r.status, 200);
    assert.equal(auditCount(srv.dbPath), audit + 1);
    assert.equal(sql(srv.dbPath, "SELECT count(*) FROM audit_log WHERE action = 'export.unmasked'"), '1');
    const shenji = await loginAs(srv, 'shenji');
    assertError(await shenji.get('/api/export?what=members&org_id=1&unmasked=1'), 403);
    const before = auditCount(srv.dbPath); // the auditor's login is audited
    assert.equal((await shenji.get('/api/export?what=members&org_id=1&format=csv')).status, 200);
    assert.equal(auditCount(srv.dbPath), before);
  });

  it('outside the subtree is 403 with the same body as a missing organisation', async () => {
    const chengdong = await loginAs(srv, 'chengdong');
    const a = await chengdong.get('/api/export?what=members&org_id=3');
    const b = await chengdong.get('/api/export?what=members&org_id=99999');
    assertError(a, 403);
    assert.deepEqual(a.body, b.body);
    const own = await chengdong.get('/api/export?what=orgs&org_id=2');
    assert.equal(own.status, 200);
    assertError(await zzb.get('/api/export?what=members&org_id=1&format=pdf'), 400, { field: 'format' });
  });

  it('exports the 党组织名单 with its sections, readable by our own importer', async () => {
    const r = await fetch(`${srv.url}/api/export?what=orgs&org_id=1&format=xlsx`, { headers: { cookie: zzb.cookieHeader() } });
    assert.equal(r.status, 200);
    const out = path.join(files, 'orgs-export.xlsx');
    fs.writeFileSync(out, Buffer.from(await r.arrayBuffer()));
    const cli = runCli(['--db', srv.dbPath, 'import', out, '--dry-run', '--quiet']);
    assert.match(cli.stdout, /党组织名单/);
    assert.match(cli.stdout, /不变 8/, cli.stdout);
  });

  it('reconciles a national export: only there, only here, and fields that differ', async () => {
    const r = await zzb.request('POST', '/api/reconcile?org_id=1', { body: file('roster20-newer.csv') });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.matched, 12);
    assert.equal(r.body.differ_count, 2, JSON.stringify(r.body.differ));
    const job = r.body.differ.find((d) => d.fields.some((f) => f.label === '工作岗位' && f.file === '科长'));
    assert.ok(job, 'the changed 工作岗位 is listed with both values');
    const res = r.body.differ.flatMap((d) => d.fields).find((f) => f.key === 'residence');
    assert.ok(res && res.file.includes('*'), 'personal values are masked');
    const r2 = await zzb.request('POST', '/api/reconcile?org_id=1', { body: file('roster17.xlsx') });
    assert.equal(r2.body.only_there_count, 6);
    assert.equal(r2.body.only_here_count, 12);
    assertError(await zzb.request('POST', '/api/reconcile?org_id=1', { body: file('orgs.xlsx') }), 400);
    const c = runCli(['--db', srv.dbPath, 'reconcile', path.join(files, 'roster20-newer.csv'), '--org', '100000000001']);
    assert.equal(c.status, 0, c.stderr);
    assert.match(c.stdout, /工作岗位：文件「科长」 本系统「=HYPERLINK\(1\)」/);
  });
});

describe('import limits and the CLI', () => {
  it('a body over the upload cap is refused with 413', async () => {
    const srv = await startServer({ env: { DJ_UPLOAD_MAX: '1048576' } });
    try {
      const c = await loginAs(srv, 'zzb');
      const r = await c.request('POST', '/api/import?name=big.csv', { body: Buffer.alloc(2 << 20, 0x41) });
      assert.equal(r.status, 413);
    } finally {
      await srv.stop();
    }
  });

  it('dangjian import: dry run, commit, and a killed import leaves the database as before', async () => {
    const dir = tmpDir('dj-import-cli-');
    try {
      const db = demoDb(dir);
      let r = runCli(['--db', db, 'import', path.join(files, 'danji.csv'), '--dry-run']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /党员列表（单机模板）/);
      assert.match(r.stdout, /新增 4/);
      assert.equal(members(db), 0);
      r = runCli(['--db', db, 'import', path.join(files, 'roster20-bad.csv'), '--report', path.join(dir, 'r.xlsx')]);
      assert.equal(r.status, 1);
      assert.match(r.stdout, /第 3 行/);
      assert.ok(fs.existsSync(path.join(dir, 'r.xlsx')));
      assert.equal(members(db), 0);
      // a big roster, killed while it runs: nothing of it stays
      const big = path.join(dir, 'big');
      const g = spawnSync('python3', [path.join(REPO_ROOT, 'tests/data/gen_templates.py'), '--bench', '20000', big]);
      assert.equal(g.status, 0, String(g.stderr));
      const audit = auditCount(db);
      const p = spawn(DJ_BIN, ['--db', db, 'import', path.join(big, 'roster20.csv')], { stdio: 'ignore' });
      await new Promise((res) => setTimeout(res, 1500));
      p.kill('SIGKILL');
      await new Promise((res) => p.once('exit', res));
      assert.equal(members(db), 0);
      assert.equal(auditCount(db), audit);
      assert.equal(sql(db, 'PRAGMA integrity_check'), 'ok');
      r = runCli(['--db', db, 'import', path.join(files, 'danji.csv')]);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.equal(members(db), 4);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
