// Browser test of the app with no network: after one visit, its service
// worker (sw.js) opens the app and draws the town's map offline, and a
// repeat visit takes the app's files from the cache. The pages that need
// the network (热点分析, the editors, the admin's pages) opened offline
// say so and open by themselves when it returns; the overview's
// statistics say there is no network.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 node --test offline.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, getJSON, url, shot, openPage, login, accounts, DESKTOP, goView } from './helpers.mjs';

let cellCount;

useBrowser(async () => {
  cellCount = (await getJSON('api/cells')).features.length;
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

/** The problems of a page taken offline, but its requests failing for want of a network: expected there. */
function besidesOffline(problems) {
  return problems().filter((p) => !/^(request failed: .*|console error: Failed to load resource:) net::ERR_INTERNET_DISCONNECTED$/.test(p));
}

/** Opens view v from the header's menu; waits until the page says it needs the network, and returns what it says. */
async function offlineNotice(page, v) {
  await goView(page, v);
  const notice = page.locator(`#page [data-offline="${v}"]`);
  await notice.waitFor();
  assert.equal(await page.locator('#page .page-error, #page .spinner').count(), 0, `${v}: an error or a spinner beside the notice`);
  return notice.textContent();
}

test('offline, the leader\'s 热点分析 says it needs the network and the overview\'s statistics say there is none', async () => {
  const { context, page, problems } = await openPage(browser, DESKTOP);
  await login(page, 'leader', accounts().leader);
  await page.locator('#dock[data-mode="overview"] [data-total="open"]').waitFor();
  await context.setOffline(true);
  assert.match(await offlineNotice(page, 'hotspots'), /^需要网络连接：「热点分析」须联网使用/);
  // Back to 全镇概况: its statistics are asked for again, and say why they are not there.
  await goView(page, 'overview');
  await page.locator('#dock #stats .notice-error', { hasText: '没有网络连接' }).waitFor();
  await shot(page, 'offline-overview.png');
  // The network returns on 热点分析: the page opens by itself.
  await goView(page, 'hotspots');
  await page.locator('#page [data-offline="hotspots"]').waitFor();
  await context.setOffline(false);
  await page.locator('#page [data-offline]').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelector('#page h2')?.textContent.includes('热点'));
  assert.deepEqual(besidesOffline(problems), []);
  await context.close();
});

test('offline, the admin\'s pages and the boundary editor say they need the network, in both languages, and open when it returns', async () => {
  const { context, page, problems } = await openPage(browser, DESKTOP);
  await login(page, 'admin', accounts().admin);
  await page.waitForFunction(() => location.hash === '#/users');
  await page.locator('#user-table').waitFor();
  await context.setOffline(true);
  // Opened before (用户管理) or not yet (审计日志, 边界编辑, 数据导入): the same notice, never a page with nothing in it.
  for (const [v, name] of [['audit', '审计日志'], ['users', '用户管理'], ['import', '数据导入'], ['boundary', '边界编辑']]) {
    assert.equal(await offlineNotice(page, v), `需要网络连接：「${name}」须联网使用，网络恢复后自动打开。`);
  }
  await shot(page, 'offline-boundary.png');
  await page.locator('#lang').click();
  await page.locator('#page [data-offline="boundary"]', { hasText: 'Needs a network connection: Boundaries works online only' }).waitFor();
  await page.locator('#lang').click();
  await page.locator('#page [data-offline="boundary"]', { hasText: '需要网络连接' }).waitFor();
  await context.setOffline(false);
  await page.locator('#page [data-offline]').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelector('#page h2')?.textContent.includes('边界'));
  assert.deepEqual(besidesOffline(problems), []);
  await context.close();
});
