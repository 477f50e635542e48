// Browser test of the app on a small phone (360×640, the grid workers'
// Android phones), in Chinese and in English: each role's screens (the
// public map and the login; a grid worker's home, an incident, the menu,
// the bell, their cell's residents and incidents, the report at the GPS
// position and the outbox offline; a mediator's cases, a mediation record
// and a 回访; a leader's overview and hotspots) have a header whose controls
// do not overlap and leave the search box room for its placeholder, or fold
// it to a magnifier that opens over the bar; nothing scrolls sideways or
// sticks out of the screen, and every control is 44×44 px or more.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 [GRIDMAP_SCREENSHOTS=dir] node --test phone.test.mjs
//
// Four logins (grid worker, cadre's API session, mediator, leader).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, pw, openPage, login, settled, shot, url, apiSession, smallTargets, CADRE_CELL, CADRE_POINT, TAP } from './helpers.mjs';

const SMALL = { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, reducedMotion: 'reduce' };
const MEDIATOR = 80; // 周军平, the demo mediator

useBrowser();

/**
 * What is wrong with the header bar as it is, one line each: controls that
 * overlap or stick out of the screen, controls under 44×44 px, and a search
 * box whose placeholder is cut (unless it is folded to a 44 px magnifier).
 */
function headerProblems(page) {
  return page.evaluate((min) => {
    const out = [];
    const seen = ['#title', '.search', '#login-open', '#bell', '#menu-toggle', '#lang']
      .map((s) => document.querySelector(s)).filter((el) => el && el.getBoundingClientRect().width > 0);
    const box = (el) => el.getBoundingClientRect();
    const name = (el) => el.id || el.className;
    for (const el of seen) {
      const r = box(el);
      if (r.left < 0 || r.right > innerWidth) out.push(`${name(el)} [${Math.round(r.left)}, ${Math.round(r.right)}] outside the screen`);
      if (el.id !== 'title' && (r.width + 0.5 < min || r.height + 0.5 < min)) out.push(`${name(el)} ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    for (let i = 0; i < seen.length; i++) {
      for (let j = i + 1; j < seen.length; j++) {
        const a = box(seen[i]);
        const b = box(seen[j]);
        if (a.left < b.right - 0.5 && b.left < a.right - 0.5) out.push(`${name(seen[i])} overlaps ${name(seen[j])}`);
      }
    }
    const input = document.querySelector('#search');
    if (!document.querySelector('.bar').classList.contains('search-folded')) {
      const cs = getComputedStyle(input);
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const need = ctx.measureText(input.placeholder).width;
      const room = input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      if (need > room) out.push(`search placeholder "${input.placeholder}" ${Math.round(need)} px in ${Math.round(room)} px`);
    }
    return out;
  }, TAP);
}

/** The boxes that scroll sideways (the page itself, the pages, the sheets, the dialogs, the lists over the map), one line each. */
function sidewaysProblems(page) {
  return page.evaluate(() => {
    const out = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) out.push(`the document is ${doc.scrollWidth} px wide`);
    for (const el of document.querySelectorAll('#page, .dock-body, #panel-body, dialog[open], #bell-list, #suggestions')) {
      if (el.getBoundingClientRect().width === 0) continue;
      if (el.scrollWidth > el.clientWidth + 1) out.push(`${el.id || el.className} scrolls sideways: ${el.scrollWidth} px in ${el.clientWidth}`);
    }
    return out;
  });
}

/**
 * The visible boxes that reach past the screen's left or right edge (but
 * for the maps' panes, and those inside a box that clips them within the
 * screen, such as a table that scrolls), one line each.
 */
function outsideProblems(page) {
  return page.evaluate(() => {
    const out = [];
    const clipper = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return p;
      }
      return null;
    };
    for (const el of document.querySelectorAll('body *')) {
      if (el.closest('.leaflet-pane, svg, .visually-hidden, #skip')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.bottom <= 0 || r.top >= innerHeight || getComputedStyle(el).visibility === 'hidden') continue;
      if (r.left > -1 && r.right < innerWidth + 1) continue;
      const c = clipper(el);
      const cr = c && c.getBoundingClientRect();
      if (cr && cr.left > -1 && cr.right < innerWidth + 1) continue;
      out.push(`${el.id ? '#' + el.id : el.tagName.toLowerCase() + '.' + String(el.className).trim().split(/\s+/).join('.')} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
    }
    return out;
  });
}

/**
 * Switches the app to lang with the header's language button, pressed from
 * the page's script: a tap would land on an open dialog instead.
 */
async function setLanguage(page, lang) {
  if (await page.evaluate(() => document.documentElement.lang) === lang) return;
  await page.evaluate(() => document.querySelector('#lang').click());
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/**
 * Checks the screen in both languages (Chinese first, and back), with a
 * screenshot of each. place(), when given, runs before each: it scrolls
 * to what is checked, or opens what the language button closed (the
 * account menu), as the page drawn again in the other language may not
 * be where it was.
 */
async function check(page, screen, place = null) {
  const found = {};
  for (const lang of ['zh-CN', 'en']) {
    await setLanguage(page, lang);
    if (place) await place();
    await settled(page);
    await shot(page, `phone-${screen}-${lang}.png`);
    const header = await headerProblems(page);
    if (header.length) found[`${lang} header`] = header;
    const sideways = await sidewaysProblems(page);
    if (sideways.length) found[`${lang} sideways`] = sideways;
    const outside = await outsideProblems(page);
    if (outside.length) found[`${lang} outside the screen`] = outside;
    const small = await smallTargets(page);
    if (small.length) found[`${lang} under ${TAP}×${TAP} px`] = small;
  }
  await setLanguage(page, 'zh-CN');
  const { width, height } = page.viewportSize();
  assert.deepEqual(found, {}, `${screen} at ${width}×${height}`);
}

/** place() for check: scrolls loc into view (at block: start, or end). */
const into = (loc, block = 'start') => () => loc.evaluate((el, b) => el.scrollIntoView({ block: b }), block);

/** Opens the folded search box with a tap: it spreads over the bar, its placeholder whole; a tap elsewhere folds it. */
async function openFolded(page, lang) {
  assert.ok(await page.locator('.bar.search-folded').count(), `${lang}: the search box is folded`);
  const folded = await page.locator('#search').boundingBox();
  assert.ok(folded.width >= TAP && folded.height >= TAP, `${lang}: the folded box ${JSON.stringify(folded)}`);
  await page.locator('#search').tap();
  const open = await page.locator('.search').boundingBox();
  assert.ok(open.width > 300, `${lang}: the opened box spans the bar: ${JSON.stringify(open)}`);
  const fits = await page.evaluate(() => {
    const input = document.querySelector('#search');
    const cs = getComputedStyle(input);
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    return ctx.measureText(input.placeholder).width <= input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  });
  assert.ok(fits, `${lang}: the opened box shows its whole placeholder`);
  await shot(page, `phone-search-open-${lang}.png`);
  await page.locator('#dock-body, #dock .dock-body').first().tap({ position: { x: 10, y: 10 } });
  await page.waitForFunction(() => !document.querySelector('.search').matches(':focus-within'));
  assert.ok((await page.locator('#search').boundingBox()).width < 50, `${lang}: folded again`);
}

test('anonymous: the public map, a search and the login at 360×640', async () => {
  const { context, page, problems } = await openPage(browser, SMALL);
  await check(page, 'map');
  assert.equal(await page.locator('.bar.search-folded').count(), 0, 'the anonymous header has room for the whole search box');
  await page.locator('#search').fill('龙门');
  await page.locator('#suggestions [role="option"]').first().waitFor();
  await check(page, 'search');
  // The suggestions' text stands off the list's edge (the incident detail's mediator suggestions once took their padding).
  const inset = await page.evaluate(() => document.querySelector('#suggestions .suggestion-name').getBoundingClientRect().left - document.querySelector('#suggestions').getBoundingClientRect().left);
  assert.ok(inset >= 8, `the suggestions' text ${inset} px from the list's edge; want 8 or more`);
  await page.locator('#search').press('Escape');
  await page.locator('#login-open').tap();
  await page.locator('#login').waitFor({ state: 'visible' });
  await check(page, 'login');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('a grid worker: home, an incident, menu, bell, their cell, the report at the GPS position, the outbox offline at 360×640', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser, {
    ...SMALL, geolocation: { latitude: CADRE_POINT.lat, longitude: CADRE_POINT.lon, accuracy: 20 }, permissions: ['geolocation'],
  });
  await login(page, 'gridworker', pw.gridworker, { tap: true });
  await page.waitForFunction(() => document.body.dataset.view === 'mine');
  await page.locator('#dock-incidents [data-incident]').first().waitFor();
  await check(page, 'worker-home');
  for (const lang of ['zh-CN', 'en']) {
    await setLanguage(page, lang);
    await openFolded(page, lang);
  }
  await setLanguage(page, 'zh-CN');
  await page.setViewportSize({ width: 390, height: 844 });
  await check(page, 'worker-home-390');
  assert.equal(await page.locator('.bar.search-folded').count(), 0, 'at 390 px the worker\'s Chinese header has room for the whole search box');
  await page.setViewportSize(SMALL.viewport);

  const row = page.locator('#dock-incidents [data-incident]').first();
  await row.locator('.row-toggle').tap();
  await row.locator('.incident-detail .timeline').waitFor();
  await check(page, 'worker-incident', into(row));
  const menu = async () => {
    if (await page.locator('#menu-toggle').getAttribute('aria-expanded') !== 'true') await page.locator('#menu-toggle').tap();
  };
  await check(page, 'worker-menu', menu); // and closed by the language button
  await page.locator('#bell').tap();
  await page.locator('#bell-list .bell-head').waitFor();
  await check(page, 'worker-bell');
  // The open list and the bell's name follow the language button.
  await setLanguage(page, 'en');
  assert.equal(await page.locator('#bell-list .bell-head h2').textContent(), 'Notifications', 'the open list in English');
  assert.match(await page.locator('#bell').getAttribute('aria-label'), /^Notifications \(\d+ unread\)$/, "the bell's name in English");
  await setLanguage(page, 'zh-CN');
  await page.locator('#bell').tap();

  // Their cell: residents, then incidents, the sheet pulled up.
  await page.locator('#search').tap();
  await page.locator('#search').fill(CADRE_CELL);
  await page.locator(`#suggestions [data-code="${CADRE_CELL}"]`).tap();
  await page.locator('#panel .resident').first().waitFor();
  await page.locator('#panel-handle').tap();
  await check(page, 'worker-residents');
  await page.locator('#tab-incidents').tap();
  await check(page, 'worker-cell-incidents');
  await page.locator('#panel-close').tap();

  // 一键上报 at the GPS position; sent offline, it waits in the outbox.
  await page.evaluate(() => { location.hash = '#/report'; });
  await page.locator('#report-map path.report-own').first().waitFor();
  await page.locator('#report-gps').tap();
  await page.locator(`#report-cell [data-cell="${CADRE_CELL}"]`).waitFor();
  await check(page, 'worker-report');
  await page.locator('#report-summary').fill(`手机布局测试 ${Date.now()}`);
  await context.setOffline(true);
  await page.locator('#report-submit').tap();
  await page.locator('#report-queued [data-state="queued"]').waitFor();
  await check(page, 'worker-outbox', into(page.locator('#outbox'), 'end'));
  await context.setOffline(false);
  await page.locator('#outbox .outbox-item[data-state="sent"]').first().waitFor({ timeout: 30000 });
  assert.deepEqual(problems().filter((p) => !/ERR_INTERNET_DISCONNECTED/.test(p)), [], 'problems but the requests tried offline');
  await context.close();
});

test('a mediator: the cases, a mediation record, a 回访 at 360×640', { timeout: 60000 }, async () => {
  // A case of the mediator's in mediation, filed by the cadre.
  const cadre = await apiSession(url(''), 'cadre', pw.cadre);
  const made = await cadre('POST', 'api/incidents', { ...CADRE_POINT, type: '邻里纠纷', source: '群众来访', summary: `手机布局测试：调解记录 ${Date.now()}`, parties: ['王某', '赵某'], mediators: [MEDIATOR] });
  assert.equal(made.status, 201, JSON.stringify(made.json));
  let version = made.json.version;
  for (const to of ['accepted', 'mediating']) {
    const moved = await cadre('POST', `api/incidents/${made.json.id}/transitions`, { to, version });
    assert.equal(moved.status, 200, JSON.stringify(moved.json));
    version = moved.json.version;
  }
  const { context, page, problems } = await openPage(browser, SMALL);
  await login(page, 'mediator', pw.mediator, { tap: true });
  await page.waitForFunction(() => document.body.dataset.view === 'cases');
  const row = page.locator(`#page [data-incident="${made.json.id}"]`);
  await row.waitFor();
  await check(page, 'mediator-cases');
  await row.locator('.row-toggle').tap();
  await row.locator('.mediation-form').waitFor();
  await check(page, 'mediator-case', into(row));
  await check(page, 'mediator-mediation', into(row.locator('.mediation-form')));
  await check(page, 'mediator-mediation-end', into(row.locator('.mediation-form button[type="submit"]'), 'end'));

  await page.evaluate(() => { location.hash = '#/cases?status=all'; });
  const resolved = page.locator('#page [data-incident]').filter({ has: page.locator('.row-toggle [data-status="resolved"]') }).first();
  await resolved.locator('.row-toggle').tap();
  await resolved.locator('.followup-form').waitFor();
  await check(page, 'mediator-followup', into(resolved.locator('.followup-form')));
  assert.deepEqual(problems(), []);
  await context.close();
});

test('a leader: the overview and the hotspots at 360×640', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser, SMALL);
  await login(page, 'leader', pw.leader, { tap: true });
  await page.waitForFunction(() => document.body.dataset.view === 'overview');
  await page.locator('#dock .totals').first().waitFor();
  await check(page, 'leader-overview');
  // The folded search box leaves room for the whole name on the account button.
  for (const lang of ['zh-CN', 'en']) {
    await setLanguage(page, lang);
    const name = await page.locator('#menu-name').evaluate((el) => ({ text: el.textContent, cut: el.scrollWidth > el.clientWidth }));
    assert.deepEqual(name, { text: '镇领导（演示）', cut: false }, `${lang}: the leader's name on the account button`);
  }
  await setLanguage(page, 'zh-CN');
  // A name too long for the room ends in an ellipsis rather than push the language button off the screen.
  await page.locator('#menu-name').evaluate((el) => { el.textContent = '镇党委副书记、镇长（演示账号）'; });
  assert.deepEqual(await headerProblems(page), [], 'the header with a long name');
  assert.equal(await page.locator('#menu-name').evaluate((el) => el.scrollWidth > el.clientWidth && getComputedStyle(el).textOverflow), 'ellipsis', 'the long name is cut with an ellipsis');
  await check(page, 'leader-overview-units', into(page.locator('#dock tr[data-unit]').first()));
  await page.evaluate(() => { location.hash = '#/hotspots'; });
  await page.locator('#hs-map .leaflet-interactive').first().waitFor();
  await check(page, 'leader-hotspots');
  await page.locator('#hs-advanced summary').tap();
  await check(page, 'leader-hotspots-advanced', into(page.locator('#hs-advanced')));
  await check(page, 'leader-hotspots-trend', into(page.locator('#page .hs-trend')));
  await check(page, 'leader-hotspots-table', into(page.locator('#page .hs-table-section, #page .hs-table').first()));
  assert.deepEqual(problems(), []);
  await context.close();
});
