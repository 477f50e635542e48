// 案件列表: the work list of leaders (the town), unit cadres (their unit)
// and administrators. Its filters (status, type, unit, cell, mediator,
// overdue, reported from/to) live in the URL hash, as GET /api/incidents
// takes them: #/cases?status=open&overdue=true&unit=…, so that a count on
// the overview, a link or a notification opens a filtered list, and back
// and forward step through the filters. Rows open into the case (parties
// masked as the role's policy says: the server masks them).

import { api } from './api.js';
import { t, tv, num } from './i18n.js';
import { h } from './dom.js';
import { incidentList } from './incident.js';
import { field } from './ui.js';
import { role, myUnit } from './session.js';
import { FILTERS, listHash } from './home.js';

const PAGE = 20;

/** The filters the current URL hash names. */
function hashFilters() {
  const m = location.hash.match(/^#\/cases\??(.*)$/);
  const q = new URLSearchParams(m ? m[1] : '');
  const f = {};
  for (const k of FILTERS) f[k] = q.get(k) || '';
  return f;
}

const STATUSES = ['reported', 'accepted', 'mediating', 'escalated', 'resolved', 'closed', 'duplicate'];

export class WorkListPage {
  /** onCell(code) shows an incident's cell; cells(), units() and types() are the town's. */
  constructor({ onCell, cells, units, types }) {
    this.onCell = onCell;
    this.cells = cells;
    this.units = units;
    this.types = types;
    this.f = hashFilters();
    this.mediators = null;
    this.reset();
  }

  reset() {
    this.items = [];
    this.total = 0;
    this.state = 'idle';
    this.rows = new Map();
    this.seq = (this.seq || 0) + 1;
  }

  show(root) {
    this.root = root;
    this.f = hashFilters();
    this.reset();
    this.render();
    this.load();
    if (!this.mediators) this.loadMediators();
  }

  /** The hash changed while the list is shown (back, forward, a link): the list of its filters. */
  onHash() {
    const f = hashFilters();
    if (FILTERS.every((k) => f[k] === this.f[k]) && this.state !== 'idle') return;
    this.f = f;
    this.reset();
    this.render();
    this.load();
  }

  /** Sets one filter: a new history entry, and the list afresh. */
  set(key, value) {
    if (this.f[key] === value) return;
    this.f = { ...this.f, [key]: value };
    // A cell of another unit than the one chosen would find nothing.
    if (key === 'unit' && this.f.cell && value && !this.f.cell.startsWith(value)) this.f.cell = '';
    history.pushState(null, '', listHash(this.f));
    this.reset();
    this.render();
    this.load();
  }

  async loadMediators() {
    try {
      const r = await api.mediators(); // the town's: a unit's cases may be assigned to town mediators too
      this.mediators = r.mediators || [];
    } catch {
      this.mediators = []; // the list works without the mediator filter's names
    }
    if (this.root && this.root.isConnected) this.render();
  }

  /** The API's query for the filters, page and offset. */
  query(extra) {
    const q = {};
    for (const k of FILTERS) if (this.f[k]) q[k] = this.f[k];
    return { ...q, ...extra };
  }

  async load() {
    const seq = this.seq;
    this.state = 'loading';
    this.renderList();
    try {
      const page = await api.incidents(this.query({ limit: PAGE, offset: this.items.length }));
      if (seq !== this.seq) return;
      this.items = this.items.concat(page.incidents || []);
      this.total = page.total;
      this.state = 'ok';
    } catch (err) {
      if (seq !== this.seq) return;
      this.state = 'error';
      this.error = err;
    }
    this.renderList();
  }

  /** After an incident write: the list's count afresh, in place (the rows stay; a moved one says so by its badge). */
  async refreshCount() {
    if (!this.root || !this.root.isConnected || this.root.hidden || this.state !== 'ok') return;
    const seq = this.seq;
    try {
      const page = await api.incidents(this.query({ limit: 1 }));
      if (seq !== this.seq || this.state !== 'ok') return;
      this.total = page.total;
      const count = this.root.querySelector('#worklist-count');
      if (count) count.textContent = t('list.total', { total: num(this.total) });
    } catch {
      // the count shown stays
    }
  }

  render() {
    if (!this.root) return;
    const r = role();
    const town = r === 'leader' || r === 'admin';
    const unit = town ? this.f.unit : myUnit();
    const cells = (this.cells() || []).filter((c) => !unit || c.unit_code === unit);
    const id = (k) => 'worklist-' + k;
    const select = (k, options) => h('select', { id: id(k), name: k, onchange: (e) => this.set(k, e.target.value) },
      options.map(([v, label]) => h('option', { value: v, selected: this.f[k] === v }, label)));
    // A value from a link that the options lack still shows (and the server judges it).
    const keep = (k, options) => (this.f[k] && !options.some(([v]) => v === this.f[k]) ? [...options, [this.f[k], this.f[k]]] : options);
    const types = (this.types() || []).map((x) => [x.name, tv(x.name)]);
    const meds = (this.mediators || []).map((m) => [String(m.id), m.name]);
    const form = h('form', { class: 'form filters worklist-filters', id: 'worklist-filters', onsubmit: (e) => e.preventDefault() },
      field(t('worklist.status'), select('status', keep('status', [['', t('worklist.any')], ['open', t('cases.open')],
        ...STATUSES.map((s) => [s, t('status.' + s)])]))),
      field(t('worklist.type'), select('type', keep('type', [['', t('worklist.any')], ...types]))),
      town ? field(t('worklist.unit'), select('unit', keep('unit', [['', t('worklist.town')],
        ...[...(this.units() || [])].sort((a, b) => (a.code < b.code ? -1 : 1)).map((u) => [u.code, u.name])]))) : null,
      field(t('worklist.cell'), select('cell', keep('cell', [['', t('worklist.any')], ...cells.map((c) => [c.code, c.name])]))),
      field(t('worklist.mediator'), select('mediator', keep('mediator', [['', t('worklist.any')], ...meds]))),
      field(t('worklist.from'), h('input', { id: id('from'), name: 'from', type: 'date', value: this.f.from, onchange: (e) => this.set('from', e.target.value) })),
      field(t('worklist.to'), h('input', { id: id('to'), name: 'to', type: 'date', value: this.f.to, onchange: (e) => this.set('to', e.target.value) }), t('worklist.toHint')),
      h('label', { class: 'check worklist-overdue' },
        h('input', { type: 'checkbox', id: id('overdue'), name: 'overdue', checked: this.f.overdue === 'true', onchange: (e) => this.set('overdue', e.target.checked ? 'true' : '') }),
        t('worklist.overdue')),
      FILTERS.some((k) => this.f[k]) ? h('div', { class: 'form-actions' },
        h('a', { class: 'button button-small button-quiet', id: 'worklist-clear', href: '#/cases' }, t('worklist.clear'))) : null);
    this.root.replaceChildren(h('div', { class: 'page-inner' },
      h('div', { class: 'page-head' },
        h('h2', { class: 'page-title', id: 'page-title' }, t('view.worklist')),
        h('p', { class: 'muted' }, t(town ? 'worklist.leadTown' : 'worklist.leadUnit'))),
      r === 'leader' ? h('p', { class: 'notice notice-masked' }, t('masked.leader')) : null,
      form,
      h('p', { class: 'list-count muted', id: 'worklist-count', 'aria-live': 'polite' }),
      h('div', { id: 'worklist-list' })));
    this.renderList();
  }

  renderList() {
    const box = this.root && this.root.querySelector('#worklist-list');
    if (!box) return;
    this.root.querySelector('#worklist-count').textContent = this.state === 'ok' || this.items.length ? t('list.total', { total: num(this.total) }) : '';
    box.replaceChildren(...incidentList(this, { onCell: this.onCell, more: () => this.load(), none: t('worklist.none'), cls: 'list list-incidents list-worklist' }));
  }
}
