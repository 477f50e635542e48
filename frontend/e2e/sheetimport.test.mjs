// Browser tests of the sheet tabs of 数据导入 (居民, 网格员/调解员, 台账): the administrator's import of an
// office's residents sheet, against a running gridmap server that seeded
// the sample town: the template downloads; a sheet (written with excelize
// by roster/rostertest/sheetgen: the sample's households again, under
// other identity numbers) with one mistyped identity number is checked,
// shows that row's error by row and column in Chinese, offers its error
// sheet, and cannot be imported; the corrected sheet is checked, imported
// with the progress bar running to its end, and shows what was written.
// A sheet whose headers differ from the template's is mapped on the page.
// On the 网格员/调解员 tab a staff sheet opens accounts whose passwords are
// shown once and let the new grid worker log in; on the 台账 tab a ledger
// goes in, and the incidents export read back in changes nothing.
// The imports write to a server of the test's own (GRIDMAP_BIN over a new
// database of the sample town), not to the shared one, whose residents the
// other tests count.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 GRIDMAP_BIN=/tmp/gridmap [GRIDMAP_SCREENSHOTS=dir] node --test sheetimport.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { browser, useBrowser, pw, openPage, shot, login, ownServer, CADRE_CELL, goView } from './helpers.mjs';

const DESKTOP = { viewport: { width: 1400, height: 1000 }, reducedMotion: 'reduce' };
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ROWS = 3000;

const NO_BIN = !process.env.GRIDMAP_BIN && 'GRIDMAP_BIN (the gridmap binary) is not set';

let dir;
let server;

useBrowser(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridmap-sheets-'));
  if (!NO_BIN) server = await ownServer(pw.admin);
}, async () => {
  if (server) await server.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A page on the test's own server, logged in as the admin, on a tab of 数据导入 (居民 unless told). */
async function residentsTab(tab = 'residents') {
  const { context, page, problems } = await openPage(browser, DESKTOP);
  await page.goto(server.url);
  await page.waitForSelector('body[data-state="ready"]');
  await login(page, 'admin', pw.admin);
  await goView(page, 'import');
  await page.waitForURL(/#\/import$/);
  await page.locator(`#di-tab-${tab}`).click();
  await page.locator(`.si[data-kind="${tab}"] #si-form`).waitFor();
  return { context, page, problems };
}

/** Writes a residents sheet of at least n rows with sheetgen; its path. */
function sheet(name, n, ...flags) {
  const file = path.join(dir, name);
  execFileSync('go', ['run', './roster/rostertest/sheetgen', '-n', String(n), '-o', file, ...flags], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return file;
}

/** Clicks what starts a download and returns its file name and bytes. */
async function download(page, locator) {
  const [d] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  const file = path.join(dir, 'dl-' + d.suggestedFilename());
  await d.saveAs(file);
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(file) };
}

const isXLSX = (b) => b.length > 100 && b.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'binary'));

test('数据导入 居民: template, a row error, its error sheet, the fix, the import with progress', { timeout: 240000, skip: NO_BIN }, async () => {
  const bad = sheet('居民-错.xlsx', ROWS, '-bad');
  const good = sheet('居民.xlsx', ROWS);
  const { context, page, problems } = await residentsTab();
  assert.equal(await page.locator('#di-tab-residents').getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('#si-commit').isDisabled(), true, 'nothing to import before 预检');

  // The template.
  const tpl = await download(page, page.locator('#si-template'));
  assert.equal(tpl.name, '居民导入模板.xlsx');
  assert.ok(isXLSX(tpl.bytes), 'the template is an .xlsx');

  // Without a file, 预检 asks for one.
  await page.locator('#si-check').click();
  await page.locator('#si-form .field[data-for="file"] .field-error:not([hidden])').waitFor();
  assert.equal(await page.locator('#si-form .field[data-for="file"] .field-error').textContent(), '请选择表格文件。');

  // 预检 of the sheet with a mistyped identity number: its row, column and message.
  await page.locator('#si-file').setInputFiles(bad);
  await page.locator('#si-check').click();
  const row = page.locator('#si-errors tbody tr[data-row="2"]');
  await row.waitFor();
  const cells = await row.locator('td').allTextContents();
  assert.equal(cells[1], '公民身份号码');
  assert.match(cells[2], /校验位不符/);
  assert.equal(await page.locator('#si-errors tbody tr').count(), 1);
  assert.match(await page.locator('#si-counts').textContent(), /有错误 1 行/);
  assert.match(await page.locator('#si-verdict').textContent(), /更正/);
  assert.equal(await page.locator('#si-commit').isDisabled(), true, 'a sheet with a wrong row cannot be imported');
  await shot(page, 'sheetimport-row-error.png');

  // The error sheet.
  const errs = await download(page, page.locator('#si-errors-sheet'));
  assert.equal(errs.name, '居民-错-错误.xlsx');
  assert.ok(isXLSX(errs.bytes), 'the error sheet is an .xlsx');

  // Fixed: 预检 passes, 导入 writes with the progress bar running to its end.
  await page.locator('#si-file').setInputFiles(good);
  assert.equal(await page.locator('#si-commit').isDisabled(), true, 'a new file needs its own 预检');
  await page.locator('#si-check').click();
  await page.locator('#si-verdict.notice-ok').waitFor();
  const rows = Number((await page.locator('#si-counts').textContent()).match(/共 ([\d,]+) 行/)[1].replace(/,/g, ''));
  assert.ok(rows >= ROWS, `the sheet has ${rows} rows`);
  assert.equal(await page.locator('#si-commit').isDisabled(), false);
  const phases = new Set();
  await page.exposeFunction('sawPhase', (p) => phases.add(p));
  await page.evaluate(() => {
    const box = document.querySelector('#si-result');
    new MutationObserver(() => {
      const bar = document.querySelector('#si-progress');
      if (bar) window.sawPhase(bar.dataset.phase);
    }).observe(box, { childList: true, subtree: true });
  });
  await page.locator('#si-commit').click();
  await page.locator('#si-done').waitFor({ timeout: 120000 });
  assert.ok(phases.has('done'), `the progress bar ends done: saw ${[...phases]}`);
  assert.ok(phases.size >= 2, `the progress bar showed the job under way: saw ${[...phases]}`);
  assert.equal(await page.locator('#si-progress').evaluate((el) => el.value), 1);
  assert.match(await page.locator('#si-progress-text').textContent(), new RegExp(`完成：共 ${rows.toLocaleString('zh-CN')} 行`));
  const written = await page.locator('#si-written tr[data-noun="residents"] td').allTextContents();
  assert.equal(Number(written[0].replace(/,/g, '')), rows, 'every resident created');
  assert.equal(await page.locator('#si-commit').isDisabled(), true, 'imported once: no second 导入 without a new 预检');
  await shot(page, 'sheetimport-done.png');

  // Importing the same sheet again creates nothing.
  await page.locator('#si-check').click();
  await page.locator('#si-verdict.notice-ok').waitFor();
  await page.locator('#si-commit').click();
  await page.locator('#si-done').waitFor({ timeout: 120000 });
  const again = await page.locator('#si-written tr[data-noun="residents"] td').allTextContents();
  assert.deepEqual(again.map((s) => Number(s.replace(/,/g, ''))), [0, 0, rows], 'again: all unchanged');

  assert.deepEqual(problems(), []);
  await context.close();
});

test('数据导入 居民: headers the server does not know are mapped on the page', { timeout: 120000, skip: NO_BIN }, async () => {
  const { context, page, problems } = await residentsTab();
  // A CSV whose household number and identity number columns are named otherwise.
  const csv = ['户编码,户主姓名,姓名,与户主关系,身份证件号,所属网格',
    `映射-1,赵映射,赵映射,本人,110101199003077777,${CADRE_CELL}`].join('\n');
  const id = '11010119900307777';
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const check = '10X98765432'[[...id].reduce((s, d, i) => s + Number(d) * weights[i], 0) % 11];
  await page.locator('#si-file').setInputFiles({ name: '映射.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.replace('110101199003077777', id + check)) });
  await page.locator('#si-check').click();
  await page.locator('#si-failed').waitFor();
  assert.match(await page.locator('#si-failed').textContent(), /缺少必填列/);
  assert.match(await page.locator('#si-missing').textContent(), /户号.*公民身份号码/);
  await page.locator('select[data-column="户编码"]').selectOption('household_no');
  await page.locator('select[data-column="身份证件号"]').selectOption('id_number');
  await page.locator('#si-check').click();
  await page.locator('#si-verdict.notice-ok').waitFor();
  assert.match(await page.locator('#si-counts').textContent(), /共 1 行，正确 1 行/);
  assert.deepEqual(problems(), []);
  await context.close();
});

/** Runs 预检 then 导入 of a sheet given as a CSV on the open tab; the written counts by noun. */
async function importCSV(page, name, lines, { accounts = false } = {}) {
  await page.locator('#si-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  if (accounts) await page.locator('#si-accounts').check();
  await page.locator('#si-check').click();
  await page.locator('#si-verdict.notice-ok').waitFor();
  await page.locator('#si-commit').click();
  await page.locator('#si-done').waitFor({ timeout: 60000 });
  const out = {};
  for (const tr of await page.locator('#si-written tbody tr').all()) {
    out[await tr.getAttribute('data-noun')] = (await tr.locator('td').allTextContents()).map((s) => Number(s.replace(/,/g, '')));
  }
  return out;
}

test('数据导入 网格员/调解员: a staff sheet opens accounts, their passwords shown once', { timeout: 120000, skip: NO_BIN }, async () => {
  const { context, page, problems } = await residentsTab('staff');
  const written = await importCSV(page, '人员.csv', [
    '姓名,类别,职务,联系电话,所属网格,所属村社区,是否开通账号,用户名',
    `钱网格,网格员,,13900001234,${CADRE_CELL},,是,e2e.qian`,
    '孙律师,驻村律师,,13900005678,,500110119206,否,',
  ], { accounts: true });
  assert.deepEqual(written.grid_workers, [1, 0, 0], 'one grid worker created');
  assert.deepEqual(written.mediators, [1, 0, 0], 'one mediator created');
  assert.deepEqual(written.accounts, [1, 0, 0], 'one account opened');
  const rows = page.locator('#si-passwords tbody tr');
  assert.equal(await rows.count(), 1);
  const cells = await rows.first().locator('td').allTextContents();
  assert.equal(cells[0], 'e2e.qian');
  assert.match(await page.locator('#si-passwords [role="alert"]').textContent(), /只显示这一次/);
  const password = cells[4];
  assert.ok(password.length >= 12, `a password of ${password.length} characters`);
  await shot(page, 'sheetimport-staff-passwords.png');

  // Importing the same sheet again opens nothing and shows no password.
  const again = await importCSV(page, '人员.csv', [
    '姓名,类别,职务,联系电话,所属网格,所属村社区,是否开通账号,用户名',
    `钱网格,网格员,,13900001234,${CADRE_CELL},,是,e2e.qian`,
    '孙律师,驻村律师,,13900005678,,500110119206,否,',
  ], { accounts: true });
  assert.deepEqual(again.accounts, [0, 0, 1]);
  assert.equal(await page.locator('#si-passwords').count(), 0, 'no password the second time');
  assert.deepEqual(problems(), []);
  await context.close();

  // The new grid worker logs in with the password shown, into their own cell.
  const worker = await openPage(browser, DESKTOP);
  await worker.page.goto(server.url);
  await worker.page.waitForSelector('body[data-state="ready"]');
  await login(worker.page, 'e2e.qian', password);
  const me = await worker.page.evaluate(async () => (await fetch('api/auth/me')).json());
  assert.equal(me.role, 'grid_worker');
  assert.deepEqual(me.user.cells, [CADRE_CELL]);
  assert.deepEqual(worker.problems(), []);
  await worker.context.close();
});

test('数据导入 台账: a ledger goes in, and its export read back changes nothing', { timeout: 120000, skip: NO_BIN }, async () => {
  const { context, page, problems } = await residentsTab('incidents');
  const written = await importCSV(page, '台账.csv', [
    '编号,类型,来源,状态,发生时间,摘要,当事人,详细情况,经度,纬度,所属网格,办结时间',
    `E2E-001,邻里纠纷,群众来访,已化解,2021-03-04 09:30,排水沟纠纷,张三、李四,两户因排水沟改道争执,,,${CADRE_CELL},2021-03-10`,
    `E2E-002,其他,信访,调解中,2021-04-02,补偿款诉求,王五,,,,${CADRE_CELL},`,
  ]);
  assert.deepEqual(written.incidents, [2, 0, 0], 'two incidents created');

  // The whole incidents export (the sample's reports as GM- and their ID, and the ledger) imports unchanged.
  const csv = await page.evaluate(async () => {
    const res = await fetch('api/export/incidents?format=csv');
    return res.ok ? res.text() : `status ${res.status}`;
  });
  assert.match(csv, /E2E-001/);
  assert.match(csv, /GM-1,/);
  await page.locator('#si-file').setInputFiles({ name: '事件导出.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.locator('#si-check').click();
  await page.locator('#si-verdict.notice-ok').waitFor();
  await page.locator('#si-commit').click();
  await page.locator('#si-done').waitFor({ timeout: 60000 });
  const [created, updated, unchanged] = (await page.locator('#si-written tr[data-noun="incidents"] td').allTextContents()).map((s) => Number(s.replace(/,/g, '')));
  assert.deepEqual([created, updated], [0, 0], 'the export read back creates and changes nothing');
  assert.ok(unchanged > 2, `${unchanged} incidents unchanged`);
  await shot(page, 'sheetimport-ledger-roundtrip.png');
  assert.deepEqual(problems(), []);
  await context.close();
});
