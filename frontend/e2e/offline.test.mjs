// Browser test of the app with no network: after one visit, its service
// worker (sw.js) opens the app and draws the town's map offline, and a
// repeat visit takes the app's files from the cache.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 node --test offline.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, getJSON, url, shot, openPage, login, accounts } from './helpers.mjs';

let browser;
let cellCount;

before(async () => {
  browser = await launch();
  cellCount = (await getJSON('api/cells')).features.length;
});

after(async () => {
  if (browser) await browser.close();
});

test('after one visit the app opens and draws the map with no network', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'allow' });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url(''));
  await page.waitForSelector('body[data-state="ready"]');
  // The worker installs (keeping the shell), activates and takes the page.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const worker = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return reg.active.scriptURL;
  });
  assert.match(worker, /\/sw\.js$/);
  // A visit under the worker keeps the map data.
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  assert.equal(await page.locator('path.gm-cell').count(), cellCount);

  // Repeat visit: every file of the app from the worker's cache.
  const fromNetwork = [];
  const listen = (r) => {
    const u = new URL(r.url());
    if (!u.pathname.includes('/api/') && u.search.includes('v=') && !r.fromServiceWorker()) fromNetwork.push(u.pathname);
  };
  page.on('response', listen);
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  page.off('response', listen);
  assert.deepEqual(fromNetwork, [], 'app files fetched from the network on a repeat visit');

  await context.setOffline(true);
  const started = Date.now();
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  await page.locator('path.gm-cell').first().waitFor();
  const ms = Date.now() - started;
  assert.equal(await page.locator('path.gm-cell').count(), cellCount, 'cells drawn offline');
  console.log(`# offline: the map of ${cellCount} cells drawn in ${ms} ms`);
  await shot(page, 'offline-map.png');
  // The cell panel opens from the kept cells.
  assert.deepEqual(errors, [], 'uncaught script errors');

  // The manifest makes it installable: a name and icons of 192 and 512 px.
  await context.setOffline(false);
  const manifest = await page.evaluate(async () => {
    const href = document.querySelector('link[rel="manifest"]').href;
    return (await fetch(href)).json();
  });
  assert.equal(manifest.short_name, '网格地图');
  assert.ok(['192x192', '512x512'].every((s) => manifest.icons.some((i) => i.sizes === s && i.type === 'image/png')), 'PNG icons of 192 and 512 px');
  assert.equal(manifest.display, 'standalone');
  await context.close();
});

test('a grid worker downloads the map and its own pages (上报, tokens), never the editors or the dashboards', async () => {
  const { context, page, problems } = await openPage(browser, {});
  const modules = [];
  let bytes = 0;
  page.on('response', async (r) => {
    const u = new URL(r.url());
    if (u.pathname.endsWith('.js')) modules.push(u.pathname.replace(/^.*\//, ''));
    const size = Number(r.headers()['content-length'] || 0);
    bytes += size;
  });
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  await login(page, 'gridworker', accounts().gridworker);
  for (const view of ['report', 'tokens']) {
    await page.evaluate((v) => { location.hash = '#/' + v; }, view);
    await page.waitForFunction((v) => document.body.dataset.view === v && document.querySelector('#page h2') !== null, view);
  }
  for (const m of ['report.js', 'tokens.js']) assert.ok(modules.includes(m), `${m} not loaded: ${modules}`);
  const never = ['boundary.js', 'bdhistory.js', 'hotspots.js', 'trend.js', 'users.js', 'audit.js', 'cases.js', 'dataimport.js',
    'sheetimport.js', 'dataexport.js', 'print.js'];
  assert.deepEqual(modules.filter((m) => never.includes(m)), [], 'modules a grid worker does not need');
  console.log(`# grid worker: ${modules.length} modules, ${Math.round(bytes / 1024)} KB of answers with a Content-Length`);
  assert.deepEqual(problems(), []);
  await context.close();
});
