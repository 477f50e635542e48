// The dock: a user's home view beside the map. A grid worker's 我的网格 and
// a unit cadre's 本村（社区） list their cells and open incidents; a leader's
// (and an admin's) 全镇概况 gives the town's totals by unit and the measures
// of its incidents (open, overdue, resolved at grassroots, time to resolve, and the
// satisfaction and performance shares of their 回访). On desktops it
// sits left of the map, on phones it is a bottom sheet under the cell panel.

import { api } from './api.js';
import { t, tv, num, onLangChange } from './i18n.js';
import { h } from './dom.js';
import { role, views } from './session.js';
import { incidentList } from './incident.js';
import { deniedNotice, errorText, isDenied } from './ui.js';

const INCIDENT_PAGE = 20;

// The work list's filters and hashes live here, not in worklist.js, so that
// the overview links its counts without loading the list's module.
/** The filters a work list takes from its hash, in the order the hash writes them. */
export const FILTERS = ['status', 'type', 'unit', 'cell', 'mediator', 'overdue', 'from', 'to'];

/** The hash of the work list with filters f ({status: 'open', …}; empty values left out). */
export function listHash(f) {
  const q = new URLSearchParams();
  for (const k of FILTERS) if (f[k]) q.set(k, f[k]);
  const s = q.toString();
  return '#/cases' + (s ? '?' + s : '');
}

const phoneQuery = window.matchMedia('(max-width: 639.98px)');

export class Dock {
  /** onCell(code) opens a cell; onUnit(code) shows a unit on the map. */
  constructor(root, { onCell, onUnit }) {
    this.root = root;
    // A cell opened from the dock needs the map: a full sheet folds to its peek first.
    this.onCell = (code) => {
      if (this.sheet === 'full') this.setSheet('peek');
      onCell(code);
    };
    this.onUnit = onUnit;
    this.mode = null;
    this.sheet = 'peek';
    onLangChange(() => this.render());
    phoneQuery.addEventListener('change', () => this.layout());
    window.addEventListener('resize', () => this.layout());
  }

  /** Town data from the API: {cells, units} (GeoJSON feature collections). */
  setData({ cells, units }) {
    this.cells = cells.features.map((f) => f.properties);
    this.units = units.features.map((f) => f.properties);
  }

  /**
   * Shows a mode: "mine" (codes = the grid worker's cells), "unit"
   * (codes = the unit's cells, unit = its code) or "overview".
   */
  show(mode, { codes = [], unit = '' } = {}) {
    const key = `${mode}:${unit}:${codes.join(',')}`;
    if (key !== this.key) {
      this.key = key;
      this.mode = mode;
      this.codes = codes;
      this.unit = unit;
      this.incidents = { items: [], total: 0, state: 'idle', rows: new Map() };
      this.loadIncidents();
      this.stats = { state: 'idle' };
      if (mode === 'overview') this.loadStats();
    }
    this.root.hidden = false;
    document.body.classList.add('dock-open');
    this.setSheet(this.sheet);
    this.render();
  }

  /**
   * After an incident write: the town's cells afresh ({cells, units}), and
   * in place the totals, the cells' open counts, the open list's count and
   * the measures (the list and its open rows stay as they are).
   */
  refreshCounts(data) {
    this.setData(data);
    if (!this.mode || this.root.hidden) return;
    const cells = this.shownCells();
    const totals = this.root.querySelector('#totals');
    if (totals) totals.replaceWith(this.totals(cells));
    const list = this.root.querySelector('#dock-cells, #unit-table');
    const section = list && list.closest('section');
    if (section) section.replaceWith(this.mode === 'overview' ? this.unitTable() : this.cellList(cells));
    if (this.mode === 'overview') this.loadStats();
    this.loadOpenTotal();
  }

  /** The number of open incidents afresh, for the list's count. */
  async loadOpenTotal() {
    const key = this.key;
    const list = this.incidents;
    try {
      const page = await api.incidents({ status: 'open', limit: 1 });
      if (key !== this.key || list !== this.incidents) return;
      list.total = page.total;
      const count = this.root.querySelector('#dock-incident-count');
      if (count) count.textContent = num(list.total);
    } catch {
      // the count shown stays
    }
  }

  /** The cells the dock shows: the town's in the overview, the user's otherwise. */
  shownCells() {
    return this.mode === 'overview' ? this.cells : this.cells.filter((c) => this.codes.includes(c.code));
  }

  totals(cells) {
    const sum = (k) => cells.reduce((n, c) => n + (c[k] || 0), 0);
    return h('dl', { class: 'totals', id: 'totals' },
      total('cells', t('totals.cells'), num(cells.length)),
      total('population', t('field.population'), num(sum('population'))),
      total('households', t('field.households'), num(sum('households'))),
      total('open', t('field.open'), counted(num(sum('open_incidents')), this.mode === 'mine' ? null : { status: 'open' })));
  }

  hide() {
    this.root.hidden = true;
    this.key = null;
    document.body.classList.remove('dock-open');
  }

  /** Pixels of the map the dock hides: {left, bottom}. */
  cover() {
    if (this.root.hidden) return { left: 0, bottom: 0 };
    if (phoneQuery.matches) return { left: 0, bottom: this.sheetHeight() };
    return { left: this.root.offsetWidth, bottom: 0 };
  }

  sheetHeight() {
    const vh = window.innerHeight;
    return this.sheet === 'full' ? Math.max(vh - 72, 200) : Math.round(Math.min(vh * 0.4, 320));
  }

  setSheet(state) {
    this.sheet = state;
    this.root.dataset.sheet = state;
    const handle = this.root.querySelector('.dock-handle');
    if (handle) {
      handle.setAttribute('aria-expanded', String(state === 'full'));
      handle.setAttribute('aria-label', t(state === 'full' ? 'panel.collapse' : 'panel.expand'));
    }
    this.layout();
  }

  layout() {
    const sheet = phoneQuery.matches && !this.root.hidden;
    this.root.style.height = sheet ? this.sheetHeight() + 'px' : '';
    // The map's bottom controls (legend, scale) stay above the sheet.
    document.body.style.setProperty('--dock-h', sheet ? this.sheetHeight() + 'px' : '0px');
  }

  async loadIncidents() {
    const list = this.incidents;
    const key = this.key;
    list.state = 'loading';
    this.renderIncidents();
    try {
      const page = await api.incidents({ status: 'open', limit: INCIDENT_PAGE, offset: list.items.length });
      if (key !== this.key) return;
      list.items = list.items.concat(page.incidents || []);
      list.total = page.total;
      list.state = 'ok';
    } catch (err) {
      if (key !== this.key) return;
      list.state = 'error';
      list.error = err;
    }
    this.renderIncidents();
  }

  async loadStats() {
    const key = this.key;
    this.stats = { state: 'loading' };
    this.renderStats();
    try {
      const r = await api.stats({});
      if (key !== this.key) return;
      this.stats = { state: 'ok', stats: r.stats };
    } catch (err) {
      if (key !== this.key) return;
      this.stats = { state: 'error', error: err };
    }
    this.renderStats();
  }

  renderStats() {
    const box = this.root.querySelector('#stats');
    if (!box) return;
    const st = this.stats;
    if (st.state === 'error') {
      box.replaceChildren(isDenied(st.error) ? deniedNotice(st.error, t('what.incidents'))
        : h('p', { class: 'notice notice-error' }, errorText(st.error), ' ',
          h('button', { type: 'button', class: 'button button-small', onclick: () => this.loadStats() }, t('list.retry'))));
      return;
    }
    if (st.state !== 'ok') {
      box.replaceChildren(h('p', { class: 'muted' }, t('list.loading')));
      return;
    }
    const s = st.stats;
    const none = t('stats.none');
    const fu = s.followups;
    // The 回访 records' shares, of those that reached the parties (null when none did).
    const shares = (group, key, codes) => h('div', { class: 'stats-shares', 'data-shares': group },
      h('h4', {}, t('stats.' + group)),
      h('dl', { class: 'totals totals-stats' }, ...codes.map((c) => stat(`${group}-${c}`, t(`followup.${key}.${c}`),
        fu && fu[`${group}_shares`] ? num(fu[`${group}_shares`][c] * 100, 0) + '%' : none))));
    box.replaceChildren(h('dl', { class: 'totals totals-stats' },
      stat('total', t('stats.total'), counted(num(s.total), {})),
      stat('open', t('stats.open'), counted(num(s.open), { status: 'open' })),
      stat('overdue', t('stats.overdue'), counted(num(s.overdue), { status: 'open', overdue: 'true' }), s.overdue > 0),
      stat('followup-overdue', t('stats.followupOverdue'), counted(num(s.followup_overdue), { status: 'resolved', overdue: 'true' }), s.followup_overdue > 0),
      stat('resolved', t('stats.resolved'), num(s.resolved)),
      stat('grassroots', h('abbr', { title: t('stats.grassrootsHint') }, t('stats.grassroots')), s.grassroots_share == null ? none : num(s.grassroots_share * 100, 0) + '%'),
      stat('median', t('stats.median'), s.median_days_to_resolve == null ? none : t('stats.days', { n: num(s.median_days_to_resolve, 1) }))),
    h('p', { class: 'muted stats-followups' }, t('stats.followups', { n: num(fu ? fu.reached : 0) })),
    shares('satisfaction', 'satisfaction', ['satisfied', 'basically_satisfied', 'dissatisfied']),
    shares('performance', 'performed', ['yes', 'partly', 'no']),
    // Every incident by its type, each count opening the list of that type.
    h('div', { class: 'stats-types', 'data-shares': 'types' },
      h('h4', {}, t('stats.byType')),
      h('dl', { class: 'totals totals-stats' }, ...Object.keys(s.by_type || {}).filter((k) => s.by_type[k] > 0)
        .sort((a, b) => s.by_type[b] - s.by_type[a] || (a < b ? -1 : 1))
        .map((k) => stat('type', tv(k), counted(num(s.by_type[k]), { type: k }))))));
  }

  render() {
    if (!this.mode || !this.cells) return;
    const cells = this.shownCells();
    const unitName = (this.units.find((u) => u.code === this.unit) || {}).name || this.unit;
    const title = this.mode === 'mine' ? t('view.mine') : this.mode === 'unit' ? unitName : t('view.overview');
    const expanded = this.sheet === 'full';
    this.root.dataset.mode = this.mode;
    this.root.setAttribute('aria-label', title);
    this.root.replaceChildren(
      h('div', { class: 'dock-head' },
        h('button', {
          type: 'button', class: 'panel-handle dock-handle', 'aria-expanded': String(expanded),
          'aria-label': t(expanded ? 'panel.collapse' : 'panel.expand'), onclick: () => this.setSheet(this.sheet === 'full' ? 'peek' : 'full'),
        }, h('span', { 'aria-hidden': 'true' })),
        h('h2', { class: 'dock-title', id: 'dock-title' }, title),
        this.mode === 'unit' ? h('p', { class: 'dock-subtitle' }, t('view.unit')) : null),
      h('div', { class: 'dock-body' },
        this.totals(cells),
        this.mode === 'mine' || this.mode === 'unit' ? h('a', { href: '#/report', class: 'button button-block', id: 'dock-report' }, t('view.report')) : null,
        // Every cell's notice board, for the town's leaders (the print view itself is public, as the boards are).
        this.mode === 'overview' ? h('a', { href: '#/print/atlas', class: 'button button-block button-quiet', id: 'dock-atlas' }, t('print.atlasButton')) : null,
        this.mode === 'overview' ? h('section', { class: 'section', 'aria-labelledby': 'h-dock-stats' },
          h('h3', { id: 'h-dock-stats' }, t('stats.title')), h('div', { id: 'stats' })) : null,
        role() === 'leader' ? h('p', { class: 'notice notice-masked' }, t('masked.leader')) : null,
        this.mode === 'overview' ? this.unitTable() : this.cellList(cells),
        h('section', { class: 'section', 'aria-labelledby': 'h-dock-incidents' },
          h('h3', { id: 'h-dock-incidents' }, t('dock.openIncidents'), h('span', { class: 'tab-count', id: 'dock-incident-count' })),
          h('div', { id: 'dock-incidents' }))));
    this.renderIncidents();
    if (this.mode === 'overview') this.renderStats();
  }

  cellList(cells) {
    return h('section', { class: 'section', 'aria-labelledby': 'h-dock-cells' },
      h('h3', { id: 'h-dock-cells' }, t('dock.cells')),
      cells.length ? h('ul', { class: 'cards', id: 'dock-cells' }, cells.map((c) => h('li', {},
        h('button', { type: 'button', class: 'card', 'data-code': c.code, onclick: () => this.onCell(c.code) },
          h('span', { class: 'card-title' }, c.name),
          h('span', { class: 'card-meta code' }, c.code),
          h('span', { class: 'card-stats' },
            h('span', {}, t('dock.residents', { n: num(c.population) })),
            h('span', {}, t('dock.households', { n: num(c.households) })),
            h('span', { class: c.open_incidents ? 'card-open' : '' }, t('dock.open', { n: num(c.open_incidents || 0) })))))))
        : h('p', { class: 'muted' }, t('dock.noCells')));
  }

  unitTable() {
    const rows = [...this.units].sort((a, b) => (a.code < b.code ? -1 : 1)).map((u) => {
      const cs = this.cells.filter((c) => c.unit_code === u.code);
      const open = cs.reduce((n, c) => n + (c.open_incidents || 0), 0);
      return h('tr', { 'data-unit': u.code },
        h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link-button', onclick: () => this.onUnit(u.code) }, u.name)),
        h('td', {}, num(cs.length)),
        h('td', {}, num(u.population ?? cs.reduce((n, c) => n + c.population, 0))),
        h('td', {}, num(u.households ?? cs.reduce((n, c) => n + c.households, 0))),
        h('td', { class: open ? 'cell-open' : '' }, counted(num(open), { unit: u.code, status: 'open' })));
    });
    return h('section', { class: 'section', 'aria-labelledby': 'h-dock-units' },
      h('h3', { id: 'h-dock-units' }, t('dock.byUnit')),
      h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact', id: 'unit-table' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('dock.unit')), h('th', { scope: 'col' }, t('totals.cells')),
          h('th', { scope: 'col' }, t('field.population')), h('th', { scope: 'col' }, t('field.households')),
          h('th', { scope: 'col' }, t('field.open')))),
        h('tbody', {}, rows))));
  }

  renderIncidents() {
    const box = this.root.querySelector('#dock-incidents');
    if (!box) return;
    const list = this.incidents;
    const count = this.root.querySelector('#dock-incident-count');
    count.textContent = list.state === 'ok' || list.items.length ? num(list.total) : '';
    box.replaceChildren(...incidentList(list, { onCell: this.onCell, more: () => this.loadIncidents(), none: t('dock.noOpen'), cls: 'list list-incidents' }));
  }
}

/**
 * A count that opens the work list of what it counts (filters as
 * #/cases takes them), for those who have the list; the number alone
 * otherwise, or without filters (null).
 */
function counted(value, filters) {
  if (!filters || !views().includes('cases')) return value;
  return h('a', { class: 'count-link', href: listHash(filters), 'data-list': listHash(filters) }, value);
}

function stat(field, label, value, alarm = false) {
  return h('div', { class: `total total-${field}${alarm ? ' total-alarm' : ''}` }, h('dt', {}, label), h('dd', { 'data-stat': field }, value));
}

function total(field, label, value) {
  return h('div', { class: `total total-${field}` }, h('dt', {}, label), h('dd', { 'data-total': field }, value));
}
