// Browser test of 热点分析, the leader's hotspot view, against a running
// gridmap server that seeded the sample town: the map of the 138 cells
// coloured as the API answers and as the legend says, each result explained
// in plain words beside it (a quiet cell in a hot area says why), the
// settings under a closed 高级, a change of window that changes map and
// table, Local Moran and the emerging hot spots with their own legends and
// words, a table row that selects its cell and shows its trend, the CSV and
// PNG exports, and the view on a phone and in English.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 [GRIDMAP_SCREENSHOTS=dir] node --test hotspots.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { browser, useBrowser, pw, openPage, shot, login, fetchFromPage, goView } from './helpers.mjs';

const DESKTOP = { viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' };
const CELLS = 138;

useBrowser();

/** Every cell's class and fill on the map, by code. */
function mapClasses(page) {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#hs-map path.hs-cell')].map((p) => {
    const code = [...p.classList].find((c) => /^hs-cell-\d+$/.test(c)).slice(8);
    return [code, { cls: p.dataset.class, fill: p.getAttribute('fill') }];
  })));
}

/** The legend's entries: class -> {color, label, count}. */
function legend(page) {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#hs-legend li[data-class]')].map((li) => [li.dataset.class, {
    color: li.querySelector('.swatch').dataset.color,
    label: li.querySelector('.hs-legend-label').textContent,
    count: Number(li.querySelector('.hs-legend-count').textContent.replace(/\D/g, '')),
  }])));
}

/** The classes a Gi* answer gives the cells, as the map should show them. */
function giClasses(body) {
  return Object.fromEntries(body.features.map((f) => [f.properties.code, f.properties.island ? 'island' : 'gi' + f.properties.bin]));
}

/** The codes the Gi* table should list: significant cells, highest z first. */
function giRows(body) {
  return body.features.map((f) => f.properties).filter((p) => !p.island && p.bin).sort((a, b) => b.z - a.z).map((p) => p.code);
}

/** Waits until the view shows an answer for the kind and nothing is loading. */
async function idle(page, kind) {
  await page.waitForFunction((k) => document.querySelector('#hs-legend')?.dataset.kind === k
    && document.querySelector('.page-hotspots')?.getAttribute('aria-busy') === 'false'
    && document.querySelectorAll('#hs-map path.hs-cell[data-class]').length === 138, kind);
}

/** Checks the map against the expected classes and the legend's colours. */
async function checkMap(page, expected, what) {
  const map = await mapClasses(page);
  const leg = await legend(page);
  assert.equal(Object.keys(map).length, CELLS, `${what}: cells on the map`);
  for (const [code, { cls, fill }] of Object.entries(map)) {
    if (expected) assert.equal(cls, expected[code], `${what}: class of ${code}`);
    assert.ok(leg[cls], `${what}: the legend explains ${cls}`);
    assert.equal(fill, leg[cls].color, `${what}: ${code} has its legend colour`);
  }
  return map;
}

async function tableCodes(page) {
  return page.locator('#hs-rows tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.code));
}

test('hotspots: the leader\'s map and legend, a new window, Moran, emerging, a cell\'s trend, exports', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser, DESKTOP);
  await login(page, 'leader', pw.leader);
  await page.waitForURL(/#\/overview$/);

  // The first answer, for the last year, as the app received it.
  const first = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/api/hotspots'));
  await goView(page, 'hotspots');
  await page.waitForURL(/#\/hotspots$/);
  const firstRes = await first;
  assert.equal(firstRes.status(), 200, `GET ${firstRes.url()}`);
  const q1 = new URL(firstRes.url()).searchParams;
  assert.equal(q1.get('method'), 'gi');
  assert.equal(q1.get('geometry'), 'false', 'the cells\' shapes come from /api/cells');
  const body1 = await firstRes.json();
  await idle(page, 'gi');
  assert.equal(await page.locator('#hs-map path.hs-cell').count(), CELLS);

  // The legend says in words what each colour means.
  const words = await page.locator('#hs-legend').textContent();
  for (const w of ['99% 置信度热点', '95% 置信度热点', '90% 置信度热点', '不显著', '90% 置信度冷点', '95% 置信度冷点', '99% 置信度冷点', '孤立网格（无邻接）', '数据不足']) {
    assert.ok(words.includes(w), `the Gi* legend has ${w}`);
  }
  const map1 = await checkMap(page, giClasses(body1), 'last year');

  // Beside the map, the result in plain words: what a hot area is, why a quiet cell can lie in one, what 90/95/99 % mean.
  const explain = page.locator('#hs-explain');
  assert.ok(await explain.isVisible(), 'the explanation is shown with the results');
  const said = await explain.textContent();
  for (const w of ['热点区域：', '为什么自身没几件事的网格也会是热点', '90%、95%、99% 是什么意思', '纯属巧合的可能性不到 1%']) {
    assert.ok(said.includes(w), `the explanation says ${w}`);
  }
  // The settings are under 高级, closed: the statistics do not stand in a leader's way.
  const advanced = page.locator('#hs-advanced');
  assert.match(await advanced.locator('summary').textContent(), /高级/);
  assert.equal(await advanced.evaluate((d) => d.open), false, '高级 is closed by default');
  for (const id of ['#hs-method', '#hs-measure', '#hs-weights', '#hs-fdr', '#hs-min-count']) {
    assert.equal(await page.locator(id).isVisible(), false, `${id} is hidden under 高级`);
    assert.equal(await page.locator(`#hs-advanced ${id}`).count(), 1, `${id} is under 高级`);
  }
  if (giRows(body1).length) assert.deepEqual(await tableCodes(page), giRows(body1), 'the table: significant cells by z');
  assert.match(await page.locator('#hs-window').textContent(), /\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/);
  await shot(page, 'leader-hotspots.png');

  // Another window: 2021. The map and the table follow the API's answer for it.
  await page.locator('#hs-from').fill('2021-01-01');
  await page.locator('#hs-to').fill('2021-12-31');
  await page.waitForFunction(() => document.querySelector('#hs-window')?.textContent.startsWith('2021-01-01 至 2021-12-31'));
  await idle(page, 'gi');
  assert.equal(await page.locator('#hs-presets [aria-pressed="true"]').count(), 0, 'no preset is pressed for typed dates');
  const body2 = await fetchFromPage(page, 'api/hotspots?from=2021-01-01&to=2022-01-01&measure=count&method=gi&weights=queen&fdr=false&geometry=false');
  assert.equal(body2.total > 0, true, 'incidents in 2021');
  const map2 = await checkMap(page, giClasses(body2), '2021');
  assert.notDeepEqual(giClasses(body2), giClasses(body1), 'the API answers the two windows differently');
  assert.notDeepEqual(map2, map1, 'the map changed with the window');
  const rows2 = await tableCodes(page);
  assert.deepEqual(rows2, giRows(body2), 'the table for 2021');
  assert.notDeepEqual(rows2, giRows(body1), 'the table changed with the window');

  // A quiet cell in a hot area (fewer incidents than the average cell, yet hot): its row and its words say why.
  const avg = body2.total / body2.features.length;
  const quiet = body2.features.map((f) => f.properties).find((p) => !p.island && p.bin > 0 && p.count < avg);
  assert.ok(quiet, 'the sample has a quiet cell in a hot area in 2021');
  const quietRow = page.locator(`#hs-rows tbody tr[data-code="${quiet.code}"]`);
  assert.match(await quietRow.locator('[data-quiet]').textContent(), /自身事件少，处在热点区域中/);
  await quietRow.locator('td').nth(2).click();
  const cellBox = page.locator(`#hs-cell[data-code="${quiet.code}"]`);
  await cellBox.waitFor();
  assert.match(await cellBox.locator('[data-explain="quiet"]').textContent(), /本网格自身事件不多，但与它相邻的网格事件多，所以它处在热点区域之中/);
  assert.match(await cellBox.textContent(), new RegExp(`本网格这段时间有 ${quiet.count} 件事件`));
  const loud = body2.features.map((f) => f.properties).find((p) => !p.island && p.bin > 0 && p.count >= avg);
  if (loud) {
    await page.locator(`#hs-rows tbody tr[data-code="${loud.code}"] td`).nth(2).click();
    await page.locator(`#hs-cell[data-code="${loud.code}"]`).waitFor();
    assert.equal(await page.locator('#hs-cell [data-explain="quiet"]').count(), 0, 'a busy hot cell is not called quiet');
  }

  // A window that ends before it starts: the server's words by the control it names.
  page.allow(400, /\/api\/hotspots$/);
  const refused = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/api/hotspots') && r.status() === 400);
  await page.locator('#hs-from').fill('2022-06-01');
  const { error } = await (await refused).json();
  const where = error.field ? `#hs-filters .field[data-for="${error.field}"] .field-error` : '#hs-error';
  await page.locator(where).waitFor();
  assert.equal(await page.locator(where).textContent(), error.field ? error.message : `服务器返回 400 (${error.message})`);
  await page.locator('#hs-from').fill('2021-01-01');
  await idle(page, 'gi');
  assert.equal(await page.locator('#hs-filters .field-error:not([hidden])').count(), 0, 'the error goes with a good window');

  // Local Moran, chosen under 高级: clusters and outliers in words.
  await advanced.locator('summary').click();
  await page.locator('#hs-method').selectOption('moran');
  await idle(page, 'moran');
  assert.match(await explain.textContent(), /本网格事件多，周边却少：孤立的问题点/);
  const mw = await page.locator('#hs-legend').textContent();
  for (const w of ['高-高 热点聚集', '低-低 冷点聚集', '高-低 高值异常', '低-高 低值异常', '不显著']) assert.ok(mw.includes(w), `the Moran legend has ${w}`);
  const moran = await fetchFromPage(page, 'api/hotspots?from=2021-01-01&to=2022-01-01&measure=count&method=moran&weights=queen&fdr=false&geometry=false');
  await checkMap(page, Object.fromEntries(moran.features.map((f) => [f.properties.code, f.properties.island ? 'island' : 'moran' + f.properties.cluster])), 'Moran');

  // Emerging hot spots over the whole months of 2021.
  await page.locator('.hs-modes [data-mode="emerging"]').click();
  await idle(page, 'emerging');
  const em = await fetchFromPage(page, 'api/hotspots/emerging?from=2021-01-01&to=2022-01-01&weights=queen&geometry=false');
  const emLegend = await legend(page);
  assert.ok((await page.locator('#hs-legend').textContent()).includes('无模式'), 'the emerging legend has 无模式');
  for (const [cat, n] of Object.entries(em.categories)) {
    if (cat === 'none' || !n) continue;
    const cells = em.features.filter((f) => f.properties.category === cat && !f.properties.island).length;
    assert.equal(emLegend['em' + cat].count, cells, `the legend counts ${cat}`);
  }
  await checkMap(page, Object.fromEntries(em.features.map((f) => [f.properties.code, f.properties.island ? 'island' : 'em' + f.properties.category])), 'emerging');
  // Each pattern on the map in words, and why a new hot spot need not be the cell's own incidents.
  for (const [cat, n] of Object.entries(em.categories)) {
    if (cat === 'none' || !n) continue;
    assert.ok((await explain.locator(`[data-category="${cat}"]`).textContent()).length > 8, `the words for ${cat}`);
  }
  assert.match(await explain.locator('[data-explain="quiet"]').textContent(), /不一定表示本网格自己新出了很多事/);

  // Back to Gi* over the last two years; a row selects its cell and shows its trend.
  await page.locator('#hs-method').selectOption('gi');
  await page.locator('.hs-modes [data-mode="hot"]').click();
  await page.locator('#hs-presets [data-preset="2y"]').click();
  await page.waitForFunction(() => !document.querySelector('#hs-window')?.textContent.startsWith('2021-01-01'));
  await idle(page, 'gi');
  await page.locator('#hs-all').check();
  const row = page.locator('#hs-rows tbody tr').first();
  const code = await row.getAttribute('data-code');
  const trendAnswer = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/api/hotspots/trend') && new URL(r.url()).searchParams.get('cell') === code);
  await row.locator('td').nth(2).click();
  const trendRes = await trendAnswer;
  assert.equal(trendRes.status(), 200);
  const trend = await trendRes.json();
  await page.locator(`#hs-trend[data-target="cell:${code}"] svg.hs-trend-chart`).waitFor();
  assert.equal(await page.locator('#hs-trend circle[data-series="reported"]').count(), trend.months.length, 'a point a month');
  // The window ends today, not at the end of this month: the month still running is marked as counted so far.
  const thisMonth = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7);
  assert.equal(trend.months.at(-1), thisMonth, 'the trend ends with this month');
  assert.equal(trend.partial_month, thisMonth, 'this month is partial');
  assert.ok(Date.parse(trend.to) <= Date.now(), `the window ends now, not in the future (${trend.to})`);
  assert.equal(await page.locator(`#hs-trend circle[data-partial="true"][data-month="${thisMonth}"]`).count(), 2, 'a hollow point for each series');
  assert.match(await page.locator(`#hs-trend [data-partial="${thisMonth}"]`).textContent(), /还没过完，只统计到今天/);
  assert.equal(await page.locator('#hs-trend-target').inputValue(), `cell:${code}`);
  assert.equal(await row.getAttribute('aria-selected'), 'true');
  await page.locator('path.hs-selected').waitFor();

  // The table as CSV: a BOM, the header in Chinese, a line a row.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('#hs-export-csv').click()]);
  const bytes = fs.readFileSync(await csv.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the CSV starts with a BOM');
  const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
  assert.equal(lines[0], '#,网格编码,网格名称,村（社区）,事件数,每千人发生率,z 值,p 值,热点分级,基层化解率,超期');
  assert.equal(lines.length, 1 + CELLS, 'every cell, with 显示全部网格');
  assert.ok(lines[1].startsWith(`1,${code},`), 'the first row is the table\'s');
  assert.match(csv.suggestedFilename(), /^hotspots-gi-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);

  // The map as PNG: drawn by the app, not a screenshot of tiles.
  const [png] = await Promise.all([page.waitForEvent('download'), page.locator('#hs-export-png').click()]);
  const img = fs.readFileSync(await png.path());
  assert.deepEqual([...img.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
  assert.equal(img.readUInt32BE(16), 1400, 'the PNG\'s width');
  assert.ok(img.length > 30000, `a PNG with a map in it (${img.length} bytes)`);
  await shot(page, 'leader-hotspots-trend.png');

  // English, then a phone's width: controls wrap, the table scrolls in its box.
  await page.locator('#lang').click();
  await page.waitForFunction(() => document.querySelector('#hs-legend')?.textContent.includes('99 % confidence hot spot'));
  assert.ok((await page.locator('#hs-legend').textContent()).includes('Isolated cell (no neighbours)'));
  await page.locator('#lang').click();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.locator('#page-title').scrollIntoViewIfNeeded();
  const overflow = await page.evaluate(() => document.querySelector('#page').scrollWidth - document.querySelector('#page').clientWidth);
  assert.ok(overflow <= 0, `nothing wider than the phone (${overflow}px too wide)`);
  await shot(page, 'phone-hotspots.png');

  assert.deepEqual(problems(), []);
  await context.close();
});
