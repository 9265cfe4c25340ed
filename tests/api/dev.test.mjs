// dev.test.mjs - the 发展党员 API: an applicant walked through the 25 steps
// to 正式党员 (the member record made at approval, converted at 转正), every
// guard at its boundary over HTTP (18th birthday, 1 year as 积极分子, the
// vote with written opinions, the approval deadline), the review inbox
// (a branch submits, the 党工委 with 审批权限 approves or returns with a
// reason, both audited), 403 outside the subtree with the same body as a
// missing record, bad input naming the field with nothing written, rolls,
// plans, counts, deadlines and the CLI.
//
// Demo fixture (dangjian demo --scale test): orgs 1 /1/, 2 /1/2/ (城东街道党工委,
// given 审批权限 here), 3 /1/3/, 4 /1/2/4/ (社区党委), 5 /1/2/4/5/ (网格党支部),
// 7 /1/3/7/ (党支部); users admin, zzb (org_admin 1), chengdong (org_admin 2),
// shuji (branch_admin 5), shenji (auditor 1). "Today" is fixed at 2026-11-23.
// All ID numbers are synthetic (invented region 990101, valid check digit).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, auditCount, loginAs, runCli, sql, startServer } from './lib.mjs';

function checkChar(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * w[i];
  return '10X98765432'[s % 11];
}
function idcard(birth, seq) {
  const first17 = '990101' + birth.replace(/-/g, '') + String(seq).padStart(3, '0');
  return first17 + checkChar(first17);
}

const TODAY = '2026-11-23';
const ENV = { DJ_TODAY: TODAY };
let seq = 200;

describe('发展党员', () => {
  let srv, admin, zzb, chengdong, shuji, shenji;
  let m1, m2; // 正式党员 of branch 5 (contacts, introducers)

  const events = () => Number(sql(srv.dbPath, 'SELECT count(*) FROM dev_events'));
  const applicants = () => Number(sql(srv.dbPath, 'SELECT count(*) FROM dev_applicants'));
  const actions = (a) => Number(sql(srv.dbPath, `SELECT count(*) FROM audit_log WHERE action = '${a}'`));

  async function member(name, org = 5) {
    seq += 2;
    const r = await admin.post('/api/members', {
      name, id_number: idcard('1980-03-03', seq + 1), joined_on: '2005-07-01',
      confirmed_on: '2006-07-01', category: 'full', org_id: org,
    });
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  }

  async function applicant(client = shuji, extra = {}) {
    seq += 2;
    const r = await client.post('/api/dev/applicants', {
      org_id: 5, name: '测试申请人', id_number: idcard('1995-05-05', seq + 1), phone: '13800005678',
      education: '21', applied_on: '2023-01-10', ...extra,
    });
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  }

  const step = (id, body, client = shuji) => client.post(`/api/dev/applicants/${id}/steps`, body);
  async function ok(id, body, client = shuji) {
    const r = await step(id, body, client);
    assert.equal(r.status, 201, `${body.kind}: ${r.text}`);
    return r.body;
  }

  /* Walk an applicant up to (not including) step `upto`; the review steps go through the inbox. */
  async function walk(upto) {
    const id = await applicant();
    const plan = [
      [2, { kind: 'talk', date: '2023-01-20' }],
      [3, { kind: 'activist', date: '2023-07-20', meeting: '支部委员会会议' }],
      [4, { kind: 'activist_filing', date: '2023-07-25' }],
      [5, { kind: 'contacts', date: '2023-07-25', contacts: [m1] }],
      [6, { kind: 'assessment', date: '2024-01-10' }],
      [6, { kind: 'assessment', date: '2024-07-10' }],
      [7, { kind: 'candidate', date: '2024-07-20', meeting: '支部委员会会议' }],
      [8, { kind: 'candidate_filing', date: '2024-07-25' }],
      [9, { kind: 'introducers', date: '2024-08-01', introducers: [m1, m2] }],
      [10, { kind: 'political_review', date: '2024-09-01', conclusion: 'passed', documents: ['政审报告'] }],
      [11, { kind: 'training', date: '2024-09-10', days: 3 }],
      [12, { kind: 'committee_review', date: '2024-10-01', meeting: '支部委员会会议' }],
      [13, { review: true, kind: 'prereview', date: '2024-10-15', meeting: '街道党工委会议' }],
      [14, { kind: 'form', date: '2024-10-20' }],
      [15, { kind: 'admission_vote', date: '2024-11-01', meeting: '支部党员大会', vote: { expected: 11, present: 6, yes: 6 } }],
      [16, { kind: 'upper_talk', date: '2024-11-10' }],
      [17, { review: true, kind: 'approval', date: '2025-01-15', meeting: '街道党工委会议' }],
    ];
    for (const [n, b] of plan) {
      if (n >= upto) break;
      if (b.review) {
        const s = await shuji.post(`/api/dev/applicants/${id}/submit`, { kind: b.kind, date: b.date });
        assert.equal(s.status, 201, s.text);
        const a = await chengdong.post(`/api/dev/reviews/${s.body.review_id}/approve`, { date: b.date, meeting: b.meeting });
        assert.equal(a.status, 200, a.text);
      } else {
        await ok(id, b);
      }
    }
    return id;
  }

  before(async () => {
    srv = await startServer({ env: ENV });
    sql(srv.dbPath, 'UPDATE orgs SET can_approve = 1 WHERE id = 2');
    [admin, zzb, chengdong, shuji, shenji] = await Promise.all(
      ['admin', 'zzb', 'chengdong', 'shuji', 'shenji'].map((u) => loginAs(srv, u)),
    );
    m1 = await member('联系人甲');
    m2 = await member('介绍人乙');
  });
  after(() => srv?.stop());

  it('walks an applicant to 正式党员 with the member record made at approval', async () => {
    const id = await walk(18);
    let a = (await shuji.get(`/api/dev/applicants/${id}`)).body;
    assert.equal(a.stage, 'probationary');
    assert.equal(a.admitted_on, '2024-11-01');
    assert.equal(a.probation_end, '2025-11-01');
    assert.equal(a.masked, true);
    assert.equal(a.phone, '138****5678');
    const m = (await shuji.get(`/api/members/${a.member_id}`)).body;
    assert.equal(m.category, 'probationary');
    assert.equal(m.joined_on, '2024-11-01');
    assert.equal(m.org_id, 5);
    for (const b of [
      { kind: 'approval_filing', date: '2025-01-20' },
      { kind: 'assign_group', date: '2025-01-20' },
      { kind: 'oath', date: '2025-01-20' },
      { kind: 'probation_review', date: '2025-07-01' },
      { kind: 'conversion_application', date: '2025-10-25' },
    ]) await ok(id, b);
    // the 转正 meeting a day before the 预备期 ends is refused
    const early = await step(id, { kind: 'conversion_vote', date: '2025-10-31', meeting: '支部党员大会', outcome: 'convert', vote: { expected: 11, present: 8, yes: 8 } });
    assertError(early, 400, { field: 'date' });
    assert.match(early.body.error.message, /dev\.probation\.months/);
    await ok(id, { kind: 'conversion_vote', date: '2025-11-01', meeting: '支部党员大会', outcome: 'convert', vote: { expected: 11, present: 8, yes: 8 } });
    const s = await shuji.post(`/api/dev/applicants/${id}/submit`, { kind: 'conversion_approval', date: '2025-11-05' });
    assert.equal(s.status, 201, s.text);
    const ap = await chengdong.post(`/api/dev/reviews/${s.body.review_id}/approve`, { date: '2025-12-01', meeting: '街道党工委会议' });
    assert.equal(ap.status, 200, ap.text);
    assert.equal(ap.body.stage, 'full');
    assert.equal(ap.body.converted_on, '2025-11-01');
    const full = (await admin.get(`/api/members/${a.member_id}`)).body;
    assert.equal(full.category, 'full');
    assert.equal(full.confirmed_on, '2025-11-01');
    assert.equal(full.party_years, 1);
    const t = (await shuji.get(`/api/dev/applicants/${id}/timeline`)).body;
    assert.equal(new Set(t.events.map((e) => e.step)).size, 24);
    assert.equal(t.next[0].step, 25);
    assert.equal(t.events.find((e) => e.step === 10).documents[0], '政审报告');
    assert.equal(t.events.find((e) => e.step === 17).recorded_by, 'chengdong');
    assert.equal(t.events.find((e) => e.step === 17).decided_by_org, 2);
    a = (await shuji.get(`/api/dev/applicants/${id}?unmasked=1`)).body;
    assert.equal(a.phone, '13800005678');
    assert.ok(actions('dev.read_unmasked') >= 1);
  });

  it('refuses an applicant one day short of 18 and accepts on the birthday, writing nothing', async () => {
    const before = [applicants(), auditCount(srv.dbPath)];
    seq += 2;
    const body = { org_id: 5, name: '年龄测试', id_number: idcard('2008-11-24', seq + 1), applied_on: TODAY };
    const r = await shuji.post('/api/dev/applicants', body);
    assertError(r, 400, { field: 'applied_on' });
    assert.match(r.body.error.message, /dev\.applicant\.min_age_years/);
    assert.deepEqual([applicants(), auditCount(srv.dbPath)], before);
    seq += 2;
    const ok18 = await shuji.post('/api/dev/applicants', { ...body, id_number: idcard('2008-11-23', seq + 1) });
    assert.equal(ok18.status, 201, ok18.text);
    assert.equal(ok18.body.age, 18);
    // nothing in the database in plaintext
    assert.equal(Number(sql(srv.dbPath, "SELECT count(*) FROM dev_applicants WHERE id_enc LIKE '%20081123%'")), 0);
  });

  it('refuses a 发展对象 one day short of a year as 积极分子, writing nothing', async () => {
    const id = await walk(7);
    const before = [events(), auditCount(srv.dbPath)];
    const r = await step(id, { kind: 'candidate', date: '2024-07-19', meeting: '支部委员会会议' });
    assertError(r, 400, { field: 'date' });
    assert.match(r.body.error.message, /dev\.activist\.min_months/);
    assert.match(r.body.error.message, /2024-07-20/);
    assert.deepEqual([events(), auditCount(srv.dbPath)], before);
    await ok(id, { kind: 'candidate', date: '2024-07-20', meeting: '支部委员会会议' });
  });

  it('records a late talk with a warning', async () => {
    const id = await applicant(shuji, { applied_on: '2026-01-31' });
    const r = await ok(id, { kind: 'talk', date: '2026-03-01' });
    assert.match(r.warning, /dev\.application\.talk_within_months/);
    const id2 = await applicant(shuji, { applied_on: '2026-01-31' });
    assert.equal((await ok(id2, { kind: 'talk', date: '2026-02-28' })).warning, null);
  });

  it('counts written opinions in the vote and fails exactly half', async () => {
    const id = await walk(15);
    const base = { kind: 'admission_vote', date: '2024-11-01', meeting: '支部党员大会' };
    const before = events();
    let r = await step(id, { ...base, vote: { expected: 10, present: 10, yes: 5, no: 5 } });
    assertError(r, 400, { field: 'yes' });
    assert.match(r.body.error.message, /life\.assembly\.pass_bp/);
    r = await step(id, { ...base, vote: { expected: 11, present: 5, yes: 5, written_yes: 6 } });
    assertError(r, 400, { field: 'present' });
    r = await step(id, { ...base, vote: { expected: 11, present: 6, yes: 4, no: 2, written_yes: 1 } });
    assertError(r, 400, { field: 'yes' });
    assert.equal(events(), before);
    await ok(id, { ...base, vote: { expected: 11, present: 6, yes: 4, no: 2, written_yes: 2 } });
  });

  it('lets only the 党工委 with 审批权限 decide, audited, with a reason to return', async () => {
    const id = await walk(17);
    // the branch may not approve itself
    let r = await step(id, { kind: 'approval', date: '2025-01-15', meeting: '支部党员大会' });
    assertError(r, 403);
    const s = await shuji.post(`/api/dev/applicants/${id}/submit`, { kind: 'approval', date: '2024-11-20' });
    assert.equal(s.status, 201, s.text);
    const rid = s.body.review_id;
    assertError(await shuji.post(`/api/dev/applicants/${id}/submit`, { kind: 'approval' }), 409);
    const inbox = (await chengdong.get('/api/dev/reviews?inbox=1&status=pending')).body.items;
    assert.ok(inbox.some((x) => x.id === rid && x.label === '上级党委审批'));
    assert.equal((await shuji.get('/api/dev/reviews?inbox=1')).body.items.length, 0);
    assertError(await shuji.post(`/api/dev/reviews/${rid}/approve`, { date: '2025-01-15', meeting: 'x' }), 403);
    assertError(await shenji.post(`/api/dev/reviews/${rid}/approve`, { date: '2025-01-15', meeting: 'x' }), 403);
    // return needs a reason
    const before = auditCount(srv.dbPath);
    assertError(await chengdong.post(`/api/dev/reviews/${rid}/return`, {}), 400, { field: 'reason' });
    assert.equal(auditCount(srv.dbPath), before);
    r = await chengdong.post(`/api/dev/reviews/${rid}/return`, { reason: '介绍人意见未填写' });
    assert.equal(r.status, 200, r.text);
    assert.equal(actions('dev.review.return'), 1);
    const again = await shuji.post(`/api/dev/applicants/${id}/submit`, { kind: 'approval' });
    assert.equal(again.status, 201, again.text);
    // three months and a day after the branch meeting: refused, six months with the special case
    r = await chengdong.post(`/api/dev/reviews/${again.body.review_id}/approve`, { date: '2025-02-02', meeting: '街道党工委会议' });
    assertError(r, 400, { field: 'date' });
    assert.match(r.body.error.message, /dev\.approval\.max_months/);
    r = await chengdong.post(`/api/dev/reviews/${again.body.review_id}/approve`, { date: '2025-05-01', meeting: '街道党工委会议', special: true });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.stage, 'probationary');
    const rv = (await shuji.get(`/api/dev/applicants/${id}/timeline`)).body.reviews.filter((x) => x.step === 17);
    assert.deepEqual(rv.map((x) => x.status), ['returned', 'approved']);
    assert.equal(rv[0].reason, '介绍人意见未填写');
  });

  it('answers 403 outside the subtree with the same body as a missing applicant', async () => {
    const id = await applicant(admin, { org_id: 7 });
    const out = await shuji.get(`/api/dev/applicants/${id}`);
    const missing = await shuji.get('/api/dev/applicants/999999');
    assertError(out, 403);
    assert.equal(out.text, missing.text);
    assertError(await shuji.get(`/api/dev/applicants/${id}/timeline`), 403);
    assertError(await shuji.post(`/api/dev/applicants/${id}/steps`, { kind: 'talk', date: '2023-02-01' }), 403);
    assertError(await chengdong.get('/api/dev/applicants?org_id=7'), 403);
    assertError(await shuji.post('/api/dev/applicants', { org_id: 7, name: '越权', id_number: idcard('1990-01-01', 991), applied_on: '2026-01-01' }), 403);
    assertError(await admin.get('/api/dev/applicants/999999'), 404);
    for (const p of ['/api/dev/deadlines?org_id=7', '/api/dev/counts?org_id=7', '/api/dev/plans?org_id=7&year=2026', '/api/dev/roll?org_id=7']) {
      const r = await shuji.get(p);
      assertError(r, 403);
      assert.equal(r.body.error.message, '无权访问该组织的数据');
    }
    assert.ok((await shuji.get('/api/dev/applicants')).body.items.every((x) => x.org_id === 5));
  });

  it('refuses bad input naming the field, with nothing written', async () => {
    const id = await applicant();
    const before = [events(), auditCount(srv.dbPath), applicants()];
    const cases = [
      [{ kind: 'talk', date: '2023-02-30' }, 'date'],
      [{ kind: 'talk', date: '2026-11-24' }, 'date'],
      [{ kind: 'nonsense', date: '2023-02-01' }, 'kind'],
      [{ date: '2023-02-01' }, 'kind'],
      [{ kind: 'talk', date: '2023-02-01', colour: 'red' }, 'colour'],
      [{ kind: 'talk', date: '2023-02-01', documents: 'x' }, 'documents'],
      [{ kind: 'activist', date: '2023-07-20' }, 'meeting'],
    ];
    for (const [b, field] of cases) {
      const r = await step(id, b);
      assert.ok(r.status === 400 || r.status === 409, `${JSON.stringify(b)}: ${r.text}`);
      if (r.status === 400) assert.equal(r.body.error.field, field, r.text);
    }
    assertError(await shuji.post('/api/dev/applicants', { org_id: 5, name: '坏号码', id_number: idcard('1990-01-01', 993).slice(0, 17) + (idcard('1990-01-01', 993)[17] === '1' ? '2' : '1'), applied_on: '2026-01-01' }), 400, { field: 'id_number' });
    assertError(await shuji.post('/api/dev/applicants', { org_id: 5, name: '无日期', id_number: idcard('1990-01-01', 993) }), 400, { field: 'applied_on' });
    assertError(await shuji.post('/api/dev/applicants', { org_id: 4, name: '社区党委', id_number: idcard('1990-01-01', 995), applied_on: '2026-01-01' }), 403);
    assertError(await admin.post('/api/dev/applicants', { org_id: 4, name: '社区党委', id_number: idcard('1990-01-01', 995), applied_on: '2026-01-01' }), 400, { field: 'org_id' });
    assert.deepEqual([events(), auditCount(srv.dbPath), applicants()], before);
  });

  it('lists by stage, rolls in the national columns, counts, plans and deadlines', async () => {
    const list = (await chengdong.get('/api/dev/applicants?org_id=4&stage=probationary')).body;
    assert.ok(list.items.length >= 1 && list.items.every((x) => x.stage === 'probationary'));
    const roll = (await chengdong.get('/api/dev/roll?roll=applicants&org_id=2')).body;
    assert.equal(roll.title, '入党申请人名册');
    assert.deepEqual(roll.columns.slice(0, 3), ['序号', '姓名', '性别']);
    assert.match(roll.rows[0][5], /^990101\*{8}\d{3}[\dX]$/);
    const dev = (await chengdong.get('/api/dev/roll?roll=development&org_id=2')).body;
    assert.equal(dev.columns[8], '入党日期');
    assert.equal(dev.rows[0][8], '20241101');
    const counts = (await zzb.get('/api/dev/counts?org_id=1')).body;
    assert.ok(counts.stages.probationary.total >= 1);
    assert.equal(counts.total, Number(sql(srv.dbPath, 'SELECT count(*) FROM dev_applicants')));
    assert.equal(counts.under35, Number(sql(srv.dbPath, "SELECT count(*) FROM dev_applicants WHERE birth_date > '1991-11-23'")));
    assert.ok(counts.education['21'] >= 1);
    assertError(await shuji.post('/api/dev/plans', { org_id: 2, year: 2024, planned: 3 }), 403);
    const p = await chengdong.post('/api/dev/plans', { org_id: 2, year: 2024, planned: 3, under35: 2 });
    assert.equal(p.status, 200, p.text);
    assertError(await chengdong.post('/api/dev/plans', { org_id: 2, year: 2024, planned: 1, under35: 2 }), 400, { field: 'under35' });
    const plans = (await zzb.get('/api/dev/plans?org_id=1&year=2024')).body.items;
    assert.equal(plans[0].planned, 3);
    assert.ok(plans[0].developed >= 2);
    const dl = (await shuji.get('/api/dev/deadlines?from=2020-01-01&to=2030-12-31')).body.items;
    assert.ok(dl.some((x) => x.kind === 'dev.talk_due' && x.level === 'overdue'));
    assert.ok(dl.some((x) => x.kind === 'dev.probation_end'));
    assert.ok(dl.every((x, i) => i === 0 || dl[i - 1].due <= x.due));
    assertError(await shuji.get('/api/dev/deadlines?from=2020-13-01'), 400, { field: 'from' });
  });

  it('serves the step table and the applicant form in /api/meta', async () => {
    const steps = (await shuji.get('/api/dev/steps')).body.items;
    assert.equal(steps.filter((s) => s.step >= 1).length, 25);
    assert.deepEqual(steps.filter((s) => s.review).map((s) => s.step), [13, 17, 24]);
    const meta = (await shuji.get('/api/meta')).body.records.dev_applicant.fields;
    assert.equal(meta.find((f) => f.key === 'id_number').personal, true);
  });

  it('works from the CLI', () => {
    const db = srv.dbPath;
    const cli = (args) => runCli(['--db', db, 'dev', ...args], { env: ENV });
    let r = cli(['--help']);
    assert.match(r.stdout, /入党申请人/);
    r = cli(['add', '--org', '5', '--name', '命令行申请人', '--id-number', idcard('1996-06-06', 997), '--applied-on', '2026-10-01']);
    assert.equal(r.status, 0, r.stderr);
    const id = /入党申请人 (\d+)/.exec(r.stdout)[1];
    r = cli(['step', id, '--kind', 'talk', '--date', '2026-11-02']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /提醒：.*dev\.application\.talk_within_months/);
    r = cli(['step', id, '--kind', 'activist', '--date', '2026-11-03']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /meeting/);
    r = cli(['show', id]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /推荐和确定入党积极分子/);
    r = cli(['list', '--org', '5', '--stage', 'applicant']);
    assert.match(r.stdout, /命令行申请人/);
    r = cli(['roll', '--org', '5']);
    assert.match(r.stdout, /入党申请人名册/);
    r = cli(['deadlines', '--from', '2020-01-01', '--to', '2030-01-01']);
    assert.equal(r.status, 0, r.stderr);
    r = cli(['counts', '--org', '1']);
    assert.match(r.stdout, /入党申请人/);
  });
});
