// rules.test.mjs - the rule table over HTTP: listing with sources and tags,
// overriding local-practice (L/R) rules, refusing V/S ones, scope.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { auditCount, loginAs, startServer } from './lib.mjs';

const L_RULE = 'dev.activist.min_application_months';
const V_RULE = 'dev.activist.min_months';

describe('rules', () => {
  let srv;
  let admin;
  const leftovers = [];
  before(async () => {
    srv = await startServer();
    admin = await loginAs(srv, 'admin');
  });
  after(async () => {
    await srv?.stop();
    for (const d of leftovers) fs.rmSync(d, { recursive: true, force: true });
  });

  const find = (items, id) => items.find((r) => r.id === id);

  it('lists every rule with value, unit, tag and source', async () => {
    const res = await admin.get('/api/rules?date=2026-06-01');
    assert.equal(res.status, 200);
    assert.ok(res.body.items.length > 50);
    for (const r of res.body.items) {
      assert.match(r.tag, /^[VSRL]$/, r.id);
      assert.ok(r.source.length > 0, r.id);
      assert.equal(typeof r.value, 'number', r.id);
    }
    const v = find(res.body.items, V_RULE);
    assert.equal(v.value, 12);
    assert.equal(v.overridable, false);
    assert.equal(find(res.body.items, 'org.branch.min_full_members').value, 3);
  });

  it('rejects a bad date naming the field', async () => {
    const res = await admin.get('/api/rules?date=2026-02-30');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.field, 'date');
  });

  it('refuses to override a V rule, naming it, and writes nothing', async () => {
    const before = auditCount(srv.dbPath);
    const res = await admin.post('/api/rules/overrides', { rule_id: V_RULE, value: 6, effective_from: '2026-01-01' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.field, 'rule_id');
    assert.match(res.body.error.message, /不能覆盖/);
    assert.equal(auditCount(srv.dbPath), before);
  });

  it('overrides an L rule deployment-wide from a date, audited', async () => {
    const before = auditCount(srv.dbPath);
    const res = await admin.post('/api/rules/overrides', { rule_id: L_RULE, value: 4, effective_from: '2026-03-01', note: '测试' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(auditCount(srv.dbPath), before + 1);
    const dayBefore = find((await admin.get('/api/rules?date=2026-02-28')).body.items, L_RULE);
    const dayOf = find((await admin.get('/api/rules?date=2026-03-01')).body.items, L_RULE);
    assert.equal(dayBefore.value, dayBefore.default_value);
    assert.equal(dayOf.value, 4);
    assert.equal(dayOf.overridden, true);
  });

  it('refuses values outside the rule range', async () => {
    const res = await admin.post('/api/rules/overrides', { rule_id: L_RULE, value: -5, effective_from: '2026-03-01' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.field, 'value');
  });

  it('org admins override for their own 党工委 only; others are refused', async () => {
    const chengdong = await loginAs(srv, 'chengdong');
    const ok = await chengdong.post('/api/rules/overrides', { rule_id: L_RULE, org_id: 2, value: 3, effective_from: '2026-01-01' });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    const other = await chengdong.post('/api/rules/overrides', { rule_id: L_RULE, org_id: 3, value: 3, effective_from: '2026-01-01' });
    const missing = await chengdong.post('/api/rules/overrides', { rule_id: L_RULE, org_id: 9999, value: 3, effective_from: '2026-01-01' });
    assert.equal(other.status, 403);
    assert.deepEqual(other.body, missing.body);
    const global = await chengdong.post('/api/rules/overrides', { rule_id: L_RULE, value: 3, effective_from: '2026-01-01' });
    assert.equal(global.status, 403);
    const shuji = await loginAs(srv, 'shuji');
    const branch = await shuji.post('/api/rules/overrides', { rule_id: L_RULE, org_id: 5, value: 3, effective_from: '2026-01-01' });
    assert.equal(branch.status, 400);
    assert.equal(branch.body.error.field, 'org_id');
  });

  it('overrides survive a restart (loaded from the database)', async () => {
    const old = srv;
    await old.stop({ keepDir: true });
    leftovers.push(old.dir);
    srv = await startServer({ dbPath: old.dbPath });
    admin = await loginAs(srv, 'admin');
    const r = find((await admin.get('/api/rules?date=2026-06-01')).body.items, L_RULE);
    assert.equal(r.value, 4);
  });
});
