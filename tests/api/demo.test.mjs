// demo.test.mjs - `dangjian demo`: the generated district (sizes, ID numbers
// valid and sealed, no duplicates, date rules, the deliberate problems, the
// demo accounts), a second run that changes nothing, and the fixed `--scale
// test` fixture the other API tests use.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Client, DEMO_PASSWORD, loginAs, runCli, sql, startServer, tmpDir } from './lib.mjs';

/* GB 11643 check character of the first 17 digits. */
function checkChar(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i];
  return '10X98765432'[sum % 11];
}

function isoDate(y, m, d) {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/* A valid 18-character ID number: digits, a real calendar birth date, the right check character. */
function validIdNumber(s) {
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return false;
  return checkChar(s.slice(0, 17)) === s[17];
}

/* "YYYY-MM-DD" + n calendar years, clamped to the month end (2024-02-29 + 1 = 2025-02-28). */
function addYears(s, n) {
  const [y, m, d] = s.split('-').map(Number);
  const last = new Date(Date.UTC(y + n, m, 0)).getUTCDate();
  return isoDate(y + n, m, Math.min(d, last));
}

function today() {
  const now = new Date(Date.now() + 8 * 3600 * 1000); // Asia/Shanghai
  return now.toISOString().slice(0, 10);
}

const ACCOUNTS = ['admin', 'zzb', 'chengdong', 'shuji', 'shenji', 'dangyuan'];

describe('demo --scale district', () => {
  let dir;
  let db;
  let run;
  let srv;
  let admin;

  before(async () => {
    dir = tmpDir('dj-demo-');
    db = path.join(dir, 'demo.db');
    run = runCli(['--db', db, 'demo', '--scale', 'district'], { timeout: 120000 });
    assert.equal(run.status, 0, run.stderr);
    srv = await startServer({ dbPath: db });
    admin = await loginAs(srv, 'admin');
  });
  after(async () => {
    await srv?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints the counts and the six demo accounts', () => {
    assert.match(run.stdout, /已写入演示数据：\d+ 个组织、\d+ 名党员/);
    for (const u of ACCOUNTS) assert.match(run.stdout, new RegExp(`^  ${u}\\s`, 'm'), u);
    assert.match(run.stdout, /Demo@2026/);
  });

  it('has about 250 organisations and 6,000 members (within 20%)', () => {
    const orgs = Number(sql(db, 'SELECT count(*) FROM orgs'));
    const members = Number(sql(db, 'SELECT count(*) FROM members'));
    assert.ok(orgs >= 200 && orgs <= 300, `organisations: ${orgs}`);
    assert.ok(members >= 4800 && members <= 7200, `members: ${members}`);
    const domains = sql(db, "SELECT group_concat(DISTINCT domain) FROM orgs WHERE status = 'active'").split(',');
    for (const d of ['rural', 'community', 'organ', 'school', 'hospital', 'soe', 'private', 'social_org'])
      assert.ok(domains.includes(d), `domain ${d}`);
  });

  it('keeps no ID number or phone number in plaintext in the database file', async () => {
    const r = await admin.get('/api/members/1?unmasked=1');
    assert.equal(r.status, 200, r.text);
    const known = r.body.id_number;
    const phone = r.body.phone;
    assert.ok(validIdNumber(known), known);
    for (const f of [db, `${db}-wal`]) {
      if (!fs.existsSync(f)) continue;
      const text = fs.readFileSync(f).toString('latin1');
      assert.ok(!text.includes(known), `${path.basename(f)} holds ${known}`);
      if (phone) assert.ok(!text.includes(phone), `${path.basename(f)} holds ${phone}`);
      // not inside a hex blind index or token (11 random hex characters are all digits
      // often enough in 6,000 of them), nor a timestamp
      const ids = (text.match(/(?<![0-9a-fA-F])\d{17}[\dX](?![0-9a-fA-F])/g) ?? []).filter(validIdNumber);
      assert.deepEqual(ids, [], `ID-like numbers in ${path.basename(f)}`);
      const phones = text.match(/(?<![0-9a-fA-F])19[89]\d{8}(?![0-9a-fA-F])/g) ?? [];
      assert.deepEqual(phones, [], `phone numbers in ${path.basename(f)}`);
    }
    assert.equal(sql(db, "SELECT count(*) FROM members WHERE id_enc NOT LIKE 'v1:%'"), '0');
  });

  it('ID numbers read back through the API are valid, agree with the row and can be looked up', async () => {
    const ids = sql(db, 'SELECT id FROM members ORDER BY (id * 7919) % 1009 LIMIT 25').split('\n').map(Number);
    for (const id of ids) {
      const r = await admin.get(`/api/members/${id}?unmasked=1`);
      assert.equal(r.status, 200, r.text);
      const m = r.body;
      assert.ok(validIdNumber(m.id_number), `${id}: ${m.id_number}`);
      assert.ok(m.id_number.startsWith('14'), `a 山西 county code: ${m.id_number}`);
      const s = m.id_number;
      assert.equal(m.birth_date, `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`);
      assert.equal(m.gender, Number(s[16]) % 2 === 1 ? '1' : '2');
      if (m.phone) assert.match(m.phone, /^19[89]\d{8}$/, 'clearly synthetic phones');
    }
    const one = await admin.get(`/api/members/${ids[3]}?unmasked=1`);
    const found = await admin.post('/api/members/lookup', { id_number: one.body.id_number });
    assert.equal(found.status, 200, found.text);
    assert.deepEqual(found.body.items.map((m) => m.id), [ids[3]]);
  });

  it('has no two active records with the same ID number', () => {
    const [n, distinct] = sql(
      db,
      "SELECT count(*) || ',' || count(DISTINCT id_blind) FROM members WHERE status NOT IN ('left', 'deceased')",
    ).split(',');
    assert.equal(distinct, n);
  });

  it('dates obey the member rules', () => {
    const rows = sql(db, 'SELECT birth_date b, joined_on j, confirmed_on c, category k FROM members', { json: true });
    const t = today();
    let probationary = 0;
    for (const m of rows) {
      assert.ok(m.j >= addYears(m.b, 18), `joined at 18 or later: ${JSON.stringify(m)}`);
      assert.ok(m.j <= t && m.b <= t);
      if (m.k === 'full') {
        assert.ok(m.c, `a 正式党员 has a 转正日期: ${JSON.stringify(m)}`);
        assert.ok(m.c >= addYears(m.j, 1) && m.c <= addYears(m.j, 2), `转正 window: ${JSON.stringify(m)}`);
        assert.ok(m.c <= t);
      } else {
        assert.equal(m.k, 'probationary');
        assert.equal(m.c, null, `a 预备党员 has no 转正日期: ${JSON.stringify(m)}`);
        probationary++;
      }
    }
    assert.ok(probationary > 0 && probationary < rows.length / 10, `预备党员: ${probationary}`);
  });

  it('the deliberate problems are in the data and the findings page shows them', async () => {
    const one = (q) => Number(sql(db, q));
    assert.equal(one('SELECT count(*) FROM (SELECT org_id FROM members GROUP BY org_id HAVING count(*) = 2)'), 1, 'branch of 2');
    assert.equal(one("SELECT count(*) FROM org_posts WHERE post = 'secretary' AND end_on IS NOT NULL"), 1, 'expired 书记');
    assert.equal(
      one("SELECT count(*) FROM org_posts p JOIN orgs o ON o.id = p.org_id WHERE o.domain = 'organ' AND o.kind = 'branch' AND p.post = 'secretary' AND p.principal_leader = 0"),
      1,
      '机关 书记 not the principal leader',
    );
    assert.equal(one('SELECT max(n) FROM (SELECT count(*) n FROM units WHERE joint_org_id IS NOT NULL GROUP BY joint_org_id)'), 6, 'joint branch of 6 units');
    assert.equal(one('SELECT count(*) FROM units WHERE org_id IS NULL AND joint_org_id IS NULL AND full_members >= 3'), 1, '应建未建');
    assert.equal(
      one("SELECT count(*) FROM orgs o WHERE kind = 'general_branch' AND (SELECT count(*) FROM members m WHERE m.org_path >= o.path AND m.org_path < o.path || '~') < 50"),
      1,
      '总支 below 50',
    );
    const root = one('SELECT id FROM orgs WHERE parent_id IS NULL');
    const f = await admin.get(`/api/orgs/${root}/findings`);
    assert.equal(f.status, 200, f.text);
    assert.ok(Array.isArray(f.body.items) && f.body.items.length >= 8, `findings: ${f.text.slice(0, 300)}`);
  });

  it('every demo account logs in with the demo password and sees its own scope', async () => {
    for (const u of ACCOUNTS) await loginAs(srv, u, DEMO_PASSWORD);
    const root = Number(sql(db, 'SELECT id FROM orgs WHERE parent_id IS NULL'));
    const zzb = await loginAs(srv, 'zzb');
    assert.equal((await zzb.get(`/api/orgs/${root}`)).status, 200);
    const chengdong = await loginAs(srv, 'chengdong');
    assert.equal((await chengdong.get(`/api/orgs/${root}`)).status, 403, 'a street admin does not see the district');
    const me = await loginAs(srv, 'dangyuan');
    const self = await me.get('/api/me/member');
    assert.equal(self.status, 200, self.text);
    assert.equal(Number(sql(db, "SELECT member_id FROM users WHERE username = 'dangyuan'")), self.body.id);
    assert.equal(Number(sql(db, `SELECT user_id FROM members WHERE id = ${self.body.id}`)), Number(sql(db, "SELECT id FROM users WHERE username = 'dangyuan'")));
    assert.match(run.stdout, new RegExp(`dangyuan\\s+党员：${self.body.name}`));
  });

  it('running demo again on the filled database changes nothing', () => {
    const state = () =>
      sql(db, "SELECT (SELECT count(*) FROM orgs) || ',' || (SELECT count(*) FROM members) || ',' || (SELECT count(*) FROM users) || ',' || (SELECT count(*) FROM audit_log)");
    const before = state();
    const again = runCli(['--db', db, 'demo', '--scale', 'district']);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /已有数据/);
    assert.equal(state(), before);
    const bare = runCli(['--db', db, 'demo']);
    assert.equal(bare.status, 0, bare.stderr);
    assert.equal(state(), before);
  });
});

describe('demo --scale test', () => {
  it('is the fixed fixture: 8 organisations, the 5 accounts, no members', () => {
    const dir = tmpDir('dj-demo-test-');
    try {
      const db = path.join(dir, 't.db');
      const r = runCli(['--db', db, 'demo', '--scale', 'test']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(
        sql(db, "SELECT group_concat(code || ':' || name || ':' || kind, ';') FROM (SELECT * FROM orgs ORDER BY id)"),
        [
          '100000000001:示范区委:committee',
          '100000000002:城东街道党工委:work_committee',
          '100000000003:城西街道党工委:work_committee',
          '100000000004:幸福社区党委:community_committee',
          '100000000005:幸福社区第一网格党支部:grid_branch',
          '100000000006:幸福社区第二网格党支部:grid_branch',
          '100000000007:城西街道机关党支部:branch',
          '100000000008:城西新兴产业园联合党支部:joint_branch',
        ].join(';'),
      );
      assert.equal(sql(db, 'SELECT group_concat(username) FROM (SELECT username FROM users ORDER BY id)'), 'admin,zzb,chengdong,shuji,shenji');
      assert.equal(sql(db, 'SELECT count(*) FROM members'), '0');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown scale and a bad seed with exit 2', () => {
    const dir = tmpDir('dj-demo-bad-');
    try {
      const db = path.join(dir, 'b.db');
      const r = runCli(['--db', db, 'demo', '--scale', 'galaxy']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /galaxy/);
      assert.equal(runCli(['--db', db, 'demo', '--seed', 'abc']).status, 2);
      assert.ok(!fs.existsSync(db) || sql(db, 'SELECT count(*) FROM orgs') === '0');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
