// The phone's outbox: reports kept in IndexedDB (database gridmap-outbox)
// from their first keystroke, photos included, and sent by the app itself
// when it opens, when the network returns and on a timer. Background Sync
// is not used (iOS lacks it). Each item is one report:
//
//   draft   being written; a reload restores it
//   queued  上报 was pressed; waits for the network (error says why, if it tried)
//   sending being sent, by the tab that holds its Web Lock
//   sent    the server holds the report and every photo
//   failed  the server refused it (error says why); retry or delete
//
// Exactly once: the report goes with the item's Idempotency-Key, so that a
// resend after a lost answer returns the first report; a photo resent to
// its incident is answered with the copy kept (api/attachment.go); the
// item's Web Lock keeps two tabs from sending it at the same time.

import { api } from './api.js';

const DB = 'gridmap-outbox';
const STORE = 'items';
const TIMER_MS = 30000; // the queue's own retry interval
const KEEP_SENT_MS = 3 * 24 * 3600 * 1000; // how long a sent report stays listed on the phone

/** The states of an item, in the order of its life. */
export const STATES = ['draft', 'queued', 'sending', 'sent', 'failed'];

/** A random UUID, also where crypto.randomUUID is missing (plain http on a LAN). */
export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

let dbPromise = null;

function openDB() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    dbPromise.catch(() => { dbPromise = null; });
  }
  return dbPromise;
}

/** Runs fn(store) in a transaction and resolves with the result of the request it returns. */
async function run(mode, fn) {
  const db = await openDB();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    let out;
    if (req) req.onsuccess = () => { out = req.result; };
    tx.oncomplete = () => resolve(out);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

// Other tabs hear of every change; this tab's listeners too.
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(DB) : null;
const listeners = new Set();
const progress = new Map(); // item id -> {photo, of, fraction} while its photos upload

function changed(id) {
  for (const fn of listeners) fn(id);
  if (channel) channel.postMessage({ id });
}
if (channel) channel.onmessage = (e) => { for (const fn of listeners) fn(e.data && e.data.id); };

/** Registers fn(id) to run when an item changes, here or in another tab; returns its removal. */
export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The upload progress of an item's photos in this tab: {photo, of, fraction}, or undefined. */
export function progressOf(id) {
  return progress.get(id);
}

/** The item, or undefined. */
export function get(id) {
  return run('readonly', (s) => s.get(id));
}

/** The owner's items, newest first; sent ones older than KEEP_SENT_MS are forgotten. */
export async function list(owner) {
  const all = (await run('readonly', (s) => s.getAll())) || [];
  const old = all.filter((i) => i.state === 'sent' && i.sentAt < Date.now() - KEEP_SENT_MS);
  if (old.length) await run('readwrite', (s) => { for (const i of old) s.delete(i.id); });
  return all.filter((i) => i.owner === owner && !old.includes(i)).sort((a, b) => b.created - a.created);
}

/** Stores the item (stamping updated) and tells the listeners. */
export async function save(item) {
  item.updated = Date.now();
  await run('readwrite', (s) => s.put(item));
  changed(item.id);
  return item;
}

/** Deletes the item, unless a tab is sending it right now (then false). */
export async function remove(id) {
  const done = await withLock(id, async () => {
    await run('readwrite', (s) => s.delete(id));
    return true;
  });
  if (done) changed(id);
  return Boolean(done);
}

/**
 * Queues a write on incident n made with no network (summary names the
 * incident in the list): kind "move" with {version, to, from, note}, from
 * the version seen to status to; kind "mediation" with {record}, the body
 * of POST /api/incidents/{n}/mediation, its session time fixed.
 */
export function queueWrite(owner, kind, { summary, ...what }) {
  const id = uuid();
  return save({
    id, key: id, owner, kind, state: 'queued', created: Date.now(), updated: 0,
    form: { summary }, [kind]: what, photos: [], incident: null, error: null,
  });
}

/**
 * Forgets owner's sent items (at logout: they hold the reports' personal
 * data). Drafts and unsent items stay, for the owner's next login: they
 * are the user's work, not yet on the server.
 */
export async function forgetSent(owner) {
  const gone = (await list(owner)).filter((i) => i.state === 'sent');
  if (!gone.length) return;
  await run('readwrite', (s) => { for (const i of gone) s.delete(i.id); });
  for (const i of gone) changed(i.id);
}

/** A new draft of owner's, not stored until save(). */
export function newDraft(owner, form) {
  const id = uuid();
  return { id, key: id, owner, state: 'draft', created: Date.now(), updated: 0, form, photos: [], incident: null, error: null };
}

/**
 * Runs fn under the item's Web Lock when no tab holds it, else resolves
 * null at once. Without Web Locks (old browsers) fn runs: the server's
 * idempotency still keeps the report single.
 */
function withLock(id, fn) {
  if (!navigator.locks) return fn();
  return navigator.locks.request(`${DB}:${id}`, { ifAvailable: true }, (lock) => (lock ? fn() : null));
}

/** Whether an error is the network's or a passing one of the server's: the queue tries again by itself. */
export function passing(err) {
  return err.status === 0 || err.status === 401 || err.status === 408 || err.status === 429 || err.status >= 500;
}

/** The body of POST /api/incidents for an item's form. */
export function reportBody(f) {
  const body = {
    lon: f.point[0], lat: f.point[1], type: f.type, source: f.source, priority: f.priority,
    summary: f.summary.trim(), description: f.description.trim(), mediators: f.mediators,
  };
  // Parties as people when one was picked from the residents or has a
  // phone (what tells the same person apart later); else names, as before.
  const typed = typedParties(f.parties);
  const people = (f.people || []).map((p) => ({ resident_id: p.resident_id }));
  if (people.length || typed.some((p) => p.phone)) body.party_details = [...people, ...typed];
  else body.parties = typed.map((p) => p.name);
  if (f.duplicate_of) body.duplicate_of = f.duplicate_of;
  return body;
}

// A phone written after a party's name: 7 to 20 digits, spaces and dashes.
const PHONE_AFTER_NAME = /^(.*?)[\s,，:：]+(\+?\d[\d\s-]{5,22}\d)$/;

/** The typed parties, one a line: a name, and a phone after it when written. */
export function typedParties(text) {
  return (text || '').split('\n').map((s) => s.trim()).filter(Boolean).map((line) => {
    const m = line.match(PHONE_AFTER_NAME);
    return m && m[1].trim() ? { name: m[1].trim(), phone: m[2].replace(/[\s-]/g, '') } : { name: line };
  });
}

/**
 * Sends a queued (or failed, or interrupted) item: the report once, then
 * each photo not yet kept. Resolves with the item as it ends (sent, queued
 * again after a passing error, failed after a refusal), or null when
 * another tab is sending it or it is gone. A refusal's APIError is on
 * item.lastError (not stored: it is for the form that pressed 上报).
 */
export function send(id) {
  return withLock(id, async () => {
    const item = await get(id);
    if (!item || !['queued', 'sending', 'failed'].includes(item.state)) return item || null;
    item.state = 'sending';
    item.error = null;
    await save(item);
    try {
      if (item.kind === 'move') await sendMove(item);
      else if (item.kind === 'mediation') item.incident = { id: item.mediation.n, record: await api.addMediation(item.mediation.n, item.mediation.record) };
      else if (!item.incident) {
        item.incident = await api.report(reportBody(item.form), item.key);
        await save(item);
      }
      const left = item.photos.filter((p) => !p.attachment);
      for (const [n, p] of left.entries()) {
        const file = new File([p.blob], p.name, { type: p.type });
        progress.set(id, { photo: n + 1, of: left.length, fraction: 0 });
        changed(id);
        const a = await api.addAttachment(item.incident.id, file, (fraction) => {
          progress.set(id, { photo: n + 1, of: left.length, fraction });
          for (const fn of listeners) fn(id);
        });
        p.attachment = a.id;
        await save(item);
      }
      item.state = 'sent';
      item.sentAt = Date.now();
      // The server keeps the photos now: the phone's copies go, their names stay.
      for (const p of item.photos) p.blob = null;
    } catch (err) {
      item.state = passing(err) ? 'queued' : 'failed';
      item.error = { status: err.status || 0, code: err.code || '', message: err.message || String(err), field: err.field || '' };
      // A conflict names the status the incident is in now, for the user to see.
      if (err.status === 409) item.error.now = (err.body && err.body.incident && err.body.incident.status) || '';
      Object.defineProperty(item, 'lastError', { value: err, enumerable: false });
    } finally {
      progress.delete(id);
    }
    await save(item);
    return item;
  });
}

/**
 * Sends a queued move with the version seen when it was made: a change by
 * someone else meanwhile is a 409, kept as failed for the user to see,
 * unless the incident already is where the move leads (the first try's
 * answer was lost): then it took.
 */
async function sendMove(item) {
  const m = item.move;
  try {
    item.incident = await api.transition(m.n, m.version, m.to, m.note);
  } catch (err) {
    const now = err.status === 409 && err.body && err.body.incident;
    if (!now || now.status !== m.to || now.version !== m.version + 1) throw err;
    item.incident = now;
  }
}

let flushing = null;

/** Sends the owner's queued and interrupted items, oldest first (a case's moves in the order made). */
export function flush(owner) {
  if (flushing) return flushing;
  flushing = (async () => {
    try {
      for (const item of (await list(owner)).reverse()) {
        if (item.state !== 'queued' && item.state !== 'sending') continue;
        const out = await send(item.id);
        if (out && out.state === 'queued' && out.error && out.error.status === 0) break; // no network: the rest would fail alike
      }
    } finally {
      flushing = null;
    }
  })();
  return flushing;
}

/**
 * Puts back in the queue the owner's items left "sending" by an app that
 * was closed mid-send (no tab holds their lock), so that they show as
 * waiting, with retry and delete, even while there is no network.
 */
async function recover(who) {
  if (!who) return;
  for (const item of await list(who)) {
    if (item.state !== 'sending') continue;
    await withLock(item.id, async () => {
      const now = await get(item.id);
      if (now && now.state === 'sending') {
        now.state = 'queued';
        await save(now);
      }
    });
  }
}

/**
 * Keeps sending the queue of owner() (a falsy owner: nobody logged in)
 * when the app opens, when the network returns, when the app comes to the
 * front and every TIMER_MS; ready() runs first and may refuse (false), for
 * a session restored without the network. Returns the stop.
 */
export function start(owner, ready) {
  const go = async () => {
    const who = owner();
    if (!who || navigator.onLine === false) return;
    try {
      if (ready && !(await ready())) return;
      await flush(who);
    } catch { /* IndexedDB unavailable (private mode): nothing is queued then */ }
  };
  const visible = () => { if (document.visibilityState === 'visible') go(); };
  window.addEventListener('online', go);
  document.addEventListener('visibilitychange', visible);
  const timer = setInterval(go, TIMER_MS);
  recover(owner()).catch(() => {}).then(go);
  return () => {
    window.removeEventListener('online', go);
    document.removeEventListener('visibilitychange', visible);
    clearInterval(timer);
  };
}

/**
 * A photo made small for a weak link: JPEG, its long side at most long
 * pixels, its metadata (GPS position, time, device) left behind. An 8 MB
 * camera photo becomes a few hundred KB.
 */
export async function shrink(file, long = 2000, quality = 0.82) {
  let img;
  try {
    img = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    img = await new Promise((resolve, reject) => {
      const el = new Image();
      const src = URL.createObjectURL(file);
      el.onload = () => { URL.revokeObjectURL(src); resolve(el); };
      el.onerror = () => { URL.revokeObjectURL(src); reject(new Error(file.name)); };
      el.src = src;
    });
  }
  const w0 = img.width || img.naturalWidth;
  const h0 = img.height || img.naturalHeight;
  const scale = Math.min(1, long / Math.max(w0, h0));
  const w = Math.max(1, Math.round(w0 * scale));
  const h = Math.max(1, Math.round(h0 * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff'; // a transparent PNG on white, not black
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(img, 0, 0, w, h);
  if (img.close) img.close();
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  if (!blob) throw new Error(file.name);
  const name = (file.name || 'photo').replace(/\.[^.]*$/, '') + '.jpg';
  return { id: uuid(), name, type: 'image/jpeg', size: blob.size, blob, width: w, height: h, original: file.size, attachment: null };
}
