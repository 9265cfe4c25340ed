// remind.test.mjs - 政治生日 by month (scope, 02-29, statuses), the reminder
// scheduler from the CLI (recipients, idempotency, one audit row), the inbox
// API (own entries only, badge count, read, read-all), and the e-mail and
// webhook channels against small fake servers (success, retry with back-off,
// a dead gateway that never answers).
//
// Demo fixture (dangjian demo --scale test): orgs 1 /1/ (区委), 2 /1/2/ and
// 3 /1/3/ (党工委), 4 /1/2/4/ (社区党委), 5 /1/2/4/5/ and 6 /1/2/4/6/ (网格党支部),
// 7 /1/3/7/ (党支部); users admin, zzb (org_admin 1), chengdong (org_admin 2),
// shuji (branch_admin 5), shenji (auditor 1). ID numbers are synthetic.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { assertError, auditCount, DJ_BIN, hasChinese, loginAs, runCli, sql, startServer } from './lib.mjs';

function checkChar(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * w[i];
  return '10X98765432'[s % 11];
}
let seq = 300;
function idcard(birth) {
  seq += 2;
  const first17 = '990101' + birth.replace(/-/g, '') + String(seq + 1).padStart(3, '0');
  return first17 + checkChar(first17);
}

/* The CLI without blocking the event loop (the fake servers live in this process). */
function runCliAsync(args, env = {}) {
  return new Promise((resolve) => {
    const p = spawn(DJ_BIN, args, { env: { ...process.env, DJ_LOG_LEVEL: 'error', ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

/* A fake SMTP relay: records each session's commands and message. */
function fakeSmtp() {
  const sessions = [];
  const server = net.createServer((sock) => {
    const s = { commands: [], data: '' };
    sessions.push(s);
    let buf = '';
    let inData = false;
    sock.write('220 fake.relay ESMTP\r\n');
    sock.on('data', (d) => {
      buf += d.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          s.data = buf.slice(0, end + 2);
          buf = buf.slice(end + 5);
          inData = false;
          sock.write('250 2.0.0 queued\r\n');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        s.commands.push(line);
        if (/^EHLO/i.test(line)) sock.write('250-fake.relay\r\n250 8BITMIME\r\n');
        else if (/^DATA/i.test(line)) {
          inData = true;
          sock.write('354 go ahead\r\n');
        } else if (/^QUIT/i.test(line)) sock.end('221 bye\r\n');
        else sock.write('250 ok\r\n');
      }
    });
    sock.on('error', () => {});
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, sessions, port: server.address().port })));
}

/* A fake webhook gateway answering with `status` (changeable). */
function fakeHook() {
  const hook = { posts: [], status: 200 };
  hook.server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      hook.posts.push({ method: req.method, url: req.url, type: req.headers['content-type'], body: JSON.parse(body) });
      res.writeHead(hook.status, { 'Content-Type': 'text/plain' });
      res.end('x');
    });
  });
  return new Promise((resolve) => hook.server.listen(0, '127.0.0.1', () => {
    hook.port = hook.server.address().port;
    resolve(hook);
  }));
}

/* Accepts connections and never answers. */
function deadGateway() {
  const socks = [];
  const server = net.createServer((s) => {
    socks.push(s);
    s.on('error', () => {});
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    port: server.address().port,
    close: () => { socks.forEach((s) => s.destroy()); server.close(); },
  })));
}

describe('reminders', () => {
  let srv;
  let admin;
  let shuji;
  let zzb;
  let chengdong;
  const m = {}; // name -> member id
  let ownUser;

  before(async () => {
    srv = await startServer({ env: { DJ_REMIND_ENABLED: '0' } }); // runs are driven by the CLI here
    admin = await loginAs(srv, 'admin');
    shuji = await loginAs(srv, 'shuji');
    zzb = await loginAs(srv, 'zzb');
    chengdong = await loginAs(srv, 'chengdong');
    const add = async (name, org_id, joined_on, confirmed_on) => {
      const r = await admin.post('/api/members', { name, org_id, id_number: idcard('1980-05-12'), joined_on, confirmed_on, category: 'full' });
      assert.equal(r.status, 201, r.text);
      m[name] = r.body.id;
    };
    await add('闰日生', 5, '2012-02-29', '2013-02-28');
    await add('十一月', 5, '2010-11-30', '2011-11-30');
    await add('城西人', 7, '2008-11-28', '2009-11-28');
    await add('已故者', 5, '2009-11-29', '2010-11-29');
    sql(srv.dbPath, `UPDATE members SET status = 'deceased' WHERE id = ${m['已故者']}`);
    const u = await admin.post('/api/users', { username: 'shiyiyue', display_name: '十一月', password: 'Dangyuan@2026', role: 'member', org_id: 5, must_change_password: false });
    assert.equal(u.status, 201, u.text);
    ownUser = u.body.id;
    const l = await admin.post(`/api/members/${m['十一月']}/user`, { user_id: ownUser });
    assert.equal(l.status, 200, l.text);
  });

  after(async () => {
    if (srv) await srv.stop();
  });

  it('lists 政治生日 by month for a subtree, 02-29 on 02-28 in common years, without the dead', async () => {
    let r = await admin.get('/api/orgs/1/birthdays?month=2026-11');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items.map((i) => [i.name, i.date, i.years]), [['城西人', '2026-11-28', 18], ['十一月', '2026-11-30', 16]]);
    r = await admin.get('/api/orgs/1/birthdays?month=2026-02');
    assert.deepEqual(r.body.items.map((i) => [i.name, i.date, i.years]), [['闰日生', '2026-02-28', 14]]);
    r = await admin.get('/api/orgs/1/birthdays?month=2028-02');
    assert.deepEqual(r.body.items.map((i) => i.date), ['2028-02-29']);
    r = await shuji.get('/api/orgs/5/birthdays?month=2026-11');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.items.map((i) => i.name), ['十一月']);
    assert.equal(r.body.month, '2026-11');
  });

  it('refuses 政治生日 outside the subtree exactly like a missing organisation, and a bad month naming the field', async () => {
    const outside = await shuji.get('/api/orgs/7/birthdays?month=2026-11');
    const missing = await shuji.get('/api/orgs/999/birthdays?month=2026-11');
    assertError(outside, 403);
    assert.equal(outside.text, missing.text);
    assertError(await admin.get('/api/orgs/1/birthdays?month=2026-13'), 400, { field: 'month' });
    assertError(await admin.get('/api/orgs/1/birthdays?month=2026-1'), 400, { field: 'month' });
  });

  it('birthdays on the command line', () => {
    const r = runCli(['--db', srv.dbPath, 'birthdays', '--org', '5', '--month', '2026-02']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /闰日生/);
    assert.match(r.stdout, /2026-02-28/);
    const bad = runCli(['--db', srv.dbPath, 'birthdays', '--org', '5', '--month', '2026/02']);
    assert.notEqual(bad.status, 0);
    assert.ok(hasChinese(bad.stderr));
  });

  it('remind run tells the right users once, however often it runs', async () => {
    const audit0 = auditCount(srv.dbPath);
    // 政治生日 only: the other sources (meetings due …) have their own tests
    let r = runCli(['--db', srv.dbPath, 'remind', 'run', '--date', '2026-11-23', '--source', 'birthday']);
    assert.equal(r.status, 0, r.stderr);
    // window [11-23, 11-30]: 城西人 (11-28, branch 7) and 十一月 (11-30, branch 5); not the dead member (11-29)
    const rows = sql(srv.dbPath, 'SELECT u.username || \':\' || i.key || \':\' || i.due FROM inbox i JOIN users u ON u.id = i.user_id ORDER BY 1');
    assert.deepEqual(rows.split('\n'), [
      `shiyiyue:member:${m['十一月']}:2026-11-30`,
      `shuji:member:${m['十一月']}:2026-11-30`,
      `zzb:member:${m['城西人']}:2026-11-28`,
    ]);
    assert.equal(auditCount(srv.dbPath), audit0 + 1);
    const a = sql(srv.dbPath, "SELECT after_json FROM audit_log WHERE action = 'remind.run'", { json: true });
    assert.equal(JSON.parse(a[0].after_json).created, 3);

    r = runCli(['--db', srv.dbPath, 'remind', 'run', '--date', '2026-11-23', '--source', 'birthday']);
    assert.equal(r.status, 0, r.stderr);
    r = runCli(['--db', srv.dbPath, 'remind', 'run', '--date', '2026-11-24', '--source', 'birthday']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sql(srv.dbPath, 'SELECT count(*) FROM inbox'), '3');
    assert.equal(auditCount(srv.dbPath), audit0 + 1, 'runs that create nothing write no audit row');
    const list = runCli(['--db', srv.dbPath, 'remind', 'list', '--user', 'shuji']);
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /十一月 政治生日（入党 16 周年）/);
  });

  it('the badge count and the inbox hold only the caller\'s own entries', async () => {
    let c = await shuji.get('/api/inbox/count');
    assert.equal(c.status, 200);
    assert.deepEqual(c.body, { unread: 1, total: 1 });
    c = await chengdong.get('/api/inbox/count');
    assert.deepEqual(c.body, { unread: 0, total: 0 });
    const l = await shuji.get('/api/inbox?unread=1');
    assert.equal(l.body.total, 1);
    const e = l.body.items[0];
    assert.equal(e.member_id, m['十一月']);
    assert.equal(e.org_id, 5);
    assert.equal(e.source, '政治生日');
    assert.equal(e.due, '2026-11-30');
    assert.equal(e.read, false);
    // someone else's entry answers exactly like a missing one, and changes nothing
    const other = await zzb.post(`/api/inbox/${e.id}/read`, {});
    const missing = await zzb.post('/api/inbox/999999/read', {});
    assertError(other, 404);
    assert.equal(other.text, missing.text);
    assert.equal((await shuji.get('/api/inbox/count')).body.unread, 1);
    assertError(await shuji.get('/api/inbox?limit=0'), 400, { field: 'limit' });
    assertError(await shuji.get('/api/inbox?unread=2'), 400, { field: 'unread' });

    const rd = await shuji.post(`/api/inbox/${e.id}/read`, {});
    assert.equal(rd.status, 200, rd.text);
    assert.deepEqual((await shuji.get('/api/inbox/count')).body, { unread: 0, total: 1 });
    assert.equal((await shuji.get('/api/inbox?unread=1')).body.total, 0);
    assert.equal((await shuji.get('/api/inbox')).body.items[0].read, true);

    const own = await loginAs(srv, 'shiyiyue', 'Dangyuan@2026');
    assert.equal((await own.get('/api/inbox/count')).body.unread, 1);
    const all = await own.post('/api/inbox/read-all', {});
    assert.equal(all.status, 200, all.text);
    assert.equal(all.body.changed, 1);
    assert.equal((await own.get('/api/inbox/count')).body.unread, 0);
  });

  it('each user sets their own e-mail address; a bad one names the field and writes nothing', async () => {
    const audit0 = auditCount(srv.dbPath);
    assertError(await shuji.put('/api/inbox/settings', { email: 'not an address' }), 400, { field: 'email' });
    assert.equal(auditCount(srv.dbPath), audit0);
    const r = await shuji.put('/api/inbox/settings', { email: 'shuji@example.org' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.email, 'shuji@example.org');
    assert.equal(auditCount(srv.dbPath), audit0 + 1);
    assert.equal((await zzb.get('/api/inbox/settings')).body.email, null);
  });

  it('sends e-mail and webhook copies to fake servers, retries a failed webhook with back-off', async () => {
    const smtp = await fakeSmtp();
    const hook = await fakeHook();
    try {
      hook.status = 500;
      const env = { DJ_SMTP_HOST: '127.0.0.1', DJ_SMTP_PORT: String(smtp.port), DJ_SMTP_FROM: 'dangjian@example.org',
        DJ_WEBHOOK_URL: `http://127.0.0.1:${hook.port}/sms/send`, DJ_REMIND_TIMEOUT_MS: '2000' };
      // 11-28 .. 12-05: 十一月 is told again on its day (11-30, stage day)
      const r = await runCliAsync(['--db', srv.dbPath, 'remind', 'run', '--date', '2026-11-30', '--source', 'birthday'], env);
      assert.equal(r.status, 0, r.stderr);
      // e-mail: only shuji has an address
      assert.equal(smtp.sessions.length, 1);
      const s = smtp.sessions[0];
      assert.ok(s.commands.includes('MAIL FROM:<dangjian@example.org>'), s.commands.join('|'));
      assert.ok(s.commands.includes('RCPT TO:<shuji@example.org>'), s.commands.join('|'));
      const subject = /Subject: =\?UTF-8\?B\?([^?]+)\?=/.exec(s.data);
      assert.ok(subject, s.data);
      assert.match(Buffer.from(subject[1], 'base64').toString('utf8'), /【政治生日】十一月 政治生日（入党 16 周年）/);
      assert.match(s.data, /日期：2026-11-30/);
      // webhook: the first POST failed (500); the rest of the channel waits for the next run
      assert.equal(hook.posts.length, 1);
      assert.equal(hook.posts[0].method, 'POST');
      assert.equal(hook.posts[0].url, '/sms/send');
      assert.match(hook.posts[0].type, /^application\/json/);
      assert.equal(hook.posts[0].body.due, '2026-11-30');
      let d = sql(srv.dbPath, "SELECT status, attempts, last_error, next_at - CAST(strftime('%s','now') AS INTEGER) AS wait FROM deliveries WHERE channel = 'webhook' AND attempts > 0", { json: true });
      assert.equal(d.length, 1);
      assert.equal(d[0].status, 'pending');
      assert.equal(d[0].attempts, 1);
      assert.match(d[0].last_error, /500/);
      assert.ok(d[0].wait > 30 && d[0].wait <= 60, `back-off of about a minute: ${d[0].wait}`);
      assert.equal(sql(srv.dbPath, "SELECT status FROM deliveries WHERE channel = 'email'"), 'sent');

      // the gateway recovers; once the back-off has passed, deliver sends all pending ones
      hook.status = 200;
      sql(srv.dbPath, 'UPDATE deliveries SET next_at = 0 WHERE status = \'pending\'');
      const again = await runCliAsync(['--db', srv.dbPath, 'remind', 'deliver'], env);
      assert.equal(again.status, 0, again.stderr);
      const n = Number(sql(srv.dbPath, "SELECT count(*) FROM deliveries WHERE channel = 'webhook'"));
      assert.equal(sql(srv.dbPath, "SELECT count(*) FROM deliveries WHERE status = 'sent' AND channel = 'webhook'"), String(n));
      assert.equal(hook.posts.length, 1 + n);
      assert.ok(hook.posts.some((p) => p.body.username === 'shiyiyue' && p.body.member_id === m['十一月']));
      // running again sends nothing more
      const third = await runCliAsync(['--db', srv.dbPath, 'remind', 'run', '--date', '2026-11-30', '--source', 'birthday'], env);
      assert.equal(third.status, 0, third.stderr);
      assert.equal(hook.posts.length, 1 + n);
      assert.equal(smtp.sessions.length, 1);
    } finally {
      smtp.server.close();
      hook.server.close();
    }
  });

  it('a gateway that never answers costs a timeout, not a hang, and gives up after the attempts', async () => {
    const dead = await deadGateway();
    try {
      const env = { DJ_WEBHOOK_URL: `http://127.0.0.1:${dead.port}/`, DJ_REMIND_TIMEOUT_MS: '300', DJ_REMIND_MAX_ATTEMPTS: '2' };
      // 12-13 .. 12-20: nothing new; a new item is needed: 城西人 told on its day next year
      const t0 = Date.now();
      let r = await runCliAsync(['--db', srv.dbPath, 'remind', 'run', '--date', '2027-11-21', '--source', 'birthday'], env);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
      let d = sql(srv.dbPath, "SELECT status, attempts, last_error FROM deliveries d JOIN inbox i ON i.id = d.inbox_id WHERE i.due LIKE '2027-%' AND d.attempts > 0", { json: true });
      assert.equal(d.length, 1, 'one attempt, the rest of the channel waits');
      assert.match(d[0].last_error, /timed out/);
      sql(srv.dbPath, "UPDATE deliveries SET next_at = 0 WHERE status = 'pending'");
      r = await runCliAsync(['--db', srv.dbPath, 'remind', 'deliver'], env);
      assert.equal(r.status, 0, r.stderr);
      d = sql(srv.dbPath, "SELECT status, attempts FROM deliveries d JOIN inbox i ON i.id = d.inbox_id WHERE i.due LIKE '2027-%' AND d.attempts = 2", { json: true });
      assert.equal(d.length, 1);
      assert.equal(d[0].status, 'failed');
    } finally {
      dead.close();
    }
  });

  it('the CLI explains itself in Chinese and rejects bad input', () => {
    const h = runCli(['remind', '--help']);
    assert.equal(h.status, 0);
    assert.match(h.stdout, /dangjian remind run/);
    const bad = runCli(['--db', srv.dbPath, 'remind', 'run', '--date', '2026-02-30']);
    assert.notEqual(bad.status, 0);
    assert.ok(hasChinese(bad.stderr));
    const email = runCli(['--db', srv.dbPath, 'remind', 'email', 'zzb', 'zzb@example.org']);
    assert.equal(email.status, 0, email.stderr);
    assert.equal(sql(srv.dbPath, "SELECT email FROM users WHERE username = 'zzb'"), 'zzb@example.org');
  });
});

describe('reminders inside serve', () => {
  it('the server runs the scheduler for today at start-up and stops cleanly', async () => {
    const srv = await startServer({ env: { DJ_TODAY: '2026-11-23' } });
    try {
      const admin = await loginAs(srv, 'admin');
      const r = await admin.post('/api/members', { name: '启动时', org_id: 5, id_number: idcard('1980-05-12'), joined_on: '2010-11-25', confirmed_on: '2011-11-25', category: 'full' });
      assert.equal(r.status, 201, r.text);
    } finally {
      await srv.stop({ keepDir: true });
    }
    assert.equal(srv.proc.exitCode, 0, 'SIGTERM ends serve with status 0');
    // a restart runs for today (DJ_TODAY) at once: the member added above is told about
    const again = await startServer({ dbPath: srv.dbPath, env: { DJ_TODAY: '2026-11-23' } });
    try {
      const shuji = await loginAs(again, 'shuji');
      let unread = 0;
      for (let i = 0; i < 50 && unread === 0; i++) {
        unread = (await shuji.get('/api/inbox/count')).body.unread;
        if (!unread) await new Promise((res) => setTimeout(res, 100));
      }
      const items = (await shuji.get('/api/inbox?limit=100')).body.items;
      assert.equal(items.filter((e) => e.source === '政治生日').length, 1);
    } finally {
      await again.stop();
    }
    // disabled: nothing runs
  });
});

describe('every registered source feeds the scheduler', () => {
  it('a full run files meetings due beside 政治生日; --source picks one; an unknown source is refused', async () => {
    const srv = await startServer({ env: { DJ_REMIND_ENABLED: '0' } });
    try {
      const bad = runCli(['--db', srv.dbPath, 'remind', 'run', '--date', '2026-11-23', '--source', 'nosuch']);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /没有提醒来源/);
      let r = runCli(['--db', srv.dbPath, 'remind', 'run', '--date', '2026-11-23', '--source', 'life.', '--no-deliver']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(sql(srv.dbPath, "SELECT COUNT(*) FROM inbox WHERE kind NOT LIKE 'life.%'"), '0');
      const life = Number(sql(srv.dbPath, 'SELECT COUNT(*) FROM inbox'));
      assert.ok(life > 0, 'branches of the test fixture hold no meetings: this month\'s are due');
      // the monthly items fall due on the month's last day, for the branch's own admins
      assert.equal(sql(srv.dbPath, "SELECT COUNT(*) FROM inbox WHERE due <> '2026-11-30' AND kind IN ('life.committee', 'life.theme_day')"), '0');
      r = runCli(['--db', srv.dbPath, 'remind', 'run', '--date', '2026-11-23', '--no-deliver']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(Number(sql(srv.dbPath, "SELECT COUNT(*) FROM inbox WHERE kind LIKE 'life.%'")), life, 'idempotent across runs');
    } finally {
      await srv.stop();
    }
  });
});

describe('待办与预警 of a subtree', () => {
  let srv;
  before(async () => {
    srv = await startServer({ env: { DJ_REMIND_ENABLED: '0', DJ_TODAY: '2026-11-23' } });
  });
  after(() => srv?.stop());

  it('lists every source for the subtree, overdue first; INFO only on request; 403 outside', async () => {
    const shuji = await loginAs(srv, 'shuji'); // branch 5
    const zzb = await loginAs(srv, 'zzb');
    let r = await shuji.get('/api/orgs/5/todo?from=2026-11-01&to=2026-12-31');
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.items.length > 0);
    assert.ok(r.body.items.every((i) => i.org_id === 5), 'only the branch itself');
    assert.ok(r.body.items.some((i) => i.kind === 'life.theme_day' && i.due === '2026-11-30' && i.source === '组织生活'));
    assert.ok(r.body.items.every((i) => i.level !== 'info'));
    const wide = await zzb.get('/api/orgs/1/todo?from=2026-11-01&to=2026-12-31');
    assert.equal(wide.status, 200, wide.text);
    assert.ok(wide.body.items.some((i) => i.org_id !== 5), 'the district sees its other branches');
    const order = wide.body.items.map((i) => (i.level === 'overdue' ? '0' : '1') + i.due);
    assert.deepEqual(order, [...order].sort(), 'overdue first, then by due date');
    // outside the subtree: the same answer as a missing organisation
    const other = await shuji.get('/api/orgs/6/todo');
    const missing = await shuji.get('/api/orgs/999999/todo');
    assertError(other, 403);
    assert.equal(other.text, missing.text);
    assertError(await shuji.get('/api/orgs/5/todo?from=2026-02-30'), 400, { field: 'from' });
    assertError(await shuji.get('/api/orgs/5/todo?from=2025-01-01&to=2026-12-31'), 400, { field: 'to' });
    assertError(await shuji.get('/api/orgs/5/todo?info=2'), 400, { field: 'info' });
  });
});
