// Shared pieces of the browser tests: the server under test, the browser,
// pages that record problems, screenshots, waiting for the page to settle,
// and the accounts to log in with.

import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE = process.env.GRIDMAP_URL;
if (!BASE) {
  throw new Error('GRIDMAP_URL is not set: start the server (e.g. GRIDMAP_ADMIN_PASSWORD=e2e-admin-password go run ./cmd/gridmap -addr 127.0.0.1:8080 -db /tmp/gridmap.db) and run GRIDMAP_URL=http://127.0.0.1:8080 node --test');
}
export const SHOTS = process.env.GRIDMAP_SCREENSHOTS || fs.mkdtempSync(path.join(os.tmpdir(), 'gridmap-shots-'));
fs.mkdirSync(SHOTS, { recursive: true });

// A cell of the demo cadre's unit (龙门村五社网格) and a point inside it, far
// from its neighbours, for tests that report there.
export const CADRE_CELL = '500110119206005';
export const CADRE_POINT = { lon: 106.678483, lat: 28.523576 };

// A 16×16 PNG, a colour gradient, for the photo uploads.
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAABlklEQVR42g3LQQEAIQgAQSMQwQhEIIIRjEAEIhjBCETguU8jGMEId/Of1hrS6A1tWGM0ZsMb0ViN3chGNU7jNl6jNUGELqhgwhCm4EIIS9hCCiUc4QpP/tCRTu9oxzqjMzveic7q7E52qnM6t/P6HxRRuqKKKUOZiiuhLGUrqZRylKs8/YMhRjfUMGMY03AjjGVsI40yjnGNZ38YyKAPdGCDMZgDH8RgDfYgBzU4gzt44w8TmfSJTmwyJnPik5isyZ7kpCZncidv/sERpzvqmDOc6bgTznK2k045x7nO8z8EEvRAAwtGMAMPIljBDjKo4AQ3ePGHhSz6Qhe2GIu58EUs1mIvclGLs7iLt/6wkU3f6MY2YzM3vonN2uxNbmpzNnfz9h8SSXqiiSUjmYknkaxkJ5lUcpKbvPxDIUUvtLBiFLPwIopV7CKLKk5xi1d/OMihH/Rgh3GYBz/EYR32IQ91OId7eOcPF7n0i17sMi7z4pe4rMu+5KUu53Iv7/7hIY/+0Ic9xmM+/BGP9diPfNTjPO7jPT6GdLgQ8hjYogAAAABJRU5ErkJggg==', 'base64');;

export const url = (p) => new URL(p, BASE.endsWith('/') ? BASE : BASE + '/').href;

/** px, WCAG 2.5.5's target size: what every control on a phone is at least, either way. */
export const TAP = 44;

/**
 * The visible controls smaller than 44×44 px. Links inside running text
 * (a sentence's link, the map's attribution line) are excluded, as WCAG
 * 2.5.5 excludes inline targets.
 */
export function smallTargets(page, min = TAP) {
  return page.evaluate((min) => {
    const out = [];
    for (const el of document.querySelectorAll('button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="button"]')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) continue; // off screen
      if (el.closest('[inert], [aria-hidden="true"]')) continue;
      if (el.matches('a') && el.closest('p, .leaflet-control-attribution, .inline-links')) continue; // inline links
      // A checkbox or radio counts with its label (around it or naming it), which takes the tap too, and so does a
      // file input hidden in the label that looks like a button (一键上报's photo buttons).
      const label = el.matches('input[type="checkbox"], input[type="radio"], input[type="file"]') && (el.closest('label') || (el.labels && el.labels[0]));
      const box = label ? label.getBoundingClientRect() : r;
      // One covered by something else (the map's controls under a page) takes no tap.
      const hit = document.elementFromPoint(Math.min(Math.max(box.x + box.width / 2, 0), innerWidth - 1), Math.min(Math.max(box.y + box.height / 2, 0), innerHeight - 1));
      if (!hit || !(el.contains(hit) || hit.contains(el) || (label && label.contains(hit)))) continue;
      if (box.width + 0.5 < min || box.height + 0.5 < min) {
        const name = el.id ? '#' + el.id : el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '');
        out.push(`${name} "${(el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 20)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return out;
  }, min);
}

/** The desktop browser context of most tests: 1280×800, motion reduced. */
export const DESKTOP = { viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' };

/** Waits for the answer to a POST to /api/incidents/{id}/<tail> while act runs. */
export async function postedTo(page, id, tail, act) {
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith(`/incidents/${id}/${tail}`));
  await act();
  return answer;
}

/** Presses the move to status to in the opened row of incident id; the server's answer must be 200. */
export async function moveRow(page, row, id, to) {
  const res = await postedTo(page, id, 'transitions', () => row.locator(`.incident-actions button[data-to="${to}"]`).click());
  if (res.status() !== 200) throw new Error(`move to ${to}: ${res.status()} ${await res.text()}`);
  await row.locator(`.row-toggle [data-status="${to}"]`).waitFor();
}

/** GETs a public API path and returns its JSON, failing on any status but 200. */
export async function getJSON(p) {
  const res = await fetch(url(p));
  assert.equal(res.status, 200, `GET ${p}: status ${res.status}`);
  return res.json();
}

/**
 * Logs username in through the API (a session of its own, not the page's)
 * and returns get(path), which GETs path in that session and fails on any
 * status but 200.
 */
export async function apiAs(username, password) {
  const res = await fetch(url('api/auth/login'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
  assert.equal(res.status, 200, `API login as ${username}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async (path) => {
    const r = await fetch(url(path), { headers: { Cookie: cookie, Accept: 'application/json' } });
    assert.equal(r.status, 200, `GET ${path} as ${username}: ${r.status}`);
    return r.json();
  };
}

/** The API's answer to path, fetched by the page with its session; fails on any status but 2xx. */
export function fetchFromPage(page, path) {
  return page.evaluate(async (p) => {
    const res = await fetch(p);
    if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
    return res.json();
  }, path);
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The browser of a test file's tests, launched by useBrowser's before hook (an ES module binding: importers see it once set). */
export let browser = null;

/** The accounts' passwords, username -> password (accounts()), read by useBrowser's before hook. */
export let pw = null;

/**
 * Registers a test file's before and after hooks: before its tests,
 * launches browser and reads pw, then runs setup (what the tests need from
 * the server, say); after them, closes the browser, then runs cleanup.
 */
export function useBrowser(setup = null, cleanup = null) {
  before(async () => {
    browser = await launch();
    pw = accounts();
    if (setup) await setup();
  });
  after(async () => {
    if (browser) await browser.close();
    browser = null;
    if (cleanup) await cleanup();
  });
}

/**
 * The accounts: admin with the password the server was started with, and
 * the sample's demo accounts with the passwords that data/sample lists
 * (read from its Go source, so that the two cannot drift apart).
 */
export function accounts() {
  const src = fs.readFileSync(fileURLToPath(new URL('../../data/sample/accounts.go', import.meta.url)), 'utf8');
  const out = { admin: process.env.GRIDMAP_ADMIN_PASSWORD || 'e2e-admin-password' };
  // One account a line: {data.User{Username: "leader", ...}, "password"},
  for (const m of src.matchAll(/Username:\s*"([\w.-]+)".*\},\s*"([^"]+)"\},?$/gm)) out[m[1]] = m[2];
  for (const u of ['leader', 'cadre', 'gridworker', 'mediator', 'viewer']) assert.ok(out[u], `no password for the demo account ${u} in data/sample/accounts.go`);
  return out;
}

// Answers every page may get without it being a problem: none by default
// (an anonymous visitor's GET /api/auth/me answers 200 with a null user).
const EXPECTED = [];

/**
 * The in-page writers of the tests, on every page openPage opens:
 * window.e2eAnswer(path, body, method = 'POST') sends body as JSON with the
 * session's CSRF token and a fresh Idempotency-Key, as the app does, and
 * answers {status, json}; window.e2eSend(...) answers the parsed answer
 * (null for none), throwing on a status from 300.
 */
function installSend() {
  window.e2eAnswer = async (path, body, method = 'POST') => {
    const me = await (await fetch('api/auth/me')).json();
    const res = await fetch(path, {
      method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token, 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, json: text ? JSON.parse(text) : null };
  };
  window.e2eSend = async (path, body, method = 'POST') => {
    const { status, text, json } = await window.e2eAnswer(path, body, method);
    if (status >= 300) throw new Error(`${method} ${path}: ${status} ${text}`);
    return json;
  };
}

/**
 * Opens a page that records console errors, failed requests and error
 * answers; problems() lists them. allow lists further expected answers as
 * {status, path: RegExp} (page.allow adds more later); the browser's console
 * line for each expected answer is expected too. An uncaught script error
 * or unhandled promise rejection (both are Playwright's pageerror) fails
 * the test at context.close() even if it never asks for problems(). The
 * page has window.e2eSend and e2eAnswer (installSend) for the tests' writes.
 */
export async function openPage(browser, options, { hash = '', allow = [] } = {}) {
  // The service worker is blocked, as Playwright advises for pages whose
  // requests the tests route (offline.test.mjs tests the worker).
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'block', ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const expected = [...EXPECTED, ...allow];
  const seen = []; // problems, whatever order their events come in
  let excused = 0; // error answers that were expected
  const resourceLines = []; // the console's "Failed to load resource: ... 4xx" lines
  page.allow = (status, p) => expected.push({ status, path: p });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) resourceLines.push(m.text());
    else seen.push(`console error: ${m.text()}`);
  });
  const uncaught = [];
  page.on('pageerror', (e) => {
    seen.push(`page error: ${e.message}`);
    uncaught.push(`${e.message}\n${e.stack || ''}`);
  });
  const close = context.close.bind(context);
  context.close = async (...args) => {
    await close(...args);
    assert.deepEqual(uncaught, [], 'uncaught script errors or unhandled rejections on the page');
  };
  // Every cookie-authenticated write carries the session's CSRF token (a login has none yet).
  page.on('request', (r) => {
    const p = new URL(r.url()).pathname;
    if (!['GET', 'HEAD'].includes(r.method()) && p.includes('/api/') && !p.endsWith('/api/auth/login') && !r.headers()['x-csrf-token']) {
      seen.push(`write without X-CSRF-Token: ${r.method()} ${r.url()}`);
    }
  });
  page.on('requestfailed', (r) => {
    const why = r.failure() && r.failure().errorText;
    // The app fetches its role's page modules while idle (a prefetch), and the icon: a reload or navigation aborts them, harmlessly.
    if (why === 'net::ERR_ABORTED' && /\.(js|svg)\?v=\w+$/.test(r.url())) return;
    // The search box aborts its question to the server when the query changes.
    if (why === 'net::ERR_ABORTED' && /\/api\/(residents\?q|incidents\?number|cells\?q)=/.test(r.url())) return;
    // The map on vector tiles drops the request of a tile panned away before it came (and a navigation drops them all).
    if (why === 'net::ERR_ABORTED' && /\/tiles\/cells\/\d+\/\d+\/\d+\.mvt$/.test(r.url())) return;
    seen.push(`request failed: ${r.url()} ${why}`);
  });
  page.on('response', (r) => {
    if (r.status() < 400) return;
    const p = new URL(r.url()).pathname;
    if (expected.some((e) => e.status === r.status() && e.path.test(p))) excused++;
    else seen.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  const problems = () => [...seen, ...resourceLines.slice(excused).map((l) => `console error: ${l}`)];
  await page.addInitScript(installSend);
  await page.goto(url(hash));
  await page.waitForSelector('body[data-state="ready"]');
  return { context, page, problems };
}

/**
 * Waits until nothing on the page moves: no Leaflet zoom or pan, no CSS
 * transition (sheets, dialogs), and the map, panel and dock unchanged for
 * three animation frames in a row.
 */
export async function settled(page) {
  await page.evaluate(() => new Promise((resolve, reject) => {
    let last = '';
    let same = 0;
    let left = 1200; // frames: a page still moving after that has a bug worth a failure
    const signature = () => {
      const busy = document.querySelector('.leaflet-zoom-anim, .leaflet-dragging, .is-dragging') !== null
        || document.getAnimations().some((a) => a.playState === 'running' && !(a.effect && a.effect.target && a.effect.target.closest && a.effect.target.closest('.spinner')));
      const boxes = ['.leaflet-map-pane', '#panel', '#dock', 'dialog[open]'].map((s) => {
        const el = document.querySelector(s);
        if (!el) return '-';
        const r = el.getBoundingClientRect();
        return [r.x, r.y, r.width, r.height].map(Math.round).join(',') + (el.style.transform || '');
      });
      return { busy, sig: boxes.join('|') };
    };
    const tick = () => {
      const { busy, sig } = signature();
      same = !busy && sig === last ? same + 1 : 0;
      last = sig;
      if (same >= 3) resolve();
      else if (--left <= 0) reject(new Error(`the page never settled: ${busy ? 'animating' : 'moving'}, ${sig}`));
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }));
}

/** Waits for n animation frames: the rest in a touch gesture, not a wait for the app. */
export function frames(page, n) {
  return page.evaluate((k) => new Promise((resolve) => {
    const tick = () => (--k <= 0 ? resolve() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }), n);
}

/**
 * Waits for the page to settle, then writes a screenshot. Hover tooltips,
 * left behind where the pointer was when the map moved under it, are hidden.
 * They are hidden through the CSSOM, and the caret is left as it is: the
 * screenshot's style and caret options add a <style> element, which the
 * app's Content-Security-Policy blocks (and reports as a console error).
 */
export async function shot(page, name) {
  await page.mouse.move(0, 0);
  await settled(page);
  const tooltips = (visibility) => page.evaluate((v) => {
    for (const el of document.querySelectorAll('.leaflet-tooltip')) el.style.visibility = v;
  }, visibility);
  await tooltips('hidden');
  await page.screenshot({ path: path.join(SHOTS, name), caret: 'initial' });
  await tooltips('');
}

/**
 * Logs in through the header's 登录 button and the dialog, and waits for the
 * login's answer and the header's user name. tap: use touch, as on a phone.
 */
export async function login(page, username, password, { tap = false } = {}) {
  const press = (loc) => (tap ? loc.tap() : loc.click());
  await press(page.locator('#login-open'));
  await page.locator('#login').waitFor({ state: 'visible' });
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
  await press(page.locator('#login-submit'));
  const res = await answer;
  assert.notEqual(res.status(), 429, `login as ${username}: rate limited or locked (${await res.text()}); the server allows 10 logins a minute from one address: wait a minute or restart it`);
  assert.equal(res.status(), 200, `login as ${username}: status ${res.status()}`);
  await page.locator('#account').waitFor({ state: 'visible' });
  await page.locator('#login').waitFor({ state: 'hidden' });
  return res.json();
}

/**
 * Clicks an item of the header's account part (a view's link, 修改密码, 退出):
 * in the bar, or in the menu under the name where the bar folds them (phones,
 * or more views than the bar holds).
 */
export async function fromMenu(page, selector) {
  const item = page.locator(selector);
  if (!(await item.isVisible())) await page.locator('#menu-toggle').click();
  await item.click();
}

/** Opens view v from the header (see fromMenu). */
export const goView = (page, v) => fromMenu(page, `#nav a[data-view="${v}"]`);

/** Searches for a cell code and opens it from the first suggestion. */
export async function openCellBySearch(page, code) {
  await page.locator('#search').fill(code);
  await page.locator(`#suggestions [data-code="${code}"]`).waitFor();
  await page.locator('#search').press('Enter');
  await page.waitForFunction((c) => document.querySelector('#panel [data-field="code"]')?.textContent === c, code);
}

/**
 * Starts a server of its own: GRIDMAP_BIN over a new database in a
 * temporary directory (the sample town unless seed is false; with sample,
 * the data set gridmap sample -scale sample writes) on a free port, the
 * address its log names; returns {url, stop}, stop removing the directory
 * too. For tests that write what the shared server's other tests count
 * on, or need another data set. args are further flags.
 */
export async function ownServer(password, { seed = true, args = [], sample = '' } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridmap-own-'));
  if (sample) {
    const gen = spawn(process.env.GRIDMAP_BIN, ['sample', '-scale', sample, '-db', path.join(dir, 'own.db')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    gen.stderr.on('data', (d) => { stderr += d; });
    const status = await new Promise((resolve) => gen.once('exit', resolve));
    if (status !== 0) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`gridmap sample -scale ${sample} failed (${status}): ${stderr}`);
    }
  }
  const child = spawn(process.env.GRIDMAP_BIN, ['-addr', '127.0.0.1:0', '-db', path.join(dir, 'own.db'), `-seed=${seed}`, '-log-format', 'json', ...args],
    { env: { ...process.env, GRIDMAP_ADMIN_PASSWORD: password }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () => new Promise((resolve) => {
    const done = () => {
      fs.rmSync(dir, { recursive: true, force: true });
      resolve();
    };
    if (child.exitCode !== null) return done();
    child.once('exit', done);
    child.kill('SIGTERM');
  });
  const addr = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server of its own did not start')), 60000);
    child.once('exit', (code) => reject(new Error(`the server of its own exited (${code})`)));
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        try {
          const rec = JSON.parse(line);
          if (rec.msg === 'gridmap listening') {
            clearTimeout(timer);
            resolve(rec.addr);
          }
        } catch { /* not a log record */ }
      });
    }
  });
  return { url: `http://${addr}/`, stop };
}

/**
 * A receiver of webhook posts (a robot answering errcode 0) on a free local
 * port, its URL carrying key as the robot's key: {url, bodies, paths, close}
 * (paths: each post's path and query).
 */
export async function receiver({ key = 'test' } = {}) {
  const bodies = [];
  const paths = [];
  const srv = http.createServer((req, res) => {
    let b = '';
    req.on('data', (c) => { b += c; });
    req.on('end', () => {
      bodies.push(b);
      paths.push(req.url);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${srv.address().port}/cgi-bin/webhook/send?key=${key}`, bodies, paths, close: () => new Promise((r) => srv.close(r)) };
}

/** An API session on base: call(method, path, body) answers the parsed JSON and status. */
export async function apiSession(base, username, password) {
  const res = await fetch(new URL('api/auth/login', base), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
  assert.equal(res.status, 200, `API login as ${username}: ${res.status}`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await res.json();
  return async (method, p, body) => {
    const r = await fetch(new URL(p, base), { method, headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined });
    const text = await r.text();
    return { status: r.status, json: text ? JSON.parse(text) : null };
  };
}
