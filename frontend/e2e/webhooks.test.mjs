// 推送设置: the admin sets a village's own webhook (企业微信 format) on the
// page, pointing at a receiver this test starts; a case of that village
// assigned to a mediator reaches the receiver (no name, phone or ID number
// in it, of the parties, the mediator, the cell's residents or its staff), and the
// delivery log (推送记录) shows it delivered to the village, without bodies.
// The robot's key in the URL is never shown in full, not even to the admin:
// the page shows its last 4 characters, and saving the form with the URL
// as shown keeps the full one, which the robot keeps getting posts at.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, login, accounts, ownServer, receiver, apiSession, DESKTOP, goView } from './helpers.mjs';

test('a village\'s own webhook gets its case, with no personal data, and the delivery log shows it', async () => {
  const pw = accounts();
  const KEY = '693a91f2-4bd1-4c9e-a8f0-5c2d7e9b1a3f'; // the robot's key
  const hook = await receiver({ key: KEY });
  const server = await ownServer(pw.admin, { args: ['-base-url', 'https://grid.example.cn'] }); // no town webhook
  const browser = await launch();
  try {
    const admin = await apiSession(server.url, 'admin', pw.admin);
    const med = (await admin('GET', 'api/users')).json.users.find((u) => u.username === 'mediator');
    let inc = null;
    for (const i of (await admin('GET', 'api/incidents?status=open&limit=1000')).json.incidents.slice(0, 200)) {
      const d = (await admin('GET', `api/incidents/${i.id}`)).json;
      if ((d.mediators || []).includes(med.mediator_id)) { inc = d; break; }
    }
    assert.ok(inc, 'an open case of the demo mediator');
    const cell = (await admin('GET', `api/cells/${inc.cell}`)).json.properties;
    assert.ok(cell.unit_code && cell.unit_name, `cell ${inc.cell} names its unit`);

    const { context, page, problems } = await openPage(browser, DESKTOP, { allow: [{ status: 400, path: /\/api\/units\/\d+\/webhook/ }] });
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="ready"]');
    await login(page, 'admin', pw.admin);
    await goView(page, 'webhooks');
    await page.locator('#webhook-form').waitFor();
    assert.equal(await page.locator('#page-title').textContent(), '推送设置');
    await page.locator('#webhook-unit').selectOption(cell.unit_code);
    await page.locator('#webhook-url').fill('ftp://example.cn/hook');
    await page.locator('#webhook-save').click();
    await page.locator('#webhook-form .field[data-for="url"] .field-error:not([hidden])').waitFor();
    await page.locator('#webhook-url').fill(hook.url);
    await page.locator('#webhook-format').selectOption('wecom');
    await page.locator('#webhook-save').click();
    const row = page.locator(`#webhooks-table tr[data-unit="${cell.unit_code}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), new RegExp(cell.unit_name));
    const masked = hook.url.replace(KEY, '****1a3f');
    assert.equal(await row.locator('.webhook-url').textContent(), masked, 'the table shows the URL with the key masked');
    assert.equal(await page.locator('#webhook-url').inputValue(), masked, 'the form shows the URL with the key masked');
    // Saved as shown (the URL unchanged): the URL is left out, and the full one kept.
    const put = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith(`/api/units/${cell.unit_code}/webhook`));
    const reloaded = page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname.endsWith('/api/notifications/webhooks'));
    await page.locator('#webhook-save').click();
    assert.deepEqual(JSON.parse((await put).postData()), { format: 'wecom', secret: '' }, 'the URL as shown is not sent');
    assert.equal((await reloaded).status(), 200);
    await row.waitFor();
    const shown = async () => page.evaluate(() => document.documentElement.outerHTML + [...document.querySelectorAll('input')].map((i) => i.value).join(' '));
    assert.ok(!(await shown()).includes(KEY.slice(0, -4)), 'the page never shows the robot\'s key in full');

    const others = inc.mediators.filter((m) => m !== med.mediator_id);
    let r = await admin('POST', `api/incidents/${inc.id}/mediators`, { mediators: others });
    assert.equal(r.status, 200, `unassign: ${JSON.stringify(r.json)}`);
    r = await admin('POST', `api/incidents/${inc.id}/mediators`, { mediators: inc.mediators });
    assert.equal(r.status, 200, `assign: ${JSON.stringify(r.json)}`);

    const title = `案件已分派 GM-${inc.id}`;
    const until = Date.now() + 40000; // the worker runs every 10 s
    while (!hook.bodies.some((b) => b.includes(title)) && Date.now() < until) await new Promise((res) => setTimeout(res, 250));
    const mine = hook.bodies.filter((b) => b.includes(title));
    assert.equal(mine.length, 1, `the village's robot got the assignment once (got ${hook.bodies.length} posts)`);
    assert.equal(JSON.parse(mine[0]).msgtype, 'markdown');
    assert.ok(hook.paths.every((p) => p === `/cgi-bin/webhook/send?key=${KEY}`), `the robot is posted at its full URL: ${hook.paths}`);
    const residents = (await admin('GET', `api/residents?cell=${inc.cell}&limit=200`)).json.residents || [];
    assert.ok(residents.length, `residents of cell ${inc.cell} to look for`);
    const personal = [...(inc.parties || []), inc.summary, inc.description, med.name,
      ...residents.flatMap((p) => [p.name, p.phone, p.id_number]),
      ...[...(cell.grid_workers || []), ...(cell.mediators || [])].flatMap((p) => [p.name, p.phone])].filter((s) => s && s.length > 1);
    for (const b of hook.bodies) {
      for (const p of personal) assert.ok(!b.includes(p), `the webhook carries personal data: ${p}`);
      assert.doesNotMatch(b, /(?<!\d)1[3-9]\d{9}(?!\d)/, 'no mobile number');
      assert.doesNotMatch(b, /(?<!\d)\d{17}[\dX](?!\d)/, 'no ID number');
    }

    // 推送记录: the message, delivered to the village, with its attempt; no body shown.
    await page.locator('#deliveries-refresh').click();
    const log = page.locator(`#deliveries-table tr[data-target="${cell.unit_code}"][data-state="delivered"]`);
    await log.first().waitFor();
    assert.match(await log.first().textContent(), new RegExp(`${cell.unit_name}.*已送达.*1`));
    const text = await page.locator('#deliveries-table').textContent();
    assert.ok(!text.includes(`GM-${inc.id}`) && !text.includes('markdown'), 'the log shows no message bodies');
    assert.ok(!(await shown()).includes(KEY.slice(0, -4)), 'the page never shows the robot\'s key in full');
    assert.deepEqual(problems(), []);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
    await hook.close();
  }
});
