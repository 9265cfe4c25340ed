// member.test.mjs - the member database API: create, read, edit, status,
// move, look-up, search and history; who may read and change what (branch
// admin, org admin, auditor, the member themself); masked and unmasked
// personal data and the audit row of an unmasked read; bad input is a 4xx
// naming the field with nothing written; and the database files never hold
// a plaintext ID number, phone number or address.
//
// Demo fixture (dangjian demo --scale test): orgs 1 /1/, 2 /1/2/, 3 /1/3/,
// 4 /1/2/4/ (社区党委), 5 /1/2/4/5/ and 6 /1/2/4/6/ (网格党支部),
// 7 /1/3/7/ (党支部), 8 /1/3/8/ (联合党支部); users admin, zzb (org_admin 1),
// chengdong (org_admin 2), shuji (branch_admin 5), shenji (auditor 1).
// All ID numbers are synthetic (invented region 990101, valid check digit).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { assertError, demoDb, hasChinese, loginAs, runCli, sql, startServer, tmpDir } from './lib.mjs';

/* GB 11643 check character for 17 digits. */
function checkChar(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * w[i];
  return '10X98765432'[s % 11];
}

/* A synthetic ID number: birth 'YYYY-MM-DD', sequence 0..999 (odd = male). */
function idcard(birth, seq) {
  const first17 = '990101' + birth.replace(/-/g, '') + String(seq).padStart(3, '0');
  return first17 + checkChar(first17);
}

let seqNo = 100;
/* A valid 正式党员 body in org 5, born 1980-05-12, with a fresh ID number. */
function body(name, extra = {}) {
  seqNo += 2;
  return {
    name,
    id_number: idcard('1980-05-12', seqNo + 1),
    joined_on: '2005-07-01',
    confirmed_on: '2006-07-01',
    category: 'full',
    org_id: 5,
    phone: '13800001973',
    ...extra,
  };
}

const patch = (client, path, json) => client.request('PATCH', path, { json });

describe('members', () => {
  let srv;
  let admin;
  let zzb;
  let chengdong;
  let shuji;
  let shenji;
  const ids = {}; // name -> id

  async function create(client, b) {
    const r = await client.post('/api/members', b);
    assert.equal(r.status, 201, r.text);
    ids[b.name] = r.body.id;
    return r.body;
  }

  function memberCount() {
    return Number(sql(srv.dbPath, 'SELECT count(*) FROM members'));
  }
  function auditCount(action) {
    return Number(sql(srv.dbPath, `SELECT count(*) FROM audit_log WHERE action = '${action}'`));
  }

  before(async () => {
    srv = await startServer();
    [admin, zzb, chengdong, shuji, shenji] = await Promise.all(
      ['admin', 'zzb', 'chengdong', 'shuji', 'shenji'].map((u) => loginAs(srv, u)),
    );
    // one member in each of the branches 5, 6, 7 and 8
    await create(admin, body('第五支部甲'));
    await create(admin, body('第六支部乙', { org_id: 6 }));
    await create(admin, body('城西机关丙', { org_id: 7 }));
    await create(admin, body('联合支部丁', { org_id: 8, joint_unit_name: '某某科技有限公司' }));
  });
  after(() => srv?.stop());

  describe('create and read', () => {
    it('answers 201 with the record masked and the derived figures', async () => {
      const b = body('创建测试', { hukou: '测试省测试市和平路8号', tel: '0351-6543210' });
      const r = await admin.post('/api/members', b);
      assert.equal(r.status, 201, r.text);
      const m = r.body;
      assert.equal(m.masked, true);
      assert.equal(m.id_number, b.id_number.slice(0, 6) + '********' + b.id_number.slice(14));
      assert.equal(m.phone, '138****1973');
      assert.equal(m.tel, '035****3210');
      assert.equal(m.hukou, '测**********');
      assert.equal(m.gender, '1');
      assert.equal(m.gender_label, '男');
      assert.equal(m.birth_date, '1980-05-12');
      assert.equal(m.status, 'normal');
      assert.equal(m.org_name, '幸福社区第一网格党支部');
      assert.equal(m.org_path, '/1/2/4/5/');
      assert.equal(m.political_birthday, '07-01');
      assert.ok(m.party_years >= 19, `党龄 ${m.party_years}`);
      assert.ok(m.age >= 45);
      assert.ok(m.info_completeness > 0 && m.info_completeness < 100);
      const g = await admin.get(`/api/members/${m.id}`);
      assert.equal(g.status, 200);
      assert.equal(g.body.id_number, m.id_number);
    });

    it('describes the record in GET /api/meta with the national template labels', async () => {
      const r = await admin.get('/api/meta');
      const f = Object.fromEntries(r.body.records.member.fields.map((x) => [x.key, x]));
      assert.equal(f.id_number.label, '身份证号码');
      assert.equal(f.id_number.personal, true);
      assert.equal(f.phone.label, '手机号码');
      assert.equal(f.confirmed_on.label, '转正日期');
      assert.equal(f.party_years.label, '党龄');
      assert.equal(f.party_years.readonly, true);
      assert.equal(f.info_completeness.label, '信息完整度');
      assert.ok(r.body.dicts.add_kind.entries.some((e) => e.label === '新入党'));
    });
  });

  describe('bad input: a 4xx naming the field, nothing written', () => {
    const cases = [
      ['a wrong check digit', (b) => ({ ...b, id_number: b.id_number.slice(0, 17) + (b.id_number[17] === '0' ? '1' : '0') }), 400, 'id_number'],
      ['a 15-digit number', (b) => ({ ...b, id_number: '990101800512123' }), 400, 'id_number'],
      ['gender against the ID', (b) => ({ ...b, gender: '2' }), 400, 'gender'],
      ['birth date against the ID', (b) => ({ ...b, birth_date: '1980-05-13' }), 400, 'birth_date'],
      ['入党 the day before the 18th birthday', (b) => ({ ...b, joined_on: '1998-05-11', confirmed_on: '1999-05-11' }), 400, 'joined_on'],
      ['转正 a day before one year', (b) => ({ ...b, confirmed_on: '2006-06-30' }), 400, 'confirmed_on'],
      ['转正 a day after two years', (b) => ({ ...b, confirmed_on: '2007-07-02' }), 400, 'confirmed_on'],
      ['a 预备党员 with a 转正日期', (b) => ({ ...b, category: 'probationary' }), 400, 'confirmed_on'],
      ['a 正式党员 without one', (b) => ({ ...b, confirmed_on: undefined }), 400, 'confirmed_on'],
      ['入党 in the future', (b) => ({ ...b, joined_on: '2999-01-01', confirmed_on: undefined, category: 'probationary' }), 400, 'joined_on'],
      ['a 10-digit mobile', (b) => ({ ...b, phone: '1380000197' }), 400, 'phone'],
      ['a bad landline', (b) => ({ ...b, tel: '12345' }), 400, 'tel'],
      ['an unknown 民族', (b) => ({ ...b, nation: '57' }), 400, 'nation'],
      ['an unknown field', (b) => ({ ...b, shoe_size: 42 }), 400, 'shoe_size'],
      ['a read-only field', (b) => ({ ...b, status: 'left' }), 400, 'status'],
      ['a 社区党委 as the branch', (b) => ({ ...b, org_id: 4 }), 400, 'org_id'],
      ['no name', (b) => ({ ...b, name: '' }), 400, 'name'],
    ];
    for (const [what, make, status, field] of cases) {
      it(what, async () => {
        const before = memberCount();
        const audit = Number(sql(srv.dbPath, 'SELECT count(*) FROM audit_log'));
        const r = await admin.post('/api/members', make(body('坏数据')));
        assertError(r, status, { field });
        assert.equal(memberCount(), before, 'no member written');
        assert.equal(Number(sql(srv.dbPath, 'SELECT count(*) FROM audit_log')), audit, 'no audit row');
      });
    }

    it('one active record per ID number: 409 naming id_number', async () => {
      const b = body('重复甲');
      await create(admin, b);
      const before = memberCount();
      const r = await admin.post('/api/members', { ...b, name: '重复乙', org_id: 6, id_number: ` ${b.id_number.toLowerCase()} ` });
      assertError(r, 409, { code: 'conflict', field: 'id_number' });
      assert.equal(memberCount(), before);
    });

    it('PATCH with a bad value changes nothing', async () => {
      const id = ids['第五支部甲'];
      const before = sql(srv.dbPath, `SELECT updated_at || phone_enc FROM members WHERE id = ${id}`);
      const r = await patch(admin, `/api/members/${id}`, { phone: '2380000197', job: '应不写入' });
      assertError(r, 400, { field: 'phone' });
      assert.equal(sql(srv.dbPath, `SELECT updated_at || phone_enc FROM members WHERE id = ${id}`), before);
      const o = await patch(admin, `/api/members/${id}`, { org_id: 6 });
      assertError(o, 400, { field: 'org_id' });
    });
  });

  describe('permissions', () => {
    it('a branch admin reads and changes their branch only; elsewhere is like missing', async () => {
      assert.equal((await shuji.get(`/api/members/${ids['第五支部甲']}`)).status, 200);
      const six = await shuji.get(`/api/members/${ids['第六支部乙']}`);
      const none = await shuji.get('/api/members/987654');
      assertError(six, 403, { code: 'forbidden' });
      assert.equal(six.text, none.text, 'another branch and a missing member look alike');
      assert.ok(!six.text.includes('第六支部乙'));
      assertError(await patch(shuji, `/api/members/${ids['第六支部乙']}`, { job: '越权' }), 403);
      assertError(await shuji.post(`/api/members/${ids['第六支部乙']}/status`, { status: 'mobile', date: '2025-01-01' }), 403);
      assertError(await shuji.post('/api/members', body('越权新增', { org_id: 6 })), 403);
      const ok = await patch(shuji, `/api/members/${ids['第五支部甲']}`, { job: '网格员' });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.body.job, '网格员');
      const list = await shuji.get('/api/members?limit=200');
      assert.equal(list.status, 200);
      assert.ok(list.body.items.length > 0);
      assert.ok(list.body.items.every((m) => m.org_path === '/1/2/4/5/'), 'only branch 5');
      assertError(await shuji.get('/api/members?org_id=6'), 403);
    });

    it('an org admin sees exactly their subtree', async () => {
      const active = "status NOT IN ('left', 'deceased')";
      const inTwo = Number(sql(srv.dbPath, `SELECT count(*) FROM members WHERE org_path >= '/1/2/' AND org_path < '/1/20' AND ${active}`));
      const everyone = Number(sql(srv.dbPath, `SELECT count(*) FROM members WHERE ${active}`));
      assert.ok(inTwo > 0 && inTwo < everyone);
      const r = await chengdong.get('/api/members?limit=200');
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.total, inTwo);
      assert.ok(r.body.items.every((m) => m.org_path.startsWith('/1/2/')));
      assert.ok(r.body.items.some((m) => m.name === '第六支部乙'));
      const west = await chengdong.get(`/api/members/${ids['城西机关丙']}`);
      assertError(west, 403);
      assert.equal(west.text, (await chengdong.get('/api/members/987654')).text);
      assertError(await chengdong.get('/api/members?org_id=3'), 403);
      const z = await zzb.get('/api/members?limit=1');
      assert.equal(z.body.total, everyone, 'the district admin sees everyone');
      assert.equal((await zzb.get(`/api/members/${ids['城西机关丙']}`)).status, 200);
    });

    it('the auditor reads masked data only and changes nothing', async () => {
      const id = ids['第六支部乙'];
      const r = await shenji.get(`/api/members/${id}`);
      assert.equal(r.status, 200);
      assert.match(r.body.id_number, /^\d{6}\*{8}\d{3}[\dX]$/);
      assertError(await shenji.get(`/api/members/${id}?unmasked=1`), 403);
      assertError(await patch(shenji, `/api/members/${id}`, { job: '审计' }), 403);
    });

    it('a member sees only their own record', async () => {
      const ownBody = body('党员本人');
      const own = await create(admin, ownBody);
      const u = await admin.post('/api/users', {
        username: 'dangyuan1', display_name: '党员本人', password: 'Member@2026x', role: 'member', org_id: 5, must_change_password: false,
      });
      assert.equal(u.status, 201, u.text);
      const link = await admin.post(`/api/members/${own.id}/user`, { user_id: u.body.id });
      assert.equal(link.status, 200, link.text);
      const me = await loginAs(srv, 'dangyuan1', 'Member@2026x');
      const self = await me.get('/api/me/member');
      assert.equal(self.status, 200, self.text);
      assert.equal(self.body.id, own.id);
      assert.equal(self.body.masked, true);
      assert.equal((await me.get(`/api/members/${own.id}`)).status, 200);
      const other = await me.get(`/api/members/${ids['第五支部甲']}`);
      assertError(other, 403);
      assert.equal(other.text, (await me.get('/api/members/987654')).text);
      assertError(await me.get('/api/members'), 403);
      assertError(await patch(me, `/api/members/${own.id}`, { job: '自改' }), 403);
      const lookup = await me.post('/api/members/lookup', { id_number: ownBody.id_number });
      assert.equal(lookup.status, 200);
      assert.deepEqual(lookup.body.items.map((x) => x.id), [own.id]);
      // the member may see their own data in full, and that read is audited too
      const before = auditCount('member.read_unmasked');
      const full = await me.get('/api/me/member?unmasked=1');
      assert.equal(full.status, 200);
      assert.equal(full.body.masked, false);
      assert.match(full.body.id_number, /^990101/);
      assert.equal(auditCount('member.read_unmasked'), before + 1);
      // an account without a member record
      assertError(await shenji.get('/api/me/member'), 404);
    });
  });

  describe('masked and unmasked', () => {
    it('lists mask; an unmasked single read shows all and writes an audit row', async () => {
      const b = body('脱敏测试', { home_address: '测试市幸福路9号', residence: '测试市和平路10号' });
      const m = await create(admin, b);
      const list = await admin.get(`/api/members?q=${encodeURIComponent('脱敏测试')}`);
      assert.equal(list.body.items[0].id_number, b.id_number.slice(0, 6) + '********' + b.id_number.slice(14));
      assert.equal(list.body.items[0].phone, '138****1973');
      assert.equal(list.body.items[0].home_address, '测*******');
      const before = auditCount('member.read_unmasked');
      const masked = await shuji.get(`/api/members/${m.id}`);
      assert.equal(masked.body.masked, true);
      assert.equal(auditCount('member.read_unmasked'), before, 'a masked read is not audited');
      const full = await shuji.get(`/api/members/${m.id}?unmasked=1`);
      assert.equal(full.status, 200, full.text);
      assert.equal(full.body.masked, false);
      assert.equal(full.body.id_number, b.id_number);
      assert.equal(full.body.phone, '13800001973');
      assert.equal(full.body.home_address, '测试市幸福路9号');
      assert.equal(auditCount('member.read_unmasked'), before + 1);
      const row = sql(srv.dbPath, "SELECT username || '|' || record_id || '|' || org_path || '|' || after_json FROM audit_log WHERE action = 'member.read_unmasked' ORDER BY id DESC LIMIT 1");
      const [who, rid, path, after] = row.split('|');
      assert.equal(who, 'shuji');
      assert.equal(Number(rid), m.id);
      assert.equal(path, '/1/2/4/5/');
      assert.deepEqual(JSON.parse(after).fields.sort(), ['home_address', 'id_number', 'phone', 'residence']);
      assertError(await shuji.get(`/api/members/${m.id}?unmasked=yes`), 400, { field: 'unmasked' });
    });

    it('audit rows of member writes hold masked values only', async () => {
      const rows = sql(srv.dbPath, "SELECT COALESCE(before_json, '') || COALESCE(after_json, '') FROM audit_log WHERE record_type = 'member'");
      assert.ok(rows.includes('138****1973'));
      assert.ok(!rows.includes('13800001973'), 'no plaintext phone in the audit log');
      assert.ok(!/990101\d{11}[\dX]/.test(rows), 'no plaintext ID number in the audit log');
      assert.ok(!rows.includes('幸福路'), 'no plaintext address in the audit log');
    });
  });

  describe('search and look-up', () => {
    before(async () => {
      // rare surnames (亓, 闾丘), so that no other record matches
      await create(admin, body('亓小明'));
      await create(admin, body('亓芳'));
      await create(admin, body('闾丘明月', { org_id: 6 }));
      await create(admin, body('亓', { org_id: 7 }));
    });

    const names = async (client, q, extra = '') => {
      const r = await client.get(`/api/members?q=${encodeURIComponent(q)}&limit=200${extra}`);
      assert.equal(r.status, 200, r.text);
      return r.body.items.map((m) => m.name).sort();
    };

    it('1 and 2 characters match the start of the name', async () => {
      assert.deepEqual(await names(admin, '亓'), ['亓', '亓小明', '亓芳'].sort());
      assert.deepEqual(await names(admin, '亓芳'), ['亓芳']);
      assert.ok(!(await names(admin, '小明')).includes('亓小明'), 'not a prefix');
      assert.deepEqual(await names(admin, '闾'), ['闾丘明月']);
      assert.deepEqual(await names(admin, '闾丘'), ['闾丘明月']);
    });

    it('3 or more characters match anywhere (trigram)', async () => {
      assert.deepEqual(await names(admin, '亓小明'), ['亓小明']);
      assert.deepEqual(await names(admin, '丘明月'), ['闾丘明月']);
      assert.deepEqual(await names(admin, '闾丘明月'), ['闾丘明月']);
      assert.deepEqual(await names(admin, '亓小明月'), []);
      assert.deepEqual(await names(admin, '"亓小'), []);
      assertError(await admin.get(`/api/members?q=${'亓'.repeat(31)}`), 400, { field: 'q' });
    });

    it('search stays in scope', async () => {
      assert.deepEqual(await names(shuji, '亓'), ['亓小明', '亓芳'].sort());
      assert.deepEqual(await names(shuji, '闾丘明月'), []);
      assert.deepEqual(await names(chengdong, '亓'), ['亓小明', '亓芳'].sort());
      assert.deepEqual(await names(chengdong, '闾丘明月'), ['闾丘明月']);
    });

    it('filters, sorting and pagination with a total', async () => {
      const active = Number(sql(srv.dbPath, "SELECT count(*) FROM members WHERE status NOT IN ('left', 'deceased')"));
      const all = await admin.get('/api/members?limit=200&sort=name');
      assert.equal(all.body.total, active);
      const page = all.body.items.map((m) => m.name);
      const sorted = [...page].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      assert.deepEqual(page, sorted, 'sorted by name (code point order)');
      const p1 = await admin.get('/api/members?limit=2&offset=0&sort=id');
      const p2 = await admin.get('/api/members?limit=2&offset=2&sort=id');
      assert.equal(p1.body.total, active);
      assert.equal(p1.body.items.length, 2);
      assert.ok(p1.body.items[0].id < p1.body.items[1].id && p1.body.items[1].id < p2.body.items[0].id);
      const desc = await admin.get('/api/members?limit=1&sort=id&order=desc');
      assert.equal(desc.body.items[0].id, Number(sql(srv.dbPath, "SELECT max(id) FROM members WHERE status NOT IN ('left', 'deceased')")));
      const far = await admin.get(`/api/members?limit=5&offset=${active}`);
      assert.deepEqual(far.body.items, []);
      assert.equal(far.body.total, active);
      const sub = await admin.get('/api/members?org_id=3&limit=200');
      assert.ok(sub.body.items.every((m) => m.org_path.startsWith('/1/3/')));
      assert.ok(sub.body.items.some((m) => m.name === '联合支部丁'));
      const dom = await admin.get('/api/members?domain=private&limit=200');
      assert.ok(dom.body.items.length > 0);
      assert.ok(dom.body.items.every((m) => m.org_id === 8), 'only the 非公 联合党支部');
      const w = await admin.post('/api/members', body('女党员', { id_number: idcard('2000-02-29', 222), joined_on: '2024-02-29', confirmed_on: undefined, category: 'probationary' }));
      assert.equal(w.status, 201, w.text);
      const g = await admin.get('/api/members?gender=2&limit=200');
      assert.ok(g.body.items.every((m) => m.gender === '2'));
      assert.ok(g.body.items.some((m) => m.id === w.body.id));
      const p = await admin.get('/api/members?category=probationary&joined_year=2024&limit=200');
      assert.ok(p.body.items.every((m) => m.category === 'probationary' && m.joined_on.startsWith('2024-')));
      assert.ok(p.body.items.some((m) => m.id === w.body.id));
      const young = await admin.get(`/api/members?age_max=${w.body.age}&limit=200`);
      assert.ok(young.body.items.every((m) => m.age <= w.body.age));
      assert.ok(young.body.items.some((m) => m.id === w.body.id));
      const old = await admin.get(`/api/members?age_min=${w.body.age + 1}&limit=200`);
      assert.ok(old.body.items.every((m) => m.age > w.body.age));
      assert.ok(!old.body.items.some((m) => m.id === w.body.id));
      assertError(await admin.get('/api/members?sort=salary'), 400, { field: 'sort' });
      assertError(await admin.get('/api/members?order=up'), 400, { field: 'order' });
      assertError(await admin.get('/api/members?limit=201'), 400, { field: 'limit' });
      assertError(await admin.get('/api/members?category=x'), 400, { field: 'category' });
      assertError(await admin.get('/api/members?age_min=40&age_max=30'), 400);
    });

    it('exact look-up by ID number in a POST body, within scope', async () => {
      const b = body('查找对象', { org_id: 6 });
      const m = await create(admin, b);
      const r = await admin.post('/api/members/lookup', { id_number: b.id_number.toLowerCase() });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.items.map((x) => x.id), [m.id]);
      assert.equal(r.body.items[0].masked, true);
      const cd = await chengdong.post('/api/members/lookup', { id_number: b.id_number });
      assert.deepEqual(cd.body.items.map((x) => x.id), [m.id]);
      const sj = await shuji.post('/api/members/lookup', { id_number: b.id_number });
      assert.deepEqual(sj.body.items, [], 'another branch finds nothing');
      const none = await admin.post('/api/members/lookup', { id_number: idcard('1970-01-01', 1) });
      assert.deepEqual(none.body.items, []);
      assertError(await admin.post('/api/members/lookup', { id_number: '123' }), 400, { field: 'id_number' });
      assertError(await admin.post('/api/members/lookup', {}), 400, { field: 'id_number' });
    });
  });

  describe('status, move and history', () => {
    it('status changes follow the rules', async () => {
      const m = await create(admin, body('状态测试'));
      const r1 = await admin.post(`/api/members/${m.id}/status`, { status: 'lost_contact', date: '2025-03-01' });
      assertError(r1, 400, { field: 'reason' });
      const r2 = await admin.post(`/api/members/${m.id}/status`, { status: 'lost_contact', date: '2025-03-01', reason: '多次联系未果' });
      assert.equal(r2.status, 200, r2.text);
      assert.equal(r2.body.status_label, '失联排查中');
      const r3 = await admin.post(`/api/members/${m.id}/status`, { status: 'left', date: '2025-09-01', reason: '除名' });
      assertError(r3, 400, { field: 'leave_kind' });
      const r4 = await admin.post(`/api/members/${m.id}/status`, { status: 'left', date: '2025-09-01', leave_kind: 'lapsed', reason: '自行脱党，予以除名' });
      assert.equal(r4.status, 200, r4.text);
      assert.equal(r4.body.leave_kind_label, '自行脱党');
      const r5 = await admin.post(`/api/members/${m.id}/status`, { status: 'normal', date: '2025-10-01' });
      assertError(r5, 409, { field: 'status' });
      assertError(await admin.post(`/api/members/${m.id}/status`, { status: 'normal', date: '2025-13-01' }), 400, { field: 'date' });
      const list = await admin.get(`/api/members?q=${encodeURIComponent('状态测试')}`);
      assert.equal(list.body.total, 0, 'former members are off the default list');
      const all = await admin.get(`/api/members?status=all&q=${encodeURIComponent('状态测试')}`);
      assert.equal(all.body.total, 1);
    });

    it('a move needs write access to both branches', async () => {
      const m = await create(admin, body('转移测试', { org_id: 6 }));
      assertError(await chengdong.post(`/api/members/${m.id}/move`, { org_id: 7 }), 403);
      assertError(await chengdong.post(`/api/members/${m.id}/move`, { org_id: 2 }), 400, { field: 'org_id' });
      const r = await chengdong.post(`/api/members/${m.id}/move`, { org_id: 5 });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.org_path, '/1/2/4/5/');
      assert.equal(r.body.org_name, '幸福社区第一网格党支部');
      assert.equal((await shuji.get(`/api/members/${m.id}`)).status, 200, 'now in shuji’s branch');
      assert.equal(sql(srv.dbPath, `SELECT org_path FROM members WHERE id = ${m.id}`), '/1/2/4/5/');
    });

    it('history shows who, when, before and after, to those who may read the member', async () => {
      const m = await create(admin, body('历史测试'));
      const p = await patch(shuji, `/api/members/${m.id}`, { phone: '13900002024', education: '21' });
      assert.equal(p.status, 200, p.text);
      const h = await shuji.get(`/api/members/${m.id}/history`);
      assert.equal(h.status, 200, h.text);
      assert.deepEqual(h.body.items.map((x) => x.action), ['member.create', 'member.update']);
      const up = h.body.items[1];
      assert.equal(up.username, 'shuji');
      assert.match(up.at, /^\d{4}-\d\d-\d\dT/);
      assert.deepEqual(up.before, { education: null, phone: '138****1973' });
      assert.deepEqual(up.after, { education: '21', phone: '139****2024' });
      assert.equal((await chengdong.get(`/api/members/${m.id}/history`)).status, 200);
      assert.equal((await shenji.get(`/api/members/${m.id}/history`)).status, 200);
      const other = await admin.post('/api/users', { username: 'xibei', display_name: '城西管理员', password: 'Xibei@2026x', role: 'org_admin', org_id: 3, must_change_password: false });
      assert.equal(other.status, 201, other.text);
      const west = await loginAs(srv, 'xibei', 'Xibei@2026x');
      assert.equal((await west.get(`/api/members/${ids['城西机关丙']}/history`)).status, 200);
      const denied = await west.get(`/api/members/${m.id}/history`);
      assertError(denied, 403);
      assert.ok(hasChinese(denied.body.error.message));
      assert.equal(denied.text, (await west.get('/api/members/987654/history')).text);
    });
  });

  describe('encryption at rest', () => {
    it('the database files hold no plaintext ID number, phone or address', async () => {
      const b = body('加密测试', { phone: '13712345678', tel: '010-87654321', hukou: '独特户籍地址甲乙丙', home_address: '独特家庭地址丁戊己' });
      const m = await create(admin, b);
      // read it back unmasked once, then write again so the WAL holds fresh pages
      assert.equal((await admin.get(`/api/members/${m.id}?unmasked=1`)).body.id_number, b.id_number);
      await patch(admin, `/api/members/${m.id}`, { job: '加密后写入' });
      const files = ['', '-wal'].map((s) => srv.dbPath + s).filter((f) => fs.existsSync(f));
      assert.ok(files.length >= 1);
      const needles = [b.id_number, '13712345678', '01087654321', '87654321', '独特户籍地址', '独特家庭地址'];
      let sawName = false;
      for (const f of files) {
        const bytes = fs.readFileSync(f);
        for (const n of needles) assert.equal(bytes.indexOf(Buffer.from(n)), -1, `${n} found in ${f}`);
        sawName ||= bytes.indexOf(Buffer.from('加密测试')) !== -1;
      }
      assert.ok(sawName, 'the search reads the files it should (the name is stored in clear)');
      const raw = sql(srv.dbPath, `SELECT id_enc || '|' || phone_enc || '|' || id_blind FROM members WHERE id = ${m.id}`);
      const [enc, phone, blind] = raw.split('|');
      assert.match(enc, /^v1:[A-Za-z0-9+/=]+$/);
      assert.match(phone, /^v1:/);
      assert.match(blind, /^[0-9a-f]{64}$/);
    });
  });
});

describe('dangjian member (CLI)', () => {
  let dir;
  let db;
  before(() => {
    dir = tmpDir('dj-member-cli-');
    db = demoDb(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cli = (args, input) => runCli(['--db', db, 'member', ...args], { input });

  it('has help for every subcommand', () => {
    const r = runCli(['--db', db, 'member', '--help']);
    assert.equal(r.status, 0);
    for (const sub of ['list', 'search', 'show', 'add', 'edit', 'status', 'move', 'lookup', 'history', 'link']) {
      assert.ok(r.stdout.includes(`dangjian member ${sub}`), `help mentions ${sub}`);
    }
    assert.equal(cli(['frobnicate']).status, 2);
  });

  it('adds, edits, changes status, moves, looks up and shows history through the same rules', () => {
    const id = idcard('1975-03-08', 777);
    const add = cli(['add', '--org', '7', '--name', '命令行党员', '--id-number', id, '--joined', '2000-07-01', '--confirmed', '2001-07-01', '--nation', '01', '--hardship', 'true']);
    assert.equal(add.status, 0, add.stderr);
    const mid = Number(/编号 (\d+)/.exec(add.stdout)[1]);
    const bad = cli(['add', '--org', '7', '--name', '坏', '--id-number', id, '--joined', '1990-01-01']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /joined_on|id_number/);
    assert.ok(hasChinese(bad.stderr));
    const dup = cli(['add', '--org', '8', '--name', '重复', '--id-number', id, '--joined', '2000-07-01', '--confirmed', '2001-07-01']);
    assert.equal(dup.status, 1);
    assert.match(dup.stderr, /id_number/);
    assert.equal(cli(['edit', String(mid), '--phone', '13911112222', '--job', '科员']).status, 0);
    assert.equal(cli(['edit', String(mid), '--phone', '123']).status, 1);
    const st = cli(['status', String(mid), '--status', 'mobile', '--date', '2024-05-01']);
    assert.equal(st.status, 0, st.stderr);
    assert.match(st.stdout, /流动/);
    assert.equal(cli(['move', String(mid), '--org', '8']).status, 0);
    const look = cli(['lookup'], `${id.toLowerCase()}\n`);
    assert.equal(look.status, 0, look.stderr);
    assert.ok(look.stdout.includes('命令行党员'));
    assert.ok(!look.stdout.includes(id), 'masked');
    const show = cli(['show', String(mid)]);
    assert.match(show.stdout, /身份证号码：990101\*{8}/);
    assert.match(show.stdout, /所在党支部：8/);
    const full = cli(['show', String(mid), '--unmasked']);
    assert.ok(full.stdout.includes(id));
    const hist = cli(['history', String(mid)]);
    assert.deepEqual([...hist.stdout.matchAll(/\tcli\t(member\.[a-z_]+)/g)].map((m) => m[1]),
      ['member.create', 'member.update', 'member.status', 'member.move', 'member.read_unmasked']);
    assert.ok(!hist.stdout.includes('13911112222'));
    const list = cli(['list', '--org', '3', '--status', 'all']);
    assert.match(list.stdout, /命令行党员/);
    assert.equal(cli(['search', '命令行']).stdout.includes('命令行党员'), true);
  });
});
