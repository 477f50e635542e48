// gridmap web app: loads the town and the session from the API and wires
// the map, the search box, the cell panel, the user's home view, the pages
// of their role, the login dialog and the language toggle together.
//
// Views live in the URL hash: "" is the landing view (the public map for the
// anonymous, the role's home after a login), #/map the map, #/mine,
// #/unit and #/overview the map with a home dock, #/cases, #/report,
// #/hotspots, #/monthly, #/boundary, #/import, #/export, #/users, #/audit, #/calendar, #/webhooks and #/tokens pages. A cell opened on a map view adds ?cell=CODE
// (#cell=CODE alone is the map with that cell: a cell's public page). #/cases?incident=ID
// (the link of a notification, in the app and in a webhook's message) opens that case as the
// bell does, after a login when none is open. #/print/cell/CODE
// (a cell's notice board) and #/print/atlas (every cell's) are print views open to anyone.

import { api } from './api.js';
import { t, tv, lang, setLang, applyStatic, onLangChange, setIncidentTypes } from './i18n.js';
import { GridMap } from './map.js';
import { Search, foldWhenCut } from './search.js';
import { Panel } from './panel.js';
import { Dock } from './home.js';
import { setCellNames, onIncidentWritten } from './incident.js';
import { views, viewName, landing, myCells, myUnit, restore, logout, onSessionChange, setNoTown, current, seesIncidents, seesResidents, role, confirm as confirmSession } from './session.js';
import * as offline from './offlinedata.js';
import { setLoginHandler, errorText, Account } from './ui.js';
import { h } from './dom.js';

const $ = (sel) => document.querySelector(sel);
const DOCKS = ['mine', 'unit', 'overview'];

const state = { config: null, view: null, ready: false };

const gridMap = new GridMap($('#map'), {
  onSelect: (code) => {
    search.clear();
    openCell(code, false);
  },
});
const panel = new Panel($('#panel'), {
  onClose: () => {
    gridMap.select(null);
    if (state.view !== 'print') history.replaceState(null, '', hashFor(state.view));
  },
  onResize: () => { if (panel.code) gridMap.reveal(panel.code, cover(), false); },
});
const dock = new Dock($('#dock'), {
  onCell: (code) => openCell(code, true),
  onUnit: (code) => gridMap.fitUnit(code, cover()),
});
const search = new Search($('#search'), $('#suggestions'), $('#search-status'), (code) => {
  if (!isMapView(state.view)) navigate('map', code);
  else openCell(code, true);
}, {
  more: { now: findKept, later: findOnServer },
  // A resident or an incident found: its cell's panel, filtered to it.
  onItem: (item) => {
    if (!isMapView(state.view)) navigate('map', item.cell);
    else openCell(item.cell, true);
    panel.showItem(item.which, item.filter, item.record);
  },
});

foldWhenCut($('.bar'), $('#search'));

// The notification bell, its module loaded with the first session that
// has one (not at the start: on a weak link each module before the map is
// a round trip more). It opens a notification's case as a search result would.
const bell = {
  loaded: null, // the Bell, once its module is loaded
  session: [null, 'restore'], // the latest session change, for the Bell that loads after it
  setUser(me, reason) {
    this.session = [me, reason];
    if (this.loaded) return this.loaded.setUser(me, reason);
    if (!me || reason === 'offline' || this.loading) return undefined;
    this.loading = import('./bell.js').then(({ Bell }) => {
      this.loaded = new Bell($('#bell'), $('#bell-count'), $('#bell-list'), openIncident);
      this.loaded.setUser(...this.session);
    }).catch(() => {
      this.loading = null; // no network: the next session change tries again
    });
    return undefined;
  },
};

/** Opens a case as a search result would: its cell on the map, the panel filtered to it. */
function openIncident(id) {
  return api.incident(id).then((i) => search.onItem(incidentItem(i))).catch((err) => showToast(errorText(err)));
}

/** The name of a cell, for search results. */
function cellName(code) {
  const c = state.town && state.town.cells.find((p) => p.code === code);
  return c ? c.name : code;
}

function incidentItem(i) {
  return { key: 'i' + i.id, kind: 'incident', which: 'incidents', cell: i.cell, filter: String(i.id), record: i,
    name: `${t('search.incident', { id: i.id })}${i.ledger_number ? ` (${i.ledger_number})` : ''} ${tv(i.type)}`, meta: `${t('status.' + i.status)} · ${cellName(i.cell)}` };
}

/** Residents by name and open incidents by number among the data the phone keeps (a grid worker's own). */
function findKept(q) {
  if (!current()) return [];
  if (/^#?\d+$/.test(q)) {
    const i = offline.findIncident(q.replace(/^#/, ''));
    return i ? [incidentItem(i)] : [];
  }
  return offline.findResidents(q, 5).map(residentItem);
}

function residentItem(r) {
  return { key: 'r' + r.id, kind: 'resident', which: 'residents', cell: r.cell, filter: r.name, record: r,
    name: r.name, meta: `${t('search.resident')} · ${cellName(r.cell)}` };
}

/**
 * Whether q is worth a search of residents by name on the server: not for a
 * grid worker (the phone keeps all their residents), nor for digits (an
 * incident's number), and as the server wants it, at least one Chinese
 * character or two letters. A leader or a mediator, who see names masked,
 * search only by what masking shows (张, 丰, 张*丰: mask.NameQuery): a
 * longer name, such as a cell's, is not looked for among residents.
 */
function residentQuery(q) {
  const masked = role() === 'leader' || role() === 'mediator';
  return seesResidents() && role() !== 'grid_worker' && !/\d/.test(q)
    && (/\p{Script=Han}/u.test(q) || (q.match(/\p{L}/gu) || []).length >= 2)
    && !(masked && /[^*＊][^*＊]/u.test(q.trim()));
}

/**
 * What the server finds for the search box: on tiles without the whole
 * list, the cells that match q (findCells); and incidents by number and
 * residents by name (findItems). Without a network it fails with
 * findItems' note, as it does with the whole list.
 */
async function findOnServer(q, signal) {
  const [items] = await Promise.all([findItems(q, signal), state.tiled && !state.cells ? findCells(q, signal) : null]);
  return items;
}

const MAX_CELL_QUERY = 64; // characters: the server's bound of q

/**
 * On tiles without the whole list, the cells that match q on the server,
 * wherever they are (the search box knows only the cells of the tiles
 * drawn): known from then on, as the cells of a tile drawn are, and handed
 * to the search box, which lists them among its own. A failure (no
 * network) finds nothing more: the box keeps the cells it knows.
 */
async function findCells(q, signal) {
  if ([...q].length > MAX_CELL_QUERY) return;
  let found;
  try {
    found = (await api.findCells(q, 10, signal)).features.map((f) => f.properties);
  } catch {
    return;
  }
  if (signal.aborted || state.cells || !found.length) return;
  knowCells(found);
  search.addCells(found);
}

/**
 * Incidents by number (their ID or ledger number, 台账编号) and residents by
 * name among those the user may see: the server keeps to the user's scope
 * (and masks names as it does in the cell lists). Without a network it
 * fails with the note to show instead of a wrong "not found".
 */
async function findItems(q, signal) {
  const number = q.replace(/^#/, '');
  // A cell code (15 digits) is looked for among the cells only.
  const byNumber = /\d/.test(number) && /^[0-9A-Za-z][0-9A-Za-z_/-]{0,63}$/.test(number) && !/^\d{15}$/.test(number) && seesIncidents();
  const byName = !byNumber && residentQuery(q);
  if (!byNumber && !byName) return [];
  try {
    if (byNumber) return ((await api.incidents({ number, limit: 5 }, signal)).incidents || []).map(incidentItem);
    return ((await api.findResidents(q, 5, signal)).residents || []).map(residentItem);
  } catch (err) {
    if (err.status === 0) err.note = t(byName ? 'search.offlineResidents' : 'search.offlineIncidents');
    if (err.status === 0 || err.name === 'AbortError') throw err;
    return [];
  }
}
// After a login the dialog would give the focus back to the 登录 button, which is gone: the view takes it.
// Its module loads on the first login (fetched while idle for the anonymous): a
// logged-in phone starts without it.
const loginDialog = {
  dialog: null,
  load() {
    this.loading = this.loading || import('./login.js').then(({ LoginDialog }) => {
      this.dialog = this.dialog || new LoginDialog({
        onDone: () => ([$('#page'), $('#dock')].find((el) => !el.hidden) || $('#map')).focus({ preventScroll: true }),
      });
      return this.dialog;
    }).catch((err) => {
      this.loading = null; // a network failure: the next press tries again
      throw err;
    });
    return this.loading;
  },
  async open() {
    try {
      (await this.load()).open();
    } catch (err) {
      showToast(errorText(err));
    }
  },
};
const account = new Account($('#account-area'), {
  onLogin: () => {
    hideToast();
    loginDialog.open();
  },
  onLogout: async () => {
    try {
      await logout();
    } catch (err) {
      showToast(errorText(err));
    }
  },
  onPassword: async () => {
    try {
      (await import('./password.js')).openPasswordForm({ onDone: () => showToast(t('password.done')) });
    } catch (err) {
      showToast(errorText(err));
    }
  },
});
// Each page's module loads when the page is first opened, so that a grid
// worker's phone never downloads the boundary editor or the dashboards.
const pageModules = {
  cases: async () => new (await import('./cases.js')).CasesPage({ onCell: (code) => navigate('map', code) }),
  // #/cases of leaders, cadres and admins: the filtered work list (案件列表), not a mediator's 我的案件.
  worklist: async () => (await allCells()) && new (await import('./worklist.js')).WorkListPage({ onCell: (code) => navigate('map', code),
    cells: () => state.town && state.town.cells, units: () => state.town && state.town.units,
    types: () => (state.config && state.config.incident_types) || [] }),
  users: async () => new (await import('./users.js')).UsersPage({ town: () => state.town }),
  audit: async () => new (await import('./audit.js')).AuditPage(),
  calendar: async () => new (await import('./calendar.js')).CalendarPage(),
  webhooks: async () => new (await import('./webhooks.js')).WebhooksPage({ units: () => (state.town && state.town.units) || [] }),
  monthly: async () => new (await import('./monthly.js')).MonthlyPage({ units: () => state.units }),
  tokens: async () => new (await import('./tokens.js')).TokensPage(),
  // On tiles a grid worker's report knows their own cells only (/api/locate finds the others).
  report: async () => (await (state.tiled && role() === 'grid_worker' ? ownCells() : allCells())) && new (await import('./report.js')).ReportPage({
    cells: () => (state.tiled && role() === 'grid_worker' ? state.ownCells : state.cells),
    types: () => (state.config && state.config.incident_types) || [] }),
  hotspots: async () => (await allCells()) && new (await import('./hotspots.js')).HotspotsPage({ cells: () => state.cells, units: () => state.units,
    town: () => (state.config && state.config.town) || {}, types: () => (state.config && state.config.incident_types) || [] }),
  // After a boundary change the town's cells loaded at the start are stale: leaving the editor loads them again.
  boundary: async () => new (await import('./boundary.js')).BoundaryPage({ onCommitted: () => { state.boundaryChanged = true; } }),
  // The first import into an empty database brings the town: the app loads it.
  import: async () => new (await import('./dataimport.js')).ImportPage({
    onCommitted: () => { if (state.noTown) load(); else state.boundaryChanged = true; } }),
  // The print views (with the QR encoder) load on the first print.
  print: async () => {
    const m = await import('./print.js');
    await Promise.all([m.loadStyle(), allCells()]);
    return new m.PrintPage({ cells: () => state.cells, units: () => state.units, town: () => (state.config && state.config.town) || {}, cellURL });
  },
  export: async () => new (await import('./dataexport.js')).ExportPage(),
};
const pages = {}; // the pages opened so far, by view
const pageLoads = {};

/** The page module that shows view v for the current role: #/cases is a mediator's 我的案件, anyone else's work list. */
function pageKey(v) {
  return v === 'cases' && role() !== 'mediator' ? 'worklist' : v;
}

/** The page of a view, its module loaded on the first call. */
async function pageFor(view) {
  const v = pageKey(view);
  if (!pages[v]) {
    pageLoads[v] = pageLoads[v] || pageModules[v]();
    try {
      pages[v] = await pageLoads[v];
    } catch (err) {
      delete pageLoads[v]; // a network failure: the next visit tries again
      throw err;
    }
  }
  return pages[v];
}

setLoginHandler(() => loginDialog.open());

function isMapView(view) {
  return view === 'map' || DOCKS.includes(view);
}

/** Pixels of the map hidden by the dock and the panel. */
function cover() {
  const d = dock.cover();
  const p = panel.cover();
  return { left: d.left, right: p.right, bottom: Math.max(d.bottom, p.bottom) };
}

function hashFor(view, cell) {
  const base = view && view !== 'map' ? '#/' + view : '';
  if (!cell) return base || location.pathname + location.search;
  return base ? `${base}?cell=${encodeURIComponent(cell)}` : `#cell=${encodeURIComponent(cell)}`;
}

/** The absolute URL of a cell's public page (the QR code of its notice board): under -base-url when set. */
function cellURL(code) {
  const base = state.config && state.config.base_url ? state.config.base_url + '/' : new URL('.', location.href).href;
  return new URL(hashFor('map', code), base).href;
}

/** The print view the URL names: {cell: CODE}, {atlas: true}, or null. */
function printTarget() {
  const m = location.hash.match(/^#\/print\/(?:cell\/(\d+)|(atlas))$/);
  return m && (m[1] ? { cell: m[1] } : { atlas: true });
}

function parseHash() {
  const m = location.hash.match(/^#(?:\/([a-z]+))?\??(?:cell=(\d+)|incident=(\d+))?$/);
  if (m) return { view: m[1] || (m[2] ? 'map' : ''), cell: m[2] || '', incident: m[3] || '' };
  // The work list keeps its filters in the hash (worklist.js reads them).
  if (/^#\/cases\?.*$/.test(location.hash)) return { view: 'cases', cell: '', incident: '' };
  return { view: '', cell: '', incident: '' };
}

/** Goes to a view (and cell), adding a history entry. */
function navigate(view, cell) {
  history.pushState(null, '', hashFor(view, cell));
  route();
}

/** Shows the view the URL names, or the landing view when it names none or one the user may not open. */
function route() {
  if (!state.ready) return;
  if (printTarget()) return showPrint();
  const { view, cell, incident } = parseHash();
  if (incident) return routeIncident(incident);
  let v = view || landing();
  if (!views().includes(v)) v = landing();
  if (state.boundaryChanged && v !== 'boundary' && v !== 'import') {
    state.boundaryChanged = false;
    refreshTown();
  }
  if (v !== view && (view || v !== 'map')) history.replaceState(null, '', hashFor(v, isMapView(v) ? cell : ''));
  showView(v);
  if (cell && isMapView(v)) openCell(cell, true, false);
  else if (panel.isOpen && isMapView(v)) panel.close();
}

/**
 * A notification's link, #/cases?incident=ID: the case, for one logged in;
 * for one not yet, the login dialog, and the case after the login.
 */
function routeIncident(id) {
  if (role() === 'anonymous') {
    state.pendingIncident = id;
    history.replaceState(null, '', hashFor('map'));
    route();
    loginDialog.open();
    return;
  }
  state.pendingIncident = null;
  history.replaceState(null, '', hashFor('map'));
  route();
  openIncident(id);
}

/**
 * Shows a print view. Its module (with the QR encoder) loads on the first
 * print, so that the map app starts without it.
 */
async function showPrint() {
  state.view = 'print'; // first: closing the panel would otherwise write the map's hash
  if (panel.isOpen) panel.close();
  dock.hide();
  account.setView('print');
  document.body.dataset.view = 'print';
  const page = $('#page');
  page.hidden = false;
  page.replaceChildren();
  let print;
  try {
    print = await pageFor('print');
  } catch (err) {
    showToast(errorText(err));
    return;
  }
  if (state.view !== 'print' || printTarget() === null) return; // gone elsewhere meanwhile
  print.show(page, printTarget());
  page.focus({ preventScroll: true });
}

function showView(v) {
  const changed = v !== state.view;
  state.view = v;
  account.setView(v);
  document.body.dataset.view = v;
  const page = $('#page');
  if (!isMapView(v)) {
    if (panel.isOpen) panel.close();
    dock.hide();
    page.hidden = false;
    if (changed || !page.childElementCount) showPage(v, page);
    else if (pages[pageKey(v)] && pages[pageKey(v)].onHash) pages[pageKey(v)].onHash(); // the work list's filters changed
    return;
  }
  page.hidden = true;
  page.replaceChildren();
  if (!changed) return;
  // The legend folds away beside the dock, for room on the map.
  gridMap.foldLegend(v !== 'map');
  if (v === 'map') {
    dock.hide();
    gridMap.setScope(null);
    return;
  }
  if (state.tiled) {
    showDockTiled(v);
    return;
  }
  const codes = v === 'mine' ? myCells() : v === 'unit' ? gridMap.unitCells(myUnit()) : [];
  dock.show(v, { codes, unit: v === 'unit' ? myUnit() : '' });
  gridMap.setScope(v === 'overview' ? null : codes);
  gridMap.fitCells(codes.length ? codes : [...state.town.cells.map((c) => c.code)], cover());
}

// The pages that work only with the network: opened offline, they say so
// (rather than an error, or a page with nothing in it) and open by
// themselves when it returns. 一键上报 and 我的案件 work offline through the
// phone's queue; the map views through the data kept on the phone.
const ONLINE_ONLY = new Set(['hotspots', 'monthly', 'boundary', 'import', 'export', 'users', 'audit', 'calendar', 'webhooks', 'tokens', 'worklist']);

/** Says in el that view v needs the network, and shows it once the network returns (if still on it). */
function awaitNetwork(v, el) {
  el.replaceChildren(h('div', { class: 'page-inner' },
    h('p', { class: 'notice notice-warning page-offline', role: 'status', 'data-offline': v }, t('page.needsNetwork', { page: t(viewName(v)) }))));
  window.addEventListener('online', () => {
    if (state.view === v && el.querySelector(`[data-offline="${v}"]`)) showPage(v, el);
  }, { once: true });
}

/** Shows view v's page in el, once its module is loaded, unless the user went elsewhere meanwhile. */
async function showPage(v, el) {
  if (ONLINE_ONLY.has(pageKey(v)) && navigator.onLine === false) {
    awaitNetwork(v, el);
    return;
  }
  if (pages[pageKey(v)]) {
    pages[pageKey(v)].show(el);
    el.focus({ preventScroll: true });
    return;
  }
  el.replaceChildren(h('p', { class: 'page-loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('page.loading')));
  let p;
  try {
    p = await pageFor(v);
  } catch (err) {
    // Its module not kept on the phone, and the network gone meanwhile.
    if (state.view === v && ONLINE_ONLY.has(pageKey(v)) && navigator.onLine === false) awaitNetwork(v, el);
    else if (state.view === v) el.replaceChildren(h('p', { class: 'page-error', role: 'alert' }, errorText(err)));
    return;
  }
  if (state.view !== v) return;
  p.show(el);
  el.focus({ preventScroll: true });
}

/**
 * A home view on tiles: the dock's cells are the grid worker's own (each
 * fetched) in 我的网格, the whole list (loaded once) in the unit's and
 * the town's.
 */
async function showDockTiled(v) {
  let codes = [];
  try {
    if (v === 'mine') {
      await ownCells();
      codes = myCells();
      dock.setData({ cells: state.ownCells, units: state.units });
    } else {
      await allCells();
      if (v === 'unit') codes = await gridMap.loadCells(state.cells.features.filter((f) => f.properties.unit_code === myUnit()).map((f) => f.properties.code));
      dock.setData({ cells: state.cells, units: state.units });
    }
  } catch (err) {
    showToast(errorText(err));
  }
  if (state.view !== v) return;
  dock.show(v, { codes, unit: v === 'unit' ? myUnit() : '' });
  gridMap.setScope(v === 'overview' ? null : codes);
  if (codes.length) gridMap.fitCells(codes, cover());
  else gridMap.fitTown();
}

/**
 * Selects a cell and opens its panel. zoom fits the map to the cell (search,
 * links), else it pans only when the cell is hidden (map clicks); focus moves
 * to the panel for keyboard users coming from the search box. On tiles the
 * cell's shape is fetched first when the map has not got it.
 */
function openCell(code, zoom, focus = zoom) {
  const f = gridMap.feature(code);
  state.opening = code;
  if (!f && state.tiled) {
    gridMap.loadCells([code]).then((have) => {
      if (have.length && state.opening === code) openCell(code, zoom, focus);
    });
    return;
  }
  if (!f) return;
  gridMap.select(code);
  panel.open(f.properties);
  gridMap.reveal(code, cover(), zoom);
  if (focus) $('#panel').focus({ preventScroll: true });
  history.replaceState(null, '', hashFor(state.view, code));
}

function setTitle() {
  const town = state.config && state.config.town && state.config.town.name;
  const title = town ? t('app.title', { town }) : t('app.titleFallback');
  document.title = title;
  // Phones show the town name alone, to leave room for the search box.
  $('#title').replaceChildren(...(town
    ? [h('span', { class: 'title-town' }, town), h('span', { class: 'title-rest' }, t('app.titleRest'))]
    : [title]));
}

function showStatus(kind, detail) {
  document.body.dataset.state = kind;
  const box = $('#status');
  box.hidden = kind === 'ready';
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  const text = $('#status-text');
  if (kind === 'loading') {
    text.replaceChildren(h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('status.loading'));
  } else if (kind === 'error') {
    text.textContent = t('status.error');
  } else if (kind === 'empty') {
    text.textContent = t('status.noTown');
  }
  const d = $('#status-detail');
  d.hidden = !detail;
  d.textContent = detail ? t('status.detail', { msg: detail }) : '';
  $('#retry').hidden = kind !== 'error';
}

/** A short message at the bottom of the screen that goes by itself, or with the next login. */
function showToast(msg) {
  const el = $('#toast');
  el.textContent = msg;
  el.hidden = false;
  clearTimeout(showToast.timer);
  showToast.timer = setTimeout(hideToast, 6000);
}

function hideToast() {
  $('#toast').hidden = true;
}

async function load() {
  state.lastError = null;
  showStatus('loading');
  // A failing /api/auth/me leaves the app anonymous rather than broken; the
  // map is drawn without waiting for it (on a weak link, one round trip less).
  const session = restore().catch(() => {});
  let data;
  try {
    const [config, town, units] = await Promise.all([api.config(), api.town(), api.units()]);
    // Past tile_cells the map draws from vector tiles, and no page has the whole list until one needs it.
    const tiles = config.cells > config.tile_cells;
    data = { config, town, units, cells: tiles ? null : await api.cells(), tiles };
  } catch (err) {
    if (err.status === 404 && err.code === 'not_found') {
      loadNoTown(session);
      return;
    }
    state.lastError = err;
    showStatus('error', errorText(err));
    return;
  }
  state.noTown = false;
  setNoTown(false);
  state.config = data.config;
  setIncidentTypes(data.config.incident_type_details);
  setTitle();
  await setTown(data);
  // The map paints first; the rest of the view (the home dock and its
  // lists, the panel) is built after that frame: on a phone on a weak link
  // the map is the first thing worth seeing. A hidden page paints nothing.
  if (!document.hidden) await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  await session;
  showStatus('ready');
  state.ready = true;
  account.render();
  route();
  keepOffline();
  // Under the service worker the map may have come from its kept copy: the
  // counts follow from the network (the shapes at the next visit).
  if (navigator.serviceWorker && navigator.serviceWorker.controller) refreshCounts();
}

/**
 * Keeps a grid worker's residents and open incidents on the phone, afresh
 * at each start and login with a network (offlinedata.js); the cell panel
 * and the search box use them when the network is gone.
 */
async function keepOffline() {
  const me = current();
  if (!offline.keepsData(me) || !navigator.onLine) return;
  try {
    await offline.sync(me, state.config && state.config.offline_days);
  } catch {
    // The network went meanwhile: the set kept before stays until it expires.
  }
}

/**
 * An empty database (gridmap -seed=false before an import): no map, a
 * notice, and for the admin the pages that need no town, 数据导入 first.
 */
async function loadNoTown(session) {
  await session;
  state.noTown = true;
  setNoTown(true);
  state.config = { incident_types: [], incident_type_details: [] };
  const none = { type: 'FeatureCollection', features: [] };
  state.cells = none;
  state.units = none;
  state.town = { units: [], cells: [] };
  setTitle();
  showStatus('empty');
  state.ready = true;
  account.render();
  route();
}

/**
 * Hands the town's outline, units and cells to everything that shows them.
 * On tiles (data.tiles) the cells' names come from the tiles as they are
 * drawn, for the search box and the names in lists.
 */
async function setTown(data) {
  state.tiled = !!data.tiles;
  state.cells = data.cells;
  state.ownCells = null;
  allCellsP = null;
  state.units = data.units;
  const cells = data.cells ? data.cells.features : [];
  state.town = { units: data.units.features.map((f) => f.properties), cells: cells.map((f) => f.properties) };
  state.known = new Map(cells.map((f) => [f.properties.code, f.properties]));
  gridMap.onCells = state.tiled ? knowCells : null;
  await gridMap.setData(data);
  dock.setData({ cells: data.cells || { type: 'FeatureCollection', features: [] }, units: data.units });
  setCellNames(cells);
  search.setCells(cells);
}

/** Adds the cells of a tile drawn to those the search box and the lists name (on tiles). */
function knowCells(list) {
  let added = false;
  for (const p of list) {
    if (!state.known.has(p.code)) {
      state.known.set(p.code, p);
      added = true;
    }
  }
  if (!added || state.cells) return;
  clearTimeout(knowCells.timer);
  knowCells.timer = setTimeout(() => {
    if (state.cells) return; // the whole list came meanwhile
    const features = [...state.known.values()].map((properties) => ({ properties }));
    state.town = { ...state.town, cells: features.map((f) => f.properties) };
    setCellNames(features);
    search.setCells(features);
  }, 200);
}

/**
 * The whole cells document (/api/cells): loaded at the start up to
 * tile_cells, else once, by the first page that lists every cell (the
 * work list, the dashboards, the print views, a unit's or the town's home
 * view).
 */
let allCellsP = null;
function allCells() {
  if (state.cells) return Promise.resolve(state.cells);
  allCellsP = allCellsP || api.cells().then((fc) => {
    state.cells = fc;
    state.town = { ...state.town, cells: fc.features.map((f) => f.properties) };
    setCellNames(fc.features);
    search.setCells(fc.features);
    return fc;
  }).catch((err) => {
    allCellsP = null;
    throw err;
  });
  return allCellsP;
}

/** The grid worker's own cells as a feature collection (on tiles), each fetched once. */
async function ownCells() {
  const codes = await gridMap.loadCells(myCells());
  state.ownCells = { type: 'FeatureCollection', features: codes.map((c) => gridMap.feature(c)) };
  return state.ownCells;
}

/** Loads the town again after a boundary change, and shows the view again with the new cells. */
async function refreshTown() {
  try {
    const [town, units, cells] = await Promise.all([api.town({ fresh: true }), api.units({ fresh: true }), state.tiled ? null : api.cells({ fresh: true })]);
    await setTown({ config: state.config, town, units, cells, tiles: state.tiled });
  } catch (err) {
    state.boundaryChanged = true; // try again at the next view
    showToast(errorText(err));
    return;
  }
  if (panel.isOpen) panel.close();
  state.view = null;
  route();
}

/**
 * After every incident write the counts shown follow: the cells' open
 * counts come again from /api/cells (the server counts them afresh), and
 * the dock, the cell panel and 我的案件 update them in place.
 */
let countsSeq = 0;
async function refreshCounts() {
  const seq = ++countsSeq;
  let cells;
  try {
    // On tiles without the whole list: the grid worker's own cells afresh.
    cells = state.tiled && !state.cells ? await ownCellsAfresh() : await api.cells({ fresh: true });
  } catch {
    return; // the counts shown stay until the next load
  }
  if (seq !== countsSeq || !state.units) return;
  if (!state.tiled || state.cells) {
    state.cells = cells;
    state.town = { ...state.town, cells: cells.features.map((f) => f.properties) };
  }
  dock.refreshCounts({ cells, units: state.units });
  panel.refreshCounts();
  if (pages.cases) pages.cases.refreshCount();
  if (pages.worklist) pages.worklist.refreshCount();
}
onIncidentWritten(refreshCounts);

/** The grid worker's own cells fetched again, with their counts now. */
async function ownCellsAfresh() {
  const features = await Promise.all(myCells().map((c) => api.cell(c)));
  state.ownCells = { type: 'FeatureCollection', features };
  return state.ownCells;
}

/** Loads, while the browser is idle, the modules of the pages the user's role opens, and no others. */
function prefetchPages() {
  const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 200));
  idle(() => {
    if (role() === 'anonymous') loginDialog.load().catch(() => {});
    for (const v of views()) if (pageModules[pageKey(v)]) pageFor(v).catch(() => {});
  });
}

// The phone's queue (outbox.js) sends by itself while one who writes on
// the phone is logged in (reports, moves, mediation records: a mediator's
// 我的案件 too), also when the app opened offline.
let stopOutbox = null;
let outboxFor = null;
function runOutbox(me, reason) {
  const owner = me && views().some((v) => v === 'report' || (v === 'cases' && role() === 'mediator')) ? me.user.id : null;
  if (owner === outboxFor) return;
  const was = outboxFor;
  outboxFor = owner;
  // At logout the reports already sent leave the phone; unsent work stays for the next login.
  if (was !== null && reason === 'logout') import('./outbox.js').then((m) => m.forgetSent(was)).catch(() => {});
  if (stopOutbox) stopOutbox();
  stopOutbox = null;
  if (owner === null) return;
  import('./outbox.js').then((m) => {
    if (outboxFor === owner) stopOutbox = m.start(() => outboxFor, confirmSession);
  }).catch(() => {});
}

onSessionChange((me, reason) => {
  runOutbox(me, reason);
  bell.setUser(me, reason);
  prefetchPages();
  account.render();
  panel.refresh();
  if (!state.ready || reason === 'restore' || reason === 'offline') return;
  if (reason === 'login') keepOffline();
  state.view = null; // the same view may now show other data
  search.clear(); // what the last user searched for is none of the next one's business
  // A login from a cell's panel keeps that cell open when the landing view is a map.
  if (reason === 'login' && state.pendingIncident) routeIncident(state.pendingIncident);
  else if (reason === 'login') navigate(landing(), isMapView(landing()) ? panel.code : '');
  else {
    history.pushState(null, '', hashFor('map'));
    route();
    if (reason === 'expired') {
      showToast(t('auth.expired'));
      loginDialog.open();
    } else {
      gridMap.fitTown();
      showToast(t('auth.loggedOut'));
    }
  }
});

// The skip link leads past the map to what the view shows beside it: the
// page, the cell's panel or the home dock, else the search box (the way to
// a cell without the map). Not by its href: the hash is the app's route.
$('#skip').addEventListener('click', (e) => {
  e.preventDefault();
  const to = ['#page', '#panel', '#dock'].map($).find((el) => !el.hidden) || $('#search');
  to.focus();
});
$('#retry').addEventListener('click', load);
$('#lang').addEventListener('click', () => setLang(lang() === 'zh-CN' ? 'en' : 'zh-CN'));
window.addEventListener('hashchange', route);
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && panel.isOpen && !document.querySelector('dialog[open]')) panel.close();
});
onLangChange(() => {
  setTitle();
  search.relabel();
  if (document.body.dataset.state !== 'ready') showStatus(document.body.dataset.state, state.lastError && errorText(state.lastError));
  if (state.view && !isMapView(state.view) && $('#page [data-offline]')) awaitNetwork(state.view, $('#page'));
  else if (state.view && !isMapView(state.view) && pages[state.view]) pages[state.view].render();
});

applyStatic(document);
load();

// The service worker (sw.js) keeps the app and the public map data so that
// the app opens with no network. Browsers allow it on HTTPS and localhost.
if ('serviceWorker' in navigator && window.isSecureContext) {
  window.addEventListener('load', () => navigator.serviceWorker.register('sw.js').catch(() => {}));
}
