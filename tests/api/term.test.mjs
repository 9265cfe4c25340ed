// term.test.mjs - terms and elections (换届): terms with their length by
// rule, states on their exact dates, extension by the upper organisation
// (<= 1 year; a branch admin cannot approve its own), election quorum,
// majority and competitive ratio at their boundaries, the committee fed into
// the posts, the due list, permissions (out of scope looks like missing),
// bad input writing nothing, and the CLI.
//
// The demo (--scale test): 1 示范区委 /1/ (党委), 2 城东街道党工委 /1/2/, 3 城西街道党工委
// /1/3/, 4 幸福社区党委 /1/2/4/ (社区党委), 5 第一网格党支部 /1/2/4/5/ and 6 第二网格党支部
// /1/2/4/6/ (社区), 7 城西街道机关党支部 /1/3/7/ (机关), 8 联合党支部 /1/3/8/.
// "Today" is frozen at 2026-06-15 (DJ_TODAY).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { assertError, auditCount, loginAs, q, runCli, sql, startServer } from './lib.mjs';

const TODAY = '2026-06-15';
const ENV = { DJ_TODAY: TODAY };

function addMember(dbPath, orgId, name, confirmedOn) {
  return Number(sql(
    dbPath,
    'INSERT INTO members (org_id, org_path, name, id_enc, id_blind, gender, birth_date, category, ' +
      'joined_on, confirmed_on, status, created_at, updated_at) ' +
      `SELECT id, path, ${q(name)}, 'v1:synthetic', ${q(crypto.randomUUID())}, '1', '1980-01-01', ` +
      `${confirmedOn ? "'full'" : "'probationary'"}, '2000-01-01', ${confirmedOn ? q(confirmedOn) : 'NULL'}, ` +
      `'normal', 'now', 'now' FROM orgs WHERE id = ${Number(orgId)} RETURNING id`,
  ));
}

const termCount = (db) => Number(sql(db, 'SELECT count(*) FROM org_terms'));
const candCount = (db) => Number(sql(db, 'SELECT count(*) FROM term_candidates'));
const postCount = (db) => Number(sql(db, 'SELECT count(*) FROM org_posts'));

describe('terms: length by rule, states on exact dates, extension', () => {
  let srv;
  let admin;
  let zzb;
  let chengdong;
  let shuji;
  let term5;
  before(async () => {
    srv = await startServer({ env: ENV });
    admin = await loginAs(srv, 'admin');
    zzb = await loginAs(srv, 'zzb');
    chengdong = await loginAs(srv, 'chengdong');
    shuji = await loginAs(srv, 'shuji');
  });
  after(() => srv?.stop());

  it('records a community branch term of 5 years from the rule, with its dates', async () => {
    const r = await chengdong.post('/api/orgs/5/terms', { elected_on: '2021-06-15' });
    assert.equal(r.status, 201, r.text);
    term5 = r.body;
    assert.equal(r.body.seq, 1);
    assert.equal(r.body.term_years, 5);
    assert.equal(r.body.term_rule, 'org.term.village_years');
    assert.equal(r.body.expires_on, '2026-06-15');
    assert.equal(r.body.reminder_on, '2025-12-15');
    assert.equal(r.body.request_due, '2026-04-15');
    assert.equal(r.body.last_ok, '2027-06-15');
    assert.equal(r.body.state, 'reminder_due');
  });

  it('an organ branch gets 3 years; elected 2024-02-29 expires 2027-02-28', async () => {
    const r = await admin.post('/api/orgs/7/terms', { elected_on: '2024-02-29' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.term_years, 3);
    assert.equal(r.body.term_rule, 'org.term.branch_years');
    assert.equal(r.body.expires_on, '2027-02-28');
    assert.equal(r.body.reminder_on, '2026-08-28');
    const at = async (on) => (await admin.get(`/api/orgs/7/terms?on=${on}`)).body.state;
    assert.equal(await at('2026-08-27'), 'in_term');
    assert.equal(await at('2026-08-28'), 'reminder_due');
    assert.equal(await at('2027-02-28'), 'reminder_due');
    assert.equal(await at('2027-03-01'), 'expired');
    assert.equal(await at('2028-02-28'), 'expired');
    assert.equal(await at('2028-02-29'), 'overdue');
  });

  it('states of the community branch on the day before, at and after each boundary', async () => {
    const at = async (on) => (await chengdong.get(`/api/orgs/5/terms?on=${on}`)).body.state;
    assert.equal(await at('2025-12-14'), 'in_term');
    assert.equal(await at('2025-12-15'), 'reminder_due');
    assert.equal(await at('2026-06-15'), 'reminder_due');
    assert.equal(await at('2026-06-16'), 'expired');
    assert.equal(await at('2027-06-15'), 'expired');
    assert.equal(await at('2027-06-16'), 'overdue');
  });

  it('legacy: before 2018-07-12 the length must be given and lie in the 党章 range of its day', async () => {
    let before = [termCount(srv.dbPath), auditCount(srv.dbPath)];
    let r = await admin.post('/api/orgs/6/terms', { elected_on: '2015-03-01' });
    assertError(r, 400, { field: 'term_years' });
    r = await admin.post('/api/orgs/6/terms', { elected_on: '2015-03-01', term_years: 5 });
    assertError(r, 400, { field: 'term_years' });
    assert.match(r.body.error.message, /2 至 4 年/);
    assert.deepEqual([termCount(srv.dbPath), auditCount(srv.dbPath)], before);
    r = await admin.post('/api/orgs/6/terms', { elected_on: '2015-03-01', term_years: 3 });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.term_rule, 'legacy');
    assert.equal(r.body.expires_on, '2018-03-01');
    before = [termCount(srv.dbPath), auditCount(srv.dbPath)];
    r = await admin.post('/api/orgs/6/terms', { elected_on: '2019-03-01', term_years: 2 });
    assertError(r, 400, { field: 'term_years' });
    r = await admin.post('/api/orgs/6/terms', { elected_on: '2014-03-01', term_years: 3 });
    assertError(r, 409, { field: 'elected_on' }); // 届次 2 elected before 届次 1
    r = await admin.post('/api/orgs/6/terms', { elected_on: '2026-06-16' });
    assertError(r, 400, { field: 'elected_on' }); // after today
    r = await admin.post('/api/orgs/6/terms', { elected_on: '2019-02-30' });
    assertError(r, 400, { field: 'elected_on' });
    r = await admin.post('/api/orgs/6/terms', { elected_on: '2019-03-01', bogus: 1 });
    assertError(r, 400, { field: 'bogus' });
    r = await admin.post('/api/orgs/2/terms', { elected_on: '2019-03-01' });
    assertError(r, 400); // 党工委 is appointed, no terms
    assert.deepEqual([termCount(srv.dbPath), auditCount(srv.dbPath)], before);
  });

  it('an extension of more than 1 year is refused; exactly 1 year is approved by the upper org', async () => {
    const before = [auditCount(srv.dbPath), sql(srv.dbPath, `SELECT extended_until FROM org_terms WHERE id = ${term5.id}`)];
    const body = { extended_until: '2027-06-16', approved_on: TODAY, approver: '李书记', doc: '示范组字〔2026〕8号', reason: '社区合并' };
    let r = await chengdong.post(`/api/terms/${term5.id}/extend`, body);
    assertError(r, 400, { field: 'extended_until' });
    assert.match(r.body.error.message, /2027-06-15/);
    assert.match(r.body.error.message, /org\.term\.max_adjust_years/);
    r = await chengdong.post(`/api/terms/${term5.id}/extend`, { ...body, extended_until: '2026-06-15' });
    assertError(r, 400, { field: 'extended_until' }); // not after the expiry
    r = await chengdong.post(`/api/terms/${term5.id}/extend`, { ...body, extended_until: '2027-06-15', approved_on: '2026-06-16' });
    assertError(r, 400, { field: 'approved_on' });
    r = await chengdong.post(`/api/terms/${term5.id}/extend`, { ...body, extended_until: '2027-06-15', doc: '' });
    assertError(r, 400, { field: 'doc' });
    assert.deepEqual([auditCount(srv.dbPath), sql(srv.dbPath, `SELECT extended_until FROM org_terms WHERE id = ${term5.id}`)], before);

    r = await shuji.post(`/api/terms/${term5.id}/extend`, { ...body, extended_until: '2027-06-15' });
    assertError(r, 403); // the branch cannot approve its own extension
    assert.equal(auditCount(srv.dbPath), before[0]);

    r = await chengdong.post(`/api/terms/${term5.id}/extend`, { ...body, extended_until: '2027-06-15' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.extended_until, '2027-06-15');
    assert.equal(r.body.extension.org_id, 4);
    assert.equal(r.body.extension.doc, '示范组字〔2026〕8号');
    assert.equal(auditCount(srv.dbPath), before[0] + 1);
    const at = async (on) => (await shuji.get(`/api/orgs/5/terms?on=${on}`)).body.state;
    assert.equal(await at('2026-06-15'), 'reminder_due');
    assert.equal(await at('2026-06-16'), 'extended');
    assert.equal(await at('2027-06-15'), 'extended');
    assert.equal(await at('2027-06-16'), 'overdue');
  });

  it('the upper organisation records the reminder and the 换届请示; the branch cannot', async () => {
    let r = await shuji.post(`/api/terms/${term5.id}/reminder`, { sent_on: '2025-12-15' });
    assertError(r, 403);
    r = await chengdong.post(`/api/terms/${term5.id}/reminder`, { sent_on: '2025-12-15', note: '电话提醒' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.reminder_sent_on, '2025-12-15');
    r = await chengdong.post(`/api/terms/${term5.id}/request`, { received_on: '2026-04-10', doc: '网格请〔2026〕1号' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.request_received_on, '2026-04-10');
    assert.equal(r.body.request_doc, '网格请〔2026〕1号');
    r = await chengdong.post(`/api/terms/${term5.id}/request`, { received_on: '2026-06-16' });
    assertError(r, 400, { field: 'received_on' });
  });

  it('the due list of the upper organisation: its subtree, filter by state', async () => {
    let r = await zzb.get('/api/orgs/1/terms/due?on=2026-06-16');
    assert.equal(r.status, 200, r.text);
    const byOrg = Object.fromEntries(r.body.items.map((x) => [x.org_id, x]));
    assert.ok(!(1 in byOrg), 'not itself');
    assert.ok(!(2 in byOrg) && !(3 in byOrg), '党工委 have no terms');
    assert.equal(byOrg[5].state, 'extended');
    assert.equal(byOrg[5].reminder_sent_on, '2025-12-15');
    assert.equal(byOrg[5].request_received_on, '2026-04-10');
    assert.equal(byOrg[7].state, 'in_term');
    assert.equal(byOrg[4].state, 'none');
    r = await zzb.get('/api/orgs/1/terms/due?on=2026-06-16&state=extended');
    assert.deepEqual(r.body.items.map((x) => x.org_id), [5]);
    r = await zzb.get('/api/orgs/1/terms/due?state=bogus');
    assertError(r, 400, { field: 'state' });
    r = await chengdong.get('/api/orgs/2/terms/due');
    assert.ok(r.body.items.every((x) => x.path.startsWith('/1/2/')));
  });

  it('outside the subtree: 403 with the same body as a missing organisation or term', async () => {
    const t7 = (await admin.get('/api/orgs/7/terms')).body.items[0].id;
    const a = await chengdong.get('/api/orgs/7/terms');
    const b = await chengdong.get('/api/orgs/999999/terms');
    assertError(a, 403);
    assert.equal(a.text, b.text);
    const c = await chengdong.get(`/api/terms/${t7}`);
    const d = await chengdong.get('/api/terms/999999');
    assertError(c, 403);
    assert.equal(c.text, d.text);
    const e = await chengdong.post(`/api/terms/${t7}/extend`, { extended_until: '2027-06-15', approved_on: TODAY, approver: '甲', doc: '乙' });
    const f = await chengdong.post('/api/terms/999999/extend', { extended_until: '2027-06-15', approved_on: TODAY, approver: '甲', doc: '乙' });
    assertError(e, 403);
    assert.equal(e.text, f.text);
    assertError(await chengdong.get('/api/orgs/3/terms/due'), 403);
    const before = termCount(srv.dbPath);
    assertError(await chengdong.post('/api/orgs/7/terms', { elected_on: '2025-01-01' }), 403);
    assert.equal(termCount(srv.dbPath), before);
  });
});

describe('elections: quorum, majority, competitive ratio, posts', () => {
  let srv;
  let admin;
  let chengdong;
  const m = {};
  before(async () => {
    srv = await startServer({ env: ENV });
    admin = await loginAs(srv, 'admin');
    chengdong = await loginAs(srv, 'chengdong');
    m.a = addMember(srv.dbPath, 5, '甲测试', '2020-01-01');
    m.b = addMember(srv.dbPath, 5, '乙测试', '2020-01-01');
    m.c = addMember(srv.dbPath, 5, '丙测试', '2020-01-01');
    m.d = addMember(srv.dbPath, 5, '丁测试', '2020-01-01');
    m.young = addMember(srv.dbPath, 5, '戊测试', '2025-06-16'); // 党龄 1 year only from 2026-06-16
    m.old = addMember(srv.dbPath, 5, '己测试', '2010-01-01');
    m.probation = addMember(srv.dbPath, 5, '庚测试', null);
  });
  after(() => srv?.stop());

  const ballot = (over = {}) => ({
    elected_on: '2026-06-15', expected: 10, present: 9, seats: 3,
    candidates: [
      { member_id: m.a, post: 'secretary', yes: 8 },
      { member_id: m.b, post: 'organization', yes: 7 },
      { member_id: m.c, post: 'propaganda', yes: 6 },
      { member_id: m.d, post: 'member', yes: 2 },
    ],
    ...over,
  });
  const check = (c, b) => c.post('/api/orgs/5/terms/check', b);
  const checkOf = (r, rule) => r.body.checks.find((x) => x.rule_id === rule);

  it('quorum: exactly 4/5 of 应到会 fails, one more passes', async () => {
    let r = await check(chengdong, ballot({ expected: 10, present: 8, candidates: ballot().candidates.map((c) => ({ ...c, yes: Math.min(c.yes, 8) })) }));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.valid, false);
    assert.equal(checkOf(r, 'election.quorum_bp').ok, false);
    assert.match(checkOf(r, 'election.quorum_bp').message, /五分之四/);
    assert.match(checkOf(r, 'election.quorum_bp').message, /election\.quorum_bp/);
    assert.equal(r.body.quorum_min, 9);
    r = await check(chengdong, ballot());
    assert.equal(checkOf(r, 'election.quorum_bp').ok, true);
    assert.equal(r.body.valid, true, r.text);
    r = await check(chengdong, ballot({ expected: 5, present: 4, candidates: ballot().candidates.map((c) => ({ ...c, yes: 4 })) }));
    assert.equal(checkOf(r, 'election.quorum_bp').ok, false); // 4/5 exactly
  });

  it('majority: exactly half of those present is not elected', async () => {
    const r = await check(chengdong, ballot({
      expected: 10, present: 10,
      candidates: [
        { member_id: m.a, post: 'secretary', yes: 6 },
        { member_id: m.b, post: 'organization', yes: 5 },
        { member_id: m.c, post: 'propaganda', yes: 6 },
        { member_id: m.d, post: 'member', yes: 6 },
      ],
    }));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.majority_min, 6);
    const b = Object.fromEntries(r.body.candidates.map((x) => [x.name, x]));
    assert.equal(b['乙测试'].elected, false);
    assert.match(b['乙测试'].note, /一半/);
    assert.equal(b['甲测试'].elected, true);
    assert.equal(r.body.elected, 3);
  });

  it('more pass than seats: the highest win; a tie across the last seat blocks', async () => {
    let r = await check(chengdong, ballot({ candidates: ballot().candidates.map((c) => ({ ...c, yes: c.post === 'member' ? 5 : c.yes })) }));
    assert.equal(r.body.valid, true);
    assert.equal(r.body.candidates.filter((x) => x.elected).length, 3);
    r = await check(chengdong, ballot({ candidates: ballot().candidates.map((c) => ({ ...c, yes: c.post === 'member' ? 6 : c.post === 'propaganda' ? 6 : c.yes })) }));
    assert.equal(r.body.valid, false);
    assert.equal(checkOf(r, 'election.elected_bp').ok, false);
    assert.match(checkOf(r, 'election.elected_bp').message, /再次投票/);
  });

  it('competitive ratio: 20% more candidates exactly passes, less fails', async () => {
    const cands = (n) => Array.from({ length: n }, (_, i) => ({ name: `候选${i + 1}`, post: i === 0 ? 'secretary' : 'member', yes: 9 - (i % 3) }));
    let r = await check(chengdong, ballot({ seats: 5, candidates: cands(6) }));
    assert.equal(r.status, 200, r.text);
    assert.equal(checkOf(r, 'election.candidate_excess_bp').ok, true);
    r = await check(chengdong, ballot({ seats: 5, candidates: cands(5) }));
    assert.equal(checkOf(r, 'election.candidate_excess_bp').ok, false);
    assert.match(checkOf(r, 'election.candidate_excess_bp').message, /20%/);
    r = await check(chengdong, ballot({ seats: 10, candidates: cands(11) }));
    assert.equal(checkOf(r, 'election.candidate_excess_bp').ok, false);
    r = await check(chengdong, ballot({ seats: 10, candidates: cands(12) }));
    assert.equal(checkOf(r, 'election.candidate_excess_bp').ok, true);
    // a branch committee of 10 is over the §1.2 maximum of 7: a warning, not blocking
    const size = r.body.checks.find((x) => x.field === 'seats');
    assert.equal(size.rule_id, 'org.committee.branch_hard_max_size');
    assert.equal(size.level, 'warning');
    r = await check(chengdong, ballot({ seats: 1, candidates: [{ member_id: m.a, post: 'secretary', yes: 9 }] }));
    assert.equal(checkOf(r, 'election.candidate_excess_bp'), undefined); // 等额 for a lone 书记
    assert.equal(r.body.valid, true);
  });

  it('bad input names the field and writes nothing', async () => {
    const before = [termCount(srv.dbPath), candCount(srv.dbPath), postCount(srv.dbPath), auditCount(srv.dbPath)];
    const bad = [
      [ballot({ present: 11 }), 'present'],
      [ballot({ expected: 0 }), 'expected'],
      [ballot({ seats: 5 }), 'candidates'],
      [ballot({ candidates: [...ballot().candidates.slice(0, 3), { member_id: m.d, post: 'boss', yes: 1 }] }), 'candidates[3].post'],
      [ballot({ candidates: [...ballot().candidates.slice(0, 3), { member_id: m.d, post: 'member', yes: 10 }] }), 'candidates[3].yes'],
      [ballot({ candidates: [...ballot().candidates.slice(0, 3), { member_id: 999999, post: 'member', yes: 1 }] }), 'candidates[3].member_id'],
      [ballot({ candidates: [...ballot().candidates.slice(0, 3), { post: 'member', yes: 1 }] }), 'candidates[3].name'],
      [ballot({ candidates: 'x' }), 'candidates'],
      [ballot({ elected_on: '2026-13-01' }), 'elected_on'],
      [ballot({ present: 8 }), 'present'], // quorum fails: blocking
      [ballot({ seats: 4 }), 'candidates'], // 4 seats, 4 candidates: not competitive
      [ballot({ elected_on: '2026-06-16' }), 'elected_on'],
      [ballot({ candidates: [...ballot().candidates.slice(0, 3), { member_id: m.probation, post: 'member', yes: 1 }] }), 'candidates[3].member_id'], // 预备党员
    ];
    for (const [b, field] of bad) {
      const r = await chengdong.post('/api/orgs/5/terms/elect', b);
      assertError(r, 400, { field });
    }
    assert.deepEqual([termCount(srv.dbPath), candCount(srv.dbPath), postCount(srv.dbPath), auditCount(srv.dbPath)], before);
  });

  it('a 书记 without one year of 党龄 is refused by the posts rule, nothing written', async () => {
    const before = [termCount(srv.dbPath), candCount(srv.dbPath), postCount(srv.dbPath), auditCount(srv.dbPath)];
    const b = ballot({ candidates: [{ member_id: m.young, post: 'secretary', yes: 8 }, ...ballot().candidates.slice(1)] });
    const r = await chengdong.post('/api/orgs/5/terms/elect', b);
    assertError(r, 400, { field: 'candidates[0].member_id' });
    assert.match(r.body.error.message, /党龄/);
    assert.deepEqual([termCount(srv.dbPath), candCount(srv.dbPath), postCount(srv.dbPath), auditCount(srv.dbPath)], before);
  });

  it('an election creates the term and feeds the committee into the posts; the old committee leaves', async () => {
    // the old 书记, appointed before
    let r = await admin.post('/api/orgs/5/posts', { post: 'secretary', member_id: m.old, start_on: '2021-06-15' });
    assert.equal(r.status, 201, r.text);
    const oldPost = r.body.id;
    r = await admin.post('/api/orgs/5/terms', { elected_on: '2021-06-15' });
    assert.equal(r.status, 201, r.text);
    const first = r.body.id;
    r = await chengdong.post('/api/orgs/5/terms/elect', ballot());
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.seq, 2);
    assert.equal(r.body.term_years, 5);
    assert.equal(r.body.expires_on, '2031-06-15');
    assert.deepEqual(r.body.election, { expected: 10, present: 9, seats: 3, candidates: 4 });
    assert.equal(r.body.candidates.length, 4);
    assert.equal(r.body.candidates.filter((c) => c.elected && c.post_id).length, 3);
    assert.equal(r.body.candidates.find((c) => c.name === '丁测试').elected, false);
    const posts = (await admin.get('/api/orgs/5/posts')).body.items;
    const current = posts.filter((p) => p.current);
    assert.deepEqual(current.map((p) => [p.post, p.member_id]).sort(),
      [['organization', m.b], ['propaganda', m.c], ['secretary', m.a]].sort());
    assert.equal(posts.find((p) => p.id === oldPost).end_on, '2026-06-15');
    assert.match(current[0].note, /第2届/);
    // the first term is no longer current
    r = await admin.get(`/api/terms/${first}`);
    assert.equal(r.body.current, false);
    assert.equal(r.body.state, 'ended');
    // the upper organisation records the result report
    r = await chengdong.post(`/api/terms/${first}/report`, { received_on: TODAY });
    assertError(r, 409); // only the current term
    const cur = (await admin.get('/api/orgs/5/terms')).body.items[0];
    r = await chengdong.post(`/api/terms/${cur.id}/report`, { received_on: TODAY });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.report_received_on, TODAY);
    assert.equal(r.body.report_due, '2026-07-15');
  });

  it('the CLI lists, shows, checks and lists the due terms', () => {
    const env = ENV;
    let r = runCli(['--db', srv.dbPath, 'term', 'list', '5'], { env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /第2届/);
    assert.match(r.stdout, /任期内/);
    r = runCli(['--db', srv.dbPath, 'term', 'due', '1', '--state', 'in_term'], { env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^组织ID,党组织名称/);
    assert.match(r.stdout, /第一网格党支部/);
    const before = termCount(srv.dbPath);
    r = runCli(['--db', srv.dbPath, 'term', 'elect', '5', '--check'], { env, input: JSON.stringify(ballot({ present: 8, candidates: ballot().candidates.map((c) => ({ ...c, yes: Math.min(c.yes, 8) })) })) });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /不通过.*五分之四/);
    r = runCli(['--db', srv.dbPath, 'term', 'extend', '1', '--until', '2027-01-01'], { env });
    assert.notEqual(r.status, 0);
    r = runCli(['--db', srv.dbPath, 'term', 'add', '7', '--elected-on', '2015-01-01'], { env });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /term_years/);
    assert.equal(termCount(srv.dbPath), before);
    r = runCli(['term', '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /换届/);
  });
});
