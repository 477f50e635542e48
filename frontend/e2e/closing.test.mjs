// Browser tests of a case carried to its end, against a running gridmap
// server that seeded the sample town (issue 10, "wrong in use"): the
// village cadre accepts a report, starts mediation, adds a photo and a
// mediation record and then resolves it at once (the version those writes
// answered, not a false 409 "已被他人处理"), reads every timeline entry in
// words, closes it (办结), after which no prominent button reopens it
// (重新办理 is a quiet button that asks first), and the dock's counts
// follow without a reload. An admin reads boundary version 1's reason in
// the app's language.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 [GRIDMAP_SCREENSHOTS=dir] node --test closing.test.mjs
//
// Two logins (cadre, admin).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, pw, openPage, shot, login, fetchFromPage, CADRE_CELL as CELL, CADRE_POINT as POINT, PNG, DESKTOP, postedTo, moveRow } from './helpers.mjs';

const MEDIATOR = 80; // 周军平, the demo mediator, of the cadre's unit

useBrowser();

test('closing: photo and mediation record, then the next move without a 409; the timeline in words; 办结 without a prominent reopen; counts follow', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser, DESKTOP);
  await login(page, 'cadre', pw.cadre);
  await page.waitForURL(/#\/unit$/);
  // A report in the cadre's unit, with the demo mediator assigned (through the API, with the page's session).
  const id = await page.evaluate(async ({ p, mediator }) => {
    const me = await (await fetch('api/auth/me')).json();
    const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token };
    const res = await fetch('api/incidents', {
      method: 'POST', headers: { ...headers, 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ ...p, type: '邻里纠纷', source: '群众来访', summary: `浏览器测试：办结 ${Date.now()}`, parties: ['王某', '赵某'], description: '围墙倒塌。' }),
    });
    const created = await res.json();
    if (res.status !== 201) throw new Error(JSON.stringify(created));
    const a = await fetch(`api/incidents/${created.id}/mediators`, { method: 'POST', headers, body: JSON.stringify({ mediators: [mediator], version: created.version }) });
    const body = await a.text(); // read, so that the reload after does not cut it off
    if (a.status !== 200) throw new Error(body);
    return String(created.id);
  }, { p: POINT, mediator: MEDIATOR });

  // After a reload that lists it: the dock's counts, then the row.
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  const row = page.locator(`#dock-incidents [data-incident="${id}"]`);
  await row.waitFor();
  const dockCount = page.locator('#dock-incident-count');
  const openTotal = page.locator('#totals [data-total="open"]');
  const countBefore = Number(await dockCount.textContent());
  const totalBefore = Number((await openTotal.textContent()).replace(/\D/g, ''));
  await row.locator('.row-toggle').click();
  await row.locator('.incident-detail .timeline').waitFor();
  await moveRow(page, row, id, 'accepted');
  await moveRow(page, row, id, 'mediating');

  // A photo and a mediation record: each answers the incident's new version ...
  const photo = await postedTo(page, id, 'attachments', () => row.locator('.photo-form input[type="file"]').setInputFiles({ name: '围墙.png', mimeType: 'image/png', buffer: PNG }));
  assert.equal(photo.status(), 201);
  const photoVersion = (await photo.json()).incident_version;
  await row.locator('.photos .photo').waitFor();
  const form = row.locator('.mediation-form');
  await form.locator('[name="agreement_ref"]').fill('龙门调〔2026〕21号');
  const record = await postedTo(page, id, 'mediation', () => form.locator('button[type="submit"]').click());
  assert.equal(record.status(), 201);
  const recordVersion = (await record.json()).incident_version;
  assert.ok(recordVersion > photoVersion, `versions answered: photo ${photoVersion}, record ${recordVersion}`);
  await row.locator('.mediation-records .mediation-record').waitFor();

  // ... which the next move sends: resolved at once, no false 409.
  const resolved = postedTo(page, id, 'transitions', () => row.locator('.incident-actions button[data-to="resolved"]').click());
  const res = await resolved;
  assert.equal(res.status(), 200, `resolve after a photo and a record: ${res.status()} ${await res.text()}`);
  assert.equal(res.request().headers()['if-match'], `"${recordVersion}"`);
  await row.locator('.row-toggle [data-status="resolved"]').waitFor();
  assert.equal(await row.locator('[data-flash="conflict"]').count(), 0);

  // 已化解: 办结 waits for a passed 回访, recorded through the form.
  assert.equal(await row.locator('.incident-actions button[data-to="closed"]').count(), 0, 'no 办结 before a passed 回访');
  const fu = await postedTo(page, id, 'followups', () => row.locator('.followup-form button[data-action="followup"]').click());
  assert.equal(fu.status(), 201, `passed 回访: ${fu.status()} ${await fu.text()}`);
  await row.locator('.timeline-item[data-kind="followup"]').waitFor();

  // Then 办结 is the prominent move; reopening is a quiet button apart.
  const done = row.locator('.incident-actions button[data-to="closed"]');
  await done.waitFor();
  assert.ok(!(await done.getAttribute('class')).includes('button-quiet'), '办结 is the prominent move of a resolved case');
  assert.equal(await row.locator('.incident-actions button[data-to="mediating"]').count(), 0, 'no 开始调解 button on a resolved case');
  assert.match(await row.locator('[data-action="reopen"]').getAttribute('class'), /button-quiet/);
  await moveRow(page, row, id, 'closed');

  // 办结: no prominent move at all; 重新办理 is quiet and asks first.
  assert.equal(await row.locator('.incident-actions button[data-to]').count(), 0, 'no workflow button on a closed case');
  const reopen = row.locator('[data-action="reopen"]');
  assert.match(await reopen.getAttribute('class'), /button-quiet/);
  assert.equal(await reopen.textContent(), '重新办理');
  await reopen.click();
  const confirm = row.locator('.reopen-confirm');
  await confirm.waitFor();
  assert.match(await confirm.textContent(), /确定重新办理/);
  await confirm.locator('[data-action="reopen-cancel"]').click();
  await confirm.waitFor({ state: 'detached' });
  await row.locator('.row-toggle [data-status="closed"]').waitFor();

  // The timeline in words: a photo is 添加照片, and no entry shows a bare key.
  const photoEntry = row.locator('.timeline-item[data-kind="attachment"]');
  await photoEntry.waitFor();
  assert.match(await photoEntry.locator('.timeline-what').textContent(), /^添加照片/);
  for (const what of await row.locator('.timeline-item .timeline-what').allTextContents()) {
    assert.doesNotMatch(what, /event\.|status\.|undefined/, `timeline entry "${what}"`);
  }

  // The counts followed: the dock's open count and total match the server's now, one fewer than before.
  const server = await fetchFromPage(page, 'api/incidents?status=open&limit=1');
  await page.waitForFunction(({ n }) => document.querySelector('#dock-incident-count')?.textContent === String(n), { n: server.total });
  assert.ok(server.total < countBefore, `open incidents ${countBefore} before, ${server.total} after closing`);
  await page.waitForFunction((n) => Number(document.querySelector('#totals [data-total="open"]').textContent.replace(/\D/g, '')) === n, totalBefore - 1);
  await row.locator('.incident-actions').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await shot(page, 'closed-case.png');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('closing: boundary version 1 reads 初始导入, and Initial import in English', { timeout: 30000 }, async () => {
  const { context, page, problems } = await openPage(browser, DESKTOP);
  await login(page, 'admin', pw.admin);
  await page.goto(page.url().replace(/#.*$/, '') + '#/boundary');
  const reason = page.locator('#bd-versions li[data-version="1"] .bd-version-reason');
  await reason.waitFor();
  assert.equal(await reason.textContent(), '初始导入');
  await page.locator('#lang').click();
  await page.waitForFunction(() => document.querySelector('#bd-versions li[data-version="1"] .bd-version-reason')?.textContent === 'Initial import');
  await page.locator('#lang').click(); // back to Chinese for the next test on this browser's storage
  assert.deepEqual(problems(), []);
  await context.close();
});
