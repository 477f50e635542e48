// 数据导入, the administrator's boundary import: a surveyor's or the
// district's boundary file (GeoJSON, Shapefile, KML, GeoPackage) with the
// options of "gridmap import boundaries". 检查 sends it as a dry run
// (POST /api/import/boundaries) and shows the answer: the cells on the map
// coloured by what the import does to them, the problems where they are
// and in a list, the summary and, for a new boundary version, its impact
// in the boundary editor's words (bdimpact.js). 导入 commits after a
// confirmation that says what will be written.

import { api } from './api.js';
import { t, num } from './i18n.js';
import { h } from './dom.js';
import { errorText, field, fieldError, modal } from './ui.js';
import { impactView, today } from './bdimpact.js';
import { SheetImport } from './sheetimport.js';

/** The page's tabs: the boundary import, then the office's sheets (sheetimport.js). */
const TABS = ['boundaries', 'residents', 'staff', 'incidents'];

// The names people know the formats by (the API names them geojson, shp, ...).
const FORMAT_NAMES = { geojson: 'GeoJSON', shp: 'Shapefile', kml: 'KML', kmz: 'KMZ', gpkg: 'GeoPackage' };
const L = window.L;
const motion = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** Fill and outline of the preview's cells by status. */
const STYLE = {
  added: { fillColor: '#22c55e', color: '#15803d' },
  reshaped: { fillColor: '#fb923c', color: '#c2410c' },
  unchanged: { fillColor: '#9aa5b1', color: '#ffffff' },
  problem: { fillColor: '#ef4444', color: '#b42318' },
};

/** The form's option fields, in order: name, input type, default. */
const OPTIONS = [
  ['code_field', 'text', ''],
  ['name_field', 'text', ''],
  ['unit_field', 'text', ''],
  ['layer', 'text', ''],
  ['encoding', 'text', ''],
  ['srs', 'text', ''],
  ['snap', 'number', '0.5'],
];

export class ImportPage {
  /** onCommitted(answer) runs after an import wrote the town or a version. */
  constructor({ onCommitted }) {
    this.onCommitted = onCommitted;
    this.seq = 0;
    this.result = null; // the last answer (a dry run's, or a refused commit's body)
    this.error = null; // a refusal without a preview
    this.done = null; // the last commit's answer
    this.busy = false;
    this.names = new Map(); // code -> name of the cells the map has now, for the impact's words
    this.tab = 'boundaries';
    this.sheets = { residents: new SheetImport('residents'), staff: new SheetImport('staff'), incidents: new SheetImport('incidents') };
    this.kept = null; // the boundary form's values and file while another tab shows
  }

  /** Shows a tab: the boundary import or a sheet's. */
  showTab(tab) {
    if (tab === this.tab) return;
    this.tab = tab;
    this.render();
    const el = this.root.querySelector(`#di-tab-${tab}`);
    if (el) el.focus();
  }

  tabs() {
    const tab = (id) => h('button', {
      type: 'button', role: 'tab', id: `di-tab-${id}`, class: 'tab', 'aria-controls': 'di-tabpanel',
      'aria-selected': String(this.tab === id), tabindex: this.tab === id ? '0' : '-1',
      onclick: () => this.showTab(id),
      onkeydown: (e) => {
        const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
        if (step) this.showTab(TABS[(TABS.indexOf(this.tab) + step + TABS.length) % TABS.length]);
      },
    }, t('di.tab.' + id));
    return h('div', { class: 'tabs di-tabs', role: 'tablist', 'aria-label': t('view.import') }, TABS.map(tab));
  }

  show(root) {
    this.root = root;
    this.render();
    api.cells().then((fc) => {
      for (const f of fc.features || []) this.names.set(f.properties.code, f.properties.name);
    }).catch(() => {}); // a store without a town: the preview's names serve
  }

  render() {
    if (!this.root) return;
    // A new language relabels the form: what was entered stays, the chosen file too.
    const old = this.root.querySelector('#di-form');
    if (old) this.kept = { values: Object.fromEntries([...old.elements].filter((el) => el.name && el.type !== 'file').map((el) => [el.name, el.value])), file: old.elements.file };
    const head = h('div', { class: 'page-head' }, h('h2', { class: 'page-title', id: 'page-title' }, t('view.import')), this.tabs());
    if (this.tab !== 'boundaries') {
      const panel = h('div', { role: 'tabpanel', id: 'di-tabpanel', 'aria-labelledby': `di-tab-${this.tab}` });
      this.root.replaceChildren(h('div', { class: 'page-inner page-wide page-import' }, head, panel));
      for (const [k, sheet] of Object.entries(this.sheets)) if (k !== this.tab) sheet.root = null;
      this.sheets[this.tab].show(panel);
      return;
    }
    const kept = this.kept && this.kept.values;
    const oldFile = this.kept && this.kept.file;
    if (!this.mapEl) this.mapEl = h('div', { id: 'di-map', class: 'bd-map di-map' });
    this.mapEl.setAttribute('aria-label', t('di.map'));
    this.root.replaceChildren(h('div', { class: 'page-inner page-wide page-import' },
      head,
      h('div', { role: 'tabpanel', id: 'di-tabpanel', 'aria-labelledby': 'di-tab-boundaries' },
      h('p', { class: 'muted' }, t('di.lead')),
      h('div', { class: 'bd-grid' },
        h('div', { class: 'bd-mapbox' }, this.mapEl, this.legend()),
        h('div', { class: 'bd-side' },
          h('section', { class: 'card-box', id: 'di-options', 'aria-labelledby': 'di-options-title' },
            h('h3', { id: 'di-options-title' }, t('di.options')), this.form()),
          h('section', { class: 'card-box', id: 'di-result', 'aria-labelledby': 'di-result-title', 'aria-live': 'polite' }))))));
    if (kept) {
      const form = this.root.querySelector('#di-form');
      for (const [name, v] of Object.entries(kept)) if (form.elements[name]) form.elements[name].value = v;
      form.elements.file.replaceWith(oldFile);
    }
    this.ensureMap();
    this.updateButtons();
    this.renderResult();
    this.drawPreview();
  }

  legend() {
    return h('ul', { class: 'bd-diff-legend di-legend', id: 'di-legend' }, Object.keys(STYLE).map((s) => h('li', {},
      h('span', { class: `bd-swatch di-swatch-${s}`, 'aria-hidden': 'true' }), t('di.status.' + s))),
    h('li', {}, h('span', { class: 'bd-problem-at di-swatch-at', 'aria-hidden': 'true' }), t('di.status.at')));
  }

  /** The upload form: the file, the options with their defaults and help, 检查 and 导入. */
  form() {
    const input = (name, type, value, extra = {}) => {
      const el = h('input', { id: 'di-' + name.replace('_', '-'), name, type, value, autocomplete: 'off', ...extra });
      el.addEventListener('input', () => this.stale());
      return el;
    };
    const file = h('input', { id: 'di-file', name: 'file', type: 'file', required: true, accept: '.geojson,.json,.zip,.shp,.kml,.kmz,.gpkg' });
    file.addEventListener('change', () => this.stale());
    const opts = OPTIONS.map(([name, type, def]) => field(t('di.f.' + name), input(name, type, def,
      type === 'number' ? { min: 0, max: 10, step: 0.1, inputmode: 'decimal' } : { placeholder: t('di.ph.' + name) }), t('di.h.' + name)));
    const srsList = h('datalist', { id: 'di-srs-list' }, ['EPSG:4326', 'EPSG:4490', 'EPSG:4527', 'gcj02'].map((v) => h('option', { value: v })));
    opts[5].querySelector('input').setAttribute('list', 'di-srs-list');
    const reason = h('textarea', { id: 'di-reason', name: 'reason', rows: 2 });
    reason.addEventListener('input', () => this.stale(true));
    const date = input('effective_date', 'date', today());
    return h('form', { class: 'form di-form', id: 'di-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); this.check(); } },
      field(t('di.f.file'), file, t('di.h.file')),
      h('details', { class: 'di-more', id: 'di-more' }, h('summary', {}, t('di.more')), opts, srsList),
      h('fieldset', { class: 'di-group' }, h('legend', {}, t('di.town')),
        field(t('di.f.town_code'), input('town_code', 'text', '', { inputmode: 'numeric', placeholder: '500110119' }), t('di.h.town_code')),
        field(t('di.f.town_name'), input('town_name', 'text', '', { placeholder: t('di.ph.town_name') }))),
      h('fieldset', { class: 'di-group' }, h('legend', {}, t('di.version')),
        field(t('bd.reason'), reason, t('di.h.reason')), field(t('bd.date'), date)),
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button', id: 'di-check' }, t('di.check')),
        h('button', { type: 'button', class: 'button button-quiet', id: 'di-commit', disabled: true, onclick: () => this.confirm() }, t('di.commit'))));
  }

  /** The form changed: the preview no longer shows what 导入 would write (only the reason: it still does). */
  stale(reasonOnly = false) {
    if (!reasonOnly) this.checkedWith = null;
    this.done = null;
    this.updateButtons();
  }

  /** The form's values as the API's fields; dry selects the dry run. */
  formData(dry) {
    const form = this.root.querySelector('#di-form');
    const fd = new FormData();
    for (const name of [...OPTIONS.map((o) => o[0]), 'town_code', 'town_name', 'reason', 'effective_date']) {
      const v = form.elements[name].value.trim();
      if (v) fd.append(name, v);
    }
    fd.append('dry_run', String(dry));
    const file = form.elements.file.files[0];
    if (file) fd.append('file', file, file.name);
    return fd;
  }

  /** 检查: the dry run. */
  async check() {
    const form = this.root.querySelector('#di-form');
    fieldError(form, '', '');
    if (!form.elements.file.files[0]) return fieldError(form, 'file', t('di.file.required'));
    const seq = ++this.seq;
    this.busy = true;
    this.done = null;
    this.updateButtons();
    this.renderResult();
    try {
      const ans = await api.importBoundaries(this.formData(true));
      if (seq !== this.seq) return;
      this.result = ans;
      this.error = null;
      this.checkedWith = form.elements.file.files[0];
    } catch (err) {
      if (seq !== this.seq) return;
      this.refused(err);
    }
    this.busy = false;
    this.afterAnswer(true);
  }

  /** A refusal: the form's field it names, or a failure shown above the result. */
  refused(err) {
    this.result = err.body && err.body.cells ? err.body : null;
    this.error = err;
    this.checkedWith = null;
    const form = this.root.querySelector('#di-form');
    if (err.field && form && form.querySelector(`.field[data-for="${CSS.escape(err.field)}"]`)) {
      if (err.field !== 'file' || !this.result) {
        const more = form.querySelector('#di-more');
        if (more && OPTIONS.some((o) => o[0] === err.field)) more.open = true;
        fieldError(form, err.field, err.message);
      }
    }
  }

  afterAnswer(fit) {
    if (!this.root || !this.root.contains(this.mapEl)) return;
    this.updateButtons();
    this.renderResult();
    this.drawPreview(fit);
    // The answer lies below the form: brought into view beside the map, which stays.
    this.root.querySelector('#di-result').scrollIntoView({ block: 'nearest', behavior: motion ? 'smooth' : 'auto' });
  }

  canCommit() {
    const r = this.result;
    return !!(r && !this.busy && this.checkedWith && !r.problems.length && r.plan.mode !== 'unchanged' && !this.done);
  }

  updateButtons() {
    if (!this.root) return;
    const c = this.root.querySelector('#di-check');
    const b = this.root.querySelector('#di-commit');
    if (!c || !b) return;
    c.disabled = this.busy;
    c.textContent = this.busy ? t('di.checking') : t('di.check');
    b.disabled = !this.canCommit();
  }

  /** What 导入 writes, in one sentence, for the confirmation. */
  writes() {
    const p = this.result.plan;
    if (p.mode === 'create') return t('di.confirm.create', { name: p.town.name, code: p.town.code, units: num(p.units), cells: num(p.cells) });
    const imp = p.impact || {};
    return t('di.confirm.change', {
      n: num(p.base + 1), added: num(p.added.length), reshaped: num(p.reshaped.length), removed: num(p.removed.length),
      households: num((imp.households || []).length), residents: num(imp.residents || 0), incidents: num((imp.incidents || []).length),
    });
  }

  /** 导入: a confirmation that says what will be written, then the commit. */
  confirm() {
    if (!this.canCommit()) return;
    const form = this.root.querySelector('#di-form');
    const p = this.result.plan;
    if (p.mode === 'change') {
      fieldError(form, '', '');
      if (!form.elements.reason.value.trim()) return fieldError(form, 'reason', t('bd.reason.required'));
      if (!form.elements.effective_date.value) return fieldError(form, 'effective_date', t('bd.date.required'));
    }
    const dlg = modal(t('di.confirm.title'), h('div', { id: 'di-confirm' },
      h('p', { id: 'di-confirm-text' }, this.writes()),
      p.mode === 'change' ? h('p', { class: 'muted' }, t('di.confirm.reason', { reason: form.elements.reason.value.trim(), date: form.elements.effective_date.value })) : null,
      h('p', { class: 'muted' }, t('di.confirm.file', { file: this.result.read.file })),
      h('div', { class: 'form-actions' },
        h('button', { type: 'button', class: 'button', id: 'di-confirm-ok', onclick: () => { dlg.close(); this.commit(); } }, t('di.confirm.ok')),
        h('button', { type: 'button', class: 'button button-quiet', onclick: () => dlg.close() }, t('di.confirm.cancel')))));
  }

  async commit() {
    const seq = ++this.seq;
    this.busy = true;
    this.updateButtons();
    this.renderResult();
    try {
      const ans = await api.importBoundaries(this.formData(false));
      if (seq !== this.seq) return;
      this.result = ans;
      this.error = null;
      this.done = ans;
      if (this.onCommitted) this.onCommitted(ans);
    } catch (err) {
      if (seq !== this.seq) return;
      this.refused(err);
    }
    this.busy = false;
    this.afterAnswer(false);
  }

  // The map.

  ensureMap() {
    if (this.map) {
      this.map.invalidateSize();
      return;
    }
    const map = L.map(this.mapEl, { zoomSnap: 0.25, zoomDelta: 0.5, minZoom: 4, maxZoom: 20, zoomAnimation: motion, fadeAnimation: motion, inertia: motion });
    this.map = map;
    map.setView([28.55, 106.65], 12);
    this.cellLayer = L.featureGroup().addTo(map);
    this.problemLayer = L.featureGroup().addTo(map);
    this.markers = [];
  }

  /** The preview: the cells by status, the problems as markers with their message. */
  drawPreview(fit = false) {
    if (!this.map) return;
    this.cellLayer.clearLayers();
    this.problemLayer.clearLayers();
    this.markers = [];
    const r = this.result;
    if (!r) return;
    L.geoJSON(r.cells, {
      style: (f) => ({ ...STYLE[f.properties.status], weight: f.properties.status === 'problem' ? 2.5 : 1, opacity: 1, fillOpacity: 0.55, className: `di-cell di-cell-${f.properties.status}` }),
      onEachFeature: (f, layer) => {
        layer.bindTooltip(() => h('span', {}, h('strong', {}, f.properties.name || f.properties.code), h('br'), f.properties.code, ' · ', t('di.status.' + f.properties.status)),
          { sticky: true, direction: 'top', offset: [0, -8], className: 'gm-tooltip' });
        layer.on('add', () => {
          const el = layer.getElement();
          if (el) Object.assign(el.dataset, { code: f.properties.code, status: f.properties.status });
        });
      },
    }).addTo(this.cellLayer);
    r.problems.forEach((p, i) => {
      if (!Array.isArray(p.at)) return;
      const m = L.marker([p.at[1], p.at[0]], { icon: L.divIcon({ className: 'bd-problem-at di-problem-at', iconSize: [18, 18] }), title: problemTitle(p), keyboard: false });
      m.bindPopup(() => h('div', { class: 'di-popup' }, h('strong', {}, problemTitle(p)), h('p', {}, p.message)));
      m.on('add', () => { if (m.getElement()) m.getElement().dataset.problem = String(i); });
      this.markers[i] = m;
      this.problemLayer.addLayer(m);
    });
    if (fit) {
      const b = this.cellLayer.getBounds().extend(this.problemLayer.getBounds());
      if (b.isValid()) this.map.fitBounds(b, { padding: [12, 12], animate: false });
    }
  }

  /** Zooms to a problem and opens its popup. */
  showProblem(i) {
    const m = this.markers[i];
    if (!m) return;
    this.map.setView(m.getLatLng(), Math.max(this.map.getZoom(), 16), { animate: motion });
    m.openPopup();
  }

  // The answer.

  renderResult() {
    const box = this.root && this.root.querySelector('#di-result');
    if (!box) return;
    const parts = [h('h3', { id: 'di-result-title' }, t('di.result'))];
    const r = this.result;
    if (this.busy) parts.push(h('p', { class: 'muted' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('di.busy')));
    if (this.done) parts.push(h('p', { class: 'notice-ok', id: 'di-done', role: 'status' }, this.done.version ? t('di.done', { n: num(this.done.version.number) }) : t('di.done.town')));
    if (this.error) parts.push(h('p', { class: 'notice notice-error', id: 'di-error', role: 'alert' }, this.error.status === 400 || this.error.status === 413 ? this.error.message : errorText(this.error)));
    if (!r && !this.busy && !this.error) parts.push(h('p', { class: 'muted' }, t('di.none')));
    if (r) {
      const rd = r.read;
      parts.push(h('p', { id: 'di-read' }, t('di.read', { file: rd.file, format: FORMAT_NAMES[rd.format] || rd.format, n: num(rd.features), srs: rd.srs || '-' }),
        rd.encoding ? t('di.read.encoding', { enc: rd.encoding }) : '', rd.layer ? t('di.read.layer', { layer: rd.layer }) : ''));
      parts.push(h('p', { id: 'di-plan', 'data-mode': r.plan.mode }, planWords(r.plan)));
      if (r.problems.length) {
        parts.push(h('p', { class: 'bd-invalid', role: 'alert' }, t('di.problems', { n: num(r.problems.length) })),
          h('ul', { class: 'bd-problems', id: 'di-problems' }, r.problems.map((p, i) => h('li', { 'data-kind': p.kind, 'data-feature': p.feature },
            Array.isArray(p.at)
              ? h('button', { type: 'button', class: 'link-button', onclick: () => this.showProblem(i) }, problemTitle(p))
              : h('strong', {}, problemTitle(p)),
            h('span', { class: 'bd-problem-detail' }, p.message)))));
      } else if (r.plan.mode === 'change') {
        parts.push(h('div', { id: 'di-impact' }, impactView(r.plan.impact, (code) => this.names.get(code) || nameIn(r.cells, code))));
      }
      if (!r.problems.length && r.plan.mode !== 'unchanged' && !this.done) parts.push(h('p', { class: 'field-hint' }, t('di.ready')));
    }
    box.replaceChildren(...parts);
  }
}

/** "要素 4（500110119001004）", or "文件" for the file as a whole. */
function problemTitle(p) {
  const where = p.feature > 0 ? t('di.feature', { n: num(p.feature) }) : t('di.file');
  return p.code ? `${where}（${p.code}）` : where;
}

/** The plan in one sentence. */
function planWords(p) {
  if (p.mode === 'create') return t('di.plan.create', { name: p.town.name, code: p.town.code, units: num(p.units), cells: num(p.cells) });
  if (p.mode === 'change') {
    return t('di.plan.change', { base: num(p.base), n: num(p.base + 1), added: num(p.added.length), reshaped: num(p.reshaped.length), removed: num(p.removed.length) });
  }
  return t('di.plan.unchanged');
}

function nameIn(fc, code) {
  const f = ((fc && fc.features) || []).find((x) => x.properties.code === code);
  return f ? f.properties.name : '';
}
