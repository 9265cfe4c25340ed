// org.test.mjs - the organisation API: the full record, PATCH, move,
// dissolve, children, path, search, subtree counts and posts; who may do
// what (out of scope and missing look alike); bad input is refused naming
// the field and writes nothing; the contact phone is encrypted at rest.
//
// The demo (--scale test): 1 示范区委 /1/, 2 城东街道党工委 /1/2/, 3 城西街道党工委
// /1/3/, 4 幸福社区党委 /1/2/4/, 5 第一网格党支部 /1/2/4/5/, 6 第二网格党支部
// /1/2/4/6/, 7 城西街道机关党支部 /1/3/7/, 8 联合党支部 /1/3/8/. Members are
// written straight into the database (synthetic rows) so that the tests do
// not depend on the member API.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { assertError, auditCount, demoDb, loginAs, q, runCli, sql, startServer, tmpDir } from './lib.mjs';

const patch = (c, p, json) => c.request('PATCH', p, { json });

/* A synthetic member of org `orgId`; confirmedOn null for a 预备党员. Returns the id. */
function addMember(dbPath, orgId, name, confirmedOn, status = 'normal') {
  const out = sql(
    dbPath,
    'INSERT INTO members (org_id, org_path, name, id_enc, id_blind, gender, birth_date, category, ' +
      'joined_on, confirmed_on, status, created_at, updated_at) ' +
      `SELECT id, path, ${q(name)}, 'v1:synthetic', ${q(crypto.randomUUID())}, '1', '1980-01-01', ` +
      `${confirmedOn ? "'full'" : "'probationary'"}, '2000-01-01', ${confirmedOn ? q(confirmedOn) : 'NULL'}, ` +
      `${q(status)}, 'now', 'now' FROM orgs WHERE id = ${Number(orgId)} RETURNING id`,
  );
  return Number(out);
}

function orgRow(dbPath, id) {
  return sql(dbPath, `SELECT * FROM orgs WHERE id = ${Number(id)}`, { json: true })[0];
}

describe('GET /api/orgs/{id}: the full 党组织名单 record', () => {
  let srv;
  let admin;
  before(async () => {
    srv = await startServer();
    admin = await loginAs(srv, 'admin');
  });
  after(() => srv?.stop());

  it('has every field of the descriptor with dictionary labels', async () => {
    const r = await admin.get('/api/orgs/5');
    assert.equal(r.status, 200, r.text);
    for (const k of ['id', 'parent_id', 'code', 'name', 'kind', 'industry', 'locality', 'secretary_name',
      'contact_name', 'contact_phone', 'founded_on', 'unit_situation', 'region_code', 'unit_name',
      'unit_affiliation', 'unit_nature', 'legal_entity', 'legal_rep', 'private_tech', 'social_service_kind',
      'institution_kind', 'domain', 'can_approve', 'path', 'status', 'dissolved_on', 'dissolve_reason']) {
      assert.ok(k in r.body, `missing ${k}`);
    }
    assert.equal(r.body.kind_label, '网格党支部');
    assert.equal(r.body.path, '/1/2/4/5/');
    assert.equal(r.body.parent_id, 4);
    assert.equal(r.body.status, 'active');
    assert.equal(r.body.can_approve, false);
  });

  it('the meta document labels the fields as the national layout does', async () => {
    const meta = (await admin.get('/api/meta')).body;
    const byKey = Object.fromEntries(meta.records.org.fields.map((f) => [f.key, f]));
    assert.equal(byKey.code.label, '党组织代码');
    assert.equal(byKey.name.label, '党组织名称');
    assert.equal(byKey.contact_phone.label, '联系电话');
    assert.equal(byKey.contact_phone.personal, true);
    assert.equal(byKey.legal_rep.label, '法人代表（单位负责人）');
    assert.equal(byKey.region_code.label, '党组织所在行政区划');
    assert.equal(byKey.can_approve.label, '审批权限');
    assert.equal(byKey.dissolved_on.readonly, true);
    assert.deepEqual(meta.dicts.post.entries.map((e) => e.label),
      ['书记', '副书记', '组织委员', '宣传委员', '纪检委员', '委员', '党小组长']);
    assert.ok(meta.records.org_post, 'posts are described too');
  });

  it('a sysadmin gets 404 for a missing organisation', async () => {
    assertError(await admin.get('/api/orgs/999999'), 404, { code: 'not_found' });
  });
});

describe('PATCH /api/orgs/{id} and the contact phone', () => {
  let srv;
  let admin;
  let zzb;
  let chengdong;
  let shuji;
  let shenji;
  const PHONE = '13912345678';
  before(async () => {
    srv = await startServer();
    [admin, zzb, chengdong, shuji, shenji] = await Promise.all(
      ['admin', 'zzb', 'chengdong', 'shuji', 'shenji'].map((u) => loginAs(srv, u)),
    );
  });
  after(() => srv?.stop());

  it('changes only the given fields, audits before and after, masks the phone in the log', async () => {
    const before = await admin.get('/api/orgs/6');
    const a0 = auditCount(srv.dbPath);
    const r = await patch(admin, '/api/orgs/6', {
      contact_name: '周联系', contact_phone: '139-1234-5678', founded_on: '1986-02-28',
      region_code: '140203', legal_entity: true, industry: '居民服务业',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.contact_phone, PHONE, 'the writer sees it in full');
    assert.equal(r.body.founded_on, '1986-02-28');
    assert.equal(r.body.legal_entity, true);
    assert.equal(r.body.name, before.body.name, 'untouched fields stay');
    assert.equal(r.body.code, before.body.code);
    assert.equal(auditCount(srv.dbPath), a0 + 1);
    const [row] = sql(srv.dbPath, "SELECT * FROM audit_log WHERE action = 'org.update' ORDER BY id DESC LIMIT 1", { json: true });
    assert.equal(row.record_id, '6');
    assert.equal(row.org_path, '/1/2/4/6/');
    assert.equal(JSON.parse(row.before_json).contact_name, null);
    assert.equal(JSON.parse(row.after_json).contact_name, '周联系');
    assert.equal(JSON.parse(row.after_json).contact_phone, '139****5678');
    assert.ok(!row.after_json.includes(PHONE));
  });

  it('the phone is encrypted at rest: neither the database nor its WAL holds the digits', async () => {
    const stored = orgRow(srv.dbPath, 6).contact_phone_enc;
    assert.match(stored, /^v1:/);
    for (const f of [srv.dbPath, `${srv.dbPath}-wal`]) {
      if (!fs.existsSync(f)) continue;
      assert.equal(fs.readFileSync(f).indexOf(Buffer.from(PHONE)), -1, `${f} holds the plaintext phone`);
    }
  });

  it('readers without write permission see it masked; writers in full', async () => {
    assert.equal((await shenji.get('/api/orgs/6')).body.contact_phone, '139****5678');
    assert.equal((await zzb.get('/api/orgs/6')).body.contact_phone, PHONE);
    assert.equal((await chengdong.get('/api/orgs/6')).body.contact_phone, PHONE);
    const kids = await shenji.get('/api/orgs?parent_id=4');
    assert.equal(kids.body.items.find((o) => o.id === 6).contact_phone, '139****5678');
  });

  it('bad input is a 400 naming the field, and nothing is written', async () => {
    const a0 = auditCount(srv.dbPath);
    const row0 = orgRow(srv.dbPath, 5);
    const cases = [
      [{ code: '123' }, 'code'],
      [{ code: '12345678901x' }, 'code'],
      [{ founded_on: '2023-02-29' }, 'founded_on'],
      [{ founded_on: '2999-01-01' }, 'founded_on'],
      [{ kind: 'politburo' }, 'kind'],
      [{ region_code: '14020a' }, 'region_code'],
      [{ contact_phone: 'call me' }, 'contact_phone'],
      [{ legal_entity: 'yes' }, 'legal_entity'],
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ parent_id: 3 }, 'parent_id'],
      [{ status: 'dissolved' }, 'status'],
      [{ can_approve: true }, 'can_approve'],
      [{ bogus: 1 }, 'bogus'],
      [{ kind: 'group' }, 'kind'],
    ];
    for (const [body, field] of cases) {
      const r = await patch(admin, '/api/orgs/5', body);
      assertError(r, 400, { field });
    }
    assertError(await patch(admin, '/api/orgs/5', {}), 400);
    assertError(await patch(admin, '/api/orgs/abc', { industry: 'x' }), 400, { field: 'id' });
    assert.equal(auditCount(srv.dbPath), a0);
    assert.deepEqual(orgRow(srv.dbPath, 5), row0);
  });

  it('a duplicate 党组织代码 is a 409 naming code', async () => {
    assertError(await patch(admin, '/api/orgs/5', { code: '100000000006' }), 409, { field: 'code' });
  });

  it('a branch admin edits their branch but not its name, nor another branch (same 403 as missing)', async () => {
    const ok = await patch(shuji, '/api/orgs/5', { contact_name: '吴联系' });
    assert.equal(ok.status, 200, ok.text);
    assertError(await patch(shuji, '/api/orgs/5', { name: '改名党支部' }), 403, { field: 'name' });
    const a0 = auditCount(srv.dbPath);
    const other = await patch(shuji, '/api/orgs/6', { contact_name: 'x' });
    const missing = await patch(shuji, '/api/orgs/999999', { contact_name: 'x' });
    assertError(other, 403, { code: 'forbidden' });
    assert.equal(other.text, missing.text);
    const read6 = await shuji.get('/api/orgs/6');
    assert.equal(read6.text, (await shuji.get('/api/orgs/999999')).text);
    assertError(await patch(shenji, '/api/orgs/5', { contact_name: 'x' }), 403);
    assert.equal(auditCount(srv.dbPath), a0);
    assert.equal(orgRow(srv.dbPath, 6).contact_name, '周联系');
  });

  it('the org admin of the parent renames; can_approve only for 党委-type organisations', async () => {
    const r = await patch(chengdong, '/api/orgs/5', { name: '幸福社区第一网格党支部（新）' });
    assert.equal(r.status, 200, r.text);
    assertError(await patch(chengdong, '/api/orgs/2', { name: '改名' }), 403, { field: 'name' });
    const ok = await patch(zzb, '/api/orgs/4', { can_approve: true });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.can_approve, true);
  });

  it('creating takes the full record too, with the shape of the tree checked', async () => {
    const r = await admin.post('/api/orgs', {
      parent_id: 4, name: '幸福社区第三网格党支部', kind: 'grid_branch', code: '100000000031',
      contact_phone: '0351-7654321', unit_name: '幸福社区居委会', founded_on: '2020-07-01',
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.contact_phone, '03517654321');
    assert.equal(r.body.unit_name, '幸福社区居委会');
    assert.match(orgRow(srv.dbPath, r.body.id).contact_phone_enc, /^v1:/);
    assertError(await admin.post('/api/orgs', { parent_id: 1, name: '区委下的党小组', kind: 'group' }), 400, { field: 'kind' });
    assertError(await admin.post('/api/orgs', { parent_id: 5, name: '支部下的支部', kind: 'branch' }), 400, { field: 'kind' });
  });
});

describe('POST /api/orgs/{id}/move', () => {
  let srv;
  let admin;
  let zzb;
  let chengdong;
  let shuji;
  let member;
  before(async () => {
    srv = await startServer();
    [admin, zzb, chengdong, shuji] = await Promise.all(['admin', 'zzb', 'chengdong', 'shuji'].map((u) => loginAs(srv, u)));
    member = addMember(srv.dbPath, 5, '移动测试党员', '2010-07-01');
  });
  after(() => srv?.stop());

  it('an org admin of one side only gets 403, and out of scope looks like missing', async () => {
    const a0 = auditCount(srv.dbPath);
    const r = await chengdong.post('/api/orgs/4/move', { parent_id: 3 });
    const none = await chengdong.post('/api/orgs/4/move', { parent_id: 999999 });
    assertError(r, 403);
    assert.equal(r.text, none.text);
    assertError(await shuji.post('/api/orgs/5/move', { parent_id: 6 }), 403);
    assert.equal(auditCount(srv.dbPath), a0);
  });

  it('refuses cycles and bad bodies, naming parent_id', async () => {
    const a0 = auditCount(srv.dbPath);
    assertError(await admin.post('/api/orgs/2/move', { parent_id: 5 }), 400, { field: 'parent_id' });
    assertError(await admin.post('/api/orgs/2/move', { parent_id: 2 }), 400, { field: 'parent_id' });
    assertError(await admin.post('/api/orgs/4/move', { parent_id: 2 }), 400, { field: 'parent_id' });
    assertError(await admin.post('/api/orgs/4/move', {}), 400, { field: 'parent_id' });
    assertError(await admin.post('/api/orgs/4/move', { parent_id: '3' }), 400, { field: 'parent_id' });
    assertError(await admin.post('/api/orgs/5/move', { parent_id: 7 }), 400, { field: 'parent_id' });
    assert.equal(auditCount(srv.dbPath), a0);
    assert.equal(orgRow(srv.dbPath, 4).path, '/1/2/4/');
  });

  it('moves the whole subtree and the members with it, in one audited change', async () => {
    const a0 = auditCount(srv.dbPath);
    const r = await zzb.post('/api/orgs/4/move', { parent_id: 3 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.path, '/1/3/4/');
    assert.equal(r.body.parent_id, 3);
    const paths = sql(srv.dbPath, 'SELECT id, path FROM orgs WHERE id IN (4, 5, 6) ORDER BY id', { json: true });
    assert.deepEqual(paths, [{ id: 4, path: '/1/3/4/' }, { id: 5, path: '/1/3/4/5/' }, { id: 6, path: '/1/3/4/6/' }]);
    assert.equal(sql(srv.dbPath, `SELECT org_path FROM members WHERE id = ${member}`), '/1/3/4/5/');
    assert.equal(auditCount(srv.dbPath), a0 + 1);
    const [row] = sql(srv.dbPath, "SELECT * FROM audit_log WHERE action = 'org.move'", { json: true });
    assert.equal(JSON.parse(row.before_json).path, '/1/2/4/');
    const subtree = Number(sql(srv.dbPath, "SELECT count(*) FROM orgs WHERE path LIKE '/1/3/4/%'"));
    assert.equal(JSON.parse(row.after_json).orgs_moved, subtree);
    assert.equal(Number(sql(srv.dbPath, "SELECT count(*) FROM orgs WHERE path LIKE '/1/2/4/%'")), 0);
  });

  it('scopes follow the tree: chengdong no longer sees 4, shuji still sees 5', async () => {
    assertError(await chengdong.get('/api/orgs/4'), 403);
    const five = await shuji.get('/api/orgs/5');
    assert.equal(five.status, 200);
    assert.equal(five.body.path, '/1/3/4/5/');
    const kids = await admin.get('/api/orgs?parent_id=3');
    assert.deepEqual(kids.body.items.map((o) => o.id), [4, 7, 8]);
  });
});

describe('POST /api/orgs/{id}/dissolve and listing children', () => {
  let srv;
  let admin;
  let chengdong;
  let shuji;
  let branch;
  let member;
  before(async () => {
    srv = await startServer();
    [admin, chengdong, shuji] = await Promise.all(['admin', 'chengdong', 'shuji'].map((u) => loginAs(srv, u)));
    const r = await admin.post('/api/orgs', { parent_id: 4, name: '待撤销网格党支部', kind: 'grid_branch', founded_on: '2020-01-01' });
    assert.equal(r.status, 201, r.text);
    branch = r.body.id;
    const g = await admin.post('/api/orgs', { parent_id: branch, name: '待撤销楼栋党小组', kind: 'building_group' });
    assert.equal(g.status, 201, g.text);
    member = addMember(srv.dbPath, branch, '撤销测试党员', '2010-07-01');
  });
  after(() => srv?.stop());

  it('bad bodies are 400 naming the field; nothing written', async () => {
    const a0 = auditCount(srv.dbPath);
    const url = `/api/orgs/${branch}/dissolve`;
    assertError(await admin.post(url, { reason: '合并' }), 400, { field: 'dissolved_on' });
    assertError(await admin.post(url, { dissolved_on: '2025-13-01', reason: '合并' }), 400, { field: 'dissolved_on' });
    assertError(await admin.post(url, { dissolved_on: '2999-01-01', reason: '合并' }), 400, { field: 'dissolved_on' });
    assertError(await admin.post(url, { dissolved_on: '2019-12-31', reason: '合并' }), 400, { field: 'dissolved_on' });
    assertError(await admin.post(url, { dissolved_on: '2025-06-30' }), 400, { field: 'reason' });
    assertError(await admin.post(url, { dissolved_on: '2025-06-30', reason: 'x'.repeat(501) }), 400, { field: 'reason' });
    assert.equal(auditCount(srv.dbPath), a0);
  });

  it('refuses while children or members remain, saying how many', async () => {
    const url = `/api/orgs/${branch}/dissolve`;
    const kids = await admin.post(url, { dissolved_on: '2025-06-30', reason: '合并' });
    assertError(kids, 409, { code: 'conflict' });
    assert.match(kids.body.error.message, /1 个/);
    const group = (await admin.get(`/api/orgs?parent_id=${branch}`)).body.items[0].id;
    const g = await admin.post(`/api/orgs/${group}/dissolve`, { dissolved_on: '2025-06-30', reason: '并入网格' });
    assert.equal(g.status, 200, g.text);
    const members = await admin.post(url, { dissolved_on: '2025-06-30', reason: '合并' });
    assertError(members, 409);
    assert.match(members.body.error.message, /1 名党员/);
    assert.equal(orgRow(srv.dbPath, branch).status, 'active');
  });

  it('a branch admin cannot dissolve their own branch; the parent admin can', async () => {
    assertError(await shuji.post('/api/orgs/5/dissolve', { dissolved_on: '2025-06-30', reason: 'x' }), 403);
    sql(srv.dbPath, `UPDATE members SET status = 'left' WHERE id = ${member}`);
    const a0 = auditCount(srv.dbPath);
    const r = await chengdong.post(`/api/orgs/${branch}/dissolve`, { dissolved_on: '2025-06-30', reason: '网格调整，合并' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'dissolved');
    assert.equal(r.body.dissolved_on, '2025-06-30');
    assert.equal(r.body.dissolve_reason, '网格调整，合并');
    assert.equal(auditCount(srv.dbPath), a0 + 1);
    const row = orgRow(srv.dbPath, branch);
    assert.equal(row.status, 'dissolved', 'kept, never deleted');
    const [a] = sql(srv.dbPath, "SELECT * FROM audit_log WHERE action = 'org.dissolve' ORDER BY id DESC LIMIT 1", { json: true });
    assert.equal(JSON.parse(a.before_json).status, 'active');
    assert.equal(JSON.parse(a.after_json).dissolve_reason, '网格调整，合并');
    assertError(await admin.post(`/api/orgs/${branch}/dissolve`, { dissolved_on: '2025-06-30', reason: 'x' }), 409);
    assertError(await patch(admin, `/api/orgs/${branch}`, { industry: 'x' }), 409);
  });

  it('children: active by default, dissolved ones with include_dissolved=1', async () => {
    const active = await admin.get('/api/orgs?parent_id=4');
    assert.deepEqual(active.body.items.map((o) => o.id), [5, 6]);
    const all = await admin.get('/api/orgs?parent_id=4&include_dissolved=1');
    assert.deepEqual(all.body.items.map((o) => o.id), [5, 6, branch]);
    assertError(await admin.get('/api/orgs?parent_id=4&include_dissolved=2'), 400, { field: 'include_dissolved' });
  });
});

describe('path, search and counts', () => {
  let srv;
  let admin;
  let zzb;
  let chengdong;
  let shuji;
  before(async () => {
    srv = await startServer();
    [admin, zzb, chengdong, shuji] = await Promise.all(['admin', 'zzb', 'chengdong', 'shuji'].map((u) => loginAs(srv, u)));
    for (const [parent, name] of [[4, '达标100%网格党支部'], [4, '甲_乙网格党支部'], [8, '甲乙联合党支部']]) {
      const r = await admin.post('/api/orgs', { parent_id: parent, name, kind: parent === 4 ? 'grid_branch' : 'group' });
      assert.equal(r.status, 201, r.text);
    }
  });
  after(() => srv?.stop());

  it('the path from the root is clipped to what the caller may read', async () => {
    const ids = async (c, id) => (await c.get(`/api/orgs/${id}/path`)).body.items.map((o) => o.id);
    assert.deepEqual(await ids(admin, 5), [1, 2, 4, 5]);
    assert.deepEqual(await ids(chengdong, 5), [2, 4, 5]);
    assert.deepEqual(await ids(shuji, 5), [5]);
    const six = await shuji.get('/api/orgs/6/path');
    assertError(six, 403);
    assert.equal(six.text, (await shuji.get('/api/orgs/999999/path')).text);
  });

  it('/api/orgs/search is not taken for an id', async () => {
    const r = await admin.get(`/api/orgs/search?q=${encodeURIComponent('网格')}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.total, 4);
  });

  it('% and _ in the text match themselves', async () => {
    const names = async (text) => (await admin.get(`/api/orgs/search?q=${encodeURIComponent(text)}`)).body.items.map((o) => o.name);
    assert.deepEqual(await names('%'), ['达标100%网格党支部']);
    assert.deepEqual(await names('_'), ['甲_乙网格党支部']);
    assert.deepEqual((await names('乙')).sort(), ['甲_乙网格党支部', '甲乙联合党支部'].sort());
    assert.deepEqual(await names('\\'), []);
  });

  it('an org admin sees exactly their subtree; a branch admin only their branch', async () => {
    const all = await zzb.get(`/api/orgs/search?q=${encodeURIComponent('党')}&limit=100`);
    assert.equal(all.body.total, Number(sql(srv.dbPath, "SELECT count(*) FROM orgs WHERE name LIKE '%党%'")));
    const east = await chengdong.get(`/api/orgs/search?q=${encodeURIComponent('党')}&limit=100`);
    assert.ok(east.body.items.length > 0);
    for (const o of east.body.items) assert.ok(o.path.startsWith('/1/2/'), o.path);
    assert.equal(east.body.total, Number(sql(srv.dbPath, "SELECT count(*) FROM orgs WHERE name LIKE '%党%' AND path LIKE '/1/2/%'")));
    const mine = await shuji.get(`/api/orgs/search?q=${encodeURIComponent('网格')}`);
    assert.deepEqual(mine.body.items.map((o) => o.id), [5]);
  });

  it('pages with limit and offset; bad paging is a 400 naming the parameter', async () => {
    const p1 = await admin.get(`/api/orgs/search?q=${encodeURIComponent('网格')}&limit=3`);
    const p2 = await admin.get(`/api/orgs/search?q=${encodeURIComponent('网格')}&limit=3&offset=3`);
    assert.equal(p1.body.items.length, 3);
    assert.equal(p2.body.items.length, 1);
    assert.equal(p2.body.total, 4);
    const seen = new Set([...p1.body.items, ...p2.body.items].map((o) => o.id));
    assert.equal(seen.size, 4);
    assertError(await admin.get('/api/orgs/search'), 400, { field: 'q' });
    assertError(await admin.get('/api/orgs/search?q=x&limit=0'), 400, { field: 'limit' });
    assertError(await admin.get('/api/orgs/search?q=x&limit=101'), 400, { field: 'limit' });
    assertError(await admin.get('/api/orgs/search?q=x&offset=-1'), 400, { field: 'offset' });
    assertError(await admin.get(`/api/orgs/search?q=${'长'.repeat(51)}`), 400, { field: 'q' });
  });

  it('counts organisations by kind and members by category over the subtree', async () => {
    addMember(srv.dbPath, 5, '计数甲', '2010-01-01');
    addMember(srv.dbPath, 5, '计数乙', null);
    addMember(srv.dbPath, 6, '计数丙', '2010-01-01', 'left');
    const r = await chengdong.get('/api/orgs/2/counts');
    assert.equal(r.status, 200, r.text);
    const orgs = Number(sql(srv.dbPath, "SELECT count(*) FROM orgs WHERE path LIKE '/1/2/%' AND status = 'active'"));
    assert.equal(r.body.orgs.active, orgs);
    const grid = r.body.orgs.by_kind.find((k) => k.code === 'grid_branch');
    assert.equal(grid.label, '网格党支部');
    assert.equal(grid.count, Number(sql(srv.dbPath, "SELECT count(*) FROM orgs WHERE path LIKE '/1/2/%' AND kind = 'grid_branch'")));
    const expect = (cat) => Number(sql(srv.dbPath,
      `SELECT count(*) FROM members WHERE org_path LIKE '/1/2/%' AND category = '${cat}' AND status IN ('normal', 'mobile', 'lost_contact')`));
    const byCat = Object.fromEntries(r.body.members.by_category.map((c) => [c.code, c.count]));
    assert.equal(byCat.full, expect('full'));
    assert.equal(byCat.probationary, expect('probationary'));
    assert.equal(r.body.members.total, expect('full') + expect('probationary'));
    assertError(await chengdong.get('/api/orgs/3/counts'), 403);
    assertError(await shuji.get('/api/orgs/4/counts'), 403);
  });
});

describe('posts: /api/orgs/{id}/posts', () => {
  let srv;
  let admin;
  let chengdong;
  let shuji;
  let leap;
  let probationary;
  before(async () => {
    srv = await startServer();
    [admin, chengdong, shuji] = await Promise.all(['admin', 'chengdong', 'shuji'].map((u) => loginAs(srv, u)));
    leap = addMember(srv.dbPath, 5, '闰日转正', '2024-02-29');
    probationary = addMember(srv.dbPath, 5, '预备党员', null);
  });
  after(() => srv?.stop());

  it('a branch 书记 needs one year of 党龄 from 转正, to the day (29 February)', async () => {
    const a0 = auditCount(srv.dbPath);
    const early = await shuji.post('/api/orgs/5/posts', { post: 'secretary', member_id: leap, start_on: '2025-02-27' });
    assertError(early, 400, { field: 'start_on' });
    assert.match(early.body.error.message, /2025-02-28/);
    assert.match(early.body.error.message, /post\.secretary\.min_party_years/);
    const pre = await shuji.post('/api/orgs/5/posts', { post: 'secretary', member_id: probationary, start_on: '2025-03-01' });
    assertError(pre, 400, { field: 'member_id' });
    assert.match(pre.body.error.message, /预备党员/);
    assertError(await shuji.post('/api/orgs/5/posts', { post: 'secretary', person_name: '外来人员', start_on: '2025-03-01' }), 400, { field: 'member_id' });
    assert.equal(auditCount(srv.dbPath), a0);
    const ok = await shuji.post('/api/orgs/5/posts', { post: 'secretary', member_id: leap, start_on: '2025-02-28', principal_leader: false });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.person_name, '闰日转正');
    assert.equal(ok.body.post_label, '书记');
    assert.equal(ok.body.current, true);
    assert.equal(auditCount(srv.dbPath), a0 + 1);
  });

  it('one 书记 at a time; ending the post makes room from that day', async () => {
    const other = addMember(srv.dbPath, 5, '第二任书记', '2015-01-01');
    const clash = await admin.post('/api/orgs/5/posts', { post: 'secretary', member_id: other, start_on: '2025-09-01' });
    assertError(clash, 409, { field: 'start_on' });
    assert.match(clash.body.error.message, /闰日转正/);
    const list = await shuji.get('/api/orgs/5/posts');
    const current = list.body.items.find((p) => p.post === 'secretary' && p.current);
    assertError(await shuji.post(`/api/orgs/5/posts/${current.id}/end`, {}), 400, { field: 'end_on' });
    assertError(await shuji.post(`/api/orgs/5/posts/${current.id}/end`, { end_on: '2025-01-01' }), 400, { field: 'end_on' });
    assertError(await shuji.post(`/api/orgs/6/posts/${current.id}/end`, { end_on: '2025-09-01' }), 403);
    const end = await shuji.post(`/api/orgs/5/posts/${current.id}/end`, { end_on: '2025-09-01' });
    assert.equal(end.status, 200, end.text);
    assert.equal(end.body.end_on, '2025-09-01');
    assert.equal(end.body.current, false);
    assertError(await shuji.post(`/api/orgs/5/posts/${current.id}/end`, { end_on: '2025-09-02' }), 409);
    const next = await admin.post('/api/orgs/5/posts', { post: 'secretary', member_id: other, start_on: '2025-09-01', principal_leader: true });
    assert.equal(next.status, 201, next.text);
    const posts = (await shuji.get('/api/orgs/5/posts')).body.items;
    assert.equal(posts[0].id, next.body.id, 'current first');
    assert.equal(posts[0].member_id, other);
    assert.equal(posts[1].end_on, '2025-09-01');
  });

  it('other posts may name a person outside the member database; bad input names the field', async () => {
    const r = await chengdong.post('/api/orgs/4/posts', { post: 'propaganda', person_name: '宣传委员甲', start_on: '2024-01-01', note: '社区党委委员' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.member_id, null);
    const a0 = auditCount(srv.dbPath);
    assertError(await admin.post('/api/orgs/4/posts', { post: 'chairman', person_name: 'x', start_on: '2024-01-01' }), 400, { field: 'post' });
    assertError(await admin.post('/api/orgs/4/posts', { post: 'member', person_name: 'x' }), 400, { field: 'start_on' });
    assertError(await admin.post('/api/orgs/4/posts', { post: 'member', start_on: '2024-01-01' }), 400, { field: 'person_name' });
    assertError(await admin.post('/api/orgs/4/posts', { post: 'member', person_name: 'x', start_on: '2024-01-01', end_on: '2025-01-01' }), 400, { field: 'end_on' });
    assertError(await admin.post('/api/orgs/4/posts', { post: 'member', person_name: 'x', start_on: '2024-01-01', principal_leader: true }), 400, { field: 'principal_leader' });
    assertError(await admin.post('/api/orgs/4/posts', { post: 'group_leader', person_name: 'x', start_on: '2024-01-01' }), 400, { field: 'post' });
    assertError(await admin.post('/api/orgs/7/posts', { post: 'member', member_id: leap, start_on: '2024-01-01' }), 400, { field: 'member_id' });
    assert.equal(auditCount(srv.dbPath), a0);
  });

  it('reading and writing posts follows the scope', async () => {
    const six = await shuji.get('/api/orgs/6/posts');
    assertError(six, 403);
    assert.equal(six.text, (await shuji.get('/api/orgs/999999/posts')).text);
    assertError(await chengdong.post('/api/orgs/7/posts', { post: 'member', person_name: 'x', start_on: '2024-01-01' }), 403);
    assert.equal((await chengdong.get('/api/orgs/5/posts')).status, 200);
  });
});

describe('dangjian org (CLI)', () => {
  let dir;
  let db;
  before(() => {
    dir = tmpDir();
    db = demoDb(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('org --help and each subcommand --help print the usage', () => {
    for (const sub of [[], ['list'], ['edit'], ['move'], ['dissolve'], ['posts']]) {
      const r = runCli(['org', ...sub, '--help']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /dangjian org edit/);
      assert.match(r.stdout, /--contact_phone/);
    }
  });

  it('list, show, add, edit, move, search, dissolve go through the same rules', () => {
    const cli = (...args) => runCli(['--db', db, 'org', ...args]);
    assert.match(cli('list', '--parent', '4').stdout, /幸福社区第一网格党支部/);
    const add = cli('add', '--parent', '5', '--name', '命令行党小组', '--kind', 'group');
    assert.equal(add.status, 0, add.stderr);
    const id = Number(/id (\d+)/.exec(add.stdout)[1]);
    const edit = cli('edit', String(id), '--contact-phone', '13700001234', '--industry', '社区服务');
    assert.equal(edit.status, 0, edit.stderr);
    assert.match(cli('show', String(id)).stdout, /联系电话：13700001234/);
    const bad = cli('edit', String(id), '--founded-on', '2023-02-29');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /建立党组织日期/);
    assert.equal(cli('edit', String(id), '--nonsense', 'x').status, 2);
    const cycle = cli('move', '2', '--parent', '5');
    assert.equal(cycle.status, 1);
    assert.match(cycle.stderr, /parent_id/);
    assert.match(cli('search', '命令行').stdout, /命令行党小组/);
    const gone = cli('dissolve', String(id), '--date', '2025-01-01', '--reason', '测试撤销');
    assert.equal(gone.status, 0, gone.stderr);
    assert.equal(sql(db, `SELECT status FROM orgs WHERE id = ${id}`), 'dissolved');
    assert.equal(sql(db, `SELECT count(*) FROM audit_log WHERE record_id = '${id}' AND record_type = 'org'`), '3');
  });
});
