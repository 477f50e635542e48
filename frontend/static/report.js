// 一键上报: a grid worker's (or a cadre's) report of a dispute where it
// happens, made for a phone held in one hand. The place comes from a tap on
// a small map or from the phone's position; the cell under it is shown
// before sending. One Idempotency-Key is kept per form, so that a retry on a
// weak network returns the first report instead of filing a second one.

import { api } from './api.js';
import { t, tv } from './i18n.js';
import { h } from './dom.js';
import { myCells, myUnit, role } from './session.js';
import { IncidentRow, incidentWritten } from './incident.js';
import { errorText, field, fieldError, showError } from './ui.js';

const SOURCES = ['网格员上报', '群众来访', '12345热线', '信访'];
const PETITION = '信访';
// Who may assign mediators in a report and register a petition (信访); the
// server decides (api/grants.go), the form only leaves out what it refuses.
const MANAGERS = ['unit_cadre', 'leader', 'admin'];
const manages = () => MANAGERS.includes(role());
const PRIORITIES = ['normal', 'high', 'urgent'];

/** A random UUID, also where crypto.randomUUID is missing (plain http on a LAN). */
function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export class ReportPage {
  /**
   * cells() gives the cells' GeoJSON feature collection, to draw under the
   * point; types() the incident types the server accepts (/api/config).
   */
  constructor({ cells, types }) {
    this.cells = cells;
    this.types = types;
    this.reset();
  }

  /** A blank form with a fresh idempotency key. */
  reset() {
    this.draft = { type: this.types()[0] || '', source: SOURCES[0], priority: 'normal', summary: '', description: '', parties: '', mediators: [] };
    this.key = uuid();
    this.point = null; // [lon, lat]
    this.located = null; // the /api/locate answer, or {error}
    this.unitMediators = null;
    this.state = 'editing'; // editing | sending | retry | sent
    this.sent = null;
    this.message = '';
  }

  show(root) {
    this.root = root;
    this.reset();
    if (this.map) {
      this.map.remove();
      this.map = null;
      this.marker = null;
    }
    this.render();
  }

  render() {
    if (!this.root) return;
    if (!this.mapEl) this.mapEl = h('div', { id: 'report-map', class: 'report-map', role: 'application', 'aria-label': t('report.map') });
    this.mapEl.setAttribute('aria-label', t('report.map'));
    const body = this.state === 'sent' ? this.renderSent() : this.renderForm();
    this.root.replaceChildren(h('div', { class: 'page-inner page-report' },
      h('div', { class: 'page-head' },
        h('h2', { class: 'page-title', id: 'page-title' }, t('view.report')),
        this.state === 'sent' ? null : h('p', { class: 'muted' }, t('report.lead'))),
      this.state === 'sent' ? null : this.mapEl,
      body));
    if (this.state !== 'sent') this.ensureMap();
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

  /** Sets the place and asks the server which cell it is in. */
  async setPoint(lon, lat, pan) {
    this.point = [lon, lat];
    this.located = null;
    this.drawPoint(pan);
    this.renderWhere();
    const p = this.point;
    let located;
    try {
      located = await api.locate(lon, lat);
    } catch (err) {
      located = { error: err };
    }
    if (p !== this.point) return;
    this.located = located;
    this.renderWhere();
    if (located.unit_code && manages()) this.loadMediators(located.unit_code);
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
        this.setPoint(pos.coords.longitude, pos.coords.latitude, true);
      },
      (err) => {
        this.message = t('report.gpsDenied', { msg: err.message || err.code });
        this.renderWhere();
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 });
  }

  renderForm() {
    const d = this.draft;
    const bind = (name) => (e) => { d[name] = e.target.value; };
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
      field(t('report.parties'), h('textarea', { id: 'report-parties', name: 'parties', rows: 2, oninput: bind('parties') }, d.parties), t('report.partiesHint')),
      h('fieldset', { class: 'report-mediators', id: 'report-mediators' }),
      h('p', { class: 'notice notice-error', id: 'report-error', role: 'alert', hidden: !(this.state === 'retry' || this.error) },
        this.state === 'retry' ? t('report.retry') : this.error ? errorText(this.error) : ''),
      h('div', { class: 'report-actions' },
        h('button', { type: 'submit', class: 'button button-block', id: 'report-submit', disabled: busy },
          t(busy ? 'report.sending' : 'report.submit'))));
    this.form = form;
    queueMicrotask(() => {
      this.renderWhere();
      this.renderMediators();
    });
    return form;
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

  async submit() {
    if (this.state === 'sending') return;
    const d = this.draft;
    this.error = null;
    fieldError(this.form, '', '');
    if (!this.point || !this.located || this.located.error) {
      const failed = this.located && this.located.error && this.located.error.status !== 404;
      this.error = failed ? this.located.error : { message: t(this.point ? 'report.outside' : 'report.noPoint') };
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
    this.state = 'sending';
    this.render();
    const body = {
      lon: this.point[0], lat: this.point[1], type: d.type, source: d.source, priority: d.priority,
      summary: d.summary.trim(), description: d.description.trim(),
      parties: d.parties.split('\n').map((s) => s.trim()).filter(Boolean), mediators: d.mediators,
    };
    try {
      this.sent = await api.report(body, this.key);
      this.state = 'sent';
      incidentWritten(this.sent);
      this.row = new IncidentRow(this.sent);
      this.row.open = true;
      this.row.load();
    } catch (err) {
      // No answer: it may have arrived. The same key makes the retry safe.
      this.state = err.status === 0 || err.status >= 500 ? 'retry' : 'editing';
      this.error = this.state === 'retry' ? null : err;
      this.render();
      if (err.field && this.form.querySelector(`[name="${err.field}"]`)) fieldError(this.form, err.field, err.message);
      else showError(this.root.querySelector('#report-error'));
      return;
    }
    this.render();
    this.root.querySelector('#report-sent').focus({ preventScroll: true });
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
