// Browser test of the 居民 tab of 数据导入, the administrator's import of an
// office's residents sheet, against a running gridmap server that seeded
// the sample town: the template downloads; a sheet (written with excelize
// by roster/rostertest/sheetgen: the sample's households again, under
// other identity numbers) with one mistyped identity number is checked,
// shows that row's error by row and column in Chinese, offers its error
// sheet, and cannot be imported; the corrected sheet is checked, imported
// with the progress bar running to its end, and shows what was written.
// A sheet whose headers differ from the template's is mapped on the page.
// The imports write to a server of the test's own (GRIDMAP_BIN over a new
// database of the sample town), not to the shared one, whose residents the
// other tests count.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 GRIDMAP_BIN=/tmp/gridmap [GRIDMAP_SCREENSHOTS=dir] node --test sheetimport.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openPage, shot, login, accounts, ownServer, CADRE_CELL } from './helpers.mjs';

const DESKTOP = { viewport: { width: 1400, height: 1000 }, reducedMotion: 'reduce' };
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ROWS = 3000;

const NO_BIN = !process.env.GRIDMAP_BIN && 'GRIDMAP_BIN (the gridmap binary) is not set';

let browser;
let pw;
let dir;
let server;

before(async () => {
  browser = await launch();
  pw = accounts();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridmap-sheets-'));
  if (!NO_BIN) server = await ownServer(pw.admin);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A page on the test's own server, logged in as the admin, on the 居民 tab of 数据导入. */
async function residentsTab() {
  const { context, page, problems } = await openPage(browser, DESKTOP);
  await page.goto(server.url);
  await page.waitForSelector('body[data-state="ready"]');
  await login(page, 'admin', pw.admin);
  await page.locator('#nav [data-view="import"]').click();
  await page.waitForURL(/#\/import$/);
  await page.locator('#di-tab-residents').click();
  await page.locator('#si-form').waitFor();
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
