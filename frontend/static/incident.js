// An incident in a list: a row that opens, on demand, into its detail with
// the parties and the description as far as the server shows them to the
// user (in full, masked, or withheld), its timeline, and for those who may
// act, the moves the server allows now and the suggested mediators.

import { api } from './api.js';
import { t, tv, date, dateTime } from './i18n.js';
import { h } from './dom.js';
import { deniedNotice, errorText, isDenied, field, fieldError } from './ui.js';

const SUGGESTED = 5; // the best few mediators are enough to choose from

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
          h('span', { class: `badge badge-${i.status}`, 'data-status': i.status }, t('status.' + i.status)),
          i.overdue ? h('span', { class: 'badge badge-overdue', 'data-overdue': 'true' }, t('incident.overdue')) : null,
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
      const [d, meds, ev] = await Promise.all([api.incident(this.i.id), mediatorsById().catch(() => new Map()),
        api.events(this.i.id).catch(() => null)]);
      this.setDetail(d);
      this.mediators = meds;
      this.events = ev ? ev.events || [] : null;
      this.state = 'ok';
      // Suggestions are for those who may act on it.
      this.suggestions = d.next && d.next.length ? (await api.suggestions(this.i.id).catch(() => null)) : null;
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
    return [renderDetail(this.detail, this.mediators, this.onCell), this.renderWorkflow()];
  }

  /** Takes a fresh detail; the row's head follows its status. */
  setDetail(d) {
    this.detail = d;
    this.i = { ...this.i, status: d.status, overdue: d.overdue, version: d.version };
  }

  renderWorkflow() {
    const d = this.detail;
    const id = `incident-${d.id}`;
    const next = d.next || [];
    return [
      d.near_cell ? h('p', { class: 'notice notice-warning', role: 'note' },
        t('report.nearBoundary', { name: cellNames.get(d.near_cell) || d.near_cell, code: d.near_cell, m: Math.round(d.near_distance_m || 0) })) : null,
      next.length ? h('form', { class: 'form incident-actions', id: id + '-actions', novalidate: true, onsubmit: (e) => e.preventDefault() },
        h('h4', {}, t('incident.actions')),
        field(t('incident.note'), h('textarea', { id: id + '-note', name: 'note', rows: 2, oninput: (e) => { this.note = e.target.value; } }, this.note || ''), t('incident.noteHint')),
        h('div', { class: 'actions-row' }, next.map((to) => h('button', {
          type: 'button', class: `button button-small ${to === 'reported' || to === 'duplicate' ? 'button-quiet' : ''}`,
          'data-to': to, disabled: this.busy, onclick: () => this.move(to),
        }, t('action.' + to))))) : null,
      this.flash ? h('p', { class: `notice ${this.flash.kind === 'ok' ? 'notice-ok' : 'notice-error'}`, role: 'status', 'data-flash': this.flash.kind }, this.flash.text) : null,
      h('h4', {}, t('incident.timeline')),
      this.events && this.events.length
        ? h('ol', { class: 'timeline', id: id + '-timeline' }, this.events.map((e) => h('li', { class: 'timeline-item', 'data-kind': e.kind, 'data-to': e.to || '' },
          h('span', { class: 'timeline-when muted' }, dateTime(e.at)),
          h('span', { class: 'timeline-what' }, e.to ? (e.from ? t('incident.event', { from: t('status.' + e.from), to: t('status.' + e.to) }) : t('status.' + e.to)) : t('event.' + e.kind),
            e.actor_name ? h('span', { class: 'muted' }, ' · ', e.actor_name) : null),
          e.note ? h('span', { class: 'timeline-note' }, e.note) : null)))
        : h('p', { class: 'muted' }, t('incident.noEvents')),
      next.length && this.suggestions && this.suggestions.suggestions && this.suggestions.suggestions.length ? [
        h('h4', {}, t('incident.suggestions')),
        h('ol', { class: 'suggestions', id: id + '-suggestions' }, this.suggestions.suggestions.slice(0, SUGGESTED).map((s) => h('li', { class: 'suggestion', 'data-mediator': s.mediator.id },
          h('span', { class: 'suggestion-head' }, h('strong', {}, s.mediator.name), ' ',
            h('span', { class: 'muted' }, tv(s.mediator.role) || t('category.' + s.mediator.category)), ' ',
            h('span', { class: 'badge' }, t('incident.score', { n: s.score }))),
          h('span', { class: 'suggestion-reasons muted' }, (s.reasons || []).map((r) => r.text).join(t('list.sep'))))))] : null,
    ];
  }

  /** Asks the server to move the incident to status to, with the version this row saw. */
  async move(to) {
    if (this.busy) return;
    this.busy = true;
    this.flash = null;
    this.rerender(false);
    const d = this.detail;
    try {
      this.setDetail(await api.transition(d.id, d.version, to, (this.note || '').trim()));
      this.note = '';
      this.flash = { kind: 'ok', text: t('incident.moved', { status: t('status.' + this.detail.status) }) };
      this.events = await api.events(d.id).then((r) => r.events || []).catch(() => this.events);
    } catch (err) {
      this.busy = false;
      if (err.status === 400 && err.field === 'note') {
        this.rerender(false);
        const form = this.el && this.el.querySelector('.incident-actions');
        if (form) fieldError(form, 'note', t('incident.noteRequired'));
        return;
      }
      if (err.status === 409) {
        const now = (err.body && err.body.incident) || {};
        this.flash = { kind: 'conflict', text: t('incident.conflict', { status: t('status.' + (now.status || '')) }) };
        await this.load(); // the current state, its moves and its timeline
        return;
      }
      this.flash = { kind: 'error', text: err.status === 403 ? t('incident.forbidden') : errorText(err) };
    }
    this.busy = false;
    this.rerender(false);
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
