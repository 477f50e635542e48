// Browser test of cross-origin reads against a running gridmap server with
// the default -cors-origins (*): a web map on another origin loads the
// public data, preflighted requests included, and gets nothing personal and
// nothing with credentials.
//
//   GRIDMAP_URL=http://127.0.0.1:8080 node --test cors.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { browser, useBrowser, url } from './helpers.mjs';

// The other origin: a page served by this test on another port of the
// loopback address, so that every request from it to the server is a real
// cross-origin request (and no local-network one, which browsers guard apart).
let elsewhere;
let ELSEWHERE;
let page;

useBrowser(async () => {
  elsewhere = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>a web map</title>');
  });
  await new Promise((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  ELSEWHERE = `http://127.0.0.1:${elsewhere.address().port}/`;
  page = await (await browser.newContext()).newPage();
  await page.goto(ELSEWHERE);
}, async () => {
  if (elsewhere) elsewhere.close();
});

/** What the page at ELSEWHERE gets for a fetch: status and body, or the error when the browser refuses. */
function fetchElsewhere(target, init = {}) {
  return page.evaluate(async ([t, i]) => {
    try {
      const res = await fetch(t, i);
      return { status: res.status, body: await res.text(), etag: res.headers.get('ETag') };
    } catch (e) {
      return { error: String(e) };
    }
  }, [target, init]);
}

test('a page on another origin reads the public map data and OGC API', async () => {
  for (const p of ['api/cells', 'api/cells.topojson', 'api/units', 'api/town', 'api/config', 'ogc/collections', 'ogc/api']) {
    const r = await fetchElsewhere(url(p));
    assert.equal(r.status, 200, `GET ${p} from ${ELSEWHERE}: ${JSON.stringify(r).slice(0, 200)}`);
    assert.doesNotThrow(() => JSON.parse(r.body), `GET ${p} is not JSON`);
  }
  // If-None-Match is no safelisted header, so the browser sends a preflight first.
  const r = await fetchElsewhere(url('ogc/collections/cells/items?limit=2'), { headers: { 'If-None-Match': '"x"', 'Accept-Language': 'en' } });
  assert.equal(r.status, 200, `preflighted GET of cells: ${JSON.stringify(r).slice(0, 200)}`);
  assert.equal(JSON.parse(r.body).features.length, 2);
  assert.ok(r.etag, 'the ETag is exposed to the page');
});

test('a page on another origin gets nothing personal and nothing with credentials', async () => {
  for (const p of ['api/incidents', 'api/auth/me', 'ogc/collections/incidents/items']) {
    const r = await fetchElsewhere(url(p));
    assert.ok(r.error, `GET ${p} from ${ELSEWHERE} was readable: ${JSON.stringify(r).slice(0, 200)}`);
  }
  const token = await fetchElsewhere(url('ogc/collections/incidents/items'), { headers: { Authorization: 'Bearer not-a-token' } });
  assert.ok(token.error, `a bearer token was let through a preflight: ${JSON.stringify(token).slice(0, 200)}`);
  const creds = await fetchElsewhere(url('api/cells'), { credentials: 'include' });
  assert.ok(creds.error, `public data was shared with credentials: ${JSON.stringify(creds).slice(0, 200)}`);
});
