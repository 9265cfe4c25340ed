// dev.test.mjs - 发展党员 in a real browser: the branch secretary sees the
// applicants of the branch with stage filters, opens an applicant's
// timeline with what is due next, records a step one day too early and sees
// the server's Chinese refusal (with the rule id) under the date field, fixes
// it, submits a 预审 to the 党工委; the 党工委 approves it from the review
// inbox. No console error or CSP violation. Screenshots of each page go to
// build/test-logs/screenshots/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, sql, DEMO_PASSWORD } from '../api/lib.mjs';
import { startWebServer, launch, openPage, screenshot, signIn, menu, idNumber } from './lib.mjs';

describe('发展党员 console', () => {
  let server, browser, tab, activistId, candidateId;

  before(async () => {
    server = await startWebServer({ DJ_TODAY: '2026-11-23' });
    sql(server.dbPath, 'UPDATE orgs SET can_approve = 1 WHERE id = 2');
    const admin = await loginAs(server, 'admin');
    const member = async (name, seq) => {
      const r = await admin.post('/api/members', { org_id: 5, name, id_number: idNumber(`99010119800303${seq}`), joined_on: '2005-07-01', confirmed_on: '2006-07-01', category: 'full' });
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    };
    const m1 = await member('联系人甲', '011');
    const m2 = await member('介绍人乙', '013');
    const applicant = async (name, seq) => {
      const r = await admin.post('/api/dev/applicants', { org_id: 5, name, id_number: idNumber(`99010119950505${seq}`), applied_on: '2023-01-10', education: '21' });
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    };
    const steps = (id, list) => list.reduce((p, b) => p.then(async () => {
      const r = await admin.post(`/api/dev/applicants/${id}/steps`, b);
      assert.equal(r.status, 201, `${b.kind}: ${r.text}`);
    }), Promise.resolve());
    const activist = [
      { kind: 'talk', date: '2023-01-20' },
      { kind: 'activist', date: '2023-07-20', meeting: '支部委员会会议' },
      { kind: 'activist_filing', date: '2023-07-25' },
      { kind: 'contacts', date: '2023-07-25', contacts: [m1] },
      { kind: 'assessment', date: '2024-01-10' },
      { kind: 'assessment', date: '2024-07-10' },
    ];
    activistId = await applicant('积极分子甲', '011');
    await steps(activistId, activist);
    candidateId = await applicant('发展对象乙', '013');
    await steps(candidateId, [...activist,
      { kind: 'candidate', date: '2024-07-20', meeting: '支部委员会会议' },
      { kind: 'candidate_filing', date: '2024-07-25' },
      { kind: 'introducers', date: '2024-08-01', introducers: [m1, m2] },
      { kind: 'political_review', date: '2024-09-01', conclusion: 'passed' },
      { kind: 'training', date: '2024-09-10', days: 3 },
      { kind: 'committee_review', date: '2024-10-01', meeting: '支部委员会会议' },
    ]);
    await applicant('申请人丙', '015');
    browser = await launch();
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  function clean() {
    assert.deepEqual(tab.problems, [], 'no console errors, page errors or CSP violations');
  }

  it('lists the branch applicants with stage filters', async () => {
    tab = await openPage(browser);
    const { page } = tab;
    await page.goto(`${server.url}/dev`);
    await signIn(page, 'shuji', DEMO_PASSWORD);
    await page.locator('.org-tree .el-tree-node__content', { hasText: '幸福社区第一网格党支部' }).first().click();
    await menu(page, '入党管理');
    await page.locator('.dev-page h2', { hasText: '幸福社区第一网格党支部' }).waitFor();
    await page.locator('.dev-table .el-table__row', { hasText: '申请人丙' }).waitFor();
    assert.equal(await page.locator('.dev-table .el-table__row').count(), 3);
    await page.locator('.dev-deadlines').waitFor();
    await screenshot(page, 'dev-01-list');
    await page.locator('.stage-filter label', { hasText: '入党积极分子' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.dev-table .el-table__row').length === 1);
    assert.match(await page.locator('.dev-table .el-table__row').innerText(), /积极分子甲/);
    clean();
  });

  it('shows the timeline and the refusal under the date field, then records the step', async () => {
    const { page } = tab;
    await page.locator('.dev-table .el-table__row', { hasText: '积极分子甲' }).click();
    await page.locator('.dev-applicant-page h2', { hasText: '积极分子甲' }).waitFor();
    await page.locator('.dev-next', { hasText: '确定发展对象' }).waitFor();
    assert.match(await page.locator('.dev-next').innerText(), /2024-07-20/);
    await page.locator('.dev-timeline', { hasText: '推荐和确定入党积极分子' }).waitFor();
    await screenshot(page, 'dev-02-timeline');
    const form = page.locator('.dev-step-form');
    await form.locator('.step-kind .el-select__wrapper').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '确定发展对象' }).click();
    const date = form.locator('.step-date input');
    await date.fill('2024-07-19');
    await date.press('Enter');
    await form.locator('.step-meeting input').fill('支部委员会会议');
    await form.locator('button.record-step').click();
    const err = form.locator('.el-form-item[data-field="date"] .el-form-item__error');
    await err.waitFor();
    assert.match(await err.innerText(), /dev\.activist\.min_months/);
    await screenshot(page, 'dev-03-step-refused');
    await date.fill('2024-07-20');
    await date.press('Enter');
    await form.locator('button.record-step').click();
    await page.locator('.dev-applicant-page h2', { hasText: '发展对象' }).waitFor();
    clean();
  });

  it('submits a 预审 and the 党工委 approves it from the inbox', async () => {
    const { page } = tab;
    await page.goto(`${server.url}/dev/${candidateId}`);
    await page.locator('.dev-applicant-page h2', { hasText: '发展对象乙' }).waitFor();
    const form = page.locator('.dev-step-form');
    await form.locator('.step-kind .el-select__wrapper').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '上级党委预审' }).click();
    await form.locator('button.submit-review').click();
    await page.locator('.el-message', { hasText: '已提交上级党委审核' }).waitFor();
    clean();
    await tab.context.close();

    tab = await openPage(browser);
    const p2 = tab.page;
    await p2.goto(`${server.url}/dev/reviews`);
    await signIn(p2, 'chengdong', DEMO_PASSWORD);
    await p2.locator('.reviews-table .el-table__row', { hasText: '发展对象乙' }).waitFor();
    await screenshot(p2, 'dev-04-inbox');
    await p2.locator('.reviews-table .el-table__row', { hasText: '发展对象乙' }).locator('button.approve').click();
    const dlg = p2.locator('.review-dialog');
    await dlg.locator('.review-meeting input').fill('街道党工委会议');
    await dlg.locator('button.confirm').click();
    await p2.locator('.el-message', { hasText: '已审批通过' }).waitFor();
    assert.equal(Number(sql(server.dbPath, `SELECT count(*) FROM dev_events WHERE applicant_id = ${candidateId} AND step = 13`)), 1);
    assert.equal(Number(sql(server.dbPath, "SELECT count(*) FROM audit_log WHERE action = 'dev.review.approve'")), 1);
    clean();
  });
});
