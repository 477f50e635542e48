// Browser test of the public map app against a running gridmap server: what
// anyone sees without logging in (accounts.test.mjs tests the roles).
//
//   GRIDMAP_URL=http://127.0.0.1:8080 [GRIDMAP_SCREENSHOTS=dir] node --test
//
// It drives the system Chromium through playwright-core on a desktop and a
// phone viewport and writes screenshots for a human to look at.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, openPage as open, getJSON, shot, settled, frames, url, SHOTS } from './helpers.mjs';

// The sample town has exactly this many cells.
const SAMPLE_CELLS = 138;

let cells; // features of GET /api/cells
let byCode; // code -> properties
let picks; // cells the tests open: {code, detail} each

useBrowser(async () => {
  cells = (await getJSON('api/cells')).features;
  byCode = new Map(cells.map((f) => [f.properties.code, f.properties]));
  // Cells with at least one grid worker, spread over the list.
  picks = [];
  const step = Math.max(1, Math.floor(cells.length / 7));
  for (let i = Math.floor(step / 2); i < cells.length && picks.length < 4; i += step) {
    const detail = (await getJSON('api/cells/' + cells[i].properties.code)).properties;
    if (detail.grid_workers && detail.grid_workers.length) picks.push({ code: detail.code, detail });
  }
  assert.ok(picks.length >= 3, 'need three cells with grid workers in the data set');
  console.log(`screenshots in ${SHOTS}`);
});

/** Opens the app anonymously; problems() lists console errors and failed requests. */
function openPage(options) {
  return open(browser, { reducedMotion: 'reduce', ...options });
}

async function assertCellCount(page) {
  const n = await page.locator('path.gm-cell').count();
  assert.equal(n, cells.length, `cell shapes on the page = ${n}; want ${cells.length} features from /api/cells`);
  assert.equal(n, SAMPLE_CELLS, `cell shapes on the page = ${n}; want the sample town's ${SAMPLE_CELLS}`);
}

/** Checks the open panel shows the cell: code, unit, population and a grid worker. */
async function assertPanel(page, code) {
  const p = byCode.get(code);
  const detail = picks.find((x) => x.code === code)?.detail || (await getJSON('api/cells/' + code)).properties;
  const panel = page.locator('#panel');
  await panel.waitFor({ state: 'visible' });
  await page.waitForFunction((c) => document.querySelector('#panel [data-field="code"]')?.textContent === c, code);
  assert.equal(await page.locator('#panel-title').textContent(), p.name);
  assert.equal(await page.locator('#panel [data-field="unit"]').textContent(), p.unit_name);
  const pop = await page.locator('#panel dd[data-field="population"]').textContent();
  assert.equal(pop.replace(/\D/g, ''), String(p.population), `population shown "${pop}"; want ${p.population}`);
  await page.locator('#panel .gm-worker').first().waitFor();
  const workers = await page.locator('#panel .gm-worker .person-name').allTextContents();
  assert.ok(workers.length >= 1, 'no grid worker shown');
  assert.ok(workers.includes(detail.grid_workers[0].name), `grid workers shown ${workers}; want ${detail.grid_workers[0].name}`);
  const tel = await page.locator('#panel .gm-worker a.tel').first().getAttribute('href');
  assert.match(tel, /^tel:[+\d]+$/);
}

/** A Chinese fragment of the cell's name that matches few enough cells to be listed. */
function nameFragment(code) {
  const name = byCode.get(code).name;
  for (let len = 2; len <= name.length; len++) {
    for (let i = 0; i + len <= name.length; i++) {
      const f = name.slice(i, i + len);
      if (!/[\u4e00-\u9fff]/.test(f)) continue;
      const n = cells.filter((c) => c.properties.name.includes(f) || c.properties.unit_name.includes(f)).length;
      if (n <= 5) return f;
    }
  }
  return name;
}

/** A point on screen where the cell's own path is the topmost element. */
async function pointInCell(page, code) {
  const pt = await page.evaluate((c) => {
    const el = document.querySelector(`path.gm-cell-${c}`);
    const r = el.getBoundingClientRect();
    const panel = document.querySelector('#panel');
    for (let n = 4; n <= 32; n *= 2) {
      for (let i = 1; i < n; i++) {
        for (let j = 1; j < n; j++) {
          const x = r.left + (r.width * i) / n;
          const y = r.top + (r.height * j) / n;
          if (document.elementFromPoint(x, y) === el && !(panel && panel.contains(document.elementFromPoint(x, y)))) return { x, y };
        }
      }
    }
    return null;
  }, code);
  assert.ok(pt, `no visible point inside cell ${code}`);
  return pt;
}

async function search(page, text) {
  await page.locator('#search').fill(text);
  await page.locator('#suggestions [role="option"]').first().waitFor();
}

test('desktop: cells, search, panel, map click, language', { timeout: 180000 }, async () => {
  const { context, page, problems } = await openPage({ viewport: { width: 1280, height: 800 } });
  await assertCellCount(page);
  assert.equal(await page.locator('#legend').getAttribute('open'), '', 'legend should be open on desktops');
  assert.equal(await page.locator('#legend li').count() >= 15 + 3, true, 'legend lists units and lines');
  await shot(page, 'desktop-overview.png');

  // Search by full code; Enter picks the first match.
  const [a, b, c] = picks;
  await search(page, a.code);
  assert.equal(await page.locator('#suggestions [role="option"]').first().getAttribute('data-code'), a.code);
  await shot(page, 'desktop-search.png');
  await page.locator('#search').press('Enter');
  await assertPanel(page, a.code);
  assert.equal(await page.locator('#panel [data-status]').count(), 6, 'six incident statuses');
  assert.match(await page.locator('#panel [data-status="mediating"] .count-label').textContent(), /调解中/);
  // Residents and incidents are personal data: the anonymous are asked to
  // log in, and no request is made for them (problems() would show its 401).
  const prompt = page.locator('#tabpanel-residents [data-denied="login"]');
  await prompt.waitFor();
  assert.match(await prompt.textContent(), /登录后查看居民信息/);
  assert.equal(await page.locator('#panel .resident').count(), 0, 'no resident rows for the anonymous');
  await shot(page, 'desktop-panel.png');
  await page.locator('#tab-incidents').click();
  assert.match(await page.locator('#tabpanel-incidents [data-denied="login"]').textContent(), /登录后查看事件/);
  await page.locator('#panel .tabs').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot(page, 'desktop-incidents.png');

  // Escape closes.
  await page.keyboard.press('Escape');
  await page.locator('#panel').waitFor({ state: 'hidden' });

  // Search by a Chinese fragment of a name and choose that cell.
  const frag = nameFragment(b.code);
  await search(page, frag);
  await page.locator(`#suggestions [data-code="${b.code}"]`).click();
  await assertPanel(page, b.code);
  await page.locator('#panel-close').click();
  await page.locator('#panel').waitFor({ state: 'hidden' });

  // The keyboard: arrows move through the suggestions, Enter opens the active one.
  await search(page, b.code.slice(0, 12));
  await page.locator('#search').press('ArrowDown');
  await page.locator('#search').press('ArrowDown');
  const active = await page.locator('#search').getAttribute('aria-activedescendant');
  const activeCode = await page.locator(`#${active}`).getAttribute('data-code');
  assert.equal(await page.locator(`#${active}`).getAttribute('aria-selected'), 'true');
  await page.locator('#search').press('Enter');
  await assertPanel(page, activeCode);
  await page.keyboard.press('Escape');
  await page.locator('#panel').waitFor({ state: 'hidden' });

  // Click a cell on the map, after going back to the whole town.
  await page.locator('#home').click();
  await page.locator('.leaflet-control-zoom-in').click();
  await settled(page);
  const pt = await pointInCell(page, c.code);
  await page.mouse.click(pt.x, pt.y);
  await assertPanel(page, c.code);
  assert.equal(await page.locator('.leaflet-selection-pane path').count() >= 1, true, 'selection outline drawn');

  // Cell labels at a close zoom.
  await page.keyboard.press('Escape');
  await search(page, a.code);
  await page.locator('#search').press('Enter');
  await assertPanel(page, a.code);
  await settled(page);
  const labels = await page.locator('.gm-label-cell:not(.is-hidden)').count();
  assert.ok(labels > 0, 'no cell labels at close zoom');
  await shot(page, 'desktop-labels.png');

  // English, kept across a reload.
  await page.locator('#lang').click();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.locator('#legend summary').textContent(), 'Legend');
  assert.equal(await page.locator('#panel .fact-population dt').textContent(), 'Population');
  assert.equal(await page.locator('#panel [data-status="resolved"] .count-label').textContent(), 'Resolved');
  assert.match(await page.locator('#panel dd[data-field="kind"]').textContent(), /grid cell/);
  await shot(page, 'desktop-panel-en.png');
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  assert.equal(await page.locator('#legend summary').textContent(), 'Legend');
  await assertPanel(page, a.code); // reopened from the #cell= link
  await page.locator('#lang').click();
  assert.equal(await page.locator('#legend summary').textContent(), '图例');

  assert.deepEqual(problems(), []);
  await context.close();
});

test('phone: bottom sheet, search, tap, language', { timeout: 180000 }, async () => {
  const { context, page, problems } = await openPage({
    viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  });
  await assertCellCount(page);
  assert.equal(await page.locator('#legend').getAttribute('open'), null, 'legend should start folded on phones');
  await shot(page, 'phone-overview.png');

  const [a, b, c] = picks;
  await search(page, a.code.slice(-6));
  await shot(page, 'phone-search.png');
  await page.locator(`#suggestions [data-code="${a.code}"]`).tap();
  await assertPanel(page, a.code);
  const sheet = await page.locator('#panel').boundingBox();
  assert.ok(sheet.width === 360 && sheet.y > 740 / 3, `sheet at ${JSON.stringify(sheet)}; want a bottom sheet`);
  await settled(page);
  // The selected cell must show above the sheet.
  const sel = await page.locator('.leaflet-selection-pane path').last().boundingBox();
  const header = await page.locator('header').boundingBox();
  const visible = Math.min(sel.y + sel.height, sheet.y) - Math.max(sel.y, header.y + header.height);
  assert.ok(visible > 20, `selected cell ${JSON.stringify(sel)} hidden by the sheet at y=${sheet.y}`);
  // The sheet's drag bar sits at its top edge, above the title (a 44px
  // button once centred it on the title's line).
  const bar = await page.locator('#panel-handle span').boundingBox();
  const title = await page.locator('#panel-title').boundingBox();
  assert.ok(bar.y + bar.height <= title.y && bar.y - sheet.y < 16, `drag bar ${JSON.stringify(bar)}; want it above the title ${JSON.stringify(title)}, at the sheet's top`);
  await shot(page, 'phone-panel.png');

  // Expand and collapse with the handle.
  await page.locator('#panel-handle').tap();
  await settled(page);
  const full = await page.locator('#panel').boundingBox();
  assert.ok(full.height > sheet.height + 100, `expanded sheet ${full.height}px; peek ${sheet.height}px`);
  await shot(page, 'phone-panel-expanded.png');
  await page.locator('#panel-handle').tap();
  await settled(page);
  assert.ok(Math.abs((await page.locator('#panel').boundingBox()).height - sheet.height) < 2, 'sheet back to peek');

  // Drag the sheet's head with a finger: up to expand it, down to dismiss it.
  const cdp = await context.newCDPSession(page);
  const touch = (type, x, y) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
  const drag = async (toY) => {
    const head = await page.locator('#panel .panel-heading').boundingBox();
    const x = head.x + 20;
    const y = head.y + 10;
    await touch('touchStart', x, y);
    for (let i = 1; i <= 8; i++) await touch('touchMove', x, y + ((toY - y) * i) / 8);
    // Rest before lifting: a fast lift is a fling, and Chrome drops the next tap that stops it.
    await frames(page, 12);
    await touch('touchMove', x, toY);
    await touch('touchEnd');
    await settled(page);
  };
  await drag(120);
  assert.equal(await page.locator('#panel').getAttribute('data-sheet'), 'full', 'dragging up expands the sheet');
  await drag(735);
  await page.locator('#panel').waitFor({ state: 'hidden' });

  // Search by name fragment.
  await search(page, nameFragment(b.code));
  await page.locator(`#suggestions [data-code="${b.code}"]`).tap();
  await assertPanel(page, b.code);
  await page.locator('#panel-close').tap();

  // Tap a cell on the map, after going back to the whole town.
  await page.locator('#home').tap();
  await settled(page);
  const pt = await pointInCell(page, c.code);
  await page.touchscreen.tap(pt.x, pt.y);
  await assertPanel(page, c.code);

  // English.
  await page.locator('#lang').tap();
  assert.equal(await page.locator('#panel .fact-population dt').textContent(), 'Population');
  assert.equal(await page.locator('#tab-residents').evaluate((el) => el.firstChild.textContent), 'Residents');
  await shot(page, 'phone-panel-en.png');

  assert.deepEqual(problems(), []);
  await context.close();
});

test('error state: a failed load says so and retries', { timeout: 60000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const failCells = (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"down"}}' });
  await page.route('**/api/cells', failCells);
  await page.goto(url(''));
  await page.waitForSelector('body[data-state="error"]');
  assert.match(await page.locator('#status').textContent(), /无法加载网格数据/);
  await shot(page, 'error.png');
  await page.unroute('**/api/cells', failCells);
  await page.locator('#retry').click();
  await page.waitForSelector('body[data-state="ready"]');
  assert.equal(await page.locator('path.gm-cell').count(), cells.length);
  await context.close();
});
