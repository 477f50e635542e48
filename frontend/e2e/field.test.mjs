// Browser tests of field work on a phone (390×844): 我的位置 with the GPS
// granted and denied, cell names at mid zoom, the grid worker's cell panel
// (residents and open incidents first, a filter, tap-to-call), the search
// box finding incidents by number and residents by name within the scope
// only, and the worker's data kept on the phone: shown offline, gone after
// logout, dropped once expired.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 node --test field.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, openPage, login, accounts, url, shot, settled, apiAs, CADRE_CELL as CELL } from './helpers.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const HERE = { latitude: 28.523576, longitude: 106.678483, accuracy: 35 };

let facts; // what the server holds: the worker's residents and incidents, and others'

useBrowser(async () => {
  const pw = accounts();
  const admin = await apiAs('admin', pw.admin);
  const worker = await apiAs('gridworker', pw.gridworker);
  const me = await worker('api/auth/me');
  assert.deepEqual(me.user.cells, [CELL], 'the demo grid worker looks after one cell');
  const residents = (await worker(`api/residents?cell=${CELL}&limit=1000`)).residents;
  const open = (await worker(`api/incidents?cell=${CELL}&status=open&limit=1000`)).incidents;
  assert.ok(residents.length > 0 && open.length > 0, 'the worker\'s cell has residents and open incidents');
  const done = (await worker(`api/incidents?cell=${CELL}&limit=1000`)).incidents.filter((i) => !open.some((o) => o.id === i.id));
  // Someone and an open incident of another cell, which the worker must not find.
  const cells = (await admin('api/cells')).features.map((f) => f.properties.code).filter((c) => c !== CELL);
  let stranger = null;
  for (const c of cells) {
    const rs = (await admin(`api/residents?cell=${c}&limit=1000`)).residents;
    stranger = rs.find((r) => !residents.some((m) => m.name.includes(r.name) || r.name.includes(m.name)));
    if (stranger) break;
  }
  const others = (await admin('api/incidents?status=open&limit=1000')).incidents.filter((i) => i.cell !== CELL);
  assert.ok(stranger && others.length, 'a resident and an open incident elsewhere');
  assert.ok(done.length, 'a resolved or closed incident in the worker\'s cell');
  facts = { residents, open, done: done[0], stranger, otherIncident: others[0] };
});

/** The records the app keeps in IndexedDB and the URLs in every cache, read from the page. */
function stored(page) {
  return page.evaluate(async () => {
    // Every database listed, and the app's own by name (a listing may lag behind a write).
    const dbs = new Set([...(await indexedDB.databases()).map((d) => d.name), 'gridmap-field']);
    const records = [];
    for (const name of dbs) {
      const db = await new Promise((resolve) => {
        const req = indexedDB.open(name);
        req.onupgradeneeded = () => req.transaction.abort(); // not there: not created by looking
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => resolve(null);
      });
      if (!db) continue;
      for (const store of db.objectStoreNames) {
        const all = await new Promise((resolve, reject) => {
          const req = db.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        records.push(...all.map((r) => ({ db: name, store, json: JSON.stringify(r) })));
      }
      db.close();
    }
    const cached = [];
    for (const name of await caches.keys()) {
      for (const req of await (await caches.open(name)).keys()) cached.push(req.url);
    }
    return { records, cached };
  });
}

/** The map's zoom, from the scale bar's metres per pixel. */
function zoom(page) {
  return page.locator('.leaflet-control-scale-line').first().evaluate((el) => {
    const m = el.textContent.match(/([\d.]+)\s*(k?m)/);
    const mpp = (Number(m[1]) * (m[2] === 'km' ? 1000 : 1)) / el.getBoundingClientRect().width;
    return Math.log2((156543.03392 * Math.cos((28.52 * Math.PI) / 180)) / mpp);
  });
}

/** Sets the kept set's last contact with the server back by days. */
function ageKept(page, days) {
  return page.evaluate((d) => new Promise((resolve, reject) => {
    const req = indexedDB.open('gridmap-field');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const tx = req.result.transaction('worker', 'readwrite');
      const s = tx.objectStore('worker');
      const get = s.get('me');
      get.onsuccess = () => s.put({ ...get.result, synced_at: get.result.synced_at - d * 24 * 3600 * 1000 }, 'me');
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    };
  }), days);
}

test('我的位置 centres on the GPS position with its accuracy circle, follows it, and names itself in both languages', async () => {
  const { context, page, problems } = await openPage(browser, { ...PHONE, geolocation: HERE, permissions: ['geolocation'] });
  const button = page.getByRole('button', { name: '我的位置' });
  await button.tap();
  const circle = page.locator('path.gm-accuracy');
  await circle.waitFor();
  await page.locator('path.gm-position').waitFor();
  assert.equal(await button.getAttribute('aria-pressed'), 'true');
  // The map is centred on the position, and the circle's radius is the accuracy at the map's scale.
  const seen = await page.evaluate(() => {
    const box = document.querySelector('path.gm-accuracy').getBoundingClientRect();
    const map = document.querySelector('#map').getBoundingClientRect();
    return { cx: box.x + box.width / 2 - map.x, cy: box.y + box.height / 2 - map.y, w: box.width, mapW: map.width, mapH: map.height };
  });
  assert.ok(Math.abs(seen.cx - seen.mapW / 2) < 4 && Math.abs(seen.cy - seen.mapH / 2) < 4, `circle centred: ${JSON.stringify(seen)}`);
  const scale = await page.locator('.leaflet-control-scale-line').first().evaluate((el) => {
    const m = el.textContent.match(/([\d.]+)\s*(k?m)/);
    return (Number(m[1]) * (m[2] === 'km' ? 1000 : 1)) / el.getBoundingClientRect().width; // metres per pixel
  });
  const radiusM = (seen.w / 2) * scale;
  assert.ok(Math.abs(radiusM - HERE.accuracy) / HERE.accuracy < 0.15, `circle radius ${radiusM.toFixed(1)} m; want ${HERE.accuracy} m`);
  assert.equal(await button.getAttribute('data-accuracy'), String(HERE.accuracy));

  // The position moves: the circle follows, with the new accuracy.
  const before = await circle.boundingBox();
  await context.setGeolocation({ latitude: HERE.latitude + 0.0004, longitude: HERE.longitude, accuracy: 60 });
  await page.waitForFunction(() => document.querySelector('#locate').dataset.accuracy === '60');
  const moved = await circle.boundingBox();
  assert.ok(moved.y + moved.height / 2 < before.y + before.height / 2 - 5, 'the circle moved north');
  assert.ok(moved.width > before.width * 1.4, 'the circle grew with the accuracy');
  await shot(page, 'field-locate.png');

  // Tapped again, it stops; its name is English in English.
  await button.tap();
  await circle.waitFor({ state: 'detached' });
  await page.locator('#lang').tap();
  await page.getByRole('button', { name: 'My location' }).waitFor();
  assert.deepEqual(problems(), []);
  await context.close();
});

test('我的位置 says so in view when the position is refused', async () => {
  const { context, page, problems } = await openPage(browser, { ...PHONE });
  await context.clearPermissions();
  await page.getByRole('button', { name: '我的位置' }).tap();
  const msg = page.locator('#locate-msg');
  await msg.waitFor({ state: 'visible' });
  assert.match(await msg.textContent(), /定位权限被拒绝/);
  assert.equal(await msg.getAttribute('role'), 'alert');
  const box = await msg.boundingBox();
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= 390 && box.y + box.height <= 844, `message in view: ${JSON.stringify(box)}`);
  assert.equal(await page.locator('path.gm-accuracy').count(), 0);
  await shot(page, 'field-locate-denied.png');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('cell names show at mid zoom on a phone', async () => {
  const { context, page, problems } = await openPage(browser, { ...PHONE });
  // Zoom in with the buttons to 13 (the zoom read from the scale bar) around the grid worker's village.
  await page.locator('#search').fill(CELL);
  await page.locator(`#suggestions [data-code="${CELL}"]`).tap();
  await page.locator('#panel-close').tap();
  for (let i = 0; i < 12 && (await zoom(page)) > 13.2; i++) {
    await page.locator('.leaflet-control-zoom-out').tap();
    await settled(page);
  }
  const z = await zoom(page);
  assert.ok(z > 12.7 && z < 13.3, `zoom ${z}`);
  const names = await page.locator('.gm-label-cell:not(.is-hidden) span').allTextContents();
  assert.ok(names.some((n) => /网格$/.test(n) || /[\u4e00-\u9fff]/.test(n)), `cell names at zoom 13: ${names.join(', ')}`);
  assert.ok(names.length >= 3, `cell labels at zoom 13: ${names.length}`);
  await shot(page, 'field-labels-z13.png');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('the grid worker\'s panel lists residents and open incidents first, filters them, and calls with a tap', async () => {
  const { context, page, problems } = await openPage(browser, { ...PHONE });
  await login(page, 'gridworker', accounts().gridworker, { tap: true });
  await page.locator('#search').fill(CELL);
  await page.locator(`#suggestions [data-code="${CELL}"]`).tap();
  const residents = page.locator('#tabpanel-residents li.resident');
  await residents.first().waitFor();
  // The lists come first: the filter and the tabs before the cell's facts.
  const order = await page.evaluate(() => [...document.querySelector('#panel-body').children].map((el) => el.className));
  assert.match(order[0], /panel-filter-row/);
  assert.match(order[1], /tabs-wrap/);
  const shownR = Math.min(facts.residents.length, 50);
  assert.equal(await residents.count(), shownR);
  const withPhone = facts.residents.slice(0, shownR).filter((r) => r.phone).length;
  const tels = page.locator('#tabpanel-residents a[href^="tel:"]');
  assert.equal(await tels.count(), withPhone, 'every phone number is a tel: link');
  const first = facts.residents.slice(0, shownR).find((r) => r.phone);
  assert.equal(await tels.first().getAttribute('href'), 'tel:' + first.phone.replace(/[^\d+]/g, ''));
  await page.locator('#tab-incidents').tap();
  const incidents = page.locator('#tabpanel-incidents li.incident');
  await incidents.first().waitFor();
  assert.equal(await incidents.count(), Math.min(facts.open.length, 20));

  // The filter narrows both lists.
  const who = facts.residents[facts.residents.length > 1 ? 1 : 0];
  await page.locator('#tab-residents').tap();
  await page.getByRole('searchbox', { name: '筛选本网格的居民和案件' }).fill(who.name);
  await page.waitForFunction((n) => [...document.querySelectorAll('#tabpanel-residents .resident-name')].every((el) => el.textContent.includes(n)), who.name);
  assert.ok(await residents.count() >= 1);
  await page.locator('#panel-filter').fill(String(facts.open[0].id));
  await page.locator('#tab-incidents').tap();
  await page.locator(`#tabpanel-incidents li[data-incident="${facts.open[0].id}"]`).waitFor();
  await shot(page, 'field-panel.png');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('the search box finds the worker\'s incidents by number and residents by name, and nothing outside the cells', async () => {
  const { context, page, problems } = await openPage(browser, { ...PHONE });
  await login(page, 'gridworker', accounts().gridworker, { tap: true });
  const search = page.locator('#search');

  // An incident by number: the suggestion opens its cell's panel on it.
  const inc = facts.open[0];
  await search.fill(String(inc.id));
  await page.locator('#suggestions .suggestion-incident').first().tap();
  await page.waitForFunction((c) => document.querySelector('#panel [data-field="code"]')?.textContent === c, CELL);
  await page.locator(`#tabpanel-incidents li[data-incident="${inc.id}"]`).waitFor();
  assert.equal(await page.locator('#tab-incidents').getAttribute('aria-selected'), 'true');

  // One no longer open, which the phone does not keep: found on the server, shown in its cell's panel.
  await search.fill(String(facts.done.id));
  await page.locator(`#suggestions .suggestion-incident`).first().tap();
  await page.locator(`#tabpanel-incidents li[data-incident="${facts.done.id}"]`).waitFor();

  // A resident by name.
  const r = facts.residents[0];
  await search.fill(r.name);
  const found = page.locator('#suggestions .suggestion-resident');
  await found.first().waitFor();
  assert.ok((await found.allTextContents()).some((t) => t.includes(r.name)));
  await found.first().tap();
  await page.waitForFunction((n) => [...document.querySelectorAll('#tabpanel-residents .resident-name')].some((el) => el.textContent === n), r.name);

  // Nothing of another cell: not its resident, not its incident (the server refuses it).
  await search.fill(facts.stranger.name);
  await page.locator('#suggestions li').first().waitFor();
  assert.equal(await page.locator('#suggestions .suggestion-resident').count(), 0, `found ${facts.stranger.name} of cell ${facts.stranger.cell}`);
  const asked = page.waitForResponse((res) => res.url().includes(`/api/incidents?number=${facts.otherIncident.id}&`));
  await search.fill(String(facts.otherIncident.id));
  const answer = await asked;
  assert.equal(answer.status(), 200);
  assert.equal((await answer.json()).total, 0, 'the server keeps to the worker\'s cells');
  await page.locator('#suggestions:not([data-busy])').waitFor({ state: 'attached' }); // the answer is handled
  assert.equal(await page.locator('#suggestions .suggestion-incident').count(), 0, `found incident ${facts.otherIncident.id} of cell ${facts.otherIncident.cell}`);
  assert.deepEqual(problems(), []);
  await context.close();
});

/** A phone context with the service worker, logged in as the grid worker, its data kept. */
async function workerOnPhone() {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'allow' });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url(''));
  await page.waitForSelector('body[data-state="ready"]');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await login(page, 'gridworker', accounts().gridworker, { tap: true });
  await page.waitForFunction(async () => {
    const s = await new Promise((resolve) => {
      const req = indexedDB.open('gridmap-field');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(null);
    });
    if (!s || !s.objectStoreNames.contains('worker')) return false;
    const n = await new Promise((resolve) => {
      const req = s.transaction('worker').objectStore('worker').count();
      req.onsuccess = () => resolve(req.result);
    });
    s.close();
    return n === 1;
  }, null, { polling: 200 });
  // A visit under the worker keeps the public map data; it also downloads
  // the worker's set afresh: wait for that, or it would overwrite what a
  // test changes next.
  const syncedAt = () => page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open('gridmap-field');
    req.onsuccess = () => {
      const get = req.result.transaction('worker').objectStore('worker').get('me');
      get.onsuccess = () => { resolve(get.result ? get.result.synced_at : 0); req.result.close(); };
    };
    req.onerror = () => resolve(0);
  }));
  const before = await syncedAt();
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  for (let i = 0; i < 100 && (await syncedAt()) <= before; i++) await page.waitForTimeout(200);
  assert.ok((await syncedAt()) > before, 'the worker\'s set was downloaded again at the reload');
  return { context, page, errors };
}

test('offline after a login and a reload the panel and the search show the worker\'s residents; logout leaves nothing personal', async () => {
  const { context, page, errors } = await workerOnPhone();
  const kept = await stored(page);
  const rec = kept.records.find((r) => r.db === 'gridmap-field');
  assert.ok(rec, `the worker's data is kept: ${JSON.stringify(kept.records.map((r) => r.db))}, account shown: ${await page.locator('#account').isVisible()}`);
  const keptRec = JSON.parse(rec.json);
  assert.equal(keptRec.residents[CELL].length, facts.residents.length);
  assert.deepEqual(keptRec.incidents.map((i) => i.id).sort(), facts.open.map((i) => i.id).sort());
  assert.equal(keptRec.me.csrf_token, undefined, 'no CSRF token kept');
  assert.equal(keptRec.offline_days, 7);
  assert.ok(!rec.json.includes(facts.stranger.id_number), 'nobody else\'s data kept');
  assert.ok(kept.cached.every((u) => !/\/api\/(residents|incidents|auth)/.test(u)), `personal answers in the caches: ${kept.cached}`);

  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  await page.locator('#account').waitFor({ state: 'visible' });
  await page.locator('#search').fill(CELL);
  await page.locator(`#suggestions [data-code="${CELL}"]`).tap();
  const residents = page.locator('#tabpanel-residents li.resident');
  await residents.first().waitFor();
  assert.equal(await residents.count(), facts.residents.length, 'every resident of the cell, offline');
  await page.locator('#tabpanel-residents [data-offline]').waitFor();
  await page.locator('#tab-incidents').tap();
  assert.equal(await page.locator('#tabpanel-incidents li.incident').count(), facts.open.length);
  await shot(page, 'field-offline-panel.png');
  await page.locator('#panel-close').tap();
  await page.locator('#search').fill(facts.residents[0].name);
  await page.locator('#suggestions .suggestion-resident').first().waitFor();

  await context.setOffline(false);
  await page.locator('#search').fill('');
  if (!(await page.locator('#logout').isVisible())) await page.locator('#menu-toggle').tap();
  await page.locator('#logout').tap();
  await page.locator('#login-open').waitFor();
  await page.waitForFunction(async () => {
    const req = indexedDB.open('gridmap-field');
    const db = await new Promise((resolve) => { req.onsuccess = () => resolve(req.result); });
    const n = await new Promise((resolve) => {
      const c = db.transaction('worker').objectStore('worker').count();
      c.onsuccess = () => resolve(c.result);
    });
    db.close();
    return n === 0;
  }, null, { polling: 200 });
  const left = await stored(page);
  const personal = [...facts.residents.map((r) => r.name), ...facts.residents.map((r) => r.phone).filter(Boolean)];
  assert.deepEqual(left.records, [], 'records left in IndexedDB after logout');
  assert.ok(left.cached.every((u) => !/\/api\/(residents|incidents|auth)/.test(u)), `personal answers in the caches: ${left.cached}`);
  for (const name of await page.evaluate(() => caches.keys())) {
    const texts = await page.evaluate(async (n) => {
      const c = await caches.open(n);
      return Promise.all((await c.keys()).filter((r) => r.url.includes('/api/')).map(async (r) => (await c.match(r)).text()));
    }, name);
    for (const text of texts) assert.ok(!personal.some((p) => text.includes(p)), `a resident in cache ${name}`);
  }
  assert.deepEqual(errors, [], 'uncaught script errors');
  await context.close();
});

test('kept data older than offline_days without contact is dropped', async () => {
  const { context, page, errors } = await workerOnPhone();
  await ageKept(page, 8);
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  // Nobody is logged in offline any more, and nothing is kept.
  await page.locator('#login-open').waitFor();
  const left = await stored(page);
  assert.deepEqual(left.records, [], 'expired records left in IndexedDB');
  await page.locator('#search').fill(facts.residents[0].name);
  await page.locator('#suggestions li').first().waitFor();
  assert.equal(await page.locator('#suggestions .suggestion-resident').count(), 0);
  assert.deepEqual(errors, [], 'uncaught script errors');
  await context.close();
});

test('kept data within offline_days stays (the expiry counts days, not reloads)', async () => {
  const { context, page } = await workerOnPhone();
  await ageKept(page, 6);
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  await page.locator('#account').waitFor({ state: 'visible' });
  assert.equal((await stored(page)).records.length, 1);
  await context.close();
});



test('data kept for another user is cleared when the session is someone else\'s', async () => {
  const { context, page, errors } = await workerOnPhone();
  // As if another account had used the phone before: its id and a resident of its own.
  await page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('gridmap-field');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const tx = req.result.transaction('worker', 'readwrite');
      const s = tx.objectStore('worker');
      const get = s.get('me');
      get.onsuccess = () => {
        const rec = get.result;
        const cell = rec.cells[0];
        s.put({ ...rec, me: { ...rec.me, user: { ...rec.me.user, id: 987654 } },
          residents: { ...rec.residents, [cell]: [{ id: 1, cell, name: '别人家的居民', phone: '13800000000' }] } }, 'me');
      };
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    };
  }));
  // The download of the current user's data fails: the other's must go all the same.
  await page.route('**/api/residents?**', (route) => route.abort());
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  await page.locator('#account').waitFor({ state: 'visible' });
  await page.waitForFunction(async () => {
    const db = await new Promise((resolve) => { const r = indexedDB.open('gridmap-field'); r.onsuccess = () => resolve(r.result); });
    const n = await new Promise((resolve) => { const c = db.transaction('worker').objectStore('worker').count(); c.onsuccess = () => resolve(c.result); });
    db.close();
    return n === 0;
  }, null, { polling: 200 });
  // With the network whole again, the current user's own set is kept.
  await page.unroute('**/api/residents?**');
  const me = await page.evaluate(async () => (await (await fetch('api/auth/me')).json()).user.id);
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  await page.waitForFunction(async (id) => {
    const db = await new Promise((resolve) => { const r = indexedDB.open('gridmap-field'); r.onsuccess = () => resolve(r.result); });
    const rec = await new Promise((resolve) => { const g = db.transaction('worker').objectStore('worker').get('me'); g.onsuccess = () => resolve(g.result); });
    db.close();
    return rec && rec.me.user.id === id;
  }, me, { polling: 200 });
  // What the phone holds settles once the start's downloads are in: read it
  // until it has, for at most ten seconds (a set that was dropped stays dropped).
  let left = await stored(page);
  for (let i = 0; i < 50 && left.records.length !== 1; i++) {
    await page.waitForTimeout(200);
    left = await stored(page);
  }
  assert.equal(left.records.length, 1, `kept records: ${left.records.map((r) => `${r.db}/${r.store}`).join(', ') || 'none'}`);
  assert.ok(!left.records[0].json.includes('别人家的居民'), 'the other user\'s data is gone');
  assert.equal(JSON.parse(left.records[0].json).residents[CELL].length, facts.residents.length);
  assert.deepEqual(errors, [], 'uncaught script errors');
  await context.close();
});
