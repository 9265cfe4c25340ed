// transfer.test.mjs - the transfer, flow and 失联 pages in a real browser: the
// inbox of the sending branch and of the receiving branch, a step taken
// from the inbox (receive), the transfer form with the server's refusal, the
// 介绍信 print page (存根, 主件, 回执) and its PDF download, the 流动党员 list and the 失联 worklist.
// Screenshots go to build/test-logs/screenshots/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loginAs, sql, DEMO_PASSWORD } from '../api/lib.mjs';
import { startWebServer, launch, openPage, screenshot, signIn, menu, idNumber } from './lib.mjs';

describe('web console: transfers', () => {
  let server;
  let browser;
  let tab;
  let transfer;

  before(async () => {
    server = await startWebServer({ DJ_TODAY: '2026-11-23' });
    const admin = await loginAs(server, 'admin');
    const add = async (org_id, name, seq) => {
      const r = await admin.post('/api/members', {
        org_id, name, id_number: idNumber(`14020319850101${seq}`), joined_on: '2010-07-01', confirmed_on: '2011-07-01', category: 'full',
      });
      assert.equal(r.status, 201, r.text);
      return r.body;
    };
    const m = await add(5, '周转接', '201');
    const other = await add(5, '吴流动', '203');
    const lost = await add(6, '郑失联', '205');
    const t = await admin.post('/api/transfers', { kind: 'internal', member_id: m.id, to_org_id: 7, reason: '工作调动', requested_on: '2026-11-02' });
    assert.equal(t.status, 201, t.text);
    assert.equal((await admin.post(`/api/transfers/${t.body.id}/approve`, { date: '2026-11-03' })).status, 200);
    const i = await admin.post(`/api/transfers/${t.body.id}/issue`, { date: '2026-11-04', dues_paid_to: '2026-11' });
    assert.equal(i.status, 200, i.text);
    transfer = i.body;
    const f = await admin.post('/api/flow', { side: 'out', member_id: other.id, host_org_id: 7, reason: '务工', destination: '城西某公司',
      card_no: 'LD-2026-07', left_on: '2026-05-01' });
    assert.equal(f.status, 201, f.text);
    sql(server.dbPath, `UPDATE members SET created_at = '2025-01-01T00:00:00Z' WHERE id = ${lost.id}`);
    browser = await launch();
    tab = await openPage(browser);
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  function clean() {
    assert.deepEqual(tab.problems, [], 'no console errors, page errors or CSP violations');
  }

  async function selectOrg(name) {
    const { page } = tab;
    await page.locator('.org-search input').fill(name);
    await page.locator('.org-results li', { hasText: name }).first().click();
    await page.locator('.org-search input').fill('');
  }

  it('shows the outgoing transfer to the sending branch and the form refuses a bad target', async () => {
    const { page } = tab;
    await page.goto(`${server.url}/transfers`);
    await signIn(page, 'admin', DEMO_PASSWORD);
    await selectOrg('幸福社区第一网格党支部');
    await page.locator('.transfers-page h2', { hasText: '幸福社区第一网格党支部' }).waitFor();
    await page.locator('.transfer-table .el-table__body', { hasText: '周转接' }).waitFor();
    await page.locator('.transfer-table .el-table__body', { hasText: transfer.letter_no }).waitFor();
    await screenshot(page, '40-transfers-out');
    await page.locator('button.new-transfer').click();
    const dialog = page.locator('.transfer-dialog');
    await dialog.waitFor();
    await dialog.locator('button.save').click();
    await dialog.locator('.el-form-item__error', { hasText: '党员' }).waitFor();
    await screenshot(page, '41-transfer-form');
    await dialog.locator('.el-dialog__footer button', { hasText: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });
    clean();
  });

  it('prints the letter with 存根, 主件 and 回执', async () => {
    const { page } = tab;
    await page.locator('.transfer-table button.letter-link').first().click();
    await page.locator('.letter.main', { hasText: '请转接组织关系' }).waitFor();
    const text = await page.locator('.letter-page').innerText();
    assert.match(text, /介绍信（存根）/);
    assert.match(text, /党费已交到\s*2026年11月/);
    assert.match(text, /特此回执/);
    assert.match(text, /城西街道机关党支部/);
    await screenshot(page, '42-transfer-letter');
    const dl = page.waitForEvent('download');
    await page.locator('.letter-page button.letter-pdf').click();
    const d = await dl;
    assert.equal(d.suggestedFilename(), `组织关系介绍信-${transfer.letter_no}.pdf`);
    const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dj-e2e-letter-')), 'letter.pdf');
    await d.saveAs(saved);
    assert.equal(fs.readFileSync(saved).subarray(0, 5).toString(), '%PDF-');
    const pdf = execFileSync('pdftotext', ['-q', '-enc', 'UTF-8', saved, '-'], { encoding: 'utf8' });
    assert.ok(pdf.includes('周转接') && pdf.includes(transfer.letter_no) && pdf.includes('2026年11月'), pdf);
    clean();
  });

  it('the receiving branch sees it in its inbox and receives it', async () => {
    const { page } = tab;
    await page.goto(`${server.url}/transfers`);
    await selectOrg('城西街道机关党支部');
    await page.locator('.el-tabs__item', { hasText: '转入' }).click();
    await page.locator('.transfer-table .el-table__body', { hasText: '周转接' }).waitFor();
    await page.locator('.transfer-table button.step-receive').click();
    await page.locator('.transfer-table .el-table__body', { hasText: '已接收' }).waitFor();
    await screenshot(page, '43-transfers-in');
    const org = sql(server.dbPath, `SELECT org_id FROM members WHERE name = '周转接'`);
    assert.equal(Number(org), 7);
    clean();
  });

  it('lists 流动党员 at the host branch and the 失联 worklist', async () => {
    const { page } = tab;
    await menu(page, '流动党员');
    await page.locator('.flow-table .el-table__body', { hasText: '吴流动' }).waitFor();
    await page.locator('.flow-table .el-table__body', { hasText: 'LD-2026-07' }).waitFor();
    await screenshot(page, '44-flows');
    await selectOrg('幸福社区第二网格党支部');
    await menu(page, '失联排查');
    await page.locator('.lapse-table .el-table__body', { hasText: '郑失联' }).waitFor();
    await page.locator('.lapse-table button.do-search').first().click();
    const dialog = page.locator('.lapse-dialog');
    await dialog.waitFor();
    await dialog.locator('.f-action input').fill('联系家属');
    await dialog.locator('.f-evidence textarea').fill('家属称已联系上本人');
    await dialog.locator('.el-checkbox').click();
    await screenshot(page, '45-lapse-search');
    await dialog.locator('button.save').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.lapse-table', { hasText: '没有需要排查的党员' }).waitFor();
    await screenshot(page, '46-lapse-worklist');
    clean();
  });
});
