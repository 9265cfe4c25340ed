// console.test.mjs - the scenario in a real browser: sign in, browse
// the tree, search a member, add one with a wrong ID number and see the
// Chinese error on that field, fix it and save, see the masked ID in the list;
// a branch administrator cannot see another branch; session expiry returns to
// the page; sign out. Screenshots go to build/test-logs/screenshots/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, DEMO_PASSWORD } from '../api/lib.mjs';
import { startWebServer, launch, openPage, screenshot, signIn, menu, menuLabels, idNumber, wrongIdNumber } from './lib.mjs';

const MASKED_ID = /^\d{6}\*{8}[\dX]{4}$/;

describe('web console', () => {
  let server;
  let browser;
  let tab; // {context, page, problems} of the current user
  let otherBranchMember;

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
    await add(5, '张建国', '123');
    await add(5, '李秀英', '124');
    await add(5, '张卫东', '135');
    otherBranchMember = await add(6, '王第二网格', '157');
    browser = await launch();
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  /* Every step ends with no console error, page error or CSP violation. */
  function clean() {
    assert.deepEqual(tab.problems, [], 'no console errors, page errors or CSP violations');
  }

  it('reports a CSP violation (the watcher works, the CSP is on)', async () => {
    const probe = await openPage(browser);
    await probe.page.goto(`${server.url}/`);
    await probe.page.locator('.login-card').waitFor();
    await probe.page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.injected = 1';
      document.body.append(s);
    });
    await probe.page.waitForTimeout(200);
    assert.equal(await probe.page.evaluate(() => window.injected), undefined, 'inline script blocked');
    assert.ok(probe.problems.some((p) => /Content Security Policy/i.test(p)), probe.problems.join('\n'));
    await probe.context.close();
  });

  it('shows the sign-in page and the API\'s messages', async () => {
    tab = await openPage(browser);
    const { page } = tab;
    await page.goto(`${server.url}/`);
    await page.locator('.login-card').waitFor();
    await screenshot(page, '01-login');
    await signIn(page, 'admin', 'wrong-password');
    const err = page.locator('.login-error');
    await err.waitFor();
    assert.match(await err.innerText(), /[\u4e00-\u9fff]/, 'Chinese error message');
    clean();
  });

  it('signs in and shows the dashboard of the scope', async () => {
    const { page } = tab;
    await signIn(page, 'admin', DEMO_PASSWORD);
    await page.locator('.dashboard .stat').first().waitFor();
    await page.locator('.topbar').getByText('系统管理员', { exact: true }).waitFor();
    await page.locator('.dashboard canvas').first().waitFor();
    await page.locator('.findings-table .el-table__row').first().waitFor();
    // 待办与预警: this month's 主题党日 not yet held in the fixture's branches
    await page.locator('.todo-table .el-table__row', { hasText: '主题党日' }).first().waitFor();
    await screenshot(page, '02-dashboard');
    clean();
  });

  it('browses the organisation tree and remembers the selection', async () => {
    const { page } = tab;
    const node = (name) => page.locator('.org-tree .el-tree-node__content', { hasText: name }).first();
    for (const name of ['示范区委', '城东街道党工委', '幸福社区党委']) {
      await node(name).locator('.el-tree-node__expand-icon').click();
    }
    await node('幸福社区第一网格党支部').click();
    await page.locator('.dashboard h2', { hasText: '幸福社区第一网格党支部' }).waitFor();
    await menu(page, '组织概况');
    await page.locator('.org-page h2', { hasText: '幸福社区第一网格党支部' }).waitFor();
    await page.locator('.org-info').getByText('网格党支部').first().waitFor();
    await screenshot(page, '03-org');
    // the tree's search box
    await page.locator('.org-search input').fill('第二网格');
    await page.locator('.org-results li', { hasText: '幸福社区第二网格党支部' }).waitFor();
    await page.locator('.org-search input').fill('');
    // a reload keeps the selection
    await page.reload();
    await page.locator('.org-page h2', { hasText: '幸福社区第一网格党支部' }).waitFor();
    clean();
  });

  it('adds a post on the organisation page from the descriptor form', async () => {
    const { page } = tab;
    await page.locator('.org-page button.add-post').click();
    const dialog = page.locator('.record-org_post');
    await dialog.waitFor();
    await dialog.locator('.el-form-item[data-field="post"] .el-select__wrapper').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: /^书记$/ }).click();
    await dialog.locator('.el-form-item[data-field="member_id"] .el-select__wrapper').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '张建国' }).click();
    await dialog.locator('button.save').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.el-tabs__item', { hasText: '班子成员（1）' }).click();
    await page.locator('.org-page .el-table__body', { hasText: '张建国' }).waitFor();
    await screenshot(page, '03b-org-posts');
    clean();
  });

  it('searches a member', async () => {
    const { page } = tab;
    await menu(page, '党员名册');
    const rows = page.locator('.members-table .el-table__body tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 3);
    await page.locator('.member-search input').fill('张');
    await page.waitForFunction(() => document.querySelectorAll('.members-table .el-table__body tr').length === 2);
    assert.match(await page.locator('.members-table').innerText(), /张建国[\s\S]*张卫东/);
    await page.locator('.member-search input').fill('');
    await page.waitForFunction(() => document.querySelectorAll('.members-table .el-table__body tr').length === 3);
    clean();
  });

  it('adds a member: a wrong ID number is refused on its field, then saved', async () => {
    const { page } = tab;
    await page.locator('button.add-member').click();
    const dialog = page.locator('.member-dialog');
    await dialog.waitFor();
    const item = (key) => dialog.locator(`.el-form-item[data-field="${key}"]`);
    await item('name').locator('input').fill('赵新党');
    await item('id_number').locator('input').fill(wrongIdNumber('14020319900315246'));
    await item('joined_on').locator('input').fill('2015-07-01');
    await item('joined_on').locator('input').press('Enter');
    await item('confirmed_on').locator('input').fill('2016-07-01');
    await item('confirmed_on').locator('input').press('Enter');
    await item('category').locator('.el-select__wrapper').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '正式党员' }).click();
    await dialog.locator('button.save').click();
    const fieldError = item('id_number').locator('.el-form-item__error');
    await fieldError.waitFor();
    const message = await fieldError.innerText();
    assert.match(message, /[\u4e00-\u9fff]/, `Chinese error on 身份证号码: ${message}`);
    assert.match(message, /身份证|校验/, message);
    await screenshot(page, '04-member-add-error');
    await item('id_number').locator('input').fill(idNumber('14020319900315246'));
    await dialog.locator('button.save').click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.locator('.members-table .el-table__body tr', { hasText: '赵新党' });
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    assert.ok(cells.some((c) => MASKED_ID.test(c.trim())), `masked ID number in the row: ${cells.join(' | ')}`);
    assert.ok(!cells.some((c) => c.includes(idNumber('14020319900315246'))), 'the full number is not shown');
    await screenshot(page, '05-members');
    clean();
  });

  it('shows a member with history, and changes the status', async () => {
    const { page } = tab;
    await page.locator('.members-table .el-table__body tr', { hasText: '赵新党' }).click();
    await page.locator('.member-info').waitFor();
    assert.match(await page.locator('.member-info').innerText(), /140203\*{8}/);
    await screenshot(page, '06-member');
    await page.locator('.member-page button', { hasText: '变更状态' }).click();
    const dialog = page.locator('.el-dialog', { hasText: '变更党员状态' });
    await dialog.locator('.el-select__wrapper').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '流动' }).click();
    await dialog.locator('button', { hasText: '确定' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.member-head', { hasText: '流动' }).waitFor();
    await page.locator('.el-tabs__item', { hasText: '变更记录' }).click();
    await page.locator('.el-table__body', { hasText: '状态变更' }).waitFor();
    clean();
  });

  it('returns to the login page when the session ends, then back to the page', async () => {
    const { page, context } = tab;
    await menu(page, '党员名册');
    await page.locator('.members-table .el-table__body tr').first().waitFor();
    await context.clearCookies();
    await page.locator('.member-search input').fill('李');
    await page.locator('.login-card', { hasText: '登录已过期' }).waitFor();
    await signIn(page, 'admin', DEMO_PASSWORD);
    await page.locator('.members-page').waitFor();
    assert.equal(new URL(page.url()).pathname, '/members');
    clean();
  });

  it('shows users and the audit log to the administrator', async () => {
    const { page } = tab;
    await menu(page, '用户与角色');
    await page.locator('.users-table', { hasText: 'shuji' }).waitFor();
    // a new branch administrator of the selected branch; a weak password is refused on its field
    await page.locator('button.add-user').click();
    const dialog = page.locator('.user-dialog');
    await dialog.locator('[data-field="username"] input').fill('shuji2');
    await dialog.locator('[data-field="display_name"] input').fill('第一网格组织委员');
    await dialog.locator('[data-field="password"] input').fill('abc');
    await dialog.locator('button.save').click();
    await dialog.locator('[data-field="password"] .el-form-item__error').waitFor();
    await dialog.locator('[data-field="password"] input').fill('Zuzhi@2026');
    await dialog.locator('button.save').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.users-table .el-table__row', { hasText: 'shuji2' }).getByText('支部管理员 · 幸福社区第一网格党支部').waitFor();
    await screenshot(page, '07-users');
    await menu(page, '审计日志');
    await page.locator('.audit-table', { hasText: 'member.create' }).waitFor();
    await screenshot(page, '08-audit');
    clean();
  });

  it('signs out', async () => {
    const { page, context } = tab;
    await page.locator('.topbar button.logout').click();
    await page.locator('.login-card', { hasText: '已退出登录' }).waitFor();
    clean();
    await context.close();
  });

  it('an auditor reads but is offered no changes', async () => {
    tab = await openPage(browser);
    const { page } = tab;
    await page.goto(`${server.url}/members`);
    await signIn(page, 'shenji', DEMO_PASSWORD);
    await page.locator('.members-page').waitFor();
    assert.ok((await menuLabels(page)).includes('审计日志'));
    assert.equal(await page.locator('button.add-member').count(), 0);
    await menu(page, '审计日志');
    await page.locator('.audit-table .el-table__row').first().waitFor();
    await page.locator('.topbar button.logout').click();
    await page.locator('.login-card').waitFor();
    clean();
    await tab.context.close();
  });

  it('a branch administrator sees only their branch', async () => {
    tab = await openPage(browser);
    const { page } = tab;
    await page.goto(`${server.url}/`);
    await signIn(page, 'shuji', DEMO_PASSWORD);
    await page.locator('.dashboard h2', { hasText: '幸福社区第一网格党支部' }).waitFor();
    await page.locator('.topbar', { hasText: '支部管理员（幸福社区第一网格党支部）' }).waitFor();
    const tree = await page.locator('.org-tree .el-tree').innerText();
    assert.ok(!tree.includes('第二网格'), tree);
    assert.ok(!tree.includes('示范区委'), tree);
    assert.ok(!(await menuLabels(page)).includes('用户与角色'));
    await page.locator('.org-search input').fill('第二网格');
    await page.locator('.org-results', { hasText: '没有找到匹配的组织' }).waitFor();
    await page.locator('.org-search input').fill('');
    await menu(page, '党员名册');
    await page.locator('.members-table .el-table__body tr').first().waitFor();
    assert.ok(!(await page.locator('.members-table').innerText()).includes('王第二网格'));
    await screenshot(page, '09-branch-admin-members');
    // the other branch's member by address: refused with the API's message
    await page.goto(`${server.url}/members/${otherBranchMember.id}`);
    await page.locator('.el-message--error', { hasText: '无权访问' }).waitFor();
    await page.locator('.topbar button.logout').click();
    await page.locator('.login-card', { hasText: '已退出登录' }).waitFor();
    clean();
    await tab.context.close();
  });
});
