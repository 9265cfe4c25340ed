// compliance.mjs - latency of GET /api/orgs/{id}/compliance against a running
// server (bench/compliance.sh starts it), for the given organisations, and
// the time of the equivalent hand-written SQL aggregate run by the sqlite3
// shell on the same file. Prints one JSON object.
//
//   node bench/compliance.mjs --url http://127.0.0.1:PORT/ --db city.db --orgs 1,2 \
//        --from 2025-01-01 --to 2026-10-31 --n 40 [--core 1] [--sql 0]
import http from 'node:http';
import { spawnSync } from 'node:child_process';

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
}

const base = new URL(arg('url'));
const dbPath = arg('db');
const orgs = arg('orgs').split(',').map(Number);
const from = arg('from');
const to = arg('to');
const N = Number(arg('n', '40'));
const core = arg('core', '0');
const withSql = arg('sql', '1') !== '0'; // --sql 0: HTTP only
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let cookie = '';

function request(method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const headers = { cookie };
    if (data) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(data.length);
    }
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: base.hostname, port: base.port, method, path, headers, agent }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(parts).toString('utf8'),
        ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, p50: +q(0.5).toFixed(2), p95: +q(0.95).toFixed(2), max: +s[s.length - 1].toFixed(2) };
}

function sqlite(q) {
  const r = spawnSync('sqlite3', ['-batch', '-bail', dbPath], { input: q, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`);
  return r.stdout;
}

/*
 * The equivalent hand-written aggregate: per organisation and kind of the
 * subtree, the months with an approved record that reached its quorum, read
 * from the meetings themselves (index meetings_path), plus the per-member
 * 学时 and 谈心谈话 coverage per branch and year. Timed inside the sqlite3
 * shell (.timer on, real time), N runs after one warm-up.
 */
function sqlTimes(path, n) {
  const hi = path.slice(0, -1) + '0';
  const years = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) years.push(y);
  const q =
    `SELECT org_path, kind, COUNT(DISTINCT substr(held_on, 1, 7)), COUNT(*) FROM meetings ` +
    `WHERE org_path >= '${path}' AND org_path < '${hi}' AND held_on BETWEEN '${from}' AND '${to}' ` +
    `AND status = 'approved' AND quorum_ok = 1 GROUP BY org_path, kind;\n` +
    `SELECT org_path, year, COUNT(*), COUNT(*) FILTER (WHERE hours_ok >= 32), COUNT(*) FILTER (WHERE talks_ok >= 1) ` +
    `FROM life_member_year WHERE year IN (${years.join(', ')}) AND org_path >= '${path}' AND org_path < '${hi}' GROUP BY year, org_path;\n`;
  let script = '.output /dev/null\n' + q + '.timer on\n';
  for (let i = 0; i < n; i++) script += q;
  const out = sqlite(script);
  const times = [...out.matchAll(/Run Time: real ([0-9.]+)/g)].map((m) => Number(m[1]) * 1000);
  const per = [];
  for (let i = 0; i + 1 < times.length; i += 2) per.push(times[i] + times[i + 1]);
  return stats(per);
}

async function main() {
  let login;
  for (let i = 0; ; i++) {
    try {
      login = await request('POST', '/api/login', { username: 'admin', password: 'Demo@2026' });
      break;
    } catch (e) {
      if (i >= 20) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  // the server may still be busy with its start-up work on a large database
  for (let i = 0; login.status !== 200 && i < 60; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    login = await request('POST', '/api/login', { username: 'admin', password: 'Demo@2026' });
  }
  if (login.status !== 200) throw new Error(`login: ${login.text}`);
  cookie = String(login.headers['set-cookie']).split(';')[0];
  const out = { from, to, core: core === '1', orgs: [] };
  for (const id of orgs) {
    const path = sqlite(`SELECT path FROM orgs WHERE id = ${id};`).trim();
    const name = sqlite(`SELECT name FROM orgs WHERE id = ${id};`).trim();
    const url = `/api/orgs/${id}/compliance?from=${from}&to=${to}&limit=100&org_limit=200${core === '1' ? '&core=1' : ''}`;
    // the first request warms the page cache (a cold 1 GB file can outlast the connection timeout)
    let first;
    for (let i = 0; ; i++) {
      try {
        first = await request('GET', url);
        break;
      } catch (e) {
        if (i >= 3) throw e;
      }
    }
    if (first.status !== 200) throw new Error(`${url}: ${first.status} ${first.text.slice(0, 200)}`);
    const body = JSON.parse(first.text);
    const ms = [];
    for (let i = 0; i < N; i++) {
      const r = await request('GET', url);
      if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
      ms.push(r.ms);
    }
    const http = stats(ms);
    const sql = withSql ? sqlTimes(path, Math.max(5, Math.min(N, 20))) : { n: 0, p50: NaN, p95: NaN, max: NaN };
    out.orgs.push({ id, name, path, orgs_in_report: body.totals.orgs, gaps: body.totals.gaps, bytes: first.text.length,
      http, sql, ratio_p50: +(http.p50 / sql.p50).toFixed(2) });
  }
  console.log(JSON.stringify(out, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
