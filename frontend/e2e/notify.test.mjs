// Notifications: an assignment puts a notification in the assigned
// mediator's inbox, which the bell in the header counts and lists; opening
// it marks it read. A server of its own, started with a webhook pointing at
// a receiver in this test (企业微信 format), sends the event to the
// receiver: the case's number and cell, no personal data. The message's
// link opens the app at that case (#/cases?incident=ID), after a login.
// The digest of the overdue scan at start ends with a link to the work
// list of the overdue cases, which shows as many as the digest counts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, login, accounts, ownServer, receiver, apiSession } from './helpers.mjs';

const DESKTOP = { viewport: { width: 1280, height: 800 } };

/** Waits for incident i's cell panel filtered to its row, and opens the row. */
async function caseShown(page, i) {
  await page.waitForFunction((c) => document.querySelector('#panel [data-field="code"]')?.textContent === c, i.cell);
  const rows = page.locator('#tabpanel-incidents li[data-incident]');
  const row = page.locator(`#tabpanel-incidents li[data-incident="${i.id}"]`);
  await row.waitFor();
  assert.equal(await rows.count(), 1, `the panel shows case ${i.id} alone`);
  await row.locator('.row-toggle').click();
  await row.locator('.incident-detail').waitFor();
}

test('an assignment rings the assignee\'s bell and reaches the webhook without personal data', async () => {
  const pw = accounts();
  const hook = await receiver();
  const server = await ownServer(pw.admin, { args: ['-notify-webhook', hook.url, '-notify-format', 'wecom', '-base-url', 'https://grid.example.cn'] });
  const browser = await launch();
  try {
    const admin = await apiSession(server.url, 'admin', pw.admin);
    const users = (await admin('GET', 'api/users')).json.users;
    const med = users.find((u) => u.username === 'mediator');
    assert.ok(med && med.mediator_id, 'the demo mediator account has a mediator record');
    const list = (await admin('GET', 'api/incidents?status=open&limit=1000')).json.incidents;
    const full = [];
    for (const i of list.slice(0, 200)) {
      const d = (await admin('GET', `api/incidents/${i.id}`)).json;
      if ((d.mediators || []).includes(med.mediator_id)) { full.push(d); break; }
    }
    assert.ok(full.length, 'an open case of the demo mediator');
    const inc = full[0];
    const others = inc.mediators.filter((m) => m !== med.mediator_id);
    let r = await admin('POST', `api/incidents/${inc.id}/mediators`, { mediators: others });
    assert.equal(r.status, 200, `unassign: ${JSON.stringify(r.json)}`);
    r = await admin('POST', `api/incidents/${inc.id}/mediators`, { mediators: inc.mediators });
    assert.equal(r.status, 200, `assign: ${JSON.stringify(r.json)}`);

    const { context, page, problems } = await openPage(browser, DESKTOP);
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="ready"]');
    await login(page, 'mediator', pw.mediator);
    // The sample town's overdue cases of the mediator are notified too (the scan).
    await page.locator('#bell-count').waitFor({ state: 'visible' });
    const before = Number(await page.locator('#bell-count').textContent());
    assert.ok(before >= 1, `bell count ${before}`);
    await page.locator('#bell').click();
    const item = page.locator('#bell-list .bell-item.unread', { hasText: '案件分派给您' });
    await item.waitFor();
    assert.match(await item.textContent(), new RegExp(String(inc.id)));
    await item.locator('button').click();
    // The notice opens its case: its cell's panel, filtered to the case's row.
    await caseShown(page, inc);
    await page.waitForFunction((n) => {
      const c = document.querySelector('#bell-count');
      return c.hidden ? n === 1 : Number(c.textContent) === n - 1;
    }, before);
    assert.deepEqual(problems(), []);
    await context.close();

    // The worker posts at start and every 10 s.
    const title = `案件已分派 GM-${inc.id}`;
    const until = Date.now() + 30000;
    while (!hook.bodies.some((b) => b.includes(title)) && Date.now() < until) await new Promise((res) => setTimeout(res, 250));
    const mine = hook.bodies.filter((b) => b.includes(title));
    assert.equal(mine.length, 1, 'the receiver got the assignment once');
    const body = JSON.parse(mine[0]);
    assert.equal(body.msgtype, 'markdown');
    assert.match(body.markdown.content, new RegExp(`https://grid.example.cn/#/cases\\?incident=${inc.id}`));
    for (const p of [...(inc.parties || []), inc.description, inc.summary, med.name].filter(Boolean)) {
      for (const b of hook.bodies) assert.ok(!b.includes(p), `the webhook carries personal data: ${p}`);
    }

    // The link the webhook carried, opened on this server by one not logged in:
    // the login dialog, then the case.
    const link = body.markdown.content.match(new RegExp(`https://grid\\.example\\.cn/(#/cases\\?incident=${inc.id})`));
    const fresh = await openPage(browser, DESKTOP);
    await fresh.page.goto(new URL(link[1], server.url).href);
    await fresh.page.locator('#login').waitFor({ state: 'visible' });
    await fresh.page.locator('#login-username').fill('mediator');
    await fresh.page.locator('#login-password').fill(pw.mediator);
    await fresh.page.locator('#login-submit').click();
    await caseShown(fresh.page, inc);
    assert.deepEqual(fresh.problems(), []);
    await fresh.context.close();

    // The scan at start notified the town's overdue cases: the digest of
    // that scan ends with a link to the work list of them, naming how many
    // there are; opened after a login, it shows that list, of that total.
    const listRE = /\[查看超期案件列表（共 (\d+) 件）\]\(https:\/\/grid\.example\.cn\/(#\/cases\?overdue=true)\)\n$/;
    const untilList = Date.now() + 60000; // up to 100 messages a digest, one digest each 10 s
    const listed = () => hook.bodies.map((b) => JSON.parse(b).markdown.content).filter((c) => listRE.test(c));
    while (!listed().length && Date.now() < untilList) await new Promise((res) => setTimeout(res, 250));
    assert.equal(listed().length, 1, 'one digest ends with the list of the overdue cases');
    const [, count, hash] = listed()[0].match(listRE);
    assert.ok(Number(count) > 0, `the digest's count ${count}`);
    const lead = await openPage(browser, DESKTOP);
    await lead.page.goto(server.url);
    await lead.page.waitForSelector('body[data-state="ready"]');
    await login(lead.page, 'admin', pw.admin);
    await lead.page.goto(new URL(hash, server.url).href);
    await lead.page.locator('#worklist-filters').waitFor();
    assert.equal(await lead.page.locator('#page-title').textContent(), '案件列表');
    assert.ok(await lead.page.locator('#worklist-overdue').isChecked(), 'the list is filtered to the overdue cases');
    await lead.page.waitForFunction(() => /\d/.test(document.querySelector('#worklist-count')?.textContent || ''));
    assert.equal(await lead.page.locator('#worklist-count').textContent(), `共 ${Number(count).toLocaleString('en')} 条`,
      'the list shows as many cases as the digest counts');
    assert.deepEqual(lead.problems(), []);
    await lead.context.close();
  } finally {
    await browser.close();
    await server.stop();
    await hook.close();
  }
});
