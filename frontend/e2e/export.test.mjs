// Browser test of 数据导出, the administrator's downloads page, against a
// running gridmap server that seeded the sample town: the page offers
// every layer in every format; files downloaded by clicking its buttons
// carry the town's, the layer's and the date's name, and GDAL (ogrinfo)
// reads them with every feature. A leader has no such page.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 [GRIDMAP_SCREENSHOTS=dir] node --test export.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { browser, useBrowser, pw, openPage, shot, login, fetchFromPage, goView } from './helpers.mjs';

const DESKTOP = { viewport: { width: 1400, height: 1000 }, reducedMotion: 'reduce', acceptDownloads: true };
const LAYERS = ['cells', 'units', 'incidents', 'residents'];
const FORMATS = ['gpkg', 'shp', 'kml', 'geojson', 'xlsx', 'csv'];

let dir;

useBrowser(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridmap-export-e2e-'));
}, async () => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** What ogrinfo says of a file's layer (a shapefile zip through /vsizip/). */
function ogrinfo(file, layer, ...config) {
  const open = file.endsWith('.zip') ? `/vsizip/${file}/${layer}.shp` : file;
  return execFileSync('ogrinfo', ['-ro', '-al', '-so', ...config, open], { encoding: 'utf8' });
}

/** Clicks the button of a layer and format and saves the download: its suggested name and path. */
async function download(page, layer, format) {
  const done = page.waitForEvent('download');
  await page.locator(`#de-table a[data-layer="${layer}"][data-format="${format}"]`).click();
  const d = await done;
  assert.equal(await d.failure(), null, `download of ${layer}.${format} failed`);
  const file = path.join(dir, d.suggestedFilename());
  await d.saveAs(file);
  return { name: d.suggestedFilename(), file };
}

test('数据导出: every layer in every format, downloaded and read by GDAL', { timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser, DESKTOP);
  await login(page, 'admin', pw.admin);
  const cells = (await fetchFromPage(page, 'api/cells')).features.length;
  const town = (await fetchFromPage(page, 'api/town')).properties.name;

  await goView(page, 'export');
  await page.waitForURL(/#\/export$/);
  await page.locator('#de-table').waitFor();
  assert.equal(await page.locator('#page-title').textContent(), '数据导出');
  for (const l of LAYERS) {
    for (const f of FORMATS) {
      const a = page.locator(`#de-table a[data-layer="${l}"][data-format="${f}"]`);
      assert.equal(await a.getAttribute('href'), `api/export/${l}?format=${f}`);
    }
  }
  assert.equal(await page.locator('#de-residents .de-personal').count(), 1, 'residents are marked as personal data');
  await shot(page, 'admin-export.png');

  const day = /^\d{8}$/;
  const shp = await download(page, 'cells', 'shp');
  const [t0, l0, d0] = path.basename(shp.name, '.zip').split('-');
  assert.equal(t0, town);
  assert.equal(l0, '网格');
  assert.match(d0, day);
  const shpInfo = ogrinfo(shp.file, 'cells');
  assert.match(shpInfo, new RegExp(`Feature Count: ${cells}\\b`));
  assert.match(shpInfo, /unit_code: String/);
  assert.match(shpInfo, /WGS 84/);

  const gpkg = await download(page, 'units', 'gpkg');
  assert.match(gpkg.name, /-村社区-\d{8}\.gpkg$/);
  assert.match(ogrinfo(gpkg.file), /Geometry: Polygon/);

  const kml = await download(page, 'incidents', 'kml');
  assert.match(kml.name, /-事件-\d{8}\.kml$/);
  const incidents = Number(ogrinfo(kml.file).match(/Feature Count: (\d+)/)[1]);
  assert.ok(incidents > 0, 'the incidents KML has features');

  const xlsx = await download(page, 'residents', 'xlsx');
  assert.match(xlsx.name, /-居民-\d{8}\.xlsx$/);
  const xlsxInfo = ogrinfo(xlsx.file, '', '--config', 'OGR_XLSX_HEADERS', 'FORCE');
  assert.match(xlsxInfo, /公民身份号码: String/);
  assert.ok(Number(xlsxInfo.match(/Feature Count: (\d+)/)[1]) > 1000, 'the sample town\'s residents');

  const csv = await download(page, 'incidents', 'csv');
  const text = fs.readFileSync(csv.file, 'utf8');
  assert.ok(text.startsWith('\uFEFF编号,类型,来源,状态,发生时间,摘要,当事人'), `the ledger template's header: ${text.slice(0, 60)}`);

  const audit = await fetchFromPage(page, 'api/audit?action=export_residents');
  assert.ok(audit.entries.some((e) => e.username === 'admin' && e.detail === 'xlsx'), 'the residents export is audited');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('数据导出 is the admin\'s alone', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser, DESKTOP);
  await login(page, 'leader', pw.leader);
  await page.locator('#nav').waitFor({ state: 'attached' });
  assert.equal(await page.locator('#nav [data-view="export"]').count(), 0, 'a leader has no 数据导出');
  assert.deepEqual(problems(), []);
  await context.close();
});
