// lib.mjs - helpers for the browser tests: the real server (tests/api/lib.mjs)
// serving the real web/ directory, and Debian's chromium driven by
// playwright-core. Never `npx playwright install`: the browser is /usr/bin/chromium.
//
// Every page is watched: a console error, an uncaught exception or a CSP
// violation fails the test (failures()), except the browser's own
// "Failed to load resource" line for an /api/ answer of 4xx, which is how
// the API refuses on purpose (wrong password, invalid field, no session).
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { REPO_ROOT, startServer } from '../api/lib.mjs';

export const WEB_ROOT = path.join(REPO_ROOT, 'web');
export const SHOT_DIR = path.join(REPO_ROOT, 'build', 'test-logs', 'screenshots');
export const CHROMIUM = process.env.DJ_CHROMIUM || '/usr/bin/chromium';

export const CHROME_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/* The server with the real console: web/vendor/ must exist (scripts/vendor.sh, run by make build). */
export async function startWebServer(env = {}) {
  if (!fs.existsSync(path.join(WEB_ROOT, 'vendor', 'element-plus.mjs'))) {
    throw new Error('web/vendor/ is missing: run scripts/vendor.sh (make build does)');
  }
  return startServer({ env: { DJ_WEB_ROOT: WEB_ROOT, ...env } });
}

/* Playwright gives every launch a fresh temporary profile (its own --user-data-dir). */
export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROME_ARGS, timeout: 30000 });
}

/* A new context + page, watched for errors. Returns {context, page, problems}. */
export async function openPage(browser, { width = 1400, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() !== 'error' && !/Content.Security.Policy/i.test(m.text())) return;
    const url = (m.location() && m.location().url) || '';
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text()) && /\/api\//.test(url)) return;
    problems.push(`console ${m.type()}: ${m.text()} (${url})`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.setDefaultTimeout(15000);
  return { context, page, problems };
}

export async function screenshot(page, name) {
  fs.mkdirSync(SHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOT_DIR, `${name}.png`), fullPage: false });
}

/* Sign in through the login page. */
export async function signIn(page, username, password) {
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('.login-card button:has-text("登录")').click();
}

/* A valid 18-character ID number (GB 11643 check character) from 17 digits. */
export function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i];
  return first17 + '10X98765432'[sum % 11];
}

/* The same number with a wrong check character. */
export function wrongIdNumber(first17) {
  const good = idNumber(first17);
  return first17 + (good.endsWith('0') ? '1' : '0');
}

function exactText(label) {
  return new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/* The visible top-menu labels, groups opened one by one (items of groups included). */
export async function menuLabels(page) {
  const labels = [];
  const direct = page.locator('.topmenu > .el-menu-item');
  for (const t of await direct.allInnerTexts()) labels.push(t.trim());
  const groups = page.locator('.topmenu > .el-sub-menu');
  const n = await groups.count();
  for (let i = 0; i < n; i++) {
    await groups.nth(i).locator('.el-sub-menu__title').click();
    const popup = page.locator('.el-menu--popup:visible').last();
    await popup.waitFor();
    for (const t of await popup.locator('.el-menu-item').allInnerTexts()) labels.push(t.trim());
    await page.keyboard.press('Escape');
    await groups.nth(i).locator('.el-sub-menu__title').click();
    await popup.waitFor({ state: 'hidden' }).catch(() => {});
  }
  return labels;
}

/* Go to a page through the top menu by its exact label, opening its group when it has one. */
export async function menu(page, label) {
  const want = exactText(label);
  const direct = page.locator('.topmenu > .el-menu-item').filter({ hasText: want });
  if (await direct.count()) return direct.first().click();
  const groups = page.locator('.topmenu > .el-sub-menu');
  const n = await groups.count();
  for (let i = 0; i < n; i++) {
    await groups.nth(i).locator('.el-sub-menu__title').click();
    const item = page.locator('.el-menu--popup:visible .el-menu-item').filter({ hasText: want });
    try {
      await item.first().waitFor({ timeout: 1500 });
      return item.first().click();
    } catch { /* not in this group */ }
  }
  throw new Error(`菜单中没有「${label}」`);
}
