// Browser test of the case file (卷宗, issue 14, "Mediation documents"),
// against a running gridmap server that seeded the sample town: the
// village cadre's case in mediation, with an agreement reached 25 days ago, shows its
// checklist in the incident detail (the 回访 record missing), flags the
// 司法确认 window (5 days left), and opens the 人民调解协议书 in a new tab,
// which renders under its own CSP and prints to an A4 PDF.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 node --test documents.test.mjs
//
// One login (cadre).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, pw, openPage, login, CADRE_POINT as POINT, CADRE_CELL, DESKTOP, shot } from './helpers.mjs';

useBrowser();

test('卷宗: the checklist, the 司法确认 reminder, and an agreement printed to A4', { timeout: 60000 }, async (t) => {
  const { context, page, problems } = await openPage(browser, DESKTOP);
  await login(page, 'cadre', pw.cadre);
  await page.waitForURL(/#\/unit$/);
  const agreed = new Date(Date.now() - 25 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const id = await page.evaluate(async ({ p, cell, agreed }) => {
    const me = await (await fetch('api/auth/me')).json();
    const send = async (path, body) => {
      const res = await fetch(path, {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token, 'Idempotency-Key': crypto.randomUUID() },
        body: JSON.stringify(body),
      });
      const out = await res.json();
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(out)}`);
      return out;
    };
    const { mediators } = await (await fetch(`api/mediators?cell=${cell}`)).json();
    const created = await send('api/incidents', { ...p, type: '邻里纠纷', source: '群众来访', summary: `浏览器测试：卷宗 ${Date.now()}`,
      description: '两户因排水沟堵塞发生争执', parties: ['钱某', '孙某'] });
    const n = created.id;
    for (const to of ['accepted', 'mediating']) await send(`api/incidents/${n}/transitions`, { to });
    await send(`api/incidents/${n}/mediation`, { mediators: [mediators[0].id], at: agreed, outcome: 'agreement',
      agreement_text: '孙某三日内疏通排水沟，钱某不再追究', agreement_ref: '安调协〔2026〕E2E号' });
    return String(n);
  }, { p: POINT, cell: CADRE_CELL, agreed });
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  const row = page.locator(`#dock-incidents [data-incident="${id}"]`);
  await row.waitFor();
  await row.locator('.row-toggle').click();
  const list = row.locator(`#incident-${id}-documents`);
  await list.waitFor();

  // The checklist, in Chinese: all but the 回访 record present; the window flagged.
  const items = await list.locator('.document').evaluateAll((els) => els.map((e) => `${e.dataset.kind}:${e.dataset.present}`));
  assert.deepEqual(items, ['application:true', 'notice:true', 'record:true', 'agreement:true', 'followup:false']);
  assert.equal(await list.locator('[data-kind="followup"] [data-missing]').textContent(), '缺：尚未回访');
  assert.equal(await list.locator('[data-kind="followup"] a').count(), 0, 'no link to a missing document');
  const window = row.locator('.confirmation-window');
  assert.equal(await window.getAttribute('data-window'), 'closing');
  assert.match(await window.textContent(), /司法确认申请期限将至.*仅剩 5 天/);
  await list.scrollIntoViewIfNeeded();
  await shot(page, 'documents-checklist.png');

  // The agreement opens in a new tab, renders without a CSP complaint, and prints to A4.
  const link = list.locator('[data-kind="agreement"] a');
  assert.equal(await link.textContent(), '人民调解协议书');
  assert.equal(await link.getAttribute('target'), '_blank');
  const [doc] = await Promise.all([context.waitForEvent('page'), link.click()]);
  const complaints = [];
  doc.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') complaints.push(m.text()); });
  await doc.waitForLoadState('load');
  assert.equal(await doc.locator('h1').textContent(), '人民调解协议书');
  assert.match(await doc.locator('.number').textContent(), /安调协〔2026〕E2E号/);
  assert.match(await doc.locator('[data-field="agreement"]').textContent(), /孙某三日内疏通排水沟/);
  assert.match(await doc.locator('[data-field="confirmation"]').textContent(), /三十日内共同向人民法院申请司法确认/);
  // The print style sheet applies: its fonts are serif, and the screen-only note is hidden in print.
  assert.match(await doc.evaluate(() => getComputedStyle(document.body).fontFamily), /SimSun|Noto Serif CJK/);
  await doc.emulateMedia({ media: 'print' });
  assert.equal(await doc.locator('.screen-only').isVisible(), false, 'the screen-only note prints');
  const t0 = Date.now();
  const pdf = await doc.pdf({ format: 'A4', preferCSSPageSize: true });
  t.diagnostic(`agreement PDF in ${Date.now() - t0} ms, ${pdf.length} bytes`);
  const text = pdf.toString('latin1');
  assert.ok(text.startsWith('%PDF-'), 'not a PDF');
  const pages = (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
  assert.ok(pages >= 1 && pages <= 2, `the agreement prints on ${pages} pages; want 1 or 2`);
  const box = text.match(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/);
  assert.ok(box, 'no MediaBox in the PDF');
  assert.ok(Math.abs(Number(box[1]) - 595.3) < 2 && Math.abs(Number(box[2]) - 841.9) < 2, `page ${box[1]}×${box[2]} pt; want A4 (595×842)`);
  assert.deepEqual(complaints, [], 'the document page logged errors (a CSP refusal of its style sheet?)');
  await doc.close();
  assert.deepEqual(problems(), []);
  await context.close();
});
