// A grid worker's own data kept on the phone, so that the cell panel and
// the search box work in the hills without a network: the residents of the
// worker's cells and their open incidents, exactly as the API gave them to
// this worker (the same fields, masked where the API masks them), with the
// session's /api/auth/me answer (without its CSRF token) so that the app
// knows who it is for when it opens offline.
//
// It lives in IndexedDB, not the Cache API: these are records the app
// reads by cell and searches by name, not HTTP answers; the service
// worker, which keeps only public data in its caches, never sees them; and
// one transaction replaces the whole set at once, so that a half-finished
// download never mixes with an older one.
//
// The set is cleared at logout, when the session ends or belongs to
// another user, and dropped once it has gone offline_days (/api/config)
// without contact with the server.

import { api } from './api.js';

const DB = 'gridmap-field';
const STORE = 'worker';
const KEY = 'me';
const DAY = 24 * 3600 * 1000;
const DEFAULT_DAYS = 7;
const PAGE = 1000; // the API's largest page

let held = null; // the record in memory, or null

function openDB() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Runs fn(store) in a transaction of mode and resolves with its request's result once committed. */
async function withStore(mode, fn) {
  const db = await openDB();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = fn(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req && req.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** Whether a record has gone its allowed days without contact with the server. */
function expired(rec, now = Date.now()) {
  const days = rec.offline_days > 0 ? rec.offline_days : DEFAULT_DAYS;
  return !(rec.synced_at <= now) || now - rec.synced_at > days * DAY;
}

/**
 * The kept record ({me, cells, residents, incidents, synced_at,
 * offline_days}), or null when there is none or it has expired (then it
 * is deleted).
 */
export async function load() {
  let rec = null;
  try {
    rec = (await withStore('readonly', (s) => s.get(KEY))) || null;
  } catch {
    return null; // no IndexedDB (a private window, say): nothing kept
  }
  if (rec && expired(rec)) {
    await clear();
    rec = null;
  }
  held = rec;
  return rec;
}

/** The record loaded or saved last, unless it has expired since. */
export function kept() {
  if (held && expired(held)) {
    clear();
    return null;
  }
  return held;
}

/** Deletes everything kept. */
export async function clear() {
  held = null;
  try {
    await withStore('readwrite', (s) => s.clear());
  } catch { /* no IndexedDB: nothing was kept */ }
}

/**
 * Clears what is kept unless it is this session's user's and their role
 * keeps data: at every login, logout, expiry or start with the network.
 */
export async function keepOnlyFor(me) {
  const keep = keepsData(me) ? me.user.id : null;
  if (held && held.me.user.id !== keep) held = null;
  try {
    await withStore('readwrite', (s) => {
      const req = s.get(KEY);
      req.onsuccess = () => {
        if (req.result && req.result.me.user.id !== keep) s.delete(KEY);
      };
      return null;
    });
  } catch { /* no IndexedDB: nothing was kept */ }
}

/** Whether this user's role keeps data on the phone. */
export function keepsData(me) {
  return !!(me && me.user && me.role === 'grid_worker');
}

/** Fetches every page of a list. */
async function all(fetchPage, key) {
  let items = [];
  for (;;) {
    const page = await fetchPage(items.length);
    const got = page[key] || [];
    items = items.concat(got);
    if (!got.length || items.length >= (page.total ?? items.length)) return items;
  }
}

/**
 * Downloads the worker's residents and open incidents afresh and keeps
 * them in place of the old set; days is offline_days from /api/config.
 * Someone else's data is cleared first. Failures leave the old set.
 */
export async function sync(me, days) {
  if (!keepsData(me)) {
    await clear();
    return null;
  }
  await keepOnlyFor(me);
  const cells = (me.scope && me.scope.cells) || [];
  const residents = {};
  for (const cell of cells) {
    residents[cell] = await all((offset) => api.residents(cell, offset, PAGE), 'residents');
  }
  const incidents = cells.length ? await all((offset) => api.incidents({ status: 'open', offset, limit: PAGE }), 'incidents') : [];
  const who = { ...me };
  delete who.csrf_token;
  const rec = { me: who, cells, residents, incidents, synced_at: Date.now(), offline_days: days > 0 ? days : DEFAULT_DAYS };
  await withStore('readwrite', (s) => s.put(rec, KEY));
  held = rec;
  return rec;
}

/** The kept residents of a cell, as a page of /api/residents, or null. */
export function residentsOf(cell) {
  const rec = kept();
  if (!rec || !rec.residents[cell]) return null;
  const list = rec.residents[cell];
  return { residents: list, total: list.length, offline: rec.synced_at };
}

/** The kept open incidents of a cell, as a page of /api/incidents, or null. */
export function incidentsOf(cell) {
  const rec = kept();
  if (!rec || !rec.cells.includes(cell)) return null;
  const list = rec.incidents.filter((i) => i.cell === cell);
  return { incidents: list, total: list.length, offline: rec.synced_at };
}

/** Kept residents whose name contains q, at most max. */
export function findResidents(q, max) {
  const rec = kept();
  if (!rec || !q) return [];
  const out = [];
  for (const cell of rec.cells) {
    for (const r of rec.residents[cell] || []) {
      if (String(r.name || '').includes(q)) out.push(r);
      if (out.length >= max) return out;
    }
  }
  return out;
}

/** The kept open incident numbered n, or null. */
export function findIncident(n) {
  const rec = kept();
  return (rec && rec.incidents.find((i) => String(i.id) === String(n))) || null;
}
