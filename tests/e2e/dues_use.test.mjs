// dues_use.test.mjs - the 党费使用 tab in a real browser: the year's account of a 党工委
// (结转, 收缴, 留存, 使用, 结余), the form refusing an amount that is not to the fen (in the
// page) and one above what is held (the server's answer shown on the field, nothing
// written), a spending recorded with its approval, and the disclosure showing 使用 by
// purpose and 结余. No console error, page error or CSP violation. Screenshots go to
// build/test-logs/screenshots/dues-use-*.png.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, loginAs, sql } from '../api/lib.mjs';
import { startWebServer, launch, openPage, screenshot, signIn, idNumber } from './lib.mjs';

describe('dues use page', () => {
  let server;
  let browser;
  let tab;
  const year = new Date().getFullYear();
  const rows = () => Number(sql(server.dbPath, 'SELECT count(*) FROM dues_spendings'));

  before(async () => {
    server = await startWebServer();
    const admin = await loginAs(server, 'admin');
    const m = await admin.post('/api/members', {
      org_id: 5, name: '使用丁', id_number: idNumber('14020319770101231'), joined_on: '2015-07-01',
      confirmed_on: '2016-07-01', category: 'full',
    });
    assert.equal(m.status, 201, m.text);
    const member = m.body.id;
    sql(server.dbPath, `INSERT INTO dues_payments (member_id, org_id, org_path, from_month, months, amount_fen,
      extra_fen, central, paid_on, channel, created_at) VALUES
      (${member}, 5, '/1/2/4/5/', '${year}-01', 1, 100000, 0, 0, '${year}-01-05', 'cash', 'x')`);
    browser = await launch();
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  function clean() {
    assert.deepEqual(tab.problems, [], 'no console errors, page errors or CSP violations');
  }

  it('records a spending with its approval, within what the organisation holds', async () => {
    tab = await openPage(browser);
    const { page } = tab;
    await page.goto(`${server.url}/dues?tab=spend`);
    await signIn(page, 'chengdong', DEMO_PASSWORD);
    await page.locator('.org-search input').fill('城东街道党工委');
    await page.locator('.org-results li', { hasText: '城东街道党工委' }).first().click();
    await page.locator('.org-search input').fill('');
    await page.locator('.dues-tabs').getByText('党费使用', { exact: true }).click();
    await page.locator('.dues-spend-account .dues-balance').waitFor();
    const balance = (await page.locator('.dues-spend-account .dues-balance .stat-value').innerText()).trim();
    assert.match(balance, /^\d+\.\d\d$/);
    const fen = Math.round(Number(balance) * 100);
    assert.ok(fen >= 100000, balance);
    await screenshot(page, 'dues-use-account');

    await page.locator('.dues-spend-add').click();
    const dialog = page.locator('.el-dialog', { hasText: '登记党费使用' });
    await dialog.locator('.dues-spend-amount-input input').fill('12.345');
    await dialog.locator('.dues-spend-description input').fill('党员冬训教材');
    await dialog.locator('.dues-spend-voucher_no input').fill('记-18');
    await dialog.locator('.dues-spend-approved_by input').fill('党工委会议');
    await dialog.locator('.dues-spend-approval_doc input').fill('会议纪要〔2026〕9号');
    await dialog.locator('.dues-spend-save').click();
    await dialog.locator('.dues-spend-amount .el-form-item__error', { hasText: '两位小数' }).waitFor();
    assert.equal(rows(), 0);
    // above what is held: the server's answer on the field, nothing written
    const over = fen + 1;
    await dialog.locator('.dues-spend-amount-input input').fill(`${Math.floor(over / 100)}.${String(over % 100).padStart(2, '0')}`);
    await dialog.locator('.dues-spend-save').click();
    await dialog.locator('.dues-spend-amount .el-form-item__error', { hasText: '超过可用党费' }).waitFor();
    assert.equal(rows(), 0);
    await screenshot(page, 'dues-use-form');
    await dialog.locator('.dues-spend-amount-input input').fill('120.50');
    await dialog.locator('.dues-spend-save').click();
    await page.locator('.el-message--success', { hasText: '120.50' }).waitFor();
    await page.locator('.dues-spend-table .el-table__row', { hasText: '会议纪要〔2026〕9号' }).waitFor();
    assert.match(await page.locator('.dues-spend-table').innerText(), /教育培训党员/);
    assert.equal(rows(), 1);
    assert.equal(sql(server.dbPath, 'SELECT amount_fen FROM dues_spendings'), '12050');
    await page.locator('.dues-spend-account .dues-spent .stat-value', { hasText: '120.50' }).waitFor();
    await screenshot(page, 'dues-use-list');
    // the console errors above are the API's 400 answers to the two refused forms
    tab.problems = tab.problems.filter((p) => !/status of 400/.test(p));
    clean();
  });

  it('shows 使用 by purpose and 结余 on the disclosure', async () => {
    const { page } = tab;
    await page.locator('.dues-disclosure-link').click();
    await page.locator('.disclosure-funds').waitFor();
    const text = await page.locator('.disclosure-funds').innerText();
    assert.match(text, /本年使用 120\.50 元，其中：教育培训党员 120\.50 元/);
    assert.match(text, /年末结余/);
    await page.locator('.disclosure-spendings .el-table__row', { hasText: '党员冬训教材' }).waitFor();
    await screenshot(page, 'dues-use-disclosure');
    clean();
    await tab.context.close();
  });
});
