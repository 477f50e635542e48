// Browser test of 回访 (issue 14, "Verification and 回访"), against a
// running gridmap server that seeded the sample town: the village cadre
// carries a report through 化解; a failed 回访 (partly carried out) takes
// it back to 调解中 with the reason in the timeline; 化解 again, a passed
// 回访, and only then 办结.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 node --test followup.test.mjs
//
// One login (cadre).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, pw, openPage, login, CADRE_POINT as POINT, DESKTOP, postedTo, moveRow } from './helpers.mjs';

useBrowser();

test('回访: a failed one reopens to mediating, a passed one opens 办结', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser, DESKTOP);
  await login(page, 'cadre', pw.cadre);
  await page.waitForURL(/#\/unit$/);
  const id = await page.evaluate(async ({ p }) => {
    const me = await (await fetch('api/auth/me')).json();
    const res = await fetch('api/incidents', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token, 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ ...p, type: '邻里纠纷', source: '群众来访', summary: `浏览器测试：回访 ${Date.now()}`, parties: ['钱某', '孙某'] }),
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
  for (const to of ['accepted', 'mediating', 'resolved']) await moveRow(page, row, id, to);

  // 已化解: no 办结 yet; the 回访 form, in Chinese.
  const form = row.locator('.followup-form');
  await form.waitFor();
  assert.equal(await row.locator('.incident-actions button[data-to="closed"]').count(), 0, 'no 办结 before a passed 回访');
  assert.equal(await form.locator('h4').textContent(), '回访');
  await form.locator('select[name="performed"]').selectOption('partly');
  await form.locator('textarea[name="note"]').fill('赔偿款只付了一半');
  const failed = await postedTo(page, id, 'followups', () => form.locator('button[data-action="followup"]').click());
  assert.equal(failed.status(), 201, `failed 回访: ${failed.status()} ${await failed.text()}`);
  const body = await failed.json();
  assert.equal(body.followup.passed, false);
  await row.locator('.row-toggle [data-status="mediating"]').waitFor();
  await row.locator('[data-flash="ok"]').filter({ hasText: '回访未通过' }).waitFor();
  const back = row.locator('.timeline-item[data-kind="transition"][data-to="mediating"]').last();
  assert.match(await back.locator('.timeline-note').textContent(), /回访 failed: performed partly/);
  assert.equal(await row.locator('.timeline-item[data-kind="followup"] .timeline-note').first().textContent(), '回访未通过');
  assert.equal(await row.locator('.followup-form').count(), 0, 'no 回访 form on a case in mediation');

  // 化解 again, a passed 回访 (the form's defaults: 入户, 已履行, 满意), then 办结.
  await moveRow(page, row, id, 'resolved');
  const passed = await postedTo(page, id, 'followups', () => row.locator('.followup-form button[data-action="followup"]').click());
  assert.equal(passed.status(), 201, `passed 回访: ${passed.status()} ${await passed.text()}`);
  assert.equal((await passed.json()).followup.passed, true);
  await row.locator('.row-toggle [data-status="resolved"]').waitFor();
  await row.locator('.incident-actions button[data-to="closed"]').waitFor();
  await moveRow(page, row, id, 'closed');
  const kinds = await row.locator('.timeline-item').evaluateAll((els) => els.map((e) => e.dataset.kind + ':' + e.dataset.to));
  assert.deepEqual(kinds.slice(-6), ['transition:resolved', 'followup:', 'transition:mediating', 'transition:resolved', 'followup:', 'transition:closed']);
  for (const what of await row.locator('.timeline-item .timeline-what').allTextContents()) {
    assert.doesNotMatch(what, /event\.|status\.|undefined/, `timeline entry "${what}"`);
  }
  assert.deepEqual(problems(), []);
  await context.close();
});
