// Browser test of the printable notice boards (网格公示牌) and the atlas: the
// print views rendered to PDF by headless Chromium, as a town office prints
// them, against a running gridmap server with the sample town.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 [GRIDMAP_SCREENSHOTS=dir] node --test print.test.mjs
//
// A PDF's text is drawn in subset fonts, so the words are checked in the
// print view's text and the pages by counting the PDF's page objects.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import jsQR from 'jsqr';
import { browser, useBrowser, openPage, getJSON, accounts, login, url, CADRE_CELL, SHOTS } from './helpers.mjs';

// The sample town has exactly this many cells.
const SAMPLE_CELLS = 138;

let cells; // features of GET /api/cells

useBrowser(async () => {
  cells = (await getJSON('api/cells')).features;
});

/** The number of pages of a PDF: its /Type /Page objects (not the /Pages tree). */
function pdfPages(pdf) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
}

/** Waits for the print view to be complete and returns how long that took, in ms from start. */
async function ready(page, start, timeout = 60000) {
  await page.locator('.print[data-ready="true"]').waitFor({ state: 'attached', timeout });
  return Date.now() - start;
}

/**
 * Decodes the QR code of the sheet: its SVG drawn on a canvas at 8 pixels
 * a module, read back and given to jsQR.
 */
async function decodeQR(sheet) {
  const img = await sheet.locator('svg.qr').evaluate(async (svg) => {
    const size = svg.viewBox.baseVal.width * 8;
    const src = 'data:image/svg+xml;base64,' + btoa(new XMLSerializer().serializeToString(svg));
    const im = new Image(size, size);
    im.src = src;
    await im.decode();
    const c = document.createElement('canvas');
    c.width = c.height = size;
    const g = c.getContext('2d');
    g.drawImage(im, 0, 0, size, size);
    return { size, data: Array.from(g.getImageData(0, 0, size, size).data) };
  });
  const code = jsQR(Uint8ClampedArray.from(img.data), img.size, img.size);
  assert.ok(code, 'jsQR found no QR code on the sheet');
  return code.data;
}

/** Metres per degree of longitude at latitude lat on the WGS 84 ellipsoid (radius of the parallel). */
function metresPerDegreeLon(lat) {
  const a = 6378137;
  const e2 = 0.00669437999014;
  const φ = (lat * Math.PI) / 180;
  return ((Math.PI / 180) * a * Math.cos(φ)) / Math.sqrt(1 - e2 * Math.sin(φ) ** 2);
}

test('a cell notice board prints on one A4 page with its people, map and a QR code of its public page', async (t) => {
  const code = CADRE_CELL;
  const detail = (await getJSON('api/cells/' + code)).properties;
  const townCentre = (await getJSON('api/mediators')).mediators.filter((m) => !m.unit_code);
  assert.ok(detail.grid_workers.length >= 1 && detail.mediators.length >= 1, `cell ${code} needs a grid worker and mediators`);
  const { context, page, problems } = await openPage(browser, { viewport: { width: 1000, height: 1300 } }, { hash: '#cell=' + code });

  // From the cell's panel, by its button.
  await page.locator('#print-cell').click();
  const start = Date.now();
  const ms = await ready(page, start);
  t.diagnostic(`cell notice board ready in ${ms} ms`);
  assert.equal(new URL(page.url()).hash, '#/print/cell/' + code);
  const sheet = page.locator('.sheet');
  assert.equal(await sheet.count(), 1);

  const text = await sheet.textContent();
  const words = ['网格公示牌', detail.name, code, detail.unit_name, '行政村', `${detail.population} 人`, `${detail.households} 户`];
  for (const w of detail.grid_workers) words.push(w.name, w.phone);
  for (const m of detail.mediators.concat(townCentre)) words.push(m.name, m.role, m.phone);
  words.push('村（社区）干部', '驻片民警', '驻村律师'); // categories in Chinese
  for (const w of words) assert.ok(text.includes(w), `the notice board lacks "${w}"`);
  assert.match(text, /打印日期：\d{4}-\d{2}-\d{2}/);

  // The map: the cell highlighted among labelled neighbours, a north arrow
  // and a scale bar of a round length that measures the map truly.
  const map = sheet.locator('.sheet-map svg');
  assert.equal(await map.locator(`.print-cell[data-code="${code}"]`).count(), 1);
  assert.ok(await map.locator('.print-neighbour').count() >= 3, 'fewer than three neighbours drawn');
  assert.ok(await map.locator('.print-label').count() >= 2, 'fewer than two neighbour labels');
  assert.equal(await map.locator('.print-label-cell').textContent(), detail.name);
  assert.equal(await map.locator('.print-north').count(), 1);
  const scale = await map.locator('.print-scale').evaluate((g) => ({
    words: g.querySelector('.print-scale-length').textContent,
    px: [...g.querySelectorAll('.print-scale-bar')].reduce((n, r) => n + r.getBBox().width, 0),
  }));
  const m = scale.words.match(/^([\d,.]+) (米|千米)$/);
  assert.ok(m, `scale bar labelled "${scale.words}": not metres or kilometres`);
  scale.metres = Number(m[1].replace(/,/g, '')) * (m[2] === '千米' ? 1000 : 1);
  assert.match(String(scale.metres), /^[125]0*$/, `scale bar of ${scale.metres} m: not a round length`);
  const feature = cells.find((f) => f.properties.code === code);
  const ring = feature.geometry.coordinates[0];
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  const widthM = (Math.max(...lons) - Math.min(...lons)) * metresPerDegreeLon((Math.max(...lats) + Math.min(...lats)) / 2);
  const widthPx = await map.locator('.print-cell').evaluate((p) => p.getBBox().width);
  const ratio = (scale.px / scale.metres) / (widthPx / widthM);
  assert.ok(Math.abs(ratio - 1) < 0.01, `scale bar ${scale.px} px for ${scale.metres} m, the cell ${widthPx} px for ${Math.round(widthM)} m: off by ${((ratio - 1) * 100).toFixed(2)} %`);

  // The QR code reads as the URL printed under it: the cell's public page.
  const printedURL = await sheet.locator('.sheet-url').textContent();
  assert.equal(printedURL, url('#cell=' + code));
  assert.equal(await decodeQR(sheet), printedURL);

  await page.screenshot({ path: path.join(SHOTS, 'print-cell.png') });

  // On paper: nothing of the app, and exactly one A4 page.
  await page.emulateMedia({ media: 'print' });
  for (const sel of ['.bar', '#map', '.print-bar']) {
    assert.equal(await page.locator(sel).evaluate((el) => getComputedStyle(el).display), 'none', `${sel} shows in print`);
  }
  let t0 = Date.now();
  const pdf = await page.pdf({ format: 'A4' });
  t.diagnostic(`cell notice board PDF in ${Date.now() - t0} ms, ${pdf.length} bytes`);
  assert.equal(pdfPages(pdf), 1, 'the notice board is not exactly one page');
  await page.emulateMedia({ media: 'screen' });

  // An anonymous visitor who scans the code lands on the cell.
  const visitor = await openPage(browser, { viewport: { width: 390, height: 800 } }, { hash: new URL(printedURL).hash });
  await visitor.page.waitForFunction((c) => document.querySelector('#panel [data-field="code"]')?.textContent === c, code);
  await visitor.context.close();
  assert.deepEqual(problems(), []);
  await context.close();
});

test('a notice board prints what the API gives: no names where it withholds them, -base-url in its QR code', async () => {
  const code = CADRE_CELL;
  const detail = (await getJSON('api/cells/' + code)).properties;
  const { context, page, problems } = await openPage(browser, { viewport: { width: 1000, height: 1300 } });
  // The configuration of a server run with -base-url, behind a proxy under a path.
  const base = 'https://grid.example.cn/anwen';
  await page.route(/\/api\/config$/, async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, json: { ...(await res.json()), base_url: base } });
  });
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  // The answers of a server run with -public-staff-contacts=false to an anonymous reader.
  const blank = (list) => list.map((p) => ({ ...p, name: '', phone: '' }));
  await page.route(/\/api\/cells\/\d+$/, async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    body.properties.grid_workers = blank(body.properties.grid_workers);
    body.properties.mediators = blank(body.properties.mediators);
    await route.fulfill({ response: res, json: body });
  });
  await page.route(/\/api\/mediators$/, async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    await route.fulfill({ response: res, json: { ...body, mediators: blank(body.mediators) } });
  });
  await page.goto(url('#/print/cell/' + code));
  await ready(page, Date.now());
  const text = await page.locator('.sheet').textContent();
  for (const p of [...detail.grid_workers, ...detail.mediators]) {
    assert.ok(!text.includes(p.name) && !text.includes(p.phone), `the sheet shows ${p.name} ${p.phone}, which the API withheld`);
  }
  assert.ok(text.includes('（未公开）'));
  assert.ok(text.includes(detail.mediators[0].role), 'the posts, which stay public, are missing');
  const printedURL = await page.locator('.sheet-url').textContent();
  assert.equal(printedURL, `${base}/#cell=${code}`);
  assert.equal(await decodeQR(page.locator('.sheet')), printedURL);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('the atlas prints a contents list and one page per cell of the town', async (t) => {
  const { context, page, problems } = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  // A leader lands on the town overview, whose dock offers the atlas.
  await login(page, 'leader', accounts().leader);
  await page.locator('#dock-atlas').click();
  const start = Date.now();
  const ms = await ready(page, start);
  t.diagnostic(`atlas ready in ${ms} ms`);
  assert.equal(new URL(page.url()).hash, '#/print/atlas');

  assert.equal(cells.length, SAMPLE_CELLS);
  const codes = cells.map((f) => f.properties.code).sort();
  const contents = page.locator('.sheet-contents');
  const contentsPages = await contents.count();
  const perPage = await contents.first().locator('tbody tr').count();
  assert.equal(contentsPages, Math.ceil(codes.length / perPage), `${contentsPages} contents pages of ${perPage} rows for ${codes.length} cells`);

  // The contents list every cell once, in order, with the page its sheet is on.
  const rows = await page.locator('.sheet-contents tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    code: tr.dataset.code, page: Number(tr.querySelector('.contents-page').textContent),
  })));
  assert.deepEqual(rows.map((r) => r.code), codes);
  rows.forEach((r, i) => assert.equal(r.page, contentsPages + i + 1, `contents: ${r.code} on page ${r.page}`));
  const sheets = await page.locator('.sheet-cell').evaluateAll((els) => els.map((el) => el.dataset.code));
  assert.deepEqual(sheets, codes, 'the cell sheets are not in the contents order');
  const clipped = await page.locator('.sheet').evaluateAll((els) => els.filter((el) => el.scrollHeight > el.clientHeight + 1).map((el) => el.dataset.code || 'contents'));
  assert.deepEqual(clipped, [], 'sheets whose content does not fit their page');
  const last = page.locator('.sheet-cell').last();
  assert.ok((await last.textContent()).includes(`第 ${contentsPages + codes.length} 页 / 共 ${contentsPages + codes.length} 页`));

  await page.screenshot({ path: path.join(SHOTS, 'print-atlas.png') });

  // One PDF page per sheet: with the sheets' page breaks, every sheet is exactly one page.
  const t0 = Date.now();
  const pdf = await page.pdf({ format: 'A4' });
  t.diagnostic(`atlas PDF of ${contentsPages} + ${codes.length} pages in ${Date.now() - t0} ms, ${pdf.length} bytes`);
  assert.equal(pdfPages(pdf), contentsPages + codes.length);
  assert.deepEqual(problems(), []);
  await context.close();
});
