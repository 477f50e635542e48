// Browser test of the monthly mediation statistics (调解月报, issue 14,
// "Mediation documents and statistics"), against a running gridmap server
// that seeded the sample town: the village cadre records an agreement with
// its amount and 防止民转刑 in the mediation form (a bad amount is refused
// at its field), then opens 调解月报, whose table shows what the API
// counts for their unit this month, and downloads the workbook. On the
// way the case's parties are edited after intake (a third one added).
//
//   GRIDMAP_URL=http://127.0.0.1:8080 node --test monthly.test.mjs
//
// One login (cadre).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { useBrowser, browser, pw, openPage, login, CADRE_POINT as POINT, CADRE_CELL, DESKTOP, shot, goView } from './helpers.mjs';

useBrowser();

test('调解月报: an agreement\'s amount and 防止民转刑 entered, counted and downloaded', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser, { ...DESKTOP, acceptDownloads: true },
    { allow: [{ status: 400, path: /\/api\/incidents\/\d+\/mediation$/ }] }); // the refused amount
  await login(page, 'cadre', pw.cadre);
  await page.waitForURL(/#\/unit$/);
  const id = await page.evaluate(async ({ p, cell }) => {
    const me = await (await fetch('api/auth/me')).json();
    const send = async (path, body) => {
      const res = await fetch(path, {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token, 'Idempotency-Key': crypto.randomUUID() },
        body: JSON.stringify(body),
      });
      const out = await res.json();
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(out)}`);
      return out;
    };
    const created = await send('api/incidents', { ...p, type: '劳资', source: '群众来访', summary: `浏览器测试：调解月报 ${Date.now()}`,
      description: '工地拖欠三名工人工资', parties: ['周某', '吴某'] });
    let v;
    for (const to of ['accepted', 'mediating']) v = await send(`api/incidents/${created.id}/transitions`, { to });
    const { mediators } = await (await fetch(`api/mediators?cell=${cell}`)).json();
    await send(`api/incidents/${created.id}/mediators`, { mediators: [mediators[0].id], version: v.version });
    return String(created.id);
  }, { p: POINT, cell: CADRE_CELL });
  const before = await page.evaluate(async () => (await (await fetch('api/stats/mediation')).json()).table.total);
  assert.ok(before.accepted >= 1, 'the accepted case counts in this month');

  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  const row = page.locator(`#dock-incidents [data-incident="${id}"]`);
  await row.waitFor();
  await row.locator('.row-toggle').click();
  const form = row.locator('.mediation-form');
  await form.waitFor();
  await form.locator('[data-mediator]').first().check();
  await form.locator('[name="agreement_ref"]').fill('安调协〔2026〕月报号');
  await form.locator('[name="amount_agreed"]').fill('1.005');
  await form.locator('button[type="submit"]').click();
  const error = form.locator('[data-for="amount_agreed"] .field-error');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.textContent(), /以元计的金额/);
  assert.equal(await form.locator('[name="amount_agreed"]').getAttribute('aria-invalid'), 'true');

  await form.locator('[name="amount_agreed"]').fill('12345.6');
  await form.locator('[name="prevented_crime"]').check();
  await form.locator('button[type="submit"]').click();
  const amount = row.locator('.mediation-record [data-field="amount_agreed"]');
  await amount.waitFor();
  assert.equal(await amount.textContent(), '协议金额 12,345.60 元');
  assert.equal(await row.locator('.mediation-record [data-field="prevented_crime"]').textContent(), '防止民转刑');

  // The parties, edited after intake: a third party with a phone.
  const edit = row.locator('.parties-edit');
  await edit.locator('summary').click();
  await edit.locator('[data-action="add-party"]').click();
  await edit.locator('[name="party_details[2].name"]').fill('郑某');
  await edit.locator('[name="party_details[2].phone"]').fill('138 0000 3333');
  await edit.locator('button[type="submit"]').click();
  await row.locator('.party', { hasText: '郑某' }).waitFor();
  assert.deepEqual(await row.locator('ul.parties .party').allTextContents(), ['周某', '吴某', '郑某 13800003333']);
  await row.locator('.timeline', { hasText: '当事人现为 3 人' }).waitFor();

  await goView(page, 'monthly');
  await page.waitForURL(/#\/monthly$/);
  const table = page.locator('#monthly-table');
  await table.waitFor();
  const after = await page.evaluate(async () => (await (await fetch('api/stats/mediation')).json()).table.total);
  assert.equal(after.accepted, before.accepted, 'the case counted as accepted once accepted');
  assert.equal(after.mediated, before.mediated + 1, 'and now as mediated');
  assert.equal(after.prevented_crime, before.prevented_crime + 1);
  assert.equal(Math.round((after.amount_agreed - before.amount_agreed) * 100), 1234560);
  const total = table.locator('tfoot [data-row="total"]');
  assert.equal(await total.locator('[data-col="accepted"]').textContent(), after.accepted.toLocaleString('en'));
  assert.equal(await total.locator('[data-col="amount_agreed"]').textContent(),
    after.amount_agreed.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
  const labour = table.locator('tbody [data-row="labour"]');
  assert.equal(await labour.locator('th').textContent(), '劳动争议');
  assert.ok(Number(await labour.locator('[data-col="mediated"]').textContent()) >= 1);
  assert.equal(await page.locator('#monthly-unit').count(), 0, 'a cadre reports for their own unit only');
  assert.match(await page.locator('#monthly-title').textContent(), /年 \d+ 月/);
  await shot(page, 'monthly-cadre.png');

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#monthly-download').click()]);
  assert.match(download.suggestedFilename(), /调解统计月报\d{4}-\d{2}\.xlsx$/);
  const file = await download.path();
  const head = fs.readFileSync(file).subarray(0, 2).toString('latin1');
  assert.equal(head, 'PK', 'the download is an .xlsx (a zip)');
  assert.deepEqual(problems(), []);
  await context.close();
});
