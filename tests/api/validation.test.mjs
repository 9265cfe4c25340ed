// validation.test.mjs - hostile and malformed input: every bad request gets
// the right 4xx with a JSON body and a Chinese message, and writes nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import {
  Client,
  INDEX_HTML,
  assertError,
  counts,
  hasChinese,
  loginAs,
  q,
  rawRequest,
  sql,
  startServer,
} from './lib.mjs';

const VALID = { parent_id: 7, name: '校验测试小组', kind: 'group' };

describe('malformed bodies on POST /api/orgs', () => {
  let srv;
  let admin;
  before(async () => {
    srv = await startServer();
    admin = await loginAs(srv, 'admin');
  });
  after(() => srv?.stop());

  /* POST exact bytes as the admin with the session cookie and CSRF token. */
  function post(body, { contentType = 'application/json', chunked = false, route = '/api/orgs' } = {}) {
    const headers = { cookie: admin.cookieHeader(), 'x-csrf-token': admin.csrf };
    if (contentType) headers['content-type'] = contentType;
    return rawRequest(srv, { method: 'POST', path: route, headers, body, chunked });
  }

  const withName = (raw) => `{"parent_id":7,"kind":"group","name":${raw}}`;
  const utf8Bad = (bytes) =>
    Buffer.concat([Buffer.from('{"parent_id":7,"kind":"group","name":"坏'), Buffer.from(bytes), Buffer.from('"}')]);
  let deep = '"x"';
  for (let i = 0; i < 40; i++) deep = `{"a":${deep}}`;

  // [description, body, expected status, expected error.field (undefined: not checked), message pattern]
  const cases = [
    ['malformed JSON', '{"name":"坏的","kind":"group"', 400, ''],
    ['top-level array', JSON.stringify([VALID]), 400, ''],
    ['top-level string', '"组织"', 400, ''],
    ['top-level null', 'null', 400, ''],
    ['trailing data', JSON.stringify(VALID) + ' {}', 400, ''],
    ['empty body', '', 400, ''],
    ['whitespace body', '   \n', 400, ''],
    ['duplicate keys', '{"parent_id":7,"kind":"group","name":"a","name":"b"}', 400, 'name', /name/],
    ['invalid UTF-8 (ff fe)', utf8Bad([0xff, 0xfe]), 400, '', /UTF-8/],
    ['invalid UTF-8 (overlong /)', utf8Bad([0xc0, 0xaf]), 400, '', /UTF-8/],
    ['invalid UTF-8 (lone continuation)', utf8Bad([0x80]), 400, '', /UTF-8/],
    ['invalid UTF-8 (surrogate)', utf8Bad([0xed, 0xa0, 0x80]), 400, '', /UTF-8/],
    ['truncated UTF-8', utf8Bad([0xe5, 0x9d]), 400, ''],
    ['NUL inside a string', withName('"a\\u0000b"'), 400, undefined],
    ['control character in name', withName('"a\\u0001b"'), 400, 'name'],
    ['unknown field', JSON.stringify({ ...VALID, color: 'red' }), 400, 'color', /color/],
    ['wrong type: name 123', withName('123'), 400, 'name'],
    ['wrong type: name object', withName('{"zh":"名"}'), 400, 'name'],
    ['wrong type: parent_id string', JSON.stringify({ ...VALID, parent_id: '7' }), 400, 'parent_id'],
    ['wrong type: parent_id float', JSON.stringify({ ...VALID, parent_id: 7.5 }), 400, 'parent_id'],
    ['numeric overflow', '{"parent_id":99999999999999999999999,"kind":"group","name":"a"}', 400, ''],
    ['name of 101 characters', JSON.stringify({ ...VALID, name: '长'.repeat(101) }), 400, 'name', /100/],
    ['missing name', JSON.stringify({ parent_id: 7, kind: 'group' }), 400, 'name'],
    ['empty name', JSON.stringify({ ...VALID, name: '' }), 400, 'name'],
    ['null name', JSON.stringify({ ...VALID, name: null }), 400, 'name'],
    ['missing kind', JSON.stringify({ parent_id: 7, name: '缺类别' }), 400, 'kind'],
    ['bad code 12345', JSON.stringify({ ...VALID, code: '12345' }), 400, 'code'],
    ['bad code with a letter', JSON.stringify({ ...VALID, code: '12345678901a' }), 400, 'code'],
    ['bad code 13 digits', JSON.stringify({ ...VALID, code: '1234567890123' }), 400, 'code'],
    ['unknown kind', JSON.stringify({ ...VALID, kind: 'politburo' }), 400, 'kind'],
    ['unknown domain', JSON.stringify({ ...VALID, domain: 'moon' }), 400, 'domain'],
    ['nonexistent parent (admin)', JSON.stringify({ ...VALID, parent_id: 99999 }), 400, 'parent_id'],
    ['nesting 40 deep', withName(deep), 400, ''],
  ];

  for (const [desc, body, status, field, pattern] of cases) {
    it(`${desc} -> ${status}${field ? ` naming ${field}` : ''}, nothing written`, async () => {
      const c0 = counts(srv.dbPath);
      const r = await post(body);
      assertError(r, status, { code: 'invalid', field });
      if (pattern) assert.match(r.body.error.message, pattern);
      assert.deepEqual(counts(srv.dbPath), c0, 'nothing written');
    });
  }

  it('a valid body passes (control)', async () => {
    const c0 = counts(srv.dbPath);
    const r = await post(JSON.stringify({ ...VALID, name: '合法小组', code: '300000000001', domain: 'community' }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.name, '合法小组');
    assert.equal(r.body.code, '300000000001');
    const c1 = counts(srv.dbPath);
    assert.equal(c1.orgs, c0.orgs + 1);
    assert.equal(c1.audit, c0.audit + 1);
  });

  it('a duplicate code is 409 naming code and writes nothing', async () => {
    const first = await post(JSON.stringify({ ...VALID, name: '代码一', code: '300000000002' }));
    assert.equal(first.status, 201, first.text);
    const c0 = counts(srv.dbPath);
    const r = await post(JSON.stringify({ ...VALID, name: '代码二', code: '300000000002' }));
    assertError(r, 409, { code: 'conflict', field: 'code' });
    assert.deepEqual(counts(srv.dbPath), c0);
  });

  // The limit is 100 characters, not bytes: CJK characters are 3 bytes in UTF-8, some 4.
  for (const [desc, name] of [
    ['100 CJK characters', '长'.repeat(100)],
    ['1 ASCII + 99 CJK characters', 'a' + '长'.repeat(99)],
    ['100 four-byte characters', '𠀀'.repeat(100)],
  ]) {
    it(`an org name of ${desc} is stored and returned in full`, async () => {
      const r = await post(JSON.stringify({ ...VALID, name }));
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.name, name, 'returned in full');
      assert.equal(sql(srv.dbPath, `SELECT name FROM orgs WHERE id = ${r.body.id}`), name, 'stored in full');
      const g = await admin.get(`/api/orgs/${r.body.id}`);
      assert.equal(g.status, 200, g.text);
      assert.equal(g.body.name, name);
      const kids = await admin.get('/api/orgs?parent_id=7');
      assert.ok(kids.body.items.some((o) => o.id === r.body.id), 'listed among the children');
      const audit = await admin.get(`/api/audit?record_type=org&record_id=${r.body.id}`);
      assert.equal(audit.body.items[0]?.after?.name, name, 'audited in full');
    });
  }

  it('a display name of 32 four-byte characters round-trips and the user can log in', async () => {
    const display = '😀'.repeat(32);
    const r = await admin.post('/api/users', {
      username: 'biaoqing', display_name: display, password: 'Init#Pass2026', role: 'branch_admin', org_id: 5, must_change_password: false,
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(sql(srv.dbPath, "SELECT display_name FROM users WHERE username = 'biaoqing'"), display, 'stored in full');
    const list = await admin.get('/api/users');
    assert.equal(list.body.items.find((u) => u.username === 'biaoqing')?.display_name, display, 'listed');
    const u = new Client(srv.url);
    const li = await u.login('biaoqing', 'Init#Pass2026');
    assert.equal(li.status, 200, li.text);
    assert.equal(li.body.display_name, display);
  });

  it('a display name of 33 characters is refused', async () => {
    const c0 = counts(srv.dbPath);
    const r = await admin.post('/api/users', {
      username: 'taichang', display_name: '名'.repeat(33), password: 'Init#Pass2026', role: 'branch_admin', org_id: 5,
    });
    assertError(r, 400, { field: 'display_name' });
    assert.deepEqual(counts(srv.dbPath), c0);
  });

  it('Content-Type text/plain with a body -> 415', async () => {
    const c0 = counts(srv.dbPath);
    const r = await post(JSON.stringify(VALID), { contentType: 'text/plain' });
    assertError(r, 415, { code: 'unsupported_media_type' });
    assert.deepEqual(counts(srv.dbPath), c0);
  });

  it('no Content-Type, or a look-alike one, with a body -> 415', async () => {
    const c0 = counts(srv.dbPath);
    assertError(await post(JSON.stringify(VALID), { contentType: null }), 415);
    assertError(await post(JSON.stringify(VALID), { contentType: 'application/jsonp' }), 415);
    assertError(await post(JSON.stringify(VALID), { contentType: 'application/x-www-form-urlencoded' }), 415);
    assert.deepEqual(counts(srv.dbPath), c0);
  });

  it('Content-Type with a charset parameter is accepted', async () => {
    const r = await post(JSON.stringify({ ...VALID, name: '字符集小组' }), { contentType: 'application/json; charset=utf-8' });
    assert.equal(r.status, 201, r.text);
  });

  it('unknown API route -> 404 JSON', async () => {
    const r = await admin.get('/api/nope');
    assertError(r, 404, { code: 'not_found' });
    const p = await admin.post('/api/nope', {});
    assertError(p, 404, { code: 'not_found' });
    assertError(await admin.get('/api/orgs/5/nope'), 404);
    assertError(await admin.get('/api/orgs/'), 404);
  });

  it('wrong method -> 405 JSON with Allow', async () => {
    const r = await admin.delete('/api/me');
    assertError(r, 405, { code: 'method_not_allowed' });
    const allow = r.headers.get('allow');
    assert.ok(allow, 'Allow header');
    assert.ok(allow.split(/,\s*/).includes('GET'), allow);
    assert.ok(!allow.includes('DELETE'), allow);
    const put = await admin.put('/api/orgs', VALID);
    assertError(put, 405);
    const methods = put.headers.get('allow').split(/,\s*/);
    assert.ok(methods.includes('GET') && methods.includes('POST'), methods.join());
  });

  it('SQL metacharacters are stored and returned literally', async () => {
    const names = ["'; DROP TABLE orgs; --", '$1 ?1 "x" :name @p %_ \\ \' ;', 'Robert"); DELETE FROM users; --'];
    const { orgs: orgs0, users: users0 } = counts(srv.dbPath);
    for (const name of names) {
      const r = await admin.post('/api/orgs', { ...VALID, name });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.name, name);
      const g = await admin.get(`/api/orgs/${r.body.id}`);
      assert.equal(g.body.name, name);
      assert.equal(sql(srv.dbPath, `SELECT name FROM orgs WHERE id = ${r.body.id}`), name);
      assert.equal(
        Number(sql(srv.dbPath, `SELECT count(*) FROM audit_log WHERE record_type = 'org' AND record_id = ${q(r.body.id)}`)),
        1,
      );
    }
    const c = counts(srv.dbPath);
    assert.equal(c.orgs, orgs0 + names.length, 'orgs table intact');
    assert.equal(c.users, users0, 'users table intact');
    assert.equal(sql(srv.dbPath, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('orgs','users','audit_log')"), '3');
    const kids = await admin.get('/api/orgs?parent_id=7');
    for (const name of names) assert.ok(kids.body.items.some((o) => o.name === name), name);
  });

  it('SQL metacharacters in query filters do not widen results', async () => {
    for (const v of ["' OR 1=1 --", "org' OR '1'='1", '%', '_']) {
      const r = await admin.get(`/api/audit?record_type=${encodeURIComponent(v)}`);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.items, [], v);
    }
    const c = await loginAs(srv, 'chengdong');
    const r = await c.get(`/api/audit?record_id=${encodeURIComponent("1' OR '1'='1")}`);
    assert.deepEqual(r.body.items, []);
  });

  it('an oversized login field is 400 and not a lock-out attempt', async () => {
    const r = await admin.post('/api/login', { username: 'a'.repeat(65), password: 'x' });
    assertError(r, 400, { field: 'username' });
    assert.equal(Number(sql(srv.dbPath, 'SELECT count(*) FROM login_throttle')), 0);
  });
});

describe('body size cap (DJ_JSON_MAX=4096)', () => {
  let srv;
  let admin;
  before(async () => {
    srv = await startServer({ env: { DJ_JSON_MAX: '4096' } });
    admin = await loginAs(srv, 'admin');
  });
  after(() => srv?.stop());

  const headers = () => ({ cookie: admin.cookieHeader(), 'x-csrf-token': admin.csrf, 'content-type': 'application/json' });
  /* A valid org body padded with whitespace to exactly n bytes. */
  function padded(n, name) {
    const s = JSON.stringify({ ...VALID, name });
    return s.slice(0, -1) + ' '.repeat(n - Buffer.byteLength(s)) + '}';
  }

  it('a body over the cap with Content-Length -> 413, nothing written', async () => {
    const c0 = counts(srv.dbPath);
    const r = await rawRequest(srv, { method: 'POST', path: '/api/orgs', headers: headers(), body: padded(5000, '超大请求') });
    assertError(r, 413, { code: 'too_large' });
    assert.deepEqual(counts(srv.dbPath), c0);
  });

  it('a chunked body over the cap -> 413, nothing written', async () => {
    const c0 = counts(srv.dbPath);
    const r = await rawRequest(srv, {
      method: 'POST',
      path: '/api/orgs',
      headers: headers(),
      body: padded(20000, '分块超大请求'),
      chunked: true,
    });
    assertError(r, 413, { code: 'too_large' });
    assert.deepEqual(counts(srv.dbPath), c0);
  });

  it('a body of exactly the cap is accepted (control)', async () => {
    const r = await rawRequest(srv, { method: 'POST', path: '/api/orgs', headers: headers(), body: padded(4096, '刚好上限') });
    assert.equal(r.status, 201, r.text);
    const chunked = await rawRequest(srv, {
      method: 'POST', path: '/api/orgs', headers: headers(), body: padded(4096, '分块刚好上限'), chunked: true, chunkSize: 500,
    });
    assert.equal(chunked.status, 201, chunked.text);
  });

  it('a huge body (1 MiB) is refused and the server keeps serving', async () => {
    // over a raw socket: the server answers 413 and closes while the body is still being
    // written, which an HTTP client may report as EPIPE before it reads the answer
    const answer = await new Promise((resolve, reject) => {
      const sock = net.connect(srv.port, '127.0.0.1');
      const parts = [];
      sock.on('data', (d) => parts.push(d));
      sock.on('error', (e) => { if (e.code !== 'EPIPE' && e.code !== 'ECONNRESET') reject(e); });
      sock.on('close', () => resolve(Buffer.concat(parts).toString('utf8')));
      const h = headers();
      const head = [`POST /api/orgs HTTP/1.1`, `Host: 127.0.0.1:${srv.port}`, `Content-Length: ${1 << 20}`, 'Connection: close',
        ...Object.entries(h).map(([k, v]) => `${k}: ${v}`)].join('\r\n') + '\r\n\r\n';
      sock.write(head);
      sock.end(Buffer.alloc(1 << 20, 0x20));
    });
    // the 413 is sent at once; when the server closes with the rest of the body unread the
    // kernel may reset the connection and the client loses it: refused either way
    if (answer) {
      assert.match(answer, /^HTTP\/1\.1 413 /, answer.slice(0, 200));
      assert.ok(hasChinese(answer.slice(answer.indexOf('\r\n\r\n'))), 'a Chinese message');
    }
    const h = await admin.get('/api/health');
    assert.equal(h.status, 200);
  });
});

describe('paths, static files and security headers', () => {
  let srv;
  before(async () => {
    srv = await startServer();
    fs.writeFileSync(path.join(srv.dir, 'secret.txt'), 'TOP-SECRET-OUTSIDE-WEB-ROOT\n');
    fs.symlinkSync(path.join(srv.dir, 'secret.txt'), path.join(srv.webRoot, 'escape.txt'));
  });
  after(() => srv?.stop());

  const traversals = [
    '/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%2E%2E/%2E%2E/%2E%2E/etc/passwd',
    '/..%2f..%2f..%2fetc%2fpasswd',
    '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/foo/../../../etc/passwd',
    '/./../etc/passwd',
    '//etc/passwd',
    '/..\\..\\etc\\passwd',
    '/%5c..%5c..%5cetc%5cpasswd',
    '/api/../../etc/passwd',
    '/etc/passwd%00.html',
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e/test.db',
    '/%2e%2e/test.db.key',
    '/escape.txt',
  ];
  for (const p of traversals) {
    it(`GET ${p} never returns a file outside the web root`, async () => {
      const r = await rawRequest(srv, { path: p });
      assert.ok(!r.text.includes('root:x:0:0'), r.text.slice(0, 200));
      assert.ok(!r.text.includes('TOP-SECRET'), r.text.slice(0, 200));
      assert.ok(!r.text.includes('SQLite format'), r.text.slice(0, 200));
      if (r.status === 200) assert.equal(r.text, INDEX_HTML, 'at most the app shell');
      else assert.ok(r.status >= 400 && r.status < 500, `status ${r.status}`);
    });
  }

  function assertSecurityHeaders(h, what) {
    const get = (k) => (h instanceof Headers ? h.get(k) : h[k.toLowerCase()]);
    const csp = get('content-security-policy');
    assert.ok(csp, `${what}: CSP`);
    assert.match(csp, /default-src 'self'/, what);
    assert.match(csp, /frame-ancestors 'none'/, what);
    assert.match(csp, /object-src 'none'/, what);
    assert.doesNotMatch(csp, /script-src[^;]*'unsafe-(inline|eval)'/, what);
    assert.equal(get('x-content-type-options'), 'nosniff', what);
    assert.equal(get('x-frame-options'), 'DENY', what);
    assert.ok(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'].includes(get('referrer-policy')), what);
  }

  it('API responses carry the security headers (ok, 401, 404, 405)', async () => {
    for (const [method, p] of [['GET', '/api/health'], ['GET', '/api/me'], ['GET', '/api/nope'], ['DELETE', '/api/me']]) {
      const r = await rawRequest(srv, { method, path: p });
      assertSecurityHeaders(r.headers, `${method} ${p}`);
      assert.equal(r.headers['cache-control'], 'no-store', `${method} ${p}: not cached`);
      assert.match(r.headers['content-type'], /^application\/json/);
    }
    const c = await loginAs(srv, 'admin');
    const r = await c.get('/api/orgs/1');
    assertSecurityHeaders(r.headers, 'GET /api/orgs/1');
  });

  it('static responses carry the security headers', async () => {
    const index = await rawRequest(srv, { path: '/' });
    assert.equal(index.status, 200);
    assert.equal(index.text, INDEX_HTML);
    assert.match(index.headers['content-type'], /^text\/html/);
    assertSecurityHeaders(index.headers, 'GET /');
    const css = await rawRequest(srv, { path: '/app.css' });
    assert.equal(css.status, 200);
    assert.match(css.headers['content-type'], /^text\/css/);
    assertSecurityHeaders(css.headers, 'GET /app.css');
    const shell = await rawRequest(srv, { path: '/orgs/12' });
    assert.equal(shell.status, 200, 'SPA route gets the shell');
    assert.equal(shell.text, INDEX_HTML);
    assertSecurityHeaders(shell.headers, 'GET /orgs/12');
    const missing = await rawRequest(srv, { path: '/missing.js' });
    assert.equal(missing.status, 404);
    assert.ok(hasChinese(missing.body?.error?.message));
    assertSecurityHeaders(missing.headers, 'GET /missing.js');
  });

  it('non-GET outside /api/ is 405', async () => {
    const r = await rawRequest(srv, { method: 'POST', path: '/index.html', headers: { 'content-type': 'application/json' }, body: '{}' });
    assertError(r, 405);
  });
});
