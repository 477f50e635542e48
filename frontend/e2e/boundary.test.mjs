// Browser test of 边界编辑, the administrator's boundary editor, against a
// running gridmap server that seeded the sample town: a vertex that two
// cells share (picked from GET /api/cells.topojson) dragged on the map
// changes both cells' shapes, undo and redo, the dry run's impact, a save
// that needs a reason, the new version on top of the history with its diff
// on the map, and the restore of the version before, after which the cells
// are those of the start again (so the other tests find the town as it was).
//
//   GRIDMAP_URL=http://127.0.0.1:8080 [GRIDMAP_SCREENSHOTS=dir] node --test boundary.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, pw, openPage, shot, settled, login, fetchFromPage, goView } from './helpers.mjs';

const DESKTOP = { viewport: { width: 1400, height: 1000 }, reducedMotion: 'reduce' };
const CELLS = 138;

useBrowser();

/**
 * Arc interior vertices that two cells share, those that stick out most
 * from the line between their neighbours first: moving one part of the way
 * towards that line keeps every cell simple. Each with its neighbours and
 * the two cells.
 */
function sharedVertices(tj) {
  const users = new Map();
  for (const g of tj.objects.cells.geometries) {
    for (const ring of g.arcs) for (const ref of ring) {
      const i = ref >= 0 ? ref : ~ref;
      if (!users.has(i)) users.set(i, new Set());
      users.get(i).add(String(g.id));
    }
  }
  const out = [];
  tj.arcs.forEach((arc, i) => {
    const cells = [...(users.get(i) || [])];
    if (cells.length !== 2) return;
    for (let k = 1; k + 1 < arc.length; k++) {
      const [a, v, b] = [arc[k - 1], arc[k], arc[k + 1]];
      const kx = Math.cos((v[1] * Math.PI) / 180);
      const dev = Math.hypot(((a[0] + b[0]) / 2 - v[0]) * kx, (a[1] + b[1]) / 2 - v[1]);
      out.push({ dev, a, v, b, cells });
    }
  });
  assert.ok(out.length, 'the topology has arcs between two cells with interior vertices');
  return out.sort((x, y) => y.dev - x.dev);
}

/** Where FRACTION of the way from v towards the midpoint of a and b lies. */
const FRACTION = 0.8;
const towards = (v, a, b) => [0, 1].map((j) => v[j] + FRACTION * ((a[j] + b[j]) / 2 - v[j]));

/**
 * Of the vertices that stick out most, one whose move the server finds
 * valid and that moves some residents, so that the impact has words to
 * check (a dry run through the API, which changes nothing); else the first.
 */
async function pickVertex(page, tj, base) {
  const all = sharedVertices(tj);
  for (const c of all.slice(0, 30)) {
    const body = { base, reason: 'e2e', effective_date: '2026-12-01', outer_may_change: false,
      operations: [{ op: 'move_vertex', from: c.v, to: towards(c.v, c.a, c.b).map((x) => Math.round(x * 1e7) / 1e7) }] };
    const ans = await page.evaluate(async (b) => {
      const me = await (await fetch('api/auth/me')).json();
      const res = await fetch('api/boundary/changesets?dry_run=true', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }, body: JSON.stringify(b) });
      return res.json();
    }, body);
    if (ans.valid && ans.impact.summary.some((s) => s.residents > 0)) return c;
  }
  return all[0];
}

const vkey = (p) => `${p[0]},${p[1]}`;

/** The centre of a handle on the page. */
async function centre(page, p) {
  const box = await page.locator(`.bd-handle[data-vertex="${vkey(p)}"]`).boundingBox();
  assert.ok(box, `a handle at ${vkey(p)}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** The SVG paths of the cells, by code. */
function shapes(page, codes) {
  return page.evaluate((cs) => Object.fromEntries(cs.map((c) => [c, document.querySelector(`path.bd-cell-${c}`)?.getAttribute('d')])), codes);
}

/** POSTs body to an API path from the page, with the session's CSRF token; the answer's JSON (201 expected). */
function writeFromPage(page, path, body) {
  return page.evaluate(async ({ p, b }) => {
    const me = await (await fetch('api/auth/me')).json();
    const res = await fetch(p, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }, body: JSON.stringify(b) });
    if (res.status !== 201) throw new Error(`${p}: ${res.status} ${await res.text()}`);
    return res.json();
  }, { p: path, b: body });
}

/** A cell's rings as sorted coordinate strings: the same shape whatever vertex a ring starts at or its winding. */
function shapeKey(geometry) {
  const rings = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return JSON.stringify(rings.flat().map((r) => r.slice(0, -1).map((p) => p.map((x) => x.toFixed(7)).join(',')).sort()).sort());
}

test('boundary editor: drag a shared vertex, impact, save, history and diff, restore', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser, DESKTOP);
  await login(page, 'admin', pw.admin);
  await goView(page, 'boundary');
  await page.waitForURL(/#\/boundary$/);
  await page.waitForFunction((n) => document.querySelectorAll('#bd-cell option').length === n + 1 && document.querySelectorAll('path.bd-cell').length === n, CELLS);

  const start = await fetchFromPage(page, 'api/boundary/versions');
  const v0 = start.current;
  await page.locator(`#bd-versions li[data-version="${v0}"]`).first().waitFor();
  assert.equal(await page.locator('#bd-versions li').first().getAttribute('data-version'), String(v0), 'the current version heads the history');
  const cells0 = await fetchFromPage(page, `api/boundary/versions/${v0}`);
  assert.equal(cells0.features.length, CELLS);

  // A vertex two cells share; choosing one of them shows handles for both.
  const tj = await fetchFromPage(page, 'api/cells.topojson');
  const { a, v, b, cells } = await pickVertex(page, tj, v0);
  const [c1, c2] = cells;
  await page.locator('#bd-cell').selectOption(c1);
  await settled(page);
  await page.locator(`.bd-handle[data-vertex="${vkey(v)}"]`).waitFor();
  assert.equal(await page.locator(`.bd-handle[data-vertex="${vkey(v)}"]`).getAttribute('data-node'), null, 'an interior vertex of the shared arc');
  await shot(page, 'admin-boundary-selected.png');

  // Drag it part of the way towards its neighbours' midpoint.
  const before = await shapes(page, [c1, c2]);
  const pv = await centre(page, v);
  const pa = await centre(page, a);
  const pb = await centre(page, b);
  const to = { x: pv.x + FRACTION * ((pa.x + pb.x) / 2 - pv.x), y: pv.y + FRACTION * ((pa.y + pb.y) / 2 - pv.y) };
  assert.ok(Math.hypot(to.x - pv.x, to.y - pv.y) > 12, `a drag the map can show (${Math.round(Math.hypot(to.x - pv.x, to.y - pv.y))} px)`);
  const dry = page.waitForResponse((r) => r.url().includes('/api/boundary/changesets?dry_run=true'));
  await page.mouse.move(pv.x, pv.y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(pv.x + ((to.x - pv.x) * i) / 8, pv.y + ((to.y - pv.y) * i) / 8);
  await page.mouse.up();
  const after1 = await shapes(page, [c1, c2]);
  assert.notEqual(after1[c1], before[c1], `${c1} changed shape on the map`);
  assert.notEqual(after1[c2], before[c2], `${c2}, which shares the vertex, changed too`);
  assert.match(await page.locator('#bd-opcount').textContent(), /本次编辑 1 项操作/);

  // The dry run of the whole list: valid, with its impact in words.
  const dryRes = await dry;
  assert.equal(dryRes.status(), 200);
  const dryReq = JSON.parse(dryRes.request().postData());
  assert.equal(dryReq.base, v0);
  assert.equal(dryReq.operations.length, 1);
  assert.equal(dryReq.operations[0].op, 'move_vertex');
  assert.deepEqual(dryReq.operations[0].from, v);
  const dryBody = await dryRes.json();
  assert.equal(dryBody.valid, true, `the dry run: ${JSON.stringify(dryBody.problems)}`);
  await page.locator('#bd-save[data-state="valid"] #bd-impact').waitFor();
  const words = await page.locator('#bd-impact').textContent();
  for (const s of dryBody.impact.summary) {
    assert.ok(words.includes(`${s.residents} 位居民（${s.households} 户）和 ${s.incidents} 件事件将从 ${s.from} 移到 ${s.to}`), `the impact says what moves from ${s.from} to ${s.to}: ${words}`);
  }
  if (!dryBody.impact.summary.length) assert.ok(words.includes('没有居民或事件改变所属网格'), words);
  const changed = dryBody.cells.features.map((f) => f.properties.code).sort();
  assert.deepEqual(changed, [c1, c2].sort(), 'the dry run reshapes the two cells');

  // Undo puts both cells back; redo moves them again (and checks again).
  await page.keyboard.press('Control+z');
  assert.deepEqual(await shapes(page, [c1, c2]), before, 'undo restores both shapes');
  await page.locator('#bd-save[data-state="none"]').waitFor();
  assert.equal(await page.locator('#bd-save-button').isDisabled(), true, 'nothing to save after the undo');
  const dry2 = page.waitForResponse((r) => r.url().includes('/api/boundary/changesets?dry_run=true'));
  await page.locator('#bd-redo').click();
  assert.deepEqual(await shapes(page, [c1, c2]), after1, 'redo moves them again');
  await dry2;
  await page.locator('#bd-save[data-state="valid"] #bd-impact').waitFor();
  assert.equal(await page.locator('#bd-save-button').isDisabled(), false);
  await shot(page, 'admin-boundary-impact.png');

  // The reason is required; then the save commits version v0 + 1.
  await page.locator('#bd-save-button').click();
  await page.locator('#bd-save-form .field[data-for="reason"] .field-error:not([hidden])').waitFor();
  assert.equal(await page.locator('#bd-save-form .field[data-for="reason"] .field-error').textContent(), '请填写修改原因。');
  await page.locator('#bd-reason').fill('e2e：道路改线，调整两网格共用边界');
  await page.locator('#bd-date').fill('2026-12-01');
  const commit = page.waitForResponse((r) => r.url().endsWith('/api/boundary/changesets') && r.request().method() === 'POST');
  await page.locator('#bd-save-button').click();
  const commitRes = await commit;
  assert.equal(commitRes.status(), 201, `the commit: ${await commitRes.text()}`);
  const v1 = (await commitRes.json()).version.number;
  assert.equal(v1, v0 + 1);
  await page.locator(`#bd-versions li:first-child[data-version="${v1}"]`).waitFor();
  await page.locator('#bd-saved').waitFor();
  const top = await page.locator('#bd-versions li:first-child').textContent();
  assert.ok(top.includes(`第 ${v1} 版`) && top.includes('e2e：道路改线') && top.includes('2026-12-01 生效') && top.includes('调整 2'), top);
  assert.equal(await page.locator('#bd-opcount').textContent(), `本次编辑 0 项操作，基于第 ${v1} 版`);

  // Its diff: the two cells reshaped, each over its old outline.
  await page.locator(`#bd-versions li[data-version="${v1}"] .bd-version-pick`).click();
  await page.locator(`#bd-diff-summary[data-to="${v1}"]`).waitFor();
  assert.match(await page.locator('#bd-diff-summary').textContent(), new RegExp(`第 ${v0} 版 → 第 ${v1} 版：新增 0 个、删除 0 个、调整 2 个网格`));
  for (const c of [c1, c2]) {
    assert.equal(await page.locator(`path.bd-diff-reshaped.bd-diff-${c}`).count(), 1, `${c} drawn reshaped`);
    assert.equal(await page.locator(`path.bd-diff-before.bd-diff-before-${c}`).count(), 1, `${c}'s old outline drawn`);
  }
  await shot(page, 'admin-boundary-diff.png');

  // Restore the version before: reason, date, its impact, then a further version.
  await page.locator(`#bd-versions li[data-version="${v0}"] .bd-version-pick`).click();
  await page.locator('#bd-restore').click();
  await page.locator('#bd-restore-form').waitFor();
  await page.locator('#bd-restore-reason').fill('e2e：恢复原边界');
  await page.locator('#bd-restore-date').fill('2026-12-02');
  await page.locator('#bd-restore-impact').waitFor();
  assert.equal(await page.locator('#bd-restore-confirm').isDisabled(), false);
  await shot(page, 'admin-boundary-restore.png');
  const restore = page.waitForResponse((r) => r.url().endsWith(`/api/boundary/versions/${v0}/restore`) && r.request().method() === 'POST');
  await page.locator('#bd-restore-confirm').click();
  const restoreRes = await restore;
  assert.equal(restoreRes.status(), 201, `the restore: ${await restoreRes.text()}`);
  const v2 = v1 + 1;
  await page.locator(`#bd-versions li:first-child[data-version="${v2}"]`).waitFor();
  assert.ok((await page.locator('#bd-versions li:first-child').textContent()).includes('e2e：恢复原边界'));

  // The restored version's cells are those of the start, and so are the town's cells now.
  const cells2 = await fetchFromPage(page, `api/boundary/versions/${v2}`);
  const now = await fetchFromPage(page, 'api/cells');
  const byCode = (fc) => Object.fromEntries(fc.features.map((f) => [f.properties.code, shapeKey(f.geometry)]));
  assert.deepEqual(byCode(cells2), byCode(cells0), `version ${v2} has the cells of version ${v0}`);
  assert.deepEqual(byCode(now), byCode(cells0), 'GET /api/cells answers the restored cells');
  assert.equal(await page.locator('path.bd-cell').count(), CELLS);

  // A stale base: another change is committed (through the API) while an edit is open.
  await page.locator(`.bd-handle[data-vertex="${vkey(v)}"]`).waitFor();
  const pv2 = await centre(page, v);
  await page.mouse.move(pv2.x, pv2.y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(pv2.x + ((to.x - pv.x) * i) / 8, pv2.y + ((to.y - pv.y) * i) / 8);
  await page.mouse.up();
  await page.locator('#bd-save[data-state="valid"]').waitFor();
  const other = await writeFromPage(page, `api/boundary/versions/${v1}/restore`, { base: v2, reason: 'e2e：他人同时修改', effective_date: '2026-12-03' });
  assert.equal(other.version.number, v2 + 1);
  page.allow(409, /\/api\/boundary\/changesets$/);
  await page.locator('#bd-reason').fill('e2e：过时的修改');
  await page.locator('#bd-save-button').click();
  await page.locator('#bd-save[data-state="conflict"] #bd-conflict').waitFor();
  assert.ok((await page.locator('#bd-conflict').textContent()).includes(`第 ${v2 + 1} 版 · 管理员 · e2e：他人同时修改`), 'the conflict names the version since');
  await page.locator('#bd-reload').click();
  await page.locator(`#bd-versions li:first-child[data-version="${v2 + 1}"]`).waitFor();
  assert.match(await page.locator('#bd-opcount').textContent(), new RegExp(`本次编辑 0 项操作，基于第 ${v2 + 1} 版`));
  // Back to the start's cells.
  const back = await writeFromPage(page, `api/boundary/versions/${v0}/restore`, { base: v2 + 1, reason: 'e2e：恢复原边界', effective_date: '2026-12-03' });
  assert.deepEqual(byCode(await fetchFromPage(page, `api/boundary/versions/${back.version.number}`)), byCode(cells0));

  // Leaving the editor after a change loads the town's cells again, and the map shows them.
  const refreshed = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/api/cells'));
  await goView(page, 'map');
  await page.waitForURL(/#\/map$/);
  assert.equal((await refreshed).status(), 200);
  await page.waitForFunction((n) => document.querySelectorAll('path.gm-cell').length === n && document.querySelectorAll('.gm-label-cell').length === n, CELLS);

  // On a phone the editor stacks: nothing wider than the screen.
  await goView(page, 'boundary');
  await page.waitForFunction((n) => document.querySelectorAll('path.bd-cell').length === n, CELLS);
  await page.setViewportSize({ width: 390, height: 800 });
  await page.locator('#page-title').scrollIntoViewIfNeeded();
  const overflow = await page.evaluate(() => document.querySelector('#page').scrollWidth - document.querySelector('#page').clientWidth);
  assert.ok(overflow <= 0, `nothing wider than the phone (${overflow}px too wide)`);

  assert.deepEqual(problems(), []);
  await context.close();
});
