// remind.test.mjs - reminders in a real browser: after `dangjian remind run`
// the top bar's badge shows the unread count, clicking it opens the inbox,
// marking the message read clears the badge; the 政治生日 page lists the month
// of the selected organisation; a member reads their own message on a phone.
// Screenshots: build/test-logs/screenshots/30-*.png.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, runCli, sql, DEMO_PASSWORD } from '../api/lib.mjs';
import { startWebServer, launch, openPage, screenshot, signIn, menu, idNumber } from './lib.mjs';

describe('web console: reminders', () => {
  let server;
  let browser;
  let tab;
  let member;

  before(async () => {
    // the scheduler is driven by the CLI below (政治生日 only), not by the server's start-up run
    server = await startWebServer({ DJ_TODAY: '2026-11-23', DJ_REMIND_ENABLED: '0' });
    const admin = await loginAs(server, 'admin');
    const r = await admin.post('/api/members', {
      org_id: 5, name: '周红梅', id_number: idNumber('99010119800512301'), joined_on: '2010-11-30', confirmed_on: '2011-11-30', category: 'full',
    });
    assert.equal(r.status, 201, r.text);
    member = r.body;
    const u = await admin.post('/api/users', { username: 'zhouhongmei', display_name: '周红梅', password: 'Dangyuan@2026', role: 'member', org_id: 5,
      must_change_password: false });
    assert.equal(u.status, 201, u.text);
    const l = await admin.post(`/api/members/${member.id}/user`, { user_id: u.body.id });
    assert.equal(l.status, 200, l.text);
    const run = runCli(['--db', server.dbPath, 'remind', 'run', '--date', '2026-11-23', '--source', 'birthday', '--no-deliver']);
    assert.equal(run.status, 0, run.stderr);
    browser = await launch();
    tab = await openPage(browser);
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  function clean(t = tab) {
    assert.deepEqual(t.problems, [], 'no console errors, page errors or CSP violations');
  }

  it('shows the unread count on the top bar, opens the inbox, and marking read clears the badge', async () => {
    const { page } = tab;
    await page.goto(`${server.url}/`);
    await signIn(page, 'shuji', DEMO_PASSWORD);
    const count = page.locator('.topbar .inbox-badge .el-badge__content');
    await count.filter({ hasText: '1' }).waitFor();
    await screenshot(page, '30-inbox-badge');
    await page.locator('.topbar .inbox-button').click();
    await page.locator('.inbox-page .inbox-item.unread', { hasText: '周红梅 政治生日（入党 16 周年）' }).waitFor();
    assert.match(await page.locator('.inbox-page .inbox-item').first().innerText(), /2026-11-30/);
    await screenshot(page, '30-inbox');
    await page.locator('.inbox-page .inbox-item .inbox-read').first().click();
    await page.locator('.inbox-page .inbox-item.read').first().waitFor();
    await count.waitFor({ state: 'hidden' });
    await screenshot(page, '30-inbox-read');
    // the link goes to the member concerned
    await page.locator('.inbox-page .inbox-member').first().click();
    await page.locator('.member-head', { hasText: '周红梅' }).waitFor();
    clean();
  });

  it('lists the 政治生日 of the selected organisation by month', async () => {
    const { page } = tab;
    await page.locator('.org-search input').fill('第一网格');
    await page.locator('.org-results li', { hasText: '幸福社区第一网格党支部' }).first().click();
    await page.locator('.org-search input').fill('');
    await menu(page, '政治生日');
    await page.locator('.birthdays-page h2', { hasText: '幸福社区第一网格党支部' }).waitFor();
    const row = page.locator('.birthdays-table .el-table__body tr', { hasText: '周红梅' });
    await row.waitFor();
    assert.match(await row.innerText(), /2026-11-30/);
    assert.match(await row.innerText(), /16 周年/);
    await screenshot(page, '30-birthdays');
    clean();
  });

  it('a member reads their own reminder on a phone', async () => {
    const phone = await openPage(browser, { width: 390, height: 844 });
    const { page } = phone;
    try {
      await page.goto(`${server.url}/`);
      await signIn(page, 'zhouhongmei', 'Dangyuan@2026');
      await page.locator('.topbar .inbox-badge .el-badge__content', { hasText: '1' }).waitFor();
      await page.locator('.topbar .inbox-button').click();
      await page.locator('.inbox-page .inbox-item.unread', { hasText: '政治生日' }).waitFor();
      await page.locator('.inbox-page .inbox-item button', { hasText: '我的档案' }).waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `no horizontal scrolling on a phone (${width}px)`);
      await screenshot(page, '30-inbox-phone');
      await page.locator('.inbox-page .inbox-read-all').click();
      await page.locator('.topbar .inbox-badge .el-badge__content').waitFor({ state: 'hidden' });
      // the member's own address for e-mail reminders: a wrong one is refused under the field
      await page.locator('#inbox-email').fill('不是邮箱');
      await page.locator('.inbox-page button.save-email').click();
      assert.match(await page.locator('.inbox-email-error').innerText(), /电子邮箱/);
      await page.locator('#inbox-email').fill('zhm@example.org');
      await page.locator('.inbox-page button.save-email').click();
      await page.locator('.inbox-email-error').waitFor({ state: 'detached' });
      await page.locator('.el-message', { hasText: '已保存提醒邮箱' }).waitFor();
      assert.equal(sql(server.dbPath, "SELECT email FROM users WHERE username = 'zhouhongmei'"), 'zhm@example.org');
      await screenshot(page, '30-inbox-phone-email');
      clean(phone);
    } finally {
      await phone.context.close();
    }
  });
});
