// import.test.mjs - the 导入导出 page in a real browser: a dry run of a roster
// with a rejected row shows the reasons and offers the error report; a clean
// roster is checked, then committed, and its members appear in the list; the
// export buttons download the 党员花名册; a reconciliation lists the fields
// that differ. Screenshots go to build/test-logs/screenshots/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { DEMO_PASSWORD, REPO_ROOT, sql, tmpDir } from '../api/lib.mjs';
import { startWebServer, launch, openPage, screenshot, signIn } from './lib.mjs';

describe('web console: import and export', () => {
  let server;
  let browser;
  let tab;
  const files = tmpDir('dj-e2e-import-');

  before(async () => {
    const g = spawnSync('python3', [path.join(REPO_ROOT, 'tests/data/gen_templates.py'), files], { encoding: 'utf8' });
    assert.equal(g.status, 0, g.stderr);
    server = await startWebServer();
    browser = await launch();
    tab = await openPage(browser);
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
    fs.rmSync(files, { recursive: true, force: true });
  });

  function clean() {
    assert.deepEqual(tab.problems, [], 'no console errors, page errors or CSP violations');
  }

  it('dry run with a rejected row: reasons, error report, nothing written', async () => {
    const { page } = tab;
    await page.goto(`${server.url}/import`);
    await signIn(page, 'zzb', DEMO_PASSWORD);
    await page.locator('.import-page').waitFor();
    await page.locator('.import-tab input.file-file').setInputFiles(path.join(files, 'roster20-bad.csv'));
    await page.locator('.import-tab button.dry-run').click();
    await page.locator('.reject-table .el-table__body', { hasText: '18 周岁' }).waitFor();
    assert.ok(await page.locator('.import-tab button.commit').isDisabled(), 'no commit after rejections');
    const dl = page.waitForEvent('download');
    await page.locator('.import-tab button.report').click();
    const d = await dl;
    const saved = path.join(files, 'report-dl.xlsx');
    await d.saveAs(saved);
    assert.equal(fs.readFileSync(saved).subarray(0, 2).toString(), 'PK');
    await screenshot(page, '20-import-rejected');
    assert.equal(sql(server.dbPath, 'SELECT count(*) FROM members'), '0');
    clean();
  });

  it('checks, then commits a clean roster; the members are listed', async () => {
    const { page } = tab;
    await page.locator('.import-tab input.file-file').setInputFiles(path.join(files, 'roster20.xlsx'));
    await page.locator('.import-tab button.dry-run').click();
    await page.locator('.import-result', { hasText: '未写入' }).waitFor();
    await page.locator('.import-tab button.commit:not([disabled])').waitFor();
    await screenshot(page, '21-import-checked');
    await page.locator('.import-tab button.commit').click();
    await page.locator('.import-result', { hasText: '已写入' }).waitFor();
    assert.equal(sql(server.dbPath, 'SELECT count(*) FROM members'), '12');
    await screenshot(page, '22-import-committed');
    clean();
  });

  it('exports the roster and reconciles a newer national file', async () => {
    const { page } = tab;
    await page.locator('.import-page .el-tabs__item', { hasText: '导出' }).click();
    const dl = page.waitForEvent('download');
    await page.locator('.export-tab button.export-members-csv').click();
    const d = await dl;
    const saved = path.join(files, 'export-dl.csv');
    await d.saveAs(saved);
    const text = fs.readFileSync(saved, 'utf8');
    assert.ok(text.startsWith('\ufeff姓名,身份证号码'), text.slice(0, 20));
    await screenshot(page, '23-export');
    await page.locator('.import-page .el-tabs__item', { hasText: '对账' }).click();
    await page.locator('.reconcile-tab input.file-file').setInputFiles(path.join(files, 'roster20-newer.csv'));
    await page.locator('.reconcile-tab button.reconcile').click();
    await page.locator('.recon.differ .el-table__body', { hasText: '科长' }).waitFor();
    await screenshot(page, '24-reconcile');
    clean();
  });
});
