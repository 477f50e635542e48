// Thin client for the gridmap JSON API. Paths are relative so the app also
// works when the server is mounted under a prefix. The browser's session
// cookie goes with every request; writes also carry the session's CSRF token.
// Requests ask for the app's language, so the server's messages match it.

import { lang } from './i18n.js';

/** An API failure; the caller turns status and code into words for the user. */
export class APIError extends Error {
  constructor(status, code, message, { field = '', retryAfter = null, body = null } = {}) {
    super(message);
    this.body = body; // the whole answer, e.g. a 409's "incident" as it now is
    this.status = status; // 0 for network failures
    this.code = code;
    this.field = field; // the input the server blames, e.g. "password"
    this.retryAfter = retryAfter; // seconds, from a Retry-After header
  }
}

let csrfToken = '';
let onUnauthorized = null;

/** Sets the CSRF token that every write sends (from login or /api/auth/me). */
export function setCSRF(token) {
  csrfToken = token || '';
}

/** Sets fn to run when a request that needed the session answers 401 (it expired). */
export function onSessionLost(fn) {
  onUnauthorized = fn;
}

/** The Accept-Language of the app's language: the server answers errors in it. */
function acceptLanguage() {
  return lang() === 'en' ? 'en' : 'zh-CN,zh;q=0.9';
}

// fresh asks past the service worker's kept copy and the HTTP cache (a revalidation).
async function request(method, path, { params, body, headers: extra = {}, quiet401 = false, fresh = false, signal } = {}) {
  const qs = params ? '?' + new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')) : '';
  const headers = { Accept: 'application/json', 'Accept-Language': acceptLanguage(), ...extra };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch('api/' + path + qs, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin',
      cache: fresh ? 'no-cache' : 'default', signal });
  } catch (err) {
    if (signal && signal.aborted) throw err; // the caller gave up on it: no failure to report
    throw new APIError(0, 'network', err.message);
  }
  if (res.status === 204) return null;
  let data = null;
  try {
    data = await res.json();
  } catch { /* a proxy error page, say; reported below by status */ }
  if (!res.ok || data === null) {
    const e = data && data.error;
    const ra = Number.parseInt(res.headers.get('Retry-After') || '', 10);
    const err = new APIError(res.status, e ? e.code : 'http', e ? e.message : res.statusText,
      { field: (e && e.field) || '', retryAfter: Number.isFinite(ra) ? ra : null, body: data });
    if (res.status === 401 && csrfToken && !quiet401 && onUnauthorized) onUnauthorized(err);
    throw err;
  }
  return data;
}

/**
 * POSTs file as multipart/form-data in field, with the CSRF token, through
 * XMLHttpRequest so that onProgress(fraction) can follow the upload. Fails
 * with an APIError like request().
 */
function upload(path, field, file, onProgress) {
  const form = new FormData();
  form.append(field, file, file.name);
  return sendForm(path, form, onProgress);
}

/** POSTs a FormData as multipart/form-data, as upload() does. */
function sendForm(path, form, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', 'api/' + path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', acceptLanguage());
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    if (onProgress) xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onerror = () => reject(new APIError(0, 'network', 'network error'));
    xhr.onload = () => {
      let data = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch { /* a proxy error page, say; reported below by status */ }
      if (xhr.status >= 200 && xhr.status < 300 && data !== null) {
        resolve(data);
        return;
      }
      const e = data && data.error;
      const err = new APIError(xhr.status, e ? e.code : 'http', e ? e.message : xhr.statusText, { field: (e && e.field) || '', body: data });
      if (xhr.status === 401 && csrfToken && onUnauthorized) onUnauthorized(err);
      reject(err);
    };
    xhr.send(form);
  });
}

const get = (path, params) => request('GET', path, { params });

/** GETs a file as a Blob, in the page's language; fails with an APIError like request(). */
async function download(path) {
  let res;
  try {
    res = await fetch('api/' + path, { headers: { 'Accept-Language': acceptLanguage() }, credentials: 'same-origin' });
  } catch (err) {
    throw new APIError(0, 'network', err.message);
  }
  if (!res.ok) {
    let e = null;
    try {
      e = (await res.json()).error;
    } catch { /* not JSON */ }
    throw new APIError(res.status, e ? e.code : 'http', e ? e.message : res.statusText, { field: (e && e.field) || '' });
  }
  return res.blob();
}
const id = (v) => encodeURIComponent(v);

export const api = {
  config: () => get('config'),
  town: ({ fresh = false } = {}) => request('GET', 'town', { fresh }),
  units: ({ fresh = false } = {}) => request('GET', 'units', { fresh }),
  /** The cells; fresh asks past the service worker's kept copy (their counts after a write). */
  cells: ({ fresh = false } = {}) => request('GET', 'cells', { fresh }),
  /** The cells whose code, name or unit's name matches q, best first, without their shapes; signal aborts the request. */
  findCells: (q, limit, signal) => request('GET', 'cells', { params: { q, limit }, signal }),
  cell: (code) => get('cells/' + id(code)),
  /** The cells as a TopoJSON Topology whose polygons share arcs (object "cells"). */
  topojson: () => get('cells.topojson'),
  /** The boundary versions, newest first, and the current one's number. */
  boundaryVersions: () => get('boundary/versions'),
  /** The cells that differ between boundary versions a and b ("added", "removed", "reshaped" with "before"). */
  boundaryDiff: (a, b) => get(`boundary/versions/${id(a)}/diff/${id(b)}`),
  /** Checks (dry) or commits a boundary changeset {base, reason, effective_date, outer_may_change, operations}. */
  changeset: (body, dry) => request('POST', 'boundary/changesets', { params: dry ? { dry_run: 'true' } : undefined, body }),
  /**
   * Checks (dry_run=true in form) or commits a boundary file: form holds
   * "file" and the options of gridmap import boundaries.
   */
  importBoundaries: (form, onProgress) => sendForm('import/boundaries', form, onProgress),
  /** Starts an import of an office sheet (residents, staff, incidents): the job, running. */
  importSheet: (kind, form, onProgress) => sendForm(`import/${id(kind)}`, form, onProgress),
  sheetJob: (jobID) => get(`import/jobs/${id(jobID)}`),
  /** The error sheet of a job, in the page's language, as a Blob. */
  sheetJobErrors: (jobID) => download(`import/jobs/${id(jobID)}/errors.xlsx`),
  /** Checks (dry) or commits the restore of version n as a new version, {base, reason, effective_date}. */
  restoreVersion: (n, body, dry) => request('POST', `boundary/versions/${id(n)}/restore`, { params: dry ? { dry_run: 'true' } : undefined, body }),
  residents: (cell, offset = 0, limit = 50) => get('residents', { cell, offset, limit }),
  /** Residents whose name contains q within the user's scope, masked as the cell lists are; signal aborts the request. */
  findResidents: (q, limit, signal) => request('GET', 'residents', { params: { q, limit }, signal }),
  incidents: (params, signal) => request('GET', 'incidents', { params, signal }),
  incident: (n) => get('incidents/' + id(n)),
  mediators: (params) => get('mediators', params),
  locate: (lon, lat) => get('locate', { lon, lat }),
  /** The cases that may be the dispute being reported, and its parties' earlier ones ({lon, lat, type, parties}). */
  similar: (params) => get('incidents/similar', params),
  events: (n) => get(`incidents/${id(n)}/events`),
  suggestions: (n) => get(`incidents/${id(n)}/suggestions`),
  stats: (params) => get('stats', params),
  /** The monthly mediation statistics (调解统计月报) of the town or a unit ({month, unit}). */
  mediationStats: (params) => get('stats/mediation', params),
  /** Hot spots of the cells ({from, to, type, measure, method, weights, fdr, geometry}): GeoJSON with Gi* or Local Moran results. */
  hotspots: (params) => get('hotspots', params),
  /** Emerging hot spot categories over whole months ({from, to, type, weights, geometry}). */
  emerging: (params) => get('hotspots/emerging', params),
  /** Incidents reported and resolved per month, of a cell, a unit or the town ({cell, unit, from, to, type}). */
  hotspotTrend: (params) => get('hotspots/trend', params),
  /** Files a report; key (an Idempotency-Key kept for retries of one form) makes a retry return the first report. */
  report: (incident, key) => request('POST', 'incidents', { body: incident, headers: { 'Idempotency-Key': key } }),
  /** Moves an incident to status to; version (If-Match) turns a change by someone else into a 409. */
  transition: (n, version, to, note) => request('POST', `incidents/${id(n)}/transitions`, { body: { to, note }, headers: { 'If-Match': `"${version}"` } }),
  /** The incident's mediation records (调解记录), oldest session first. */
  mediation: (n) => get(`incidents/${id(n)}/mediation`),
  /** Records a mediation session: {mediators, at, outcome, agreement_text, agreement_ref, follow_up_on, note}. */
  addMediation: (n, record) => request('POST', `incidents/${id(n)}/mediation`, { body: record }),
  /** The incident's 回访 records, oldest first. */
  followups: (n) => get(`incidents/${id(n)}/followups`),
  /** Records a 回访 of a resolved incident: {method, reached, performed, satisfaction, note}; a stale version is a 409. */
  addFollowup: (n, version, f, key) => request('POST', `incidents/${id(n)}/followups`, { body: f, headers: { 'If-Match': `"${version}"`, 'Idempotency-Key': key } }),
  /** Replaces the incident's assigned mediators; a stale version is a 409. */
  assignMediators: (n, version, mediators) => request('POST', `incidents/${id(n)}/mediators`, { body: { mediators, version }, headers: { 'If-Match': `"${version}"` } }),
  /** Replaces the incident's parties [{name, phone} or {resident_id}]; a stale version is a 409. */
  editParties: (n, version, party_details) => request('POST', `incidents/${id(n)}/parties`, { body: { party_details, version }, headers: { 'If-Match': `"${version}"` } }),
  /** Extends a petition's reply deadline once, by 1 to 30 days, for a reason; a stale version is a 409. */
  extendReply: (n, version, days, reason) => request('POST', `incidents/${id(n)}/extend`, { body: { days, reason, version }, headers: { 'If-Match': `"${version}"` } }),
  /** Moves the incident to another cell, for a reason; a stale version is a 409. */
  reassign: (n, version, cell, reason) => request('POST', `incidents/${id(n)}/cell`, { body: { cell, reason, version }, headers: { 'If-Match': `"${version}"` } }),

  /** The incident's case file (卷宗): each document present or missing, and the 司法确认 window. */
  documents: (n) => get(`incidents/${id(n)}/documents`),
  /** The URL of a printable document of the case file, to open in a new tab (the session cookie goes with it). */
  documentURL: (n, kind) => `api/incidents/${id(n)}/documents/${encodeURIComponent(kind)}`,
  /** The incident's photos' metadata (照片), oldest first. */
  attachments: (n) => get(`incidents/${id(n)}/attachments`),
  /** The URL of a photo's bytes, for an <img> (the session cookie goes with it). */
  attachmentURL: (n) => 'api/attachments/' + id(n),
  /** Uploads a photo (multipart, field "file"); onProgress(fraction) follows the upload. */
  addAttachment: (n, file, onProgress) => upload(`incidents/${id(n)}/attachments`, 'file', file, onProgress),

  /** The caller's own notifications, newest first ({items, unread, next}); before pages on. */
  notifications: (before) => get('notifications', before ? { before } : undefined),
  readNotification: (n) => request('POST', `notifications/${id(n)}/read`),
  readAllNotifications: () => request('POST', 'notifications/read'),
  webhooks: () => get('notifications/webhooks'),
  setWebhook: (unit, body) => request('PUT', `units/${encodeURIComponent(unit)}/webhook`, { body }),
  deleteWebhook: (unit) => request('DELETE', `units/${encodeURIComponent(unit)}/webhook`),
  deliveries: () => get('notifications/deliveries'),
  retryDelivery: (n) => request('POST', `notifications/deliveries/${id(n)}/retry`),
  login: (username, password) => request('POST', 'auth/login', { body: { username, password }, quiet401: true }),
  me: () => request('GET', 'auth/me', { quiet401: true }),
  logout: () => request('POST', 'auth/logout', { quiet401: true }),
  tokens: () => get('auth/tokens'),
  createToken: (name, days) => request('POST', 'auth/tokens', { body: { name, expires_in_days: days } }),
  revokeToken: (n) => request('DELETE', 'auth/tokens/' + id(n)),
  /** Changes the caller's own password; other sessions and the API tokens end. */
  changePassword: (current, next) => request('POST', 'auth/password', { body: { current_password: current, new_password: next } }),
  /** The (username, address) pairs locked after too many failed logins (admins). */
  loginLocks: () => get('auth/locks'),
  /** Forgets the failed logins of username from remote (every address without it). */
  clearLoginLocks: (username, remote) => request('DELETE', 'auth/locks', { params: { username, remote } }),

  users: () => get('users'),
  createUser: (u) => request('POST', 'users', { body: u }),
  updateUser: (n, changes) => request('PATCH', 'users/' + id(n), { body: changes }),
  audit: (params) => get('audit', params),
  calendar: (year) => get('calendar', { year }),
  setCalendarDay: (date, kind) => request('PATCH', `calendar/${encodeURIComponent(date)}`, { body: { kind } }),
};
