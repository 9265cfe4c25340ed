// dues_use.test.mjs - 党费使用 (the spending ledger) over HTTP: what an organisation holds
// (上年结转 + 收缴 − 上缴 − 使用) to the fen, the approval on record, bad input naming the
// field with nothing written, 403 outside the subtree with the same body as for a missing
// record, the disclosure's 收缴/上缴/使用/结余, the monthly cap (dues.monthly_cap_fen) at
// 1000.00 and 1000.01 元, reports counting a member moved this month under the branch of
// each month, and the CLI.
//
// Demo fixture (--scale test): orgs 1 /1/, 2 /1/2/, 4 /1/2/4/, 5 /1/2/4/5/ and 6 /1/2/4/6/
// (网格党支部), 7 /1/3/7/ (党支部); users admin, chengdong (org_admin 2), shuji
// (branch_admin 5). ID numbers are synthetic (invented region 990101, valid check digit).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, auditCount, loginAs, runCli, sql, startServer } from './lib.mjs';

const TODAY = '2026-11-23';

function checkChar(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * w[i];
  return '10X98765432'[s % 11];
}
let seq = 500;
function idcard() {
  seq += 2;
  const first17 = '990101' + '19790611' + String(seq).padStart(3, '0');
  return first17 + checkChar(first17);
}

/* fen -> "1234.56" */
function yuan(fen) {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

function spend(amount, extra = {}) {
  return {
    spent_on: '2026-11-20', purpose: 'training', amount, voucher_no: '记-2026-118',
    description: '党员冬训教材', approved_by: '党工委会议', approval_doc: '会议纪要〔2026〕9号',
    approved_on: '2026-11-18', ...extra,
  };
}

describe('dues use', () => {
  let srv;
  let admin;
  let shuji;
  let chengdong;
  const rows = () => Number(sql(srv.dbPath, 'SELECT count(*) FROM dues_spendings'));

  before(async () => {
    srv = await startServer({ env: { DJ_TODAY: TODAY } });
    [admin, shuji, chengdong] = await Promise.all(['admin', 'shuji', 'chengdong'].map((u) => loginAs(srv, u)));
    // money collected under /1/2/: two paid years by branch 5
    const m = await admin.post('/api/members', {
      name: '使用甲', id_number: idcard(), joined_on: '2020-01-10', confirmed_on: '2021-01-10', category: 'full', org_id: 5,
    });
    assert.equal(m.status, 201, m.text);
    sql(srv.dbPath, `INSERT INTO dues_payments (member_id, org_id, org_path, from_month, months, amount_fen,
      extra_fen, central, paid_on, channel, created_at) VALUES
      (${m.body.id}, 5, '/1/2/4/5/', '2025-01', 1, 80000, 0, 0, '2025-02-01', 'cash', 'x'),
      (${m.body.id}, 5, '/1/2/4/5/', '2026-01', 1, 40000, 5000, 0, '2026-02-01', 'cash', 'x')`);
  });
  after(async () => {
    await srv?.stop();
  });

  it('spends what the organisation holds, to the fen, with the approval on record', async () => {
    const acc = await chengdong.get('/api/orgs/2/dues/spendings?year=2026');
    assert.equal(acc.status, 200, acc.text);
    const f = acc.body.funds;
    assert.equal(f.branch, false);
    assert.equal(f.remitted_fen, 0);
    assert.equal(f.balance_fen, f.carried_fen + f.collected_fen - f.kept_below_fen - f.spent_fen);
    assert.ok(f.carried_fen >= 80000, JSON.stringify(f));
    assert.ok(f.collected_fen >= 45000);
    assert.equal(f.by_purpose.length, 6);
    assert.equal(f.by_purpose[0].purpose, 'training');
    const a0 = auditCount(srv.dbPath);
    const n0 = rows();
    const over = await chengdong.post('/api/orgs/2/dues/spendings', spend(yuan(f.balance_fen + 1)));
    assertError(over, 400, { field: 'amount' });
    assert.match(over.body.error?.message || over.text, new RegExp(yuan(f.balance_fen).replace('.', '\\.')));
    assert.equal(rows(), n0);
    const ok = await chengdong.post('/api/orgs/2/dues/spendings', spend(yuan(f.balance_fen - 5000), {
      attachments: [{ name: '发票.pdf', mime: 'application/pdf', size_bytes: 2048 }],
    }));
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.amount_fen, f.balance_fen - 5000);
    assert.equal(ok.body.purpose_label, '教育培训党员');
    assert.equal(ok.body.approval_doc, '会议纪要〔2026〕9号');
    assert.deepEqual(ok.body.attachments, [{ name: '发票.pdf', mime: 'application/pdf', size_bytes: 2048 }]);
    assert.equal(auditCount(srv.dbPath), a0 + 1);
    assert.equal(sql(srv.dbPath, `SELECT action || ' ' || record_type FROM audit_log ORDER BY id DESC LIMIT 1`), 'dues.spend dues_spending');
    const last = await chengdong.post('/api/orgs/2/dues/spendings', spend('50.00', { purpose: 'elderly' }));
    assert.equal(last.status, 201, last.text);
    assertError(await chengdong.post('/api/orgs/2/dues/spendings', spend('0.01')), 400, { field: 'amount' });
    const after2 = await chengdong.get('/api/orgs/2/dues/spendings?year=2026');
    assert.equal(after2.body.funds.balance_fen, 0);
    assert.equal(after2.body.items.length, 2);
    assert.equal(after2.body.funds.by_purpose.find((p) => p.purpose === 'elderly').spent_fen, 5000);
    // a 党支部 handing all its dues up has nothing to spend
    assertError(await shuji.post('/api/orgs/5/dues/spendings', spend('0.01')), 400, { field: 'amount' });
    // voiding gives it back
    const v = await chengdong.post(`/api/dues/spendings/${last.body.id}/void`, { reason: '重复登记' });
    assert.equal(v.status, 200, v.text);
    assert.equal((await chengdong.get('/api/orgs/2/dues/spendings?year=2026')).body.funds.balance_fen, 5000);
  });

  it('refuses bad input naming the field, with nothing written', async () => {
    const a0 = auditCount(srv.dbPath);
    const n0 = rows();
    const url = '/api/orgs/2/dues/spendings';
    assertError(await chengdong.post(url, spend('1.234')), 400, { field: 'amount' });
    assertError(await chengdong.post(url, spend('0')), 400, { field: 'amount' });
    assertError(await chengdong.post(url, spend('abc')), 400, { field: 'amount' });
    assertError(await chengdong.post(url, spend('1.00', { purpose: 'dinner' })), 400, { field: 'purpose' });
    assertError(await chengdong.post(url, spend('1.00', { spent_on: '2026-11-24' })), 400, { field: 'spent_on' });
    assertError(await chengdong.post(url, spend('1.00', { approved_on: '2026-11-21' })), 400, { field: 'approved_on' });
    const noApproval = spend('1.00');
    delete noApproval.approved_by;
    assertError(await chengdong.post(url, noApproval), 400, { field: 'approved_by' });
    assertError(await chengdong.post(url, spend('1.00', { approval_doc: '' })), 400, { field: 'approval_doc' });
    assertError(await chengdong.post(url, spend('1.00', { voucher_no: '' })), 400, { field: 'voucher_no' });
    assertError(await chengdong.post(url, spend('1.00', { attachments: [{ mime: 'x' }] })), 400, { field: 'attachments' });
    assertError(await chengdong.post(url, spend('1.00', { attachments: 'x' })), 400, { field: 'attachments' });
    assert.equal(rows(), n0);
    assert.equal(auditCount(srv.dbPath), a0);
  });

  it('answers 403 outside the subtree, the same as for a missing organisation', async () => {
    const n0 = rows();
    const out = await shuji.post('/api/orgs/7/dues/spendings', spend('1.00'));
    assertError(out, 403);
    assert.equal(out.text, (await shuji.post('/api/orgs/987654/dues/spendings', spend('1.00'))).text);
    const list = await shuji.get('/api/orgs/2/dues/spendings');
    assertError(list, 403);
    assert.equal(list.text, (await shuji.get('/api/orgs/987654/dues/spendings')).text);
    const id = Number(sql(srv.dbPath, 'SELECT max(id) FROM dues_spendings'));
    const v = await shuji.post(`/api/dues/spendings/${id}/void`, { reason: 'x' });
    assertError(v, 403);
    assert.equal(v.text, (await shuji.post('/api/dues/spendings/987654/void', { reason: 'x' })).text);
    assert.equal(rows(), n0);
  });

  it('shows 收缴, 上缴, 使用 by purpose and 结余 on the disclosure', async () => {
    const d = await chengdong.get('/api/orgs/2/dues/disclosure?year=2026');
    assert.equal(d.status, 200, d.text);
    assert.equal(d.body.funds.balance_fen, 5000);
    assert.ok(d.body.funds.by_purpose.find((p) => p.purpose === 'training').spent_fen > 0);
    assert.equal(d.body.spendings.length, 1, 'the voided spending is left out');
    const b = await shuji.get('/api/orgs/5/dues/disclosure?year=2026');
    assert.equal(b.body.funds.branch, true);
    assert.equal(b.body.funds.remit_bp, 10000);
    assert.equal(b.body.funds.remitted_fen, b.body.funds.collected_fen);
    const pdf = await chengdong.get('/api/orgs/2/dues/disclosure.pdf?year=2026');
    assert.equal(pdf.status, 200);
    assert.ok(pdf.text.startsWith('%PDF-'));
  });

  it('caps the regular monthly amount at 1000.00 元 (dues.monthly_cap_fen)', async () => {
    let r = await shuji.get('/api/dues/calc?category=employed&base=50000.00');
    assert.equal(r.body.amount_fen, 100000);
    assert.equal(r.body.above_cap_fen, 0);
    assert.equal(r.body.cap_fen, 100000);
    r = await shuji.get('/api/dues/calc?category=employed&base=50000.50');
    assert.equal(r.body.amount_fen, 100000, '1000.01 is capped');
    assert.equal(r.body.above_cap_fen, 1);
    r = await shuji.get('/api/dues/calc?category=employed&base=60000');
    assert.equal(r.body.amount_fen, 100000);
    assert.equal(r.body.above_cap_fen, 20000);
  });

  it('counts a member moved this month under the old branch for the months before', async () => {
    const m = await admin.post('/api/members', {
      name: '调动乙', id_number: idcard(), joined_on: '2020-03-01', confirmed_on: '2021-03-01', category: 'full', org_id: 5,
    });
    assert.equal(m.status, 201, m.text);
    const b = await admin.post(`/api/dues/members/${m.body.id}/bases`, { year: 2026, category: 'employed', base: '3000' });
    assert.equal(b.status, 200, b.text);
    const before = (await admin.get('/api/orgs/4/dues/report?year=2026')).body;
    const mv = await admin.post(`/api/members/${m.body.id}/move`, { org_id: 6 });
    assert.equal(mv.status, 200, mv.text);
    assert.equal(Number(sql(srv.dbPath, `SELECT count(*) FROM member_org_history WHERE member_id = ${m.body.id} AND org_id = 5 AND to_org_id = 6`)), 1);
    const month = Number(sql(srv.dbPath, `SELECT CAST(strftime('%m', moved_at, '+8 hours') AS INTEGER) FROM member_org_history WHERE member_id = ${m.body.id}`)) - 1;
    const r = (await admin.get('/api/orgs/4/dues/report?year=2026')).body;
    assert.equal(r.total.due_fen, before.total.due_fen, 'the parent total is unchanged');
    const b5 = (await admin.get('/api/orgs/5/dues/report?year=2026')).body;
    const b6 = (await admin.get('/api/orgs/6/dues/report?year=2026')).body;
    const b5before = before.branches.find((x) => x.org_id === 5);
    for (let k = 0; k < 12; k++) {
      const delta = k < month ? 1500 : 0;
      assert.equal(b5.total.due[k], b5before.due[k] - (1500 - delta), `branch 5 month ${k + 1}`);
    }
    assert.equal(b6.total.due[month], (before.branches.find((x) => x.org_id === 6)?.due[month] || 0) + 1500);
    if (month > 0) assert.equal(b6.total.due[month - 1], before.branches.find((x) => x.org_id === 6)?.due[month - 1] || 0);
  });

  it('has a CLI: spend, spendings and spend-void', () => {
    const db = srv.dbPath;
    const env = { env: { DJ_TODAY: TODAY } };
    let r = runCli(['--db', db, 'dues', 'spendings', '2', '--year', '2026'], env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /结余 50\.00 元/);
    r = runCli(['--db', db, 'dues', 'spend', '2', '--date', '2026-11-22', '--purpose', 'hardship', '--amount', '50.01',
      '--voucher', '记-9', '--desc', '慰问', '--approved-by', '党工委会议', '--approval-doc', '纪要10号', '--approved-on', '2026-11-21'], env);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /金额/);
    r = runCli(['--db', db, 'dues', 'spend', '2', '--date', '2026-11-22', '--purpose', 'hardship', '--amount', '50.00',
      '--voucher', '记-9', '--desc', '慰问', '--approved-by', '党工委会议', '--approval-doc', '纪要10号', '--approved-on', '2026-11-21'], env);
    assert.equal(r.status, 0, r.stderr);
    const id = r.stdout.match(/#(\d+)/)[1];
    r = runCli(['--db', db, 'dues', 'spend-void', id, '--reason', '登记错误'], env);
    assert.equal(r.status, 0, r.stderr);
    r = runCli(['--db', db, 'dues', '--help']);
    assert.match(r.stdout, /dues spend/);
  });
});
