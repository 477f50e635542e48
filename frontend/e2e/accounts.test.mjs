// Browser test of logins and roles against a running gridmap server that
// seeded the sample town: each role lands on its own view and sees exactly
// its own area's personal data, in full or masked.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 GRIDMAP_ADMIN_PASSWORD=... [GRIDMAP_SCREENSHOTS=dir] node --test
//
// About twenty logins, some failing on purpose: the suite's server allows
// 120 a minute from one address (GRIDMAP_LOGIN_RATE). The admin and the
// password tests create users with new names each run, so that the
// failures lock only them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, openPage, getJSON, shot, settled, login, openCellBySearch, accounts, url, DESKTOP, goView, fromMenu } from './helpers.mjs';

// Still maps (prefers-reduced-motion): the tests look at where things end up.
const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, reducedMotion: 'reduce' };
const FULL_ID = /^\d{17}[\dX]$/;
const MASKED_ID = /^\d{4}\*{10}\d{3}[\dX]$/; // 5002**********1234

let cells; // properties of GET /api/cells
let pw; // username -> password
let desk; // the desktop page the desktop tests share: {context, page, problems, dirty}

useBrowser(async () => {
  cells = (await getJSON('api/cells')).features.map((f) => f.properties);
  pw = accounts();
});

/**
 * The desktop page, logged out on the public map, and mark, the number of
 * problems it had so far. The desktop tests share it, which saves loading
 * the app for each; one that fails leaves it dirty, and the next gets a new one.
 */
async function desktopPage() {
  if (desk && desk.dirty) {
    await desk.context.close();
    desk = null;
  }
  if (!desk) {
    const allow = [{ status: 401, path: /\/api\/auth\/login$/ }, { status: 403, path: /\/api\/auth\/login$/ }, { status: 429, path: /\/api\/auth\/login$/ }];
    desk = await openPage(browser, DESKTOP, { allow });
  }
  const { page } = desk;
  if (await page.locator('#account').isVisible()) {
    await fromMenu(page, '#logout');
    await page.locator('#login-open').waitFor();
  }
  if (await page.locator('#panel').isVisible()) await page.locator('#panel-close').click();
  desk.dirty = true;
  return { ...desk, mark: desk.problems().length };
}

/** Marks the shared desktop page clean after a test that passed. */
function done() {
  desk.dirty = false;
}

/**
 * A session of the API outside the browser (another device, as far as the
 * server knows): call(method, path, body) sends its cookie and CSRF token.
 */
async function apiSession(username, password) {
  const res = await fetch(url('api/auth/login'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
  assert.equal(res.status, 200, `API login as ${username}: ${res.status}`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await res.json();
  const call = (method, p, body) => fetch(url(p), {
    method, headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { call };
}

/** Logs username in with password from this process (127.0.0.1), answering the status. */
async function loginStatus(username, password) {
  const res = await fetch(url('api/auth/login'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return res.status;
}

/** The open panel's resident ID numbers, once its residents have loaded. */
async function residentIds(page) {
  await page.locator('#tabpanel-residents .resident-id').first().waitFor();
  return page.locator('#tabpanel-residents .resident-id').allTextContents();
}

/** An API answer fetched with the page's session cookie. */
async function apiJSON(page, p) {
  const res = await page.request.get(url(p));
  assert.equal(res.status(), 200, `GET ${p} as the logged-in user: ${res.status()}`);
  return res.json();
}

test('login: a wrong password, and every other refusal, says what happened', { timeout: 60000 }, async () => {
  const { page, problems, mark } = await desktopPage();
  await page.locator('#login-open').click();
  await page.locator('#login-username').fill('viewer');
  await page.locator('#login-password').fill('not the password');
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
  await page.locator('#login-submit').click();
  assert.equal((await answer).status(), 401);
  const error = page.locator('#login-error');
  await error.waitFor();
  // The same words as for an unknown username: nothing tells which usernames exist.
  assert.equal(await error.textContent(), '用户名或密码错误');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'login-password', 'the password is ready to be typed again');
  await shot(page, 'login.png');

  // The server's other refusals, stubbed: each has its own words.
  const hhmm = (ms) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
  const refusals = [
    { kind: 'locked', status: 429, code: 'locked', retry: 900, want: (t) => `登录失败次数过多，请于 ${t} 后重试` },
    { kind: 'rate_limited', status: 429, code: 'rate_limited', retry: 60, want: (t) => `登录尝试过于频繁，请于 ${t} 后重试` },
    { kind: 'disabled', status: 403, code: 'forbidden', want: () => '账号已停用，请联系管理员' },
    { kind: 'network', want: () => '无法连接服务器，请检查网络后重试' },
  ];
  for (const r of refusals) {
    const handler = (route) => (r.status
      ? route.fulfill({ status: r.status, contentType: 'application/json', headers: r.retry ? { 'Retry-After': String(r.retry) } : {}, body: JSON.stringify({ error: { code: r.code, message: 'stub' } }) })
      : route.abort('internetdisconnected'));
    await page.route('**/api/auth/login', handler);
    const before = Date.now();
    await page.locator('#login-submit').click();
    await page.waitForSelector(`#login[data-error="${r.kind}"]`);
    const after = Date.now();
    const text = await error.textContent();
    const wants = [r.want(hhmm(before + (r.retry || 0) * 1000)), r.want(hhmm(after + (r.retry || 0) * 1000))];
    assert.ok(wants.includes(text), `${r.kind}: "${text}"; want "${wants[0]}"`);
    if (r.kind === 'locked') await shot(page, 'login-locked.png');
    await page.unroute('**/api/auth/login', handler);
  }

  // A username no account can have: the server's words say what is wrong with it.
  page.allow(400, /\/api\/auth\/login$/);
  await page.locator('#login-username').fill('王 芳');
  await page.locator('#login-submit').click();
  await page.waitForSelector('#login[data-error="username"]');
  assert.equal(await error.textContent(), '用户名只能包含字母、数字、“.”、“_”和“-”。');
  await page.locator('#login-username').fill('viewer');

  // The right password: a viewer lands on the public map and may not see residents.
  await page.locator('#login-password').fill(pw.viewer);
  await page.locator('#login-submit').click();
  await page.locator('#account').waitFor();
  assert.equal(await page.locator('#user-role').textContent(), '只读用户');
  assert.deepEqual(await page.locator('#nav a').evaluateAll((as) => as.map((a) => a.dataset.view)), ['map', 'tokens'], 'a viewer\'s menu');
  await openCellBySearch(page, cells[0].code);
  const denied = page.locator('#tabpanel-residents [data-denied="forbidden"]');
  await denied.waitFor();
  assert.match(await denied.textContent(), /无权查看居民信息/);
  await denied.scrollIntoViewIfNeeded();
  await shot(page, 'viewer-denied.png');

  // The aborted request is the network test's doing.
  assert.deepEqual(problems().slice(mark).filter((p) => !/request failed: .*\/api\/auth\/login|ERR_INTERNET_DISCONNECTED/.test(p)), []);
  done();
});

test('grid worker: 我的网格, own residents in full, other cells refused, reload, logout', { timeout: 60000 }, async () => {
  const { page, problems, mark } = await desktopPage();
  const me = await login(page, 'gridworker', pw.gridworker);
  const mine = me.scope.cells;
  assert.ok(mine.length > 0, 'the demo grid worker has cells');
  await page.waitForFunction(() => location.hash === '#/mine');
  await page.locator('#dock[data-mode="mine"]').waitFor();
  assert.equal(await page.locator('#dock-title').textContent(), '我的网格');
  assert.equal(await page.locator('#user-name').textContent(), me.user.name);
  assert.equal(await page.locator('#user-role').textContent(), '网格员');
  assert.deepEqual(await page.locator('#nav a').evaluateAll((as) => as.map((a) => a.dataset.view)), ['mine', 'report', 'map', 'tokens']);
  assert.deepEqual(await page.locator('#dock-cells [data-code]').evaluateAll((els) => els.map((e) => e.dataset.code)), mine);

  // The map is zoomed to their cells, which fill much of the map beside the dock.
  await settled(page);
  const dock = await page.locator('#dock').boundingBox();
  const map = await page.locator('#map').boundingBox();
  const cell = await page.locator(`path.gm-cell-${mine[0]}`).boundingBox();
  const free = { x0: dock.x + dock.width, x1: map.x + map.width, y0: map.y, y1: map.y + map.height };
  assert.ok(cell.x >= free.x0 - 1 && cell.x + cell.width <= free.x1 + 1 && cell.y >= free.y0 - 1 && cell.y + cell.height <= free.y1 + 1,
    `cell ${JSON.stringify(cell)} not inside the free map ${JSON.stringify(free)}`);
  assert.ok(cell.height > 0.6 * map.height || cell.width > 0.6 * (free.x1 - free.x0), `cell ${JSON.stringify(cell)} is not zoomed to`);
  assert.equal(await page.locator('.leaflet-overlay-pane path.gm-cell[fill-opacity="0.16"]').count(), cells.length - mine.length, 'other cells faded');
  await page.locator('#dock-incidents .list-incidents li, #dock-incidents .muted').first().waitFor();
  const open = await apiJSON(page, 'api/incidents?status=open&limit=1');
  assert.equal(await page.locator('#dock-incidents .list-incidents li').count(), Math.min(open.total, 20), 'their open incidents');
  await shot(page, 'gridworker-home.png');

  // Their residents, in full, a page at a time.
  await page.locator(`#dock-cells [data-code="${mine[0]}"]`).click();
  await page.waitForFunction((c) => document.querySelector('#panel [data-field="code"]')?.textContent === c, mine[0]);
  const ids = await residentIds(page);
  const { total } = await apiJSON(page, `api/residents?cell=${mine[0]}&limit=1`);
  assert.equal(ids.length, Math.min(total, 50));
  assert.ok(ids.every((s) => FULL_ID.test(s)), `ID numbers not in full: ${ids.slice(0, 3)}`);
  assert.equal(await page.locator('#panel [data-masked]').count(), 0, 'no masking note');
  if (total > 50) {
    await page.locator('[data-more="residents"]').click();
    await page.waitForFunction((n) => document.querySelectorAll('#tabpanel-residents .resident').length > n, ids.length);
  }
  await shot(page, 'gridworker-residents.png');
  await page.locator('#tab-incidents').click();
  await page.locator('#tabpanel-incidents .list-incidents li, #tabpanel-incidents .muted').first().waitFor();
  const incidents = await apiJSON(page, `api/incidents?cell=${mine[0]}&status=open&limit=1`);
  assert.equal(await page.locator('#tabpanel-incidents .list-incidents li').count(), Math.min(incidents.total, 20), 'their cell\'s open incidents');
  await page.locator('#tab-residents').click();

  // Another cell's residents are refused by the server, in words.
  const other = cells.find((c) => !mine.includes(c.code)).code;
  page.allow(403, /\/api\/(residents|incidents)$/);
  await openCellBySearch(page, other);
  const denied = page.locator('#tabpanel-residents [data-denied="forbidden"]');
  await denied.waitFor();
  assert.match(await denied.textContent(), /无权查看居民信息.*您只能查看自己负责的网格/);
  assert.equal(await page.locator('#panel .resident').count(), 0);
  await denied.scrollIntoViewIfNeeded();
  await shot(page, 'gridworker-denied.png');

  // The session survives a reload.
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  await page.locator('#account').waitFor();
  assert.equal(await page.locator('#user-name').textContent(), me.user.name);
  await page.locator('#dock[data-mode="mine"]').waitFor();

  // Logout returns to the public map, and the server forgets the session.
  await fromMenu(page, '#logout');
  await page.locator('#login-open').waitFor();
  await page.locator('#dock').waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => location.hash), '');
  assert.equal(await page.locator('#panel').isHidden(), true);
  assert.equal(await page.locator('.leaflet-overlay-pane path.gm-cell[fill-opacity="0.16"]').count(), 0, 'no cell faded');
  assert.equal((await (await page.request.get(url('api/auth/me'))).json()).role, 'anonymous');
  await openCellBySearch(page, mine[0]);
  const prompt = page.locator('#tabpanel-residents [data-denied="login"]');
  await prompt.waitFor();
  // The panel may draw once more as the logout settles: scroll to the prompt it shows then.
  await prompt.scrollIntoViewIfNeeded().catch(() => prompt.scrollIntoViewIfNeeded());
  await shot(page, 'logout.png');

  assert.deepEqual(problems().slice(mark), []);
  done();
});

test('leader: the town overview, residents and parties masked', { timeout: 60000 }, async () => {
  const { page, problems, mark } = await desktopPage();
  await login(page, 'leader', pw.leader);
  await page.waitForFunction(() => location.hash === '#/overview');
  await page.locator('#dock[data-mode="overview"]').waitFor();
  assert.equal(await page.locator('#dock-title').textContent(), '全镇概况');
  const n = (s) => Number(s.replace(/\D/g, ''));
  const sum = (k) => cells.reduce((a, c) => a + c[k], 0);
  assert.equal(n(await page.locator('[data-total="cells"]').textContent()), cells.length);
  assert.equal(n(await page.locator('[data-total="population"]').textContent()), sum('population'));
  assert.equal(n(await page.locator('[data-total="households"]').textContent()), sum('households'));
  assert.equal(n(await page.locator('[data-total="open"]').textContent()), sum('open_incidents'));
  assert.equal(await page.locator('#unit-table tbody tr').count(), 15, 'one row per unit');
  await page.locator('#dock-incidents .list-incidents li').first().waitFor();
  await shot(page, 'leader-home.png');

  // Residents masked: 5002**********1234.
  await openCellBySearch(page, cells[0].code);
  const ids = await residentIds(page);
  assert.ok(ids.every((s) => MASKED_ID.test(s)), `ID numbers not masked: ${ids.slice(0, 3)}`);
  const names = await page.locator('#tabpanel-residents .resident-name').allTextContents();
  assert.ok(names.every((s) => s.includes('*')), `names not masked: ${names.slice(0, 3)}`);
  await page.locator('#tabpanel-residents [data-masked]').waitFor();
  await page.locator('#panel .tabs').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot(page, 'leader-masked.png');

  // An incident's parties masked, its description withheld.
  await page.locator('#panel-close').click();
  await page.locator('#dock-incidents .row-toggle').first().click();
  const detail = page.locator('#dock-incidents .incident-detail').first();
  await detail.locator('[data-masked]').waitFor();
  const parties = await detail.locator('.party').allTextContents();
  assert.ok(parties.length > 0 && parties.every((p) => p.includes('*')), `parties not masked: ${parties}`);
  assert.equal(await detail.locator('[data-field="description"]').textContent(), '按权限不予显示');

  assert.deepEqual(problems().slice(mark), []);
  done();
});

test('admin: user table, create, disable; the audit log', { timeout: 60000 }, async () => {
  const { page, problems, mark } = await desktopPage();
  await login(page, 'admin', pw.admin);
  await page.waitForFunction(() => location.hash === '#/users');
  await page.locator('#user-table').waitFor();
  const listed = await page.locator('#user-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.user));
  for (const u of ['admin', 'leader', 'cadre', 'gridworker', 'mediator', 'viewer']) assert.ok(listed.includes(u), `${u} not in ${listed}`);
  assert.deepEqual(await page.locator('#nav a').evaluateAll((as) => as.map((a) => a.dataset.view)), ['users', 'audit', 'overview', 'cases', 'hotspots', 'monthly', 'boundary', 'import', 'export', 'calendar', 'webhooks', 'map', 'tokens']);

  // Create a grid worker; the form asks for what the role needs.
  const username = `e2e-${Date.now().toString(36)}`;
  await page.locator('#user-new').click();
  await page.locator('#user-dialog').waitFor();
  await page.locator('#uf-username').fill(username);
  await page.locator('#uf-name').fill('测试网格员');
  await page.locator('#uf-role').selectOption('grid_worker');
  await page.locator('#uf-unit').selectOption(cells[0].unit_code);
  await page.locator(`#uf-cells input[value="${cells[0].code}"]`).check();
  await page.locator('#uf-password').fill('short');
  await page.locator('#uf-submit').click();
  assert.match(await page.locator('#uf-password-error').textContent(), /密码至少 10 个字符/);
  await page.locator('#uf-password').fill('e2e-password-1234');
  await shot(page, 'admin-new-user.png');
  const created = page.waitForResponse((r) => r.url().endsWith('/api/users') && r.request().method() === 'POST');
  await page.locator('#uf-submit').click();
  assert.equal((await created).status(), 201);
  const row = page.locator(`#user-table tr[data-user="${username}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-state'), 'active');
  assert.match(await row.textContent(), new RegExp(`测试网格员.*网格员.*${cells[0].name}.*正常`));

  // Five wrong passwords from this address lock it out of the new account; 解除锁定 lets it in again.
  for (let i = 0; i < 5; i++) await loginStatus(username, 'not the password');
  assert.equal(await loginStatus(username, 'e2e-password-1234'), 429, 'locked, even with the right password');
  await goView(page, 'audit');
  await goView(page, 'users');
  const lock = page.locator(`#lock-table tr[data-user="${username}"]`);
  await lock.waitFor();
  assert.match(await lock.textContent(), /127\.0\.0\.1.*5/);
  await lock.scrollIntoViewIfNeeded();
  await shot(page, 'admin-locks.png');
  const cleared = page.waitForResponse((r) => r.url().includes('/api/auth/locks?') && r.request().method() === 'DELETE');
  await lock.locator('[data-action="unlock"]').click();
  assert.equal((await cleared).status(), 200);
  await lock.waitFor({ state: 'detached' });
  assert.match(await page.locator('#locks-note').textContent(), new RegExp(`已解除 ${username} 在 127\\.0\\.0\\.1 的登录锁定`));
  assert.equal(await loginStatus(username, 'e2e-password-1234'), 200, 'unlocked');

  // Disable it.
  const patched = page.waitForResponse((r) => r.url().includes('/api/users/') && r.request().method() === 'PATCH');
  await row.locator('[data-action="disable"]').click();
  assert.equal((await patched).status(), 200);
  await page.locator(`#user-table tr[data-user="${username}"][data-state="disabled"]`).waitFor();
  assert.match(await row.textContent(), /已停用/);
  await shot(page, 'admin-users.png');

  // The audit log shows the entries, and filters them.
  await goView(page, 'audit');
  await page.waitForFunction(() => location.hash === '#/audit');
  await page.locator('#audit-entries tbody tr').first().waitFor();
  assert.ok(await page.locator('#audit-entries tbody tr[data-action="login"]').count() > 0, 'logins are audited');
  await shot(page, 'admin-audit.png');
  await page.locator('#audit-action').selectOption('user_created');
  const filtered = page.waitForResponse((r) => r.url().includes('/api/audit?') && r.url().includes('action=user_created'));
  await page.locator('#audit-filters button[type="submit"]').click();
  await filtered;
  await page.waitForFunction(() => [...document.querySelectorAll('#audit-entries tbody tr')].every((tr) => tr.dataset.action === 'user_created'));
  assert.match(await page.locator('#audit-entries').textContent(), new RegExp(`user:${username}`));

  assert.deepEqual(problems().slice(mark), []);
  done();
});

test('header: the views stay in the bar where they fit, and fold into the menu where they would squeeze it', { timeout: 60000 }, async () => {
  // The bar as laid out: whether it folded, its overflow, and what the title, the search and the language button keep.
  const bar = (page) => page.evaluate(() => {
    const box = (sel) => document.querySelector(sel).getBoundingClientRect();
    const el = document.documentElement;
    return {
      folded: document.querySelector('.bar').classList.contains('is-folded'),
      overflow: el.scrollWidth - el.clientWidth,
      title: document.querySelector('.bar-title').clientWidth, titleText: document.querySelector('.bar-title').scrollWidth,
      search: box('.search').width, langRight: box('#lang').right, width: el.clientWidth,
      inline: document.querySelector('#nav a[data-view="map"]').checkVisibility(),
    };
  });
  const fits = (b, what) => {
    assert.ok(b.overflow <= 0, `${what}: the page is ${b.overflow} px wider than the window`);
    assert.ok(b.title >= Math.min(120, b.titleText) && b.search >= 200, `${what}: title ${b.title} px of ${b.titleText}, search ${b.search} px`);
    assert.ok(b.langRight <= b.width, `${what}: the language button ends at ${b.langRight} of ${b.width} px`);
  };
  // The admin's thirteen views at 1366 px, the common office laptop: folded, the menu lists them all.
  const admin = await openPage(browser, { ...DESKTOP, viewport: { width: 1366, height: 768 } });
  await login(admin.page, 'admin', pw.admin);
  let b = await bar(admin.page);
  assert.ok(b.folded && !b.inline, 'the admin\'s views at 1366 px: in the menu');
  fits(b, 'admin, 1366 px');
  await goView(admin.page, 'audit');
  await admin.page.waitForFunction(() => location.hash === '#/audit');
  await shot(admin.page, 'header-admin-1366.png');
  // At 1920 px, inline; in English, longer, whatever it takes, nothing cut; back at 1366 px, folded again.
  await admin.page.setViewportSize({ width: 1920, height: 1080 });
  await admin.page.waitForFunction(() => !document.querySelector('.bar').classList.contains('is-folded'));
  b = await bar(admin.page);
  assert.ok(b.inline, 'the admin\'s views at 1920 px: in the bar');
  fits(b, 'admin, 1920 px');
  await admin.page.locator('#lang').click();
  await admin.page.locator('#nav a[data-view="map"]').filter({ hasText: 'Map' }).waitFor({ state: 'attached' });
  fits(await bar(admin.page), 'admin, 1920 px, English');
  await admin.page.setViewportSize({ width: 1366, height: 768 });
  await admin.page.waitForFunction(() => document.querySelector('.bar').classList.contains('is-folded'));
  fits(await bar(admin.page), 'admin, 1366 px, English');
  assert.deepEqual(admin.problems(), []);
  await admin.context.close();

  // The leader's six views at 1280 px: in the bar.
  const leader = await openPage(browser, DESKTOP);
  await login(leader.page, 'leader', pw.leader);
  b = await bar(leader.page);
  assert.ok(!b.folded && b.inline, 'the leader\'s views at 1280 px: in the bar');
  fits(b, 'leader, 1280 px');
  assert.deepEqual(leader.problems(), []);
  await leader.context.close();
});

test('password: 修改密码 from the menu ends the other logins and the tokens, keeps this one', { timeout: 60000 }, async () => {
  // A user of its own, so that the demo accounts keep their passwords.
  const admin = await apiSession('admin', pw.admin);
  const username = `e2e-pw-${Date.now().toString(36)}`;
  const created = await admin.call('POST', 'api/users', { username, name: '改密测试', role: 'viewer', password: 'e2e-password-1234' });
  assert.equal(created.status, 201);
  const elsewhere = await apiSession(username, 'e2e-password-1234');
  const made = await (await elsewhere.call('POST', 'api/auth/tokens', { name: 'e2e' })).json();
  const bearer = () => fetch(url('api/auth/me'), { headers: { Authorization: 'Bearer ' + made.token } });
  assert.equal((await bearer()).status, 200);

  const { page, problems, mark } = await desktopPage();
  page.allow(400, /\/api\/auth\/password$/);
  await login(page, username, 'e2e-password-1234');
  await fromMenu(page, '#password-open');
  await page.locator('#password-dialog').waitFor();
  await page.locator('#pw-current_password').fill('not the password');
  await page.locator('#pw-new_password').fill('e2e-password-5678');
  await page.locator('#pw-repeat').fill('e2e-password-5678');
  await page.locator('#pw-submit').click();
  await page.locator('#pw-current_password-error:not([hidden])').waitFor();
  assert.equal(await page.locator('#pw-current_password-error').textContent(), '当前密码不正确');
  await page.locator('#pw-current_password').fill('e2e-password-1234');
  await shot(page, 'password.png');
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/auth/password'));
  await page.locator('#pw-submit').click();
  assert.equal((await answer).status(), 204);
  await page.locator('#password-dialog').waitFor({ state: 'detached' });
  assert.match(await page.locator('#toast').textContent(), /密码已修改/);

  // This session goes on; the other one and the token have ended; the new password opens the account.
  assert.equal((await (await page.request.get(url('api/auth/me'))).json()).user.username, username);
  assert.equal((await (await elsewhere.call('GET', 'api/auth/me')).json()).role, 'anonymous');
  assert.equal((await bearer()).status, 401);
  assert.equal(await loginStatus(username, 'e2e-password-1234'), 401);
  assert.equal(await loginStatus(username, 'e2e-password-5678'), 200);

  assert.deepEqual(problems().slice(mark), []);
  done();
});

test('mediator: 我的案件 with parties in full; API tokens', { timeout: 60000 }, async () => {
  const { page, problems, mark } = await desktopPage();
  await login(page, 'mediator', pw.mediator);
  await page.waitForFunction(() => location.hash === '#/cases');
  await page.locator('.list-cases .row-toggle').first().click();
  const detail = page.locator('.list-cases .incident-detail').first();
  await detail.locator('.party').first().waitFor();
  const parties = await detail.locator('.party').allTextContents();
  assert.ok(parties.every((p) => !p.includes('*')), `parties masked for their mediator: ${parties}`);
  assert.notEqual(await detail.locator('[data-field="description"]').textContent(), '按权限不予显示');
  assert.equal(await detail.locator('[data-masked]').count(), 0);
  await shot(page, 'mediator-cases.png');

  // A token: shown once, works as a Bearer header, and stops working when revoked.
  await goView(page, 'tokens');
  await page.locator('#token-name').fill('QGIS e2e');
  await page.locator('#token-form button[type="submit"]').click();
  const secret = await page.locator('#token-secret-value').inputValue();
  assert.ok(secret.length >= 20, 'a secret is shown');
  assert.match(await page.locator('#token-created').textContent(), /QGIS.*Authorization: Bearer/s);
  const row = page.locator('#token-table tbody tr[data-state="active"]', { hasText: 'QGIS e2e' }).first();
  await row.waitFor();
  await shot(page, 'tokens.png');
  const bearer = (s) => fetch(url('api/incidents?limit=1'), { headers: { Authorization: 'Bearer ' + s } });
  assert.equal((await bearer(secret)).status, 200);
  await row.locator('[data-action="revoke"]').click();
  await row.locator('[data-action="confirm-revoke"]').click();
  await page.locator('#token-table tbody tr[data-state="revoked"]', { hasText: 'QGIS e2e' }).first().waitFor();
  assert.equal((await bearer(secret)).status, 401);

  assert.deepEqual(problems().slice(mark), []);
  done();
});

test('phone: one-handed login as the unit cadre, 本村（社区）, the menu', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser, PHONE);
  await page.locator('#login-open').tap();
  const dlg = await page.locator('#login').boundingBox();
  // A bottom sheet across the screen; the fields and the button in the lower half, within the thumb's reach.
  assert.ok(Math.abs(dlg.y + dlg.height - 740) <= 1 && dlg.width >= 359, `login sheet at ${JSON.stringify(dlg)}`);
  for (const sel of ['#login-username', '#login-password', '#login-submit']) {
    const b = await page.locator(sel).boundingBox();
    assert.ok(b.y > 740 * 0.4 && b.height >= 44, `${sel} at ${JSON.stringify(b)}: not in the lower part or too small to tap`);
  }
  await page.locator('#login-username').tap();
  await page.keyboard.type('cadre');
  await page.locator('#login-password').tap();
  await page.keyboard.type(pw.cadre);
  await shot(page, 'phone-login.png');
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
  await page.keyboard.press('Enter'); // the keyboard's 前往 key
  assert.equal((await answer).status(), 200);
  await page.waitForFunction(() => location.hash === '#/unit');
  await page.locator('#dock[data-mode="unit"]').waitFor();
  const sheet = await page.locator('#dock').boundingBox();
  assert.ok(sheet.width === 360 && sheet.y > 740 / 3, `dock at ${JSON.stringify(sheet)}; want a bottom sheet`);
  const me = await apiJSON(page, 'api/auth/me');
  const unitCells = cells.filter((c) => c.unit_code === me.scope.unit_code).map((c) => c.code);
  assert.equal(await page.locator('#dock-cells [data-code]').count(), unitCells.length, 'the unit\'s cells');
  await shot(page, 'phone-home.png');

  // The menu: name, role, views and 退出 under one button.
  assert.equal(await page.locator('#logout').isVisible(), false);
  await page.locator('#menu-toggle').tap();
  await page.locator('#logout').waitFor();
  assert.equal(await page.locator('#user-role').textContent(), '村（社区）干部');
  assert.deepEqual(await page.locator('#nav a').evaluateAll((as) => as.map((a) => a.dataset.view)), ['unit', 'cases', 'report', 'monthly', 'map', 'tokens']);
  assert.equal(await page.locator('#nav a[data-view="cases"]').textContent(), '案件列表');
  await shot(page, 'phone-menu.png');

  assert.deepEqual(problems(), []);
  await context.close();
});
