// Browser tests of the search box's scope for the roles beside the grid
// worker (field.test.mjs tests the worker's): a mediator finds the cases
// assigned to them and no other, a village cadre those of their village
// and no other, a leader any case of the town with its parties masked, as
// the API shows them to each. Each finds residents by name from the server
// as the cell lists show them (a cadre their village's in full, a mediator
// their village's masked, a leader the town's masked) and nobody outside,
// those who see names masked by the name as it is shown (张*丰), never in
// full; picking one opens the cell's panel at that resident. The box asks once
// typing pauses and aborts a question overtaken by the next; offline it
// says that finding residents needs a network, never "not found".
//
//   GRIDMAP_URL=http://127.0.0.1:8080 node --test search.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, openPage, login, accounts, apiAs } from './helpers.mjs';

// A phone, as the field work is tested.
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, reducedMotion: 'reduce' };

let facts; // per role: an incident it may find, one it may not, residents it may find and may not

/** A name as mask.Name shows it to those who see names masked: 张*, 李*明, 欧**明. */
function maskName(s) {
  const r = [...s];
  if (r.length <= 1) return s;
  return r[0] + '*'.repeat(Math.max(1, r.length - 2)) + (r.length > 2 ? r[r.length - 1] : '');
}

/** What a role types to find resident r: the name as it sees it. */
const typed = (r, masked) => (masked ? maskName(r.name) : r.name);

useBrowser(async () => {
  const pw = accounts();
  const admin = await apiAs('admin', pw.admin);
  const all = (await admin('api/incidents?limit=1000')).incidents;
  const unitOf = new Map((await admin('api/cells')).features.map((f) => [f.properties.code, f.properties.unit_code]));
  const residentOf = async (cell) => (await admin(`api/residents?cell=${cell}&limit=1`)).residents[0];
  // A resident of cell whom a masked reader (as) finds among the search
  // box's five by the name as shown, which other names may share; not one
  // whose shown name holds, or is held by, that of avoid.
  const findable = async (as, cell, avoid) => {
    for (const r of (await admin(`api/residents?cell=${cell}&limit=100`)).residents) {
      const q = maskName(r.name);
      if (avoid && (q.includes(maskName(avoid.name)) || maskName(avoid.name).includes(q))) continue;
      if ((await as(`api/residents?q=${encodeURIComponent(q)}&limit=5`)).residents.some((x) => x.id === r.id)) return r;
    }
    throw new Error(`no resident of cell ${cell} found by the name as shown`);
  };
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

  const mediatorUnit = (await mediator('api/auth/me')).user.unit_code;
  const cellIn = (u) => [...unitOf].find(([, x]) => x === u)[0];
  const cellOut = (u) => [...unitOf].find(([, x]) => x !== u)[0];

  const cadre = await apiAs('cadre', pw.cadre);
  const unit = (await cadre('api/auth/me')).user.unit_code;
  const inUnit = await withParties(all.filter((i) => unitOf.get(i.cell) === unit));
  const outside = all.find((i) => unitOf.get(i.cell) !== unit);
  assert.ok(inUnit && outside, 'incidents in and outside the cadre\'s village');

  // The leader: a case with parties, from a village the other roles do not look after.
  const anywhere = await withParties(all.filter((i) => unitOf.get(i.cell) !== unit));
  assert.ok(anywhere, 'an incident with parties outside the demo village');

  const leader = await apiAs('leader', pw.leader);
  const first = await findable(leader, anywhere.cell);
  facts = {
    mediator: { find: mine, miss: notMine, found: [await findable(mediator, cellIn(mediatorUnit))], missed: [await residentOf(cellOut(mediatorUnit))], masked: true },
    cadre: { find: inUnit, miss: outside, found: [await residentOf(inUnit.cell)], missed: [await residentOf(outside.cell)], masked: false },
    leader: { find: anywhere, found: [first, await findable(leader, inUnit.cell, first)], missed: [], masked: true },
  };
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

/** Asserts that a resident's name, as the role sees it, finds no resident: the server answers none. */
async function missesResident(page, r, masked) {
  const asked = page.waitForResponse((res) => res.url().includes('/api/residents?q='));
  await page.locator('#search').fill(typed(r, masked));
  const answer = await asked;
  assert.equal(answer.status(), 200);
  assert.ok(!(await answer.json()).residents.some((x) => x.id === r.id), `resident ${r.id} of cell ${r.cell} is outside the scope`);
  await page.locator('#suggestions:not([data-busy])').waitFor({ state: 'attached' });
  assert.equal(await page.locator(`#suggestions [data-item="r${r.id}"]`).count(), 0, `found ${r.name} of cell ${r.cell}`);
}

/**
 * Searches for resident r by name and picks them: the suggestion names the
 * cell, and the name is masked or not as said; the cell's panel opens on
 * the resident's row, masked alike.
 */
async function pickResident(page, r, masked) {
  await searchFor(page, typed(r, masked));
  const found = page.locator(`#suggestions [data-item="r${r.id}"]`);
  await found.waitFor();
  const cells = await page.evaluate(() => fetch('api/cells').then((res) => res.json()));
  const cellName = cells.features.find((f) => f.properties.code === r.cell).properties.name;
  const text = await found.textContent();
  assert.ok(text.includes(cellName), `the suggestion "${text}" names cell ${cellName}`);
  assert.equal(text.includes(r.name), !masked, `the suggestion "${text}" shows ${r.name} ${masked ? 'in full' : 'masked'}`);
  if (masked) assert.ok(text.includes('*'), `the suggestion "${text}" is masked`);
  await found.click();
  await page.waitForFunction((c) => document.querySelector('#panel [data-field="code"]')?.textContent === c, r.cell);
  const row = page.locator(`#tabpanel-residents li[data-resident="${r.id}"]`);
  await row.waitFor();
  const name = await row.locator('.resident-name').textContent();
  assert.equal(name === r.name, !masked, `the panel's row shows ${name} for ${r.name}`);
}

/** The parties as the opened row shows them, and whether it says they are masked. */
async function parties(row) {
  await row.locator('.party').first().waitFor();
  return { names: await row.locator('.party').allTextContents(), masked: await row.locator('[data-masked]').count() > 0 };
}

// The roles that see the parties of the cases in their scope in full.
for (const [who, title] of [
  ['mediator', 'a mediator finds the cases assigned to them, parties in full, and no other case; their village\'s residents masked, and no other'],
  ['cadre', 'a village cadre finds the cases of their village, parties in full, and their residents by name in full; none elsewhere'],
]) {
  test(title, async () => {
    const { context, page, problems } = await openPage(browser, PHONE);
    await login(page, who, accounts()[who], { tap: true });
    const f = facts[who];
    const row = await pickIncident(page, f.find);
    const p = await parties(row);
    assert.ok(!p.masked && p.names.every((n) => !n.includes('*')), `${who}: parties of a case in scope masked: ${p.names}`);
    await missesIncident(page, f.miss);
    for (const r of f.found) await pickResident(page, r, f.masked);
    for (const r of f.missed) await missesResident(page, r, f.masked);
    assert.deepEqual(problems(), []);
    await context.close();
  });
}

test('a leader finds any case of the town with its parties masked, and residents by name masked', async () => {
  const { context, page, problems } = await openPage(browser, PHONE);
  await login(page, 'leader', accounts().leader, { tap: true });
  const f = facts.leader;
  const row = await pickIncident(page, f.find);
  const p = await parties(row);
  assert.ok(p.masked, 'the opened case says its parties are masked');
  assert.equal(p.names.length, f.find.parties.length);
  assert.ok(p.names.every((n) => n.includes('*')), `parties not masked: ${p.names}`);
  assert.ok(!p.names.some((n) => f.find.parties.includes(n)), `a party in full: ${p.names}`);
  for (const r of f.found) await pickResident(page, r, true);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('the box asks the server once typing pauses, aborts a question the next overtakes, and offline says residents need a network', async () => {
  const { context, page, problems } = await openPage(browser, PHONE);
  await login(page, 'leader', accounts().leader, { tap: true });
  const [first, second] = facts.leader.found;
  const asked = [];
  const aborted = [];
  page.on('request', (r) => { if (r.url().includes('/api/residents?q=')) asked.push(new URL(r.url()).searchParams.get('q')); });
  page.on('requestfailed', (r) => { if (r.url().includes('/api/residents?q=')) aborted.push(new URL(r.url()).searchParams.get('q')); });
  const [firstName, secondName] = [maskName(first.name), maskName(second.name)]; // the names as the leader sees them
  // The name in full is not asked for: it would confirm a guess.
  await page.locator('#search').fill(first.name);
  await page.locator('#suggestions:not([data-busy])').waitFor({ state: 'attached' });
  await page.waitForTimeout(1000);
  assert.deepEqual(asked, [], 'no question for a name in full');
  await page.locator('#search').fill('');
  // Typed a character at a time, quickly: one question, for the whole name.
  await page.locator('#search').pressSequentially(firstName);
  await page.locator(`#suggestions [data-item="r${first.id}"]`).waitFor();
  assert.deepEqual(asked, [firstName], 'one question once typing paused');

  // The first name's answer held back until the second name is asked: it is aborted, and only the second shows.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const isFirst = (u) => u.pathname.endsWith('/api/residents') && u.searchParams.get('q') === firstName;
  await page.route(isFirst, async (route) => {
    await held;
    await route.continue().catch(() => {}); // aborted meanwhile
  });
  await page.locator('#search').fill('');
  const out = page.waitForRequest((r) => isFirst(new URL(r.url())));
  await page.locator('#search').fill(firstName);
  await out;
  await page.locator('#search').fill(secondName);
  await page.locator(`#suggestions [data-item="r${second.id}"]`).waitFor();
  release();
  await page.locator('#suggestions:not([data-busy])').waitFor({ state: 'attached' });
  assert.ok(aborted.includes(firstName), `the overtaken question for ${firstName} was aborted: ${aborted}`);
  assert.equal(await page.locator(`#suggestions [data-item="r${first.id}"]`).count(), 0); // the two shown names hold neither the other
  await page.unroute(isFirst);

  // Offline: the box says residents need a network, and never that there is no such resident.
  await context.setOffline(true);
  await page.locator('#search').fill(firstName);
  const note = page.locator('#suggestions .suggestion-note');
  await note.waitFor();
  assert.match(await note.textContent(), /按姓名查找居民需要网络连接/);
  assert.ok(await note.isVisible(), 'the note is in view');
  assert.match(await page.locator('#search-status').textContent(), /需要网络连接/);
  assert.equal(await page.locator('#suggestions .suggestion-resident').count(), 0);
  await context.setOffline(false);
  await page.locator('#search').fill(secondName);
  await page.locator(`#suggestions [data-item="r${second.id}"]`).waitFor();
  assert.equal(await note.count(), 0, 'the note goes when the network is back');
  assert.deepEqual(problems().filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(p)), []);
  await context.close();
});
