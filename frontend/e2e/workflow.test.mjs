// Browser test of the dispute workflow against a running gridmap server that
// seeded the sample town: a grid worker reports on a phone at a point of
// their cell, the village cadre accepts, the mediator mediates and resolves,
// a stale move by the cadre meets the conflict message, and the town leader
// sees one more resolved incident on 全镇概况.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 [GRIDMAP_SCREENSHOTS=dir] node --test workflow.test.mjs
//
// Four logins (leader, grid worker, cadre, mediator); with the seven of
// accounts.test.mjs the server's ten a minute, refilled one every six
// seconds, still suffice for the whole suite.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, pw, openPage, shot, settled, login, DESKTOP } from './helpers.mjs';

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, reducedMotion: 'reduce' };
const CELL = '500110119206005'; // the demo grid worker's cell, in 龙门村
const MEDIATOR = '80'; // 周军平, the demo mediator

useBrowser();

/** The leader's resolved count on 全镇概况, once the measures have loaded. */
async function resolvedCount(page) {
  const dd = page.locator('#stats [data-stat="resolved"]');
  await dd.waitFor();
  return Number((await dd.textContent()).replace(/\D/g, ''));
}

/** The incident's row in a list, opened into its detail with its moves. */
async function openIncident(page, list, id) {
  const row = page.locator(`${list} [data-incident="${id}"]`);
  await row.locator('.row-toggle').click();
  await row.locator('.incident-detail .timeline').waitFor();
  return row;
}

/** Presses the move to status to in an opened row and waits for the server's answer. */
async function move(page, row, to) {
  const answer = page.waitForResponse((r) => /\/api\/incidents\/\d+\/transitions$/.test(new URL(r.url()).pathname));
  await row.locator(`[data-to="${to}"]`).click();
  return answer;
}

test('workflow: report on a phone, accept, mediate, resolve, a stale move, the leader\'s counts', { timeout: 70000 }, async () => {
  // The leader's resolved count before.
  const leader = await openPage(browser, DESKTOP);
  await login(leader.page, 'leader', pw.leader);
  await leader.page.waitForURL(/#\/overview$/);
  const before = await resolvedCount(leader.page);
  for (const f of ['total', 'open', 'overdue', 'grassroots', 'median']) await leader.page.locator(`#stats [data-stat="${f}"]`).waitFor();

  // The grid worker, on a phone, taps 一键上报 and the middle of their cell.
  const worker = await openPage(browser, { ...PHONE, permissions: ['geolocation'] });
  const wp = worker.page;
  await login(wp, 'gridworker', pw.gridworker, { tap: true });
  await wp.locator('#dock-report').tap();
  await wp.waitForURL(/#\/report$/);
  await wp.locator('#report-map path.report-own').first().waitFor();
  await settled(wp);
  await wp.locator('#report-map').tap();
  const where = wp.locator('#report-cell');
  await where.locator(`[data-cell="${CELL}"]`).waitFor();
  assert.match(await where.textContent(), new RegExp(`（${CELL}）· 龙门村`), 'the cell and its village, before sending');

  // The phone's position, a few metres away, gives the same cell.
  const lon = Number(await where.getAttribute('data-lon'));
  const lat = Number(await where.getAttribute('data-lat')) + 0.00003;
  await worker.context.setGeolocation({ longitude: lon, latitude: lat });
  await wp.locator('#report-gps').tap();
  await wp.waitForFunction((l) => document.querySelector('#report-cell')?.dataset.lat === l, lat.toFixed(6));
  await where.locator(`[data-cell="${CELL}"]`).waitFor();

  await wp.locator('#report-type').selectOption('邻里纠纷');
  assert.equal(await wp.locator('#report-source').inputValue(), '网格员上报', 'the default source');
  await wp.locator('#report-priority').selectOption('high');
  const summary = `浏览器测试：院坝排水纠纷 ${Date.now()}`;
  await wp.locator('#report-summary').fill(summary);
  await wp.locator('#report-description').fill('两户因院坝排水沟走向发生争执。');
  await wp.locator('#report-parties').fill('张某\n李某');
  assert.equal(await wp.locator('#report-mediators [data-mediator]').count(), 0, 'a grid worker assigns no mediators');
  assert.equal(await wp.locator('#report-source option[value="信访"]').count(), 0, 'nor registers a petition');
  await wp.locator('#page-title').scrollIntoViewIfNeeded();
  await shot(wp, 'report-form.png');

  const sent = wp.waitForResponse((r) => r.url().endsWith('/api/incidents') && r.request().method() === 'POST');
  await wp.locator('#report-submit').tap();
  const res = await sent;
  assert.equal(res.status(), 201, `POST /api/incidents: ${res.status()}`);
  assert.match(res.request().headers()['idempotency-key'] || '', /^[0-9a-f-]{36}$/, 'an Idempotency-Key');
  const created = await res.json();
  assert.equal(created.cell, CELL);
  const id = String(created.id);
  await wp.locator(`#report-sent[data-incident="${id}"]`).waitFor();
  await wp.locator('#report-sent .incident-detail .timeline').waitFor();
  assert.match(await wp.locator('#report-sent').textContent(), new RegExp(`已上报：第 ${id} 号`));
  await shot(wp, 'report-sent.png');
  assert.deepEqual(worker.problems(), []);
  await worker.context.close();

  // The cadre accepts it from 本村（社区）; the page stays open, to go stale.
  const cadre = await openPage(browser, DESKTOP, { allow: [{ status: 409, path: /\/api\/incidents\/\d+\/transitions$/ }] });
  const cp = cadre.page;
  await login(cp, 'cadre', pw.cadre);
  await cp.waitForURL(/#\/unit$/);
  const crow = await openIncident(cp, '#dock-incidents', id);
  await crow.locator('.suggestions .suggestion').first().waitFor();
  // The cadre, not the grid worker, assigns the mediator.
  const assigned = cp.waitForResponse((r) => /\/api\/incidents\/\d+\/mediators$/.test(new URL(r.url()).pathname));
  const more = crow.locator('[data-action="more-suggestions"]'); // 周军平 may rank below the first five
  if (await more.count()) await more.click();
  const suggestion = crow.locator(`.suggestions [data-mediator="${MEDIATOR}"]`);
  await suggestion.locator('[data-action="assign"]').click();
  assert.equal((await assigned).status(), 200);
  await suggestion.locator('[data-assigned]').waitFor();
  assert.equal((await move(cp, crow, 'accepted')).status(), 200);
  await crow.locator('.row-toggle [data-status="accepted"]').waitFor();
  await crow.locator('.timeline-item[data-to="accepted"]').waitFor();
  assert.ok(await crow.locator('[data-to="mediating"]').isVisible(), 'the cadre may start mediation next');

  // The mediator starts mediation and resolves it from 我的案件.
  const mediator = await openPage(browser, DESKTOP);
  const mp = mediator.page;
  await login(mp, 'mediator', pw.mediator);
  await mp.waitForURL(/#\/cases$/);
  const mrow = await openIncident(mp, '#page', id);
  assert.equal((await move(mp, mrow, 'mediating')).status(), 200);
  await mrow.locator('.row-toggle [data-status="mediating"]').waitFor();
  assert.equal((await move(mp, mrow, 'resolved')).status(), 200);
  await mrow.locator('.row-toggle [data-status="resolved"]').waitFor();
  await mrow.locator('.timeline-item[data-to="resolved"]').waitFor();
  assert.equal(await mrow.locator('.timeline-item').count(), 5, 'reported, assigned, accepted, mediating, resolved');
  await mrow.scrollIntoViewIfNeeded();
  await shot(mp, 'incident-detail.png');
  assert.deepEqual(mediator.problems(), []);
  await mediator.context.close();

  // The cadre's page still offers 开始调解: the server answers 409 and the row shows the new state.
  assert.equal((await move(cp, crow, 'mediating')).status(), 409);
  await crow.locator('[data-flash="conflict"]').waitFor();
  assert.equal(await crow.locator('[data-flash="conflict"]').textContent(), '已被他人处理：当前状态 已化解');
  await crow.locator('.row-toggle [data-status="resolved"]').waitFor();
  assert.deepEqual(cadre.problems(), []);
  await cadre.context.close();

  // The leader sees one more resolved incident.
  await leader.page.reload();
  await leader.page.waitForSelector('body[data-state="ready"]');
  assert.equal(await resolvedCount(leader.page), before + 1, 'resolved on 全镇概况, after');
  await shot(leader.page, 'leader-stats.png');
  assert.deepEqual(leader.problems(), []);
  await leader.context.close();
});
