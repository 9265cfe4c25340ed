// term.test.mjs - 换届 in a real browser: an organisation's 换届 tab with its
// current state; the election form, whose checks come live from the server
// (exactly 4/5 fails, one more passes) and whose save fills the 班子成员 tab;
// the upper organisation approves an extension; its 换届 list filters by
// state. Screenshots go to build/test-logs/screenshots/. "Today" is
// 2026-06-15 (DJ_TODAY).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, DEMO_PASSWORD } from '../api/lib.mjs';
import { startWebServer, launch, openPage, screenshot, signIn, menu, idNumber } from './lib.mjs';

describe('web console: terms and elections', () => {
  let server;
  let browser;
  let tab;

  before(async () => {
    server = await startWebServer({ DJ_TODAY: '2026-06-15' });
    const admin = await loginAs(server, 'admin');
    const add = async (name, seq) => {
      const r = await admin.post('/api/members', {
        org_id: 5, name, id_number: idNumber(`14020319800101${seq}`), joined_on: '2010-07-01', confirmed_on: '2011-07-01', category: 'full',
      });
      assert.equal(r.status, 201, r.text);
    };
    await add('李秀英', '124');
    await add('张建国', '123');
    await add('王志强', '135');
    let r = await admin.post('/api/orgs/5/terms', { elected_on: '2021-06-15' });
    assert.equal(r.status, 201, r.text);
    r = await admin.post('/api/orgs/7/terms', { elected_on: '2022-03-01' });
    assert.equal(r.status, 201, r.text);
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

  async function openOrg(name) {
    const { page } = tab;
    await page.locator('.org-search input').fill(name);
    await page.locator('.org-results li', { hasText: name }).first().click();
    await page.locator('.org-search input').fill('');
    await menu(page, '组织概况');
    await page.locator('.org-page h2', { hasText: name }).waitFor();
  }

  it('shows the 换届 tab with the current state', async () => {
    const { page } = tab;
    await page.goto(`${server.url}/org`);
    await signIn(page, 'chengdong', DEMO_PASSWORD);
    await openOrg('第一网格');
    await page.locator('.el-tabs__item', { hasText: '换届' }).click();
    await page.locator('.term-current', { hasText: '2026-06-15' }).waitFor();
    assert.match(await page.locator('.term-current').innerText(), /换届提醒期/);
    await screenshot(page, '40-terms-tab');
    clean();
  });

  it('the election form checks live and its save fills the committee', async () => {
    const { page } = tab;
    await page.locator('button.term-elect').click();
    const dialog = page.locator('.election-dialog');
    await dialog.waitFor();
    const setNum = async (cls, v) => {
      const input = dialog.locator(`${cls} input`).first();
      await input.fill(String(v));
      await input.blur();
    };
    // the browser's clock is not the server's frozen day: type the election date
    await dialog.locator('[data-field="elected_on"] input').fill('2026-06-15');
    await dialog.locator('[data-field="elected_on"] input').press('Enter');
    await setNum('.in-expected', 10);
    await setNum('.in-present', 8);
    await setNum('.in-seats', 3);
    // three candidates from the roll, a fourth typed in
    for (let i = 1; i < 4; i++) await dialog.locator('button.add-candidate').click();
    const names = ['李秀英', '张建国', '王志强'];
    const posts = ['书记', '组织委员', '宣传委员', '委员'];
    const rows = dialog.locator('.election-candidates .el-table__body tr');
    for (let i = 0; i < 4; i++) {
      const row = rows.nth(i);
      if (i < 3) {
        await row.locator('.cand-member').click();
        await page.locator('.el-select-dropdown__item:visible', { hasText: names[i] }).click();
        await page.locator('.el-select-dropdown:visible').waitFor({ state: 'hidden' }); // closed before the next opens
      } else {
        await row.locator('.cand-name input').fill('赵候选');
      }
      await row.locator('.cand-post').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^${posts[i]}$`) }).click();
      await page.locator('.el-select-dropdown:visible').waitFor({ state: 'hidden' });
      const yes = row.locator('.cand-yes input');
      await yes.fill(String([8, 7, 6, 2][i]));
      await yes.blur();
    }
    await dialog.locator('.election-checks .check-error', { hasText: '五分之四' }).waitFor();
    assert.ok(await dialog.locator('button.save').isDisabled());
    await screenshot(page, '41-election-quorum-fails');
    await setNum('.in-present', 9);
    await dialog.locator('.election-checks .check-ok', { hasText: '五分之四' }).waitFor();
    await dialog.locator('.election-checks .check-ok', { hasText: '20%' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.election-dialog .cand-elected').length === 3);
    await screenshot(page, '42-election-valid');
    await dialog.locator('button.save').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.terms-table', { hasText: '第2届' }).waitFor();
    await page.locator('.el-tabs__item', { hasText: '班子成员（3）' }).click();
    await page.locator('.org-page .el-table__body', { hasText: '李秀英' }).waitFor();
    clean();
  });

  it('the upper organisation approves an extension of the organ branch and lists who is due', async () => {
    const { page } = tab;
    await page.context().clearCookies();
    await page.goto(`${server.url}/org`);
    await signIn(page, 'zzb', DEMO_PASSWORD);
    await openOrg('机关党支部');
    await page.locator('.el-tabs__item', { hasText: '换届' }).click();
    await page.locator('.term-current', { hasText: '2025-03-01' }).waitFor();
    assert.match(await page.locator('.term-current').innerText(), /逾期未换届|届满待换届/);
    await page.locator('button.term-extend').click();
    const dialog = page.locator('.term-extend-dialog');
    await dialog.waitFor();
    await dialog.locator('[data-field="extended_until"] input').fill('2026-03-02');
    await dialog.locator('[data-field="extended_until"] input').press('Enter');
    await dialog.locator('[data-field="approved_on"] input').fill('2026-06-01');
    await dialog.locator('[data-field="approved_on"] input').press('Enter');
    await dialog.locator('[data-field="approver"] input').fill('周书记');
    await dialog.locator('[data-field="doc"] input').fill('示范组字〔2025〕3号');
    await dialog.locator('button.save').click();
    await dialog.locator('[data-field="extended_until"] .el-form-item__error', { hasText: '不超过 1 年' }).waitFor();
    await screenshot(page, '43-extension-refused');
    await dialog.locator('[data-field="extended_until"] input').fill('2026-03-01');
    await dialog.locator('[data-field="extended_until"] input').press('Enter');
    await dialog.locator('button.save').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.term-current', { hasText: '示范组字〔2025〕3号' }).waitFor();

    await page.locator('.org-search input').fill('示范区委');
    await page.locator('.org-results li', { hasText: '示范区委' }).first().click();
    await page.locator('.org-search input').fill('');
    await menu(page, '换届');
    await page.locator('.terms-due-table', { hasText: '第一网格' }).waitFor();
    assert.match(await page.locator('.terms-due-table').innerText(), /机关党支部[\s\S]*逾期未换届|逾期未换届[\s\S]*机关党支部/);
    await screenshot(page, '44-terms-due');
    // sorted over the whole list: 届满日期 ascending puts the expired 机关党支部 first, descending the unrecorded
    const first = page.locator('.terms-due-table .el-table__body tr').first();
    await page.locator('.terms-due-table th', { hasText: '届满日期' }).click();
    await page.waitForFunction(() => /机关党支部/.test(document.querySelector('.terms-due-table .el-table__body tr').innerText));
    await page.locator('.terms-due-table th', { hasText: '届满日期' }).click();
    await page.waitForFunction(() => /未录入/.test(document.querySelector('.terms-due-table .el-table__body tr').innerText));
    assert.doesNotMatch(await first.innerText(), /机关党支部/);
    await page.locator('.due-state').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '任期内' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.terms-due-table .el-table__body tr').length === 1);
    assert.match(await page.locator('.terms-due-table').innerText(), /第一网格/);
    clean();
  });
});
