// meta.test.mjs - GET /api/meta: the record descriptors and dictionaries the UI builds forms from.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, startServer } from './lib.mjs';

describe('GET /api/meta', () => {
  let srv;
  let meta;
  before(async () => {
    srv = await startServer();
    const res = await fetch(`${srv.url.replace(/\/$/, "")}/api/meta`);
    assert.equal(res.status, 200);
    meta = await res.json();
  });
  after(() => srv?.stop());

  it('describes the organisation record with Chinese labels and flags', () => {
    const org = meta.records.org;
    assert.equal(org.label, '党组织');
    const byKey = Object.fromEntries(org.fields.map((f) => [f.key, f]));
    assert.equal(byKey.name.label, '党组织名称');
    assert.equal(byKey.name.required, true);
    assert.equal(byKey.name.max_len, 100);
    assert.equal(byKey.kind.type, 'dict');
    assert.equal(byKey.kind.dict, 'org_kind');
    assert.equal(byKey.id.readonly, true);
  });

  it('serves the dictionaries with national codes', () => {
    const nation = meta.dicts.nation;
    assert.equal(nation.label, '民族');
    assert.equal(nation.entries.length, 56);
    assert.deepEqual(nation.entries[0], { code: '01', label: '汉族' });
    assert.deepEqual(nation.entries[55], { code: '56', label: '基诺族' });
    const kinds = meta.dicts.org_kind.entries.map((e) => e.label);
    for (const k of ['党委', '党工委', '党总支', '党支部', '联合党支部', '临时党支部', '党小组']) assert.ok(kinds.includes(k), k);
    const domains = meta.dicts.domain.entries.map((e) => e.label);
    for (const d of ['农村', '社区', '机关', '事业单位', '国有企业', '非公有制企业', '社会组织', '学校', '医院', '其他']) assert.ok(domains.includes(d), d);
  });

  it('tells the login page the password policy', () => {
    assert.deepEqual(meta.password_policy, { min_length: 8, min_classes: 3 });
  });

  it('an unknown field in an organisation is rejected naming the field, using the descriptor', async () => {
    const c = new Client(srv.url);
    await c.login('admin', 'Demo@2026');
    const res = await c.post('/api/orgs', { parent_id: 1, name: '测试', kind: 'branch', secretary: 'x' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.field, 'secretary');
    const bad = await c.post('/api/orgs', { parent_id: 1, name: '测试', kind: 'nonsense' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'kind');
    assert.match(bad.body.error.message, /组织类别/);
  });
});
