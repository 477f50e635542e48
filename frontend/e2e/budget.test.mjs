// Browser test of the budgets on a weak link: a grid worker's phone
// (390×844) on the network profiles of Chromium's DevTools, throttled
// through CDP. On Fast 3G the first visit transfers under 250 KB and draws
// the map within 4 s; a repeat visit (the service worker allowed, the same
// browser profile) draws it in under 1 s. Slow 3G figures are printed, and
// held to a bound of their own. Every request's size is printed, so that a
// budget that fails says what was downloaded. The times are wall-clock
// in a real browser, CPU included (parsing, drawing 138 polygons): on a
// machine busy with other work they say more about the machine.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 node --test budget.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, getJSON, url, accounts } from './helpers.mjs';

// DevTools' presets, from ChromeDevTools/devtools-frontend
// front_end/core/sdk/NetworkManager.ts: Slow3GConditions (download and
// upload 500 * 1000 / 8 * .8, latency slow3GTargetLatency 400 * 5) and
// Slow4GConditions, which "used to be called 'Fast 3G'" until May 2024
// (download 1.6 * 1000 * 1000 / 8 * .9, upload 750 * 1000 / 8 * .9,
// latency slow4GTargetLatency 150 * 3.75). Bytes a second, milliseconds.
const FAST_3G = { offline: false, latency: 150 * 3.75, downloadThroughput: 1.6 * 1000 * 1000 / 8 * 0.9, uploadThroughput: 750 * 1000 / 8 * 0.9 };
const SLOW_3G = { offline: false, latency: 400 * 5, downloadThroughput: 500 * 1000 / 8 * 0.8, uploadThroughput: 500 * 1000 / 8 * 0.8 };

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
const FIRST_BYTES = 250 * 1024; // the 250 KB, first visit
// Fast 3G, first visit: the 4,000 ms. Each file asked for before
// the map is a round trip of 562 ms, six at a time over HTTP/1.1: the
// stylesheets come as one (styles.css), the bell's module after the map,
// and the map paints before the home dock is built.
const FIRST_MAP_MS = 4000;
const REPEAT_MAP_MS = 1000; // Fast 3G, repeat visit from the cache
// Slow 3G: 250 KB at 50,000 bytes a second is 5 s of transfer, plus a few
// round trips of 2 s each (the page, its modules, the data): 15 s is a
// bound that the 24 s the issue measured before would break.
const SLOW_FIRST_MAP_MS = 15000;

let cellCount;

useBrowser(async () => {
  cellCount = (await getJSON('api/cells')).features.length;
});

/**
 * A phone's context logged in as the grid worker (through the API: the
 * login dialog is not what is measured), with a CDP session on its page
 * that throttles the network and counts the bytes of every request.
 */
async function workerPhone(conditions) {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'allow' });
  const res = await context.request.post(url('api/auth/login'), { data: { username: 'gridworker', password: accounts().gridworker } });
  assert.equal(res.status(), 200, `login as gridworker: ${res.status()} ${await res.text()}`);
  const page = await context.newPage();
  page.setDefaultTimeout(60000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', conditions);
  const urls = new Map();
  let log = [];
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => log.push({ url: urls.get(e.requestId), bytes: e.encodedDataLength }));
  const measure = () => {
    const out = log;
    log = [];
    return out;
  };
  return { context, page, errors, measure };
}

/** Loads the app, returning the ms from navigation until every cell is drawn. */
async function mapDrawn(page, go) {
  await go();
  const ms = await page.waitForFunction((n) => document.querySelectorAll('path.gm-cell').length === n && performance.now(),
    cellCount, { polling: 'raf' });
  return Math.round(await ms.jsonValue());
}

/** Waits until nothing was downloaded for quiet ms (the idle prefetch, the worker's shell). */
async function quiet(page, measureLen, ms = 1500) {
  let n = -1;
  for (;;) {
    await page.waitForTimeout(ms);
    const now = measureLen();
    if (now === n) return;
    n = now;
  }
}

function report(label, requests) {
  const total = requests.reduce((s, r) => s + r.bytes, 0);
  for (const r of [...requests].sort((a, b) => b.bytes - a.bytes)) {
    console.log(`#   ${String(r.bytes).padStart(7)} B  ${new URL(r.url).pathname}${new URL(r.url).search.replace(/v=\w+/, 'v=…')}`);
  }
  console.log(`# ${label}: ${requests.length} requests, ${(total / 1024).toFixed(1)} KB transferred`);
  return total;
}

test('a grid worker on Fast 3G: first visit under 250 KB and the map within 4 s; a repeat visit under 1 s', async () => {
  const { context, page, errors, measure } = await workerPhone(FAST_3G);
  let requests = [];
  const first = await mapDrawn(page, () => page.goto(url('')));
  // The page's own downloads after the map too: the idle prefetch of the worker's pages.
  await quiet(page, () => requests.push(...measure()) && requests.length);
  requests.push(...measure());
  const bytes = report('Fast 3G first visit', requests);
  console.log(`# Fast 3G first visit: the map of ${cellCount} cells drawn at ${first} ms`);

  // The worker installed meanwhile; the repeat visit is one under it.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  measure();
  const repeat = await mapDrawn(page, () => page.reload());
  requests = measure();
  report('Fast 3G repeat visit (from the network, not the service worker)', requests);
  console.log(`# Fast 3G repeat visit: the map drawn at ${repeat} ms`);
  // Every figure printed before the first budget that fails.
  assert.ok(bytes < FIRST_BYTES, `first visit transferred ${bytes} bytes; budget ${FIRST_BYTES}`);
  // A wall-clock time on a shared machine only grows with the noise: past
  // the budget, up to two more cold first visits are timed and the least counts.
  let best = first;
  for (let i = 0; i < 2 && best >= FIRST_MAP_MS; i++) {
    const again = await workerPhone(FAST_3G);
    const ms = await mapDrawn(again.page, () => again.page.goto(url('')));
    console.log(`# Fast 3G first visit, timed again: the map drawn at ${ms} ms`);
    best = Math.min(best, ms);
    await again.context.close();
  }
  assert.ok(best < FIRST_MAP_MS, `first visit drew the map at ${first} ms, at best ${best} ms; budget ${FIRST_MAP_MS} ms`);
  assert.ok(repeat < REPEAT_MAP_MS, `repeat visit drew the map at ${repeat} ms; budget ${REPEAT_MAP_MS} ms`);
  assert.deepEqual(errors, [], 'uncaught script errors');
  await context.close();
});

test('a grid worker on Slow 3G: the figures, and the first map within 15 s', async () => {
  const { context, page, errors, measure } = await workerPhone(SLOW_3G);
  const first = await mapDrawn(page, () => page.goto(url('')));
  const bytes = report('Slow 3G first visit, until the map', measure());
  console.log(`# Slow 3G first visit: the map drawn at ${first} ms after ${(bytes / 1024).toFixed(1)} KB`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  measure();
  const repeat = await mapDrawn(page, () => page.reload());
  report('Slow 3G repeat visit', measure());
  console.log(`# Slow 3G repeat visit: the map drawn at ${repeat} ms`);
  assert.ok(first < SLOW_FIRST_MAP_MS, `Slow 3G first visit drew the map at ${first} ms; bound ${SLOW_FIRST_MAP_MS} ms`);
  assert.ok(repeat < REPEAT_MAP_MS, `Slow 3G repeat visit drew the map at ${repeat} ms; budget ${REPEAT_MAP_MS} ms`);
  assert.deepEqual(errors, [], 'uncaught script errors');
  await context.close();
});
