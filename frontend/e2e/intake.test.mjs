// Browser test of parties and duplicates at intake (issue 14) against a
// running gridmap server that seeded the sample town: the grid worker
// picks a party from the cell's residents and types another with a phone;
// a second report at the same place between the same parties is shown the
// first as a case that may be the same dispute (nearby, same type, same
// parties) and among the parties' earlier disputes, is linked to it
// instead of opening another case, and the first case's timeline names
// it; offline the check is skipped and says so.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 [GRIDMAP_SCREENSHOTS=dir] node --test intake.test.mjs
//
// One login (the grid worker).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, pw, openPage, shot, settled, login, fetchFromPage, DESKTOP } from './helpers.mjs';

const CELL = '500110119206005'; // the demo grid worker's cell, in 龙门村
const OUTSIDER = '外来户 138-0000-2222';

useBrowser();

/** Opens a blank report form and places it at the middle of the worker's cell. */
async function place(page) {
  await page.locator('#report-map path.report-own').first().waitFor();
  await settled(page);
  await page.locator('#report-map').click();
  await page.locator(`#report-cell [data-cell="${CELL}"]`).waitFor();
}

/** Picks the resident (the first of the cell, or the one with id) and returns its id and name. */
async function pickResident(page, id) {
  await page.locator('#report-pick-resident').click();
  const button = id ? page.locator(`.report-residents [data-resident="${id}"]`) : page.locator('.report-residents [data-resident]').first();
  await button.waitFor();
  const picked = { id: await button.getAttribute('data-resident'), name: (await button.textContent()).split(' · ')[0] };
  await button.click();
  await page.locator(`#report-people .chip[data-resident="${picked.id}"]`).waitFor();
  await page.locator('#report-pick-resident').click(); // 选好了
  return picked;
}

/** Presses 上报 and returns the POST's request body and answer. */
async function send(page) {
  const posted = page.waitForResponse((r) => r.url().endsWith('/api/incidents') && r.request().method() === 'POST');
  await page.locator('#report-submit').click();
  const res = await posted;
  assert.equal(res.status(), 201, `POST /api/incidents: ${res.status()} ${await res.text()}`);
  return { body: res.request().postDataJSON(), incident: await res.json() };
}

test('intake: parties from the residents, a similar case found and linked, skipped offline', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser, DESKTOP);
  await login(page, 'gridworker', pw.gridworker);
  await page.evaluate(() => { location.hash = '#/report'; });
  await page.waitForURL(/#\/report$/);

  // The first report: a resident picked, an outsider typed with a phone.
  await place(page);
  const resident = await pickResident(page);
  await page.locator('#report-type').selectOption('邻里纠纷');
  await page.locator('#report-summary').fill(`浏览器测试：院坝占用纠纷 ${Date.now()}`);
  await page.locator('#report-parties').fill(OUTSIDER);
  const first = await send(page);
  assert.deepEqual(first.body.party_details, [{ resident_id: Number(resident.id) }, { name: '外来户', phone: '13800002222' }],
    'the parties as people: the resident by record, the outsider by name and phone');
  assert.equal(first.body.parties, undefined, 'no names besides');
  assert.equal(first.incident.parties[1], '外来户');
  assert.equal(first.incident.party_details[0].resident_id, Number(resident.id));
  const id = first.incident.id;
  await page.locator(`#report-sent[data-incident="${id}"]`).waitFor();

  // The second, at the same place between the same parties: the first is a
  // candidate for both reasons, and among the parties' earlier disputes.
  await page.locator('#report-again').click();
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/api/incidents/similar')) asked.push(r.url()); });
  await place(page);
  await pickResident(page, resident.id);
  await page.locator('#report-type').selectOption('邻里纠纷');
  await page.locator('#report-parties').fill(OUTSIDER);
  const candidate = page.locator(`#report-similar .report-candidates [data-incident="${id}"]`);
  await candidate.locator('[data-reason="same_parties"]').waitFor();
  await candidate.locator('[data-reason="nearby_same_type"]').waitFor();
  assert.match(await candidate.locator('[data-reason="nearby_same_type"]').textContent(), /同类纠纷，相距 \d+ 米，0 天前上报/);
  await page.locator(`#report-similar .report-history [data-incident="${id}"]`).waitFor();
  const q = new URL(asked.at(-1)).searchParams;
  assert.equal(q.get('type'), '邻里纠纷');
  assert.deepEqual(q.get('parties').split(','), [`resident:${resident.id}`, '外来户:13800002222']);

  // Linked instead of opening another case.
  await page.locator('#report-summary').fill('同一纠纷再次反映');
  await candidate.locator('[data-action="link"]').click();
  await page.locator('#report-linked').waitFor();
  assert.equal((await page.locator('#report-submit').textContent()).trim(), '关联上报');
  await shot(page, 'intake-similar.png');
  const second = await send(page);
  assert.equal(second.body.duplicate_of, id);
  assert.equal(second.incident.status, 'duplicate');
  assert.equal(second.incident.duplicate_of, id);
  assert.equal(second.incident.repeat, true, 'a repeat dispute between the same parties');

  // The first case's timeline names the linked report.
  const events = await fetchFromPage(page, `api/incidents/${id}/events`);
  const last = events.events.at(-1);
  assert.equal(last.kind, 'linked');
  assert.equal(last.note, String(second.incident.id));

  // Offline, the check is skipped and says so; the form still works.
  await page.locator('#report-again').click();
  await place(page);
  const before = asked.length;
  await context.setOffline(true);
  await page.locator('#report-parties').fill(OUTSIDER);
  await page.locator('#report-similar-offline').waitFor();
  assert.equal(asked.length, before, 'no similar query offline');
  assert.match(await page.locator('#report-people').textContent(), /离线时不能选择居民/);
  await context.setOffline(false);

  assert.deepEqual(problems(), []);
  await context.close();
});
