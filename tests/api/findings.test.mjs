// findings.test.mjs - GET /api/orgs/{id}/findings (set-up checks of a subtree)
// and GET /api/orgs/{id}/stats (statistics of a subtree) over HTTP: findings
// name their rule with source and numbers, thresholds at their boundaries, an
// L rule overridden for one 党工委 through POST /api/rules/overrides, paging
// and totals, scope (out of scope and missing look alike), exact statistics.
//
// The demo (--scale test): 1 示范区委 /1/, 2 城东街道党工委 /1/2/, 3 城西街道党工委
// /1/3/, 4 幸福社区党委, 5 第一网格党支部, 6 第二网格党支部 (under 2), 7 城西街道机关
// 党支部, 8 联合党支部 (under 3). The server's today is fixed at 2026-11-23. Each
// test works on organisations it creates itself; members, posts and units are
// synthetic rows written with the sqlite3 shell.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { assertError, loginAs, q, sql, startServer } from './lib.mjs';

const TODAY = '2026-11-23';

/* `n` synthetic members of orgId; fields override the defaults. */
function addMembers(dbPath, orgId, n, fields = {}) {
  const m = {
    gender: '1',
    birth_date: '1980-01-01',
    nation: '01',
    education: '21',
    category: 'full',
    confirmed_on: '2001-01-01',
    status: 'normal',
    ...fields,
  };
  if (m.category === 'probationary' && fields.confirmed_on === undefined) m.confirmed_on = null;
  const lit = (v) => (v === null ? 'NULL' : q(v));
  const rows = [];
  for (let i = 0; i < n; i++) {
    rows.push(
      `SELECT id, path, '测试党员', 'v1:synthetic', ${q(crypto.randomUUID())}, ${lit(m.gender)}, ` +
        `${lit(m.birth_date)}, ${lit(m.nation)}, ${lit(m.education)}, ${lit(m.category)}, '1999-01-01', ` +
        `${lit(m.confirmed_on)}, ${lit(m.status)}, 'x', 'x' FROM orgs WHERE id = ${Number(orgId)}`,
    );
  }
  sql(
    dbPath,
    'INSERT INTO members (org_id, org_path, name, id_enc, id_blind, gender, birth_date, nation, ' +
      'education, category, joined_on, confirmed_on, status, created_at, updated_at) ' +
      rows.join(' UNION ALL '),
  );
}

function addPost(dbPath, orgId, post, name, start, end = null, principal = 1) {
  sql(
    dbPath,
    'INSERT INTO org_posts (org_id, post, person_name, start_on, end_on, principal_leader, created_at, updated_at) ' +
      `VALUES (${Number(orgId)}, ${q(post)}, ${q(name)}, ${q(start)}, ${end ? q(end) : 'NULL'}, ${principal}, 'x', 'x')`,
  );
}

function addUnit(dbPath, ownerId, name, { orgId = null, jointId = null, full = 0 } = {}) {
  return Number(
    sql(
      dbPath,
      'INSERT INTO units (name, domain, owner_org_id, org_id, joint_org_id, full_members, created_at, updated_at) ' +
        `VALUES (${q(name)}, 'private', ${Number(ownerId)}, ${orgId ?? 'NULL'}, ${jointId ?? 'NULL'}, ${full}, 'x', 'x') RETURNING id`,
    ),
  );
}

const find = (body, orgId, check) => body.items.find((f) => f.org_id === orgId && f.check === check);
const bucket = (list, code) => {
  const b = list.find((x) => x.code === code);
  assert.ok(b, `bucket ${code}`);
  return b.count;
};

describe('set-up checks and statistics over HTTP', () => {
  let srv;
  let admin;
  let seq = 0;

  /* A new organisation under parent, created by the admin; returns its id. */
  async function newOrg(parent, kind, domain = 'community') {
    seq += 1;
    const r = await admin.post('/api/orgs', { parent_id: parent, name: `检查测试组织${seq}`, kind, domain });
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  }

  /* A branch with a 书记 in post and `full` 正式党员, so only what a test adds can fire. */
  async function quietBranch(parent, full, domain = 'community') {
    const id = await newOrg(parent, 'branch', domain);
    addMembers(srv.dbPath, id, full);
    addPost(srv.dbPath, id, 'secretary', '在任书记', '2024-01-01');
    return id;
  }

  async function findings(client, orgId, query = '') {
    const r = await client.get(`/api/orgs/${orgId}/findings?limit=500${query}`);
    assert.equal(r.status, 200, r.text);
    return r.body;
  }

  before(async () => {
    srv = await startServer({ env: { DJ_TODAY: TODAY } });
    admin = await loginAs(srv, 'admin');
  });
  after(() => srv?.stop());

  it('a branch of 2 正式党员 is a finding naming its rule, source and numbers; 3 is not', async () => {
    const two = await newOrg(3, 'branch');
    addMembers(srv.dbPath, two, 2);
    addMembers(srv.dbPath, two, 4, { category: 'probationary' });
    addMembers(srv.dbPath, two, 2, { status: 'left' });
    addPost(srv.dbPath, two, 'secretary', '在任书记', '2024-01-01');
    const three = await quietBranch(3, 3);

    const body = await findings(admin, 3, '&check=branch_min_full_members');
    assert.equal(body.date, TODAY);
    assert.equal(body.org_id, 3);
    const f = find(body, two, 'branch_min_full_members');
    assert.ok(f, JSON.stringify(body.items));
    assert.equal(f.rule_id, 'org.branch.min_full_members');
    assert.equal(f.tag, 'V');
    assert.equal(f.severity, 'error');
    assert.equal(f.message, '党支部正式党员 2 人，不足 3 人');
    assert.deepEqual(f.numbers, { actual: 2, threshold: 3, comparison: '>=', unit: '人' });
    assert.match(f.document, /中国共产党章程/);
    assert.match(f.article, /第三十条/);
    assert.ok(f.source.includes(f.document) && f.source.includes(f.article));
    assert.equal(f.org_path, `/1/3/${two}/`);
    assert.match(f.org_name, /^检查测试组织/);
    assert.equal(f.unit_id, null);
    assert.equal(find(body, three, 'branch_min_full_members'), undefined, 'exactly 3 passes');
    assert.equal(body.total, body.items.length);
  });

  it('a 支部委员会 is needed from exactly 7 正式党员', async () => {
    const six = await quietBranch(3, 6);
    const seven = await quietBranch(3, 7);
    const body = await findings(admin, 3, '&check=committee_missing');
    assert.equal(find(body, six, 'committee_missing'), undefined);
    const f = find(body, seven, 'committee_missing');
    assert.ok(f);
    assert.equal(f.rule_id, 'org.committee.required_min_full_members');
    assert.deepEqual(f.numbers, { actual: 7, threshold: 7, comparison: '>=', unit: '人' });
    addPost(srv.dbPath, seven, 'organization', '组织委员', '2024-01-01');
    addPost(srv.dbPath, seven, 'propaganda', '宣传委员', '2024-01-01');
    const after = await findings(admin, seven);
    assert.equal(after.totals.all, 0, JSON.stringify(after.items));
  });

  it('党总支 and 基层党委 thresholds count 党员 of the whole subtree', async () => {
    const gb = await newOrg(1, 'general_branch', 'organ');
    addPost(srv.dbPath, gb, 'secretary', '总支书记', '2024-01-01');
    const b = await quietBranch(gb, 40, 'organ');
    addMembers(srv.dbPath, b, 9, { category: 'probationary' });
    let f = find(await findings(admin, gb), gb, 'general_branch_min_members');
    assert.ok(f, '49 党员 in a 机关 党总支');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.numbers, { actual: 49, threshold: 50, comparison: '>=', unit: '人' });
    addMembers(srv.dbPath, b, 1, { category: 'probationary' });
    f = find(await findings(admin, gb), gb, 'general_branch_min_members');
    assert.equal(f, undefined, '50 党员: 50人以上');
  });

  it('a 书记 vacancy of exactly 3 months is not a finding, one day more is', async () => {
    const exact = await newOrg(3, 'branch');
    const over = await newOrg(3, 'branch');
    addMembers(srv.dbPath, exact, 3);
    addMembers(srv.dbPath, over, 3);
    addPost(srv.dbPath, exact, 'secretary', '前任书记', '2020-01-01', '2026-08-23');
    addPost(srv.dbPath, over, 'secretary', '前任书记', '2020-01-01', '2026-08-22');
    const body = await findings(admin, 3, '&check=secretary_vacant');
    assert.equal(find(body, exact, 'secretary_vacant'), undefined);
    const f = find(body, over, 'secretary_vacant');
    assert.ok(f);
    assert.equal(f.rule_id, 'org.weak.secretary_vacant_months');
    assert.equal(f.tag, 'L');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.numbers, { actual: 3, threshold: 3, comparison: '>', unit: '个月', since: '2026-08-22' });
    assert.equal(f.message, '书记职务自 2026-08-22 起空缺，已超过 3 个月');
  });

  it('an org admin overrides the L vacancy rule for their 党工委 only', async () => {
    const east = await newOrg(2, 'branch');
    const west = await newOrg(3, 'branch');
    for (const id of [east, west]) {
      addMembers(srv.dbPath, id, 3);
      addPost(srv.dbPath, id, 'secretary', '前任书记', '2020-01-01', '2026-07-01');
    }
    const chengdong = await loginAs(srv, 'chengdong');
    const ov = await chengdong.post('/api/rules/overrides', {
      rule_id: 'org.weak.secretary_vacant_months',
      org_id: 2,
      value: 6,
      effective_from: '2026-01-01',
      note: '测试：本街道放宽至6个月',
    });
    assert.equal(ov.status, 201, ov.text);
    const all = await findings(admin, 1, '&check=secretary_vacant');
    assert.equal(find(all, east, 'secretary_vacant'), undefined, '4 months < 6 under /1/2/');
    const f = find(all, west, 'secretary_vacant');
    assert.ok(f, 'the default 3 months under /1/3/');
    assert.equal(f.numbers.threshold, 3);
  });

  it('a 联合党支部 of 5 units passes, of 6 does not; 应建未建 units are reported', async () => {
    const j = await newOrg(3, 'joint_branch', 'private');
    addMembers(srv.dbPath, j, 5);
    addPost(srv.dbPath, j, 'secretary', '联合支部书记', '2024-01-01');
    for (let i = 1; i <= 5; i++) addUnit(srv.dbPath, 3, `联合测试企业${i}`, { jointId: j, full: 1 });
    let body = await findings(admin, j);
    assert.equal(body.totals.all, 0, JSON.stringify(body.items));
    addUnit(srv.dbPath, 3, '联合测试企业6', { jointId: j, full: 2 });
    body = await findings(admin, j);
    const f = find(body, j, 'joint_branch_max_units');
    assert.ok(f);
    assert.deepEqual(f.numbers, { actual: 6, threshold: 5, comparison: '<=', unit: '个单位' });

    const u = addUnit(srv.dbPath, 3, '应建未建测试公司', { full: 3 });
    addUnit(srv.dbPath, 3, '两名党员测试公司', { full: 2 });
    body = await findings(admin, 3, '&check=unit_without_org');
    const mine = body.items.find((x) => x.unit_id === u);
    assert.ok(mine, JSON.stringify(body.items));
    assert.equal(mine.unit_name, '应建未建测试公司');
    assert.equal(mine.org_id, 3);
    assert.equal(mine.rule_id, 'org.branch.min_full_members');
    assert.equal(mine.severity, 'error');
    assert.deepEqual(mine.numbers, { actual: 3, threshold: 3, comparison: '>=', unit: '人' });
    assert.match(mine.message, /应建未建/);
    assert.ok(!body.items.some((x) => x.unit_name === '两名党员测试公司'), '2 正式党员: no finding');
    assert.ok(!body.items.some((x) => /^联合测试企业/.test(x.unit_name ?? '')), 'joint units are covered');
  });

  it('pages with totals by rule and check; bad parameters name the field', async () => {
    const all = await findings(admin, 1);
    assert.ok(all.totals.all >= 5);
    assert.equal(all.total, all.totals.all);
    assert.equal(all.totals.errors + all.totals.warnings, all.totals.all);
    assert.equal(all.totals.by_rule.reduce((s, r) => s + r.count, 0), all.totals.all);
    assert.equal(all.totals.by_check.reduce((s, r) => s + r.count, 0), all.totals.all);
    const p1 = await admin.get('/api/orgs/1/findings?limit=2&offset=1');
    assert.equal(p1.status, 200);
    assert.equal(p1.body.items.length, 2);
    assert.equal(p1.body.total, all.total);
    assert.deepEqual(p1.body.items, all.items.slice(1, 3));
    const errors = await findings(admin, 1, '&severity=error');
    assert.equal(errors.total, all.totals.errors);
    assert.ok(errors.items.every((f) => f.severity === 'error'));
    const byRule = await findings(admin, 1, '&rule_id=org.weak.secretary_vacant_months');
    assert.ok(byRule.items.every((f) => f.rule_id === 'org.weak.secretary_vacant_months'));

    assertError(await admin.get('/api/orgs/1/findings?limit=0'), 400, { field: 'limit' });
    assertError(await admin.get('/api/orgs/1/findings?limit=501'), 400, { field: 'limit' });
    assertError(await admin.get('/api/orgs/1/findings?offset=-1'), 400, { field: 'offset' });
    assertError(await admin.get('/api/orgs/1/findings?check=nope'), 400, { field: 'check' });
    assertError(await admin.get('/api/orgs/1/findings?severity=fatal'), 400, { field: 'severity' });
    assertError(await admin.get('/api/orgs/abc/findings'), 400, { field: 'id' });
    assert.equal((await admin.post('/api/orgs/1/findings', {})).status, 405);
  });

  it('readers see their subtree; out of scope and missing look alike', async () => {
    const chengdong = await loginAs(srv, 'chengdong');
    const shuji = await loginAs(srv, 'shuji');
    const shenji = await loginAs(srv, 'shenji');
    for (const what of ['findings', 'stats']) {
      const own = await chengdong.get(`/api/orgs/2/${what}`);
      assert.equal(own.status, 200, own.text);
      const other = await chengdong.get(`/api/orgs/3/${what}`);
      const missing = await chengdong.get(`/api/orgs/99999/${what}`);
      assertError(other, 403, { code: 'forbidden' });
      assertError(missing, 403, { code: 'forbidden' });
      assert.equal(other.text, missing.text);
      assertError(await admin.get(`/api/orgs/99999/${what}`), 404);
      assert.equal((await shuji.get(`/api/orgs/5/${what}`)).status, 200);
      assertError(await shuji.get(`/api/orgs/4/${what}`), 403);
      assert.equal((await shenji.get(`/api/orgs/1/${what}`)).status, 200);
      const anon = await fetch(`${srv.url}/api/orgs/1/${what}`);
      assert.equal(anon.status, 401);
    }
    const east = await findings(chengdong, 2);
    assert.ok(east.items.every((f) => f.org_path.startsWith('/1/2/')), JSON.stringify(east.items));
  });

  it('statistics count a small set exactly, at the age and 党龄 boundaries', async () => {
    const before1 = (await admin.get('/api/orgs/1/stats')).body;
    const s = await newOrg(3, 'branch', 'organ');
    const add = (fields) => addMembers(srv.dbPath, s, 1, fields);
    add({ gender: '1', birth_date: '1996-11-23', confirmed_on: '2021-11-23' }); // 30, 党龄 5
    add({ gender: '2', birth_date: '1995-11-23', confirmed_on: '2020-11-23', nation: '03' }); // 31, 6
    add({ gender: '2', birth_date: '1995-11-24', category: 'probationary', education: null }); // 30
    add({ gender: '1', birth_date: '1955-11-23', confirmed_on: '1975-11-23', status: 'mobile' }); // 71, 51
    add({ gender: '1', birth_date: '1970-01-01', status: 'left' });
    add({ gender: '1', birth_date: '1970-01-01', status: 'suspended' });

    const r = await admin.get(`/api/orgs/${s}/stats`);
    assert.equal(r.status, 200, r.text);
    const st = r.body;
    assert.equal(st.date, TODAY);
    assert.equal(st.members, 4);
    assert.equal(st.orgs, 1);
    assert.equal(bucket(st.by_category, 'full'), 3);
    assert.equal(bucket(st.by_category, 'probationary'), 1);
    assert.equal(bucket(st.by_gender, '1'), 2);
    assert.equal(bucket(st.by_gender, '2'), 2);
    assert.equal(bucket(st.by_age, 'le30'), 2);
    assert.equal(bucket(st.by_age, '31_35'), 1);
    assert.equal(bucket(st.by_age, 'ge71'), 1);
    assert.equal(bucket(st.by_party_age, 'lt1'), 1);
    assert.equal(bucket(st.by_party_age, '1_5'), 1);
    assert.equal(bucket(st.by_party_age, '6_10'), 1);
    assert.equal(bucket(st.by_party_age, 'ge51'), 1);
    assert.equal(bucket(st.by_ethnicity, 'han'), 3);
    assert.equal(bucket(st.by_ethnicity, 'minority'), 1);
    assert.equal(bucket(st.by_education, '21'), 3);
    assert.equal(bucket(st.by_education, 'unknown'), 1);
    assert.equal(bucket(st.by_domain, 'organ'), 4);
    assert.equal(bucket(st.orgs_by_kind, 'branch'), 1);
    for (const dim of ['by_category', 'by_gender', 'by_age', 'by_education', 'by_ethnicity', 'by_domain', 'by_party_age']) {
      assert.equal(st[dim].reduce((a, b) => a + b.count, 0), st.members, dim);
      assert.ok(st[dim].every((b) => typeof b.label === 'string' && b.label.length > 0), dim);
    }
    assert.equal(st.by_age[0].label, '30岁及以下');

    // the whole district moved by exactly these members
    const after1 = (await admin.get('/api/orgs/1/stats')).body;
    assert.equal(after1.members - before1.members, 4);
    assert.equal(after1.orgs - before1.orgs, 1);
    assert.equal(bucket(after1.by_age, 'le30') - bucket(before1.by_age, 'le30'), 2);
    assert.equal(bucket(after1.by_party_age, '6_10') - bucket(before1.by_party_age, '6_10'), 1);
    assert.equal(bucket(after1.by_domain, 'organ') - bucket(before1.by_domain, 'organ'), 4);
  });
});
