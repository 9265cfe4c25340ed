// crash.test.mjs - durability: SIGKILL the server while writes are in flight;
// every write acknowledged with 201 must survive, with its audit row, in a
// database that passes integrity_check and whose audit chain verifies.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, runCli, sleep, sql, startServer } from './lib.mjs';

const LOOPS = 8;
const KILL_AFTER_MS = 750;
const PARENT = 7;

describe('crash durability', () => {
  let first;
  let second;
  const acked = new Map(); // id -> name
  const unexpected = [];
  let inflightAtKill = 0;
  let failedRequests = 0;

  before(async () => {
    first = await startServer();
  });
  after(async () => {
    await second?.stop();
    await first?.stop();
  });

  it('SIGKILL during concurrent writes loses no acknowledged write', async (t) => {
    const admin = await loginAs(first, 'admin');
    let inflight = 0;
    let stop = false;

    async function loop(k) {
      for (let i = 0; !stop; i++) {
        const name = `崩溃测试-${k}-${i}`;
        inflight++;
        let r;
        try {
          r = await admin.post('/api/orgs', { parent_id: PARENT, name, kind: 'group' });
        } catch {
          failedRequests++;
          return; // the server is gone
        } finally {
          inflight--;
        }
        if (r.status === 201) acked.set(r.body.id, name);
        else unexpected.push(`${r.status} ${r.text}`);
      }
    }

    const loops = Array.from({ length: LOOPS }, (_, k) => loop(k));
    await sleep(KILL_AFTER_MS);
    inflightAtKill = inflight;
    first.proc.kill('SIGKILL');
    const { signal } = await first.exited;
    stop = true;
    await Promise.all(loops);

    assert.equal(signal, 'SIGKILL');
    assert.deepEqual(unexpected, [], 'every answered request succeeded');
    assert.ok(acked.size >= 10, `enough writes acknowledged before the kill (${acked.size})`);
    assert.ok(inflightAtKill > 0, 'requests were in flight when the server died');
    assert.ok(failedRequests > 0, 'some requests were cut off');

    // every acknowledged org is in the database, with the name we sent
    const rows = sql(first.dbPath, `SELECT id, name FROM orgs WHERE parent_id = ${PARENT}`, { json: true });
    const stored = new Map(rows.map((r) => [r.id, r.name]));
    t.diagnostic(`acknowledged ${acked.size}, stored ${stored.size}, in flight at the kill ${inflightAtKill}`);
    const lost = [...acked.keys()].filter((id) => stored.get(id) !== acked.get(id));
    assert.deepEqual(lost, [], `acknowledged but lost (${lost.length} of ${acked.size})`);
    // at most the requests in flight may have committed without an answer
    assert.ok(stored.size - acked.size <= inflightAtKill, `${stored.size} stored, ${acked.size} acknowledged`);

    // each org and its audit row were committed together
    const orphans = sql(
      first.dbPath,
      `SELECT count(*) FROM orgs o WHERE o.parent_id = ${PARENT} AND NOT EXISTS ` +
        `(SELECT 1 FROM audit_log a WHERE a.action = 'org.create' AND a.record_id = CAST(o.id AS TEXT))`,
    );
    assert.equal(orphans, '0', 'orgs without their audit row');
    const ghosts = sql(
      first.dbPath,
      `SELECT count(*) FROM audit_log a WHERE a.action = 'org.create' AND NOT EXISTS ` +
        `(SELECT 1 FROM orgs o WHERE CAST(o.id AS TEXT) = a.record_id)`,
    );
    assert.equal(ghosts, '0', 'audit rows for orgs that do not exist');

    assert.equal(sql(first.dbPath, 'PRAGMA integrity_check'), 'ok');
    assert.equal(sql(first.dbPath, 'PRAGMA foreign_key_check'), '');
    const v = runCli(['--db', first.dbPath, 'audit', 'verify']);
    assert.equal(v.status, 0, v.stdout + v.stderr);
  });

  it('a restarted server serves every acknowledged org', async () => {
    assert.ok(acked.size > 0, 'needs the previous test');
    second = await startServer({ dbPath: first.dbPath });
    const admin = await loginAs(second, 'admin');
    const kids = await admin.get(`/api/orgs?parent_id=${PARENT}`);
    assert.equal(kids.status, 200, kids.text);
    const served = new Map(kids.body.items.map((o) => [o.id, o.name]));
    for (const [id, name] of acked) assert.equal(served.get(id), name, `org ${id}`);
    const last = Math.max(...acked.keys());
    const one = await admin.get(`/api/orgs/${last}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.path, `/1/3/${PARENT}/${last}/`);
    // and keeps writing on the recovered chain
    const more = await admin.post('/api/orgs', { parent_id: PARENT, name: '重启后的小组', kind: 'group' });
    assert.equal(more.status, 201, more.text);
    const verify = await admin.get('/api/audit/verify');
    assert.equal(verify.body.intact, true, verify.text);
  });
});
