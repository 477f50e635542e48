// 一键上报: a grid worker's (or a cadre's) report of a dispute where it
// happens, made for a phone held in one hand. The place comes from a tap on
// a small map or from the phone's position; the cell under it is shown
// before sending, worked out on the phone from the kept cells when there is
// no network. The form is a draft in the phone's outbox (outbox.js) from
// its first keystroke, photos included; 上报 queues it with its
// Idempotency-Key and sends it at once when it can, or later by itself.

import { api } from './api.js';
import { t, tv } from './i18n.js';
import { h } from './dom.js';
import { confirm, current, myCells, myUnit, role } from './session.js';
import { IncidentRow, incidentWritten } from './incident.js';
import { errorText, field, fieldError, showError } from './ui.js';
import * as outbox from './outbox.js';
import { CellIndex } from './locate.js';
import { Intake } from './intake.js';

const SOURCES = ['网格员上报', '群众来访', '12345热线', '信访'];
const PETITION = '信访';
// Who may assign mediators in a report and register a petition (信访); the
// server decides (api/grants.go), the form only leaves out what it refuses.
const MANAGERS = ['unit_cadre', 'leader', 'admin'];
const manages = () => MANAGERS.includes(role());
const PRIORITIES = ['normal', 'high', 'urgent'];
// A GPS fix less precise than this may put the report in the wrong cell.
const POOR_ACCURACY_M = 50;
const SAVE_MS = 300; // a draft is stored this long after the last keystroke
const LOCATE_WAIT_MS = 3000; // the wait for /api/locate before the phone works the cell out
const owner = () => { const me = current(); return me ? me.user.id : null; };

export class ReportPage {
  /**
   * cells() gives the cells' GeoJSON feature collection, to draw under the
   * point; types() the incident types the server accepts (/api/config).
   */
  constructor({ cells, types }) {
    this.cells = cells;
    this.types = types;
    this.items = []; // the owner's outbox, newest first
    this.queued = null; // the id of the item this form queued last, whose state shows by the button
    this.intake = new Intake(this); // parties from the residents, and similar cases before sending
    this.reset();
    outbox.onChange((id) => this.outboxChanged(id));
  }

  /** A blank form: a new draft, stored at its first keystroke. */
  reset(item) {
    this.item = item || outbox.newDraft(owner(), {
      type: this.types()[0] || '', source: SOURCES[0], priority: 'normal', summary: '', description: '', parties: '', mediators: [],
      people: [], duplicate_of: 0, point: null, accuracy: null,
    });
    this.draft = this.item.form;
    this.point = this.draft.point; // [lon, lat]
    if (this.marker) this.marker.remove(); // the last report's place; setPoint draws a restored draft's
    this.located = null; // the /api/locate answer (local: worked out here), or {error}
    this.unitMediators = null;
    this.state = 'editing'; // editing | sending | sent
    this.sent = null;
    this.message = '';
    this.error = null;
    this.photoError = '';
    this.intake.reset();
  }

  async show(root) {
    this.root = root;
    this.reset();
    this.queued = null;
    if (this.map) {
      this.map.remove();
      this.map = null;
      this.marker = null;
    }
    this.render();
    // The draft of the last visit, if any, comes back with its photos.
    try {
      this.items = await outbox.list(owner());
      this.noStore = false;
    } catch {
      this.items = [];
      this.noStore = true; // no IndexedDB (a private window): said above the form
      this.render();
    }
    const draft = this.items.find((i) => i.state === 'draft');
    if (draft && this.root === root && this.item.updated === 0) {
      this.reset(draft);
      this.render();
      if (this.point) this.setPoint(this.point[0], this.point[1], true, this.draft.accuracy);
    } else {
      this.renderOutbox();
    }
  }

  /** Stores the draft a moment after the last change (at once with now). */
  touch(now) {
    if (this.item.state !== 'draft') return;
    clearTimeout(this.saveTimer);
    const item = this.item;
    const store = () => outbox.save(item).then(() => this.renderSaved(), () => {});
    if (now) return store();
    this.saveTimer = setTimeout(store, SAVE_MS);
    return null;
  }

  /** Another tab or the queue changed an item: show the list (and the queued item's state) again. */
  async outboxChanged(id) {
    if (!this.root || !this.root.isConnected) return;
    if (id === this.item.id && this.item.state === 'draft') return; // the form's own draft
    try {
      this.items = await outbox.list(owner());
    } catch {
      return;
    }
    if (this.item.state === 'draft' && this.item.updated && !this.items.some((i) => i.id === this.item.id)) {
      this.reset(); // deleted in another tab
      this.render();
      return;
    }
    this.renderOutbox();
    this.renderQueued();
  }

  render() {
    if (!this.root) return;
    if (!this.mapEl) this.mapEl = h('div', { id: 'report-map', class: 'report-map', role: 'application', 'aria-label': t('report.map') });
    this.mapEl.setAttribute('aria-label', t('report.map'));
    const body = this.state === 'sent' ? this.renderSent() : this.renderForm();
    this.root.replaceChildren(h('div', { class: 'page-inner page-report' },
      h('div', { class: 'page-head' },
        h('h2', { class: 'page-title', id: 'page-title' }, t('view.report')),
        this.state === 'sent' ? null : h('p', { class: 'muted' }, t('report.lead')),
        this.noStore ? h('p', { class: 'notice notice-warning', id: 'report-nostore', role: 'note' }, t('report.noStore')) : null),
      this.state === 'sent' ? null : this.mapEl,
      body));
    if (this.state !== 'sent') this.ensureMap();
    this.renderOutbox();
  }

  ensureMap() {
    if (this.map) {
      this.map.invalidateSize();
      return;
    }
    const map = L.map(this.mapEl, { zoomControl: true, minZoom: 8, maxZoom: 19, zoomSnap: 0.25 });
    this.map = map;
    const mine = new Set(myCells());
    const unit = myUnit();
    const layer = L.geoJSON(this.cells(), {
      interactive: false,
      style: (f) => {
        const own = mine.has(f.properties.code) || (!mine.size && unit && f.properties.unit_code === unit);
        return { className: own ? 'report-own' : '', color: own ? '#1d4ed8' : '#64748b', weight: own ? 2 : 1, fillColor: own ? '#93c5fd' : '#e2e8f0', fillOpacity: own ? 0.35 : 0.15 };
      },
    }).addTo(map);
    const own = layer.getLayers().filter((l) => mine.has(l.feature.properties.code) || (!mine.size && unit && l.feature.properties.unit_code === unit));
    const bounds = own.length ? L.featureGroup(own).getBounds() : layer.getBounds();
    map.fitBounds(bounds, { padding: [12, 12] });
    map.on('click', (e) => this.setPoint(e.latlng.lng, e.latlng.lat, false));
    if (this.point) this.drawPoint(false);
  }

  drawPoint(pan) {
    const ll = [this.point[1], this.point[0]];
    if (!this.marker) this.marker = L.circleMarker(ll, { radius: 9, color: '#b91c1c', weight: 3, fillColor: '#ef4444', fillOpacity: 0.8, interactive: false });
    this.marker.setLatLng(ll).addTo(this.map);
    // A position far from the view moves it there close up; a near one only pans, keeping the cell in sight.
    if (pan && this.map.getZoom() >= 14) this.map.panTo(ll);
    else if (pan) this.map.setView(ll, 16);
  }

  /**
   * Sets the place (accuracy: of a GPS fix, in metres; none for a tap) and
   * asks the server which cell it is in, or, with no network, the phone.
   */
  async setPoint(lon, lat, pan, accuracy = null) {
    this.point = [lon, lat];
    this.draft.point = this.point;
    this.draft.accuracy = accuracy;
    this.located = null;
    if (this.map) this.drawPoint(pan);
    this.renderWhere();
    this.touch();
    const p = this.point;
    let located;
    if (navigator.onLine === false) located = this.locateHere(lon, lat);
    else {
      // No answer is no news about the place: the phone works it out, at
      // once offline or after LOCATE_WAIT_MS on a weak link; the server's
      // answer, when it comes, takes its place.
      const server = api.locate(lon, lat).catch((err) => (err.status === 0 ? null : { error: err }));
      located = await Promise.race([server, new Promise((resolve) => setTimeout(resolve, LOCATE_WAIT_MS))]);
      if (located === undefined) {
        server.then((r) => {
          if (r && p === this.point) {
            this.located = r;
            this.renderWhere();
          }
        });
      }
      if (!located) located = this.locateHere(lon, lat);
    }
    if (p !== this.point) return;
    this.located = located;
    this.renderWhere();
    this.intake.cellChanged();
    if (located.unit_code && manages()) this.loadMediators(located.unit_code);
  }

  /** The /api/locate answer worked out from the kept cells (local: true), or a 404-like {error}. */
  locateHere(lon, lat) {
    if (!this.index || this.indexOf !== this.cells()) {
      this.indexOf = this.cells();
      this.index = new CellIndex(this.indexOf);
    }
    const r = this.index.locate(lon, lat);
    return r ? { ...r, local: true } : { error: { status: 404, code: 'not_found' }, local: true };
  }

  async loadMediators(unit) {
    if (this.unitMediators && this.unitMediators.unit === unit) return;
    try {
      const r = await api.mediators({ unit });
      this.unitMediators = { unit, list: r.mediators || [] };
    } catch {
      this.unitMediators = { unit, list: [] };
    }
    this.draft.mediators = this.draft.mediators.filter((id) => this.unitMediators.list.some((m) => m.id === id));
    this.renderMediators();
  }

  gps() {
    if (!navigator.geolocation) {
      this.message = t('report.gpsUnavailable');
      this.renderWhere();
      return;
    }
    this.message = t('report.locating');
    this.renderWhere();
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        this.message = '';
        this.setPoint(pos.coords.longitude, pos.coords.latitude, true, pos.coords.accuracy);
      },
      (err) => {
        this.message = t('report.gpsDenied', { msg: err.message || err.code });
        this.renderWhere();
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 });
  }

  renderForm() {
    const d = this.draft;
    const bind = (name) => (e) => {
      d[name] = e.target.value;
      this.touch();
      if (name === 'type' || name === 'parties') this.intake.changed();
    };
    const select = (name, values, label) => h('select', { id: 'report-' + name, name, onchange: bind(name) },
      values.map((v) => h('option', { value: v, selected: d[name] === v }, label(v))));
    const busy = this.state === 'sending';
    const form = h('form', { id: 'report-form', class: 'form report-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); this.submit(); } },
      h('div', { class: 'report-where', id: 'report-where' }),
      field(t('report.type'), select('type', this.types(), tv)),
      field(t('report.summary'), h('input', { id: 'report-summary', name: 'summary', type: 'text', required: true, maxlength: 200, value: d.summary, oninput: bind('summary'), enterkeyhint: 'next' }), t('report.summaryHint')),
      field(t('report.priority'), select('priority', PRIORITIES, (v) => t('priority.' + v))),
      field(t('report.source'), select('source', manages() ? SOURCES : SOURCES.filter((s) => s !== PETITION), tv)),
      field(t('report.description'), h('textarea', { id: 'report-description', name: 'description', rows: 3, oninput: bind('description') }, d.description)),
      h('fieldset', { class: 'report-people', id: 'report-people' }),
      field(t('report.parties'), h('textarea', { id: 'report-parties', name: 'parties', rows: 2, oninput: bind('parties') }, d.parties), t('report.partiesHint')),
      h('section', { class: 'report-similar', id: 'report-similar', 'aria-live': 'polite', hidden: true }),
      h('fieldset', { class: 'report-mediators', id: 'report-mediators' }),
      h('fieldset', { class: 'report-photos', id: 'report-photos' }),
      h('p', { class: 'notice notice-error', id: 'report-error', role: 'alert', hidden: !this.error }, this.error ? errorText(this.error) : ''),
      h('div', { class: 'report-actions' },
        h('div', { id: 'report-queued', 'aria-live': 'polite' }),
        h('button', { type: 'submit', class: 'button button-block', id: 'report-submit', disabled: busy },
          t(busy ? 'report.sending' : 'report.submit')),
        h('p', { class: 'muted report-saved', id: 'report-saved', 'aria-live': 'polite' })));
    this.form = form;
    queueMicrotask(() => {
      this.renderWhere();
      this.intake.render();
      this.renderMediators();
      this.renderPhotos();
      this.renderQueued();
      this.renderSaved();
    });
    return form;
  }

  /** Says that the draft is kept on the phone. */
  renderSaved() {
    const el = this.root && this.root.querySelector('#report-saved');
    if (!el) return;
    const saved = this.item.state === 'draft' && this.item.updated > 0;
    el.dataset.saved = saved ? String(this.item.updated) : '';
    el.textContent = saved ? t('report.draftSaved') : '';
  }

  /** The photos of the draft, and the camera and gallery buttons. */
  renderPhotos() {
    const box = this.root && this.root.querySelector('#report-photos');
    if (!box) return;
    for (const u of this.thumbs || []) URL.revokeObjectURL(u);
    this.thumbs = [];
    const pick = (capture) => {
      const input = h('input', { type: 'file', accept: 'image/*', multiple: !capture, class: 'visually-hidden', id: capture ? 'report-camera' : 'report-gallery', onchange: (e) => this.addPhotos([...e.target.files]) });
      if (capture) input.setAttribute('capture', 'environment');
      return h('label', { class: 'button button-small report-photo-pick' }, input, t(capture ? 'report.camera' : 'report.gallery'));
    };
    box.replaceChildren(h('legend', {}, t('report.photos')),
      h('ul', { class: 'report-thumbs' }, this.item.photos.map((p) => {
        const src = URL.createObjectURL(p.blob);
        this.thumbs.push(src);
        return h('li', { 'data-photo': p.id, 'data-size': p.size, 'data-width': p.width, 'data-height': p.height },
          h('img', { src, alt: p.name, width: 72, height: 72 }),
          h('span', { class: 'muted' }, `${Math.round(p.size / 1024)} KB`),
          h('button', { type: 'button', class: 'button button-small', 'aria-label': t('report.photoRemove', { name: p.name }), onclick: () => this.removePhoto(p.id) }, '×'));
      })),
      h('div', { class: 'report-photo-actions' }, pick(true), pick(false)),
      ...(this.shrinking ? [h('p', { class: 'muted', id: 'report-photo-status' }, t('report.photoShrinking'))] : []),
      ...(this.photoError ? [h('p', { class: 'field-error-text', role: 'alert' }, this.photoError)] : []));
  }

  /** Shrinks the chosen photos and adds them to the draft. */
  async addPhotos(files) {
    if (!files.length || this.item.state !== 'draft') return;
    this.shrinking = true;
    this.photoError = '';
    this.renderPhotos();
    for (const f of files) {
      try {
        this.item.photos.push(await outbox.shrink(f));
      } catch {
        this.photoError = t('report.photoFailed', { name: f.name });
      }
    }
    this.shrinking = false;
    await this.touch(true);
    this.renderPhotos();
  }

  removePhoto(id) {
    this.item.photos = this.item.photos.filter((p) => p.id !== id);
    this.touch(true);
    this.renderPhotos();
  }

  /** By the button: what became of the report this form queued last. */
  renderQueued() {
    const box = this.root && this.root.querySelector('#report-queued');
    if (!box) return;
    // The form's own item before the queue has taken it up is being sent now.
    const own = this.item.id === this.queued ? { ...this.item, state: this.state === 'sending' ? 'sending' : this.item.state } : null;
    const item = this.queued && (this.items.find((i) => i.id === this.queued) || own);
    if (!item) return box.replaceChildren();
    box.replaceChildren(h('p', { class: `notice ${item.state === 'sent' ? 'notice-ok' : item.state === 'failed' ? 'notice-error' : 'notice-warning'}`, 'data-state': item.state, 'data-item': item.id },
      this.stateText(item)));
  }

  /** An item's state in words, with its reason or progress. */
  stateText(item) {
    if (item.kind === 'move' && item.state === 'sent') return t('incident.moved', { status: t('status.' + item.move.to) });
    if (item.kind === 'mediation' && item.state === 'sent') return t('mediation.saved');
    if (item.state === 'sent') return t('report.sent', { id: item.incident.id });
    if (item.state === 'failed' && item.error.status === 409) return t('outbox.conflict', { status: t('status.' + (item.error.now || '')) });
    if (item.state === 'failed') return t('outbox.failedWhy', { msg: errorText(item.error) });
    if (item.state === 'sending') {
      const p = outbox.progressOf(item.id);
      return p ? t('outbox.uploading', { n: p.photo, of: p.of, pct: Math.round(p.fraction * 100) }) : t('outbox.state.sending');
    }
    if (item.state === 'queued') {
      if (!item.error) return t(navigator.onLine === false ? 'outbox.queuedOffline' : 'outbox.queuedSoon');
      if (item.error.status === 0) return t('outbox.queuedOffline');
      return t('outbox.queuedAgain', { msg: errorText(item.error) });
    }
    return t('outbox.state.' + item.state);
  }

  /** The owner's reports on the phone other than the form's draft, each with its state, retry and delete. */
  renderOutbox() {
    if (!this.root) return;
    let box = this.root.querySelector('#outbox');
    if (!box) {
      const inner = this.root.querySelector('.page-report');
      if (!inner) return;
      box = h('section', { id: 'outbox', class: 'outbox' });
      inner.append(box);
    }
    const items = this.items.filter((i) => i.id !== this.item.id || i.state !== 'draft');
    box.hidden = !items.length;
    box.replaceChildren(h('h3', {}, t('outbox.title')),
      h('ul', { class: 'list outbox-list' }, items.map((i) => h('li', { class: 'outbox-item', 'data-item': i.id, 'data-state': i.state },
        h('div', { class: 'outbox-head' },
          h('span', { class: `badge outbox-state outbox-${i.state}` }, t('outbox.state.' + i.state)),
          h('strong', {}, this.itemTitle(i))),
        h('p', { class: i.state === 'failed' ? 'outbox-why field-error-text' : 'muted outbox-why', role: i.state === 'failed' ? 'alert' : null }, this.stateText(i),
          i.photos.length ? ` · ${t('outbox.photos', { n: i.photos.length, done: i.photos.filter((p) => p.attachment).length })}` : ''),
        h('div', { class: 'outbox-actions' },
          // A conflict retried would conflict again: the user looks at the case instead.
          i.state === 'queued' || (i.state === 'failed' && i.error.status !== 409) ? h('button', { type: 'button', class: 'button button-small', 'data-action': 'retry', onclick: () => this.retry(i.id) }, t('outbox.retry')) : null,
          i.state === 'draft' ? h('button', { type: 'button', class: 'button button-small', 'data-action': 'edit', onclick: () => this.edit(i) }, t('outbox.edit')) : null,
          i.state !== 'sending' ? h('button', { type: 'button', class: 'button button-small button-danger', 'data-action': 'delete', onclick: () => this.remove(i.id) }, t(i.state === 'sent' ? 'outbox.clear' : 'outbox.delete')) : null)))));
  }

  /** What an item is, in the list: a report's summary, or the write on an incident. */
  itemTitle(i) {
    const summary = i.form.summary || '';
    if (i.kind === 'move') return t('outbox.move', { n: i.move.n, from: t('status.' + i.move.from), to: t('status.' + i.move.to), summary });
    if (i.kind === 'mediation') return t('outbox.mediation', { n: i.mediation.n, summary });
    return summary || t('outbox.untitled');
  }

  async retry(id) {
    await confirm(); // an app opened offline has no CSRF token until the server confirms the session
    await outbox.send(id);
  }

  async remove(id) {
    await outbox.remove(id);
  }

  /** Opens another draft in the form (the current one stays in the list). */
  edit(item) {
    this.touch(true);
    this.reset(item);
    this.render();
    if (this.point) this.setPoint(this.point[0], this.point[1], true, this.draft.accuracy);
  }

  renderWhere() {
    const box = this.root && this.root.querySelector('#report-where');
    if (!box) return;
    const loc = this.located;
    let cell;
    if (!this.point) cell = h('span', { class: 'muted' }, t('report.pick'));
    else if (!loc) cell = h('span', { class: 'muted' }, t('list.loading'));
    else if (loc.error) cell = h('span', { class: 'field-error-text' }, loc.error.status === 404 ? t('report.outside') : errorText(loc.error));
    else cell = h('strong', { 'data-cell': loc.code }, t('report.cellIs', { name: loc.name, code: loc.code, unit: loc.unit_name }));
    box.replaceChildren(
      h('div', { class: 'report-cell', 'data-for': 'lon' },
        h('span', { class: 'report-label' }, t('report.cell')),
        h('output', { id: 'report-cell', 'aria-live': 'polite', 'data-lon': this.point ? this.point[0].toFixed(6) : '', 'data-lat': this.point ? this.point[1].toFixed(6) : '' }, cell)),
      h('button', { type: 'button', class: 'button button-small', id: 'report-gps', onclick: () => this.gps() }, t('report.gps')),
      ...(this.message ? [h('p', { class: 'muted', id: 'report-gps-status', 'aria-live': 'polite' }, this.message)] : []),
      ...(loc && loc.local ? [h('p', { class: 'muted', id: 'report-local' }, t('report.localCell'))] : []),
      ...(this.point && this.draft.accuracy != null ? [h('p', {
        class: this.draft.accuracy > POOR_ACCURACY_M ? 'notice notice-warning' : 'muted', id: 'report-accuracy',
        'data-accuracy': Math.round(this.draft.accuracy), role: this.draft.accuracy > POOR_ACCURACY_M ? 'note' : null,
      }, t(this.draft.accuracy > POOR_ACCURACY_M ? 'report.accuracyPoor' : 'report.accuracy', { m: Math.round(this.draft.accuracy), max: POOR_ACCURACY_M }))] : []),
      // Within 50 m of another cell: say so before sending, as the server will flag it.
      ...(loc && loc.near_cell ? [h('p', { class: 'notice notice-warning', id: 'report-near-before', role: 'note' },
        t('report.nearBoundary', { name: this.cellName(loc.near_cell), code: loc.near_cell, m: Math.round(loc.near_distance_m || 0) }))] : []));
  }

  renderMediators() {
    const box = this.root && this.root.querySelector('#report-mediators');
    if (!box) return;
    const list = this.unitMediators ? this.unitMediators.list : null;
    box.hidden = !list;
    if (!list) return box.replaceChildren();
    const d = this.draft;
    box.replaceChildren(h('legend', {}, t('report.mediators')),
      ...(list.length ? list.map((m) => h('label', { class: 'check' },
        h('input', {
          type: 'checkbox', name: 'mediator', value: m.id, 'data-mediator': m.id, checked: d.mediators.includes(m.id),
          onchange: (e) => { d.mediators = e.target.checked ? [...d.mediators, m.id] : d.mediators.filter((x) => x !== m.id); },
        }),
        ' ', m.name, h('span', { class: 'muted' }, ' ', tv(m.role) || t('category.' + m.category))))
        : [h('p', { class: 'muted' }, t('report.noMediators'))]));
  }

  /**
   * 上报: the draft becomes a queued item and is sent at once when it can.
   * With no network (or a passing server error) it stays queued, and the
   * notice by the button says so; a refusal brings the draft back to the
   * form with the server's reason.
   */
  async submit() {
    if (this.state === 'sending') return;
    const d = this.draft;
    this.error = null;
    fieldError(this.form, '', '');
    if (!this.point || !this.located || this.located.error) {
      const failed = this.located && this.located.error && this.located.error.status !== 404;
      this.error = failed ? this.located.error : { message: t(this.point && this.located ? 'report.outside' : this.point ? 'report.locatingWait' : 'report.noPoint') };
      this.render();
      // After renderForm's own microtask, which draws the GPS button.
      queueMicrotask(() => {
        this.root.querySelector('#report-gps').focus();
        showError(this.root.querySelector('#report-error'));
      });
      return;
    }
    if (!d.summary.trim()) {
      fieldError(this.form, 'summary', t('report.summaryRequired'));
      return;
    }
    clearTimeout(this.saveTimer);
    const item = this.item;
    item.state = 'queued';
    item.queuedAt = Date.now();
    try {
      await outbox.save(item);
    } catch {
      // No IndexedDB (a private window): sent now or not at all, as before the outbox.
    }
    this.queued = item.id;
    this.state = 'sending';
    this.render();
    const out = await this.sendNow(item);
    if (out && out.state === 'sent') {
      this.sent = out.incident;
      this.state = 'sent';
      incidentWritten(this.sent);
      this.row = new IncidentRow(this.sent);
      this.row.open = true;
      this.row.load();
      this.render();
      this.root.querySelector('#report-sent').focus({ preventScroll: true });
      return;
    }
    if (out && out.state === 'failed' && out.lastError && out.lastError.status < 500) {
      // Refused (a field, a rule): back to the form as a draft, with the reason.
      const err = out.lastError;
      out.state = 'draft';
      out.error = null;
      await outbox.save(out).catch(() => {});
      this.queued = null;
      this.reset(out);
      this.located = { ...this.locatedWas };
      this.error = err.field && err.field !== 'lon' && err.field !== 'lat' ? null : err;
      this.render();
      if (err.field && this.form.querySelector(`[name="${err.field}"]`)) fieldError(this.form, err.field, err.message);
      else showError(this.root.querySelector('#report-error'));
      return;
    }
    // Queued (no network) or being sent by another tab: a new draft; the notice by the button follows the item.
    this.reset();
    this.render();
  }

  /** Sends the item now: through the outbox, or directly when the phone cannot store it. */
  async sendNow(item) {
    this.locatedWas = this.located;
    await confirm(); // as retry(): offline it fails at once, and the item waits in the queue
    try {
      const out = await outbox.send(item.id);
      if (out) {
        this.items = await outbox.list(owner());
        return out;
      }
      // Another tab holds it: it is in the queue either way.
      this.items = await outbox.list(owner());
      return this.items.find((i) => i.id === item.id) || null;
    } catch {
      // IndexedDB refused (a private window): the old way, one try.
      try {
        item.incident = await api.report(outbox.reportBody(item.form), item.key);
        // Its photos too, one try each (the report is kept either way).
        for (const p of item.photos.filter((x) => !x.attachment)) {
          p.attachment = (await api.addAttachment(item.incident.id, new File([p.blob], p.name, { type: p.type }), () => {})).id;
        }
        item.state = 'sent';
      } catch (err) {
        item.state = outbox.passing(err) ? 'queued' : 'failed';
        item.error = { status: err.status, code: err.code, message: err.message };
        Object.defineProperty(item, 'lastError', { value: err, enumerable: false });
      }
      return item;
    }
  }

  renderSent() {
    const i = this.sent;
    const near = i.near_cell ? h('p', { class: 'notice notice-warning', id: 'report-near', role: 'note' },
      t('report.nearBoundary', { name: this.cellName(i.near_cell), code: i.near_cell, m: Math.round(i.near_distance_m || 0) })) : null;
    return h('section', { class: 'report-sent', id: 'report-sent', tabindex: '-1', 'data-incident': i.id },
      h('p', { class: 'notice notice-ok', role: 'status' }, t('report.sent', { id: i.id })),
      near,
      h('ul', { class: 'list list-incidents' }, this.row.render()),
      h('div', { class: 'report-actions' },
        h('button', { type: 'button', class: 'button button-block', id: 'report-again', onclick: () => this.show(this.root) }, t('report.again'))));
  }

  cellName(code) {
    const f = (this.cells().features || []).find((c) => c.properties.code === code);
    return f ? f.properties.name : code;
  }
}
