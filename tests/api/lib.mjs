// lib.mjs - helpers for the API tests: start the real server against a
// temporary database, drive the CLI, talk HTTP with a cookie jar, and look
// at the database directly through the sqlite3 command-line shell.
//
// Every server gets its own temporary directory (fs.mkdtempSync) holding the
// database, its key file and a tiny web root; stop() kills the process and
// removes the directory. Nothing here needs an npm package.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEMO_PASSWORD = 'Demo@2026';

/* The binary: $DJ_BIN (relative to the working directory, else to the repo root), or build/dangjian. */
function findBinary() {
  const given = process.env.DJ_BIN;
  if (given) {
    if (path.isAbsolute(given)) return given;
    const fromCwd = path.resolve(process.cwd(), given);
    if (fs.existsSync(fromCwd)) return fromCwd;
    return path.resolve(REPO_ROOT, given);
  }
  return path.resolve(REPO_ROOT, 'build', 'dangjian');
}
export const DJ_BIN = findBinary();

/* Quiet logs unless the caller asks otherwise. */
const BASE_ENV = { DJ_LOG_LEVEL: 'warn' };

/* Processes still running when node exits are killed, so a failing test leaves no server behind. */
const live = new Set();
process.on('exit', () => {
  for (const p of live) {
    try {
      p.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

export function tmpDir(prefix = 'dj-api-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/* True when s contains at least one CJK ideograph (our error messages are Chinese). */
export function hasChinese(s) {
  return typeof s === 'string' && /[\u4e00-\u9fff]/.test(s);
}

// ---- CLI ---------------------------------------------------------------------

/*
 * Run the binary synchronously. args is the argument list (put '--db', path
 * first yourself); opts.input is written to stdin (passwords), opts.env is
 * merged into the environment. Returns {status, stdout, stderr, signal}.
 */
export function runCli(args, { input, env = {}, cwd, timeout = 30000 } = {}) {
  const r = spawnSync(DJ_BIN, args, {
    input: input ?? '',
    env: { ...process.env, ...BASE_ENV, ...env },
    cwd,
    encoding: 'utf8',
    timeout,
  });
  // EPIPE: the program exited (e.g. rejected its arguments) before reading stdin; its answer stands.
  if (r.error && !(r.error.code === 'EPIPE' && (r.status !== null || r.signal !== null))) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/* Template database with the demo data, made once per process and copied for each server. */
let template = null;
function demoTemplate() {
  if (template && fs.existsSync(template.db)) return template;
  const dir = tmpDir('dj-api-template-');
  const db = path.join(dir, 'demo.db');
  const r = runCli(['--db', db, 'demo', '--scale', 'test']);
  if (r.status !== 0) throw new Error(`dangjian demo failed (${r.status}): ${r.stderr}`);
  template = { dir, db };
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return template;
}

/* A fresh copy of the demo database (and its key file) at dir/name. Returns the path. */
export function demoDb(dir, name = 'test.db') {
  const t = demoTemplate();
  const dest = path.join(dir, name);
  for (const suffix of ['', '.key', '-wal', '-shm']) {
    if (fs.existsSync(t.db + suffix)) fs.copyFileSync(t.db + suffix, dest + suffix);
  }
  fs.chmodSync(dest + '.key', 0o600);
  return dest;
}

// ---- server ------------------------------------------------------------------

export const INDEX_HTML = '<!doctype html><title>测试首页</title><p>dj-test-index</p>\n';

/*
 * Start `dangjian --db DB serve --port 0` and wait for its "listening on" line.
 *   env     extra environment (DJ_LOCKOUT_ATTEMPTS, DJ_JSON_MAX, ...)
 *   dbPath  serve this existing database instead of a fresh demo copy
 *   demo    false: start from an empty database (migrated by serve itself)
 * Returns {url, port, dbPath, dir, proc, stop(), output()}.
 */
export async function startServer({ env = {}, dbPath, demo = true } = {}) {
  let dir = null;
  if (!dbPath) {
    dir = tmpDir();
    if (demo) {
      dbPath = demoDb(dir);
    } else {
      dbPath = path.join(dir, 'empty.db');
      const r = runCli(['--db', dbPath, 'init']);
      if (r.status !== 0) throw new Error(`dangjian init failed: ${r.stderr}`);
    }
  }
  const webRoot = path.join(dir ?? path.dirname(dbPath), 'web');
  if (!fs.existsSync(webRoot)) {
    fs.mkdirSync(webRoot, { recursive: true });
    fs.writeFileSync(path.join(webRoot, 'index.html'), INDEX_HTML);
    fs.writeFileSync(path.join(webRoot, 'app.css'), 'body { color: #b00; }\n');
  }
  const proc = spawn(DJ_BIN, ['--db', dbPath, 'serve', '--port', '0'], {
    env: { ...process.env, ...BASE_ENV, DJ_WEB_ROOT: webRoot, DJ_THREADS: '4', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(proc);
  let stdout = '';
  let stderr = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => {
    live.delete(proc);
    resolve({ code, signal });
  }));

  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 10 s: ${stderr}`)), 10000);
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (d) => {
      stdout += d;
      const m = /^listening on http:\/\/127\.0\.0\.1:(\d+)\/\r?\n/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening (code ${code}, signal ${signal}): ${stderr}`));
    });
  });

  const server = {
    url: `http://127.0.0.1:${port}`,
    port,
    dbPath,
    dir,
    webRoot,
    proc,
    exited,
    output: () => ({ stdout, stderr }),
    /* SIGTERM (SIGKILL after 5 s), then remove the temporary directory unless keepDir. */
    async stop({ keepDir = false } = {}) {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      if (dir && !keepDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

// ---- HTTP --------------------------------------------------------------------

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/*
 * A browser-like client: keeps cookies from Set-Cookie, remembers the CSRF
 * token from the login answer and sends it as X-CSRF-Token on mutating
 * requests. Every call resolves to {status, headers, text, body} where body
 * is the parsed JSON (or null).
 */
export class Client {
  constructor(base) {
    this.base = base.replace(/\/$/, '');
    this.cookies = new Map();
    this.cookieAttrs = new Map();
    this.csrf = null;
    this.me = null;
  }

  /* Parse Set-Cookie headers into the jar; Max-Age<=0 or an empty value deletes. */
  storeCookies(headers) {
    const list = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [];
    for (const sc of list) {
      const [pair, ...attrs] = sc.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const parsed = {};
      for (const a of attrs) {
        const i = a.indexOf('=');
        const k = (i < 0 ? a : a.slice(0, i)).toLowerCase();
        parsed[k] = i < 0 ? true : a.slice(i + 1);
      }
      this.cookieAttrs.set(name, { raw: sc, value, attrs: parsed });
      if (value === '' || (parsed['max-age'] !== undefined && Number(parsed['max-age']) <= 0)) {
        this.cookies.delete(name);
      } else {
        this.cookies.set(name, value);
      }
    }
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /*
   * opts.json: body to JSON-encode (sets Content-Type: application/json);
   * opts.body: raw body; opts.headers: extra headers;
   * opts.csrf: false to omit X-CSRF-Token, a string to send that instead.
   */
  async request(method, p, { json, body, headers = {}, csrf = true } = {}) {
    const h = { ...headers };
    if (this.cookies.size && h.cookie === undefined) h.cookie = this.cookieHeader();
    const mutating = !['GET', 'HEAD', 'OPTIONS'].includes(method);
    if (mutating && csrf !== false) {
      const token = typeof csrf === 'string' ? csrf : this.csrf;
      if (token) h['x-csrf-token'] = token;
    }
    if (json !== undefined) {
      body = JSON.stringify(json);
      if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
    }
    const res = await fetch(this.base + p, { method, headers: h, body, redirect: 'manual' });
    this.storeCookies(res.headers);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: parseJson(text) };
  }

  get(p, opts) {
    return this.request('GET', p, opts);
  }
  post(p, json, opts = {}) {
    return this.request('POST', p, { ...opts, json });
  }
  put(p, json, opts = {}) {
    return this.request('PUT', p, { ...opts, json });
  }
  delete(p, opts) {
    return this.request('DELETE', p, opts);
  }

  /* POST /api/login; on 200 remembers the CSRF token and the user. Returns the response. */
  async login(username, password) {
    const r = await this.post('/api/login', { username, password });
    if (r.status === 200) {
      this.csrf = r.body.csrf_token;
      this.me = r.body;
    }
    return r;
  }

  async logout() {
    return this.post('/api/logout', {});
  }
}

/* A client logged in as `user` (demo password by default); fails the test otherwise. */
export async function loginAs(server, user, password = DEMO_PASSWORD) {
  const c = new Client(server.url);
  const r = await c.login(user, password);
  assert.equal(r.status, 200, `login as ${user}: ${r.text}`);
  assert.ok(c.cookies.get('dj_session'), 'session cookie set');
  return c;
}

/*
 * Send exact bytes with node:http (no URL normalisation, no automatic
 * Content-Type). opts: method, path, headers, body (Buffer|string),
 * chunked (send with Transfer-Encoding: chunked, in pieces of chunkSize).
 * Resolves to {status, headers, text, body}; a connection reset after the
 * response arrived is ignored.
 */
export function rawRequest(server, { method = 'GET', path: p = '/', headers = {}, body, chunked = false, chunkSize = 1024 } = {}) {
  return new Promise((resolve, reject) => {
    const buf = body === undefined ? null : Buffer.isBuffer(body) ? body : Buffer.from(body);
    const h = { ...headers };
    if (buf && !chunked && h['content-length'] === undefined) h['content-length'] = String(buf.length);
    if (chunked) h['transfer-encoding'] = 'chunked';
    let answered = false;
    const req = http.request({ host: '127.0.0.1', port: server.port, method, path: p, headers: h, agent: false });
    req.on('response', (res) => {
      answered = true;
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        resolve({ status: res.statusCode, headers: res.headers, text, body: parseJson(text) });
      });
      res.on('error', reject);
    });
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    if (buf && chunked) {
      for (let i = 0; i < buf.length; i += chunkSize) req.write(buf.subarray(i, i + chunkSize));
      req.end();
    } else {
      req.end(buf ?? undefined);
    }
  });
}

// ---- database ----------------------------------------------------------------

/* Run SQL through the sqlite3 shell; returns {status, stdout, stderr}. */
export function sqlTry(dbPath, query, { json = false } = {}) {
  const args = ['-batch', '-bail', '-cmd', '.timeout 5000'];
  if (json) args.push('-json');
  args.push(dbPath, query);
  const r = spawnSync('sqlite3', args, { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/* Run SQL; throws on failure; returns trimmed text output (or parsed rows with {json: true}). */
export function sql(dbPath, query, { json = false } = {}) {
  const r = sqlTry(dbPath, query, { json });
  if (r.status !== 0) throw new Error(`sqlite3 failed (${r.status}): ${r.stderr}\n${query}`);
  if (json) return r.stdout.trim() ? JSON.parse(r.stdout) : [];
  return r.stdout.trim();
}

export function auditCount(dbPath) {
  return Number(sql(dbPath, 'SELECT count(*) FROM audit_log'));
}

/* Row counts of the tables a write would touch. */
export function counts(dbPath) {
  const [audit, orgs, users, roles] = sql(
    dbPath,
    "SELECT (SELECT count(*) FROM audit_log) || ',' || (SELECT count(*) FROM orgs) || ',' || " +
      "(SELECT count(*) FROM users) || ',' || (SELECT count(*) FROM user_roles)",
  )
    .split(',')
    .map(Number);
  return { audit, orgs, users, roles };
}

/* SQL string literal. */
export function q(s) {
  return `'${String(s).replace(/'/g, "''")}'`;
}

// ---- assertions --------------------------------------------------------------

/* The response is a JSON error with this status (and code/field when given) and a Chinese message. */
export function assertError(res, status, { code, field } = {}) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text}`);
  assert.ok(res.body && res.body.error, `JSON error body expected: ${res.text}`);
  if (code !== undefined) assert.equal(res.body.error.code, code, res.text);
  if (field !== undefined) assert.equal(res.body.error.field, field, res.text);
  assert.ok(hasChinese(res.body.error.message), `Chinese message expected: ${res.text}`);
  const ct = res.headers instanceof Headers ? res.headers.get('content-type') : res.headers['content-type'];
  assert.match(ct ?? '', /^application\/json/, 'error answers are JSON');
}
