// Browser test of mediation in the incident detail, against a running
// gridmap server that seeded the sample town: the village cadre files a
// report and assigns the demo mediator from the suggestions, moves another
// report flagged near a boundary to that neighbouring cell, the mediator
// records a session (an agreement first without its text or number, which
// the server refuses at that field, then with its number), and the record
// and its timeline entry appear.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 [GRIDMAP_SCREENSHOTS=dir] node --test mediation.test.mjs
//
// Two logins (cadre, mediator).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, pw, openPage, shot, login, DESKTOP } from './helpers.mjs';

const CELL = '500110119206005'; // 龙门村五社网格, in the demo cadre's unit
const POINT = { lon: 106.678483, lat: 28.523576 }; // inside it, far from its neighbours
const NEAR_POINT = { lon: 106.673485, lat: 28.527599 }; // inside it, within 50 m of NEAR
const NEAR = '500110119206002'; // 龙门村二社网格
const MEDIATOR = '80'; // 周军平, the demo mediator

useBrowser();

/** The incident's row in a list, opened into its detail with its timeline. */
async function openIncident(page, list, id) {
  const row = page.locator(`${list} [data-incident="${id}"]`);
  await row.locator('.row-toggle').click();
  await row.locator('.incident-detail .timeline').waitFor();
  return row;
}

/** Files a report at point with the page's session; returns its id once the server put it in cell. */
async function file(page, point, cell) {
  const created = await page.evaluate(async (p) => {
    const me = await (await fetch('api/auth/me')).json();
    const res = await fetch('api/incidents', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token, 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ ...p, type: '邻里纠纷', source: '群众来访', summary: `浏览器测试：调解记录 ${Date.now()}`, parties: ['王某', '赵某'], description: '两户因围墙发生争执。' }),
    });
    return { status: res.status, body: await res.json() };
  }, point);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.cell, cell);
  return String(created.body.id);
}

/** Waits for the answer to a POST to /api/incidents/{id}/<tail> while click runs. */
async function posted(page, tail, click) {
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith(tail));
  await click();
  return answer;
}

test('mediation: the cadre assigns the suggested mediator and moves a report to its near cell; the mediator records an agreement', { timeout: 40000 }, async () => {
  // The cadre files a report in their unit (through the API, with the page's session) ...
  const [cadre, mediator] = await Promise.all([openPage(browser, DESKTOP),
    openPage(browser, DESKTOP, { allow: [{ status: 400, path: /\/api\/incidents\/\d+\/mediation$/ }] })]);
  const cp = cadre.page;
  await login(cp, 'cadre', pw.cadre);
  await cp.waitForURL(/#\/unit$/);
  const id = await file(cp, POINT, CELL);
  const nearId = await file(cp, NEAR_POINT, CELL);

  // ... and, after a reload that lists it, assigns the demo mediator from the suggestions.
  await cp.reload();
  await cp.waitForSelector('body[data-state="ready"]');
  const crow = await openIncident(cp, '#dock-incidents', id);
  await crow.locator('.suggestions .suggestion').first().waitFor();
  await crow.locator('[data-action="more-suggestions"]').click(); // 周军平 ranks below the first five here
  const suggestion = crow.locator(`.suggestions [data-mediator="${MEDIATOR}"]`);
  await suggestion.waitFor();
  const assigned = await posted(cp, `/incidents/${id}/mediators`, () => suggestion.locator('[data-action="assign"]').click());
  assert.equal(assigned.status(), 200);
  assert.deepEqual((await assigned.json()).mediators, [Number(MEDIATOR)]);
  await crow.locator(`.assigned [data-mediator="${MEDIATOR}"]`).waitFor();
  await suggestion.locator('[data-assigned]').waitFor();
  await crow.locator('.timeline-item[data-kind="assigned"]').waitFor();

  // The other report is flagged near 二社: the cadre moves it there, for a reason.
  const nrow = await openIncident(cp, '#dock-incidents', nearId);
  await nrow.locator(`[data-near="${NEAR}"]`).waitFor();
  const move = nrow.locator('[data-action="reassign"]');
  await move.click();
  const why = nrow.locator('.incident-reassign [data-for="reason"] .field-error');
  await why.waitFor();
  assert.equal(await why.textContent(), '请填写改派理由');
  await nrow.locator('.incident-reassign [name="reason"]').fill('现场核实属二社');
  const moved = await posted(cp, `/incidents/${nearId}/cell`, () => move.click());
  assert.equal(moved.status(), 200);
  assert.equal((await moved.json()).cell, NEAR);
  await nrow.locator('.timeline-item[data-kind="reassigned"]').waitFor();
  assert.match(await nrow.locator('[data-field="cell"]').textContent(), /二社/);
  assert.deepEqual(cadre.problems(), []);
  await cadre.context.close();

  // The mediator finds it in 我的案件 and records an agreement without its text or number: refused at that field.
  const mp = mediator.page;
  await login(mp, 'mediator', pw.mediator);
  await mp.waitForURL(/#\/cases$/);
  const mrow = await openIncident(mp, '#page', id);
  const form = mrow.locator('.mediation-form');
  await form.waitFor();
  assert.equal(await mrow.locator('.mediation-records').count(), 0, 'no records yet');
  assert.ok(await form.locator(`[data-mediator="${MEDIATOR}"]`).isChecked(), 'the mediator, checked');
  assert.match(await form.locator('[name="at"]').inputValue(), /^\d{4}-\d\d-\d\dT\d\d:\d\d$/, 'the session time defaults to now');
  assert.equal(await form.locator('[name="outcome"]').inputValue(), 'agreement');
  const refused = await posted(mp, `/incidents/${id}/mediation`, () => form.locator('button[type="submit"]').click());
  assert.equal(refused.status(), 400);
  const error = mrow.locator('.mediation-form [data-for="agreement_text"] .field-error');
  await error.waitFor();
  assert.equal(await error.textContent(), '达成协议须填写协议内容或协议书编号');

  // With the agreement's number and a follow-up date it is recorded, and shows with its timeline entry.
  await form.locator('[name="agreement_ref"]').fill('龙门调〔2026〕17号');
  await error.waitFor({ state: 'hidden' }); // typing clears it
  await form.locator('[name="follow_up_on"]').fill('2026-12-15');
  await form.locator('[name="note"]').fill('双方同意共同出资修缮围墙。');
  await form.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await shot(mp, 'mediation-form.png');
  const saved = await posted(mp, `/incidents/${id}/mediation`, () => form.locator('button[type="submit"]').click());
  assert.equal(saved.status(), 201);
  const record = mrow.locator('.mediation-records .mediation-record[data-outcome="agreement"]');
  await record.waitFor();
  assert.match(await record.textContent(), /达成协议.*周军平.*协议书编号 龙门调〔2026〕17号.*回访 2026-12-15.*双方同意共同出资修缮围墙。/);
  const entry = mrow.locator('.timeline-item[data-kind="mediation"]');
  await entry.waitFor();
  assert.match(await entry.textContent(), /调解记录 · 周军平达成协议/);
  assert.match(await mrow.locator('.timeline-item[data-kind="assigned"]').textContent(), /指派调解员 · .*周军平$/);
  await mrow.locator('[data-flash="ok"]').waitFor();
  await mrow.locator('.timeline').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot(mp, 'mediation-records.png');
  assert.deepEqual(mediator.problems(), []);
  await mediator.context.close();
});
