// An incident in a list: a row that opens, on demand, into its detail with
// the parties and the description as far as the server shows them to the
// user (in full, masked, or withheld).

import { api } from './api.js';
import { t, tv, date, dateTime } from './i18n.js';
import { h } from './dom.js';
import { deniedNotice, errorText, isDenied } from './ui.js';

let cellNames = new Map(); // code -> name, for "which cell"
let mediatorsP = null;

/** Tells incident details the cells' names (features of /api/cells). */
export function setCellNames(features) {
  cellNames = new Map(features.map((f) => [f.properties.code, f.properties.name]));
}

/** Mediators by id, fetched once (public data). */
function mediatorsById() {
  if (!mediatorsP) {
    mediatorsP = api.mediators().then((r) => new Map((r.mediators || []).map((m) => [m.id, m])));
    mediatorsP.catch(() => { mediatorsP = null; });
  }
  return mediatorsP;
}

/** One incident's row; render() returns a fresh <li> that keeps its open state. */
export class IncidentRow {
  /** onCell(code), when given, adds a button that shows the incident's cell. */
  constructor(incident, { onCell } = {}) {
    this.i = incident;
    this.onCell = onCell;
    this.open = false;
    this.state = 'idle';
    this.el = null;
  }

  render() {
    const i = this.i;
    const detailId = `incident-${i.id}-detail`;
    const cell = cellNames.get(i.cell);
    this.el = h('li', { class: 'row incident', 'data-incident': i.id },
      h('button', { type: 'button', class: 'row-toggle', 'aria-expanded': String(this.open), 'aria-controls': detailId, onclick: () => this.toggle() },
        h('span', { class: 'row-main' },
          h('span', { class: `badge badge-${i.status}` }, t('status.' + i.status)),
          h('strong', {}, tv(i.type) || t('incidentKind.' + i.kind)),
          h('span', { class: 'muted' }, date(i.reported_at)),
          h('span', { class: 'row-chevron', 'aria-hidden': 'true' }, this.open ? '▴' : '▾')),
        h('span', { class: 'row-sub' }, i.summary),
        h('span', { class: 'row-sub muted' }, meta(i, this.onCell && cell))),
      this.open ? h('div', { class: 'incident-detail', id: detailId }, this.renderDetail()) : null);
    return this.el;
  }

  toggle() {
    this.open = !this.open;
    if (this.open && (this.state === 'idle' || this.state === 'error')) this.load();
    this.rerender(true);
  }

  rerender(focus) {
    if (!this.el || !this.el.isConnected) return;
    const had = focus || this.el.contains(document.activeElement);
    const old = this.el;
    old.replaceWith(this.render());
    if (had) this.el.querySelector('.row-toggle').focus({ preventScroll: true });
  }

  async load() {
    this.state = 'loading';
    try {
      const [d, meds] = await Promise.all([api.incident(this.i.id), mediatorsById().catch(() => new Map())]);
      this.detail = d;
      this.mediators = meds;
      this.state = 'ok';
    } catch (err) {
      this.error = err;
      this.state = 'error';
    }
    this.rerender(false);
  }

  renderDetail() {
    if (this.state === 'loading') return h('p', { class: 'muted' }, t('list.loading'));
    if (this.state === 'error') {
      if (isDenied(this.error)) return deniedNotice(this.error, t('what.incident'));
      return h('p', { class: 'notice notice-error' }, errorText(this.error), ' ',
        h('button', { type: 'button', class: 'button button-small', onclick: () => { this.load(); this.rerender(false); } }, t('list.retry')));
    }
    return renderDetail(this.detail, this.mediators, this.onCell);
  }
}

/** The row's small print: kind, source (unless it only repeats the kind) and, where asked, the cell. */
function meta(i, cell) {
  const kind = t('incidentKind.' + i.kind);
  const source = i.source && tv(i.source);
  return [kind, source !== kind && source, cell].filter(Boolean).join(' · ');
}

function renderDetail(d, mediators, onCell) {
  const item = (key, value, field) => (value ? h('div', { class: 'fact' }, h('dt', {}, t(key)), h('dd', { 'data-field': field }, value)) : null);
  const meds = (d.mediators || []).map((id) => mediators.get(id)).filter(Boolean);
  return [
    d.masked ? h('p', { class: 'notice notice-masked', 'data-masked': 'true' }, t('masked.incident')) : null,
    h('dl', { class: 'facts facts-incident' },
      item('incident.number', '#' + d.id, 'id'),
      item('incident.cell', cellNames.get(d.cell) || d.cell, 'cell'),
      item('incident.reported', dateTime(d.reported_at), 'reported'),
      item('incident.updated', dateTime(d.updated_at), 'updated'),
      item('incident.resolved', d.resolved_at && dateTime(d.resolved_at), 'resolved')),
    h('h4', {}, t('incident.parties')),
    d.parties && d.parties.length
      ? h('ul', { class: 'parties' }, d.parties.map((p) => h('li', { class: 'party' }, p)))
      : h('p', { class: 'muted' }, t('section.none')),
    h('h4', {}, t('incident.description')),
    d.description == null
      ? h('p', { class: 'muted', 'data-field': 'description' }, t('incident.withheld'))
      : h('p', { class: 'incident-description', 'data-field': 'description' }, d.description),
    meds.length ? [h('h4', {}, t('incident.mediators')),
      h('p', { class: 'incident-mediators' }, meds.map((m) => t('incident.mediator', { name: m.name, role: tv(m.role) || t('category.' + m.category) })).join(t('list.sep')))] : null,
    onCell ? h('button', { type: 'button', class: 'button button-small button-quiet', onclick: () => onCell(d.cell) }, t('incident.showCell')) : null,
  ];
}
