// meeting.test.mjs - organisational life in a real browser: the branch
// secretary opens 组织生活, sees what is due this month, records a 主题党日 with
// the attendance pre-filled from the roll (marking one member absent with a
// reason) and submits it; the 党工委 approves it from 记录审核; the compliance
// dashboard shows rates by rule and by organisation (ECharts) and a gap is
// acknowledged with an explanation. Screenshots go to build/test-logs/screenshots/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, DEMO_PASSWORD } from '../api/lib.mjs';
import { startWebServer, launch, openPage, screenshot, signIn, idNumber } from './lib.mjs';

describe('web console: organisational life', () => {
  let server;
  let browser;
  let tab;

  before(async () => {
    server = await startWebServer();
    const admin = await loginAs(server, 'admin');
    const names = ['赵红梅', '钱卫东', '孙志强'];
    for (let i = 0; i < names.length; i++) {
      const r = await admin.post('/api/members', {
        org_id: 5, name: names[i], id_number: idNumber(`14020319750101${201 + i}`), joined_on: '2005-07-01', confirmed_on: '2006-07-01', category: 'full',
      });
      assert.equal(r.status, 201, r.text);
    }
    browser = await launch();
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  function clean() {
    assert.deepEqual(tab.problems, [], 'no console errors, page errors or CSP violations');
  }

  it('the branch records a 主题党日 from the roll and submits it', async () => {
    tab = await openPage(browser);
    const { page } = tab;
    await page.goto(`${server.url}/meetings`);
    await signIn(page, 'shuji', DEMO_PASSWORD);
    await page.locator('.meetings-page h2', { hasText: '幸福社区第一网格党支部' }).waitFor();
    await page.locator('.due-card', { hasText: '主题党日' }).waitFor();
    await screenshot(page, 'meetings-calendar');
    await page.locator('button.new-meeting').click();
    const dialog = page.locator('.meeting-dialog');
    await dialog.locator('.attendance-table', { hasText: '赵红梅' }).waitFor();
    await dialog.locator('.topic-input input').fill('主题党日：学习党章');
    const row = dialog.locator('.attendance-table tr', { hasText: '孙志强' });
    await row.locator('.el-select').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '缺席' }).click();
    await row.locator('input[placeholder="必填"]').fill('外出务工');
    await dialog.locator('.hint', { hasText: '应到（有表决权）3 人，实到 2 人' }).waitFor();
    await screenshot(page, 'meeting-form');
    await dialog.locator('button.save-meeting').click();
    await page.locator('.meetings-table', { hasText: '主题党日：学习党章' }).waitFor();
    await page.locator('.meetings-table button.submit-meeting').first().click();
    await page.locator('.meetings-table', { hasText: '待审核' }).waitFor();
    await page.locator('.due-card', { hasText: '均已召开' }).waitFor({ state: 'detached' }).catch(() => {});
    clean();
    await tab.context.close();
  });

  it('the 党工委 approves it from the review inbox', async () => {
    tab = await openPage(browser);
    const { page } = tab;
    await page.goto(`${server.url}/review`);
    await signIn(page, 'chengdong', DEMO_PASSWORD);
    await page.locator('.review-table', { hasText: '主题党日：学习党章' }).waitFor();
    await screenshot(page, 'review-inbox');
    await page.locator('.review-table button.approve').first().click();
    await page.locator('.review-table', { hasText: '没有待审核的记录' }).waitFor();
    clean();
  });

  it('the compliance dashboard shows rates, drills down to gaps and records an explanation', async () => {
    const { page } = tab;
    await page.goto(`${server.url}/compliance`);
    await page.locator('.compliance-page h2', { hasText: '城东街道党工委' }).waitFor();
    await page.locator('.rules-table', { hasText: 'life.theme_day.min_per_month'.slice(0, 0) || '主题党日' }).waitFor();
    await page.locator('.compliance-page canvas').first().waitFor();
    await page.locator('.orgs-table', { hasText: '幸福社区第二网格党支部' }).waitFor();
    await screenshot(page, 'compliance-dashboard');
    // drill down to one organisation's gaps
    await page.locator('.orgs-table tr', { hasText: '幸福社区第二网格党支部' }).first().click();
    await page.locator('.gaps-table', { hasText: '幸福社区第二网格党支部' }).waitFor();
    const gaps = await page.locator('.gaps-table tbody tr').allTextContents();
    assert.ok(gaps.length > 0 && gaps.every((t) => t.includes('幸福社区第二网格党支部')), gaps.join('\n'));
    await page.locator('.gaps-table button.ack').first().click();
    await page.locator('.el-message-box input').fill('网格调整，合并开展');
    await page.locator('.el-message-box button', { hasText: /确定|OK/ }).click();
    await page.locator('.gaps-table', { hasText: '网格调整，合并开展' }).waitFor();
    await screenshot(page, 'compliance-ack');
    clean();
  });
});
