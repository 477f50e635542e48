// Who is logged in, and what each role may open. The server enforces every
// rule; this only decides what the app offers, so that nobody is shown a
// menu that would answer 403.

import { api, setCSRF, onSessionLost, APIError } from './api.js';
import * as offline from './offlinedata.js';

// Views by role, landing view first. "map" is the public map.
const VIEWS = {
  admin: ['users', 'audit', 'overview', 'cases', 'hotspots', 'monthly', 'boundary', 'import', 'export', 'calendar', 'webhooks', 'map', 'tokens'],
  leader: ['overview', 'cases', 'hotspots', 'monthly', 'map', 'tokens'],
  unit_cadre: ['unit', 'cases', 'report', 'monthly', 'map', 'tokens'],
  grid_worker: ['mine', 'report', 'map', 'tokens'],
  mediator: ['cases', 'map', 'tokens'],
  viewer: ['map', 'tokens'],
};

const listeners = [];
let me = null; // the body of /api/auth/me, or null when anonymous

/** The logged-in user's /api/auth/me answer ({user, role, scope}), or null. */
export function current() {
  return me;
}

/** The role, or "anonymous". */
export function role() {
  return me ? me.role : 'anonymous';
}

// Without a town (an empty database) only the pages that need none: the
// admin's 数据导入 first, which brings the town in.
const NO_TOWN = ['import', 'users', 'audit', 'tokens'];
let noTown = false;

/** Says whether the database holds no town yet. */
export function setNoTown(on) {
  noTown = on;
}

/** The views the current user may open, landing view first. */
export function views() {
  const all = me ? VIEWS[me.role] || ['map', 'tokens'] : ['map'];
  if (!noTown) return all;
  const some = NO_TOWN.filter((v) => all.includes(v));
  return some.length ? some : ['map'];
}

/** A view's name in the menu: #/cases is a mediator's 我的案件, anyone else's 案件列表. */
export function viewName(v) {
  return v === 'cases' && role() !== 'mediator' ? 'view.worklist' : 'view.' + v;
}

/** The view a user lands on after logging in. */
export function landing() {
  return views()[0];
}

/** Whether the current user may list residents of some cells at all. */
export function seesResidents() {
  return me !== null && me.role !== 'viewer';
}

/** Whether the current user may list incidents at all. */
export function seesIncidents() {
  return me !== null && me.role !== 'viewer';
}

/** The cells a grid worker looks after (empty for other roles). */
export function myCells() {
  return (me && me.scope && me.scope.cells) || [];
}

/** The unit of a unit cadre or mediator ("" otherwise). */
export function myUnit() {
  return (me && me.scope && me.scope.unit_code) || '';
}

/**
 * Registers fn(me, reason) to run after each login, logout or expiry;
 * reason is "login", "logout", "expired", "restore" or "offline" (restored
 * from the phone without a network).
 */
export function onSessionChange(fn) {
  listeners.push(fn);
}

// The session as last confirmed by the server, without its CSRF token, so
// that the app opened with no network still knows whose queue of reports
// it holds (outbox.js). Logout and expiry forget it.
const KEPT = 'gridmap-session';
let unconfirmed = false; // me comes from KEPT: the server has not said so since the app opened

function keep(body) {
  try {
    if (body) localStorage.setItem(KEPT, JSON.stringify({ ...body, csrf_token: '' }));
    else localStorage.removeItem(KEPT);
  } catch { /* storage full or disabled: only the offline start loses the session */ }
}

function kept() {
  try {
    const body = JSON.parse(localStorage.getItem(KEPT) || 'null');
    return body && body.user ? body : null;
  } catch {
    return null;
  }
}

function set(body, reason) {
  me = body && body.user ? body : null;
  setCSRF(me ? body.csrf_token : '');
  if (!unconfirmed) {
    keep(me);
    // Data kept on the phone is only ever the confirmed user's (offlinedata.js).
    offline.keepOnlyFor(me);
  }
  for (const fn of listeners) fn(me, reason);
}

/**
 * Asks the server who is logged in (on start, so that a session survives a
 * reload). With no network the session last confirmed stands in (reason
 * "offline"), until confirm() reaches the server; a grid worker's only
 * while the data the phone keeps for them (offlinedata.js) has not expired.
 */
export async function restore() {
  try {
    const m = await api.me();
    unconfirmed = false;
    set(m && m.user ? m : null, 'restore'); // the anonymous get {user: null}
  } catch (err) {
    if (err.status === 0) {
      // A grid worker's kept data (dropped here when expired) bounds how
      // long their session stands in with no network.
      const rec = await offline.load();
      let body = kept();
      if (body && offline.keepsData(body) && !(rec && rec.me.user.id === body.user.id)) body = null;
      body = body || (rec && rec.me);
      if (body) {
        unconfirmed = true;
        set(body, 'offline');
        return;
      }
    }
    if (err.status !== 401) throw err;
    set(null, 'restore');
  }
}

/**
 * Whether the session is confirmed by the server (asking it again when the
 * app opened offline): a write needs its CSRF token.
 */
export async function confirm() {
  if (!me) return false;
  if (!unconfirmed) return true;
  try {
    await restore();
  } catch {
    return false;
  }
  return Boolean(me) && !unconfirmed;
}

/**
 * Logs in; throws the APIError of a refusal. A stale session from another
 * tab makes the server ask for its CSRF token: fetch it and try once more.
 */
export async function login(username, password) {
  let body;
  try {
    body = await api.login(username, password);
  } catch (err) {
    if (!(err instanceof APIError && err.status === 403 && err.field === 'X-CSRF-Token')) throw err;
    const again = await api.me();
    setCSRF(again.csrf_token);
    body = await api.login(username, password);
  }
  unconfirmed = false;
  set(body, 'login');
  return body;
}

/** Logs out; the app forgets the session even when the server cannot be reached. */
export async function logout() {
  try {
    await api.logout();
  } finally {
    unconfirmed = false;
    set(null, 'logout');
  }
}

onSessionLost(() => {
  unconfirmed = false;
  if (me) set(null, 'expired');
});
