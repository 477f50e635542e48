// Browser test of errors on a phone (390×844) whose network is cut
// (context.setOffline): the login says "no network" under its button; the
// report form locates on the phone and queues the report, and an
// incident's workflow button queues the move, each saying so next to the
// button pressed, in view; never "outside the town" nor a server error. openPage fails a test
// on any uncaught script error or unhandled rejection.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 node --test errors.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, openPage, login, accounts, settled, shot } from './helpers.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, reducedMotion: 'reduce' };
const NOT = /不在本镇|服务器返回|outside|Server answered/; // report.outside, error.http

useBrowser();

/** Fails unless loc is visible and wholly inside the viewport. */
async function inView(page, loc, what) {
  await loc.waitFor({ state: 'visible' });
  const { height } = page.viewportSize();
  // Within 5 s: a redraw (the queue's state) may replace the element meanwhile.
  let box = null;
  for (let n = 0; n < 50; n++) {
    box = await loc.boundingBox();
    if (box && box.y >= -1 && box.y + box.height <= height + 1) break;
    await page.waitForTimeout(100);
  }
  assert.ok(box && box.y >= -1 && box.y + box.height <= height + 1, `${what} in view: ${JSON.stringify(box)} in a viewport ${height} px high`);
}

/** The problems but the requests that failed for want of a network. */
const besidesOffline = (problems) => problems().filter((p) => !/net::ERR_INTERNET_DISCONNECTED|Failed to fetch|ERR_INTERNET_DISCONNECTED/.test(p));

test('the login with no network says so under its button', async () => {
  const { context, page, problems } = await openPage(browser, PHONE);
  await page.locator('#login-open').tap();
  await page.locator('#login').waitFor({ state: 'visible' });
  await page.locator('#login-username').fill('gridworker');
  await page.locator('#login-password').fill(accounts().gridworker);
  await context.setOffline(true);
  await page.locator('#login-submit').tap();
  const error = page.locator('#login-error');
  await page.waitForFunction(() => document.querySelector('#login').dataset.error === 'network');
  await inView(page, error, 'the login error');
  assert.equal(await error.textContent(), '无法连接服务器，请检查网络后重试');
  await shot(page, 'errors-login-offline.png');
  await context.setOffline(false);
  assert.deepEqual(besidesOffline(problems), []);
  await context.close();
});

test('a report with no network: the cell from the phone, the report queued beside its button, never "outside the town"', async () => {
  const { context, page, problems } = await openPage(browser, PHONE);
  await login(page, 'gridworker', accounts().gridworker, { tap: true });
  await page.evaluate(() => { location.hash = '#/report'; });
  await page.locator('#report-map path.report-own').first().waitFor();
  await settled(page);

  // Offline, a point on the map is located on the phone, from the cells it holds.
  await context.setOffline(true);
  await page.locator('#report-map').tap();
  const where = page.locator('#report-cell');
  await where.locator('[data-cell]').waitFor();
  assert.ok(await page.locator('#report-local').isVisible(), 'the cell is said to be worked out on the phone');
  assert.doesNotMatch(await page.locator('#page').textContent(), NOT);

  // 上报 offline: queued, said beside the button, in view; no error. (The
  // context closes offline: the queue never reaches the shared server.)
  await page.locator('#report-summary').fill('断网测试：排队待发');
  await page.locator('#report-submit').tap();
  const notice = page.locator('#report-queued [data-state="queued"]');
  await inView(page, notice, 'the queued notice');
  assert.match(await notice.textContent(), /无网络/);
  assert.equal(await page.locator('#report-error').isVisible(), false, 'no error shown');
  assert.doesNotMatch(await page.locator('#page').textContent(), NOT);
  await shot(page, 'errors-report-offline.png');
  assert.deepEqual(besidesOffline(problems), []);
  await context.close();
});

test("a workflow button with no network queues the move and says so under the incident's buttons", async () => {
  const { context, page, problems } = await openPage(browser, PHONE);
  // The unit's cadre, on the first of the unit's open incidents that they may move on.
  await login(page, 'cadre', accounts().cadre, { tap: true });
  await page.waitForFunction(() => document.body.dataset.view === 'unit');
  const rows = page.locator('#dock-incidents [data-incident]');
  await rows.first().waitFor();
  let move = null;
  for (let i = 0; i < await rows.count() && !move; i++) {
    const row = rows.nth(i);
    await row.locator('.row-toggle').tap();
    await row.locator('.incident-detail .timeline').waitFor();
    if (await row.locator('.incident-actions [data-to]').count()) move = row.locator('.incident-actions [data-to]').first();
  }
  assert.ok(move, 'an incident the cadre may move on');
  await context.setOffline(true);
  await move.tap();
  // The move is queued on the phone (outbox.js), said under the buttons, in
  // view. The context closes offline: the move never reaches the shared server.
  const flash = page.locator('#dock-incidents [data-flash="queued"]');
  await inView(page, flash, "the incident's notice");
  assert.match(await flash.textContent(), /当前无网络/);
  assert.doesNotMatch(await flash.textContent(), NOT);
  await shot(page, 'errors-workflow-offline.png');
  assert.deepEqual(besidesOffline(problems), []);
  await context.close();
});
