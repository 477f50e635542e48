// 案件列表 (issue 14, work lists), against a running gridmap server that
// seeded the sample town: the leader's 全镇概况 counts (未办结, 超期, 回访超期,
// by type, by unit) each open the work list filtered to what they count,
// and the list's total is the count; filters come from the URL hash and go
// back into it (back and forward step through them); a transition made from
// the list updates the list's count and the overview's without a reload.
// A village cadre's list (on a phone, 390×844) is their unit's only, a unit
// of another village refused; a closed case offers only a quiet 重新办理 that
// asks for a reason before it reopens the case. A mediator's 我的案件 keeps
// its filter (未办结, 全部) in the hash too: back, forward and a reload
// restore it.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 node --test worklist.test.mjs
//
// Three logins (leader, cadre, mediator). It moves two cases of the sample.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, login, accounts, fetchFromPage, shot, DESKTOP, goView } from './helpers.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, reducedMotion: 'reduce' };

/** A count as the page writes it (1,234) as a number. */
const count = (s) => Number(String(s).replace(/[^\d]/g, ''));

/** The work list's total once it has loaded ("共 N 条"). */
async function listTotal(page) {
  const box = page.locator('#worklist-count');
  await page.waitForFunction(() => /\d/.test((document.querySelector('#worklist-count') || {}).textContent || '')
    && !document.querySelector('#worklist-list .muted:only-child')?.textContent.includes('加载'));
  return count(await box.textContent());
}

/** The API's total for the list the hash names, with the page's session. */
async function apiTotal(page) {
  const q = new URL(page.url()).hash.replace(/^#\/cases\??/, '');
  return (await fetchFromPage(page, `api/incidents?limit=1${q ? '&' + q : ''}`)).total;
}

test('the leader\'s counts open lists that agree; filters live in the hash; an action updates both', { timeout: 120000 }, async () => {
  const pw = accounts();
  const browser = await launch();
  try {
    const { context, page, problems } = await openPage(browser, DESKTOP);
    await login(page, 'leader', pw.leader);
    await page.waitForURL(/#\/overview$/);
    await page.locator('[data-stat="overdue"] a').waitFor();

    // Each count, its link, and the list it opens.
    const links = [
      ['[data-stat="open"] a', /#\/cases\?status=open$/],
      ['[data-stat="overdue"] a', /#\/cases\?status=open&overdue=true$/],
      ['[data-stat="followup-overdue"] a', /#\/cases\?status=resolved&overdue=true$/],
      ['[data-shares="types"] [data-stat="type"] a', /#\/cases\?type=/],
      ['#unit-table tbody tr:nth-child(2) td:last-child a', /#\/cases\?status=open&unit=\d{12}$/],
    ];
    // Other tests may move a case of the same town meanwhile: a count and its list that differ are read again, up to three times.
    for (const [sel, hash] of links) {
      let seen = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const link = page.locator(sel).first();
        const n = count(await link.textContent());
        await link.click();
        await page.waitForURL(hash);
        const total = await listTotal(page);
        const api = await apiTotal(page);
        seen.push(`count ${n}, list ${total}, API ${api} (${page.url()})`);
        if (n > 0 && total > 0) assert.ok(await page.locator('#worklist-list li.incident').count() > 0, `${sel}: rows listed`);
        await page.goBack();
        await page.waitForURL(/#\/overview$/);
        await page.locator('[data-stat="overdue"] a').waitFor();
        if (total === n && api === n) {
          seen = null;
          break;
        }
      }
      assert.equal(seen, null, `${sel}: the list's total is the count: ${seen && seen.join('; ')}`);
    }
    assert.ok(count(await page.locator('[data-stat="overdue"]').textContent()) > 0, 'the sample town has overdue cases');

    // Filters from the URL: the form shows them, the list is theirs.
    await page.goto(page.url().replace(/#.*$/, '') + '#/cases?status=mediating&type=' + encodeURIComponent('邻里纠纷'));
    const mediating = await listTotal(page);
    assert.equal(await page.locator('#worklist-status').inputValue(), 'mediating');
    assert.equal(await page.locator('#worklist-type').inputValue(), '邻里纠纷');
    assert.equal(mediating, await apiTotal(page));
    for (const s of await page.locator('#worklist-list [data-status]').allTextContents()) assert.equal(s, '调解中');
    // A filter set on the page goes into the hash; back and forward step through it.
    await page.locator('#worklist-overdue').check();
    await page.waitForURL(/overdue=true/);
    const overdueMediating = await listTotal(page);
    assert.equal(overdueMediating, await apiTotal(page));
    assert.ok(overdueMediating <= mediating);
    await page.goBack();
    await page.waitForURL((u) => !/overdue/.test(u.hash) && /status=mediating/.test(u.hash));
    assert.equal(await listTotal(page), mediating);
    assert.equal(await page.locator('#worklist-overdue').isChecked(), false);
    await page.goForward();
    await page.waitForURL(/overdue=true/);
    assert.equal(await listTotal(page), overdueMediating);
    await shot(page, 'worklist-leader-desktop.png');

    // An action from the list: the leader resolves a case in mediation; the list's count and the overview's follow.
    await page.locator('#worklist-status').selectOption('mediating');
    await page.locator('#worklist-type').selectOption('');
    await page.locator('#worklist-overdue').uncheck();
    await page.waitForURL((u) => u.hash === '#/cases?status=mediating');
    await listTotal(page);
    const row = page.locator('#worklist-list li.incident').first();
    const id = await row.getAttribute('data-incident');
    await row.locator('.row-toggle').click();
    await row.locator('[data-field="due"]').waitFor();
    const resolve = row.locator('button[data-to="resolved"]');
    await resolve.click();
    await row.locator('[data-flash="ok"]').waitFor();
    // The list's count follows in place (the row stays, its badge 已化解), as GET /api/incidents counts now.
    const agrees = async (sel, query) => {
      for (let i = 0; i < 20; i++) {
        const shown = await page.locator(sel).textContent();
        const now = (await fetchFromPage(page, `api/incidents?limit=1&${query}`)).total;
        if (/\d/.test(shown) && count(shown) === now) return true;
        await page.waitForTimeout(250);
      }
      return false;
    };
    assert.ok(await agrees('#worklist-count', 'status=mediating'), 'the list\'s count after the action');
    assert.equal(await row.locator('[data-status]').first().textContent(), '已化解');
    await page.evaluate(() => { location.hash = '#/overview'; }); // no reload
    await page.waitForURL(/#\/overview$/);
    // The overview's 未办结, loaded afresh, is the town's open total.
    await page.locator('[data-stat="open"] a').waitFor();
    assert.ok(await agrees('[data-stat="open"]', 'status=open'), 'the overview\'s 未办结 is the open total after the action');
    assert.equal((await fetchFromPage(page, `api/incidents/${id}`)).status, 'resolved');
    assert.deepEqual(problems(), []);
    await context.close();
  } finally {
    await browser.close();
  }
});

test('a cadre\'s list on a phone is the unit\'s; a closed case reopens only quietly, with a reason', { timeout: 120000 }, async () => {
  const pw = accounts();
  const browser = await launch();
  try {
    const { context, page, problems } = await openPage(browser, PHONE, { allow: [{ status: 403, path: /\/api\/incidents$/ }] });
    await login(page, 'cadre', pw.cadre, { tap: true });
    await page.waitForURL(/#\/unit$/);
    const me = await fetchFromPage(page, 'api/auth/me');
    const unit = me.scope.unit_code;
    // The dock's 未办结 opens the unit's open cases: the same number.
    const open = page.locator('[data-total="open"] a');
    await open.waitFor();
    const n = count(await open.textContent());
    await open.tap();
    await page.waitForURL(/#\/cases\?status=open$/);
    assert.equal(await listTotal(page), n);
    assert.equal(await page.locator('#worklist-unit').count(), 0, 'a cadre has no unit filter');
    for (const c of await page.locator('#worklist-cell option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean))) {
      assert.ok(c.startsWith(unit), `cell ${c} of the cadre's unit ${unit}`);
    }
    await shot(page, 'worklist-cadre-phone.png');

    // Another village's cases are refused, said on the page.
    const units = (await fetchFromPage(page, 'api/units')).features.map((f) => f.properties.code);
    const other = units.find((u) => u !== unit);
    await page.goto(page.url().replace(/#.*$/, '') + '#/cases?unit=' + other);
    await page.locator('#worklist-list .notice').waitFor();

    // A closed case: no 开始调解, a quiet 重新办理 that wants a reason.
    await page.goto(page.url().replace(/#.*$/, '') + '#/cases?status=closed');
    assert.ok(await listTotal(page) > 0, 'the unit has closed cases');
    const row = page.locator('#worklist-list li.incident').first();
    const id = await row.getAttribute('data-incident');
    await row.locator('.row-toggle').tap();
    const reopen = row.locator('button[data-action="reopen"]');
    await reopen.waitFor();
    assert.equal(await row.locator('button[data-to="mediating"]').count(), 0, 'no prominent 开始调解 on a closed case');
    assert.match(await reopen.getAttribute('class'), /button-quiet/);
    await reopen.tap();
    await row.locator('button[data-action="reopen-confirm"]').tap();
    await row.locator('.reopen-confirm .field-error:not([hidden])').waitFor();
    assert.equal((await fetchFromPage(page, `api/incidents/${id}`)).status, 'closed', 'nothing sent without a reason');
    await row.locator('textarea[name="reopen-reason"]').fill('当事人反映协议未履行，重新调解');
    await row.locator('button[data-action="reopen-confirm"]').tap();
    await row.locator('[data-flash="ok"]').waitFor();
    const after = await fetchFromPage(page, `api/incidents/${id}`);
    assert.equal(after.status, 'mediating');
    const events = (await fetchFromPage(page, `api/incidents/${id}/events`)).events;
    assert.equal(events.at(-1).note, '当事人反映协议未履行，重新调解');
    await row.locator('[data-field="due"]').waitFor();
    // Each stage's deadline on the timeline: the reopened stage's is the case's.
    const dues = await row.locator('.timeline-item[data-to="mediating"] .timeline-due').allTextContents();
    assert.ok(dues.length > 0 && dues.every((d) => /^本阶段期限 /.test(d)), `stage deadlines on the timeline: ${dues}`);
    assert.equal((await row.locator('.timeline-item[data-to="mediating"] [data-due]').last().getAttribute('data-due')), after.due_at);
    assert.deepEqual(problems(), []);
    await context.close();
  } finally {
    await browser.close();
  }
});

test('a mediator\'s 我的案件 keeps its filter in the hash: back, forward and a reload restore it', { timeout: 120000 }, async () => {
  const pw = accounts();
  const browser = await launch();
  try {
    const { context, page, problems } = await openPage(browser, DESKTOP);
    await login(page, 'mediator', pw.mediator);
    await goView(page, 'cases');
    await page.waitForURL(/#\/cases$/);
    const open = (await fetchFromPage(page, 'api/incidents?status=open&limit=1')).total;
    const all = (await fetchFromPage(page, 'api/incidents?limit=1')).total;
    assert.ok(all > open && open > 0, `the demo mediator has open cases and closed ones (${open} of ${all})`);
    const seg = (name) => page.locator('.segments .segment', { hasText: name });
    /** Waits for the page to show filter name pressed and total cases. */
    const shows = async (name, total) => {
      await page.waitForFunction(({ n, want }) => {
        const pressed = [...document.querySelectorAll('.segments .segment[aria-pressed="true"]')].map((b) => b.textContent);
        const c = document.querySelector('#cases-count');
        return pressed.length === 1 && pressed[0] === n && c && Number(c.textContent.replace(/[^\d]/g, '')) === want;
      }, { n: name, want: total });
      assert.equal(await page.locator('#page-title').textContent(), '我的案件');
    };
    await shows('未办结', open);
    await seg('全部').click();
    await page.waitForURL(/#\/cases\?status=all$/);
    await shows('全部', all);
    await page.goBack();
    await page.waitForURL(/#\/cases$/);
    await shows('未办结', open);
    await page.goForward();
    await page.waitForURL(/#\/cases\?status=all$/);
    await shows('全部', all);
    await page.reload();
    await page.waitForSelector('body[data-state="ready"]');
    assert.match(page.url(), /#\/cases\?status=all$/);
    await shows('全部', all);
    // After the reload the list's rows are there, not only its count.
    await page.locator('#cases-list li[data-incident]').first().waitFor();
    assert.deepEqual(problems(), []);
    await context.close();
  } finally {
    await browser.close();
  }
});
