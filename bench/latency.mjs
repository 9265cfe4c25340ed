// latency.mjs - per-request latency of the member search, ID look-up and
// subtree statistics endpoints, measured over HTTP against a running server
// (bench/city.sh starts it). Prints one JSON object: for each kind the
// count, p50, p95, p99, max and mean in milliseconds, and the inputs used
// (written to --inputs for bench/sqlbench.py, which times the same queries
// directly in SQLite).
//
//   node bench/latency.mjs --url http://127.0.0.1:PORT/ --db city.db --n 400 \
//        [--concurrency 1] [--inputs inputs.json]
//
// Inputs are sampled deterministically from the database with the sqlite3
// shell: member names of 3 characters (trigram search) and of 2 characters
// (prefix search), member ids whose ID numbers are read once unmasked as
// admin (audited) and then looked up, the root organisation and the
// 街道党工委 of the first district. Requests run over one keep-alive
// connection per worker; a warm-up pass of each kind is not counted.
import http from 'node:http';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
}

const base = new URL(arg('url'));
const dbPath = arg('db');
const N = Number(arg('n', '400'));
const concurrency = Number(arg('concurrency', '1'));
const inputsFile = arg('inputs');
const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(concurrency, 1) });

function sql(q) {
  const r = spawnSync('sqlite3', ['-batch', '-bail', '-cmd', '.timeout 5000', dbPath, q], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`);
  return r.stdout.trim().split('\n').filter((l) => l.length);
}

let cookie = '';
let csrf = '';

function request(method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const headers = { cookie };
    if (data) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(data.length);
    }
    if (method !== 'GET') headers['x-csrf-token'] = csrf;
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: base.hostname, port: base.port, method, path, headers, agent }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        const text = Buffer.concat(parts).toString('utf8');
        resolve({ status: res.statusCode, headers: res.headers, text, ms });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data ?? undefined);
  });
}

function pct(sorted, p) {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i] * 1000) / 1000;
}

function summary(times) {
  const s = [...times].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return {
    n: s.length,
    p50: pct(s, 50),
    p95: pct(s, 95),
    p99: pct(s, 99),
    max: pct(s, 100),
    mean: Math.round(mean * 1000) / 1000,
  };
}

/* Run `make(i)` -> [method, path, body] N times over `concurrency` workers; fail on a non-200. */
async function measure(label, make, n = N) {
  for (let i = 0; i < Math.min(20, n); i++) {
    const [m, p, b] = make(i);
    const r = await request(m, p, b);
    if (r.status !== 200) throw new Error(`${label}: ${m} ${p} -> ${r.status} ${r.text.slice(0, 200)}`);
  }
  const times = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const [m, p, b] = make(i);
      const r = await request(m, p, b);
      if (r.status !== 200) throw new Error(`${label}: ${m} ${p} -> ${r.status} ${r.text.slice(0, 200)}`);
      times.push(r.ms);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summary(times);
}

async function main() {
  const login = await request('POST', '/api/login', { username: 'admin', password: 'Demo@2026' });
  if (login.status !== 200) throw new Error(`login: ${login.text}`);
  cookie = String(login.headers['set-cookie']).split(';')[0];
  csrf = JSON.parse(login.text).csrf_token;

  const names3 = sql(
    "SELECT name FROM (SELECT DISTINCT name FROM members WHERE length(name) = 3) ORDER BY substr(name, 2) || name LIMIT 200",
  );
  const names2 = sql(
    "SELECT name FROM (SELECT DISTINCT name FROM members WHERE length(name) = 2) ORDER BY substr(name, 2) || name LIMIT 100",
  );
  const memberIds = sql('SELECT id FROM members ORDER BY (id * 7919) % 100003 LIMIT 200').map(Number);
  const root = sql('SELECT id || ' + "'|'" + ' || path FROM orgs WHERE parent_id IS NULL')[0].split('|');
  const streets = sql(
    "SELECT id || '|' || path FROM orgs WHERE kind = 'work_committee' AND domain = 'community' ORDER BY id LIMIT 10",
  ).map((l) => l.split('|'));

  const idNumbers = [];
  for (const id of memberIds) {
    const r = await request('GET', `/api/members/${id}?unmasked=1`);
    if (r.status !== 200) throw new Error(`member ${id}: ${r.text}`);
    idNumbers.push(JSON.parse(r.text).id_number);
  }

  const results = {
    search_trigram: await measure('search', (i) => ['GET', `/api/members?q=${encodeURIComponent(names3[i % names3.length])}&limit=20`]),
    search_short: await measure('search2', (i) => ['GET', `/api/members?q=${encodeURIComponent(names2[i % names2.length])}&limit=20`]),
    lookup: await measure('lookup', (i) => ['POST', '/api/members/lookup', { id_number: idNumbers[i % idNumbers.length] }]),
    stats_city: await measure('stats-root', () => ['GET', `/api/orgs/${root[0]}/stats`], Math.min(N, 200)),
    stats_street: await measure('stats-street', (i) => ['GET', `/api/orgs/${streets[i % streets.length][0]}/stats`]),
  };
  if (inputsFile) {
    const blinds = memberIds.map((id) => sql(`SELECT id_blind FROM members WHERE id = ${id}`)[0]);
    fs.writeFileSync(
      inputsFile,
      JSON.stringify({ names3, names2, member_ids: memberIds, blinds, root_path: root[1], street_paths: streets.map((s) => s[1]) }),
    );
  }
  console.log(JSON.stringify({ layer: 'http', concurrency, ...results }, null, 1));
  agent.destroy();
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
