// Browser test of photos in the incident detail, against a running gridmap
// server that seeded the sample town: the village cadre files a report,
// opens it, uploads a small PNG and sees its thumbnail load, then picks a
// text file named .png, which the server refuses at the file field.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 [GRIDMAP_SCREENSHOTS=dir] node --test photos.test.mjs
//
// One login (cadre).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, useBrowser, pw, openPage, shot, login, CADRE_CELL as CELL, CADRE_POINT as POINT, PNG, DESKTOP } from './helpers.mjs';

useBrowser();

/** Waits for the answer to the photo upload of incident id while pick runs. */
async function uploaded(page, id, pick) {
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith(`/incidents/${id}/attachments`));
  await pick();
  return answer;
}

test('photos: the cadre uploads a photo and sees its thumbnail; a text file named .png is refused at the field', { timeout: 20000 }, async () => {
  const { context, page, problems } = await openPage(browser, DESKTOP, { allow: [{ status: 400, path: /\/api\/incidents\/\d+\/attachments$/ }] });
  await login(page, 'cadre', pw.cadre);
  await page.waitForURL(/#\/unit$/);
  const created = await page.evaluate(async (p) => {
    const me = await (await fetch('api/auth/me')).json();
    const res = await fetch('api/incidents', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token, 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ ...p, type: '邻里纠纷', source: '群众来访', summary: `浏览器测试：照片 ${Date.now()}`, parties: ['王某', '赵某'], description: '围墙倒塌，现场拍照。' }),
    });
    return { status: res.status, body: await res.json() };
  }, POINT);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.cell, CELL);
  const id = String(created.body.id);

  // After a reload that lists it, the detail has a 照片 section with no photos yet and the upload.
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  const row = page.locator(`#dock-incidents [data-incident="${id}"]`);
  await row.locator('.row-toggle').click();
  const form = row.locator('.photo-form');
  await form.waitFor();
  assert.equal(await row.locator('.photos').count(), 0, 'no photos yet');
  const input = form.locator('input[type="file"][name="file"]');
  assert.equal(await input.getAttribute('accept'), 'image/jpeg,image/png,image/webp');
  assert.equal(await input.getAttribute('capture'), 'environment');

  // A PNG: 201, and its thumbnail appears with its name and loads.
  const ok = await uploaded(page, id, () => input.setInputFiles({ name: '围墙.png', mimeType: 'image/png', buffer: PNG }));
  assert.equal(ok.status(), 201);
  const photo = row.locator(`.photos .photo[data-attachment="${(await ok.json()).id}"]`);
  await photo.waitFor();
  assert.equal(await photo.locator('.photo-name').textContent(), '围墙.png');
  const img = photo.locator('img.photo-thumb');
  await page.waitForFunction((sel) => { const el = document.querySelector(sel); return el && el.complete && el.naturalWidth > 0; },
    `#dock-incidents [data-incident="${id}"] .photo img.photo-thumb`);
  assert.equal(await img.evaluate((el) => el.naturalWidth), 16);
  assert.match(await photo.locator('a').getAttribute('href'), /^api\/attachments\/\d+$/);
  assert.equal(await photo.locator('a').getAttribute('target'), '_blank');

  // A text file named .png: the server sniffs it and refuses it at the file field.
  const bad = await uploaded(page, id, () => row.locator('.photo-form input[type="file"]').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not a photo, just text\n') }));
  assert.equal(bad.status(), 400);
  assert.equal((await bad.json()).error.field, 'file');
  const error = row.locator('.photo-form [data-for="file"] .field-error');
  await error.waitFor();
  assert.match(await error.textContent(), /JPEG、PNG 或 WebP.*text\/plain/); // the server's words, in the app's language
  assert.equal(await row.locator('.photos .photo').count(), 1, 'still one photo');
  await row.locator('.photos').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await shot(page, 'photos.png');
  assert.deepEqual(problems(), []);
  await context.close();
});
