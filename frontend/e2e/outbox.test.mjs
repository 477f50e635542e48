// Browser test of the phone's outbox (outbox.js, report.js, locate.js) on a
// phone viewport: a report with a photo written offline survives reloads
// and is stored exactly once when the network returns; an answer lost
// after the server stored the report (and the photo) is retried without a
// second copy, and so is a report left mid-send by a killed app; two tabs
// with one queue send it once; a refused item can be deleted or retried;
// the cell worked out on the phone matches the server's /api/locate on
// hundreds of points, and stands in on a weak link; the GPS accuracy
// shows; workflow moves and mediation records made offline queue, and an
// overtaken move shows a conflict; the queue sends on its 30 s timer with
// no other cue (the page's clock fast-forwarded, not waited for); a
// mediator's record made offline on the phone is stored once, and a
// mediator's move overtaken meanwhile shows as a conflict; with no
// IndexedDB a report still goes with its photo, and the phone says drafts
// are not kept.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 node --test outbox.test.mjs
//
// Eighteen logins (gridworker, cadre, mediator).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, pw, url, login, shot, PNG, CADRE_POINT } from './helpers.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, reducedMotion: 'reduce', locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const CELL = '500110119206005'; // the demo grid worker's cell, in 龙门村

useBrowser();

/** A phone context; pages record uncaught script errors in errors. */
async function phone(options = {}) {
  const context = await browser.newContext({ ...PHONE, serviceWorkers: 'block', ...options });
  const errors = [];
  const open = async (hash = '') => {
    const page = await context.newPage();
    page.setDefaultTimeout(20000);
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url(hash));
    await page.waitForSelector('body[data-state="ready"]');
    return page;
  };
  return { context, errors, open };
}

/** Opens 一键上报 and taps the middle of the report map, in the worker's own cell (located online or on the phone). */
async function reportPage(page) {
  await page.evaluate(() => { location.hash = '#/report'; });
  await page.locator('#report-map path.report-own').first().waitFor();
  await page.waitForTimeout(300); // Leaflet's fitBounds settles (reducedMotion: no animation)
  await page.locator('#report-map').tap();
  await page.locator(`#report-cell [data-cell="${CELL}"]`).waitFor();
}

/** Fills the summary and adds the PNG from the gallery; waits for the draft to be kept. */
async function writeReport(page, summary, { photo = true } = {}) {
  await page.locator('#report-summary').fill(summary);
  if (photo) {
    await page.locator('#report-gallery').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('#report-photos [data-photo]').waitFor();
  }
  await page.waitForFunction(() => document.querySelector('#report-saved')?.dataset.saved);
}

/** The incidents of the worker's cell with this summary, and the photos of each, through the API (the page's session). */
async function stored(page, summary) {
  return page.evaluate(async ({ cell, summary }) => {
    const list = await (await fetch(`api/incidents?cell=${cell}&limit=1000`)).json();
    const mine = list.incidents.filter((i) => i.summary === summary);
    const out = [];
    for (const i of mine) {
      const a = await (await fetch(`api/incidents/${i.id}/attachments`)).json();
      out.push({ id: i.id, photos: a.attachments.length });
    }
    return out;
  }, { cell: CELL, summary });
}

/** Waits until fn() holds, polling (for what the test's own route handlers count). */
async function until(fn, what) {
  for (let n = 0; n < 200; n++) {
    if (fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`waited 20 s for ${what}`);
}

/** Whether the element is within the viewport, wholly (within 5 s: a queue's state may redraw it meanwhile). */
async function inView(loc) {
  for (let n = 0; n < 50; n++) {
    const box = await loc.boundingBox();
    if (box !== null && box.y >= 0 && box.y + box.height <= PHONE.viewport.height) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

test('a report with a photo written offline survives reloads and is stored once when the app opens online again', { timeout: 90000 }, async () => {
  const { context, errors, open } = await phone({ serviceWorkers: 'allow' });
  const page = await open();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await login(page, 'gridworker', pw.gridworker, { tap: true });
  // One visit of 一键上报 online: the worker keeps its modules and the map data.
  await page.evaluate(() => { location.hash = '#/report'; });
  await page.locator('#report-map path.report-own').first().waitFor();
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');

  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  await reportPage(page);
  assert.ok(await page.locator('#report-local').isVisible(), 'the cell is said to be worked out on the phone');
  const summary = `离线上报测试 ${Date.now()}`;
  await writeReport(page, summary);

  // A reload with no network: the draft comes back, photo included.
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  await page.locator(`#report-cell [data-cell="${CELL}"]`).waitFor();
  assert.equal(await page.locator('#report-summary').inputValue(), summary, 'the draft\'s summary after a reload');
  assert.equal(await page.locator('#report-photos [data-photo]').count(), 1, 'the draft\'s photo after a reload');

  // 上报 offline: queued, said by the button, in view; no error.
  await page.locator('#report-submit').tap();
  const notice = page.locator('#report-queued [data-state="queued"]');
  await notice.waitFor();
  assert.match(await notice.textContent(), /无网络.*待发送队列/);
  assert.ok(await inView(notice), 'the queued notice is in view');
  assert.ok(await inView(page.locator('#report-submit')), 'next to the button, in view');
  assert.equal(await page.locator('#report-error').isVisible(), false, 'no error shown');
  await shot(page, 'outbox-queued.png');

  // Reloaded offline again: the item waits in the queue.
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  const item = page.locator('#outbox .outbox-item[data-state="queued"]', { hasText: summary });
  await item.waitFor();
  assert.match(await item.textContent(), /待发送/);

  // The app closed; the network returns; the app opens and sends the queue by itself.
  await page.close();
  await context.setOffline(false);
  const again = await open('#/report');
  await again.locator('#outbox .outbox-item[data-state="sent"]', { hasText: summary }).waitFor({ timeout: 30000 });
  assert.match(await again.locator('#outbox .outbox-item', { hasText: summary }).textContent(), /已上报.*照片 1\/1 已上传/);
  assert.deepEqual((await stored(again, summary)).map((s) => s.photos), [1], 'one incident with one photo');
  assert.deepEqual(errors, [], 'uncaught script errors');
  await context.close();
});

test('an answer lost after the server stored the report and the photo: the retry stores neither twice', { timeout: 60000 }, async () => {
  const { context, errors, open } = await phone();
  const page = await open();
  await login(page, 'gridworker', pw.gridworker, { tap: true });
  await reportPage(page);
  const summary = `丢失应答测试 ${Date.now()}`;
  await writeReport(page, summary);
  // The server acts on the first report and the first photo; their answers never arrive.
  let lost = { report: 0, photo: 0 };
  await page.route(/\/api\/incidents(\/\d+\/attachments)?$/, async (route) => {
    const req = route.request();
    if (req.method() !== 'POST') return route.continue();
    const kind = req.url().endsWith('/attachments') ? 'photo' : 'report';
    if (lost[kind] > 0) return route.continue();
    lost[kind]++;
    await route.fetch(); // stored by the server
    return route.abort('connectionreset');
  });
  await page.locator('#report-submit').tap();
  const item = page.locator('#outbox .outbox-item', { hasText: summary });
  await until(() => lost.report === 1, 'the report\'s answer to be lost');
  await page.locator('#outbox .outbox-item[data-state="queued"]', { hasText: summary }).waitFor();
  assert.deepEqual((await stored(page, summary)).map((s) => s.photos), [0], 'stored by the server, the answer lost');
  // Retry: the report's answer is the first report's; the photo's answer is lost in turn.
  await item.locator('[data-action="retry"]').tap();
  await until(() => lost.photo === 1, 'the photo\'s answer to be lost');
  await page.locator('#outbox .outbox-item[data-state="queued"]', { hasText: summary }).waitFor();
  assert.deepEqual((await stored(page, summary)).map((s) => s.photos), [1]);
  await item.locator('[data-action="retry"]').tap();
  await page.locator('#outbox .outbox-item[data-state="sent"]', { hasText: summary }).waitFor();
  assert.deepEqual((await stored(page, summary)).map((s) => s.photos), [1], 'one incident, one photo');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the app killed mid-send after the server stored the report: the next start sends it, stored once', { timeout: 60000 }, async () => {
  const { context, errors, open } = await phone();
  const page = await open();
  await login(page, 'gridworker', pw.gridworker, { tap: true });
  await reportPage(page);
  const summary = `中途关闭测试 ${Date.now()}`;
  await writeReport(page, summary);
  let reached = 0;
  await page.route(/\/api\/incidents$/, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    await route.fetch(); // stored by the server; the app is gone before the answer
    reached++;
    await new Promise(() => {});
  });
  await page.locator('#report-submit').tap();
  await until(() => reached === 1, 'the server to store the report');
  const state = await page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open('gridmap-outbox');
    req.onsuccess = () => {
      const all = req.result.transaction('items').objectStore('items').getAll();
      all.onsuccess = () => resolve(all.result.filter((i) => i.state !== 'draft').map((i) => i.state));
    };
  }));
  assert.deepEqual(state, ['sending'], 'the item was being sent when the app was killed');
  await page.close({ runBeforeUnload: false });
  const again = await open('#/report');
  await again.locator('#outbox .outbox-item[data-state="sent"]', { hasText: summary }).waitFor({ timeout: 10000 }); // not the 30 s timer
  assert.deepEqual((await stored(again, summary)).map((s) => s.photos), [1], 'one incident with its photo');
  assert.deepEqual(errors, []);
  await context.close();
});

test('two tabs with one queue send a queued report once', { timeout: 60000 }, async () => {
  const { context, errors, open } = await phone();
  const a = await open();
  await login(a, 'gridworker', pw.gridworker, { tap: true });
  const b = await open('#/report');
  await b.locator('#report-map').waitFor();
  const posts = [];
  for (const p of [a, b]) {
    // A slow server: both tabs are sure to try while the first send is under way.
    await p.route(/\/api\/incidents$/, async (route) => {
      if (route.request().method() === 'POST') await new Promise((r) => setTimeout(r, 1500));
      return route.continue();
    });
    // What reached the server: the answers (a try offline gets none).
    p.on('response', (r) => {
      if (r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/api/incidents')) posts.push(p === a ? 'a' : 'b');
    });
  }
  await reportPage(a);
  await context.setOffline(true);
  const summary = `两个标签页测试 ${Date.now()}`;
  await writeReport(a, summary, { photo: false });
  await a.locator('#report-submit').tap();
  await a.locator('#report-queued [data-state="queued"]').waitFor();
  await b.locator('#outbox .outbox-item[data-state="queued"]', { hasText: summary }).waitFor();
  assert.deepEqual(posts, [], 'nothing reached the server offline');
  await context.setOffline(false); // both tabs hear the online event
  for (const p of [a, b]) await p.locator('#outbox .outbox-item[data-state="sent"]', { hasText: summary }).waitFor({ timeout: 30000 });
  assert.equal(posts.length, 1, `POST /api/incidents from the tabs: ${posts}`);
  assert.equal((await stored(a, summary)).length, 1, 'one incident');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a refused report says why; it can be deleted, or retried once the cause is gone; logout forgets what was sent', { timeout: 60000 }, async () => {
  const { context, errors, open } = await phone();
  const page = await open();
  await login(page, 'gridworker', pw.gridworker, { tap: true });
  await reportPage(page);
  await context.setOffline(true);
  const stamp = Date.now();
  const [gone, kept] = [`删除测试 ${stamp}`, `重试测试 ${stamp}`];
  for (const s of [gone, kept]) {
    await writeReport(page, s, { photo: false });
    await page.locator('#report-submit').tap();
    await page.locator('#outbox .outbox-item[data-state="queued"]', { hasText: s }).waitFor();
    await page.locator('#report-map').tap();
    await page.locator(`#report-cell [data-cell="${CELL}"]`).waitFor();
  }
  // The server refuses both while the network is back (a rule changed meanwhile, say).
  await page.route(/\/api\/incidents$/, (route) => (route.request().method() === 'POST'
    ? route.fulfill({ status: 422, contentType: 'application/json', body: JSON.stringify({ error: { code: 'invalid', message: '该类型已停用', field: 'type' } }) })
    : route.continue()));
  await context.setOffline(false);
  for (const s of [gone, kept]) {
    const failed = page.locator('#outbox .outbox-item[data-state="failed"]', { hasText: s });
    await failed.waitFor({ timeout: 30000 });
    assert.match(await failed.textContent(), /失败.*该类型已停用/);
  }
  await page.locator('#outbox .outbox-item', { hasText: gone }).locator('[data-action="delete"]').tap();
  await page.locator('#outbox .outbox-item', { hasText: gone }).waitFor({ state: 'detached' });
  await page.unroute(/\/api\/incidents$/);
  await page.locator('#outbox .outbox-item', { hasText: kept }).locator('[data-action="retry"]').tap();
  await page.locator('#outbox .outbox-item[data-state="sent"]', { hasText: kept }).waitFor();
  assert.equal((await stored(page, gone)).length, 0, 'the deleted report was never stored');
  assert.equal((await stored(page, kept)).length, 1, 'the retried report stored once');
  const held = () => page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open('gridmap-outbox');
    req.onsuccess = () => {
      const all = req.result.transaction('items').objectStore('items').getAll();
      all.onsuccess = () => resolve(all.result.map((i) => i.form.summary));
    };
  }));
  const left = await held();
  assert.ok(!left.includes(gone) && left.includes(kept), `the outbox holds ${left}`);
  // At logout the sent report leaves the phone, and so does the kept session.
  await page.evaluate(() => document.querySelector('#logout').click());
  await page.locator('#login-open').waitFor();
  for (let n = 0; n < 50 && (await held()).includes(kept); n++) await page.waitForTimeout(100);
  assert.ok(!(await held()).includes(kept), 'the sent report is forgotten at logout');
  assert.equal(await page.evaluate(() => localStorage.getItem('gridmap-session')), null, 'the kept session is forgotten at logout');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an 8 MB camera photo is shrunk on the phone to a JPEG of 2,000 px; its upload shows progress', { timeout: 60000 }, async () => {
  const { context, errors, open } = await phone();
  const page = await open();
  await login(page, 'gridworker', pw.gridworker, { tap: true });
  await reportPage(page);
  // A 4,000 x 3,000 photo with a camera's grain, at the quality a phone saves.
  const big = Buffer.from(await page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 4000;
    c.height = 3000;
    const g = c.getContext('2d');
    const grad = g.createLinearGradient(0, 0, 4000, 3000);
    grad.addColorStop(0, '#6b8e23');
    grad.addColorStop(1, '#87ceeb');
    g.fillStyle = grad;
    g.fillRect(0, 0, 4000, 3000);
    const img = g.getImageData(0, 0, 4000, 3000);
    let seed = 1;
    for (let i = 0; i < img.data.length; i += 4) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const n = (seed >> 16) % 41 - 20;
      img.data[i] += n;
      img.data[i + 1] += n;
      img.data[i + 2] += n;
    }
    g.putImageData(img, 0, 0);
    const blob = await new Promise((r) => c.toBlob(r, 'image/jpeg', 0.98));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }), 'base64');
  assert.ok(big.length > 7.5e6, `the camera photo is ${big.length} bytes; want an 8 MB-class photo`);
  const summary = `大照片测试 ${Date.now()}`;
  await page.locator('#report-summary').fill(summary);
  await page.locator('#report-camera').setInputFiles({ name: 'IMG_0001.JPG', mimeType: 'image/jpeg', buffer: big });
  const thumb = page.locator('#report-photos [data-photo]');
  await thumb.waitFor({ timeout: 30000 });
  const size = Number(await thumb.getAttribute('data-size'));
  const [w, h] = [Number(await thumb.getAttribute('data-width')), Number(await thumb.getAttribute('data-height'))];
  console.log(`# photo: ${(big.length / 1e6).toFixed(1)} MB at 4000x3000 -> ${Math.round(size / 1024)} KB at ${w}x${h}`);
  assert.deepEqual([w, h], [2000, 1500], 'the long side 2,000 px');
  assert.ok(size < 1e6 && size * 8 < big.length, `${size} bytes after shrinking`);
  assert.equal(await page.locator('#report-camera').getAttribute('capture'), 'environment', 'the camera input');
  assert.equal(await page.locator('#report-gallery').getAttribute('capture'), null, 'the gallery input');

  // The upload goes slowly: its progress shows by the button.
  await page.route(/\/api\/incidents\/\d+\/attachments$/, async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    return route.continue();
  });
  await page.waitForFunction(() => document.querySelector('#report-saved')?.dataset.saved);
  await page.locator('#report-submit').tap();
  const sending = page.locator('#report-queued [data-state="sending"]');
  await page.waitForFunction(() => /正在上传照片 1\/1/.test(document.querySelector('#report-queued')?.textContent || ''));
  assert.ok(await inView(sending), 'the progress is in view');
  const sent = page.locator('#report-sent');
  await sent.waitFor();
  const [got] = await stored(page, summary);
  assert.equal(got.photos, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the cell worked out on the phone is the server\'s, near shared edges and outside the town', { timeout: 60000 }, async () => {
  const { context, errors, open } = await phone();
  const page = await open();
  const result = await page.evaluate(async () => {
    const { CellIndex } = await import('./locate.js');
    const cells = await (await fetch('api/cells')).json();
    const index = new CellIndex(cells);
    // The edges two cells share, found by their endpoints.
    const seen = new Map();
    const shared = [];
    for (const f of cells.features) {
      const r = f.geometry.coordinates[0];
      for (let i = 0; i + 1 < r.length; i++) {
        const k = [r[i], r[i + 1]].map((p) => p.join(',')).sort().join(';');
        if (seen.has(k) && seen.get(k) !== f.properties.code) shared.push([r[i], r[i + 1]]);
        else seen.set(k, f.properties.code);
      }
    }
    const points = [];
    const m = 1 / 111195; // a metre of latitude, in degrees
    for (let n = 0; n < 60 && n < shared.length; n++) {
      const [p, q] = shared[Math.floor((n * shared.length) / 60)];
      const mid = [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];
      const len = Math.hypot(q[0] - p[0], q[1] - p[1]) || 1;
      const nx = -(q[1] - p[1]) / len;
      const ny = (q[0] - p[0]) / len;
      points.push(p, mid); // on a vertex, on the edge
      for (const d of [0.3, -0.3, 1, -1, 30, -49.9]) points.push([mid[0] + nx * d * m, mid[1] + ny * d * m]);
    }
    // Across the town's box and beyond it: inside, near and outside.
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const f of cells.features) {
      for (const [x, y] of f.geometry.coordinates[0]) {
        x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
      }
    }
    let seed = 7;
    const rand = () => { seed = (seed * 48271) % 2147483647; return seed / 2147483647; };
    for (let n = 0; n < 120; n++) points.push([x0 - 0.01 + rand() * (x1 - x0 + 0.02), y0 - 0.01 + rand() * (y1 - y0 + 0.02)]);
    const diffs = [];
    let inside = 0;
    let near = 0;
    for (const [lon, lat] of points) {
      const res = await fetch(`api/locate?lon=${lon}&lat=${lat}`);
      const server = res.status === 404 ? null : await res.json();
      const phone = index.locate(lon, lat);
      const pick = (r) => r && { code: r.code, near_cell: r.near_cell || '', near_distance_m: r.near_distance_m || 0 };
      if (server) inside++;
      if (server && server.near_cell) near++;
      if (JSON.stringify(pick(server)) !== JSON.stringify(pick(phone))) diffs.push({ lon, lat, server: pick(server), phone: pick(phone), status: res.status });
    }
    return { points: points.length, shared: shared.length, inside, near, diffs };
  });
  console.log(`# locate: ${result.points} points (${result.inside} inside, ${result.near} near another cell), ${result.shared} shared edges`);
  assert.ok(result.points >= 300 && result.shared > 100, `${result.points} points, ${result.shared} shared edges`);
  assert.ok(result.near > 200 && result.inside < result.points, 'near edges and outside the town both tested');
  assert.deepEqual(result.diffs, [], 'the phone and the server disagree');
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a weak link the phone works the cell out meanwhile; the server\'s answer then takes its place', { timeout: 40000 }, async () => {
  const { context, errors, open } = await phone();
  const page = await open();
  await login(page, 'gridworker', pw.gridworker, { tap: true });
  let held = 0;
  await page.route(/\/api\/locate\?/, async (route) => {
    held++;
    await new Promise((r) => setTimeout(r, 6000));
    return route.continue();
  });
  await reportPage(page); // the cell shows while the server's answer is still on its way
  assert.ok(held > 0, 'the server was asked');
  assert.ok(await page.locator('#report-local').isVisible(), 'worked out on the phone meanwhile');
  await page.locator('#report-local').waitFor({ state: 'detached', timeout: 15000 });
  await page.locator(`#report-cell [data-cell="${CELL}"]`).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('the report shows the GPS accuracy and warns above 50 m', { timeout: 60000 }, async () => {
  // A context each: the browser answers a second fix from its cache (maximumAge).
  for (const [accuracy, warn] of [[120, true], [12, false]]) {
    const { context, errors, open } = await phone({ permissions: ['geolocation'] });
    const page = await open();
    await login(page, 'gridworker', pw.gridworker, { tap: true });
    await reportPage(page);
    const acc = page.locator('#report-accuracy');
    assert.equal(await acc.count(), 0, 'a tapped place has no accuracy');
    const lon = Number(await page.locator('#report-cell').getAttribute('data-lon'));
    const lat = Number(await page.locator('#report-cell').getAttribute('data-lat'));
    await context.setGeolocation({ longitude: lon, latitude: lat, accuracy });
    await page.locator('#report-gps').tap();
    await page.waitForFunction((a) => document.querySelector('#report-accuracy')?.dataset.accuracy === String(a), accuracy);
    assert.equal(await acc.evaluate((el) => el.classList.contains('notice-warning')), warn, `accuracy ${accuracy} m: warning ${warn}`);
    assert.match(await acc.textContent(), new RegExp(`约 ${accuracy} 米`));
    if (warn) assert.match(await acc.textContent(), /超过 50 米/);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

/** Moves incident id through the statuses tos as username, on a browser of its own (someone else); returns the answers' statuses. */
async function movedBy(username, id, tos) {
  const other = await browser.newContext({ locale: 'zh-CN' });
  const op = await other.newPage();
  await op.goto(url(''));
  await op.waitForSelector('body[data-state="ready"]');
  await login(op, username, pw[username]);
  const codes = await op.evaluate(async ({ id, tos }) => {
    const me = await (await fetch('api/auth/me')).json();
    let v = (await (await fetch(`api/incidents/${id}`)).json()).version;
    const out = [];
    for (const to of tos) {
      const res = await fetch(`api/incidents/${id}/transitions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token, 'If-Match': `"${v}"` },
        body: JSON.stringify({ to, note: '另一人处理：退回重新核实' }),
      });
      const body = await res.json();
      out.push(res.status);
      v = body.version;
    }
    return out;
  }, { id, tos });
  await other.close();
  return codes;
}

test('workflow moves and mediation records made offline queue; an overtaken move shows as a conflict; a record is stored once', { timeout: 90000 }, async () => {
  const { context, errors, open } = await phone({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false });
  const page = await open();
  await login(page, 'cadre', pw.cadre);
  await page.waitForURL(/#\/unit$/);
  const stamp = Date.now();
  const ids = await page.evaluate(async ({ p, stamp }) => {
    const me = await (await fetch('api/auth/me')).json();
    const out = [];
    for (const s of ['冲突', '顺利']) {
      const res = await fetch('api/incidents', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token, 'Idempotency-Key': crypto.randomUUID() },
        body: JSON.stringify({ ...p, type: '邻里纠纷', source: '群众来访', summary: `离线改状态测试（${s}）${stamp}` }),
      });
      out.push((await res.json()).id);
    }
    // The second case gets a mediator (周军平), for a mediation record made offline.
    const v = (await (await fetch(`api/incidents/${out[1]}`)).json()).version;
    await fetch(`api/incidents/${out[1]}/mediators`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token, 'If-Match': `"${v}"` },
      body: JSON.stringify({ mediators: [80], version: v }),
    });
    return out;
  }, { p: CADRE_POINT, stamp });
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  const rows = [];
  for (const id of ids) {
    const row = page.locator(`#dock-incidents [data-incident="${id}"]`);
    await row.locator('.row-toggle').click();
    await row.locator('.incident-detail .timeline').waitFor();
    rows.push(row);
  }
  await context.setOffline(true);
  for (const row of rows) {
    await row.locator('[data-to="accepted"]').click();
    const flash = row.locator('[data-flash="queued"]');
    await flash.waitFor();
    assert.match(await flash.textContent(), /无网络.*受理|无网络.*待发送队列/);
  }
  // A mediation record made offline queues too; the first answer to it is lost.
  const form = rows[1].locator('.mediation-form');
  await form.locator('[name="outcome"]').selectOption('ongoing');
  await form.locator('[name="note"]').fill('离线记录：双方初步沟通');
  await form.locator('button[type="submit"]').click();
  const medFlash = rows[1].locator('[data-flash="queued"]', { hasText: '调解记录' });
  await medFlash.waitFor();
  let lostRecord = 0;
  await page.route(/\/api\/incidents\/\d+\/mediation$/, async (route) => {
    if (route.request().method() !== 'POST' || lostRecord > 0) return route.continue();
    lostRecord++;
    await route.fetch();
    return route.abort('connectionreset');
  });

  // Meanwhile someone else accepts the first case and sends it back: version + 2.
  assert.deepEqual(await movedBy('cadre', ids[0], ['accepted', 'reported']), [200, 200], 'the other cadre\'s moves');

  await context.setOffline(false);
  await page.evaluate(() => { location.hash = '#/report'; });
  const conflict = page.locator(`#outbox .outbox-item[data-state="failed"]`, { hasText: `第 ${ids[0]} 号` });
  await conflict.waitFor({ timeout: 30000 });
  assert.match(await conflict.textContent(), /冲突，未执行.*当前状态/);
  assert.equal(await conflict.locator('[data-action="retry"]').count(), 0, 'a conflict is not retried blindly');
  await page.locator(`#outbox .outbox-item[data-state="sent"]`, { hasText: new RegExp(`第 ${ids[1]} 号 .* → 受理`) }).waitFor();
  // The record's answer was lost: it waits; a retry is answered with the record kept.
  const rec = page.locator('#outbox .outbox-item', { hasText: `第 ${ids[1]} 号 调解记录` });
  await until(() => lostRecord === 1, 'the mediation record\'s answer to be lost');
  await page.locator('#outbox .outbox-item[data-state="queued"]', { hasText: `第 ${ids[1]} 号 调解记录` }).waitFor();
  await rec.locator('[data-action="retry"]').click();
  await page.locator('#outbox .outbox-item[data-state="sent"]', { hasText: `第 ${ids[1]} 号 调解记录` }).waitFor();
  const records = await page.evaluate(async (id) => (await (await fetch(`api/incidents/${id}/mediation`)).json()).records.length, ids[1]);
  assert.equal(records, 1, 'one mediation record');
  const status = await page.evaluate(async (ids) => Promise.all(ids.map(async (id) => (await (await fetch(`api/incidents/${id}`)).json()).status)), ids);
  assert.deepEqual(status, ['reported', 'accepted'], 'the overtaken move not applied; the other one applied once');
  await shot(page, 'outbox-conflict.png');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the queue sends on its own timer too: no open, no online event, no return to the front', { timeout: 60000 }, async () => {
  const { context, errors, open } = await phone();
  const page = await open();
  // The queue starts at login: from here the page's timers are Playwright's
  // clock (it runs as usual until fast-forwarded), so 30 s of the queue's
  // timer pass without 30 real seconds.
  await page.clock.install();
  await login(page, 'gridworker', pw.gridworker, { tap: true });
  await reportPage(page);
  // The link drops answers while navigator.onLine stays true: no online event
  // will come, so only the timer can send the item again.
  let posts = 0;
  let cut = true;
  await page.route(/\/api\/incidents$/, (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    posts++;
    return cut ? route.abort('internetdisconnected') : route.continue();
  });
  const summary = `定时发送测试 ${Date.now()}`;
  await writeReport(page, summary, { photo: false });
  await page.locator('#report-submit').tap();
  await page.locator('#outbox .outbox-item[data-state="queued"]', { hasText: summary }).waitFor();
  await until(() => posts >= 1, 'the first try');
  cut = false;
  const tries = posts;
  // Left alone for 20 s of the page's time (under the timer's 30 s): nothing is sent.
  await page.clock.fastForward(20000);
  await page.waitForTimeout(500);
  assert.equal(posts, tries, 'no try before the timer is due');
  assert.equal(await page.locator('#outbox .outbox-item[data-state="queued"]', { hasText: summary }).count(), 1, 'still queued');
  // The timer falls due: the queue sends by itself, once.
  await page.clock.fastForward(11000);
  await page.locator('#outbox .outbox-item[data-state="sent"]', { hasText: summary }).waitFor();
  assert.equal(posts, tries + 1, 'one try when the timer fired');
  assert.equal((await stored(page, summary)).length, 1, 'stored once');
  assert.deepEqual(errors, [], 'uncaught script errors');
  await context.close();
});

/**
 * The cadre files a case at CADRE_POINT, accepts it when accept is set,
 * and assigns the demo mediator (周军平, 80); returns its number.
 */
async function cadreCase(summary, { accept = false } = {}) {
  const cadre = await browser.newContext({ locale: 'zh-CN' });
  const cp = await cadre.newPage();
  await cp.goto(url(''));
  await cp.waitForSelector('body[data-state="ready"]');
  await login(cp, 'cadre', pw.cadre);
  const id = await cp.evaluate(async ({ p, summary, accept }) => {
    const me = await (await fetch('api/auth/me')).json();
    const res = await fetch('api/incidents', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token, 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ ...p, type: '邻里纠纷', source: '群众来访', summary }),
    });
    const n = (await res.json()).id;
    let v = (await (await fetch(`api/incidents/${n}`)).json()).version;
    if (accept) {
      const moved = await fetch(`api/incidents/${n}/transitions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token, 'If-Match': `"${v}"` },
        body: JSON.stringify({ to: 'accepted', note: '' }),
      });
      if (moved.status !== 200) throw new Error(`accept ${n}: ${moved.status} ${await moved.text()}`);
      v = (await moved.json()).version;
    }
    const assigned = await fetch(`api/incidents/${n}/mediators`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token, 'If-Match': `"${v}"` },
      body: JSON.stringify({ mediators: [80], version: v }),
    });
    if (assigned.status !== 200) throw new Error(`assign ${n}: ${assigned.status} ${await assigned.text()}`);
    return n;
  }, { p: CADRE_POINT, summary, accept });
  await cadre.close();
  return id;
}

/** The demo mediator on a phone, on 我的案件 with case id opened; returns the phone's {context, errors}, the page and the case's row. */
async function mediatorOpens(id) {
  const { context, errors, open } = await phone();
  const page = await open();
  await login(page, 'mediator', pw.mediator, { tap: true });
  await page.waitForURL(/#\/cases$/);
  const row = page.locator(`#page [data-incident="${id}"]`);
  await row.locator('.row-toggle').tap();
  return { context, errors, page, row };
}

test('a mediator\'s record made offline on the phone queues and is stored once when the network returns', { timeout: 60000 }, async () => {
  const summary = `调解员离线记录测试 ${Date.now()}`;
  const id = await cadreCase(summary);
  const { context, errors, page, row } = await mediatorOpens(id);
  const form = row.locator('.mediation-form');
  await form.waitFor();
  let posts = 0;
  await page.route(/\/api\/incidents\/\d+\/mediation$/, (route) => {
    if (route.request().method() === 'POST') posts++;
    return route.continue();
  });
  await context.setOffline(true);
  await form.locator('[name="outcome"]').selectOption('ongoing');
  await form.locator('[name="note"]').fill('离线记录：走访双方，约定再谈');
  await form.locator('button[type="submit"]').tap();
  const flash = row.locator('[data-flash="queued"]', { hasText: '调解记录' });
  await flash.waitFor();
  assert.ok(await inView(flash), 'the queued notice is in view');
  assert.match(await flash.textContent(), /本机待发送/, 'it says where the queue is');
  // 我的案件 lists what waits on this phone (a mediator has no 一键上报 page).
  const waiting = page.locator('#outbox .outbox-item[data-state="queued"]', { hasText: `第 ${id} 号 调解记录` });
  await waiting.waitFor();
  assert.match(await waiting.textContent(), /待发送.*无网络/);
  // The network returns: the mediator's queue sends the record by itself, once.
  await context.setOffline(false);
  await page.locator('#outbox .outbox-item[data-state="sent"]', { hasText: `第 ${id} 号 调解记录` }).waitFor({ timeout: 30000 });
  const records = () => page.evaluate(async (n) => (await (await fetch(`api/incidents/${n}/mediation`)).json()).records, id);
  let got = [];
  for (let n = 0; n < 100 && got.length === 0; n++) {
    await page.waitForTimeout(200);
    got = await records();
  }
  assert.equal(got.length, 1, 'one mediation record');
  assert.match(got[0].note, /离线记录/);
  await page.waitForTimeout(1000);
  assert.equal((await records()).length, 1, 'still one record');
  assert.ok(posts >= 1, 'sent from the page');
  assert.deepEqual(errors, [], 'uncaught script errors');
  await context.close();
});

test('a mediator\'s move made offline, overtaken by the cadre meanwhile, shows as a conflict that stays until deleted; the record goes', { timeout: 90000 }, async () => {
  const summary = `调解员离线冲突测试 ${Date.now()}`;
  const id = await cadreCase(summary, { accept: true });
  const { context, errors, page, row } = await mediatorOpens(id);
  await row.locator('.incident-detail .timeline').waitFor();
  await context.setOffline(true);
  // Offline: 开始调解 (accepted → mediating) and a mediation record, both queued on the phone.
  await row.locator('[data-to="mediating"]').tap();
  const moveFlash = row.locator('[data-flash="queued"]');
  await moveFlash.waitFor();
  assert.match(await moveFlash.textContent(), /无网络.*调解中|无网络.*待发送/);
  const form = row.locator('.mediation-form');
  await form.locator('[name="outcome"]').selectOption('ongoing');
  await form.locator('[name="note"]').fill('离线记录：冲突前走访');
  await form.locator('button[type="submit"]').tap();
  await row.locator('[data-flash="queued"]', { hasText: '调解记录' }).waitFor();
  const item = (what) => page.locator('#outbox .outbox-item', { hasText: `第 ${id} 号 ${what}` });
  await item('受理 → 调解中').and(page.locator('[data-state="queued"]')).waitFor();
  await item('调解记录').and(page.locator('[data-state="queued"]')).waitFor();

  // Meanwhile the cadre sends the case back (退回): the move the mediator made no longer applies.
  assert.deepEqual(await movedBy('cadre', id, ['reported']), [200], 'the cadre\'s move');

  await context.setOffline(false);
  const conflict = item('受理 → 调解中').and(page.locator('[data-state="failed"]'));
  await conflict.waitFor({ timeout: 30000 });
  assert.match(await conflict.locator('[role="alert"]').textContent(), /冲突，未执行.*当前状态 上报/);
  assert.equal(await conflict.locator('[data-action="retry"]').count(), 0, 'a conflict is not retried blindly');
  // The outbox's list is above, maybe out of view: the case's row, where the button was pressed, says so too, in view, as the case now is.
  const said = row.locator('[data-flash="conflict"]');
  await said.waitFor();
  assert.match(await said.textContent(), /冲突，未执行.*当前状态 上报/);
  assert.ok(await inView(said), 'the conflict is in view at the case');
  await row.locator('.row-toggle [data-status="reported"]').waitFor();
  // The record does not depend on the status: it is stored, once.
  await item('调解记录').and(page.locator('[data-state="sent"]')).waitFor({ timeout: 30000 });
  const state = await page.evaluate(async (n) => ({
    status: (await (await fetch(`api/incidents/${n}`)).json()).status,
    records: (await (await fetch(`api/incidents/${n}/mediation`)).json()).records.length,
  }), id);
  assert.deepEqual(state, { status: 'reported', records: 1 }, 'the overtaken move not applied; the record stored once');
  await shot(page, 'outbox-mediator-conflict.png');

  // Never dropped: after a reload the conflict is still there, until the mediator deletes it.
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  await conflict.waitFor();
  await conflict.locator('[data-action="delete"]').tap();
  await conflict.waitFor({ state: 'detached' });
  assert.deepEqual(errors, [], 'uncaught script errors');
  await context.close();
});

test('with no IndexedDB (a private window) the report and its photo are still sent, with a notice that drafts are not kept', { timeout: 60000 }, async () => {
  const { context, errors, open } = await phone();
  // As in a private window that refuses storage: every open fails.
  await context.addInitScript(() => {
    IDBFactory.prototype.open = function () { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); };
  });
  const page = await open();
  await login(page, 'gridworker', pw.gridworker, { tap: true });
  await reportPage(page);
  const notice = page.locator('#report-nostore');
  await notice.waitFor();
  assert.match(await notice.textContent(), /无法保存草稿.*不会留在这部手机上/);
  const summary = `无本机存储测试 ${Date.now()}`;
  await page.locator('#report-summary').fill(summary);
  await page.locator('#report-gallery').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PNG });
  await page.locator('#report-photos [data-photo]').waitFor();
  await page.locator('#report-submit').tap();
  await page.locator('#report-sent').waitFor();
  assert.deepEqual((await stored(page, summary)).map((s) => s.photos), [1], 'one incident with its photo');
  assert.deepEqual(errors, [], 'uncaught script errors');
  await context.close();
});
