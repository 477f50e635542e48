// An incident in a list: a row that opens, on demand, into its detail with
// the parties and the description as far as the server shows them to the
// user (in full, masked, or withheld), its timeline, and for those who may
// act, the moves the server allows now and the suggested mediators.

import { api } from './api.js';
import { t, tv, num, date, dateTime } from './i18n.js';
import { h } from './dom.js';
import { deniedNotice, errorText, isDenied, field, fieldError, showError } from './ui.js';
import { current, role } from './session.js';

const SUGGESTED = 5; // the best few mediators are enough to choose from
const OUTCOMES = ['agreement', 'no_agreement', 'ongoing'];
const MANAGERS = ['unit_cadre', 'leader', 'admin']; // who assign mediators and move incidents between cells
const EXTENDERS = ['unit_cadre', 'admin']; // who may extend a petition's reply deadline (the server checks the unit)
const PHOTO_TYPES = 'image/jpeg,image/png,image/webp'; // what the server keeps (it sniffs the bytes)
const PHOTO_MAX = 5 << 20; // bytes, the server's limit

let cellNames = new Map(); // code -> name, for "which cell"
let mediatorsP = null;
const writeListeners = [];

/**
 * Calls fn(incident) after every write that changed an incident (a move, a
 * mediation record, a photo, mediators, cell, a report), so that the counts
 * shown elsewhere (the dock, 我的案件, the cell panel) follow.
 */
export function onIncidentWritten(fn) {
  writeListeners.push(fn);
}

/** Tells the listeners that incident i was written. */
export function incidentWritten(i) {
  for (const fn of writeListeners) fn(i);
}

/** Whether moving an incident in status from to status to reopens it (重新办理): never the primary action. */
function reopens(from, to) {
  return to === 'mediating' && (from === 'resolved' || from === 'closed');
}

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

/**
 * A paged list of incidents as the dock, 我的案件 and the work list show it:
 * the rows of list.items (each an IncidentRow kept in list.rows, so that an
 * open row stays open) and under them what the list's state calls for
 * (loading, a refusal, an error with a retry, the next page, or none).
 * list: {items, total, state, error, rows}; more() loads the next page or
 * tries again; none is the words for an empty list; cls the <ul>'s class.
 */
export function incidentList(list, { onCell, more, none, cls }) {
  let foot = null;
  if (list.state === 'loading') foot = h('p', { class: 'muted' }, t('list.loading'));
  else if (list.state === 'error' && isDenied(list.error)) foot = deniedNotice(list.error, t('what.incidents'));
  else if (list.state === 'error') {
    foot = h('p', { class: 'notice notice-error' }, errorText(list.error), ' ',
      h('button', { type: 'button', class: 'button button-small', onclick: more }, t('list.retry')));
  } else if (list.items.length < list.total) {
    foot = h('button', { type: 'button', class: 'button button-more', onclick: more },
      t('list.more', { shown: num(list.items.length), total: num(list.total) }));
  } else if (list.state === 'ok' && !list.items.length) foot = h('p', { class: 'muted' }, none);
  const rows = list.items.map((i) => {
    let row = list.rows.get(i.id);
    if (!row) list.rows.set(i.id, (row = new IncidentRow(i, { onCell })));
    return row.render();
  });
  return [rows.length ? h('ul', { class: cls }, rows) : '', foot || ''];
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
    // A failed move's message, under the buttons, comes into view once.
    if (this.flash && this.flash.kind !== 'ok' && this.flashShown !== this.flash) {
      this.flashShown = this.flash;
      showError(this.el.querySelector('[data-flash]'));
    }
  }

  async load() {
    this.state = 'loading';
    try {
      const [d, meds, ev, docs] = await Promise.all([api.incident(this.i.id), mediatorsById().catch(() => new Map()),
        api.events(this.i.id).catch(() => null), documents(this.i.id, null)]);
      // The records are for those with full access: a masked detail says so without asking.
      this.records = d.masked ? { error: { status: 403 } } : await records(this.i.id);
      this.photos = d.masked ? { error: { status: 403 } } : await photos(this.i.id);
      this.setDetail(d);
      this.mediators = meds;
      this.events = ev ? ev.events || [] : null;
      this.docs = docs;
      this.state = 'ok';
      // Suggestions are for those who may act on it or assign its mediators.
      this.suggestions = (d.next && d.next.length) || mayManage() ? (await api.suggestions(this.i.id).catch(() => null)) : null;
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
    return [renderDetail(this.detail, this.mediators, this.onCell), this.renderPartiesEdit(), this.renderWorkflow(), this.renderFollowup(), this.renderMediation(), this.renderDocuments(), this.renderPhotos()];
  }

  /**
   * Takes the incident's version from a write's answer (incident_version,
   * which every write that changes an incident carries), so that the next
   * versioned write starts from it and is not refused as stale.
   */
  wrote(answer) {
    const v = answer && answer.incident_version;
    if (v && this.detail && v > this.detail.version) this.setDetail({ ...this.detail, version: v });
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
      d.near_cell ? h('p', { class: 'notice notice-warning', role: 'note', 'data-near': d.near_cell },
        t('report.nearBoundary', { name: cellNames.get(d.near_cell) || d.near_cell, code: d.near_cell, m: Math.round(d.near_distance_m || 0) })) : null,
      d.near_cell && mayManage() ? h('form', { class: 'form incident-reassign', id: id + '-reassign', novalidate: true, onsubmit: (e) => { e.preventDefault(); this.reassign(); } },
        field(t('reassign.reason'), h('input', { id: id + '-reason', name: 'reason', type: 'text', maxlength: 200, value: this.reason || '', oninput: (e) => { this.reason = e.target.value; } })),
        h('div', { class: 'actions-row' }, h('button', { type: 'submit', class: 'button button-small', 'data-action': 'reassign', disabled: this.busy },
          t('reassign.button', { name: cellNames.get(d.near_cell) || d.near_cell })))) : null,
      this.renderExtend(),
      next.length ? h('form', { class: 'form incident-actions', id: id + '-actions', novalidate: true, onsubmit: (e) => e.preventDefault() },
        h('h4', {}, t('incident.actions')),
        field(t('incident.note'), h('textarea', { id: id + '-note', name: 'note', rows: 2, oninput: (e) => { this.note = e.target.value; } }, this.note || ''), t('incident.noteHint')),
        h('div', { class: 'actions-row' }, next.filter((to) => !reopens(d.status, to)).map((to) => h('button', {
          type: 'button', class: `button button-small ${to === 'reported' || to === 'duplicate' ? 'button-quiet' : ''}`,
          'data-to': to, disabled: this.busy, onclick: () => this.move(to),
        }, t('action.' + to)))),
        next.some((to) => reopens(d.status, to)) ? this.renderReopen() : null) : null,
      this.flash ? h('p', { class: `notice ${this.flash.kind === 'ok' ? 'notice-ok' : this.flash.kind === 'queued' ? 'notice-warning' : 'notice-error'}`, role: 'status', 'data-flash': this.flash.kind }, this.flash.text) : null,
      h('h4', {}, t('incident.timeline')),
      this.events && this.events.length
        ? h('ol', { class: 'timeline', id: id + '-timeline' }, this.events.map((e) => h('li', { class: 'timeline-item', 'data-kind': e.kind, 'data-to': e.to || '' },
          h('span', { class: 'timeline-when muted' }, dateTime(e.at)),
          h('span', { class: 'timeline-what' }, e.to ? (e.from ? t('incident.event', { from: t('status.' + e.from), to: t('status.' + e.to) }) : t('status.' + e.to)) : t('event.' + e.kind),
            e.actor_name ? h('span', { class: 'muted' }, ' · ', e.actor_name) : null),
          // The deadline of the stage this event began (working days on the town's calendar), late or not.
          e.due_at ? h('span', { class: 'timeline-due muted', 'data-due': e.due_at },
            t(e.to === 'resolved' ? 'incident.stageFollowupDue' : 'incident.stageDue', { at: dateTime(e.due_at) }),
            e.late ? [' ', h('span', { class: 'badge badge-overdue', 'data-late': 'true' }, t('incident.late'))] : null) : null,
          e.note ? h('span', { class: 'timeline-note' }, this.eventNote(e)) : null)))
        : h('p', { class: 'muted' }, t('incident.noEvents')),
      this.renderAssigned(),
      (next.length || mayManage()) && this.suggestions && this.suggestions.suggestions && this.suggestions.suggestions.length ? [
        h('h4', {}, t('incident.suggestions')),
        h('ol', { class: 'suggestions', id: id + '-suggestions' }, this.suggestions.suggestions.slice(0, this.allSuggestions ? undefined : SUGGESTED).map((s) => h('li', { class: 'suggestion', 'data-mediator': s.mediator.id },
          h('span', { class: 'suggestion-head' }, h('strong', {}, s.mediator.name), ' ',
            h('span', { class: 'muted' }, tv(s.mediator.role) || t('category.' + s.mediator.category)), ' ',
            h('span', { class: 'badge' }, t('incident.score', { n: s.score })),
            mayManage() ? ((d.mediators || []).includes(s.mediator.id)
              ? h('span', { class: 'badge badge-assigned', 'data-assigned': 'true' }, t('assign.assigned'))
              : h('button', { type: 'button', class: 'button button-small', 'data-action': 'assign', disabled: this.busy,
                onclick: () => this.assign([...(d.mediators || []), s.mediator.id]) }, t('assign.button'))) : null),
          h('span', { class: 'suggestion-reasons muted' }, (s.reasons || []).map((r) => r.text).join(t('list.sep')))))),
        !this.allSuggestions && this.suggestions.suggestions.length > SUGGESTED
          ? h('button', { type: 'button', class: 'button button-small button-quiet', 'data-action': 'more-suggestions', onclick: () => { this.allSuggestions = true; this.rerender(false); } },
            t('incident.moreSuggestions', { n: this.suggestions.suggestions.length - SUGGESTED })) : null] : null,
    ];
  }

  /**
   * 重新办理: a resolved or closed case goes back into mediation only by a
   * quiet secondary button and a confirmation, never by the most prominent
   * button of a finished case.
   */
  renderReopen() {
    if (!this.confirmReopen) {
      return h('div', { class: 'reopen' },
        h('span', { class: 'muted' }, t('incident.reopenLead', { status: t('status.' + this.detail.status) })), ' ',
        h('button', { type: 'button', class: 'button button-small button-quiet', 'data-action': 'reopen', disabled: this.busy,
          onclick: () => { this.confirmReopen = true; this.rerender(false); } }, t('incident.reopen')));
    }
    const id = `incident-${this.detail.id}-reopen-reason`;
    // The reason is the move's note (the same as the field above), asked for here where it is needed.
    return h('div', { class: 'notice notice-warning reopen-confirm', role: 'group', 'aria-label': t('incident.reopen') },
      h('p', {}, t('incident.reopenConfirm')),
      field(t('incident.reopenReason'), h('textarea', { id, name: 'reopen-reason', rows: 2, required: true,
        oninput: (e) => { this.note = e.target.value; } }, this.note || '')),
      h('div', { class: 'actions-row' },
        h('button', { type: 'button', class: 'button button-small button-danger', 'data-action': 'reopen-confirm', disabled: this.busy,
          onclick: (e) => {
            if (!(this.note || '').trim()) {
              const box = e.target.closest('.reopen-confirm');
              fieldError(box, 'reopen-reason', t('incident.noteRequired'));
              return;
            }
            this.confirmReopen = false;
            this.move('mediating');
          } }, t('incident.reopenYes')),
        h('button', { type: 'button', class: 'button button-small button-quiet', 'data-action': 'reopen-cancel',
          onclick: () => { this.confirmReopen = false; this.rerender(false); } }, t('incident.reopenNo'))));
  }

  /** An event's note in words: an assignment lists mediator IDs, a mediation record its outcome. */
  eventNote(e) {
    if (e.kind === 'assigned') {
      const ids = (e.note.match(/\d+/g) || []).map(Number);
      return ids.map((mid) => (this.mediators && this.mediators.get(mid) ? this.mediators.get(mid).name : '#' + mid)).join(t('list.sep'));
    }
    if (e.kind === 'mediation' && OUTCOMES.includes(e.note)) return t('outcome.' + e.note);
    if (e.kind === 'followup') return e.note === 'passed' ? t('followup.passed') : e.note === 'not reached' ? t('followup.notReached') : t('followup.failed');
    if (e.kind === 'linked') return t('linked.note', { id: e.note });
    if (e.kind === 'parties') return t('parties.note', { n: e.note });
    if (e.kind === 'extended') {
      const m = /^(\d+): ([\s\S]*)$/.exec(e.note);
      if (m) return t('extend.note', { n: m[1], reason: m[2] });
    }
    return e.note;
  }

  /**
   * 回访: on a resolved case, the form for the case's cadre, grid worker,
   * mediator or an admin (the server decides). A failed 回访 takes the case
   * back to mediation; 办结 is offered once one has passed.
   */
  renderFollowup() {
    const d = this.detail;
    const me = current();
    const mine = me && me.user && me.user.role;
    if (d.status !== 'resolved' || d.masked || !['admin', 'unit_cadre', 'grid_worker', 'mediator'].includes(mine)) return null;
    if (!this.fu) this.fu = { method: 'visit', reached: true, performed: 'yes', satisfaction: 'satisfied', note: '', key: 'fu-' + d.id + '-' + Date.now() };
    const f = this.fu;
    const id = `incident-${d.id}-followup`;
    const choose = (name, codes, prefix) => h('select', { id: id + '-' + name, name, disabled: name !== 'method' && !f.reached, onchange: (e) => { f[name] = e.target.value; } },
      codes.map((c) => h('option', { value: c, selected: f[name] === c }, t(prefix + c))));
    return h('form', { class: 'form followup-form', id, novalidate: true, onsubmit: (e) => { e.preventDefault(); this.saveFollowup(); } },
      h('h4', {}, t('followup.title')),
      field(t('followup.method'), choose('method', ['visit', 'phone'], 'followup.method.')),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'reached', checked: f.reached, onchange: (e) => { f.reached = e.target.checked; this.rerender(false); } }), ' ', t('followup.reached')),
      field(t('followup.performed'), choose('performed', ['yes', 'partly', 'no'], 'followup.performed.')),
      field(t('followup.satisfaction'), choose('satisfaction', ['satisfied', 'basically_satisfied', 'dissatisfied'], 'followup.satisfaction.')),
      field(t('followup.note'), h('textarea', { id: id + '-note', name: 'note', rows: 2, oninput: (e) => { f.note = e.target.value; } }, f.note)),
      h('p', { class: 'muted' }, t('followup.rule')),
      h('div', { class: 'actions-row' }, h('button', { type: 'submit', class: 'button button-small', 'data-action': 'followup', disabled: this.busy }, t('followup.submit'))));
  }

  /** Sends the 回访 form at the version this row saw; the case and its timeline follow. */
  async saveFollowup() {
    const d = this.detail;
    const f = this.fu;
    const body = f.reached ? { method: f.method, reached: true, performed: f.performed, satisfaction: f.satisfaction, note: f.note.trim() }
      : { method: f.method, reached: false, note: f.note.trim() };
    const ok = await this.write(() => api.addFollowup(d.id, d.version, body, f.key).then((r) => r.incident),
      () => (this.detail.status === 'mediating' ? t('followup.reopened') : t('followup.saved')), '.followup-form');
    if (ok) this.fu = null;
  }

  /**
   * 卷宗: each document of the case file, a link that opens it for printing
   * in a new tab when present (for those who see the case in full), or why it
   * is missing; and the window for 司法确认 of the agreement, flagged when
   * fewer than 7 days are left (the server says when: closing).
   */
  renderDocuments() {
    const d = this.detail;
    const docs = this.docs;
    if (!docs || !docs.items) return null;
    const w = docs.window;
    let window = null;
    if (w) {
      const state = w.expired ? 'expired' : w.closing ? 'closing' : 'open';
      const text = w.expired ? t('docs.windowExpired', { deadline: w.deadline })
        : t(w.closing ? 'docs.windowClosing' : 'docs.window', { agreed: w.agreement_date, deadline: w.deadline, n: w.days_left });
      window = h('p', { class: `notice ${w.closing ? 'notice-warning' : 'notice-ok'} confirmation-window`, 'data-window': state, role: w.closing ? 'alert' : null }, text);
    }
    return [h('h4', {}, t('docs.title')), window,
      h('ul', { class: 'documents', id: `incident-${d.id}-documents` }, docs.items.map((it) => h('li', { class: 'document', 'data-kind': it.kind, 'data-present': String(it.present) },
        it.present && docs.readable
          ? h('a', { href: api.documentURL(d.id, it.kind), target: '_blank', rel: 'noopener' }, t('docs.kind.' + it.kind))
          : h('span', {}, t('docs.kind.' + it.kind)),
        ' ', it.present ? h('span', { class: 'badge badge-assigned' }, t('docs.present')) : h('span', { class: 'muted', 'data-missing': it.missing }, t('docs.missing.' + it.missing))))),
      docs.readable ? h('p', { class: 'muted' }, t('docs.hint')) : null];
  }

  /** The assigned mediators, each with a remove button for those who may assign. */
  renderAssigned() {
    const d = this.detail;
    if (!mayManage()) return null;
    const ids = d.mediators || [];
    return [h('h4', {}, t('assign.title')),
      ids.length
        ? h('ul', { class: 'assigned', id: `incident-${d.id}-assigned` }, ids.map((mid) => {
          const m = this.mediators && this.mediators.get(mid);
          return h('li', { class: 'assigned-item', 'data-mediator': mid },
            h('span', {}, m ? t('incident.mediator', { name: m.name, role: tv(m.role) || t('category.' + m.category) }) : '#' + mid), ' ',
            h('button', { type: 'button', class: 'button button-small button-quiet', 'data-action': 'unassign', disabled: this.busy,
              onclick: () => this.assign(ids.filter((x) => x !== mid)) }, t('assign.remove')));
        }))
        : h('p', { class: 'muted' }, t('assign.none'))];
  }

  /** 调解记录: the records as far as the user may read them, and the form for those who may record. */
  renderMediation() {
    const d = this.detail;
    const id = `incident-${d.id}`;
    const rec = this.records;
    let list;
    if (!rec) list = null;
    else if (rec.error) list = isDenied(rec.error) ? deniedNotice(rec.error, t('what.mediation')) : h('p', { class: 'notice notice-error' }, errorText(rec.error));
    else if (!(rec.records || []).length) list = h('p', { class: 'muted' }, t('mediation.none'));
    else {
      list = h('ol', { class: 'mediation-records', id: id + '-records' }, rec.records.map((r) => h('li', { class: 'mediation-record', 'data-record': r.id, 'data-outcome': r.outcome },
        h('span', { class: 'mediation-head' },
          h('span', { class: `badge badge-outcome-${r.outcome}` }, t('outcome.' + r.outcome)), ' ',
          h('span', { class: 'muted' }, dateTime(r.at)), ' ',
          h('span', {}, (r.mediators || []).map((mid) => (this.mediators && this.mediators.get(mid) ? this.mediators.get(mid).name : '#' + mid)).join(t('list.sep')))),
        r.agreement_ref ? h('span', { class: 'mediation-ref', 'data-field': 'agreement_ref' }, t('mediation.ref', { ref: r.agreement_ref })) : null,
        r.agreement_text ? h('span', { class: 'mediation-text' }, r.agreement_text) : null,
        r.follow_up_on ? h('span', { class: 'muted', 'data-field': 'follow_up_on' }, t('mediation.followUpOn', { date: date(r.follow_up_on) })) : null,
        r.amount_agreed ? h('span', { class: 'mediation-amount', 'data-field': 'amount_agreed' }, t('mediation.amountOf', { amount: num(r.amount_agreed, 2) })) : null,
        r.prevented_crime ? h('span', { class: 'badge', 'data-field': 'prevented_crime' }, t('mediation.preventedCrime')) : null,
        r.prevented_petition ? h('span', { class: 'badge', 'data-field': 'prevented_petition' }, t('mediation.preventedPetition')) : null,
        r.note ? h('span', { class: 'timeline-note' }, r.note) : null)));
    }
    return [h('h4', {}, t('mediation.title')), list, this.mayRecord() ? this.renderMediationForm() : null];
  }

  /**
   * 修改当事人: for those who see the parties in full, a folded form that
   * replaces them (a resident's row keeps its record; the others' names and
   * phones are edited), sent with the version seen.
   */
  renderPartiesEdit() {
    const d = this.detail;
    if (d.masked || !this.mayRecord()) return null;
    const id = `incident-${d.id}-parties`;
    if (!this.partyRows) {
      this.partyRows = (d.party_details && d.party_details.length ? d.party_details : (d.parties || []).map((name) => ({ name, phone: '' })))
        .map((p) => ({ ...p }));
    }
    const rows = this.partyRows;
    return h('details', { class: 'parties-edit', id, open: this.partiesOpen || null, ontoggle: (e) => { this.partiesOpen = e.target.open; } },
      h('summary', {}, t('parties.edit')),
      h('form', { class: 'form', novalidate: true, onsubmit: (e) => { e.preventDefault(); this.saveParties(); },
        oninput: (e) => { if (e.currentTarget.querySelector('[aria-invalid="true"]')) fieldError(e.currentTarget, '', ''); } },
      rows.map((p, i) => h('div', { class: 'party-row', 'data-party': i },
        field(t('parties.name', { n: i + 1 }), h('input', { id: `${id}-${i}-name`, name: `party_details[${i}].name`, type: 'text', maxlength: 50,
          value: p.name || '', disabled: !!p.resident_id, oninput: (e) => { p.name = e.target.value; } })),
        field(t('parties.phone'), h('input', { id: `${id}-${i}-phone`, name: `party_details[${i}].phone`, type: 'tel', maxlength: 20,
          value: p.phone || '', disabled: !!p.resident_id, oninput: (e) => { p.phone = e.target.value; } })),
        h('button', { type: 'button', class: 'button button-small button-quiet', 'data-action': 'remove-party',
          onclick: () => { rows.splice(i, 1); this.rerender(false); } }, t('parties.remove')))),
      this.partiesFlash ? h('p', { class: `notice ${this.partiesFlash.kind === 'ok' ? 'notice-ok' : 'notice-error'}`, role: 'status' }, this.partiesFlash.text) : null,
      h('div', { class: 'actions-row' },
        h('button', { type: 'button', class: 'button button-small button-quiet', 'data-action': 'add-party',
          onclick: () => { rows.push({ name: '', phone: '' }); this.rerender(false); } }, t('parties.add')),
        h('button', { type: 'submit', class: 'button button-small', id: id + '-submit', disabled: this.busy }, t('parties.save')))));
  }

  /** Sends the parties; a 400 shows at the field the server names, a 409 says the case changed. */
  async saveParties() {
    if (this.busy) return;
    const d = this.detail;
    const party_details = this.partyRows.map((p) => (p.resident_id ? { resident_id: p.resident_id } : { name: (p.name || '').trim(), phone: (p.phone || '').trim() }));
    this.busy = true;
    this.partiesFlash = null;
    try {
      const out = await api.editParties(d.id, d.version, party_details);
      this.setDetail({ ...this.detail, ...out });
      incidentWritten(this.detail);
      this.partyRows = null;
      this.partiesFlash = { kind: 'ok', text: t('parties.saved') };
      this.events = await api.events(d.id).then((r) => r.events || []).catch(() => this.events);
    } catch (err) {
      this.busy = false;
      if (err.status === 400 && /^party_details/.test(err.field || '')) {
        this.rerender(false);
        const form = this.el && this.el.querySelector('.parties-edit form');
        if (form) fieldError(form, err.field, err.message);
        return;
      }
      this.partiesFlash = { kind: 'error', text: err.status === 409 ? t('parties.stale') : err.status === 403 ? t('incident.forbidden') : errorText(err) };
    }
    this.busy = false;
    this.rerender(false);
  }

  /** Whether to offer the mediation form: the user may act on the incident or is one of its mediators. */
  mayRecord() {
    const d = this.detail;
    const me = current();
    const mid = me && me.user && me.user.mediator_id;
    if (this.records && this.records.error && isDenied(this.records.error)) return false;
    return !!((d.next && d.next.length) || (mid && (d.mediators || []).includes(mid)));
  }

  renderMediationForm() {
    const d = this.detail;
    const id = `incident-${d.id}-mediation`;
    if (!this.med) {
      const me = current();
      const mine = me && me.user && me.user.mediator_id;
      const assigned = d.mediators || [];
      this.med = { at: townNow(), mediators: assigned.includes(mine) ? [mine] : [...assigned], outcome: 'agreement', agreement_text: '', agreement_ref: '', follow_up_on: '', note: '',
        amount_agreed: '', prevented_crime: false, prevented_petition: false };
    }
    const m = this.med;
    const bind = (k) => (e) => { m[k] = e.target.value; };
    const assigned = d.mediators || [];
    return h('form', {
      class: 'form mediation-form', id, novalidate: true, onsubmit: (e) => { e.preventDefault(); this.saveMediation(); },
      oninput: (e) => { if (e.currentTarget.querySelector('[aria-invalid="true"]')) fieldError(e.currentTarget, '', ''); },
    },
      h('h4', {}, t('mediation.record')),
      field(t('mediation.at'), h('input', { id: id + '-at', name: 'at', type: 'datetime-local', value: m.at, oninput: bind('at') })),
      h('div', { class: 'field', 'data-for': 'mediators' },
        h('fieldset', { class: 'report-mediators', id: id + '-mediators' },
          h('legend', {}, t('mediation.mediators')),
          assigned.length ? assigned.map((mid) => {
            const x = this.mediators && this.mediators.get(mid);
            return h('label', { class: 'check' },
              h('input', { type: 'checkbox', name: 'mediator', value: mid, 'data-mediator': mid, checked: m.mediators.includes(mid),
                onchange: (e) => { m.mediators = e.target.checked ? [...m.mediators, mid] : m.mediators.filter((y) => y !== mid); } }),
              ' ', x ? x.name : '#' + mid);
          }) : h('p', { class: 'muted' }, t('assign.none'))),
        h('p', { class: 'field-error', id: id + '-mediators-error', hidden: true })),
      field(t('mediation.outcome'), h('select', { id: id + '-outcome', name: 'outcome', onchange: (e) => { m.outcome = e.target.value; } },
        OUTCOMES.map((o) => h('option', { value: o, selected: m.outcome === o }, t('outcome.' + o))))),
      field(t('mediation.agreementText'), h('textarea', { id: id + '-agreement_text', name: 'agreement_text', rows: 2, oninput: bind('agreement_text') }, m.agreement_text), t('mediation.agreementHint')),
      field(t('mediation.agreementRef'), h('input', { id: id + '-agreement_ref', name: 'agreement_ref', type: 'text', maxlength: 100, value: m.agreement_ref, oninput: bind('agreement_ref') })),
      field(t('mediation.amount'), h('input', { id: id + '-amount_agreed', name: 'amount_agreed', type: 'text', inputmode: 'decimal',
        pattern: '[0-9]+(\\.[0-9]{1,2})?', value: m.amount_agreed, oninput: bind('amount_agreed') }), t('mediation.amountHint')),
      h('div', { class: 'field', 'data-for': 'prevented' },
        h('fieldset', { id: id + '-prevented' }, h('legend', {}, t('mediation.prevented')),
          ['prevented_crime', 'prevented_petition'].map((k) => h('label', { class: 'check' },
            h('input', { type: 'checkbox', name: k, id: `${id}-${k}`, checked: m[k], onchange: (e) => { m[k] = e.target.checked; } }),
            ' ', t(k === 'prevented_crime' ? 'mediation.preventedCrime' : 'mediation.preventedPetition')))),
        h('p', { class: 'field-error', id: id + '-prevented-error', hidden: true })),
      field(t('mediation.followUp'), h('input', { id: id + '-follow_up_on', name: 'follow_up_on', type: 'date', value: m.follow_up_on, oninput: bind('follow_up_on') })),
      field(t('mediation.note'), h('textarea', { id: id + '-note', name: 'note', rows: 2, oninput: bind('note') }, m.note)),
      this.medFlash ? h('p', { class: `notice ${this.medFlash.kind === 'ok' ? 'notice-ok' : this.medFlash.kind === 'queued' ? 'notice-warning' : 'notice-error'}`, role: 'status', 'data-flash': this.medFlash.kind }, this.medFlash.text) : null,
      h('div', { class: 'actions-row' }, h('button', { type: 'submit', class: 'button button-small', id: id + '-submit', disabled: this.busy },
        t(this.busy ? 'mediation.saving' : 'mediation.submit'))));
  }

  /** 照片: thumbnails that open full size, and the upload for those who may record mediation. */
  renderPhotos() {
    const d = this.detail;
    const id = `incident-${d.id}-photos`;
    const ph = this.photos;
    let list;
    if (!ph) list = null;
    else if (ph.error) list = isDenied(ph.error) ? deniedNotice(ph.error, t('what.photos')) : h('p', { class: 'notice notice-error' }, errorText(ph.error));
    else if (!(ph.attachments || []).length) list = h('p', { class: 'muted' }, t('photos.none'));
    else {
      list = h('ul', { class: 'photos', id }, ph.attachments.map((a) => h('li', { class: 'photo', 'data-attachment': a.id },
        h('a', { href: api.attachmentURL(a.id), target: '_blank', rel: 'noopener', title: t('photos.open', { name: a.name }) },
          h('img', { class: 'photo-thumb', src: api.attachmentURL(a.id), alt: a.name })),
        h('span', { class: 'photo-name' }, a.name),
        h('span', { class: 'photo-meta muted' }, dateTime(a.created_at), ' · ', size(a.size)))));
    }
    const denied = ph && ph.error && isDenied(ph.error);
    return [h('h4', {}, t('photos.title')), list, !denied && this.mayRecord() ? this.renderPhotoForm() : null];
  }

  renderPhotoForm() {
    const id = `incident-${this.detail.id}-photo`;
    const busy = this.photoProgress != null;
    const form = h('form', { class: 'form photo-form', id, novalidate: true, onsubmit: (e) => e.preventDefault() },
      field(t('photos.add'), h('input', {
        id: id + '-file', name: 'file', type: 'file', accept: PHOTO_TYPES, capture: 'environment', disabled: busy,
        onchange: (e) => { const f = e.target.files && e.target.files[0]; e.target.value = ''; if (f) this.upload(f); },
      }), t('photos.hint')),
      busy ? h('p', { class: 'photo-progress', role: 'status', 'data-busy': 'true' },
        h('progress', { max: 1, value: this.photoProgress }), ' ', t('photos.uploading', { n: Math.round(this.photoProgress * 100) })) : null,
      this.photoFlash ? h('p', { class: 'notice notice-ok', role: 'status', 'data-flash': 'ok' }, this.photoFlash) : null);
    if (this.photoError) fieldError(form, 'file', this.photoError);
    return form;
  }

  /** Uploads a photo with a progress bar; the server's refusal shows at the file field. */
  async upload(file) {
    if (this.photoProgress != null) return;
    const d = this.detail;
    this.photoError = '';
    this.photoFlash = '';
    if (file.size > PHOTO_MAX) {
      this.photoError = t('photos.tooLarge');
      this.rerender(false);
      return;
    }
    this.photoProgress = 0;
    this.rerender(false);
    try {
      const added = await api.addAttachment(d.id, file, (f) => {
        this.photoProgress = f;
        const bar = this.el && this.el.querySelector('.photo-progress progress');
        if (bar) bar.value = f;
      });
      this.wrote(added);
      incidentWritten(this.detail);
      this.photoFlash = t('photos.added', { name: file.name });
      this.photos = await photos(d.id);
    } catch (err) {
      if (err.status === 413) this.photoError = t('photos.tooLarge');
      else if (err.status === 400 && err.message) this.photoError = err.message;
      else this.photoError = err.status === 403 ? t('incident.forbidden') : errorText(err);
    }
    this.photoProgress = null;
    this.rerender(false);
  }

  /** Sends the mediation form; a 400 shows at the field the server names. */
  async saveMediation() {
    if (this.busy) return;
    const d = this.detail;
    const m = this.med;
    this.busy = true;
    this.medFlash = null;
    this.rerender(false);
    // The session's time is fixed now: a resend from the outbox is then the same record, which the server keeps once.
    const record = {
      mediators: m.mediators, at: m.at ? m.at + ':00+08:00' : new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(), outcome: m.outcome,
      agreement_text: m.agreement_text.trim(), agreement_ref: m.agreement_ref.trim(), follow_up_on: m.follow_up_on, note: m.note.trim(),
      amount_agreed: m.amount_agreed.trim() || null, prevented_crime: m.prevented_crime, prevented_petition: m.prevented_petition,
    };
    try {
      const saved = await api.addMediation(d.id, record);
      this.wrote(saved);
      incidentWritten(this.detail);
      this.med = null;
      this.medFlash = { kind: 'ok', text: t('mediation.saved') };
      const [rec, ev, docs] = await Promise.all([records(d.id), api.events(d.id).then((r) => r.events || []).catch(() => this.events), documents(d.id, this.docs)]);
      this.records = rec;
      this.events = ev;
      this.docs = docs;
    } catch (err) {
      this.busy = false;
      if (err.status === 400 && ['agreement_text', 'agreement_ref', 'mediators', 'at', 'outcome', 'follow_up_on', 'note', 'amount_agreed'].includes(err.field)) {
        this.rerender(false);
        const form = this.el && this.el.querySelector('.mediation-form');
        const words = { agreement_text: t('mediation.agreementRequired'), agreement_ref: t('mediation.agreementRequired'), mediators: t('mediation.mediatorsRequired'), amount_agreed: t('mediation.amountInvalid') };
        if (form) fieldError(form, err.field, words[err.field] || err.message);
        return;
      }
      if (err.status === 0 && await this.queue('mediation', { n: d.id, record, summary: d.summary })) {
        this.med = null;
        this.medFlash = { kind: 'queued', text: t('outbox.mediationQueued') };
        this.rerender(false);
        return;
      }
      this.medFlash = { kind: 'error', text: err.status === 403 ? t('incident.forbidden') : errorText(err) };
    }
    this.busy = false;
    this.rerender(false);
  }

  /** Replaces the assigned mediators with ids, at the version this row saw. */
  async assign(ids) {
    const d = this.detail;
    if (!(await this.write(() => api.assignMediators(d.id, d.version, ids), () => t('assign.done'))) || !this.med) return;
    // The mediation form offers the assigned mediators: keep those still assigned, or check them all.
    const kept = this.med.mediators.filter((mid) => ids.includes(mid));
    this.med.mediators = kept.length ? kept : [...ids];
    this.rerender(false);
  }

  /**
   * A petition's reply deadline (《信访工作条例》: 60 days from 受理), while
   * its clock runs and it was not extended yet: the cadres of its unit and
   * admins may extend it once, by up to 30 days, for a reason.
   */
  renderExtend() {
    const d = this.detail;
    if (!d.reply_due || d.extension_days || !EXTENDERS.includes(role())) return null;
    const id = `incident-${d.id}`;
    return h('form', { class: 'form incident-extend', id: id + '-extend', novalidate: true, onsubmit: (e) => { e.preventDefault(); this.extend(); } },
      h('h4', {}, t('extend.title')),
      field(t('extend.days'), h('input', { id: id + '-extend-days', name: 'days', type: 'number', min: 1, max: 30, step: 1, inputmode: 'numeric', value: this.extendDays || '', oninput: (e) => { this.extendDays = e.target.value; } }), t('extend.daysHint')),
      field(t('extend.reason'), h('input', { id: id + '-extend-reason', name: 'reason', type: 'text', maxlength: 500, value: this.extendReason || '', oninput: (e) => { this.extendReason = e.target.value; } })),
      h('div', { class: 'actions-row' }, h('button', { type: 'submit', class: 'button button-small button-quiet', 'data-action': 'extend', disabled: this.busy }, t('extend.button'))));
  }

  /** Extends the petition's reply deadline by the days given, for the reason given. */
  async extend() {
    const d = this.detail;
    const days = Number(this.extendDays);
    const reason = (this.extendReason || '').trim();
    const form = this.el && this.el.querySelector('.incident-extend');
    if (!Number.isInteger(days) || days < 1 || days > 30) {
      if (form) fieldError(form, 'days', t('extend.daysBad'));
      return;
    }
    if (!reason) {
      if (form) fieldError(form, 'reason', t('extend.reasonRequired'));
      return;
    }
    if (await this.write(() => api.extendReply(d.id, d.version, days, reason), () => t('extend.done', { n: days }), '.incident-extend')) {
      this.extendDays = '';
      this.extendReason = '';
    }
  }

  /** Moves the incident to its near cell, for the reason given. */
  async reassign() {
    const d = this.detail;
    const reason = (this.reason || '').trim();
    const form = this.el && this.el.querySelector('.incident-reassign');
    if (!reason) {
      if (form) fieldError(form, 'reason', t('reassign.reasonRequired'));
      return;
    }
    const name = cellNames.get(d.near_cell) || d.near_cell;
    if (await this.write(() => api.reassign(d.id, d.version, d.near_cell, reason), () => t('reassign.done', { name }), '.incident-reassign')) this.reason = '';
  }

  /**
   * Runs a versioned write that answers the incident; then the timeline
   * follows. A 409 shows the conflict message and reloads; a 400 naming a
   * field shows at that field of the form selector. Returns whether it took.
   */
  async write(send, done, selector) {
    if (this.busy) return false;
    this.busy = true;
    this.flash = null;
    this.rerender(false);
    const d = this.detail;
    try {
      this.setDetail(await send());
      incidentWritten(this.detail);
      this.flash = { kind: 'ok', text: done() };
      [this.events, this.docs] = await Promise.all([api.events(d.id).then((r) => r.events || []).catch(() => this.events), documents(d.id, this.docs)]);
    } catch (err) {
      this.busy = false;
      if (err.status === 409) {
        const now = (err.body && err.body.incident) || {};
        this.flash = { kind: 'conflict', text: t('incident.conflict', { status: t('status.' + (now.status || '')) }) };
        await this.load();
        return false;
      }
      const form = () => this.el && selector && this.el.querySelector(selector);
      if (err.status === 400 && err.field && form() && form().querySelector(`.field[data-for="${err.field}"]`)) {
        this.rerender(false);
        fieldError(form(), err.field, err.message);
        return false;
      }
      this.flash = { kind: 'error', text: err.status === 403 ? t('incident.forbidden') : errorText(err) };
      this.rerender(false);
      return false;
    }
    this.busy = false;
    this.rerender(false);
    return true;
  }

  /**
   * A move of this case queued offline was refused as overtaken (someone
   * else moved it meanwhile): said under the buttons, in view, over the
   * case as it now is.
   */
  async overtaken(text) {
    this.flash = { kind: 'conflict', text };
    if (this.open) await this.load();
    else this.rerender(false);
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
      incidentWritten(this.detail);
      this.note = '';
      this.flash = { kind: 'ok', text: t('incident.moved', { status: t('status.' + this.detail.status) }) };
      [this.events, this.docs] = await Promise.all([api.events(d.id).then((r) => r.events || []).catch(() => this.events), documents(d.id, this.docs)]);
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
      if (err.status === 0 && await this.queueMove(d, to)) return;
      this.flash = { kind: 'error', text: err.status === 403 ? t('incident.forbidden') : errorText(err) };
    }
    this.busy = false;
    this.rerender(false);
  }

  /** Puts a write made with no network in the phone's outbox; whether it is there. */
  async queue(kind, what) {
    const me = current();
    if (!me) return false;
    try {
      const outbox = await import('./outbox.js');
      await outbox.queueWrite(me.user.id, kind, what);
      return true;
    } catch {
      return false; // no IndexedDB, or the module not kept: said as a network error
    }
  }

  /**
   * With no network, the move waits in the phone's outbox (a report's queue,
   * listed under 一键上报), sent with the version seen: a change by someone
   * else meanwhile shows there as a conflict. Whether it was queued.
   */
  async queueMove(d, to) {
    if (!await this.queue('move', { n: d.id, version: d.version, to, from: d.status, note: (this.note || '').trim(), summary: d.summary })) return false;
    this.note = '';
    this.busy = false;
    this.flash = { kind: 'queued', text: t('outbox.moveQueued', { status: t('status.' + to) }) };
    this.rerender(false);
    return true;
  }
}

/** The incident's mediation records, or {error} when they could not be read. */
function records(n) {
  return api.mediation(n).catch((err) => ({ error: err }));
}

/** The incident's case-file checklist, or then when it could not be read. */
function documents(n, then) {
  return api.documents(n).catch(() => then);
}

/** The incident's photos' metadata, or {error} when they could not be read. */
function photos(n) {
  return api.attachments(n).catch((err) => ({ error: err }));
}

/** A byte count in words: 12 KB, 1.4 MB. */
function size(n) {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

/** Whether the user assigns mediators and moves incidents between cells (the server decides for each incident). */
function mayManage() {
  return MANAGERS.includes(role());
}

/** Now as the town's wall-clock time for a datetime-local input, YYYY-MM-DDTHH:MM (UTC+8). */
function townNow() {
  return dateTime(new Date().toISOString()).replace(' ', 'T');
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
      item('incident.resolved', d.resolved_at && dateTime(d.resolved_at), 'resolved'),
      // The current stage's deadline (working days on the town's calendar; a resolved case's is its 回访's).
      // A petition's reply deadline (calendar days from 受理) stands for its stage's while it runs.
      item(d.reply_due ? 'incident.replyDue' : d.status === 'resolved' ? 'incident.followupDue' : 'incident.due', d.due_at && [dateTime(d.due_at),
        d.extension_days ? h('span', { class: 'muted', 'data-extended': d.extension_days }, ' ', t('incident.extended', { n: d.extension_days })) : null,
        d.overdue ? h('span', { class: 'badge badge-overdue' }, t('incident.overdue')) : null], 'due')),
    h('h4', {}, t('incident.parties')),
    d.repeat ? h('p', { class: 'notice notice-warning', role: 'note', 'data-repeat': d.repeats }, t('incident.repeat', { n: d.repeats })) : null,
    // The parties as people (with a phone, when known) where the report gave them so; else their names.
    d.party_details && d.party_details.length
      ? h('ul', { class: 'parties' }, d.party_details.map((p) => h('li', { class: 'party', 'data-resident': p.resident_id || null },
        p.name, p.phone ? h('span', { class: 'muted' }, ' ', p.phone) : null)))
      : d.parties && d.parties.length
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
