// Browser test of 数据导入, the administrator's boundary import, against a
// running gridmap server that seeded the sample town: a boundary file with
// two neighbouring cells merged (the merge worked out by the boundary
// editor's dry run, so the shapes are exact) is checked, previewed on the
// map with the impact in the editor's words, and imported after the
// confirmation; the map then shows the new cells. A file with a broken
// cell code shows its problem in the list, on the map and in a popup.
// At the end the town's boundaries are restored, so that the other tests
// find the town as it was. A second server over an empty database
// (GRIDMAP_BIN, the binary scripts/test.sh built) shows the admin 数据导入
// alone, and the import of the sample's cells brings the town onto its map.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 GRIDMAP_BIN=/tmp/gridmap [GRIDMAP_SCREENSHOTS=dir] node --test dataimport.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, pw, openPage, shot, settled, login, fetchFromPage, ownServer, goView } from './helpers.mjs';

const DESKTOP = { viewport: { width: 1400, height: 1000 }, reducedMotion: 'reduce' };
const CELLS = 138;

useBrowser();

/** POSTs a JSON body to an API path from the page with the session's CSRF token; the status and answer. */
function postFromPage(page, path, body) {
  return page.evaluate(async ({ p, b }) => {
    const me = await (await fetch('api/auth/me')).json();
    const res = await fetch(p, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }, body: JSON.stringify(b) });
    return { status: res.status, body: await res.json() };
  }, { p: path, b: body });
}

/**
 * Two cells of one unit that share a boundary, merged by the boundary
 * editor's dry run (which writes nothing), the second one's households
 * moving: {keep, gone, shape, impact}.
 */
async function pickMerge(page, cells, base) {
  const codes = cells.features.map((f) => f.properties.code).sort();
  for (let i = 0; i + 1 < codes.length; i++) {
    const [keep, gone] = [codes[i], codes[i + 1]];
    if (keep.slice(0, 12) !== gone.slice(0, 12)) continue;
    const ans = await postFromPage(page, 'api/boundary/changesets?dry_run=true', { base, operations: [{ op: 'merge', cells: [keep, gone] }] });
    if (ans.status !== 200 || !ans.body.valid || !ans.body.impact.summary.some((s) => s.residents > 0)) continue;
    const shape = ans.body.cells.features.find((f) => f.properties.code === keep && f.properties.change === 'reshaped');
    if (shape) return { keep, gone, shape: shape.geometry, impact: ans.body.impact };
  }
  throw new Error('no two neighbouring cells of one unit to merge');
}

/** The cells as a district's GeoJSON file (网格编码, 网格名称), edit(props, feature) changing them. */
function boundaryFile(cells, edit = () => {}) {
  const features = cells.features.map((f) => {
    const props = { 网格编码: f.properties.code, 网格名称: f.properties.name };
    const out = { type: 'Feature', properties: props, geometry: f.geometry };
    edit(props, out);
    return out;
  }).filter((f) => f.properties.网格编码 !== null);
  return Buffer.from(JSON.stringify({ type: 'FeatureCollection', features }));
}

test('数据导入: a merged boundary file is checked, previewed with its impact, imported, and the map shows it', { timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser, DESKTOP);
  await login(page, 'admin', pw.admin);
  const v0 = (await fetchFromPage(page, 'api/boundary/versions')).current;
  const cells = await fetchFromPage(page, 'api/cells');
  assert.equal(cells.features.length, CELLS);
  const { keep, gone, shape, impact } = await pickMerge(page, cells, v0);
  const merged = boundaryFile(cells, (props, f) => {
    if (props.网格编码 === keep) f.geometry = shape;
    if (props.网格编码 === gone) props.网格编码 = null;
  });

  await goView(page, 'import');
  await page.waitForURL(/#\/import$/);
  await page.locator('#di-form').waitFor();
  assert.equal(await page.locator('#page-title').textContent(), '数据导入');
  assert.equal(await page.locator('#di-snap').inputValue(), '0.5', 'the snapping distance defaults to 0.5 m');
  assert.equal(await page.locator('#di-commit').isDisabled(), true, 'nothing to import before a check');

  // Without a file, 检查 asks for one.
  await page.locator('#di-check').click();
  await page.locator('#di-form .field[data-for="file"] .field-error:not([hidden])').waitFor();
  assert.equal(await page.locator('#di-form .field[data-for="file"] .field-error').textContent(), '请选择边界文件。');

  // 检查: the dry run, previewed.
  await page.locator('#di-file').setInputFiles({ name: '合并网格.geojson', mimeType: 'application/geo+json', buffer: merged });
  const dry = page.waitForResponse((r) => r.url().endsWith('/api/import/boundaries'));
  await page.locator('#di-check').click();
  const dryRes = await dry;
  assert.equal(dryRes.status(), 200, await dryRes.text());
  const ans = await dryRes.json();
  assert.equal(ans.dry_run, true);
  assert.equal(ans.plan.mode, 'change');
  assert.deepEqual(ans.plan.reshaped, [keep]);
  assert.deepEqual(ans.plan.removed, [gone]);
  assert.deepEqual(ans.plan.impact, impact, 'the impact is the boundary editor\'s for the same merge');
  await page.locator('#di-plan[data-mode="change"]').waitFor();
  assert.equal(await page.locator('#di-plan').textContent(), `将在边界版本 ${v0} 的基础上生成版本 ${v0 + 1}：新增 0 个网格，调整 1 个，撤销 1 个。`);
  assert.match(await page.locator('#di-read').textContent(), /^合并网格\.geojson：GeoJSON，137 个要素，坐标系 /);
  await page.waitForFunction((n) => document.querySelectorAll('path.di-cell').length === n, CELLS - 1);
  assert.equal(await page.locator('path.di-cell-reshaped').count(), 1, 'one cell reshaped on the map');
  assert.equal(await page.locator(`path.di-cell-reshaped[data-code="${keep}"]`).count(), 1);
  assert.equal(await page.locator('path.di-cell-unchanged').count(), CELLS - 2);
  const words = await page.locator('#di-impact').textContent();
  for (const s of impact.summary) {
    assert.ok(words.includes(`${s.residents} 位居民（${s.households} 户）和 ${s.incidents} 件事件将从 ${s.from} 移到 ${s.to}`), `the impact in the editor's words: ${words}`);
  }
  assert.equal(await page.locator('#di-commit').isDisabled(), false);
  await settled(page);
  await shot(page, 'admin-import-preview.png');

  // 导入 needs a reason, then says what it will write.
  await page.locator('#di-commit').click();
  await page.locator('#di-form .field[data-for="reason"] .field-error:not([hidden])').waitFor();
  assert.equal(await page.locator('#di-form .field[data-for="reason"] .field-error').textContent(), '请填写修改原因。');
  await page.locator('#di-reason').fill('e2e：两网格合并');
  await page.locator('#di-commit').click();
  const households = impact.households.length;
  const residents = impact.summary.reduce((n, s) => n + s.residents, 0);
  const incidents = impact.incidents.length;
  await page.locator('#di-confirm-text').waitFor();
  assert.equal(await page.locator('#di-confirm-text').textContent(),
    `将写入边界版本 ${v0 + 1}：新增 0 个网格，调整 1 个，撤销 1 个；${households} 户（${residents} 人）和 ${incidents} 件事件将改变所属网格。`);
  const commit = page.waitForResponse((r) => r.url().endsWith('/api/import/boundaries'));
  await page.locator('#di-confirm-ok').click();
  const commitRes = await commit;
  assert.equal(commitRes.status(), 201, await commitRes.text());
  assert.equal((await commitRes.json()).version.number, v0 + 1);
  await page.locator('#di-done').waitFor();
  assert.equal(await page.locator('#di-commit').isDisabled(), true, 'imported once only');

  // The map shows the new cells: the merged-away one is gone.
  const refreshed = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/api/cells'));
  await goView(page, 'map');
  await page.waitForURL(/#\/map$/);
  assert.equal((await refreshed).status(), 200);
  await page.waitForFunction((n) => document.querySelectorAll('path.gm-cell').length === n, CELLS - 1);
  assert.equal(await page.locator(`path.gm-cell-${gone}`).count(), 0, `${gone} is no more`);
  assert.equal(await page.locator(`path.gm-cell-${keep}`).count(), 1);

  // A file with a broken cell code: the problem in the list, on the map, in a popup; nothing to import.
  await goView(page, 'import');
  await page.waitForURL(/#\/import$/);
  const broken = boundaryFile(cells, (props) => { if (props.网格编码 === cells.features[3].properties.code) props.网格编码 = '5001101192'; });
  await page.locator('#di-file').setInputFiles({ name: '错误.geojson', mimeType: 'application/geo+json', buffer: broken });
  await page.locator('#di-check').click();
  await page.locator('#di-problems li').first().waitFor();
  const first = page.locator('#di-problems li').first();
  assert.equal(await first.getAttribute('data-feature'), '4');
  assert.ok((await first.textContent()).includes('网格编码 "5001101192" 不是 15 位数字。'), await first.textContent());
  assert.equal(await page.locator('#di-commit').isDisabled(), true, 'a file with problems cannot be imported');
  assert.ok(await page.locator('.di-problem-at').count() >= 1, 'the problems are marked on the map');
  await first.locator('button').click();
  await page.locator('.leaflet-popup .di-popup').waitFor();
  assert.ok((await page.locator('.leaflet-popup .di-popup').textContent()).includes('不是 15 位数字'));
  await shot(page, 'admin-import-problems.png');

  // Back to the start's boundaries, for the other tests.
  const back = await postFromPage(page, `api/boundary/versions/${v0}/restore`, { base: v0 + 1, reason: 'e2e：恢复原边界', effective_date: '2026-12-03' });
  assert.equal(back.status, 201, JSON.stringify(back.body));
  assert.equal((await fetchFromPage(page, 'api/cells')).features.length, CELLS);

  // On a phone the page stacks: nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 800 });
  await page.locator('#page-title').scrollIntoViewIfNeeded();
  const overflow = await page.evaluate(() => document.querySelector('#page').scrollWidth - document.querySelector('#page').clientWidth);
  assert.ok(overflow <= 0, `nothing wider than the phone (${overflow}px too wide)`);

  assert.deepEqual(problems(), []);
  await context.close();
});

/** Starts GRIDMAP_BIN over an empty database; returns {url, stop}. */
function emptyServer(password) {
  return ownServer(password, { seed: false });
}

test('数据导入 into an empty database: the admin imports the town and the map shows it', { timeout: 120000, skip: !process.env.GRIDMAP_BIN && 'GRIDMAP_BIN (the gridmap binary) is not set' }, async () => {
  const server = await emptyServer(pw.admin);
  try {
    const cells = (await (await fetch(new URL('api/cells', process.env.GRIDMAP_URL.replace(/\/?$/, '/')))).json());
    const file = boundaryFile(cells);
    const noTown = /\/api\/(config|town|units|cells)$/;
    const { context, page, problems } = await openPage(browser, DESKTOP, { allow: [{ status: 404, path: noTown }] });
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="empty"]');
    assert.equal(await page.locator('#status-text').textContent(), '尚无乡镇数据。请管理员登录，在“数据导入”中导入网格边界。');
    await login(page, 'admin', pw.admin);
    await page.waitForURL(/#\/import$/);
    assert.deepEqual(await page.locator('#nav a').evaluateAll((as) => as.map((a) => a.dataset.view)), ['import', 'users', 'audit', 'tokens'], 'without a town, the pages that need none');
    assert.equal(await page.locator('#status').isVisible(), false, 'the notice does not cover the page');

    await page.locator('#di-file').setInputFiles({ name: '安稳镇网格.geojson', mimeType: 'application/geo+json', buffer: file });
    await page.locator('#di-town-code').fill('500110119');
    await page.locator('#di-town-name').fill('安稳镇');
    await page.locator('#di-check').click();
    await page.locator('#di-plan[data-mode="create"]').waitFor();
    assert.equal(await page.locator('#di-plan').textContent(), `将新建乡镇 安稳镇（500110119000）：15 个村（社区），${CELLS} 个网格。`);
    await page.waitForFunction((n) => document.querySelectorAll('path.di-cell-added').length === n, CELLS);
    await page.locator('#di-commit').click();
    assert.equal(await page.locator('#di-confirm-text').textContent(), `将新建乡镇 安稳镇（500110119000），写入 15 个村（社区）和 ${CELLS} 个网格，作为边界版本 1。`);
    await page.locator('#di-confirm-ok').click();
    await page.locator('#di-done').waitFor();
    await page.waitForSelector('body[data-state="ready"]');
    assert.deepEqual(await page.locator('#nav a').evaluateAll((as) => as.map((a) => a.dataset.view)), ['users', 'audit', 'overview', 'cases', 'hotspots', 'monthly', 'boundary', 'import', 'export', 'calendar', 'webhooks', 'map', 'tokens']);
    await goView(page, 'map');
    await page.waitForFunction((n) => document.querySelectorAll('path.gm-cell').length === n, CELLS);
    assert.equal(await page.title(), '安稳镇网格地图');
    assert.deepEqual(problems(), []);
    await context.close();
  } finally {
    await server.stop();
  }
});
