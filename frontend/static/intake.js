// 当事人 and 疑似重复 at intake (issue 14), for the report form (report.js):
// the parties picked from the cell's residents, as the server shows them
// to the user (masked for a leader), beside those typed by name and phone;
// and, before sending, the cases that may be the same dispute with the
// reason for each, and the parties' earlier disputes, from
// GET /api/incidents/similar. It is asked a moment after the last change
// of place, type or parties, and skipped offline: the report is sent all
// the same. A candidate may be chosen: the report is then filed as its
// duplicate (duplicate_of), kept and named in that case's timeline,
// instead of opening another case.

import { api } from './api.js';
import { t, tv } from './i18n.js';
import { h } from './dom.js';
import { typedParties } from './outbox.js';

const CHECK_MS = 600; // the wait after the last change before asking
const MAX_SHOWN = 30; // residents listed at once; the filter narrows them

export class Intake {
  /** page is the ReportPage: its draft, its located cell, its root and touch(). */
  constructor(page) {
    this.page = page;
    this.residents = null; // {cell, list} or {cell, error}
    this.picking = false;
    this.filter = '';
    this.similar = null; // the last answer
    this.offline = false;
    this.seq = 0;
  }

  get draft() { return this.page.draft; }

  /** A new form: nothing asked yet. */
  reset() {
    clearTimeout(this.timer);
    this.similar = null;
    this.offline = false;
    this.picking = false;
    this.filter = '';
    this.seq++;
  }

  /** The located cell's code, when there is one. */
  cell() {
    const l = this.page.located;
    return l && !l.error ? l.code : null;
  }

  /** The place, type or parties changed: ask again a moment later. */
  changed() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.check(), CHECK_MS);
  }

  /** The query of /api/incidents/similar for the draft as it is. */
  query() {
    const d = this.draft;
    const q = { type: d.type || undefined };
    if (d.point) [q.lon, q.lat] = d.point;
    const parties = [...(d.people || []).map((p) => 'resident:' + p.resident_id),
      ...typedParties(d.parties).filter((p) => p.phone).map((p) => `${p.name}:${p.phone}`)];
    if (parties.length) q.parties = parties.join(',');
    return q;
  }

  async check() {
    const root = this.page.root;
    if (!root || !root.isConnected || this.page.state !== 'editing') return;
    const q = this.query();
    const seq = ++this.seq;
    if (q.lon === undefined && !q.parties) {
      this.similar = null;
    } else if (navigator.onLine === false) {
      this.similar = null;
      this.offline = true;
    } else {
      try {
        const r = await api.similar(q);
        if (seq !== this.seq) return;
        this.similar = r;
        this.offline = false;
      } catch (err) {
        if (seq !== this.seq) return;
        this.similar = null;
        this.offline = err.status === 0; // no network: as offline; a refusal shows nothing
      }
    }
    if (!this.picking) this.renderPeople(); // the picker's button comes and goes with the network
    this.renderSimilar();
  }

  render() {
    this.renderPeople();
    this.renderSimilar();
  }

  /** The parties picked from the cell's residents, and the picker. */
  renderPeople() {
    const box = this.page.root && this.page.root.querySelector('#report-people');
    if (!box) return;
    const d = this.draft;
    const people = d.people || [];
    const cell = this.cell();
    const rs = this.residents && this.residents.cell === cell ? this.residents : null;
    const picker = [];
    if (this.picking && rs && rs.list) {
      const f = this.filter.trim();
      const shown = rs.list.filter((r) => !f || r.name.includes(f)).slice(0, MAX_SHOWN);
      picker.push(h('input', {
        type: 'search', id: 'report-resident-filter', placeholder: t('intake.filter'), value: this.filter, 'aria-label': t('intake.filter'),
        oninput: (e) => { this.filter = e.target.value; this.renderPeople(); this.page.root.querySelector('#report-resident-filter').focus(); },
      }), h('ul', { class: 'list report-residents' }, shown.map((r) => h('li', {},
        h('button', { type: 'button', class: 'button button-small button-quiet', 'data-resident': r.id, onclick: () => this.pick(r) },
          [r.name, tv(r.relation), r.phone].filter(Boolean).join(' · '))))),
      shown.length ? null : h('p', { class: 'muted' }, t('intake.noMatch')));
    } else if (this.picking && rs && rs.error) {
      picker.push(h('p', { class: 'muted', id: 'report-residents-error' }, t(rs.error.status === 0 ? 'intake.pickOffline' : 'intake.noResidents')));
    }
    box.replaceChildren(h('legend', {}, t('intake.people')),
      h('ul', { class: 'report-people-list' }, people.map((p) => h('li', { class: 'chip', 'data-resident': p.resident_id },
        p.name, p.phone ? h('span', { class: 'muted' }, ' ', p.phone) : null, ' ',
        h('button', { type: 'button', class: 'button button-small', 'aria-label': t('intake.remove', { name: p.name }), onclick: () => this.unpick(p.resident_id) }, '×')))),
      cell && navigator.onLine !== false
        ? h('button', { type: 'button', class: 'button button-small', id: 'report-pick-resident', 'aria-expanded': String(this.picking), onclick: () => this.togglePicker() },
          t(this.picking ? 'intake.pickDone' : 'intake.pick'))
        : h('p', { class: 'muted' }, t(cell ? 'intake.pickOffline' : 'intake.pickNeedsPlace')),
      ...picker);
  }

  async togglePicker() {
    this.picking = !this.picking;
    const cell = this.cell();
    if (this.picking && cell && !(this.residents && this.residents.cell === cell && this.residents.list)) {
      try {
        const r = await api.residents(cell, 0, 1000);
        this.residents = { cell, list: r.residents || [] };
      } catch (err) {
        this.residents = { cell, error: err }; // asked again at the next opening
      }
    }
    this.renderPeople();
  }

  pick(r) {
    const d = this.draft;
    d.people = d.people || [];
    if (!d.people.some((p) => p.resident_id === r.id)) d.people.push({ resident_id: r.id, name: r.name, phone: r.phone || '' });
    this.page.touch();
    this.renderPeople();
    this.changed();
  }

  unpick(id) {
    this.draft.people = (this.draft.people || []).filter((p) => p.resident_id !== id);
    this.page.touch();
    this.renderPeople();
    this.changed();
  }

  /** The place changed cell: the people picked in the old one are not of the new one. */
  cellChanged() {
    const cell = this.cell();
    if (this.draft.people && this.draft.people.length && this.peopleCell && cell !== this.peopleCell) this.draft.people = [];
    this.peopleCell = cell;
    this.picking = false;
    this.renderPeople();
    this.changed();
  }

  /** The candidates with their reasons, the earlier disputes, and the case the report is linked to. */
  renderSimilar() {
    const box = this.page.root && this.page.root.querySelector('#report-similar');
    if (!box) return;
    const d = this.draft;
    const s = this.similar;
    const parts = [];
    if (this.offline) parts.push(h('p', { class: 'muted', id: 'report-similar-offline' }, t('intake.offline')));
    if (s && s.candidates.length) {
      parts.push(h('h3', {}, t('intake.similar', { n: s.candidates.length })),
        h('p', { class: 'muted' }, t('intake.similarHint')),
        h('ul', { class: 'list report-candidates' }, s.candidates.map((c) => h('li', { class: d.duplicate_of === c.id ? 'candidate linked' : 'candidate', 'data-incident': c.id },
          h('strong', {}, `#${c.id} ${c.summary}`), ' ',
          h('span', { class: 'muted' }, `${tv(c.type)} · ${t('status.' + c.status)}`),
          h('ul', { class: 'reasons' }, c.reasons.map((r) => h('li', { 'data-reason': r.reason },
            r.reason === 'nearby_same_type' ? t('intake.reason.nearby', { m: Math.round(r.distance_m || 0), days: r.days }) : t('intake.reason.parties', { days: r.days })))),
          h('button', { type: 'button', class: 'button button-small', 'data-action': 'link', 'aria-pressed': String(d.duplicate_of === c.id), onclick: () => this.link(c.id) },
            t(d.duplicate_of === c.id ? 'intake.unlink' : 'intake.link'))))));
    }
    if (s && s.history.length) {
      parts.push(h('h3', {}, t('intake.history', { n: s.history_total })),
        h('ul', { class: 'list report-history' }, s.history.map((c) => h('li', { 'data-incident': c.id },
          `#${c.id} ${c.summary} · ${tv(c.type)} · ${t('status.' + c.status)} · ${(c.reported_at || '').slice(0, 10)}`))));
    }
    if (d.duplicate_of) {
      parts.push(h('p', { class: 'notice notice-warning', id: 'report-linked', role: 'note' }, t('intake.linked', { id: d.duplicate_of }),
        ' ', h('button', { type: 'button', class: 'button button-small', 'data-action': 'unlink', onclick: () => this.link(d.duplicate_of) }, t('intake.unlink'))));
    }
    box.hidden = !parts.length;
    box.replaceChildren(...parts);
    const submit = this.page.root.querySelector('#report-submit');
    if (submit && this.page.state === 'editing') submit.textContent = t(d.duplicate_of ? 'intake.submitLinked' : 'report.submit');
  }

  /** Links the report to case id instead of opening another, or unlinks it. */
  link(id) {
    this.draft.duplicate_of = this.draft.duplicate_of === id ? 0 : id;
    this.page.touch();
    this.renderSimilar();
  }
}
