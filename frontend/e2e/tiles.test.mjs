// Browser test of the map on vector tiles: past the server's -tile-cells
// the app draws the cells from /tiles/cells/{z}/{x}/{y}.mvt and never
// downloads the whole /api/cells document for the map.
//
//   GRIDMAP_URL=… GRIDMAP_BIN=/path/to/gridmap node --test tiles.test.mjs
//
// It starts a server of its own on the sample town (138 cells) with
// -tile-cells 100, so that the town is past it (the district sample draws
// the same way, at 3,000 cells, but takes a minute or more to generate); GRIDMAP_TILES_URL instead names a running server whose
// town is past its tile_cells. It prints the time to the first drawn tiles
// on a phone viewport (not asserted tightly: the machine is shared).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, pw, openPage, shot, settled, ownServer, login, DESKTOP } from './helpers.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, reducedMotion: 'reduce' };
const TILE = /^\/tiles\/cells\/(\d+)\/(\d+)\/(\d+)\.mvt$/;

useBrowser();

/** The lon/lat of a point in a tile z/x/y at fractions (fx, fy) of its side (Web Mercator). */
function tileLonLat(z, x, y, fx, fy) {
  const n = 2 ** z;
  const lon = ((x + fx) / n) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * (y + fy)) / n))) * 180) / Math.PI;
  return { lon, lat };
}

/** The fractions within tile z/x/y of a lon/lat. */
function tileFraction(z, x, y, lon, lat) {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return { fx: ((lon + 180) / 360) * n - x, fy: ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n - y };
}

// Why a test on a town on tiles cannot run, or false.
const tilesSkip = !process.env.GRIDMAP_TILES_URL && !process.env.GRIDMAP_BIN && 'GRIDMAP_BIN (the gridmap binary) is not set';

/**
 * The server of a test on tiles: GRIDMAP_TILES_URL's, or a town of its own drawn on tiles past
 * 100 cells; get(p) reads the JSON of a path of it.
 */
async function tilesServer() {
  const server = process.env.GRIDMAP_TILES_URL
    ? { url: process.env.GRIDMAP_TILES_URL.replace(/\/?$/, '/'), stop: async () => {} }
    : await ownServer(pw.admin, { args: ['-tile-cells', '100'] });
  return { server, get: async (p) => (await fetch(new URL(p, server.url))).json() };
}

/** The drawn tile canvas under a page point: {z, x, y, fx, fy}, or null. */
function tileAt(page, px, py) {
  return page.evaluate(([px, py]) => {
    for (const c of document.querySelectorAll('canvas.gm-tile.leaflet-tile-loaded')) {
      const r = c.getBoundingClientRect();
      if (px >= r.left && px < r.right && py >= r.top && py < r.bottom) {
        const [z, x, y] = c.dataset.tile.split('/').map(Number);
        return { z, x, y, fx: (px - r.left) / r.width, fy: (py - r.top) / r.height, left: r.left, top: r.top, width: r.width, height: r.height };
      }
    }
    return null;
  }, [px, py]);
}

test('a town on tiles: a phone draws the cells from tiles, not /api/cells; a tap opens the cell; a pan loads more tiles; a mouse names the cell under it', {
  timeout: 600000,
  skip: tilesSkip,
}, async () => {
  const { server, get } = await tilesServer();
  try {
    const config = await get('api/config');
    assert.ok(config.cells > config.tile_cells, `the town has ${config.cells} cells, tile_cells ${config.tile_cells}: not on tiles`);
    const index = await (await fetch(server.url)).text();
    assert.ok(!index.includes('api/cells'), 'index.html still preloads api/cells');

    const { context, page, problems } = await openPage(browser, PHONE);
    const asked = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.origin === new URL(server.url).origin) asked.push(u.pathname);
    });
    const t0 = Date.now();
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="ready"]');
    await page.locator('canvas.gm-tile.leaflet-tile-loaded').first().waitFor({ timeout: 30000 });
    const firstTiles = Date.now() - t0;
    console.log(`${config.cells} cells on a 390×844 phone: first tiles drawn ${firstTiles} ms after the navigation`);
    assert.ok(firstTiles < 60000, `first tiles after ${firstTiles} ms`); // a hang, not a timing: the machine is shared
    await settled(page);

    const tiles = asked.filter((p) => TILE.test(p));
    assert.ok(tiles.length > 0, `no tile requested: ${asked.join(' ')}`);
    assert.ok(!asked.includes('/api/cells'), `the app downloaded /api/cells: ${asked.join(' ')}`);
    const painted = await page.evaluate(() => {
      let n = 0;
      for (const c of document.querySelectorAll('canvas.gm-tile.leaflet-tile-loaded')) {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++;
      }
      return n;
    });
    assert.ok(painted > 1000, `the tiles painted ${painted} pixels`);
    await shot(page, 'tiles-phone.png');

    // The cell under the middle of the map, by the server (/api/locate), then a tap on its label point.
    const box = await page.locator('#map').boundingBox();
    const mid = await tileAt(page, box.x + box.width / 2, box.y + box.height / 2);
    assert.ok(mid, 'no drawn tile under the middle of the map');
    const at = tileLonLat(mid.z, mid.x, mid.y, mid.fx, mid.fy);
    const found = await get(`api/locate?lon=${at.lon}&lat=${at.lat}`);
    assert.ok(found.code, `nothing at the middle of the map (${at.lon}, ${at.lat}): ${JSON.stringify(found)}`);
    const cell = (await get('api/cells/' + found.code)).properties;
    const [lon, lat] = cell.label;
    const f = tileFraction(mid.z, mid.x, mid.y, lon, lat);
    await page.touchscreen.tap(mid.left + f.fx * mid.width, mid.top + f.fy * mid.height);
    await page.waitForFunction((c) => document.querySelector('#panel [data-field="code"]')?.textContent === c, cell.code);
    assert.equal(await page.locator('#panel-title').textContent(), cell.name);
    await page.locator('.leaflet-selection-pane path').first().waitFor();
    await shot(page, 'tiles-phone-cell.png');
    await page.keyboard.press('Escape');
    await page.locator('#panel').waitFor({ state: 'hidden' });

    // The whole town again, two zooms in (the middle full of cells), then a pan: new tiles asked for and painted.
    await page.locator('#home').tap();
    await settled(page);
    for (let i = 0; i < 2; i++) {
      await page.locator('.leaflet-control-zoom-in').tap();
      await settled(page);
    }
    await page.waitForFunction(() => !document.querySelector('canvas.gm-tile:not(.leaflet-tile-loaded)'), null, { timeout: 60000 });
    const before = new Set(asked.filter((p) => TILE.test(p)));
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(cx - 15 * i, cy - 5 * i);
    await page.mouse.up();
    const t1 = Date.now();
    const fresh = await page.waitForFunction((seen) => {
      const c = [...document.querySelectorAll('canvas.gm-tile.leaflet-tile-loaded')].filter((t) => !seen.includes(`/tiles/cells/${t.dataset.tile}.mvt`));
      if (!c.length) return 0;
      let n = 0;
      for (const t of c) {
        const d = t.getContext('2d').getImageData(0, 0, t.width, t.height).data;
        for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++;
      }
      return n;
    }, [...before], { timeout: 60000 });
    assert.ok(await fresh.jsonValue() > 1000, 'the tiles the pan brought painted nothing');
    console.log(`${config.cells} cells on a 390×844 phone: a pan's new tiles painted ${Date.now() - t1} ms after the drag ended`);
    await shot(page, 'tiles-phone-panned.png');
    const more = asked.filter((p) => TILE.test(p) && !before.has(p));
    assert.ok(more.length > 0, 'the pan asked for no new tile');
    assert.ok(!asked.includes('/api/cells'), 'the pan downloaded /api/cells');
    assert.deepEqual(problems(), []);
    await context.close();

    // With a mouse: the cell under the pointer named in a tooltip, as on the GeoJSON map.
    const desk = await openPage(browser, DESKTOP);
    await desk.page.goto(server.url);
    await desk.page.waitForSelector('body[data-state="ready"]');
    await desk.page.locator('canvas.gm-tile.leaflet-tile-loaded').first().waitFor({ timeout: 60000 });
    await settled(desk.page);
    const dbox = await desk.page.locator('#map').boundingBox();
    const under = await tileAt(desk.page, dbox.x + dbox.width / 2, dbox.y + dbox.height / 2);
    const ll = tileLonLat(under.z, under.x, under.y, under.fx, under.fy);
    const hit = await get(`api/locate?lon=${ll.lon}&lat=${ll.lat}`);
    const hitCell = (await get('api/cells/' + hit.code)).properties;
    const hf = tileFraction(under.z, under.x, under.y, hitCell.label[0], hitCell.label[1]);
    await desk.page.mouse.move(under.left + hf.fx * under.width, under.top + hf.fy * under.height);
    await desk.page.mouse.move(under.left + hf.fx * under.width + 1, under.top + hf.fy * under.height);
    await desk.page.locator('.leaflet-tooltip').waitFor();
    assert.equal(await desk.page.locator('.leaflet-tooltip').textContent(), hitCell.name + hitCell.code);
    assert.deepEqual(desk.problems(), []);
    await desk.context.close();
  } finally {
    await server.stop();
  }
});

/** Whether tile z/x/y, widened by an eighth of its side (beyond its buffer), meets the lon/lat box b. */
function tileMeets(z, x, y, b) {
  const nw = tileLonLat(z, x, y, -1 / 8, -1 / 8);
  const se = tileLonLat(z, x, y, 1 + 1 / 8, 1 + 1 / 8);
  return nw.lon <= b.maxLon && se.lon >= b.minLon && se.lat <= b.maxLat && nw.lat >= b.minLat;
}

test('a town on tiles: the search box finds on the server a cell of no tile drawn, and picking it opens the cell', {
  timeout: 300000,
  skip: tilesSkip,
}, async () => {
  const { server, get } = await tilesServer();
  try {
    // The cell farthest from the middle of the town, its name unlike any other's.
    const cells = (await get('api/cells')).features.map((f) => f.properties);
    const mid = [0, 1].map((k) => cells.reduce((sum, p) => sum + p.label[k], 0) / cells.length);
    const far = cells.filter((p) => !cells.some((o) => o !== p && o.name.includes(p.name)))
      .reduce((a, p) => (Math.hypot(p.label[0] - mid[0], p.label[1] - mid[1]) > Math.hypot(a.label[0] - mid[0], a.label[1] - mid[1]) ? p : a));
    const ring = (await get('api/cells/' + far.code)).geometry.coordinates[0];
    const box = {
      minLon: Math.min(...ring.map((c) => c[0])), maxLon: Math.max(...ring.map((c) => c[0])),
      minLat: Math.min(...ring.map((c) => c[1])), maxLat: Math.max(...ring.map((c) => c[1])),
    };

    const { context, page, problems } = await openPage(browser, PHONE);
    // The tiles that hold the cell are held back, as on a weak link before
    // they come: no tile drawn has it, and the search box does not know it.
    const held = [];
    let drawn = 0;
    let holding;
    const firstHeld = new Promise((resolve) => { holding = resolve; });
    await page.route(/\/tiles\/cells\/\d+\/\d+\/\d+\.mvt$/, (route) => {
      const [z, x, y] = new URL(route.request().url()).pathname.match(TILE).slice(1).map(Number);
      if (tileMeets(z, x, y, box)) {
        held.push(route);
        holding();
      } else {
        drawn++;
        route.continue().catch(() => {}); // a tile panned away meanwhile
      }
    });
    const asked = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.endsWith('/api/cells') && u.searchParams.has('q')) asked.push(u.searchParams.get('q'));
    });
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="ready"]');
    await Promise.race([firstHeld, new Promise((resolve, reject) => { setTimeout(() => reject(new Error('no tile with the cell was asked for')), 30000); })]);
    await settled(page);

    const search = page.locator('#search');
    const suggestion = page.locator(`#suggestions [data-code="${far.code}"]`);
    /** Types q and waits until the server's answer to it is handled. */
    const searchFor = async (q) => {
      await search.fill('');
      await search.fill(q);
      await page.locator('#suggestions:not([data-busy])').waitFor({ state: 'attached' });
      await page.locator('#suggestions li').first().waitFor();
    };
    // The server's search answering nothing: the box alone does not know the cell.
    const cellSearch = /\/api\/cells\?q=/;
    await page.route(cellSearch, (route) => route.fulfill({ contentType: 'application/geo+json', body: '{"type":"FeatureCollection","features":[]}' }));
    await searchFor(far.name);
    assert.equal(await suggestion.count(), 0, `${far.name} suggested with the server's search answering nothing: the test's cell was known`);
    await page.unroute(cellSearch);

    // The server's search: the cell suggested, by its name and by its code, as a cell the box knows.
    await searchFor(far.name);
    await suggestion.waitFor();
    assert.equal(await suggestion.locator('.suggestion-name').textContent(), far.name);
    assert.equal(await suggestion.locator('.suggestion-meta').textContent(), `${far.code} · ${far.unit_name}`);
    assert.deepEqual(asked, [far.name, far.name]);
    await searchFor(far.code);
    await suggestion.waitFor();
    await shot(page, 'tiles-phone-search.png');

    // Picked: its panel, its outline on the map, its link.
    await suggestion.tap();
    await page.waitForFunction((c) => document.querySelector('#panel [data-field="code"]')?.textContent === c, far.code);
    assert.equal(await page.locator('#panel-title').textContent(), far.name);
    const outline = page.locator('.leaflet-selection-pane path').first();
    await outline.waitFor();
    await settled(page);
    const [o, m] = [await outline.boundingBox(), await page.locator('#map').boundingBox()];
    assert.ok(o && o.width > 10 && o.x < m.x + m.width && o.x + o.width > m.x && o.y < m.y + m.height && o.y + o.height > m.y,
      `the cell's outline ${JSON.stringify(o)} is not on the map ${JSON.stringify(m)}`);
    assert.match(page.url(), new RegExp(`cell=${far.code}`));
    await shot(page, 'tiles-phone-search-picked.png');
    console.log(`the search found ${far.name} (${far.code}) with ${drawn} tiles drawn and ${held.length} held back`);
    for (const route of held.splice(0)) route.continue().catch(() => {}); // those the map dropped meanwhile fail
    assert.deepEqual(problems(), []);

    // Offline, as before: the cells known (the one found among them), and
    // for those who may find residents by this name the note that this
    // needs a network (a cadre: a leader, who sees names masked, searches
    // residents only by what a masked name shows, not by a cell's name).
    await page.keyboard.press('Escape');
    await page.locator('#panel').waitFor({ state: 'hidden' });
    await login(page, 'cadre', pw.cadre, { tap: true });
    await context.setOffline(true);
    await search.fill('');
    await search.fill(far.name);
    const note = page.locator('#suggestions .suggestion-note');
    await note.waitFor();
    assert.match(await note.textContent(), /按姓名查找居民需要网络连接/);
    await suggestion.waitFor();
    await context.setOffline(false);
    assert.deepEqual(problems().filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(p)), []);
    await context.close();
  } finally {
    await server.stop();
  }
});

test('the service worker keeps the tiles seen apart from the other map data, and no more than its last MAX_TILES', {
  timeout: 300000,
  skip: !process.env.GRIDMAP_BIN && 'GRIDMAP_BIN (the gridmap binary) is not set',
}, async () => {
  const server = await ownServer(pw.admin, { args: ['-tile-cells', '100'] });
  try {
    const context = await browser.newContext({ ...PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'allow' });
    const page = await context.newPage();
    page.setDefaultTimeout(30000);
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="ready"]');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // A visit under the worker: the tiles it draws pass through it.
    await page.reload();
    await page.waitForSelector('body[data-state="ready"]');
    await page.locator('canvas.gm-tile.leaflet-tile-loaded').first().waitFor();
    await settled(page);
    const kept = () => page.evaluate(async () => {
      const out = {};
      for (const name of await caches.keys()) out[name] = (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
      return out;
    });
    await page.waitForFunction(async () => (await (await caches.open('gridmap-tiles')).keys()).length > 0);
    const seen = await kept();
    const tiles = seen['gridmap-tiles'];
    assert.ok(tiles.length > 0 && tiles.every((p) => TILE.test(p)), `the tiles cache: ${JSON.stringify(tiles)}`);
    assert.ok(seen['gridmap-data'].includes('/api/config'), `the map data cache: ${JSON.stringify(seen['gridmap-data'])}`);
    assert.ok(!seen['gridmap-data'].some((p) => TILE.test(p)), `tiles among the other map data: ${JSON.stringify(seen['gridmap-data'])}`);

    // The bound: the worker's own trim, on its cache, with a bound of 5 after 12 more tiles put.
    const [worker] = context.serviceWorkers();
    assert.ok(worker, 'no service worker in the context');
    const left = await worker.evaluate(async () => {
      const cache = await caches.open(TILES);
      for (let i = 0; i < 12; i++) await cache.put(`/tiles/cells/20/1/${i}.mvt`, new Response('tile ' + i));
      await trimTiles(5);
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    assert.deepEqual(left, [7, 8, 9, 10, 11].map((i) => `/tiles/cells/20/1/${i}.mvt`));
    assert.equal(await worker.evaluate(() => MAX_TILES), 1000);
    await context.close();
  } finally {
    await server.stop();
  }
});
