// The cell panel: a side panel on desktops, a bottom sheet on phones that
// can be dragged or tapped between a peek and a full height.

import { api, APIError } from './api.js';
import { t, tv, num, lang, dateTime, onLangChange } from './i18n.js';
import { h } from './dom.js';
import { current, role, seesResidents, seesIncidents } from './session.js';
import { deniedNotice, isDenied } from './ui.js';
import { IncidentRow } from './incident.js';
import * as offline from './offlinedata.js';

const STATUSES = ['reported', 'accepted', 'mediating', 'resolved', 'escalated', 'closed'];
const RESIDENT_PAGE = 50;
const INCIDENT_PAGE = 20;
const phoneQuery = window.matchMedia('(max-width: 639.98px)');

/**
 * fetchPage asked of the server, or without a network the copy the phone
 * keeps of the cell's whole list (kept(cell), offlinedata.js) when it has one.
 */
function orKept(fetchPage, kept) {
  return async (code, offset) => {
    try {
      return await fetchPage(code, offset);
    } catch (err) {
      const page = err.status === 0 && offset === 0 && kept(code);
      if (page) return page;
      throw err;
    }
  };
}

/** Whether a resident or incident matches the panel's filter text q (lower case, no spaces). */
export function matches(which, item, q) {
  if (!q) return true;
  const has = (v) => String(v || '').toLowerCase().replace(/\s+/g, '').includes(q);
  if (which === 'residents') return has(item.name) || has(item.phone) || has(item.relation);
  return String(item.id) === q.replace(/^#/, '') || has(item.summary) || has(item.type) || has(tv(item.type));
}

/**
 * A paged list (residents or incidents) of the open cell. allowed() says
 * whether the user may see such a list at all: when not, the refusal shows
 * without asking the server (which would answer 401 or 403).
 */
class PagedList {
  constructor(fetchPage, key, allowed) {
    this.fetchPage = fetchPage;
    this.key = key;
    this.allowed = allowed;
    this.reset();
  }

  reset() {
    this.items = [];
    this.total = 0;
    this.offline = 0;
    this.state = 'idle';
    this.error = null;
  }

  async load(code, token, rerender) {
    if (!this.allowed()) {
      this.state = 'error';
      this.error = new APIError(current() ? 403 : 401, current() ? 'forbidden' : 'unauthorized', '');
      return rerender();
    }
    this.state = 'loading';
    this.error = null;
    rerender();
    try {
      const page = await this.fetchPage(code, this.items.length);
      if (token()) return;
      this.items = this.items.concat(page[this.key] || []);
      this.total = page.total ?? this.items.length;
      this.offline = page.offline || 0; // when the kept copy shown was fetched, 0 for the server's answer
      this.state = 'ok';
    } catch (err) {
      if (token()) return;
      this.state = 'error';
      this.error = err;
    }
    rerender();
  }
}

export class Panel {
  /** onClose runs after the panel closes (by button, Escape or drag). */
  constructor(root, { onClose, onResize }) {
    this.root = root;
    this.body = root.querySelector('#panel-body');
    this.title = root.querySelector('#panel-title');
    this.subtitle = root.querySelector('#panel-subtitle');
    this.handle = root.querySelector('#panel-handle');
    this.onClose = onClose;
    this.onResize = onResize;
    this.code = null;
    this.seq = 0; // counts the cells opened: a late answer for another cell is dropped
    this.listSeq = 0; // the same for the lists, which also reload after a login or logout
    this.tab = 'residents';
    this.sheet = 'peek';
    this.residents = new PagedList(orKept((c, off) => api.residents(c, off, RESIDENT_PAGE), offline.residentsOf), 'residents', seesResidents);
    this.incidents = new PagedList(orKept((c, offset) => api.incidents({ cell: c, status: 'open', offset, limit: INCIDENT_PAGE }), offline.incidentsOf), 'incidents', seesIncidents);
    // The filter over both lists: made once, so that typing survives the panel's re-renders.
    this.filter = '';
    this.filterInput = h('input', {
      type: 'search', id: 'panel-filter', class: 'panel-filter', autocomplete: 'off', enterkeyhint: 'search',
      oninput: () => {
        this.filter = this.filterInput.value.trim().toLowerCase().replace(/\s+/g, '');
        this.renderList('residents');
        this.renderList('incidents');
      },
    });
    this.rows = new Map(); // incident id -> IncidentRow, kept while the cell stays open
    root.querySelector('#panel-close').addEventListener('click', () => this.close());
    this.handle.addEventListener('click', () => {
      if (!this.justDragged) this.setSheet(this.sheet === 'full' ? 'peek' : 'full');
    });
    this.initDrag(root.querySelector('.panel-head'));
    phoneQuery.addEventListener('change', () => this.layout());
    window.addEventListener('resize', () => this.layout());
    onLangChange(() => this.render());
  }

  get isOpen() {
    return !this.root.hidden;
  }

  /** Opens the panel on a cell; props are the cell's properties from the cell list. */
  open(props) {
    const same = this.code === props.code;
    this.code = props.code;
    this.props = props;
    if (!same) {
      this.pinned = null;
      this.filterInput.value = '';
      this.filter = '';
      const seq = ++this.seq;
      this.detail = null;
      this.detailState = 'loading';
      this.loadDetail(seq);
      this.loadLists();
      this.body.scrollTop = 0;
    }
    const wasHidden = this.root.hidden;
    this.root.hidden = false;
    document.body.classList.add('panel-open');
    if (wasHidden) this.setSheet('peek', true);
    this.render();
    this.layout();
  }

  /**
   * Shows the list which ('residents' or 'incidents') filtered by text, e.g.
   * a search's pick; record, when given, shows even when the list does not
   * hold it: a resolved incident found by its number (the list has the open
   * ones), a resident found by name past the pages loaded.
   */
  showItem(which, text, record = null) {
    this.pinned = record && { which, record };
    this.filterInput.value = text;
    this.filter = text.toLowerCase().replace(/\s+/g, '');
    if (!this.body.querySelector(`#tab-${which}`)) return;
    this.showTab(which);
    this.renderList('residents');
    this.renderList('incidents');
  }

  /** Loads the residents and incidents afresh, e.g. after a login or logout. */
  loadLists() {
    this.listSeq++;
    this.residents.reset();
    this.incidents.reset();
    this.rows.clear();
    const stale = this.staleCheck();
    this.residents.load(this.code, stale, () => this.renderList('residents'));
    this.incidents.load(this.code, stale, () => this.renderList('incidents'));
  }

  /** Reloads what depends on who is logged in. */
  refresh() {
    if (this.code) this.loadLists();
  }

  /** After an incident write: the open cell's counts afresh, in place (the lists and their open rows stay). */
  async refreshCounts() {
    if (!this.code || this.root.hidden || !this.detail) return;
    const seq = this.seq;
    let f;
    try {
      f = await api.cell(this.code);
    } catch {
      return; // the counts shown stay; the next opening reads them again
    }
    if (seq !== this.seq || !this.detail) return;
    this.detail.incident_counts = f.properties.incident_counts;
    this.detail.open_incidents = f.properties.open_incidents;
    const open = this.body.querySelector('[data-field="open"]');
    if (open) open.textContent = num(f.properties.open_incidents || 0);
    const counts = this.body.querySelector('.counts');
    if (counts) counts.replaceWith(renderCounts(f.properties.incident_counts));
  }

  async loadDetail(seq) {
    try {
      // Without the town's list the cell's own details still show.
      const [f, town] = await Promise.all([api.cell(this.code), this.townMediators().catch(() => [])]);
      if (seq !== this.seq) return;
      this.detail = f.properties;
      // A cell's mediators are its unit's; the town centre's serve every cell.
      const ids = new Set((this.detail.mediators || []).map((m) => m.id));
      this.detail.mediators = (this.detail.mediators || []).concat(town.filter((m) => !ids.has(m.id)));
      this.detailState = 'ok';
    } catch {
      if (seq !== this.seq) return;
      this.detailState = 'error';
    }
    this.render();
  }

  /** The town centre's mediators (no unit), fetched once. */
  townMediators() {
    if (!this.townMediatorsP) {
      this.townMediatorsP = api.mediators().then((r) => (r.mediators || []).filter((m) => !m.unit_code));
      this.townMediatorsP.catch(() => { this.townMediatorsP = null; });
    }
    return this.townMediatorsP;
  }

  close() {
    if (this.root.hidden) return;
    this.root.hidden = true;
    this.seq++;
    this.listSeq++;
    this.code = null;
    document.body.classList.remove('panel-open');
    this.onClose();
  }

  /** Pixels of the map the panel hides: {right, bottom}. */
  cover() {
    if (this.root.hidden) return { right: 0, bottom: 0 };
    if (phoneQuery.matches) return { right: 0, bottom: this.sheetHeight(this.sheet) };
    return { right: this.root.offsetWidth, bottom: 0 };
  }

  sheetHeight(state) {
    const vh = window.innerHeight;
    return state === 'full' ? Math.max(vh - 72, 200) : Math.round(Math.min(vh * 0.46, 380));
  }

  setSheet(state, quiet) {
    this.sheet = state;
    this.root.dataset.sheet = state;
    this.handle.setAttribute('aria-expanded', String(state === 'full'));
    this.handle.setAttribute('aria-label', t(state === 'full' ? 'panel.collapse' : 'panel.expand'));
    this.layout();
    if (!quiet) this.onResize();
  }

  layout() {
    if (phoneQuery.matches && !this.root.hidden) this.root.style.height = this.sheetHeight(this.sheet) + 'px';
    else this.root.style.height = '';
  }

  /** Drag the sheet by its head: snap to peek or full, or close when pulled down. */
  initDrag(head) {
    let start = null;
    // Moves are followed on the document: a quick drag leaves the head at once.
    const move = (e) => {
      if (!start || e.pointerId !== start.id) return;
      const dy = e.clientY - start.y;
      if (!start.moved && Math.abs(dy) < 6) return;
      start.moved = true;
      this.root.classList.add('is-dragging');
      this.root.style.height = Math.min(Math.max(start.h - dy, 80), this.sheetHeight('full')) + 'px';
    };
    const finish = (e) => {
      if (!start || e.pointerId !== start.id) return;
      const moved = start.moved;
      start = null;
      document.removeEventListener('pointermove', move);
      document.removeEventListener('pointerup', finish);
      document.removeEventListener('pointercancel', finish);
      this.root.classList.remove('is-dragging');
      if (!moved) return;
      if (e.type === 'pointercancel') return this.layout();
      this.justDragged = true;
      setTimeout(() => { this.justDragged = false; }, 0);
      const hgt = this.root.offsetHeight;
      const peek = this.sheetHeight('peek');
      if (hgt < peek * 0.6) return this.close();
      this.setSheet(Math.abs(hgt - peek) < Math.abs(hgt - this.sheetHeight('full')) ? 'peek' : 'full');
    };
    // No text selection or link drag-and-drop from a mouse press on the head.
    head.addEventListener('mousedown', (e) => {
      if (phoneQuery.matches && !e.target.closest('button')) e.preventDefault();
    });
    head.addEventListener('pointerdown', (e) => {
      if (!phoneQuery.matches || start || e.button > 0 || e.target.closest('#panel-close')) return;
      start = { id: e.pointerId, y: e.clientY, h: this.root.offsetHeight, moved: false };
      document.addEventListener('pointermove', move);
      document.addEventListener('pointerup', finish);
      document.addEventListener('pointercancel', finish);
    });
  }

  render() {
    if (!this.code) return;
    const p = { ...this.props, ...(this.detail || {}) };
    this.title.textContent = p.name;
    this.subtitle.replaceChildren(
      h('span', { 'data-field': 'code', class: 'code' }, p.code), ' · ',
      h('span', { 'data-field': 'unit' }, p.unit_name));
    this.handle.setAttribute('aria-label', t(this.sheet === 'full' ? 'panel.collapse' : 'panel.expand'));
    const fact = (key, field, value) => h('div', { class: `fact fact-${field}` }, h('dt', {}, t(key)), h('dd', { 'data-field': field }, value));
    // Those who work with the cell's people see them and the open cases first, with a filter.
    const people = seesResidents() || seesIncidents();
    this.filterInput.placeholder = t('panel.filterPlaceholder');
    this.filterInput.setAttribute('aria-label', t('panel.filter'));
    const lists = [
      people ? h('div', { class: 'panel-filter-row' }, this.filterInput) : null,
      this.renderTabs(),
    ];
    this.body.replaceChildren(...[
      ...(people ? lists : []),
      h('dl', { class: 'facts' },
        fact('field.population', 'population', t('unit.people', { v: num(p.population) })),
        fact('field.households', 'households', t('unit.households', { v: num(p.households) })),
        fact('field.area', 'area', t('unit.km2', { v: num((p.area_m2 || 0) / 1e6, 2) })),
        fact('field.open', 'open', num(p.open_incidents || 0)),
        fact('field.kind', 'kind', t('kind.' + p.kind))),
      // The cell's notice board (网格公示牌), for anyone: it prints what this reader may see.
      h('p', { class: 'panel-actions' },
        h('a', { href: '#/print/cell/' + encodeURIComponent(p.code), class: 'button button-small button-quiet', id: 'print-cell' }, t('print.cellButton'))),
      this.detailState === 'error'
        ? h('div', { class: 'notice notice-error', role: 'alert' }, t('panel.error'), ' ',
          h('button', { type: 'button', class: 'button button-small', onclick: () => { this.detailState = 'loading'; this.render(); this.loadDetail(this.seq); } }, t('list.retry')))
        : null,
      this.section('workers', t('section.workers'), this.detail && renderWorkers(this.detail.grid_workers)),
      this.section('counts', t('section.counts'), this.detail && renderCounts(this.detail.incident_counts)),
      this.section('mediators', t('section.mediators'), this.detail && renderMediators(this.detail.mediators, p)),
      ...(people ? [] : lists),
    ].filter(Boolean));
    this.renderList('residents');
    this.renderList('incidents');
  }

  section(id, title, content) {
    let inner = content;
    if (!inner) inner = this.detailState === 'error' ? null : h('p', { class: 'muted' }, t('panel.loading'));
    return h('section', { class: `section section-${id}`, 'aria-labelledby': `h-${id}` }, h('h3', { id: `h-${id}` }, title), inner);
  }

  renderTabs() {
    const tab = (id) => h('button', {
      type: 'button', role: 'tab', id: `tab-${id}`, class: 'tab', 'aria-controls': `tabpanel-${id}`,
      'aria-selected': String(this.tab === id), tabindex: this.tab === id ? '0' : '-1',
      onclick: () => this.showTab(id),
      onkeydown: (e) => {
        if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
          const next = this.tab === 'residents' ? 'incidents' : 'residents';
          this.showTab(next);
          this.body.querySelector(`#tab-${next}`).focus();
        }
      },
    }, t(id === 'residents' ? 'tab.residents' : 'tab.incidents'), h('span', { class: 'tab-count', id: `tab-count-${id}` }));
    return h('div', { class: 'tabs-wrap' },
      h('div', { class: 'tabs', role: 'tablist' }, tab('residents'), tab('incidents')),
      h('div', { role: 'tabpanel', id: 'tabpanel-residents', 'aria-labelledby': 'tab-residents', hidden: this.tab !== 'residents' }),
      h('div', { role: 'tabpanel', id: 'tabpanel-incidents', 'aria-labelledby': 'tab-incidents', hidden: this.tab !== 'incidents' }));
  }

  showTab(id) {
    this.tab = id;
    for (const which of ['residents', 'incidents']) {
      const on = which === id;
      const b = this.body.querySelector(`#tab-${which}`);
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      this.body.querySelector(`#tabpanel-${which}`).hidden = !on;
    }
  }

  renderList(which) {
    const box = this.body.querySelector(`#tabpanel-${which}`);
    if (!box) return;
    const list = this[which];
    const count = this.body.querySelector(`#tab-count-${which}`);
    if (count) count.textContent = list.state === 'idle' || list.state === 'error' || (list.state === 'loading' && !list.items.length) ? '' : num(list.total);
    const hadFocus = box.contains(document.activeElement);
    let shown = list.items.filter((item) => matches(which, item, this.filter));
    const pin = this.pinned && this.pinned.which === which && this.pinned.record;
    if (pin && pin.cell === this.code && matches(which, pin, this.filter) && !shown.some((i) => i.id === pin.id)) shown = [pin, ...shown];
    const rows = which === 'residents' ? shown.map(renderResident) : shown.map((i) => this.incidentRow(i));
    let head = null;
    if (which === 'residents' && list.items.some((r) => String(r.id_number || '').includes('*'))) {
      head = h('p', { class: 'notice notice-masked', 'data-masked': 'true' }, t('masked.residents'));
    } else if (which === 'residents' && role() === 'admin' && list.items.length) {
      // Exports of personal data are the admin's alone (and audited by the server).
      head = h('p', { class: 'export' }, h('a', { href: 'api/export/residents.csv?cell=' + encodeURIComponent(this.code), download: '', id: 'export-residents' }, t('export.residents')));
    }
    let foot = null;
    if (list.state === 'loading') foot = h('p', { class: 'muted' }, t('list.loading'));
    else if (list.state === 'error' && isDenied(list.error)) {
      foot = deniedNotice(list.error, t(which === 'residents' ? 'what.residents' : 'what.incidents'));
    } else if (list.state === 'error') {
      foot = h('p', { class: 'notice notice-error' }, t('list.error'), ' ',
        h('button', { type: 'button', class: 'button button-small', onclick: () => list.load(this.code, this.staleCheck(), () => this.renderList(which)) }, t('list.retry')));
    } else if (list.items.length < list.total) {
      foot = h('button', {
        type: 'button', class: 'button button-more', 'data-more': which,
        onclick: () => list.load(this.code, this.staleCheck(), () => this.renderList(which)),
      }, t('list.more', { shown: num(list.items.length), total: num(list.total) }));
    } else if (list.state === 'ok' && !list.items.length) foot = h('p', { class: 'muted' }, t('list.empty'));
    else if (list.state === 'ok' && !shown.length) foot = h('p', { class: 'muted', 'data-filtered': 'true' }, t('panel.filterNone'));
    // Without a network the phone's copy shows, and says how old it is.
    const kept = list.state === 'ok' && list.offline
      ? h('p', { class: 'notice notice-offline', 'data-offline': 'true' }, t('panel.offline', { at: dateTime(new Date(list.offline).toISOString()) }))
      : null;
    box.replaceChildren(kept || '', head || '', rows.length ? h('ul', { class: `list list-${which}` }, rows) : '', foot || '');
    if (hadFocus) {
      const more = box.querySelector('.button-more, button');
      if (more) more.focus({ preventScroll: true });
    }
  }

  /** The incident's row, kept so that an opened detail survives re-rendering. */
  incidentRow(i) {
    let row = this.rows.get(i.id);
    if (!row) {
      row = new IncidentRow(i);
      this.rows.set(i.id, row);
    }
    return row.render();
  }

  staleCheck() {
    const seq = this.listSeq;
    return () => seq !== this.listSeq;
  }
}

function renderWorkers(workers) {
  if (!workers || !workers.length) return h('p', { class: 'muted' }, t('section.none'));
  return h('ul', { class: 'people' }, workers.map((w) => h('li', { class: 'gm-worker person' },
    h('span', { class: 'person-name' }, w.name || t('staff.hidden')), // empty when the server keeps staff contacts private
    w.phone ? telLink(w.name, w.phone) : null)));
}

function telLink(name, phone, extra = '') {
  return h('a', { class: extra ? 'tel ' + extra : 'tel', href: 'tel:' + phone.replace(/[^\d+]/g, ''), 'aria-label': t('call', { name, phone }) }, phone);
}

function renderCounts(counts) {
  counts = counts || {};
  return h('ul', { class: 'counts' }, STATUSES.map((s) => h('li', { class: `count count-${s}`, 'data-status': s },
    h('span', { class: 'count-n' }, num(counts[s] || 0)),
    h('span', { class: 'count-label' }, t('status.' + s)))));
}

function renderMediators(mediators, cell) {
  if (!mediators || !mediators.length) return h('p', { class: 'muted' }, t('section.none'));
  const groups = new Map();
  for (const m of mediators) {
    const key = m.unit_code || '';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(m);
  }
  // The cell's own unit first, the town centre last.
  const keys = [...groups.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : 1));
  return keys.map((key) => h('div', { class: 'mediator-group' },
    h('h4', {}, key === '' ? t('mediators.town') : key === cell.unit_code ? cell.unit_name : key),
    h('ul', { class: 'people' }, groups.get(key).map((m) => h('li', { class: 'person gm-mediator' },
      h('span', { class: 'person-name' }, m.name || t('staff.hidden')),
      h('span', { class: 'person-role' }, mediatorRole(m)),
      m.phone ? telLink(m.name, m.phone) : null)))));
}

/** Roles are free Chinese text: English shows a known translation, else the category. */
function mediatorRole(m) {
  if (lang() === 'zh-CN') return m.role || t('category.' + m.category);
  const en = tv(m.role);
  return en && en !== m.role ? en : t('category.' + m.category);
}

function renderResident(r) {
  const gender = r.gender === 'M' || r.gender === 'F' ? t('resident.' + r.gender) : r.gender;
  return h('li', { class: 'row resident', dataset: { resident: String(r.id) } },
    h('div', { class: 'row-main' },
      h('strong', { class: 'resident-name' }, r.name), h('span', {}, gender), h('span', {}, tv(r.relation)), h('span', { class: 'muted' }, r.birth_date)),
    h('div', { class: 'row-sub code' },
      // A phone number the server shows in full can be called with a tap; a masked one is only text.
      r.phone && !r.phone.includes('*') ? telLink(r.name, r.phone, 'resident-phone') : null,
      r.phone && r.phone.includes('*') ? h('span', { class: 'resident-phone' }, r.phone) : null,
      r.phone && r.id_number ? '  ·  ' : null,
      r.id_number ? h('span', { class: 'resident-id' }, r.id_number) : null));
}
