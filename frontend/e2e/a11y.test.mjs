// Browser test of accessibility on a phone (390×844): axe-core finds no
// serious or critical violation on the main screens (the login, a grid
// worker's home map, an incident's detail, the report form, the admin's
// 用户 page, the leader's 全镇概况), every control there can be tapped (at
// least 44×44 px), a skip link leads past the map, and the map's controls
// and the language button have names in both languages.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 node --test a11y.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { browser, useBrowser, openPage, login, accounts, settled, shot, smallTargets, TAP } from './helpers.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

useBrowser();

/**
 * axe-core's serious and critical violations on the page as it is, one
 * line each. axe runs through the DevTools protocol (page.evaluate), which
 * the app's Content-Security-Policy does not govern.
 */
async function violations(page) {
  await settled(page);
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`));
}

async function check(page, screen) {
  const found = await violations(page);
  const small = await smallTargets(page);
  await shot(page, `a11y-${screen}.png`);
  assert.deepEqual({ axe: found, small }, { axe: [], small: [] }, `${screen}: axe-core's serious or critical violations, controls under ${TAP}×${TAP} px`);
}

test('the login dialog on a phone', async () => {
  const { context, page, problems } = await openPage(browser, PHONE);
  await check(page, 'map-anonymous');
  await page.locator('#login-open').tap();
  await page.locator('#login').waitFor({ state: 'visible' });
  await check(page, 'login');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('a grid worker: the home map, an incident, the report form', async () => {
  const { context, page, problems } = await openPage(browser, PHONE);
  await login(page, 'gridworker', accounts().gridworker, { tap: true });
  await page.waitForFunction(() => document.body.dataset.view === 'mine');
  await page.locator('#dock-incidents [data-incident]').first().waitFor();
  await check(page, 'worker-home');
  const row = page.locator('#dock-incidents [data-incident]').first();
  await row.locator('.row-toggle').tap();
  await row.locator('.incident-detail .timeline').waitFor();
  await check(page, 'worker-incident');
  await page.evaluate(() => { location.hash = '#/report'; });
  await page.locator('#page form').waitFor();
  await check(page, 'worker-report');
  assert.deepEqual(problems(), []);
  await context.close();
});

test("the admin's 用户 page and the leader's 全镇概况", async () => {
  const { context, page, problems } = await openPage(browser, PHONE);
  await login(page, 'admin', accounts().admin, { tap: true });
  await page.waitForFunction(() => document.body.dataset.view === 'users' && document.querySelector('#page table, #page [data-user]') !== null);
  await check(page, 'admin-users');
  await page.locator('#menu-toggle').tap();
  await page.locator('#logout').tap();
  await page.locator('#login-open').waitFor();
  await login(page, 'leader', accounts().leader, { tap: true });
  await page.waitForFunction(() => document.body.dataset.view === 'overview');
  await check(page, 'leader-overview');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('a skip link leads past the map; the map controls and the language button are named in both languages', async () => {
  const { context, page, problems } = await openPage(browser, PHONE);
  // The first Tab shows the skip link; following it puts the focus past the map.
  await page.keyboard.press('Tab');
  const skip = page.locator('#skip');
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'skip', 'the first Tab stop is the skip link');
  const box = await skip.boundingBox();
  assert.ok(box && box.y >= 0 && box.height >= TAP, `the focused skip link shows: ${JSON.stringify(box)}`);
  await page.keyboard.press('Enter');
  const focus = () => page.evaluate(() => document.activeElement.id);
  // The public map has nothing beside it: the search box, the way to a cell without the map.
  assert.equal(await focus(), 'search', 'the skip link on the public map');
  assert.equal(await page.evaluate(() => location.hash), '', 'the skip link leaves the route alone');
  await login(page, 'gridworker', accounts().gridworker, { tap: true });
  await page.waitForFunction(() => document.body.dataset.view === 'mine');
  await skip.focus();
  await page.keyboard.press('Enter');
  assert.equal(await focus(), 'dock', "the skip link on a grid worker's home leads to the dock");
  await page.evaluate(() => { location.hash = '#/report'; });
  await page.locator('#page form').waitFor();
  await skip.focus();
  await page.keyboard.press('Enter');
  assert.equal(await focus(), 'page', 'the skip link on a page leads to it');
  await page.evaluate(() => { location.hash = '#/map'; });
  await page.waitForFunction(() => document.body.dataset.view === 'map');

  const names = () => page.evaluate(() => [...document.querySelectorAll('#map .leaflet-control a, #map .leaflet-control button, #map .leaflet-control summary, #map .leaflet-control input, #lang')]
    .filter((el) => el.getBoundingClientRect().width > 0 && !el.closest('.leaflet-control-attribution'))
    .map((el) => {
      const labelled = el.getAttribute('aria-labelledby');
      const label = el.getAttribute('aria-label') || (labelled && document.getElementById(labelled)?.textContent)
        || (el.labels && el.labels[0] && el.labels[0].textContent) || el.textContent;
      return { key: el.className || el.id, name: (label || '').trim() };
    }));
  const zh = await names();
  assert.ok(zh.length >= 4, `map controls found: ${JSON.stringify(zh)}`);
  for (const c of zh) assert.match(c.name, /\p{Script=Han}/u, `a Chinese name for ${c.key}: ${JSON.stringify(c)}`);
  await page.locator('#lang').tap();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const en = await names();
  for (const c of en) assert.match(c.name, /[A-Za-z]{3}/, `an English name for ${c.key}: ${JSON.stringify(c)}`);
  assert.deepEqual(problems(), []);
  await context.close();
});
