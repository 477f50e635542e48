// 热点分析: where disputes cluster, for the town leader and the admin. A
// choropleth of the cells by Getis-Ord Gi* bin, Local Moran cluster or rate
// per 1,000 residents, or by emerging hot spot category over the months;
// filters for the window and the incident type, and under 高级 the method,
// the measure, the weights, FDR and the fewest incidents; each result in
// plain words beside it (hotwords.js), for the map and for a chosen cell;
// a ranked table of the cells; a monthly trend of the selected cell, a
// unit or the town; and exports of the map (PNG) and the table (CSV).
// Every filter change asks the server again; only the newest answer shows.

import { api } from './api.js';
import { t, tv, num, date, dateTime } from './i18n.js';
import { h, esc } from './dom.js';
import { errorText, field, fieldError } from './ui.js';
import { scheme, legendList, ISLAND, HATCH } from './hotstyle.js';
import { classWords, columns, rows } from './hottable.js';
import { explainMode, explainCell, isQuietHot, quietNote } from './hotwords.js';
import { trendChart } from './trend.js';
import { mapPNG, csvBlob, download } from './hotexport.js';

const L = window.L;
const motion = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
const PRESETS = ['1y', '2y', 'all'];
const FIELDS = ['from', 'to', 'type', 'method', 'measure', 'weights', 'fdr', 'min_count'];
const ADVANCED = ['method', 'measure', 'weights', 'fdr', 'min_count']; // the settings under 高级
const TABS = ['hot', 'rate', 'emerging']; // 热点区域 (Gi* or Local Moran, as 高级 says), 发生率, 时空变化
const MIN_COUNT = 3; // the server's default min_count
const SVGNS = 'http://www.w3.org/2000/svg';

/** Today in the town (UTC+8) as YYYY-MM-DD. */
function today() {
  return date(new Date().toISOString());
}

/** A YYYY-MM-DD date moved by years and days. */
function shift(d, years, days = 0) {
  const x = new Date(d + 'T00:00:00Z');
  x.setUTCFullYear(x.getUTCFullYear() + years);
  x.setUTCDate(x.getUTCDate() + days);
  return x.toISOString().slice(0, 10);
}

/** The day of the first incident reported (the incidents come newest first), or "" when there are none. */
async function firstIncidentDay() {
  const page = await api.incidents({ limit: 1 });
  if (!page.total) return '';
  const last = page.total > 1 ? await api.incidents({ limit: 1, offset: page.total - 1 }) : page;
  const oldest = (last.incidents || [])[0];
  return oldest ? date(oldest.reported_at) : '';
}

/** The last day in a window ending at an exclusive RFC 3339 time, as YYYY-MM-DD. */
function lastDay(to) {
  return date(new Date(Date.parse(to) - 1).toISOString());
}

export class HotspotsPage {
  /** cells() and units() give the town's GeoJSON; town() the town of /api/config ({name, note, …}). */
  constructor({ cells, units, town, types }) {
    this.cells = cells;
    this.types = types; // the incident types of /api/config
    this.units = units;
    this.town = town;
    this.filter = { preset: '1y', from: '', to: '', type: '', method: 'gi', measure: 'count', weights: 'queen', fdr: false, minCount: MIN_COUNT };
    this.tab = 'hot'; // hot | rate | emerging
    this.mode = 'gi'; // what the tab shows: gi | moran (the hot tab, by the method) | rate | emerging
    this.advanced = false; // whether 高级 is open
    this.allRows = false;
    this.seq = 0;
    this.trendSeq = 0;
    this.cache = new Map();
    this.answer = null; // {kind, body, byCode}
    this.error = null;
    this.selected = '';
    this.trendTarget = 'town'; // town | unit:CODE | cell:CODE
    this.trend = null;
    this.first = null; // the first incident's date, for 全部
    this.presetSeq = 0;
    // The trend is drawn at its box's width, so that its text keeps its size: again when that changes.
    let pending = false;
    window.addEventListener('resize', () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        if (this.trend && this.trend.body) this.renderTrend();
      });
    });
  }

  show(root) {
    this.root = root;
    this.cache.clear(); // new reports may have come in since
    if (!this.filter.to) this.setPreset(this.filter.preset, false);
    this.render();
    this.load();
  }

  /**
   * Sets the window to a preset (1y, 2y, all: from the first incident on);
   * load asks the server again.
   */
  async setPreset(preset, load = true) {
    const to = today();
    const seq = ++this.presetSeq;
    let from = shift(to, preset === '2y' ? -2 : -1, 1);
    if (preset === 'all') {
      try {
        if (!this.first) this.first = await firstIncidentDay();
      } catch (err) {
        if (seq !== this.presetSeq) return;
        this.error = err;
        this.draw();
        return;
      }
      if (seq !== this.presetSeq) return; // another preset or date was chosen meanwhile
      if (this.first) from = this.first;
    }
    this.filter = { ...this.filter, preset, from, to };
    if (load) {
      this.renderFilters();
      this.load();
    }
  }

  /** The request's parameters: dates are the town's days, "to" including its whole day. */
  params() {
    const f = this.filter;
    const p = { from: f.from, to: f.to && shift(f.to, 0, 1), type: f.type, weights: f.weights, geometry: 'false' };
    if (this.mode === 'emerging') return p;
    return { ...p, measure: f.measure, method: this.mode === 'moran' ? 'moran' : 'gi', fdr: String(f.fdr), min_count: String(f.minCount) };
  }

  async load() {
    const params = this.params();
    const emerging = this.mode === 'emerging';
    const kind = emerging ? 'emerging' : params.method;
    const key = kind + JSON.stringify(params);
    const seq = ++this.seq;
    this.loading = true;
    this.renderStatus();
    try {
      const body = this.cache.get(key) || await (emerging ? api.emerging(params) : api.hotspots(params));
      if (seq !== this.seq) return; // a newer request went out meanwhile
      this.cache.set(key, body);
      if (this.cache.size > 24) this.cache.delete(this.cache.keys().next().value);
      this.answer = { kind, body, byCode: new Map(body.features.map((f) => [f.properties.code, f.properties])) };
      this.error = null;
    } catch (err) {
      if (seq !== this.seq) return;
      this.error = err;
    }
    this.loading = false;
    this.draw();
    if (!this.error) this.loadTrend(); // a window the server refused would only be refused again
  }

  /** Loads the trend of the chosen cell, unit or town, unless the one shown is for the same window and type. */
  async loadTrend() {
    const [what, code] = this.trendTarget.split(':');
    const f = this.filter;
    const params = { cell: what === 'cell' ? code : '', unit: what === 'unit' ? code : '', from: f.from, to: f.to && shift(f.to, 0, 1), type: f.type };
    const key = JSON.stringify(params);
    if (this.trend && this.trend.key === key && !this.trend.error) return;
    const seq = ++this.trendSeq;
    try {
      const body = await api.hotspotTrend(params);
      if (seq !== this.trendSeq) return;
      this.trend = { target: this.trendTarget, key, body };
    } catch (err) {
      if (seq !== this.trendSeq) return;
      this.trend = { target: this.trendTarget, key, error: err };
    }
    this.renderTrend();
  }

  /** The colouring of the answer in the current mode (rate colours a Gi* answer by its rates). */
  scheme() {
    const a = this.answer;
    if (!a) return null;
    return scheme(this.mode === 'rate' ? 'rate' : a.kind, a.body.features);
  }

  render() {
    if (!this.root) return;
    if (!this.mapEl) {
      this.mapEl = h('div', { id: 'hs-map', class: 'hs-map' });
      this.mapEl.append(hatchDefs());
    }
    this.mapEl.setAttribute('aria-label', t('hs.map'));
    const tab = (m) => h('button', {
      type: 'button', class: 'segment', 'data-mode': m, 'aria-pressed': String(this.tab === m), onclick: () => this.setTab(m),
    }, t('hs.tab.' + m));
    this.root.replaceChildren(h('div', { class: 'page-inner page-wide page-hotspots' },
      h('div', { class: 'page-head' },
        h('h2', { class: 'page-title', id: 'page-title' }, t('view.hotspots')),
        h('p', { class: 'muted' }, t('hs.lead'))),
      h('div', { class: 'segments hs-modes', role: 'group', 'aria-label': t('hs.mode') }, TABS.map(tab)),
      h('form', { class: 'form filters hs-filters', id: 'hs-filters', onsubmit: (e) => e.preventDefault() }),
      h('p', { class: 'hs-summary', id: 'hs-summary', 'aria-live': 'polite' }),
      h('div', { class: 'hs-grid' },
        h('div', { class: 'hs-mapbox' }, this.mapEl),
        h('div', { class: 'hs-side' },
          h('section', { class: 'card-box hs-legend', id: 'hs-legend', 'aria-labelledby': 'hs-legend-title' }),
          h('section', { class: 'card-box hs-cell-box', id: 'hs-cell', 'aria-live': 'polite', hidden: true }),
          h('section', { class: 'card-box hs-explain', id: 'hs-explain', 'aria-labelledby': 'hs-explain-title' }))),
      h('section', { class: 'card-box hs-trend', 'aria-labelledby': 'hs-trend-title' },
        h('div', { class: 'hs-trend-head' },
          h('h3', { id: 'hs-trend-title' }, t('hs.trend.title')),
          h('label', { for: 'hs-trend-target' }, t('hs.trend.for')),
          h('select', { id: 'hs-trend-target', onchange: (e) => this.setTrendTarget(e.target.value) })),
        h('div', { id: 'hs-trend' })),
      h('section', { class: 'section hs-table-section', 'aria-labelledby': 'hs-table-title' },
        h('div', { class: 'hs-table-head' },
          h('h3', { id: 'hs-table-title' }),
          h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'hs-all', checked: this.allRows, onchange: (e) => { this.allRows = e.target.checked; this.renderTable(); } }), t('hs.table.all')),
          h('div', { class: 'hs-exports' },
            h('button', { type: 'button', class: 'button button-small button-quiet', id: 'hs-export-png', onclick: () => this.exportPNG() }, t('hs.export.png')),
            h('button', { type: 'button', class: 'button button-small button-quiet', id: 'hs-export-csv', onclick: () => this.exportCSV() }, t('hs.export.csv')))),
        h('div', { id: 'hs-table' }))));
    this.renderFilters();
    this.ensureMap();
    this.draw();
    this.renderTrend();
  }

  renderFilters() {
    const form = this.root && this.root.querySelector('#hs-filters');
    if (!form) return;
    const f = this.filter;
    const set = (changes) => {
      this.filter = { ...this.filter, ...changes };
      this.load();
    };
    const opt = (value, label, current) => h('option', { value, selected: value === current }, label);
    const from = h('input', { id: 'hs-from', name: 'from', type: 'date', value: f.from, max: f.to || undefined, onchange: (e) => { this.presetSeq++; set({ from: e.target.value, preset: '' }); this.renderPresets(); } });
    const to = h('input', { id: 'hs-to', name: 'to', type: 'date', value: f.to, min: f.from || undefined, onchange: (e) => { this.presetSeq++; set({ to: e.target.value, preset: '' }); this.renderPresets(); } });
    const type = h('select', { id: 'hs-type', name: 'type', onchange: (e) => set({ type: e.target.value }) },
      opt('', t('hs.type.all'), f.type), this.types().map((ty) => opt(ty, tv(ty), f.type)));
    const method = h('select', { id: 'hs-method', name: 'method', onchange: (e) => { this.filter.method = e.target.value; this.setTab('hot', true); } },
      opt('gi', t('hs.method.gi'), f.method), opt('moran', t('hs.method.moran'), f.method));
    const minCount = h('input', {
      id: 'hs-min-count', name: 'min_count', type: 'number', min: 0, step: 1, inputmode: 'numeric', value: String(f.minCount), disabled: this.mode === 'emerging',
      onchange: (e) => set({ minCount: e.target.value === '' ? MIN_COUNT : e.target.value }),
    });
    const measure = h('select', { id: 'hs-measure', name: 'measure', disabled: this.mode === 'emerging' || this.mode === 'rate', onchange: (e) => set({ measure: e.target.value }) },
      opt('count', t('hs.measure.count'), f.measure), opt('rate', t('hs.measure.rate'), f.measure));
    const weights = h('select', { id: 'hs-weights', name: 'weights', onchange: (e) => set({ weights: e.target.value }) },
      opt('queen', t('hs.weights.queen'), f.weights), opt('rook', t('hs.weights.rook'), f.weights));
    const fdr = h('input', { id: 'hs-fdr', name: 'fdr', type: 'checkbox', checked: f.fdr, disabled: this.mode === 'emerging' || this.mode === 'rate', onchange: (e) => set({ fdr: e.target.checked }) });
    const fdrField = field(t('hs.fdr'), fdr);
    fdrField.classList.add('field-check');
    // The settings a statistician would change live under 高级, closed until opened, each with its meaning.
    const advanced = h('details', { class: 'hs-advanced', id: 'hs-advanced', open: this.advanced, ontoggle: (e) => { this.advanced = e.target.open; } },
      h('summary', {}, t('hs.advanced')),
      h('p', { class: 'muted hs-advanced-lead' }, t('hs.advanced.lead')),
      h('div', { class: 'hs-advanced-fields' },
        field(t('hs.method'), method, t('hs.method.hint')),
        field(t('hs.measure'), measure, t('hs.measure.hint')),
        field(t('hs.weights'), weights, t('hs.weights.hint')),
        fdrField,
        field(t('hs.minCount'), minCount, t('hs.minCount.hint'))));
    fdrField.append(h('p', { class: 'field-hint' }, t('hs.fdr.hint')));
    form.replaceChildren(
      field(t('hs.from'), from), field(t('hs.to'), to),
      h('div', { class: 'hs-presets-field' }, h('span', { class: 'hs-label', id: 'hs-presets-label' }, t('hs.preset')),
        h('div', { class: 'hs-presets', id: 'hs-presets', role: 'group', 'aria-labelledby': 'hs-presets-label' })),
      field(t('hs.type'), type), advanced,
      h('p', { class: 'notice notice-error form-error', id: 'hs-error', role: 'alert', hidden: true }));
    this.renderPresets();
    this.renderStatus();
  }

  renderPresets() {
    const box = this.root && this.root.querySelector('#hs-presets');
    if (!box) return;
    box.replaceChildren(...PRESETS.map((p) => h('button', {
      type: 'button', class: 'button button-small hs-preset', 'data-preset': p, 'aria-pressed': String(this.filter.preset === p), onclick: () => this.setPreset(p),
    }, t('hs.preset.' + p))));
  }

  /** Shows a tab: hot (Gi* or Local Moran, as the method says), rate or emerging; again when the method changed. */
  setTab(tab, again = false) {
    const mode = tab === 'hot' ? this.filter.method : tab;
    if (tab === this.tab && mode === this.mode && !again) return;
    this.tab = tab;
    this.mode = mode;
    for (const b of this.root.querySelectorAll('.hs-modes .segment')) b.setAttribute('aria-pressed', String(b.dataset.mode === tab));
    this.renderFilters();
    this.load();
  }

  /** The summary line, the error under its field, and the busy state. */
  renderStatus() {
    const box = this.root && this.root.querySelector('#hs-summary');
    if (!box) return;
    const form = this.root.querySelector('#hs-filters');
    const general = this.root.querySelector('#hs-error');
    const err = this.error;
    const named = err && err.status === 400 && FIELDS.includes(err.field) && form.querySelector(`.field[data-for="${err.field}"]`);
    if (named && ADVANCED.includes(err.field)) {
      this.advanced = true;
      form.querySelector('#hs-advanced').open = true;
    }
    fieldError(form, named ? err.field : '', named ? err.message : '');
    general.hidden = !err || !!named;
    general.textContent = err && !named ? errorText(err) : '';
    this.root.querySelector('.page-hotspots').classList.toggle('is-stale', !!err);
    this.root.querySelector('.page-hotspots').setAttribute('aria-busy', String(!!this.loading));
    const a = this.answer;
    if (this.loading && !a) {
      box.textContent = t('hs.loading');
      return;
    }
    if (!a) {
      box.textContent = '';
      return;
    }
    const b = a.body;
    const parts = [t('hs.window', { from: date(b.from), to: lastDay(b.to) }), b.incident_type ? tv(b.incident_type) : t('hs.type.all')];
    if (a.kind === 'emerging') {
      parts.push(t('hs.months', { n: num(b.months.length) }));
      if (b.partial_month) parts.push(t('hs.partial', { month: b.partial_month }));
    }
    else {
      parts.push(t('hs.total', { n: num(b.total) }), t('hs.townRate', { r: num(b.town_rate ?? 0, 2) }));
      if (b.islands && b.islands.length) parts.push(t('hs.islands', { n: num(b.islands.length) }));
      if (a.kind === 'moran' && b.permutations) parts.push(t('hs.permutations', { n: num(b.permutations), seed: b.seed }));
    }
    box.replaceChildren(h('span', { id: 'hs-window' }, parts.join(' · ')), this.loading ? h('span', { class: 'muted hs-busy' }, ' ', t('hs.loading')) : '');
  }

  ensureMap() {
    if (this.map) {
      this.map.invalidateSize();
      return;
    }
    const map = L.map(this.mapEl, { zoomSnap: 0.25, zoomDelta: 0.5, minZoom: 8, maxZoom: 18, zoomAnimation: motion, fadeAnimation: motion, inertia: motion });
    this.map = map;
    this.layers = new Map();
    const hover = window.matchMedia('(hover: hover)').matches;
    this.cellLayer = L.geoJSON(this.cells(), {
      style: (f) => ({ className: `hs-cell hs-cell-${f.properties.code}`, color: '#ffffff', weight: 0.8, opacity: 1, fillColor: '#e0e0e0', fillOpacity: 1 }),
      onEachFeature: (f, layer) => {
        const code = f.properties.code;
        this.layers.set(code, layer);
        layer.on('click', () => this.selectCell(code, false));
        if (hover) layer.bindTooltip(() => this.tooltip(code), { sticky: true, direction: 'top', offset: [0, -8], className: 'gm-tooltip' });
      },
    }).addTo(map);
    this.hatchLayer = L.layerGroup().addTo(map);
    L.geoJSON(this.units(), { style: () => ({ color: '#374151', weight: 1.6, opacity: 0.9, fill: false }), interactive: false }).addTo(map);
    this.selectLayer = L.layerGroup().addTo(map);
    this.fitTown();
  }

  /** Whether the page is on screen (an answer may come after the user went elsewhere). */
  attached() {
    return !!(this.map && this.root && this.root.contains(this.mapEl));
  }

  fitTown() {
    this.map.fitBounds(this.cellLayer.getBounds(), { padding: [12, 12], animate: false });
  }

  /** Colours the map, the legend and the table by the answer. */
  draw() {
    if (!this.attached()) return;
    this.renderStatus();
    this.restyle();
    this.renderExplain();
    this.renderCell();
    this.renderTable();
  }

  /** What the results of the mode mean, in plain words, beside the legend. */
  renderExplain() {
    const box = this.root.querySelector('#hs-explain');
    if (!box) return;
    const a = this.answer;
    box.dataset.mode = this.mode;
    box.replaceChildren(h('h3', { id: 'hs-explain-title' }, t('hs.x.title')),
      ...explainMode(this.mode, a && a.body, a && a.body.min_count != null ? a.body.min_count : this.filter.minCount));
  }

  /** The chosen cell's result in words (hidden until a cell is chosen). */
  renderCell() {
    const box = this.root.querySelector('#hs-cell');
    if (!box) return;
    const a = this.answer;
    const p = a && this.selected && a.byCode.get(this.selected);
    box.hidden = !p;
    box.dataset.code = p ? p.code : '';
    box.replaceChildren(...(p ? [h('h3', {}, t('hs.x.cellTitle')), ...explainCell(this.mode, p, a.body)] : []));
  }

  restyle() {
    const sc = this.scheme();
    const box = this.root.querySelector('#hs-legend');
    if (box) {
      box.replaceChildren(h('h3', { id: 'hs-legend-title' }, sc ? sc.title : t('hs.legend')),
        sc ? legendList(sc) : h('p', { class: 'muted' }, this.error ? errorText(this.error) : t('hs.loading')),
        sc && this.mode === 'rate' ? h('p', { class: 'legend-note' }, t('hs.rate.note')) : '');
      box.dataset.kind = sc ? sc.kind : '';
    }
    if (!sc) return;
    const a = this.answer;
    const insufficient = [];
    for (const [code, layer] of this.layers) {
      const p = a.byCode.get(code);
      const key = p ? sc.classOf(p) : 'none';
      const island = key === 'island';
      layer.setStyle({
        fillColor: sc.color(key), color: island ? ISLAND.stroke : '#ffffff', weight: island ? 1.5 : 0.8, dashArray: island ? ISLAND.dash.join(' ') : null,
      });
      const el = layer.getElement();
      if (el) el.dataset.class = key;
      if (p && p.insufficient && sc.kind !== 'emerging') insufficient.push(layer.feature);
    }
    this.hatchLayer.clearLayers();
    if (insufficient.length) {
      this.hatchLayer.addLayer(L.geoJSON({ type: 'FeatureCollection', features: insufficient }, {
        interactive: false, style: () => ({ className: 'hs-hatch', stroke: false, fillColor: 'url(#hs-hatch)', fillOpacity: 1 }),
      }));
    }

  }

  tooltip(code) {
    const p = this.answer && this.answer.byCode.get(code);
    const cell = this.layers.get(code).feature.properties;
    if (!p) return `<strong>${esc(cell.name)}</strong><br>${esc(code)}`;
    const quiet = isQuietHot(this.mode, p, this.answer.body) ? `<br>${esc(quietNote())}` : '';
    return `<strong>${esc(p.name)}</strong><br>${esc(code)}<br>${esc(classWords(this.mode, p))}${quiet}`;
  }

  renderTable() {
    const box = this.root && this.root.querySelector('#hs-table');
    if (!box) return;
    this.root.querySelector('#hs-all').closest('label').hidden = this.mode === 'rate';
    this.root.querySelector('#hs-table-title').textContent = t(this.allRows && this.mode !== 'rate' ? 'hs.table.allTitle' : 'hs.table.' + this.mode);
    const sc = this.scheme();
    if (!sc) {
      box.replaceChildren(h('p', { class: 'muted' }, this.error ? '' : t('hs.loading')));
      return;
    }
    const cols = columns(this.mode);
    const list = this.answer ? rows(this.mode, this.answer.body.features, this.allRows) : [];
    const exportsOff = !list.length;
    this.root.querySelector('#hs-export-csv').disabled = exportsOff;
    if (!list.length) {
      box.replaceChildren(h('p', { class: 'muted', id: 'hs-none' }, t('hs.table.none')));
      return;
    }
    box.replaceChildren(h('div', { class: 'table-wrap hs-table-wrap' }, h('table', { class: 'table hs-table', id: 'hs-rows' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'num' }, '#'), cols.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : '' }, t(c.key))))),
      h('tbody', {}, list.map((p, i) => {
        const key = sc.classOf(p);
        const on = p.code === this.selected;
        return h('tr', {
          'data-code': p.code, 'data-class': key, class: on ? 'is-selected' : '', 'aria-selected': String(on),
          onclick: (e) => { if (!e.target.closest('button')) this.selectCell(p.code, true); },
        },
        h('td', { class: 'num' }, num(i + 1)),
        cols.map((c, j) => {
          if (j === 0) return h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link-button code', onclick: () => this.selectCell(p.code, true) }, c.show(p)));
          if (c.cls) {
            return h('td', { class: 'hs-class' }, h('span', { class: 'swatch hs-swatch', style: `background:${sc.color(key)}`, 'aria-hidden': 'true' }), c.show(p),
              isQuietHot(this.mode, p, this.answer.body) ? h('span', { class: 'hs-quiet muted', 'data-quiet': 'true' }, ' ', quietNote()) : null);
          }
          return h('td', { class: c.num ? 'num' : '' }, c.show(p));
        }));
      })))));
  }

  /** Selects a cell: outlined on the map, its row marked, its trend shown; zoom fits the map to it. */
  selectCell(code, zoom) {
    const layer = this.layers.get(code);
    if (!layer) return;
    this.selected = code;
    this.selectLayer.clearLayers();
    this.selectLayer.addLayer(L.geoJSON(layer.feature, { interactive: false, style: () => ({ className: 'hs-selected', color: '#111827', weight: 3, fill: false }) }));
    if (zoom) {
      this.map.fitBounds(layer.getBounds(), { padding: [40, 40], maxZoom: 15, animate: motion });
      this.mapEl.scrollIntoView({ block: 'nearest', behavior: motion ? 'smooth' : 'auto' });
    }
    for (const tr of this.root.querySelectorAll('#hs-rows tbody tr')) {
      const on = tr.dataset.code === code;
      tr.classList.toggle('is-selected', on);
      tr.setAttribute('aria-selected', String(on));
    }
    this.renderCell();
    this.setTrendTarget('cell:' + code);
  }

  setTrendTarget(target) {
    this.trendTarget = target;
    this.trend = null;
    this.renderTrend();
    this.loadTrend();
  }

  /** What the trend shows, in words. */
  trendLabel(target) {
    const [what, code] = target.split(':');
    if (what === 'unit') return (this.units().features.find((f) => f.properties.code === code) || { properties: { name: code } }).properties.name;
    if (what === 'cell') {
      const layer = this.layers && this.layers.get(code);
      return t('hs.trend.cell', { name: layer ? layer.feature.properties.name : code, code });
    }
    return t('hs.trend.town', { town: this.town().name || '' });
  }

  renderTrend() {
    if (!this.attached()) return;
    const sel = this.root && this.root.querySelector('#hs-trend-target');
    const box = this.root && this.root.querySelector('#hs-trend');
    if (!sel || !box) return;
    const units = [...this.units().features].map((f) => f.properties).sort((a, b) => (a.code < b.code ? -1 : 1));
    const opts = [h('option', { value: 'town' }, this.trendLabel('town'))];
    if (this.selected) opts.push(h('option', { value: 'cell:' + this.selected }, this.trendLabel('cell:' + this.selected)));
    opts.push(h('optgroup', { label: t('hs.trend.units') }, units.map((u) => h('option', { value: 'unit:' + u.code }, u.name))));
    sel.replaceChildren(...opts);
    sel.value = this.trendTarget;
    const tr = this.trend;
    box.dataset.target = tr ? tr.target : '';
    if (!tr) box.replaceChildren(h('p', { class: 'muted' }, t('hs.loading')));
    else if (tr.error) box.replaceChildren(h('p', { class: 'notice notice-error' }, errorText(tr.error)));
    else {
      box.replaceChildren(trendChart(tr.body, this.trendLabel(tr.target), box.clientWidth),
        tr.body.partial_month ? h('p', { class: 'muted hs-partial', 'data-partial': tr.body.partial_month }, t('hs.x.partial', { month: tr.body.partial_month })) : '');
    }
  }

  /** The file name's stem: the mode and the window. */
  fileStem() {
    const b = this.answer.body;
    return `hotspots-${this.mode}-${date(b.from)}_${lastDay(b.to)}`;
  }

  /** The filters in words, for the PNG's head. */
  describe() {
    const a = this.answer;
    const b = a.body;
    const out = [t('hs.window', { from: date(b.from), to: lastDay(b.to) }) + ' · ' + (b.incident_type ? tv(b.incident_type) : t('hs.type.all'))];
    const w = t('hs.weights.' + (b.weights || this.filter.weights));
    if (a.kind === 'emerging') out.push(`${t('hs.months', { n: num(b.months.length) })} · ${w}`);
    else if (this.mode === 'rate') out.push(`${t('hs.total', { n: num(b.total) })} · ${t('hs.townRate', { r: num(b.town_rate ?? 0, 2) })}`);
    else out.push([t('hs.measure.' + b.measure), w, b.fdr ? t('hs.fdr') : '', t('hs.total', { n: num(b.total) })].filter(Boolean).join(' · '));
    return out;
  }

  async exportPNG() {
    const sc = this.scheme();
    if (!sc) return;
    const a = this.answer;
    const button = this.root.querySelector('#hs-export-png');
    button.disabled = true;
    try {
      const blob = await mapPNG({
        cells: this.cells(), units: this.units(),
        style: (code) => {
          const p = a.byCode.get(code);
          const key = p ? sc.classOf(p) : 'none';
          return { fill: sc.color(key), island: key === 'island', insufficient: !!(p && p.insufficient && sc.kind !== 'emerging'), selected: code === this.selected };
        },
        title: `${this.town().name || ''} ${t('view.hotspots')} · ${t('hs.mode.' + this.mode)}`.trim(),
        lines: this.describe(), legend: sc,
        // The town's note says, in both languages, whether the data are real.
        note: [t('hs.export.note', { at: dateTime(new Date().toISOString()) }), this.town().note].filter(Boolean).join(' '),
      });
      download(blob, this.fileStem() + '.png');
    } finally {
      button.disabled = false;
    }
  }

  exportCSV() {
    if (!this.answer) return;
    const cols = columns(this.mode);
    const list = this.answer ? rows(this.mode, this.answer.body.features, this.allRows) : [];
    download(csvBlob(['#', ...cols.map((c) => t(c.key))], list.map((p, i) => [i + 1, ...cols.map((c) => c.csv(p))])), this.fileStem() + '.csv');
  }
}

/** An SVG holding the hatching pattern that cells with too little data are filled with (url(#hs-hatch)). */
function hatchDefs() {
  const svg = document.createElementNS(SVGNS, 'svg');
  svg.setAttribute('class', 'hs-defs');
  svg.setAttribute('aria-hidden', 'true');
  svg.innerHTML = `<defs><pattern id="hs-hatch" width="${HATCH.size}" height="${HATCH.size}" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`
    + `<line x1="0" y1="0" x2="0" y2="${HATCH.size}" stroke="${HATCH.color}" stroke-width="1.4"/></pattern></defs>`;
  return svg;
}
