// Browser test of the working-day calendar (工作日历) against a running
// gridmap server: the admin marks a day 休, a reload shows it, the API
// answers it; a viewer has no calendar page and is refused the change. The
// test marks a day of 2027 and restores it, so that it runs on any
// database, any number of times.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, pw, openPage, login, shot, url, DESKTOP } from './helpers.mjs';

const DAY = '2027-03-03'; // a Wednesday: a working day unless marked

useBrowser();

/** Opens the calendar page on 2027; returns the button of DAY. */
async function open2027(page) {
  await page.goto(url('#/calendar'));
  await page.locator('#calendar-year').waitFor();
  const year = Number(await page.locator('#calendar-year').textContent());
  for (let y = year; y < 2027; y++) {
    const answer = page.waitForResponse((r) => r.url().includes('/api/calendar?year=') && r.status() === 200);
    await page.locator('#calendar-next').click();
    await answer;
  }
  assert.equal(await page.locator('#calendar-year').textContent(), '2027');
  const day = page.locator(`.cal-day[data-date="${DAY}"]`);
  await day.waitFor();
  return day;
}

/** Clicks day and waits for the server's 200. */
async function toggle(page, day) {
  const answer = page.waitForResponse((r) => r.url().endsWith(`/api/calendar/${DAY}`) && r.request().method() === 'PATCH');
  await day.click();
  assert.equal((await answer).status(), 200);
}

test('the admin marks a day 休, a reload shows it, and back', async () => {
  const { context, page, problems } = await openPage(browser, DESKTOP);
  try {
    await login(page, 'admin', pw.admin);
    assert.ok(await page.locator('#nav a[data-view="calendar"]').count() > 0, 'the admin has a calendar page');
    let day = await open2027(page);
    const before = await day.getAttribute('data-kind'); // '' on a fresh database
    const wasWorking = (await day.getAttribute('aria-pressed')) === 'false';
    await toggle(page, day);
    const want = wasWorking ? 'rest' : '';
    await page.waitForFunction(([d, k]) => document.querySelector(`.cal-day[data-date="${d}"]`).dataset.kind === k, [DAY, want]);
    await shot(page, 'calendar-marked.png');

    await page.reload();
    day = await open2027(page);
    assert.equal(await day.getAttribute('data-kind'), want, 'the mark after a reload');
    assert.equal(await day.getAttribute('aria-pressed'), wasWorking ? 'true' : 'false');
    if (want) assert.equal((await day.locator('.cal-mark').textContent()).trim(), '休');
    const days = await page.evaluate(async () => (await (await fetch('/api/calendar?year=2027')).json()).days);
    assert.equal(days.find((d) => d.date === DAY)?.kind ?? '', want, 'GET /api/calendar?year=2027');

    await toggle(page, day); // back as it was
    await page.waitForFunction(([d, k]) => document.querySelector(`.cal-day[data-date="${d}"]`).dataset.kind === k, [DAY, before]);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a viewer has no calendar page and may not change it', async () => {
  const { context, page, problems } = await openPage(browser, DESKTOP);
  try {
    const me = await login(page, 'viewer', pw.viewer);
    assert.equal(await page.locator('#nav a[data-view="calendar"]').count(), 0);
    page.allow(403, /\/api\/calendar\//);
    const status = await page.evaluate(async ([d, token]) => (await fetch(`/api/calendar/${d}`, {
      method: 'PATCH', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token }, body: '{"kind":"rest"}' })).status,
    [DAY, me.csrf_token]);
    assert.equal(status, 403);
    const read = await page.evaluate(async () => (await fetch('/api/calendar?year=2026')).status);
    assert.equal(read, 200, 'a viewer reads the calendar');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
