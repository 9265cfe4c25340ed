// transfer.test.mjs - 组织关系接转, 流动党员 and 失联排查 over HTTP: a transfer
// from the 城东 subtree to the 城西 subtree seen from both sides and refused
// to a third party with the same body as a missing record; every step and
// who may take it; the letter's validity to the day; 口袋党员 after the
// validity; bad input naming the field with nothing written; the flow and
// lapse endpoints; the CLI.
//
// Demo fixture (dangjian demo --scale test): orgs 1 /1/, 2 /1/2/, 3 /1/3/,
// 4 /1/2/4/ (社区党委: the sending 基层党委 of 5 and 6), 5 /1/2/4/5/ and
// 6 /1/2/4/6/ (网格党支部), 7 /1/3/7/ (党支部), 8 /1/3/8/; users admin,
// chengdong (org_admin 2), shuji (branch_admin 5). Made here: jiguan
// (branch_admin 7, the receiving side) and liuwang (branch_admin 6, a third
// party). "Today" is 2026-11-23 (DJ_TODAY). ID numbers are synthetic.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertError, loginAs, runCli, sql, startServer } from './lib.mjs';

const LOGS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../build/test-logs');

function checkChar(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * w[i];
  return '10X98765432'[s % 11];
}
function idcard(birth, seq) {
  const first17 = '990101' + birth.replace(/-/g, '') + String(seq).padStart(3, '0');
  return first17 + checkChar(first17);
}

let seq = 300;
function memberBody(name, org) {
  seq += 2;
  return {
    name,
    id_number: idcard('1988-04-09', seq + 1),
    joined_on: '2012-07-01',
    confirmed_on: '2013-07-01',
    category: 'full',
    org_id: org,
  };
}

describe('transfers', () => {
  let srv;
  let admin;
  let chengdong;
  let shuji;
  let jiguan;
  let liuwang;
  const n = (q) => Number(sql(srv.dbPath, q));
  const audits = () => n('SELECT count(*) FROM audit_log');

  async function user(username, role, org) {
    const r = await admin.post('/api/users', {
      username, display_name: '测试' + username, password: 'Init#Pass2026', role, org_id: org,
      must_change_password: false,
    });
    assert.equal(r.status, 201, r.text);
    return loginAs(srv, username, 'Init#Pass2026');
  }
  async function member(name, org) {
    const r = await admin.post('/api/members', memberBody(name, org));
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  }
  async function issued(name, date) {
    const mid = await member(name, 5);
    const t = await shuji.post('/api/transfers', { kind: 'internal', member_id: mid, to_org_id: 7, requested_on: '2026-01-02' });
    assert.equal(t.status, 201, t.text);
    assert.equal((await chengdong.post(`/api/transfers/${t.body.id}/approve`, { date: '2026-01-03' })).status, 200);
    const i = await chengdong.post(`/api/transfers/${t.body.id}/issue`, { date, dues_paid_to: '2026-01' });
    assert.equal(i.status, 200, i.text);
    return i.body;
  }

  before(async () => {
    srv = await startServer({ env: { DJ_TODAY: '2026-11-23' } });
    [admin, chengdong, shuji] = await Promise.all(['admin', 'chengdong', 'shuji'].map((u) => loginAs(srv, u)));
    jiguan = await user('jiguan', 'branch_admin', 7);
    liuwang = await user('liuwang', 'branch_admin', 6);
  });
  after(async () => {
    await srv?.stop();
  });

  it('moves a member from one subtree to another, each side seeing only its part', async () => {
    const mid = await member('转接测试甲', 5);
    const created = await shuji.post('/api/transfers', { kind: 'internal', member_id: mid, to_org_id: 7, reason: '工作调动' });
    assert.equal(created.status, 201, created.text);
    const t = created.body;
    assert.equal(t.state, 'requested');
    assert.equal(t.category, 'in_province');
    assert.equal(t.category_label, '省（系统）内转接');
    assert.equal(t.approver_name, '幸福社区党委');
    assert.equal(t.to_name, '城西街道机关党支部');

    // both sides see it, from their own side; a third party gets the body of a missing record
    const mine = await jiguan.get(`/api/transfers/${t.id}`);
    assert.equal(mine.status, 200);
    assert.equal(mine.body.side_recv, true);
    assert.equal(mine.body.side_send, false);
    const third = await liuwang.get(`/api/transfers/${t.id}`);
    const missing = await liuwang.get('/api/transfers/999999');
    assertError(third, 403);
    assert.equal(third.text, missing.text);
    assert.equal((await shuji.get('/api/transfers/999999')).text, missing.text);
    assert.equal((await liuwang.get(`/api/transfers/${t.id}/letter`)).text, missing.text);

    // approval and the letter belong to the sending 基层党委
    const before = audits();
    assertError(await shuji.post(`/api/transfers/${t.id}/approve`, {}), 403);
    assertError(await jiguan.post(`/api/transfers/${t.id}/approve`, {}), 403);
    assert.equal(audits(), before);
    assert.equal((await chengdong.post(`/api/transfers/${t.id}/approve`, {})).status, 200);
    assertError(await chengdong.post(`/api/transfers/${t.id}/issue`, { dues_paid_to: '2026-12' }), 400, { field: 'dues_paid_to' });
    assertError(await chengdong.post(`/api/transfers/${t.id}/issue`, { dues_paid_to: '2026-11', valid_until: '2027-02-24' }), 400, { field: 'valid_until' });
    assertError(await chengdong.post(`/api/transfers/${t.id}/issue`, { dues_paid_to: '2026-11', colour: 'red' }), 400, { field: 'colour' });
    assert.equal(n(`SELECT count(*) FROM transfers WHERE id = ${t.id} AND state = 'approved' AND letter_no IS NULL`), 1);
    const iss = await chengdong.post(`/api/transfers/${t.id}/issue`, { dues_paid_to: '2026-11' });
    assert.equal(iss.status, 200, iss.text);
    assert.equal(iss.body.state, 'issued');
    assert.equal(iss.body.issued_on, '2026-11-23');
    assert.equal(iss.body.valid_until, '2027-02-23');
    assert.match(iss.body.letter_no, /^组转〔2026〕\d+号$/);

    const letter = await jiguan.get(`/api/transfers/${t.id}/letter`);
    assert.equal(letter.status, 200, letter.text);
    assert.equal(letter.body.member_name, '转接测试甲');
    assert.equal(letter.body.dues_year, 2026);
    assert.equal(letter.body.dues_month, 11);
    assert.equal(letter.body.valid_days, 93);
    assert.equal(letter.body.issuer_name, '幸福社区党委');
    assert.match(letter.body.id_masked, /^990101\*+\w{4}$/);

    // inboxes
    const inbox = await jiguan.get('/api/transfers?box=in&state=open');
    assert.equal(inbox.status, 200);
    assert.deepEqual(inbox.body.items.map((x) => x.id), [t.id]);
    assert.equal((await shuji.get('/api/transfers?box=in')).body.items.length, 0);
    assert.ok((await shuji.get('/api/transfers?box=out')).body.items.some((x) => x.id === t.id));
    assert.equal((await liuwang.get('/api/transfers')).body.items.length, 0);
    assertError(await jiguan.get('/api/transfers?org_id=5'), 403);
    assertError(await jiguan.get('/api/transfers?box=sideways'), 400, { field: 'box' });

    // receipt by the receiving side only; the member moves with its history
    assertError(await shuji.post(`/api/transfers/${t.id}/receive`, {}), 403);
    assertError(await chengdong.post(`/api/transfers/${t.id}/receive`, {}), 403);
    const rec = await jiguan.post(`/api/transfers/${t.id}/receive`, { date: '2026-11-23' });
    assert.equal(rec.status, 200, rec.text);
    assert.equal(rec.body.state, 'received');
    const m = await jiguan.get(`/api/members/${mid}`);
    assert.equal(m.status, 200);
    assert.equal(m.body.org_id, 7);
    assertError(await shuji.get(`/api/members/${mid}`), 403);
    const hist = await jiguan.get(`/api/members/${mid}/history`);
    assert.deepEqual(hist.body.items.map((x) => x.action), ['member.create', 'member.move']);
    assert.equal((await shuji.get(`/api/transfers/${t.id}`)).status, 200, 'the sender still sees its transfer');

    assertError(await chengdong.post(`/api/transfers/${t.id}/receipt`, {}), 403);
    const done = await jiguan.post(`/api/transfers/${t.id}/receipt`, {});
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.state, 'completed');
    assertError(await jiguan.post(`/api/transfers/${t.id}/receipt`, {}), 409, { field: 'state' });
  });

  it('lists 口袋党员 after the validity, not on its last day', async () => {
    const onTime = await issued('口袋测试甲', '2026-08-23');
    const late = await issued('口袋测试乙', '2026-08-22');
    assert.equal(onTime.valid_until, '2026-11-23');
    assert.equal(late.valid_until, '2026-11-22');
    const overdue = await chengdong.get('/api/transfers?state=overdue');
    const ids = overdue.body.items.map((x) => x.id);
    assert.ok(ids.includes(late.id));
    assert.ok(!ids.includes(onTime.id));
    assert.equal(overdue.body.items.find((x) => x.id === late.id).pocket, true);
    assertError(await jiguan.post(`/api/transfers/${late.id}/receive`, {}), 409);
    assertError(await chengdong.post(`/api/transfers/${onTime.id}/expire`, {}), 409);
    const exp = await chengdong.post(`/api/transfers/${late.id}/expire`, { reason: '逾期未报到' });
    assert.equal(exp.status, 200, exp.text);
    assert.equal(exp.body.state, 'expired');
  });

  it('refuses bad requests naming the field, writing nothing', async () => {
    const mid = await member('坏请求甲', 5);
    const before = [n('SELECT count(*) FROM transfers'), audits()];
    assertError(await shuji.post('/api/transfers', { kind: 'internal', member_id: mid }), 400, { field: 'to_org_id' });
    assertError(await shuji.post('/api/transfers', { kind: 'internal', member_id: mid, to_org_id: 4 }), 400, { field: 'to_org_id' });
    assertError(await shuji.post('/api/transfers', { kind: 'internal', member_id: mid, to_org_id: 7, category: 'x' }), 400, { field: 'category' });
    assertError(await shuji.post('/api/transfers', { kind: 'out', member_id: mid, category: 'cross_province' }), 400, { field: 'to_name' });
    assertError(await shuji.post('/api/transfers', { kind: 'internal', member_id: mid, to_org_id: 7, requested_on: '2026-02-30' }), 400, { field: 'requested_on' });
    assertError(await shuji.post('/api/transfers', { kind: 'internal', member_id: mid, to_org_id: 7, requested_on: '2026-11-24' }), 400, { field: 'requested_on' });
    assertError(await shuji.post('/api/transfers', { kind: 'internal', member_id: 'x', to_org_id: 7 }), 400, { field: 'member_id' });
    assertError(await liuwang.post('/api/transfers', { kind: 'internal', member_id: mid, to_org_id: 7 }), 403);
    assert.deepEqual([n('SELECT count(*) FROM transfers'), audits()], before);
  });

  it('registers an inbound letter from outside and creates the member on receipt', async () => {
    const body = {
      kind: 'in', category: 'cross_province', to_org_id: 7, from_name: '中共外省某县某镇委员会',
      name: '外省转入乙', id_number: idcard('1996-02-10', 801), member_category: 'probationary',
      joined_on: '2026-03-01', letter_no: '外组〔2026〕8号', issued_on: '2026-11-01',
      valid_until: '2027-01-31', dues_paid_to: '2026-10',
    };
    assertError(await shuji.post('/api/transfers', body), 403);
    const t = await jiguan.post('/api/transfers', body);
    assert.equal(t.status, 201, t.text);
    assert.equal(t.body.state, 'issued');
    assert.equal(t.body.member_id, null);
    const r = await jiguan.post(`/api/transfers/${t.body.id}/receive`, {});
    assert.equal(r.status, 200, r.text);
    const m = await jiguan.get(`/api/members/${r.body.member_id}`);
    assert.equal(m.body.add_kind, 'transfer_in');
    assertError(await jiguan.post(`/api/transfers/${t.body.id}/postpone`, { months: 7 }), 400, { field: 'months' });
    const p = await jiguan.post(`/api/transfers/${t.body.id}/postpone`, { months: 6 });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.body.postpone_months, 6);
    assert.equal(p.body.probation_end, '2027-03-01');
  });

  it('flow: registered by the home branch, seen by the host branch', async () => {
    const mid = await member('流动测试甲', 5);
    const f = await shuji.post('/api/flow', {
      side: 'out', member_id: mid, host_org_id: 7, reason: '务工', destination: '城西某公司',
      card_no: 'LD-2026-01', left_on: '2026-06-01',
    });
    assert.equal(f.status, 201, f.text);
    assert.ok((await jiguan.get('/api/flow')).body.items.some((x) => x.id === f.body.id));
    assert.equal((await liuwang.get('/api/flow')).body.items.length, 0);
    assert.equal((await jiguan.get(`/api/flow/${f.body.id}`)).status, 200);
    assertError(await liuwang.get(`/api/flow/${f.body.id}`), 403);
    assert.equal((await shuji.get(`/api/members/${mid}`)).body.status, 'mobile');
    const rv = await jiguan.post(`/api/flow/${f.body.id}/review`, { year: 2026, date: '2026-11-20', result: 'passed' });
    assert.equal(rv.status, 200, rv.text);
    assertError(await jiguan.post(`/api/flow/${f.body.id}/review`, { year: 2026, date: '2026-11-21', result: 'passed' }), 409);
    assertError(await shuji.post('/api/flow', { side: 'out', member_id: mid, host_name: 'x', reason: '务工', destination: 'y', left_on: '2026-13-01' }), 400, { field: 'left_on' });
    const end = await shuji.post(`/api/flow/${f.body.id}/end`, { date: '2026-11-22', reason: '返回' });
    assert.equal(end.status, 200, end.text);
    assert.equal((await shuji.get(`/api/members/${mid}`)).body.status, 'normal');
  });

  it('lapse: contact log, worklist boundary, grounds and recorded decisions', async () => {
    const a = await member('失联测试甲', 6);
    const b = await member('失联测试乙', 6);
    sql(srv.dbPath, `UPDATE members SET created_at = '2025-01-01T00:00:00Z' WHERE id IN (${a}, ${b})`);
    assert.equal((await admin.post(`/api/lapse/members/${a}/contacts`, { date: '2026-05-23', method: '电话' })).status, 201);
    assert.equal((await admin.post(`/api/lapse/members/${b}/contacts`, { date: '2026-05-24', method: '走访' })).status, 201);
    assertError(await shuji.post(`/api/lapse/members/${a}/contacts`, { date: '2026-05-23', method: '电话' }), 403);
    const wl = await liuwang.get('/api/lapse/worklist');
    assert.equal(wl.status, 200);
    const ids = wl.body.items.map((x) => x.member_id);
    assert.ok(ids.includes(a), 'six months to the day');
    assert.ok(!ids.includes(b), 'one day short');
    assert.equal(wl.body.items.find((x) => x.member_id === a).months, 6);

    assert.equal((await liuwang.post(`/api/lapse/members/${b}/grounds`, { ground: 'dues', since: '2026-05-23' })).status, 201);
    const cand = await liuwang.get('/api/lapse/candidates');
    assert.deepEqual(cand.body.items.map((x) => x.member_id), [b]);
    assert.equal((await shuji.get('/api/lapse/candidates')).body.items.length, 0);

    const before = [n('SELECT count(*) FROM status_decisions'), audits()];
    assertError(await liuwang.post(`/api/lapse/members/${a}/decisions`, { decision: 'suspend', date: '2026-11-20', decider: '社区党委', reason: '失联' }), 400, { field: 'doc_no' });
    assertError(await liuwang.post(`/api/lapse/members/${a}/decisions`, { decision: 'vanish', date: '2026-11-20', decider: '社区党委', doc_no: '1号', reason: '失联' }), 400, { field: 'decision' });
    assert.deepEqual([n('SELECT count(*) FROM status_decisions'), audits()], before);
    const d = await liuwang.post(`/api/lapse/members/${a}/decisions`, { decision: 'lost_contact', date: '2026-11-20', decider: '幸福社区第二网格党支部', doc_no: '网二〔2026〕1号', reason: '多方联系未果' });
    assert.equal(d.status, 201, d.text);
    assert.equal((await liuwang.get(`/api/members/${a}`)).body.status, 'lost_contact');
    const notes = await liuwang.get(`/api/lapse/members/${a}`);
    assert.equal(notes.body.contacts.length, 1);
    assert.equal(notes.body.decisions[0].doc_no, '网二〔2026〕1号');
    assertError(await shuji.get(`/api/lapse/members/${a}`), 403);
  });

  it('gives the national 转入/转出党员名册 of each side', async () => {
    const rin = await jiguan.get('/api/transfers/roster?box=in&year=2026');
    assert.equal(rin.status, 200, rin.text);
    assert.equal(rin.body.title, '2026年转入党员名册');
    assert.deepEqual(rin.body.columns, ['姓名', '性别', '身份证号码', '转接类别', '转入日期', '原党组织名称', '目标党组织名称', '描述信息', '党费缴至日期']);
    const row = rin.body.items.find((x) => x.name === '转接测试甲');
    assert.ok(row, rin.text);
    assert.equal(row.date, '2026-11-23');
    assert.equal(row.category, '省（系统）内转接');
    assert.equal(row.dues_paid_to, '2026-11');
    assert.match(row.id_number, /^990101\*+\w{4}$/);
    assert.equal((await jiguan.get('/api/transfers/roster?box=in&year=2025')).body.items.length, 0);
    const rout = await shuji.get('/api/transfers/roster?box=out&year=2026');
    assert.equal(rout.body.columns[0], '序号');
    assert.ok(rout.body.items.some((x) => x.name === '转接测试甲' && x.seq >= 1));
    assert.equal((await shuji.get('/api/transfers/roster?box=in&year=2026')).body.items.length, 0);
    assert.equal((await liuwang.get('/api/transfers/roster?box=in&year=2026')).body.items.length, 0);
    assertError(await jiguan.get('/api/transfers/roster?box=both'), 400, { field: 'box' });
    assertError(await jiguan.get('/api/transfers/roster?box=in&year=12'), 400, { field: 'year' });
  });

  it('prints the 介绍信 as a PDF for both sides, only once issued, 403 to a third branch', async () => {
    // the raw bytes (the client decodes text), with the caller's session cookie
    const fetchPdf = async (c, id) => {
      const r = await fetch(`${srv.url}/api/transfers/${id}/letter.pdf`, { headers: { cookie: c.cookieHeader() } });
      return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
    };
    const pdfText = (bytes, name) => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dj-letter-')), name);
      fs.writeFileSync(file, bytes);
      fs.mkdirSync(LOGS, { recursive: true });
      fs.copyFileSync(file, path.join(LOGS, name));
      return execFileSync('pdftotext', ['-q', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    };
    const mid = await member('介绍信打印甲', 5);
    const t = (await shuji.post('/api/transfers', { kind: 'internal', member_id: mid, to_org_id: 7, requested_on: '2026-11-02' })).body;

    // before the letter is issued: 409 naming the state, for either side
    assertError(await chengdong.get(`/api/transfers/${t.id}/letter.pdf`), 409, { field: 'state' });
    assert.equal((await chengdong.post(`/api/transfers/${t.id}/approve`, { date: '2026-11-03' })).status, 200);
    assertError(await shuji.get(`/api/transfers/${t.id}/letter.pdf`), 409, { field: 'state' });
    const iss = await chengdong.post(`/api/transfers/${t.id}/issue`, { date: '2026-11-04', dues_paid_to: '2026-10' });
    assert.equal(iss.status, 200, iss.text);
    const no = iss.body.letter_no;

    // the sending side
    const send = await fetchPdf(shuji, t.id);
    assert.equal(send.status, 200, send.bytes.toString());
    assert.equal(send.headers.get('content-type'), 'application/pdf');
    assert.equal(send.bytes.subarray(0, 5).toString(), '%PDF-');
    const cd = send.headers.get('content-disposition');
    assert.match(cd, /^attachment; filename="transfer-letter-\d+\.pdf"; filename\*=UTF-8''/);
    assert.equal(decodeURIComponent(cd.split("UTF-8''")[1]), `组织关系介绍信-${no}.pdf`);
    const text = pdfText(send.bytes, 'transfer-letter.pdf');
    for (const want of ['中国共产党党员组织关系介绍信（存根）', '请转接组织关系', '介绍信回执', '介绍信打印甲', no, '2026年10月', '城西街道机关党支部', '幸福社区党委']) {
      assert.ok(text.includes(want), `${want} in ${text}`);
    }
    assert.ok(!/990101\d{12}/.test(text), 'the ID number is masked');
    assert.equal((execFileSync('pdfinfo', ['-'], { input: send.bytes, encoding: 'utf8' }).match(/^Pages:\s+(\d+)/m) || [])[1], '1');

    // the receiving side, on another subtree
    const recv = await fetchPdf(jiguan, t.id);
    assert.equal(recv.status, 200);
    assert.equal(recv.bytes.subarray(0, 5).toString(), '%PDF-');

    // a third branch: the body of a missing id
    const third = await liuwang.get(`/api/transfers/${t.id}/letter.pdf`);
    const missing = await liuwang.get('/api/transfers/999999/letter.pdf');
    assertError(third, 403);
    assert.equal(third.text, missing.text);
    assert.equal(third.text, (await liuwang.get('/api/transfers/999999')).text);
    assertError(await shuji.get('/api/transfers/x/letter.pdf'), 400);

    // a cancelled letter is void: no PDF (the JSON letter stays for the record)
    assert.equal((await shuji.post(`/api/transfers/${t.id}/cancel`, { reason: '调动取消', date: '2026-11-05' })).status, 200);
    const voided = await shuji.get(`/api/transfers/${t.id}/letter.pdf`);
    assertError(voided, 409, { field: 'state' });
    assert.match(voided.body.error.message, /已作废/);
    assert.equal((await shuji.get(`/api/transfers/${t.id}/letter`)).status, 200);
  });

  it('the CLI lists, shows and prints the letter', async () => {
    const t = await issued('命令行测试', '2026-11-20');
    const cli = (...args) => runCli(['--db', srv.dbPath, ...args], { env: { DJ_TODAY: '2026-11-23' } });
    const help = cli('transfer', '--help');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /组织关系|介绍信/);
    const list = cli('transfer', 'list', '--box', 'out');
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /命令行测试/);
    const letter = cli('transfer', 'letter', String(t.id));
    assert.equal(letter.status, 0, letter.stderr);
    assert.match(letter.stdout, /【存根】/);
    assert.match(letter.stdout, /党费已交到 2026年1月/);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dj-letter-')), 'letter.pdf');
    const pdf = cli('transfer', 'letter', String(t.id), '--pdf', file);
    assert.equal(pdf.status, 0, pdf.stderr);
    assert.match(pdf.stdout, /已生成介绍信 PDF/);
    assert.equal(fs.readFileSync(file).subarray(0, 5).toString(), '%PDF-');
    assert.match(execFileSync('pdftotext', ['-q', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }), /命令行测试/);
    assert.equal(cli('transfer', 'letter', String(t.id), '--pdf').status, 2);
    const bad = cli('transfer', 'issue', String(t.id), '--dues', '2026-01');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /当前状态/);
    assert.equal(cli('lapse', 'worklist').status, 0);
    assert.equal(cli('flow', 'list', '--all').status, 0);
    assert.equal(cli('transfer', 'list', '--bogus', 'x').status, 2);
    const roster = cli('transfer', 'roster', '--box', 'out', '--year', '2026');
    assert.equal(roster.status, 0, roster.stderr);
    assert.match(roster.stdout, /^2026年转出党员名册\n序号\t姓名/);
    assert.match(roster.stdout, /命令行测试/);
  });
});
