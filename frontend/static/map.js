// The Leaflet map: cells coloured by unit, unit and town boundaries, labels
// that fit their cells, hover and selection, the legend and layer controls.

import { t, onLangChange } from './i18n.js';
import { h, esc } from './dom.js';
import { LocateControl } from './position.js';
import { api } from './api.js';

const L = window.L;

// 15 fill colours chosen to stay far apart (CIELAB) at the fill opacity
// below, and ordered so that neighbouring units of the sample town differ
// most. Units take them in code order, so a unit keeps its colour.
const PALETTE = [
  '#f99379', '#e7298a', '#f3c300', '#8db600', '#e377c2',
  '#a6761d', '#0067a5', '#33a02c', '#882d17', '#008856',
  '#ff7f0e', '#604e97', '#dbdb8d', '#17becf', '#d62728',
];

// Those who ask their system for less motion get a map that jumps instead
// of gliding (and the browser tests a map that is still when they look).
const motion = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;

// Cell labels from this zoom on (mid zoom: a village fills a phone), unit
// labels below it. Each cell label takes the longest form that fits.
const CELL_LABEL_ZOOM = 13;

const STYLE = {
  town: { color: '#2b1d3a', weight: 4, opacity: 0.9, fill: false, interactive: false, pane: 'boundaries' },
  unit: { color: '#2f3540', weight: 2, opacity: 0.85, fill: false, interactive: false, pane: 'boundaries' },
  cell: { color: '#ffffff', weight: 1, opacity: 0.9, fillOpacity: 0.5 },
  hover: { weight: 3, fillOpacity: 0.72 },
  selected: { fillOpacity: 0.68 },
  outside: { fillOpacity: 0.16, opacity: 0.5 }, // cells outside the user's own area
  scope: { color: '#0b3a75', weight: 3, opacity: 1, fill: false, interactive: false, pane: 'boundaries' },
  halo: { color: '#ffffff', weight: 7, opacity: 0.95, fill: false, interactive: false, pane: 'selection' },
  outline: { color: '#0f172a', weight: 3, opacity: 1, fill: false, interactive: false, pane: 'selection' },
};

/** The map view of one town's cells. onSelect(code) runs when a cell is clicked. */
export class GridMap {
  constructor(el, { onSelect }) {
    this.onSelect = onSelect;
    this.canHover = window.matchMedia('(hover: hover)').matches;
    const map = L.map(el, {
      zoomControl: false, zoomSnap: 0.25, zoomDelta: 0.5, wheelPxPerZoomLevel: 90, minZoom: 8, maxZoom: 19,
      zoomAnimation: motion, fadeAnimation: motion, markerZoomAnimation: motion, inertia: motion,
    });
    this.map = map;
    for (const [name, z] of [['boundaries', 420], ['selection', 430], ['labels', 440]]) {
      const pane = map.createPane(name);
      pane.style.zIndex = z;
      pane.style.pointerEvents = 'none';
    }
    this.addZoomControl();
    this.home = new HomeControl({ position: 'topleft', onHome: () => this.fitTown() }).addTo(map);
    this.locate = new LocateControl({ position: 'topleft', motion }).addTo(map);
    L.control.scale({ imperial: false, position: 'bottomright' }).addTo(map);
    this.legend = new Legend({ position: 'bottomleft' }).addTo(map);
    this.labels = L.layerGroup([], { pane: 'labels' }).addTo(map);
    this.byCode = new Map();
    this.selected = null;
    this.selection = null;
    map.on('zoomend moveend resize', () => this.updateLabels());
    onLangChange(() => this.relabelControls());
  }

  /**
   * Draws the town; called once the API has answered, and again with the
   * new cells after a boundary change (the view stays where it is).
   */
  async setData({ config, town, units, cells, tiles }) {
    const again = !!this.cells;
    if (again) {
      this.select(null);
      for (const layer of [this.cells, this.unitLayer, this.townLayer]) layer.remove();
      if (this.scopeLayer) this.scopeLayer.remove();
      this.labels.clearLayers();
      this.byCode.clear();
    }
    this.tiled = !!tiles;
    this.unitFeatures = new Map(units.features.map((f) => [f.properties.code, f]));
    const order = units.features.map((f) => f.properties.code).sort();
    this.colors = new Map(order.map((code, i) => [code, PALETTE[i % PALETTE.length]]));
    this.units = units;
    // Set the view first: layers added before it only render on 'load'.
    this.townLayer = L.geoJSON(town, { style: () => STYLE.town, interactive: false });
    if (!again) this.fitTown();
    this.cells = this.tiled ? await this.cellTiles() : L.geoJSON(cells, {
      style: (f) => ({ ...this.cellStyle(f.properties.code, false), fillColor: this.colorOf(f.properties.unit_code), className: `gm-cell gm-cell-${f.properties.code}` }),
      onEachFeature: (f, layer) => this.bindCell(f, layer),
    });
    this.cells.addTo(this.map);
    this.unitLayer = L.geoJSON(units, { style: () => STYLE.unit, interactive: false }).addTo(this.map);
    this.townLayer.addTo(this.map);
    this.addLabels(units, this.tiled ? { features: [] } : cells);
    this.legend.setUnits(units, (code) => this.colorOf(code), town.properties && town.properties.note);
    if (!again && config.basemap && config.basemap.url) this.addBasemap(config.basemap);
  }

  /**
   * The cells as vector tiles (tiles.js, loaded now): painted in the
   * GeoJSON layer's style, a click or tap opening the cell under it, the
   * cells of each tile decoded handed to onCells.
   */
  async cellTiles() {
    const { CellTiles } = await import('./tiles.js');
    const layer = new CellTiles({
      style: (p) => ({ ...this.cellStyle(p.code, false), fillColor: this.colorOf(p.unit_code) }),
      label: cellLabelTexts,
      labelZoom: CELL_LABEL_ZOOM,
      measure: (text) => measure(text, 'cell'),
    });
    layer.on('cells', (e) => { if (this.onCells) this.onCells(e.cells); });
    if (!this.tileClicks) {
      this.tileClicks = true;
      this.map.on('click', (e) => {
        const p = this.tiled && this.cells.cellAt && this.cells.cellAt(e.latlng);
        if (p) this.onSelect(p.code);
      });
      if (this.canHover) this.hoverTiles();
    }
    return layer;
  }

  /** On tiles, the GeoJSON layer's tooltip (name and code) follows the pointer over the cells. */
  hoverTiles() {
    const tip = L.tooltip({ direction: 'top', offset: [0, -8], className: 'gm-tooltip' });
    let at = null;
    let code = null;
    const show = () => {
      const e = at;
      at = null;
      const p = this.tiled && this.cells.cellAt && this.cells.cellAt(e.latlng);
      this.map.getContainer().classList.toggle('gm-over-cell', !!p);
      if (!p) {
        code = null;
        tip.remove();
        return;
      }
      if (p.code !== code) tip.setContent(`<strong>${esc(p.name)}</strong><br>${esc(p.code)}`);
      code = p.code;
      tip.setLatLng(e.latlng);
      if (!this.map.hasLayer(tip)) tip.addTo(this.map);
    };
    this.map.on('mousemove', (e) => {
      if (!at) requestAnimationFrame(show);
      at = e;
    });
    this.map.on('mouseout', () => {
      at = null;
      code = null;
      tip.remove();
    });
  }

  /**
   * Makes sure the map has these cells' shapes (on tiles it fetches those
   * it has not: GET /api/cells/{code}), for selecting, revealing and
   * fitting them. Resolves to the codes it has.
   */
  async loadCells(codes) {
    if (this.tiled) {
      await Promise.all(codes.filter((c) => !this.byCode.has(c)).map((c) => api.cell(c).then((f) => {
        const layer = L.geoJSON(f).getLayers()[0];
        if (layer) this.byCode.set(c, layer);
      }).catch(() => {})));
    }
    return codes.filter((c) => this.byCode.has(c));
  }

  colorOf(unitCode) {
    return this.colors.get(unitCode) || '#999999';
  }

  bindCell(feature, layer) {
    const p = feature.properties;
    this.byCode.set(p.code, layer);
    layer.on('click', () => this.onSelect(p.code));
    // Touch screens have no hover: a tap would leave the highlight behind.
    if (!this.canHover) return;
    layer.bindTooltip(`<strong>${esc(p.name)}</strong><br>${esc(p.code)}`, { sticky: true, direction: 'top', offset: [0, -8], className: 'gm-tooltip' });
    layer.on('mouseover', () => {
      layer.setStyle(STYLE.hover);
      if (this.selected !== layer) layer.bringToFront();
    });
    layer.on('mouseout', () => this.restyle(layer));
  }

  cellStyle(code, selected) {
    const outside = this.scope && !this.scope.has(code);
    return { ...STYLE.cell, ...(outside ? STYLE.outside : {}), ...(selected ? STYLE.selected : {}) };
  }

  restyle(layer) {
    layer.setStyle(this.cellStyle(layer.feature.properties.code, layer === this.selected));
  }

  fitTown() {
    if (this.townLayer) this.map.fitBounds(this.townLayer.getBounds(), { padding: [16, 16], animate: motion });
  }

  /**
   * Marks the user's own area: these cells outlined, the others faded. null
   * (or an empty list) shows every cell alike again.
   */
  setScope(codes) {
    this.scope = codes && codes.length ? new Set(codes) : null;
    if (this.scopeLayer) this.scopeLayer.remove();
    this.scopeLayer = null;
    for (const layer of this.byCode.values()) this.restyle(layer);
    if (this.tiled && this.cells) this.cells.repaint();
    if (!this.scope) return;
    const features = [...this.scope].map((c) => this.feature(c)).filter(Boolean);
    this.scopeLayer = L.geoJSON({ type: 'FeatureCollection', features }, { style: () => STYLE.scope, interactive: false }).addTo(this.map);
  }

  /** Fits the map to these cells in the part that cover = {left, right, bottom} leaves free. */
  fitCells(codes, cover = {}) {
    const layers = codes.map((c) => this.byCode.get(c)).filter(Boolean);
    if (!layers.length) return this.fitTown();
    const b = L.latLngBounds([]);
    for (const l of layers) b.extend(l.getBounds());
    this.map.fitBounds(b, {
      paddingTopLeft: [(cover.left || 0) + 24, 24],
      paddingBottomRight: [(cover.right || 0) + 24, (cover.bottom || 0) + 24],
      maxZoom: 16, animate: motion,
    });
  }

  /** Folds the legend (or unfolds it where there is room: not on phones). */
  foldLegend(fold) {
    if (this.legend.el) this.legend.el.open = !fold && !window.matchMedia('(max-width: 639.98px)').matches;
  }

  /** Fits the map to a unit (a village or community) in the part that cover leaves free. */
  fitUnit(unitCode, cover = {}) {
    if (!this.tiled) return this.fitCells(this.unitCells(unitCode), cover);
    const f = this.unitFeatures.get(unitCode);
    if (!f) return this.fitTown();
    return this.map.fitBounds(L.geoJSON(f).getBounds(), {
      paddingTopLeft: [(cover.left || 0) + 24, 24],
      paddingBottomRight: [(cover.right || 0) + 24, (cover.bottom || 0) + 24],
      maxZoom: 16, animate: motion,
    });
  }

  /** The codes of a unit's cells (on tiles: of those the map has loaded). */
  unitCells(unitCode) {
    return [...this.byCode.values()].filter((l) => l.feature.properties.unit_code === unitCode).map((l) => l.feature.properties.code);
  }

  /** The cell feature for a code, or undefined. */
  feature(code) {
    const layer = this.byCode.get(code);
    return layer && layer.feature;
  }

  /** Highlights a cell (or none with null). */
  select(code) {
    const prev = this.selected;
    this.selected = (code && this.byCode.get(code)) || null;
    if (prev) this.restyle(prev);
    if (this.selection) this.selection.remove();
    this.selection = null;
    if (!this.selected) return this.updateLabels();
    this.restyle(this.selected);
    const geom = this.selected.feature;
    if (this.tiled && !this.labelItems.some((i) => i.kind === 'cell' && i.code === code)) this.addLabel(geom, 'cell');
    this.updateLabels();
    this.selection = L.layerGroup([
      L.geoJSON(geom, { style: () => STYLE.halo, interactive: false }),
      L.geoJSON(geom, { style: () => STYLE.outline, interactive: false }),
    ]).addTo(this.map);
  }

  /**
   * Brings a cell into the part of the map that the panel leaves free.
   * cover = {right, bottom} in pixels hidden by the panel. zoom: fit the
   * cell (search) rather than only panning when it is hidden (click).
   */
  reveal(code, cover, zoom) {
    const layer = this.byCode.get(code);
    if (!layer) return;
    const tl = [(cover.left || 0) + 24, 24];
    const br = [cover.right + 24, cover.bottom + 24];
    if (zoom) {
      this.map.fitBounds(layer.getBounds(), { paddingTopLeft: tl, paddingBottomRight: br, maxZoom: 16, animate: motion });
      return;
    }
    const size = this.map.getSize();
    const p = this.map.latLngToContainerPoint(labelLatLng(layer.feature));
    const free = { x0: tl[0], y0: tl[1], x1: size.x - br[0], y1: size.y - br[1] };
    if (free.x1 - free.x0 < 40 || free.y1 - free.y0 < 40) return;
    if (p.x >= free.x0 && p.x <= free.x1 && p.y >= free.y0 && p.y <= free.y1) return;
    const cx = (free.x0 + free.x1) / 2;
    const cy = (free.y0 + free.y1) / 2;
    this.map.panBy([p.x - cx, p.y - cy], { animate: motion });
  }

  addLabels(units, cells) {
    this.labelItems = [];
    units.features.forEach((f) => this.addLabel(f, 'unit'));
    cells.features.forEach((f) => this.addLabel(f, 'cell'));
    this.labelItems.sort((a, b) => a.rank - b.rank);
    this.updateLabels();
  }

  /** Adds a unit's or a cell's label (kind) to the label layer and the label items. */
  addLabel(f, kind) {
    const p = f.properties;
    const ll = labelLatLng(f);
    const span = h('span');
    const marker = L.marker(ll, {
      pane: 'labels', interactive: false, keyboard: false,
      icon: L.divIcon({ className: `gm-label gm-label-${kind}`, iconSize: null, html: span }),
    });
    this.labels.addLayer(marker);
    const texts = kind === 'unit' ? [p.name] : cellLabelTexts(p);
    this.labelItems.push({ kind, marker, span, texts, code: p.code, rank: kind === 'unit' ? 0 : -(p.area_m2 || 0) });
  }

  /**
   * Shows unit labels below CELL_LABEL_ZOOM and cell labels from it on,
   * each cell label in the longest form that fits its cell, and none that
   * would overlap another. The selected cell's full name shows at any zoom
   * and goes first.
   */
  updateLabels() {
    if (!this.labelItems || !this.map.hasLayer(this.labels)) return;
    const zoom = this.map.getZoom();
    const size = this.map.getSize();
    const selected = this.selected && this.selected.feature.properties.code;
    const items = selected ? [...this.labelItems].sort((a, b) => (b.kind === 'cell' && b.code === selected) - (a.kind === 'cell' && a.code === selected)) : this.labelItems;
    const placed = [];
    for (const item of items) {
      const el = item.marker.getElement();
      if (!el) continue;
      const isSel = item.kind === 'cell' && item.code === selected;
      // On tiles the cells' names are painted on the tiles: only the selected one is a label here.
      const wanted = isSel || (item.kind === 'cell' ? zoom >= CELL_LABEL_ZOOM && !this.tiled : zoom < CELL_LABEL_ZOOM);
      const p = wanted && this.map.latLngToContainerPoint(item.marker.getLatLng());
      let show = wanted && p.x > -100 && p.y > -40 && p.x < size.x + 100 && p.y < size.y + 40;
      let text = item.texts[0];
      let box = null;
      if (show && !isSel) {
        const room = item.kind === 'cell' ? this.pixelWidth(item.code) : Infinity;
        text = item.texts.find((s) => measure(s, item.kind) <= room * 0.92);
        show = text !== undefined;
      }
      el.classList.toggle('is-selected', isSel);
      let dy = 0;
      if (show) {
        const w = measure(text, item.kind) + (isSel ? 16 : 6);
        const hgt = item.kind === 'unit' || isSel ? 21 : 17;
        if (isSel) {
          // Over a cell too small to hold it, the name goes above the cell.
          const b = this.pixelBounds(item.code);
          if (b.max.y - b.min.y < 3 * hgt || b.max.x - b.min.x < w) {
            dy = b.min.y - hgt / 2 - 4 - p.y;
            placed.push({ x0: b.min.x, x1: b.max.x, y0: b.min.y, y1: b.max.y }); // keep the small cell clear
          }
        }
        box = { x0: p.x - w / 2, x1: p.x + w / 2, y0: p.y + dy - hgt / 2, y1: p.y + dy + hgt / 2 };
        show = isSel || !placed.some((b) => b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1);
      }
      if (show) {
        placed.push(box);
        if (item.span.textContent !== text) item.span.textContent = text;
        item.span.style.top = dy ? `${dy}px` : '';
      }
      el.classList.toggle('is-hidden', !show);
    }
  }

  /** The cell's bounding box on screen, in container pixels. */
  pixelBounds(code) {
    const b = this.byCode.get(code).getBounds();
    return L.bounds(this.map.latLngToContainerPoint(b.getSouthWest()), this.map.latLngToContainerPoint(b.getNorthEast()));
  }

  pixelWidth(code) {
    const b = this.pixelBounds(code);
    return b.max.x - b.min.x;
  }

  addBasemap(bm) {
    this.basemap = L.tileLayer(bm.url, {
      attribution: bm.attribution || '',
      subdomains: bm.subdomains || 'abc',
      maxZoom: bm.max_zoom || 18,
      maxNativeZoom: bm.max_zoom || 18,
    }).addTo(this.map);
    document.body.classList.add('has-basemap');
    this.relabelControls();
  }

  /** Leaflet's zoom buttons, with titles from the catalog (Leaflet's own are English). */
  addZoomControl() {
    if (this.zoomControl) this.zoomControl.remove();
    this.zoomControl = L.control.zoom({ position: 'topleft', zoomInTitle: t('map.zoomIn'), zoomOutTitle: t('map.zoomOut') });
    this.map.addControl(this.zoomControl);
    // Keep it above the home button, which is added after it.
    const corner = this.zoomControl.getContainer().parentNode;
    corner.prepend(this.zoomControl.getContainer());
  }

  relabelControls() {
    this.addZoomControl();
    this.legend.render();
    this.home.render();
    this.locate.render();
    if (!this.basemap) return;
    if (this.layerControl) this.layerControl.remove();
    this.layerControl = L.control.layers(null, {
      [t('layers.basemap')]: this.basemap,
      [t('layers.labels')]: this.labels,
    }, { position: 'topright', collapsed: true }).addTo(this.map);
  }
}

/** The feature's label point as a LatLng (its label property, else its bounds' centre). */
function labelLatLng(f) {
  const lab = f.properties && f.properties.label;
  if (Array.isArray(lab) && lab.length === 2) return L.latLng(lab[1], lab[0]);
  return L.geoJSON(f).getBounds().getCenter();
}

/** Label forms for a cell, longest first: name, name without the unit prefix, sequence. */
export function cellLabelTexts(p) {
  const out = [p.name];
  const unit = p.unit_name || '';
  if (unit && p.name.startsWith(unit) && p.name.length > unit.length) out.push(p.name.slice(unit.length));
  const seq = String(parseInt(String(p.code).slice(-3), 10));
  if (seq !== 'NaN' && !out.includes(seq)) out.push(seq);
  return out;
}

const ctx = document.createElement('canvas').getContext('2d');
const widths = new Map();

/** Text width in pixels in the label font (matching app.css). */
function measure(text, kind) {
  const key = kind + '\u0000' + text;
  let w = widths.get(key);
  if (w === undefined) {
    ctx.font = kind === 'unit' ? '700 14px "Noto Sans CJK SC", "Microsoft YaHei", sans-serif' : '600 12px "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
    w = ctx.measureText(text).width;
    widths.set(key, w);
  }
  return w;
}

/** A button under the zoom buttons that fits the whole town again. */
const HomeControl = L.Control.extend({
  onAdd() {
    this.button = h('button', { type: 'button', id: 'home', class: 'gm-home', onclick: () => this.options.onHome() });
    this.button.innerHTML = '<svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true"><path d="M3 10 10 3.5 17 10M5.5 8v8.5h9V8" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/></svg>';
    const bar = h('div', { class: 'leaflet-bar' }, this.button);
    L.DomEvent.disableClickPropagation(bar);
    this.render();
    return bar;
  },
  render() {
    if (!this.button) return;
    this.button.title = t('map.home');
    this.button.setAttribute('aria-label', t('map.home'));
  },
});

/** The legend: unit colours and line styles; a <details> so it folds away on phones. */
const Legend = L.Control.extend({
  onAdd() {
    this.el = h('details', { class: 'legend', id: 'legend' });
    if (!window.matchMedia('(max-width: 639.98px)').matches) this.el.open = true;
    L.DomEvent.disableClickPropagation(this.el);
    L.DomEvent.disableScrollPropagation(this.el);
    this.render();
    return this.el;
  },
  setUnits(units, colorOf, note) {
    this.units = [...units.features].sort((a, b) => (a.properties.code < b.properties.code ? -1 : 1));
    this.colorOf = colorOf;
    this.note = note;
    this.render();
  },
  render() {
    if (!this.el) return;
    const line = lineSwatch;
    const units = (this.units || []).map((f) => {
      const p = f.properties;
      return h('li', { title: t('legend.cells', { n: p.cells }) },
        h('span', { class: 'swatch', style: `background:${this.colorOf(p.code)}`, 'aria-hidden': 'true' }),
        p.name);
    });
    this.el.replaceChildren(
      h('summary', {}, t('legend.title')),
      h('div', { class: 'legend-body' },
        h('h3', {}, t('legend.lines')),
        h('ul', { class: 'legend-lines' },
          h('li', {}, line('town'), t('legend.town')),
          h('li', {}, line('unit'), t('legend.unit')),
          h('li', {}, line('cell'), t('legend.cell'))),
        units.length ? [h('h3', {}, t('legend.units')), h('ul', { class: 'legend-units' }, units)] : null,
        // The town's note, e.g. that the sample data are illustrative (both languages, from the server).
        this.note ? h('p', { class: 'legend-note' }, this.note) : null),
    );
  },
});

/** A small SVG sample of a boundary line style. */
function lineSwatch(kind) {
  const s = kind === 'town' ? STYLE.town : kind === 'unit' ? STYLE.unit : { color: '#ffffff', weight: 1.5 };
  const ns = 'http://www.w3.org/2000/svg';
  const g = document.createElementNS(ns, 'svg');
  for (const [k, v] of Object.entries({ class: 'legend-line', viewBox: '0 0 28 10', 'aria-hidden': 'true' })) g.setAttribute(k, v);
  if (kind === 'cell') {
    const bg = document.createElementNS(ns, 'rect');
    for (const [k, v] of Object.entries({ x: 0, y: 0, width: 28, height: 10, fill: '#9aa5b1' })) bg.setAttribute(k, v);
    g.append(bg);
  }
  const l = document.createElementNS(ns, 'line');
  for (const [k, v] of Object.entries({ x1: 1, y1: 5, x2: 27, y2: 5, stroke: s.color, 'stroke-width': s.weight })) l.setAttribute(k, v);
  g.append(l);
  return g;
}
