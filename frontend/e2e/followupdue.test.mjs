// 回访 due and the 回访 shares (issue 14), against a running gridmap server
// that seeded the sample town: the overdue scan, which runs as the server
// starts, rings the village cadre's bell with "回访到期" for the sample's
// resolved cases past 15 working days without a passed 回访; after the
// cadre resolves a case and records a passed 回访 of it, the leader's
// 全镇概况 shows the satisfaction (满意/基本满意/不满意) and performance
// (已履行/部分履行/未履行) shares that /api/stats gives, in Chinese.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 node --test followupdue.test.mjs
//
// Two logins (cadre, leader).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, login, accounts, fetchFromPage, CADRE_POINT as POINT, DESKTOP } from './helpers.mjs';

test('回访 due rings the cadre\'s bell; a passed 回访 shows in the leader\'s shares', { timeout: 60000 }, async () => {
  const pw = accounts();
  const browser = await launch();
  try {
    await followupDue(browser, pw);
  } finally {
    await browser.close();
  }
});

/** The test's steps in browser, with the demo accounts' passwords pw. */
async function followupDue(browser, pw) {
  const cadre = await openPage(browser, DESKTOP);
  await login(cadre.page, 'cadre', pw.cadre);
  await cadre.page.waitForURL(/#\/unit$/);

  // The bell: the scan's 回访-due notices of the unit's resolved cases, in words.
  await cadre.page.locator('#bell-count').waitFor({ state: 'visible' });
  await cadre.page.locator('#bell').click();
  const due = cadre.page.locator('#bell-list .bell-item', { hasText: '回访到期' }).first();
  await due.waitFor();
  assert.match(await due.textContent(), /回访到期 · 已化解/);
  assert.doesNotMatch(await cadre.page.locator('#bell-list').textContent(), /notify\.kind|undefined/);
  const inbox = await fetchFromPage(cadre.page, 'api/notifications?limit=100');
  const notice = inbox.items.find((n) => n.kind === 'followup_due');
  assert.ok(notice, 'a followup_due notification in the cadre\'s inbox');
  const resolvedCase = await fetchFromPage(cadre.page, `api/incidents/${notice.incident_id}`);
  assert.equal(resolvedCase.status, 'resolved');
  assert.equal(resolvedCase.overdue, true, 'the case is overdue for its 回访');

  // A case of the cadre's unit carried to 化解, then a passed 回访 (through the API, with the page's session).
  const id = await cadre.page.evaluate(async (p) => {
    const me = await (await fetch('api/auth/me')).json();
    const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token };
    const post = async (path, body, extra = {}) => {
      const res = await fetch(path, { method: 'POST', headers: { ...headers, ...extra }, body: JSON.stringify(body) });
      const out = await res.json();
      if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(out)}`);
      return out;
    };
    let inc = await post('api/incidents', { ...p, type: '邻里纠纷', source: '群众来访', summary: `浏览器测试：回访 ${Date.now()}`, parties: ['钱某'] },
      { 'Idempotency-Key': crypto.randomUUID() });
    for (const to of ['accepted', 'mediating', 'resolved']) inc = await post(`api/incidents/${inc.id}/transitions`, { to, version: inc.version });
    await post(`api/incidents/${inc.id}/followups`, { method: 'visit', reached: true, performed: 'yes', satisfaction: 'satisfied', version: inc.version });
    return inc.id;
  }, POINT);
  const after = await fetchFromPage(cadre.page, `api/incidents/${id}`);
  assert.equal(after.overdue, false);
  assert.equal(after.due_at, null, 'a passed 回访 ends the 回访 deadline');
  assert.deepEqual(cadre.problems(), []);
  await cadre.context.close();

  // The leader's overview: the shares as /api/stats gives them, as percentages.
  const leader = await openPage(browser, DESKTOP);
  await login(leader.page, 'leader', pw.leader);
  await leader.page.waitForURL(/#\/overview$/);
  const sat = leader.page.locator('#stats [data-shares="satisfaction"]');
  await sat.waitFor();
  assert.match(await sat.locator('h4').textContent(), /回访满意度/);
  const { stats } = await fetchFromPage(leader.page, 'api/stats');
  assert.ok(stats.followups.reached >= 1, `followups ${JSON.stringify(stats.followups)}`);
  const pct = (x) => `${Math.round(x * 100)}%`;
  for (const [group, code, label] of [['satisfaction', 'satisfied', '满意'], ['satisfaction', 'dissatisfied', '不满意'],
    ['performance', 'yes', '已履行'], ['performance', 'no', '未履行']]) {
    const box = leader.page.locator(`#stats .total-${group}-${code}`);
    assert.equal(await box.locator('dt').textContent(), label);
    assert.equal(await box.locator(`[data-stat="${group}-${code}"]`).textContent(), pct(stats.followups[`${group}_shares`][code]));
  }
  assert.match(await leader.page.locator('#stats [data-shares="performance"] h4').textContent(), /协议履行情况/);
  assert.equal(await leader.page.locator('#stats [data-stat="followup-overdue"]').textContent(), stats.followup_overdue.toLocaleString('zh-CN'));
  assert.match(await leader.page.locator('#stats .stats-followups').textContent(), new RegExp(`回访联系上当事人 ${stats.followups.reached} 次`));
  assert.deepEqual(leader.problems(), []);
  await leader.context.close();
}
