// account.test.mjs - the account pages in a real browser: the lock-out
// message, the forced change of an initial password with the policy's
// message, and a member's own record on a phone-sized screen.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs } from '../api/lib.mjs';
import { startWebServer, launch, openPage, screenshot, signIn, idNumber } from './lib.mjs';

describe('web console: accounts', () => {
  let server;
  let browser;

  before(async () => {
    server = await startWebServer({ DJ_LOCKOUT_ATTEMPTS: '3' });
    const admin = await loginAs(server, 'admin');
    const m = await admin.post('/api/members', { org_id: 5, name: '刘党员', id_number: idNumber('14020319850620112'),
      joined_on: '2012-07-01', confirmed_on: '2013-07-01', category: 'full', phone: '19812345678' });
    assert.equal(m.status, 201, m.text);
    const u = await admin.post('/api/users', { username: 'liudy', display_name: '刘党员', password: 'Init@2026x', role: 'member',
      org_id: 5, must_change_password: true });
    assert.equal(u.status, 201, u.text);
    const link = await admin.post(`/api/members/${m.body.id}/user`, { user_id: u.body.id });
    assert.equal(link.status, 200, link.text);
    browser = await launch();
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  it('shows the lock-out message after too many failed sign-ins', async () => {
    const { page, problems, context } = await openPage(browser);
    await page.goto(`${server.url}/`);
    for (let i = 0; i < 4; i++) {
      await signIn(page, 'nobody', 'Wrong@2026');
      await page.locator('.login-error').waitFor();
      await page.waitForFunction(() => !document.querySelector('.login-card .is-loading'));
    }
    assert.match(await page.locator('.login-error').innerText(), /锁定|分钟/);
    await screenshot(page, '10-locked');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('forces the change of an initial password, with the policy message, on a phone', async () => {
    const { page, problems, context } = await openPage(browser, { width: 390, height: 844 });
    await page.goto(`${server.url}/me`);
    await signIn(page, 'liudy', 'Init@2026x');
    await page.locator('.narrow-card', { hasText: '请先修改初始密码' }).waitFor();
    await page.locator('#old_password').fill('Init@2026x');
    await page.locator('#new_password').fill('short');
    await page.locator('#confirm').fill('short');
    await page.locator('.narrow-card button', { hasText: '保存' }).click();
    const err = page.locator('.narrow-card .el-form-item__error, .narrow-card .el-alert__title').first();
    await err.waitFor();
    assert.match(await err.innerText(), /[\u4e00-\u9fff]/);
    await screenshot(page, '11-password-policy');
    await page.locator('#new_password').fill('Dangyuan@2026');
    await page.locator('#confirm').fill('Dangyuan@2026');
    await page.locator('.narrow-card button', { hasText: '保存' }).click();
    // a member sees their own record, masked until asked
    await page.locator('.me-page h2', { hasText: '刘党员' }).waitFor();
    assert.match(await page.locator('.me-fields').innerText(), /198\*{4}5678/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal scrolling on a phone (${width}px)`);
    await screenshot(page, '12-me-phone');
    await page.locator('.me-page button', { hasText: '查看完整信息' }).click();
    await page.locator('.me-fields', { hasText: '19812345678' }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });
});
