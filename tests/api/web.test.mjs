// web.test.mjs - the web console's static side: the CSP allows exactly the
// import map in web/index.html (by its sha256) and no other inline script;
// its targets and the page modules are served with JavaScript types; the
// SPA fallback answers index.html for the console's paths.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, startServer } from './lib.mjs';

const WEB = path.join(REPO_ROOT, 'web');
const html = fs.readFileSync(path.join(WEB, 'index.html'), 'utf8');
let server;

before(async () => {
  server = await startServer({ env: { DJ_WEB_ROOT: WEB } });
});
after(() => server.stop());

function importMap() {
  const m = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'web/index.html has an import map');
  return m[1];
}

test('the CSP allows the import map by its hash, and nothing else inline', async () => {
  const res = await fetch(`${server.url}/`);
  const csp = res.headers.get('content-security-policy');
  const hash = crypto.createHash('sha256').update(importMap(), 'utf8').digest('base64');
  const scriptSrc = /script-src ([^;]*)/.exec(csp)[1].trim().split(/\s+/);
  assert.deepEqual(scriptSrc, ["'self'", `'sha256-${hash}'`],
    `src/http/server.c must allow exactly the import map of web/index.html: 'sha256-${hash}'`);
  // every other script is a file
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
  assert.deepEqual(inline, [' type="importmap"']);
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
});

test('the import map names served ES modules', async () => {
  const { imports } = JSON.parse(importMap());
  assert.deepEqual(Object.keys(imports).sort(), ['echarts', 'element-plus', 'element-plus/zh-cn', 'vue']);
  if (!fs.existsSync(path.join(WEB, 'vendor'))) return; // scripts/vendor.sh not run: nothing more to check
  for (const url of Object.values(imports)) {
    const r = await fetch(server.url + url);
    assert.equal(r.status, 200, url);
    assert.match(r.headers.get('content-type'), /^text\/javascript/, url);
  }
});

test('the console\'s paths fall back to index.html; its modules are JavaScript', async () => {
  for (const p of ['/members/12', '/org', '/login']) {
    const r = await fetch(server.url + p);
    assert.equal(r.status, 200, p);
    assert.match(await r.text(), /<div id="app">/, p);
  }
  for (const f of fs.readdirSync(path.join(WEB, 'js', 'pages'))) {
    const r = await fetch(`${server.url}/js/pages/${f}`);
    assert.equal(r.status, 200, f);
    assert.match(r.headers.get('content-type'), /^text\/javascript/, f);
  }
});
