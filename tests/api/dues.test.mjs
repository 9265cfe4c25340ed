// dues.test.mjs - the 党费 API: the rate calculator at the band edges, bases and the
// derived monthly amount, payments (back-payment limit, consent, no 垫交, no wage
// deduction, the amount never typed, the Centre flag), the collection sheet, arrears
// across a year boundary, 党费交至 after a transfer, the report and the disclosure PDF,
// who may see what (403 outside the subtree with the same body as for a missing
// record; a member sees only their own dues), and the CLI.
//
// "Today" is fixed at 2026-11-23 (DJ_TODAY). Demo fixture (--scale test): orgs 1 /1/,
// 2 /1/2/, 3 /1/3/, 4 /1/2/4/, 5 /1/2/4/5/ and 6 /1/2/4/6/ (网格党支部), 7 /1/3/7/
// (党支部); users admin, zzb, chengdong (org_admin 2), shuji (branch_admin 5), shenji
// (auditor 1). ID numbers are synthetic (invented region 990101, valid check digit).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertError, auditCount, loginAs, runCli, sql, startServer } from './lib.mjs';

const TODAY = '2026-11-23';

function checkChar(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * w[i];
  return '10X98765432'[s % 11];
}
let seq = 300;
function idcard() {
  seq += 2;
  const first17 = '990101' + '19850315' + String(seq).padStart(3, '0');
  return first17 + checkChar(first17);
}

describe('dues', () => {
  let srv;
  let admin;
  let shuji;
  let chengdong;
  const ids = {};

  async function member(name, orgId, joined) {
    const r = await admin.post('/api/members', {
      name, id_number: idcard(), joined_on: joined, category: 'probationary', org_id: orgId,
    });
    assert.equal(r.status, 201, r.text);
    ids[name] = r.body.id;
    return r.body.id;
  }
  const payments = () => Number(sql(srv.dbPath, 'SELECT count(*) FROM dues_payments'));
  const months = () => Number(sql(srv.dbPath, 'SELECT count(*) FROM dues_payment_months'));

  before(async () => {
    srv = await startServer({ env: { DJ_TODAY: TODAY } });
    [admin, shuji, chengdong] = await Promise.all(['admin', 'shuji', 'chengdong'].map((u) => loginAs(srv, u)));
    await member('党费甲', 5, '2026-01-10');
    await member('党费乙', 5, '2026-01-05');
    await member('党费丙', 7, '2026-02-01');
  });
  after(async () => {
    await srv?.stop();
  });

  it('calculates at every band edge with the rule that applied', async () => {
    const cases = [
      ['employed', '3000.00', 1500, 'dues.band1.rate_bp'],
      ['employed', '3000.01', 3000, 'dues.band2.rate_bp'],
      ['employed', '5000.00', 5000, 'dues.band2.rate_bp'],
      ['employed', '5000.01', 7500, 'dues.band3.rate_bp'],
      ['employed', '10000.00', 15000, 'dues.band3.rate_bp'],
      ['employed', '10000.01', 20000, 'dues.band4.rate_bp'],
      ['annual_salary', '11500', 23000, 'dues.band4.rate_bp'],
      ['self_employed', '3000.01', 3000, 'dues.band2.rate_bp'],
      ['retiree', '5000.00', 2500, 'dues.retiree.band1.rate_bp'],
      ['retiree', '5000.01', 5000, 'dues.retiree.band2.rate_bp'],
    ];
    for (const [cat, base, fen, rule] of cases) {
      const r = await shuji.get(`/api/dues/calc?category=${cat}&base=${base}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.amount_fen, fen, `${cat} ${base}`);
      assert.equal(r.body.rule_id, rule);
      assert.equal(r.body.rule_from, '2008-04-01');
    }
    for (const cat of ['student', 'unemployed', 'relief', 'dibao', 'farmer']) {
      const r = await shuji.get(`/api/dues/calc?category=${cat}`);
      assert.equal(r.body.amount_fen, 20, cat);
    }
    assertError(await shuji.get('/api/dues/calc?category=employed&base=3000.001'), 400, { field: 'base' });
    assertError(await shuji.get('/api/dues/calc?category=employed&base=-1'), 400, { field: 'base' });
    assertError(await shuji.get('/api/dues/calc?category=employed'), 400, { field: 'base' });
    assertError(await shuji.get('/api/dues/calc?category=wage&base=1'), 400, { field: 'category' });
    assertError(await shuji.get('/api/dues/calc?category=employed&base=1&date=2008-03-31'), 404, { field: 'month' });
  });

  it('records a base and derives the monthly amount', async () => {
    const id = ids['党费甲'];
    const before = auditCount(srv.dbPath);
    const r = await shuji.post(`/api/dues/members/${id}/bases`, { year: 2026, category: 'employed', base: '3000.01' });
    assert.equal(r.status, 200, r.text);
    assert.equal(auditCount(srv.dbPath), before + 1);
    assert.equal(r.body.start_month, '2026-01'); // the admitting meeting's month
    assert.equal(r.body.months[0].due_fen, 3000);
    assert.equal(r.body.months[0].state, 'unpaid');
    assert.equal(r.body.months[10].state, 'current');
    assert.equal(r.body.months[11].state, 'upcoming');
    // bad input names the field and writes nothing
    const n = auditCount(srv.dbPath);
    assertError(await shuji.post(`/api/dues/members/${id}/bases`, { year: 2026, category: 'farmer', base: '100' }), 400, { field: 'base' });
    assertError(await shuji.post(`/api/dues/members/${id}/bases`, { year: 2026, category: 'employed' }), 400, { field: 'base' });
    assertError(await shuji.post(`/api/dues/members/${id}/bases`, { year: 2026, category: 'employed', base: 3000 }), 400, { field: 'base' });
    assertError(await shuji.post(`/api/dues/members/${id}/bases`, { year: 2026, from_month: 13, category: 'student' }), 400, { field: 'from_month' });
    assertError(await shuji.post(`/api/dues/members/${id}/bases`, { year: 2030, category: 'student' }), 400, { field: 'year' });
    assertError(await shuji.post(`/api/dues/members/${id}/bases`, { year: 2026, category: 'student', monthly: '1' }), 400);
    assert.equal(auditCount(srv.dbPath), n);
    await shuji.post(`/api/dues/members/${ids['党费乙']}/bases`, { year: 2026, category: 'student' });
    const c = await admin.post(`/api/dues/members/${ids['党费丙']}/bases`, { year: 2026, category: 'retiree', base: '6000' });
    assert.equal(c.status, 200, c.text);
  });

  it('records payments under the back-payment limit and the branch consent', async () => {
    const id = ids['党费甲'];
    const url = `/api/dues/members/${id}/payments`;
    const ok = await shuji.post(url, { from_month: '2026-11', paid_on: '2026-11-20', channel: 'cash', receipt_no: 'R-001' });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.amount_fen, 3000);
    assert.equal(ok.body.central, false);
    const p0 = payments();
    const m0 = months();
    const a0 = auditCount(srv.dbPath);
    // 2026-04 is 7 months before the payment's month: over the 6-month limit
    assertError(await shuji.post(url, { from_month: '2026-04', months: 2, paid_on: TODAY, channel: 'cash', consent: true }), 400, { field: 'from_month' });
    // late months need the branch's consent
    assertError(await shuji.post(url, { from_month: '2026-10', paid_on: TODAY, channel: 'cash' }), 400, { field: 'from_month' });
    // no 垫交, no wage deduction, the amount is derived
    assertError(await shuji.post(url, { from_month: '2026-12', paid_on: TODAY, channel: 'cash', consent: true, payer: 'organisation' }), 400, { field: 'payer' });
    assertError(await shuji.post(url, { from_month: '2026-12', paid_on: TODAY, channel: 'wage', consent: true }), 400, { field: 'channel' });
    assertError(await shuji.post(url, { from_month: '2026-12', paid_on: TODAY, channel: 'cash', consent: true, amount: '15.00' }), 400, { field: 'amount' });
    assertError(await shuji.post(url, { from_month: '2026-12', paid_on: '2026-11-24', channel: 'cash', consent: true }), 400, { field: 'paid_on' });
    assertError(await shuji.post(url, { from_month: '2026-13', paid_on: TODAY, channel: 'cash' }), 400, { field: 'from_month' });
    assertError(await shuji.post(url, { from_month: '2026-11', paid_on: TODAY, channel: 'cash' }), 409, { field: 'from_month' });
    assert.equal(payments(), p0);
    assert.equal(months(), m0);
    assert.equal(auditCount(srv.dbPath), a0);
    // six months back is allowed with consent; a voluntary 1000 元 goes to the Centre
    const back = await shuji.post(url, { from_month: '2026-05', months: 6, paid_on: TODAY, channel: 'bank', consent: true, extra: '1000.00', amount: '180.00' });
    assert.equal(back.status, 201, back.text);
    assert.equal(back.body.central, true);
    assert.equal(back.body.to_month, '2026-10');
    const l = await shuji.get(`/api/dues/members/${id}?year=2026`);
    assert.equal(l.status, 200);
    assert.equal(l.body.months[4].state, 'paid');
    assert.equal(l.body.months[3].state, 'unpaid');
    assert.equal(l.body.paid_through, '2025-12'); // January to April still unpaid
    assert.equal(l.body.unpaid_months, 4);
  });

  it('voids a payment recorded in error and releases its months', async () => {
    const id = ids['党费丙'];
    const p = await admin.post(`/api/dues/members/${id}/payments`, { from_month: '2026-11', paid_on: TODAY, channel: 'cash' });
    assert.equal(p.status, 201, p.text);
    assertError(await shuji.post(`/api/dues/payments/${p.body.id}/void`, { reason: '录错' }), 403);
    assertError(await admin.post(`/api/dues/payments/${p.body.id}/void`, {}), 400, { field: 'reason' });
    const v = await admin.post(`/api/dues/payments/${p.body.id}/void`, { reason: '录错人员' });
    assert.equal(v.status, 200, v.text);
    assertError(await admin.post(`/api/dues/payments/${p.body.id}/void`, { reason: '再次' }), 409);
    const l = await admin.get(`/api/dues/members/${id}?year=2026`);
    assert.equal(l.body.months[10].state, 'current');
    assert.equal(l.body.payments[0].void_reason, '录错人员');
  });

  it('shows the monthly collection sheet of a branch', async () => {
    const r = await shuji.get('/api/orgs/5/dues/sheet?month=2026-11');
    assert.equal(r.status, 200, r.text);
    const names = Object.fromEntries(r.body.items.map((x) => [x.name, x]));
    assert.equal(names['党费甲'].month.state, 'paid');
    assert.equal(names['党费乙'].month.state, 'current');
    assert.equal(names['党费乙'].month.due_fen, 20);
    assert.equal(r.body.paid_members, 1);
    assertError(await shuji.get('/api/orgs/5/dues/sheet?month=2026-1'), 400, { field: 'month' });
  });

  it('counts arrears across a year boundary and never changes a status', async () => {
    const id = ids['党费乙'];
    const pay = await shuji.post(`/api/dues/members/${id}/payments`, { from_month: '2026-05', months: 3, paid_on: '2026-07-05', channel: 'online', consent: true });
    assert.equal(pay.status, 201, pay.text);
    // January to April 2026 unpaid as well: start the ledger at 2026-05 (opening)
    const acc = await shuji.post(`/api/dues/members/${id}/account`, { start_month: '2026-05' });
    assert.equal(acc.status, 200, acc.text);
    assert.equal(acc.body.paid_through, '2026-07');
    let r = await shuji.get('/api/orgs/5/dues/arrears');
    assert.equal(r.status, 200, r.text);
    let row = r.body.items.find((x) => x.id === id);
    assert.equal(row.arrears_run, 3); // August, September, October
    assert.equal(row.arrears_level, 'warning');
    r = await shuji.get('/api/orgs/5/dues/arrears?date=2027-02-01');
    row = r.body.items.find((x) => x.id === id);
    assert.equal(row.arrears_run, 6); // 2026-08 .. 2027-01
    assert.equal(row.arrears_level, 'lapse_candidate');
    const m = await admin.get(`/api/members/${id}`);
    assert.equal(m.body.status, 'normal');
    assertError(await shuji.get('/api/orgs/5/dues/arrears?date=2027-02-30'), 400, { field: 'date' });
  });

  it('keeps 党费交至 after a transfer out', async () => {
    const id = ids['党费乙'];
    const r = await shuji.post(`/api/dues/members/${id}/account`, { start_month: '2026-05', stop_month: '2026-07', stop_reason: 'transfer_out' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.paid_through, '2026-07');
    assert.equal(r.body.stop_month, '2026-07');
    assert.equal(r.body.arrears_run, 0);
    const a = await shuji.get('/api/orgs/5/dues/arrears');
    assert.ok(!a.body.items.some((x) => x.id === id));
    assertError(await shuji.post(`/api/dues/members/${id}/account`, { stop_month: '2026-07' }), 400, { field: 'stop_reason' });
    assertError(await shuji.post(`/api/dues/members/${id}/account`, { start_month: '2025-12' }), 400, { field: 'start_month' });
  });

  it('records hardship relief only with an upper committee on record', async () => {
    const id = ids['党费甲'];
    const url = `/api/dues/members/${id}/reliefs`;
    const body = { kind: 'waive', from_month: '2026-02', to_month: '2026-04', approval_org_id: 5, approval_doc: '示范党发〔2026〕3号', approved_on: '2026-02-01', reason: '家庭困难' };
    assertError(await shuji.post(url, body), 400, { field: 'approval_org_id' });
    assertError(await shuji.post(url, { ...body, approval_org_id: 4, approval_doc: '' }), 400, { field: 'approval_doc' });
    assertError(await shuji.post(url, { ...body, approval_org_id: 4, approved_on: '2026-12-01' }), 400, { field: 'approved_on' });
    const ok = await shuji.post(url, { ...body, approval_org_id: 4 });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.months[1].state, 'waived');
    assert.equal(ok.body.months[1].due_fen, 0);
  });

  it('lets a branch set the farmers\' monthly amount within 0.2–1 元', async () => {
    const url = '/api/orgs/5/dues/farmer-rate';
    const a0 = auditCount(srv.dbPath);
    assertError(await shuji.post(url, { from_month: '2026-01', amount: '1.50' }), 400, { field: 'amount' });
    assertError(await shuji.post(url, { from_month: '2026-01', amount: '0.1' }), 400, { field: 'amount' });
    assertError(await shuji.post(url, { from_month: '2026-1', amount: '0.50' }), 400, { field: 'from_month' });
    assertError(await chengdong.post('/api/orgs/4/dues/farmer-rate', { from_month: '2026-01', amount: '0.50' }), 400, { field: 'org_id' });
    const out = await shuji.post('/api/orgs/7/dues/farmer-rate', { from_month: '2026-01', amount: '0.50' });
    assertError(out, 403);
    assert.equal(out.text, (await shuji.post('/api/orgs/987654/dues/farmer-rate', { from_month: '2026-01', amount: '0.50' })).text);
    assert.equal(auditCount(srv.dbPath), a0);
    const ok = await shuji.post(url, { from_month: '2026-01', amount: '0.50' });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.body.items, [{ from_month: '2026-01', monthly_fen: 50 }]);
    assert.equal(auditCount(srv.dbPath), a0 + 1);
    const calc = await shuji.get('/api/dues/calc?category=farmer');
    assert.equal(calc.body.amount_fen, 20, 'the calculator shows the rule; the branch rate applies to its members');
  });

  it('reports a subtree by branch and month, with the remittance and a disclosure PDF', async () => {
    const r = await chengdong.get('/api/orgs/2/dues/report?year=2026');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.branches.length, 1); // branch 5 only (7 is under 3)
    assert.equal(r.body.central_fen, 100000);
    assert.equal(r.body.total.due.length, 12);
    assert.ok(r.body.total.paid_fen > 0);
    assert.equal(r.body.remit_upper_bp, 10000);
    const whole = await admin.get('/api/orgs/1/dues/report?year=2026');
    assert.equal(whole.body.branches.length, 2);
    const d = await chengdong.get('/api/orgs/2/dues/disclosure?year=2026');
    assert.equal(d.status, 200);
    assert.ok(d.body.lines.some((l) => l.name === '党费甲'));
    const pdf = await chengdong.get('/api/orgs/2/dues/disclosure.pdf?year=2026');
    assert.equal(pdf.status, 200);
    const ct = pdf.headers instanceof Headers ? pdf.headers.get('content-type') : pdf.headers['content-type'];
    assert.equal(ct, 'application/pdf');
    assert.ok(pdf.text.startsWith('%PDF-'));
    assertError(await chengdong.get('/api/orgs/2/dues/report?year=2007'), 400, { field: 'year' });
  });

  it('answers 403 outside the subtree, the same as for a missing record', async () => {
    const out = await shuji.get(`/api/dues/members/${ids['党费丙']}`);
    assertError(out, 403);
    assert.equal(out.text, (await shuji.get('/api/dues/members/987654')).text);
    const rep = await shuji.get('/api/orgs/7/dues/report');
    assertError(rep, 403);
    assert.equal(rep.text, (await shuji.get('/api/orgs/987654/dues/report')).text);
    assertError(await shuji.get('/api/orgs/7/dues/disclosure.pdf'), 403);
    assertError(await shuji.post(`/api/dues/members/${ids['党费丙']}/payments`, { from_month: '2026-11', paid_on: TODAY, channel: 'cash' }), 403);
    assertError(await chengdong.get('/api/orgs/7/dues/sheet'), 403);
  });

  it('lets a member see only their own dues', async () => {
    const u = await admin.post('/api/users', {
      username: 'dfjia', display_name: '党费甲', password: 'Member@2026x', role: 'member', org_id: 5, must_change_password: false,
    });
    assert.equal(u.status, 201, u.text);
    assert.equal((await admin.post(`/api/members/${ids['党费甲']}/user`, { user_id: u.body.id })).status, 200);
    const me = await loginAs(srv, 'dfjia', 'Member@2026x');
    const own = await me.get('/api/dues/me');
    assert.equal(own.status, 200, own.text);
    assert.equal(own.body.member.id, ids['党费甲']);
    assert.equal(own.body.payments.length, 2);
    assert.equal((await me.get(`/api/dues/members/${ids['党费甲']}`)).status, 200);
    const other = await me.get(`/api/dues/members/${ids['党费乙']}`);
    assertError(other, 403);
    assert.equal(other.text, (await me.get('/api/dues/members/987654')).text);
    assertError(await me.get('/api/orgs/5/dues/sheet'), 403);
    assertError(await me.get('/api/orgs/5/dues/report'), 403);
    // the annual disclosure of their own branch is published to them, no other
    const dis = await me.get('/api/orgs/5/dues/disclosure?year=2026');
    assert.equal(dis.status, 200, dis.text);
    assertError(await me.get('/api/orgs/4/dues/disclosure?year=2026'), 403);
    assertError(await me.get('/api/orgs/7/dues/disclosure.pdf?year=2026'), 403);
    assertError(await me.post(`/api/dues/members/${ids['党费甲']}/payments`, { from_month: '2026-12', paid_on: TODAY, channel: 'cash', consent: true }), 403);
    assertError(await shuji.get('/api/dues/me'), 404);
  });

  it('has a CLI: calc prints the rate, the amount and the rule', () => {
    const db = srv.dbPath;
    let r = runCli(['--db', db, 'dues', 'calc', '--category', 'employed', '--base', '3000.01'], { env: { DJ_TODAY: TODAY } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /30\.00/);
    assert.match(r.stdout, /1\.00%/);
    assert.match(r.stdout, /dues\.band2\.rate_bp/);
    r = runCli(['--db', db, 'dues', 'calc', '--category', 'employed', '--base', '3000.00', '--date', '2020-06-01']);
    assert.match(r.stdout, /15\.00/);
    r = runCli(['--db', db, 'dues', 'calc', '--category', 'nobody']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /党费类别/);
    r = runCli(['--db', db, 'dues', '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /dangjian dues calc/);
    r = runCli(['--db', db, 'dues', 'report', '1', '--year', '2026'], { env: { DJ_TODAY: TODAY } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /应交/);
    const out = path.join(srv.dir, 'd.pdf');
    r = runCli(['--db', db, 'dues', 'disclosure', '2', '--year', '2026', '--pdf', out], { env: { DJ_TODAY: TODAY } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(fs.readFileSync(out).subarray(0, 5).toString(), '%PDF-');
    r = runCli(['--db', db, 'dues', 'pay', String(ids['党费甲']), '--from', '2026-12', '--date', TODAY, '--channel', 'wage', '--consent'], { env: { DJ_TODAY: TODAY } });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /工资/);
  });
});
