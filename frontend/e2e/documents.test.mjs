// Browser test of the case file (卷宗, issue 14, "Mediation documents"),
// against a running gridmap server that seeded the sample town: the
// village cadre's case in mediation, with an agreement reached 25 days ago, shows its
// checklist in the incident detail (the 回访 record missing), flags the
// 司法确认 window (5 days left), and opens the 人民调解协议书 in a new tab,
// which renders under its own CSP and prints to an A4 PDF: its text, read
// back from the PDF by pdf.js, has the title, the number, the parties, the
// agreed terms and the amount, on one A4 page, none of it cut at an edge.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 node --test documents.test.mjs
//
// One login (cadre).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { browser, useBrowser, pw, openPage, login, CADRE_POINT as POINT, CADRE_CELL, DESKTOP, shot } from './helpers.mjs';

const pdfjsDir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/**
 * The text of a PDF as pdf.js reads it (CJK included, through the fonts'
 * ToUnicode maps, radicals folded): per page its text (white space left
 * out), its runs of text with their boxes in points from the bottom left,
 * its lines' text, and its size; size is the first page's.
 */
async function pdfText(bytes) {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), cMapUrl: path.join(pdfjsDir, 'cmaps') + '/', cMapPacked: true,
    standardFontDataUrl: path.join(pdfjsDir, 'standard_fonts') + '/', useSystemFonts: false, isEvalSupported: false }).promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [x0, y0, x1, y1] = page.view;
    const content = await page.getTextContent();
    const items = content.items.map((i) => ({ str: fold(i.str), x: i.transform[4] - x0, y: i.transform[5] - y0, width: i.width, height: i.height }));
    // The lines: the runs of one baseline, left to right, top to bottom.
    const rows = new Map();
    for (const i of items.filter((x) => x.str.trim())) {
      const y = [...rows.keys()].find((k) => Math.abs(k - i.y) < 1) ?? i.y;
      rows.set(y, [...(rows.get(y) || []), i]);
    }
    const lines = [...rows.entries()].sort((a, b) => b[0] - a[0]).map(([, r]) => r.sort((a, b) => a.x - b.x).map((i) => i.str).join('').replace(/\s+/g, ''));
    pages.push({ text: items.map((i) => i.str).join('').replace(/\s+/g, ''), items, lines, width: x1 - x0, height: y1 - y0 });
  }
  await doc.destroy();
  return { pages, size: [pages[0].width, pages[0].height] };
}

// Chromium's PDF maps a glyph that a CJK radical shares with an ideograph
// (人 and ⼈, 民 and ⺠) back to the radical: its ToUnicode names the lowest
// code point of the glyph. Radicals of the Kangxi block fold to their
// ideograph by NFKC, but for those whose Simplified Chinese form differs;
// those and the radicals supplement's by this table.
const RADICALS = new Map(Object.entries({ '⼾': '户', '⺠': '民', '⻰': '龙', '⻔': '门', '⻅': '见', '⻋': '车', '⻓': '长', '⻚': '页',
  '⻛': '风', '⻜': '飞', '⻢': '马', '⻥': '鱼', '⻦': '鸟', '⻬': '齐', '⻘': '青', '⻄': '西', '⻆': '角', '⻩': '黄', '⻳': '龟', '⻤': '鬼',
  '⻣': '骨', '⻙': '韦', '⺟': '母' }));

/** s with the radicals folded to their ideographs; it throws on a radical it cannot fold, naming it. */
function fold(s) {
  return [...s].map((c) => {
    if (RADICALS.has(c)) return RADICALS.get(c);
    if (c >= '\u2F00' && c <= '\u2FDF') return c.normalize('NFKC');
    if (c >= '\u2E80' && c <= '\u2EFF') throw new Error(`the PDF's text has the radical ${c} (U+${c.codePointAt(0).toString(16)}): add it to RADICALS`);
    return c;
  }).join('');
}

useBrowser();

// The agreed terms, a clause a line; the last is long enough to wrap.
const TERMS = ['一、孙某于三日内疏通两户之间的排水沟，此后每年汛期前清理一次。', '二、钱某不再追究孙某此前排水沟堵塞造成的损失。',
  '三、孙某一次性补偿钱某院坝积水造成的财物损失人民币1200.50元，于本协议签订之日当场付清，双方就此纠纷再无其他争议。'];

test('卷宗: the checklist, the 司法确认 reminder, and an agreement printed to A4', { timeout: 60000 }, async (t) => {
  const { context, page, problems } = await openPage(browser, DESKTOP);
  await login(page, 'cadre', pw.cadre);
  await page.waitForURL(/#\/unit$/);
  const agreed = new Date(Date.now() - 25 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const id = await page.evaluate(async ({ p, cell, agreed, terms }) => {
    const send = window.e2eSend;
    const { mediators } = await (await fetch(`api/mediators?cell=${cell}`)).json();
    const created = await send('api/incidents', { ...p, type: '邻里纠纷', source: '群众来访', summary: `浏览器测试：卷宗 ${Date.now()}`,
      description: '两户因排水沟堵塞发生争执', parties: ['钱某', '孙某'] });
    const n = created.id;
    for (const to of ['accepted', 'mediating']) await send(`api/incidents/${n}/transitions`, { to });
    await send(`api/incidents/${n}/mediation`, { mediators: [mediators[0].id], at: agreed, outcome: 'agreement',
      agreement_text: terms.join('\n'), agreement_ref: '安调协〔2026〕E2E号', amount_agreed: 1200.5 });
    return String(n);
  }, { p: POINT, cell: CADRE_CELL, agreed, terms: TERMS });
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
  assert.equal(await doc.locator('[data-field="agreement"]').textContent(), TERMS.join('\n'));
  assert.equal(await doc.locator('[data-field="amount"]').textContent(), '协议涉及金额：人民币 1200.50 元');
  assert.match(await doc.locator('[data-field="confirmation"]').textContent(), /三十日内共同向人民法院申请司法确认/);
  // The print style sheet applies: its fonts are serif, and the screen-only note is hidden in print.
  assert.match(await doc.evaluate(() => getComputedStyle(document.body).fontFamily), /SimSun|Noto Serif CJK/);
  await doc.emulateMedia({ media: 'print' });
  assert.equal(await doc.locator('.screen-only').isVisible(), false, 'the screen-only note prints');
  const t0 = Date.now();
  const pdf = await doc.pdf({ format: 'A4', preferCSSPageSize: true });
  t.diagnostic(`agreement PDF in ${Date.now() - t0} ms, ${pdf.length} bytes`);
  const { pages, size } = await pdfText(pdf);
  t.diagnostic(`agreement PDF: ${pages.length} pages of ${size.map(Math.round).join('×')} pt`);
  assert.ok(Math.abs(size[0] - 595.3) < 2 && Math.abs(size[1] - 841.9) < 2, `page ${size.join('×')} pt; want A4 (595×842)`);
  // At 14 pt with GB/T 9704 margins, the parties, facts and terms (with the
  // amount and the two legal notes) fill page 1; the signatures, the seal
  // and the 司法确认 note go whole to page 2.
  assert.equal(pages.length, 2, 'the agreement prints on two A4 pages');
  assert.ok(pages[0].text.endsWith('第三十一条）。') && pages[1].text.startsWith('当事人（签名盖章或按指印）'),
    `page 1 ends with the terms' notes, page 2 starts with the signatures:\n${pages.map((p) => p.text).join('\n')}`);
  const all = pages.map((p) => p.text).join('');
  for (const want of ['人民调解协议书', '编号：安调协〔2026〕E2E号', '钱某', '孙某', ...TERMS, '协议涉及金额：人民币1200.50元', '申请期限至2026年']) {
    assert.ok(all.includes(want.replace(/\s+/g, '')), `the PDF's text lacks ${want}:\n${all}`);
  }
  // Nothing cut: every run of text lies inside the page's printable area
  // (the @page margins, 37 26 35 28 mm), the last line of the terms too.
  const mm = 72 / 25.4;
  for (const [n, p] of pages.entries()) {
    for (const i of p.items.filter((x) => x.str.trim())) {
      const inside = i.x >= 28 * mm - 1 && i.x + i.width <= p.width - 26 * mm + 1 && i.y >= 35 * mm - 1 && i.y + i.height <= p.height - 37 * mm + 1;
      assert.ok(inside, `page ${n + 1}: text outside the printable area, cut: ${JSON.stringify(i)}`);
    }
  }
  const terms = pages[0].lines.findIndex((l) => l.startsWith(TERMS.at(-1).slice(0, 6)));
  const end = pages[0].lines.findIndex((l, k) => k >= terms && l.endsWith('其他争议。'));
  assert.ok(terms >= 0 && end > terms, `the last clause wraps, and its last line is on page 1, whole:\n${pages[0].lines.join('\n')}`);
  assert.deepEqual(complaints, [], 'the document page logged errors (a CSP refusal of its style sheet?)');
  await doc.close();
  assert.deepEqual(problems(), []);
  await context.close();
});
