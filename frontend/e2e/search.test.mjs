// Browser tests of the search box's scope for the roles beside the grid
// worker (field.test.mjs tests the worker's): a mediator finds the cases
// assigned to them and no other, a village cadre those of their village
// and no other, a leader any case of the town with its parties masked, as
// the API shows them to each. None of them finds residents by name: the
// phone keeps residents for a grid worker only, and the server lists them
// a cell at a time, so a name typed into the box reveals nobody.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 node --test search.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, login, accounts, apiAs, DESKTOP } from './helpers.mjs';

let browser;
let facts; // per role: an incident it may find, one it may not, a resident's name

before(async () => {
  browser = await launch();
  const pw = accounts();
  const admin = await apiAs('admin', pw.admin);
  const all = (await admin('api/incidents?limit=1000')).incidents;
  const unitOf = new Map((await admin('api/cells')).features.map((f) => [f.properties.code, f.properties.unit_code]));
  const residentOf = async (cell) => (await admin(`api/residents?cell=${cell}&limit=1`)).residents[0];
  // The first of list with parties, in detail (the list leaves them out).
  const withParties = async (list) => {
    for (const i of list) {
      const d = await admin(`api/incidents/${i.id}`);
      if (d.parties.length) return d;
    }
    return null;
  };

  const mediator = await apiAs('mediator', pw.mediator);
  const assigned = (await mediator('api/incidents?limit=1000')).incidents;
  assert.ok(assigned.length, 'the demo mediator has cases');
  const mine = await withParties(assigned);
  assert.ok(mine, 'a case of the demo mediator with parties');
  // Not theirs, in the same cell if there is one: the cell is not the scope, the assignment is.
  const others = all.filter((i) => !assigned.some((a) => a.id === i.id));
  const notMine = others.find((i) => i.cell === mine.cell) || others[0];

  const cadre = await apiAs('cadre', pw.cadre);
  const unit = (await cadre('api/auth/me')).user.unit_code;
  const inUnit = await withParties(all.filter((i) => unitOf.get(i.cell) === unit));
  const outside = all.find((i) => unitOf.get(i.cell) !== unit);
  assert.ok(inUnit && outside, 'incidents in and outside the cadre\'s village');

  // The leader: a case with parties, from a village the other roles do not look after.
  const anywhere = await withParties(all.filter((i) => unitOf.get(i.cell) !== unit));
  assert.ok(anywhere, 'an incident with parties outside the demo village');

  facts = {
    mediator: { find: mine, miss: notMine, residents: [await residentOf(mine.cell)] },
    cadre: { find: inUnit, miss: outside, residents: [await residentOf(outside.cell), await residentOf(inUnit.cell)] },
    leader: { find: anywhere, resident: await residentOf(anywhere.cell) },
  };
});

after(async () => {
  if (browser) await browser.close();
});

/** Types q into the search box and waits until the server's answer to it is handled. */
async function searchFor(page, q) {
  const search = page.locator('#search');
  await search.fill(q);
  await page.locator('#suggestions:not([data-busy])').waitFor({ state: 'attached' });
  await page.locator('#suggestions li').first().waitFor();
}

/**
 * Searches for incident i by number and picks it: its cell's panel opens
 * on it; returns its row there, opened.
 */
async function pickIncident(page, i) {
  await searchFor(page, String(i.id));
  const found = page.locator('#suggestions .suggestion-incident');
  assert.equal(await found.count(), 1, `incident ${i.id} found once`);
  assert.match(await found.textContent(), new RegExp(`${i.id}`));
  await found.click();
  await page.waitForFunction((c) => document.querySelector('#panel [data-field="code"]')?.textContent === c, i.cell);
  const row = page.locator(`#tabpanel-incidents li[data-incident="${i.id}"]`);
  await row.locator('.row-toggle').click();
  await row.locator('.incident-detail').waitFor();
  return row;
}

/** Asserts that searching for incident i by number finds nothing: the server answers none. */
async function missesIncident(page, i) {
  const asked = page.waitForResponse((res) => res.url().includes(`/api/incidents?number=${i.id}&`));
  await page.locator('#search').fill(String(i.id));
  const answer = await asked;
  assert.equal(answer.status(), 200);
  assert.equal((await answer.json()).total, 0, `incident ${i.id} of cell ${i.cell} is outside the scope`);
  await page.locator('#suggestions:not([data-busy])').waitFor({ state: 'attached' });
  assert.equal(await page.locator('#suggestions .suggestion-incident').count(), 0, `found incident ${i.id} of cell ${i.cell}`);
}

/** Asserts that a resident's name finds no resident. */
async function missesResident(page, r) {
  await searchFor(page, r.name);
  assert.equal(await page.locator('#suggestions .suggestion-resident').count(), 0, `found ${r.name} of cell ${r.cell}`);
}

/** The parties as the opened row shows them, and whether it says they are masked. */
async function parties(row) {
  await row.locator('.party').first().waitFor();
  return { names: await row.locator('.party').allTextContents(), masked: await row.locator('[data-masked]').count() > 0 };
}

// The roles that see the parties of the cases in their scope in full.
for (const [who, title] of [
  ['mediator', 'a mediator finds the cases assigned to them, parties in full, and no other case or resident'],
  ['cadre', 'a village cadre finds the cases of their village, parties in full, and none elsewhere, nor residents by name'],
]) {
  test(title, async () => {
    const { context, page, problems } = await openPage(browser, DESKTOP);
    await login(page, who, accounts()[who]);
    const f = facts[who];
    const row = await pickIncident(page, f.find);
    const p = await parties(row);
    assert.ok(!p.masked && p.names.every((n) => !n.includes('*')), `${who}: parties of a case in scope masked: ${p.names}`);
    await missesIncident(page, f.miss);
    for (const r of f.residents) await missesResident(page, r);
    assert.deepEqual(problems(), []);
    await context.close();
  });
}

test('a leader finds any case of the town with its parties masked, and no resident by name', async () => {
  const { context, page, problems } = await openPage(browser, DESKTOP);
  await login(page, 'leader', accounts().leader);
  const f = facts.leader;
  const row = await pickIncident(page, f.find);
  const p = await parties(row);
  assert.ok(p.masked, 'the opened case says its parties are masked');
  assert.equal(p.names.length, f.find.parties.length);
  assert.ok(p.names.every((n) => n.includes('*')), `parties not masked: ${p.names}`);
  assert.ok(!p.names.some((n) => f.find.parties.includes(n)), `a party in full: ${p.names}`);
  await missesResident(page, f.resident);
  assert.deepEqual(problems(), []);
  await context.close();
});
