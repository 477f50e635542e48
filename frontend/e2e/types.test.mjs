// Browser test of the incident types' English names: the app takes them
// from /api/config (incident_type_details), so a configured type's label
// reaches every place the app names the type.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 node --test types.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, openPage, login, accounts, goView } from './helpers.mjs';

useBrowser();

test('types: English type names come from /api/config', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser, { viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  // The server's answer with one label changed, as an instance that
  // configures it (-incident-types '邻里纠纷|Quarrel next door') serves it.
  await page.route('**/api/config', async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    assert.ok(Array.isArray(body.incident_type_details), '/api/config has incident_type_details');
    body.incident_type_details = body.incident_type_details.map((d) => (d.name === '邻里纠纷' ? { ...d, english: 'Quarrel next door' } : d));
    await route.fulfill({ response: res, json: body });
  });
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  await page.locator('#lang').click();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await login(page, 'leader', accounts().leader);
  await goView(page, 'hotspots');
  await page.waitForURL(/#\/hotspots$/);
  await page.locator('#hs-type option[value="邻里纠纷"]').waitFor({ state: 'attached' });
  const labels = await page.locator('#hs-type option').evaluateAll((os) => Object.fromEntries(os.map((o) => [o.value, o.textContent])));
  assert.equal(labels['邻里纠纷'], 'Quarrel next door', 'the configured label');
  assert.equal(labels['婚姻家庭'], 'Marriage and family', 'the default label, from the server');
  assert.deepEqual(problems(), []);
  await context.close();
});
