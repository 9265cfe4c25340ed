// org_actions.test.mjs - the moves and the dissolution in a real browser: a
// member moved to another branch shows in that branch's list; dissolving a
// branch that still has members is refused with the server's Chinese message
// in the dialog; an empty branch is moved under another 党工委, then dissolved.
// Screenshots of the dialogs go to build/test-logs/screenshots/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, DEMO_PASSWORD } from '../api/lib.mjs';
import { startWebServer, launch, openPage, screenshot, signIn, menu, idNumber } from './lib.mjs';

describe('web console: move and dissolve', () => {
  let server;
  let browser;
  let tab;
  let moved;

  before(async () => {
    server = await startWebServer();
    const admin = await loginAs(server, 'admin');
    const add = async (org_id, name, seq) => {
      const r = await admin.post('/api/members', {
        org_id, name, id_number: idNumber(`14020319800101${seq}`), joined_on: '2010-07-01', confirmed_on: '2011-07-01', category: 'full',
      });
      assert.equal(r.status, 201, r.text);
      return r.body;
    };
    moved = await add(5, '李秀英', '124');
    await add(5, '张建国', '123');
    await add(6, '王第二网格', '157');
    const u = await admin.post('/api/users', { username: 'lixiuying', display_name: '李秀英', password: 'Dangyuan@2026', role: 'member', org_id: 6,
      must_change_password: true });
    assert.equal(u.status, 201, u.text);
    const r = await admin.post('/api/orgs', { parent_id: 4, name: '幸福社区第三网格党支部', kind: 'grid_branch' });
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

  /* Select an organisation through the tree's search box and open the 组织 page. */
  async function openOrg(name) {
    const { page } = tab;
    await page.locator('.org-search input').fill(name);
    await page.locator('.org-results li', { hasText: name }).first().click();
    await page.locator('.org-search input').fill('');
    await menu(page, '组织概况');
    await page.locator('.org-page h2', { hasText: name }).waitFor();
  }

  /* Pick an organisation in an OrgPicker by typing part of its name. */
  async function pick(dialog, typed, name) {
    await dialog.locator('.org-picker input').fill(typed);
    await tab.page.locator('.el-select-dropdown__item:visible', { hasText: name }).click();
    await tab.page.waitForTimeout(300); // the dropdown's closing transition, for the screenshot
  }

  it('moves a member to another branch and finds it in that branch\'s list', async () => {
    const { page } = tab;
    await page.goto(`${server.url}/members/${moved.id}`);
    await signIn(page, 'admin', DEMO_PASSWORD);
    await page.locator('.member-head', { hasText: '幸福社区第一网格党支部' }).waitFor();
    await page.locator('.member-page button.move-member').click();
    const dialog = page.locator('.member-move-dialog');
    await dialog.waitFor();
    await pick(dialog, '第二网格', '幸福社区第二网格党支部');
    await screenshot(page, '10-member-move');
    await dialog.locator('button.save').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.member-head', { hasText: '幸福社区第二网格党支部' }).waitFor();
    await page.locator('.el-tabs__item', { hasText: '变更记录' }).click();
    await page.locator('.el-table__body', { hasText: '转移' }).waitFor();
    // 关联账号: the member's own account
    await page.locator('.member-page button.link-user').click();
    const link = page.locator('.member-link-dialog');
    await link.locator('.el-select__wrapper').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: 'lixiuying' }).click();
    await page.waitForTimeout(300);
    await screenshot(page, '10b-member-link-user');
    await link.locator('button.save').click();
    await link.waitFor({ state: 'hidden' });
    await page.locator('.el-table__body', { hasText: '关联账号' }).waitFor();
    // the new branch's list has the member, the old one no longer
    await openOrg('幸福社区第二网格党支部');
    await menu(page, '党员名册');
    await page.locator('.members-table .el-table__body', { hasText: '李秀英' }).waitFor();
    await openOrg('幸福社区第一网格党支部');
    await menu(page, '党员名册');
    await page.locator('.members-table .el-table__body', { hasText: '张建国' }).waitFor();
    assert.ok(!(await page.locator('.members-table').innerText()).includes('李秀英'));
    clean();
  });

  it('refuses to dissolve a branch with members, moves and dissolves an empty one', async () => {
    const { page } = tab;
    await openOrg('幸福社区第二网格党支部');
    await page.locator('.org-page button.dissolve-org').click();
    let dialog = page.locator('.org-dissolve-dialog');
    await dialog.waitFor();
    await dialog.locator('[data-field="reason"] textarea').fill('网格调整');
    await dialog.locator('button.save').click();
    const refusal = dialog.locator('.form-alert, .el-form-item__error');
    await refusal.first().waitFor();
    const message = await refusal.first().innerText();
    assert.match(message, /[\u4e00-\u9fff]/, message);
    assert.match(message, /党员/, message);
    await screenshot(page, '11-org-dissolve-refused');
    await dialog.locator('button', { hasText: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.org-info').getByText('正常').first().waitFor();

    // the empty branch: moved under 城西街道党工委, then dissolved
    await openOrg('幸福社区第三网格党支部');
    await page.locator('.org-page button.move-org').click();
    dialog = page.locator('.org-move-dialog');
    await dialog.waitFor();
    // under a branch: refused, the message under the field
    await pick(dialog, '第一网格', '幸福社区第一网格党支部');
    await dialog.locator('button.save').click();
    const fieldError = dialog.locator('[data-field="parent_id"] .el-form-item__error');
    await fieldError.waitFor();
    assert.match(await fieldError.innerText(), /[\u4e00-\u9fff]/);
    await pick(dialog, '城西街道', '城西街道党工委');
    await screenshot(page, '12-org-move');
    await dialog.locator('button.save').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.org-page .el-breadcrumb', { hasText: '城西街道党工委' }).waitFor();
    await page.locator('.org-page button.dissolve-org').click();
    dialog = page.locator('.org-dissolve-dialog');
    await dialog.waitFor();
    await dialog.locator('[data-field="reason"] textarea').fill('网格合并');
    await screenshot(page, '13-org-dissolve');
    await dialog.locator('button.save').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.org-info').getByText('已撤销').first().waitFor();
    assert.equal(await page.locator('.org-page button.dissolve-org').count(), 0, 'no actions on a dissolved organisation');
    clean();
  });
});
