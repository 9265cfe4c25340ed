// meeting.test.mjs - records of organisational life and the compliance report
// over HTTP: the expected list pre-filled from the roll, quorum to the person,
// votes, the review flow (branch submits, the 党工委 above approves or returns),
// 403 outside the subtree with the same body as a missing record, 4xx naming
// the field with nothing written, the compliance report with rule sources and
// acknowledgements, training hours, and the CLI (CSV).
//
// The demo (--scale test): 2 城东街道党工委 /1/2/ (user chengdong, org_admin),
// 5 第一网格党支部 /1/2/4/5/ (user shuji, branch_admin), 6 第二网格党支部,
// 7 城西街道机关党支部 /1/3/7/. Today is fixed at 2026-11-23. Members are
// synthetic rows written with the sqlite3 shell.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { assertError, auditCount, loginAs, q, runCli, sql, startServer } from './lib.mjs';

const TODAY = '2026-11-23';

function addMember(dbPath, orgId, name, { category = 'full', joined = '2000-01-01', added = null, status = 'normal', statusOn = null } = {}) {
  const lit = (v) => (v === null ? 'NULL' : q(v));
  return Number(
    sql(
      dbPath,
      'INSERT INTO members (org_id, org_path, name, id_enc, id_blind, gender, birth_date, category, ' +
        'joined_on, added_on, confirmed_on, status, status_on, created_at, updated_at) ' +
        `SELECT id, path, ${q(name)}, 'v1:synthetic', ${q(crypto.randomUUID())}, '1', '1980-01-01', ` +
        `${q(category)}, ${q(joined)}, ${lit(added)}, ${category === 'full' ? q('2001-01-01') : 'NULL'}, ` +
        `${q(status)}, ${lit(statusOn)}, 'x', 'x' FROM orgs WHERE id = ${Number(orgId)} RETURNING id`,
    ),
  );
}

const count = (dbPath, table) => Number(sql(dbPath, `SELECT COUNT(*) FROM ${table}`));

describe('organisational life over HTTP', () => {
  let srv;
  let admin;
  let shuji;
  let chengdong;
  let members;

  before(async () => {
    srv = await startServer({ env: { DJ_TODAY: TODAY } });
    admin = await loginAs(srv, 'admin');
    shuji = await loginAs(srv, 'shuji');
    chengdong = await loginAs(srv, 'chengdong');
    members = [];
    for (let i = 0; i < 4; i++) members.push(addMember(srv.dbPath, 5, `网格党员${i + 1}`));
    members.push(addMember(srv.dbPath, 5, '预备党员甲', { category: 'probationary', joined: '2026-01-05' }));
    members.push(addMember(srv.dbPath, 5, '新转入乙', { added: '2026-03-12' }));
    members.push(addMember(srv.dbPath, 5, '已转出丙', { status: 'left', statusOn: '2026-03-10' }));
  });
  after(() => srv?.stop());

  it('the expected list comes from the roll on the date', async () => {
    const r9 = await shuji.get('/api/orgs/5/roll?date=2026-03-09&kind=assembly');
    assert.equal(r9.status, 200, r9.text);
    const names9 = r9.body.items.map((x) => x.name);
    assert.ok(names9.includes('已转出丙'));
    assert.ok(!names9.includes('新转入乙'));
    const pre = r9.body.items.find((x) => x.name === '预备党员甲');
    assert.equal(pre.voting, false, '预备党员 have no vote');
    const r12 = await shuji.get('/api/orgs/5/roll?date=2026-03-12&kind=assembly');
    const names12 = r12.body.items.map((x) => x.name);
    assert.ok(!names12.includes('已转出丙'));
    assert.ok(names12.includes('新转入乙'));
  });

  it('quorum: 3 of 5 voting members counts, exactly half would not; absences need a reason', async () => {
    const roll = (await shuji.get('/api/orgs/5/roll?date=2026-03-31&kind=assembly')).body.items;
    const voting = roll.filter((x) => x.voting);
    assert.equal(voting.length, 5);
    const attendance = roll.map((x, i) => ({
      member_id: x.member_id,
      state: x.voting && i >= 3 ? 'absent' : 'present',
      reason: x.voting && i >= 3 ? '外出务工' : undefined,
    }));
    const body = {
      org_id: 5,
      kind: 'assembly',
      held_on: '2026-03-31',
      topic: '一季度党员大会',
      chair: '网格党员1',
      attendance,
      votes: [{ motion: '通过季度工作计划', yes: 3, no: 0, abstain: 0 }],
    };
    const r = await shuji.post('/api/meetings', body);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.expected, 5);
    assert.equal(r.body.present, 3);
    assert.equal(r.body.quorum_ok, true);
    assert.equal(r.body.status, 'draft');
    assert.equal(r.body.votes[0].passed, true, '3 > 5 / 2');

    // nothing written for a bad body
    const before = [count(srv.dbPath, 'meetings'), auditCount(srv.dbPath)];
    const noReason = structuredClone(body);
    noReason.attendance.find((a) => a.state === 'absent').reason = undefined;
    assertError(await shuji.post('/api/meetings', noReason), 400, { field: 'attendance' });
    assertError(await shuji.post('/api/meetings', { ...body, kind: 'party' }), 400, { field: 'kind' });
    assertError(await shuji.post('/api/meetings', { ...body, held_on: '2026-12-01' }), 400, { field: 'held_on' });
    assertError(await shuji.post('/api/meetings', { ...body, topic: '' }), 400, { field: 'topic' });
    assert.deepEqual([count(srv.dbPath, 'meetings'), auditCount(srv.dbPath)], before);

    // review: the branch submits, cannot approve; the 党工委 above approves
    const id = r.body.id;
    assert.equal((await shuji.post(`/api/meetings/${id}/submit`, {})).status, 200);
    assertError(await shuji.post(`/api/meetings/${id}/approve`, {}), 403);
    assertError(await chengdong.post(`/api/meetings/${id}/return`, { reason: '' }), 400, { field: 'reason' });
    const ret = await chengdong.post(`/api/meetings/${id}/return`, { reason: '请补充会议记录' });
    assert.equal(ret.status, 200, ret.text);
    assert.equal(ret.body.status, 'returned');
    const edit = await shuji.request('PATCH', `/api/meetings/${id}`, { json: { ...body, minutes: '会议记录全文' } });
    assert.equal(edit.status, 200, edit.text);
    assert.equal((await shuji.post(`/api/meetings/${id}/submit`, {})).status, 200);
    const inbox = await chengdong.get('/api/meetings?org_id=2&status=submitted');
    assert.ok(inbox.body.items.some((m) => m.id === id && m.may_review === true));
    const ok = await chengdong.post(`/api/meetings/${id}/approve`, {});
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.status, 'approved');
    assertError(await shuji.request('DELETE', `/api/meetings/${id}`), 409);
    const audited = sql(srv.dbPath, `SELECT group_concat(action, ' ') FROM (SELECT action FROM audit_log WHERE record_type = 'meeting' AND record_id = '${id}' ORDER BY id)`);
    assert.equal(audited, 'meeting.create meeting.submit meeting.return meeting.update meeting.submit meeting.approve');

    // the compliance report: Q1 held on its last day counts for branch 5, not 6
    const c = await chengdong.get('/api/orgs/2/compliance?from=2026-01-01&to=2026-03-31&limit=1000');
    assert.equal(c.status, 200, c.text);
    const q1 = (org) => c.body.gaps.find((g) => g.org_id === org && g.rule_id === 'life.assembly.min_per_quarter' && g.period === '2026-Q1');
    assert.equal(q1(5), undefined);
    const gap = q1(6);
    assert.ok(gap, JSON.stringify(c.body.gaps.slice(0, 3)));
    assert.match(gap.document, /支部工作条例/);
    assert.equal(gap.article, '第十一条');
    assert.match(gap.records, /\/api\/meetings\?org_id=6&kind=assembly&from=2026-01-01&to=2026-03-31/);
    const rule = c.body.rules.find((x) => x.rule_id === 'life.assembly.min_per_quarter');
    assert.equal(rule.required, 2);
    assert.equal(rule.met, 1);
    assert.equal(rule.rate, 50);
  });

  it('a meeting below quorum is saved but does not count', async () => {
    addMember(srv.dbPath, 5, '网格党员5');
    const roll = (await shuji.get('/api/orgs/5/roll?date=2026-05-06&kind=assembly')).body.items;
    let absent = 0;
    const attendance = roll.map((x) => {
      if (x.voting && absent < 3) {
        absent += 1;
        return { member_id: x.member_id, state: 'absent', reason: '病假' };
      }
      return { member_id: x.member_id, state: 'present' };
    });
    const r = await shuji.post('/api/meetings', { org_id: 5, kind: 'assembly', held_on: '2026-05-06', topic: '二季度党员大会', attendance });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.expected, 6);
    assert.equal(r.body.present, 3);
    assert.equal(r.body.quorum_ok, false, '3 of 6 is not more than half');
  });

  it('outside the subtree: 403 with the same body as a missing record', async () => {
    addMember(srv.dbPath, 7, '机关党员');
    const r = await admin.post('/api/meetings', { org_id: 7, kind: 'theme_day', held_on: '2026-04-08', topic: '主题党日' });
    assert.equal(r.status, 201, r.text);
    const out = await chengdong.get(`/api/meetings/${r.body.id}`);
    const missing = await chengdong.get('/api/meetings/999999');
    assertError(out, 403);
    assert.deepEqual(out.body, missing.body);
    assertError(await chengdong.get('/api/orgs/7/compliance'), 403);
    assertError(await shuji.get('/api/orgs/6/roll'), 403);
    const before = count(srv.dbPath, 'meetings');
    assertError(await shuji.post('/api/meetings', { org_id: 7, kind: 'theme_day', held_on: '2026-04-08', topic: 'x' }), 403);
    assert.equal(count(srv.dbPath, 'meetings'), before);
  });

  it('acknowledged findings stay in the report; a second acknowledgement is refused', async () => {
    const url = '/api/orgs/6/compliance?from=2026-04-01&to=2026-04-30';
    const first = await chengdong.get(url);
    const gap = first.body.gaps.find((g) => g.rule_id === 'life.theme_day.min_per_month');
    assert.ok(gap);
    assert.equal(gap.acknowledgement, null);
    const ack = await chengdong.post('/api/orgs/6/compliance/acks', { rule_id: gap.rule_id, period: gap.period, explanation: '与第一网格联合开展' });
    assert.equal(ack.status, 201, ack.text);
    const again = await chengdong.get(url);
    assert.equal(again.body.totals.gaps, first.body.totals.gaps);
    assert.equal(again.body.totals.acknowledged, 1);
    const g2 = again.body.gaps.find((g) => g.rule_id === gap.rule_id);
    assert.equal(g2.acknowledgement.explanation, '与第一网格联合开展');
    assert.equal(g2.acknowledgement.by, 'chengdong');
    assertError(await chengdong.post('/api/orgs/6/compliance/acks', { rule_id: gap.rule_id, period: gap.period, explanation: '改' }), 409);
    assertError(await chengdong.post('/api/orgs/6/compliance/acks', { rule_id: gap.rule_id, period: '2026-13', explanation: '改' }), 400, { field: 'period' });
  });

  it('training hours per member against 32 学时', async () => {
    const m = members[0];
    assertError(await shuji.post(`/api/members/${m}/training`, { held_on: '2026-06-01', hours: 0, title: '培训' }), 400, { field: 'hours' });
    const a = await shuji.post(`/api/members/${m}/training`, { held_on: '2026-06-01', hours: 31, title: '县委党校轮训' });
    assert.equal(a.status, 201, a.text);
    let h = await shuji.get(`/api/members/${m}/training?year=2026`);
    assert.equal(h.body.hours, 31);
    assert.equal(h.body.required, 32);
    assert.equal(h.body.met, false);
    await shuji.post(`/api/members/${m}/training`, { held_on: '2026-07-01', hours: 1, title: '专题学习' });
    h = await shuji.get(`/api/members/${m}/training?year=2026`);
    assert.equal(h.body.met, true, 'exactly 32 meets 不少于32学时');
    const other = addMember(srv.dbPath, 7, '机关党员乙');
    const out = await shuji.get(`/api/members/${other}/training?year=2026`);
    assertError(out, 403);
    assert.deepEqual(out.body, (await shuji.get('/api/members/999999/training?year=2026')).body);
  });

  it('the CLI writes the report as CSV and lists what is due', () => {
    const r = runCli(['--db', srv.dbPath, 'compliance', '--org', '2', '--from', '2026-01-01', '--to', '2026-03-31']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], '组织ID,组织,规则编号,出处,条款,期间,对象,问题,已开,应开,情况说明');
    assert.ok(lines.some((l) => l.startsWith('6,') && l.includes('life.assembly.min_per_quarter') && l.includes('2026-Q1')));
    assert.ok(!lines.some((l) => l.startsWith('5,') && l.includes('life.assembly.min_per_quarter,') && l.includes('2026-Q1')));
    assert.ok(lines.includes('规则编号,应开,已开,落实率(%),问题数,已说明'));
    const bad = runCli(['--db', srv.dbPath, 'compliance', '--org', '2', '--from', '2026-13-01']);
    assert.equal(bad.status, 1);
    const due = runCli(['--db', srv.dbPath, 'meeting', 'due', '--org', '5', '--from', '2026-11-01', '--to', '2026-11-30'], { env: { DJ_TODAY: TODAY } });
    assert.equal(due.status, 0, due.stderr);
    assert.match(due.stdout, /life\.theme_day/);
  });
});
