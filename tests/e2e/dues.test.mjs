// dues.test.mjs - the 党费 pages in a real browser: a branch administrator's
// monthly collection sheet (one click records a month), the bases form with the
// derived amount, arrears, the report with its chart, the printable disclosure with
// its PDF link, and a member's own 我的党费 on a phone-sized screen. No console
// error, page error or CSP violation on any page. Screenshots go to
// build/test-logs/screenshots/dues-*.png.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, DEMO_PASSWORD } from '../api/lib.mjs';
import { startWebServer, launch, openPage, screenshot, signIn, menu, idNumber } from './lib.mjs';

/* YYYY-MM-DD of the first day `back` months before this month. */
function monthsAgo(back) {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - back);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-01`;
}

describe('dues pages', () => {
  let server;
  let browser;
  let tab;
  const ids = {};

  before(async () => {
    server = await startWebServer();
    const admin = await loginAs(server, 'admin');
    const add = async (name, seq, joined) => {
      const r = await admin.post('/api/members', {
        org_id: 5, name, id_number: idNumber(`14020319860101${seq}`), joined_on: joined, category: 'probationary',
      });
      assert.equal(r.status, 201, r.text);
      ids[name] = r.body.id;
    };
    await add('交费甲', '211', monthsAgo(0));
    await add('交费乙', '213', monthsAgo(0));
    await add('欠费丙', '215', monthsAgo(5));
    const year = new Date().getFullYear();
    for (const [name, cat, base] of [['交费甲', 'employed', '3000.01'], ['交费乙', 'student'], ['欠费丙', 'retiree', '5000']]) {
      for (const y of [year - 1, year]) {
        const b = { year: y, category: cat };
        if (base) b.base = base;
        const r = await admin.post(`/api/dues/members/${ids[name]}/bases`, b);
        assert.equal(r.status, 200, r.text);
      }
    }
    const u = await admin.post('/api/users', {
      username: 'jfjia', display_name: '交费甲', password: 'Member@2026x', role: 'member', org_id: 5, must_change_password: false,
    });
    assert.equal(u.status, 201, u.text);
    await admin.post(`/api/members/${ids['交费甲']}/user`, { user_id: u.body.id });
    browser = await launch();
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  function clean() {
    assert.deepEqual(tab.problems, [], 'no console errors, page errors or CSP violations');
  }

  it('records a month in one click on the collection sheet', async () => {
    tab = await openPage(browser);
    const { page } = tab;
    await page.goto(`${server.url}/`);
    await signIn(page, 'shuji', DEMO_PASSWORD);
    await page.locator('.org-tree').waitFor();
    await menu(page, '党费');
    const row = (name) => page.locator('.dues-sheet-table .el-table__row', { hasText: name });
    await row('交费甲').waitFor();
    assert.match(await row('交费甲').innerText(), /30\.00/);
    assert.match(await row('交费乙').innerText(), /0\.20/);
    await screenshot(page, 'dues-sheet');
    await row('交费甲').locator('.dues-quick-pay').click();
    await row('交费甲').locator('.dues-paid').waitFor();
    assert.match(await page.locator('.dues-summary').innerText(), /已交（含免交）1 人/);
    clean();
  });

  it('records a base and shows the derived monthly amount', async () => {
    const { page } = tab;
    await page.locator('.dues-tabs').getByText('党费基数', { exact: true }).click();
    const row = page.locator('.dues-bases-table .el-table__row', { hasText: '交费乙' });
    await row.waitFor();
    await row.locator('.dues-base-edit').click();
    const dialog = page.locator('.el-dialog', { hasText: '核定党费基数' });
    await dialog.locator('.dues-category').click();
    await page.locator('.el-select-dropdown__item', { hasText: '在职（税后月工资）' }).click();
    await dialog.locator('.dues-base-input input').fill('5000.01');
    await screenshot(page, 'dues-base-form');
    await dialog.locator('.dues-base-save').click();
    await page.locator('.el-message--success', { hasText: '每月 75.00 元' }).waitFor();
    await page.locator('.dues-bases-table .el-table__row', { hasText: '75.00' }).waitFor();
    await screenshot(page, 'dues-bases');
    clean();
  });

  it('lists arrears and the report with its chart', async () => {
    const { page } = tab;
    await page.locator('.dues-tabs').getByText('欠交提醒', { exact: true }).click();
    const row = page.locator('.dues-arrears-table .el-table__row', { hasText: '欠费丙' });
    await row.waitFor();
    assert.match(await row.innerText(), /连续/);
    await screenshot(page, 'dues-arrears');
    await page.locator('.dues-tabs').getByText('统计报表', { exact: true }).click();
    await page.locator('.dues-report canvas').first().waitFor();
    await page.locator('.dues-report-table .el-table__row').first().waitFor();
    await screenshot(page, 'dues-report');
    clean();
  });

  it('shows the printable disclosure with a PDF download', async () => {
    const { page } = tab;
    await page.locator('.dues-disclosure-link').click();
    await page.locator('.disclosure-title').waitFor();
    assert.match(await page.locator('.disclosure-title').innerText(), /党费收缴、使用情况公示/);
    await page.locator('.disclosure-table .el-table__row', { hasText: '交费甲' }).waitFor();
    const href = await page.locator('a.dues-pdf').getAttribute('href');
    const res = await page.request.get(`${server.url}${href}`);
    assert.equal(res.status(), 200);
    assert.equal(res.headers()['content-type'], 'application/pdf');
    assert.equal((await res.body()).subarray(0, 5).toString(), '%PDF-');
    await screenshot(page, 'dues-disclosure');
    clean();
    await tab.context.close();
  });

  it('shows a member their own dues on a phone', async () => {
    tab = await openPage(browser, { width: 390, height: 844 });
    const { page } = tab;
    await page.goto(`${server.url}/`);
    await signIn(page, 'jfjia', 'Member@2026x');
    await page.locator('.me-page').first().waitFor();
    await page.goto(`${server.url}/me/dues`);
    await page.locator('.my-dues-through').waitFor();
    const text = await page.locator('.my-dues').innerText();
    assert.match(text, /我的党费/);
    assert.match(text, /30\.00 元/);
    await page.locator('.my-dues-payments li').first().waitFor();
    await screenshot(page, 'dues-my-phone');
    await page.locator('.my-dues-disclosure').click();
    await page.locator('.disclosure-title').waitFor();
    await page.locator('.disclosure-table .el-table__row', { hasText: '交费甲' }).waitFor();
    await screenshot(page, 'dues-my-disclosure-phone');
    clean();
  });
});
