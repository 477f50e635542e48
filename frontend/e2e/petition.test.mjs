// Browser test of a petition's own deadline (issue 14, 《信访工作条例》
// art. 32), against a running gridmap server that seeded the sample town:
// the village cadre accepts a petition (source 信访); its case shows 答复期限
// 60 calendar days after 受理 in mediation as in acceptance; the cadre
// extends it once by 30 days with a reason; the due date moves on, the
// timeline says 延长 30 天 with the reason, and the form is gone.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 node --test petition.test.mjs
//
// One login (cadre).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, pw, openPage, login, CADRE_POINT as POINT, DESKTOP, postedTo, moveRow } from './helpers.mjs';

useBrowser();

/** The town's wall-clock date and time of an instant, as the app writes it (YYYY-MM-DD HH:MM, UTC+8). */
function townTime(iso) {
  return new Date(Date.parse(iso) + 8 * 3600e3).toISOString().slice(0, 16).replace('T', ' ');
}

test('a petition: 答复期限 60 days from 受理, extended once by 30 days with a reason', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser, DESKTOP);
  await login(page, 'cadre', pw.cadre);
  await page.waitForURL(/#\/unit$/);
  const id = await page.evaluate(async ({ p }) => {
    const me = await (await fetch('api/auth/me')).json();
    const res = await fetch('api/incidents', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token, 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ ...p, type: '征地拆迁', source: '信访', summary: `浏览器测试：信访期限 ${Date.now()}`, parties: ['周某'] }),
    });
    const created = await res.json();
    if (res.status !== 201) throw new Error(JSON.stringify(created));
    return String(created.id);
  }, { p: POINT });
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  const row = page.locator(`#dock-incidents [data-incident="${id}"]`);
  await row.waitFor();
  await row.locator('.row-toggle').click();
  await row.locator('.incident-detail .timeline').waitFor();
  assert.equal(await row.locator('.incident-extend').count(), 0, 'no extension before 受理');
  await moveRow(page, row, id, 'accepted');
  const accepted = await row.locator('.timeline-item[data-kind="transition"][data-to="accepted"]').last().locator('.timeline-when').textContent();
  await moveRow(page, row, id, 'mediating');

  // 答复期限: the end of the 60th calendar day after 受理 (or of the next working day), in mediation too.
  const due = row.locator('.facts-incident dd[data-field="due"]');
  await due.waitFor();
  const label = await row.locator('.facts-incident .fact', { has: page.locator('dd[data-field="due"]') }).locator('dt').textContent();
  assert.equal(label, '答复期限');
  const detail = await page.evaluate(async (n) => (await fetch(`api/incidents/${n}`)).json(), id);
  assert.ok(detail.reply_due && detail.reply_due === detail.due_at, `reply_due ${detail.reply_due}, due_at ${detail.due_at}`);
  const days = (Date.parse(detail.reply_due) - Date.parse(accepted.replace(' ', 'T') + ':00+08:00')) / 86400e3;
  // A holiday (春节 is up to 9 days) moves the end to the next working day.
  assert.ok(days > 60 && days <= 70, `the reply is due ${days} days after 受理 (${accepted} → ${detail.reply_due})`);
  assert.match(await due.textContent(), new RegExp(townTime(detail.reply_due)));

  // The extension: bad days and no reason are said at their fields; 30 days with a reason take.
  const form = row.locator('.incident-extend');
  await form.waitFor();
  assert.equal(await form.locator('h4').textContent(), '延长答复期限');
  await form.locator('input[name="days"]').fill('31');
  await form.locator('button[data-action="extend"]').click();
  await form.locator('.field[data-for="days"] .field-error:not([hidden])').waitFor();
  await form.locator('input[name="days"]').fill('30');
  await form.locator('button[data-action="extend"]').click();
  await form.locator('.field[data-for="reason"] .field-error:not([hidden])').waitFor();
  await form.locator('input[name="reason"]').fill('需补充调查土地权属');
  const res = await postedTo(page, id, 'extend', () => form.locator('button[data-action="extend"]').click());
  assert.equal(res.status(), 200, `extension: ${res.status()} ${await res.text()}`);
  const extended = await res.json();
  assert.equal(extended.extension_days, 30);
  // 30 more days on the term, not on the date a holiday moved: the end of the 90th day after 受理
  // (or of the next working day), later than the 60th's.
  const extendedDays = (Date.parse(extended.reply_due) - Date.parse(accepted.replace(' ', 'T') + ':00+08:00')) / 86400e3;
  assert.ok(extendedDays > 90 && extendedDays <= 100 && Date.parse(extended.reply_due) > Date.parse(detail.reply_due),
    `extended: due ${extendedDays} days after 受理 (${detail.reply_due} → ${extended.reply_due})`);
  await row.locator('[data-flash="ok"]').filter({ hasText: '答复期限已延长 30 天' }).waitFor();
  await row.locator('.facts-incident [data-extended="30"]').waitFor();
  assert.match(await due.textContent(), new RegExp(townTime(extended.reply_due)));
  assert.match(await due.textContent(), /已延长 30 天/);
  const note = row.locator('.timeline-item[data-kind="extended"]');
  await note.waitFor();
  assert.equal(await note.locator('.timeline-what').evaluate((e) => e.firstChild.textContent), '延长答复期限');
  assert.equal(await note.locator('.timeline-note').textContent(), '延长 30 天：需补充调查土地权属');
  assert.equal(await row.locator('.incident-extend').count(), 0, 'extended once: no form');
  assert.deepEqual(problems(), []);
  await context.close();
});
