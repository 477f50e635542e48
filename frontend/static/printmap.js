// The map of a printed notice board (网格公示牌): one cell highlighted among
// its neighbours, drawn as SVG straight from the GeoJSON, with short labels,
// a scale bar and a north arrow. No tiles and no animation, so that the map
// is complete the moment it is in the page and prints exactly as it shows.

import { t, num } from './i18n.js';
import { cellLabelTexts } from './map.js';

const NS = 'http://www.w3.org/2000/svg';

// Print colours: light fills that a black-and-white printer keeps apart,
// the cell itself the darkest, with a heavy outline.
const COLOR = {
  other: '#f1f2f4', // cells of other villages and communities
  sibling: '#e2e9f3', // other cells of the cell's own unit
  cell: '#f6c453',
  cellLine: '#111827',
  line: '#8d97a5',
  unitLine: '#374151',
  text: '#1f2933',
};
const FONT = '"Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
const LABEL_PX = 11;
const CELL_LABEL_PX = 15;

/** An SVG element with attributes (presentation attributes: the CSP refuses style attributes). */
function el(tag, attrs = {}, ...children) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) e.setAttribute(k, String(v));
  for (const c of children) if (c) e.append(c);
  return e;
}

/**
 * Metres per degree of longitude and latitude at latitude lat (WGS 84
 * ellipsoid series): near enough to be exact over a cell's few kilometres,
 * so the scale bar holds across the whole map.
 */
function metresPerDegree(lat) {
  const φ = (lat * Math.PI) / 180;
  return {
    x: 111412.84 * Math.cos(φ) - 93.5 * Math.cos(3 * φ),
    y: 111132.92 - 559.82 * Math.cos(2 * φ) + 1.175 * Math.cos(4 * φ),
  };
}

/**
 * The scale bar's length: the longest round length (1, 2 or 5 times a
 * power of ten metres) not longer than maxMetres.
 */
function roundLength(maxMetres) {
  const p = 10 ** Math.floor(Math.log10(maxMetres));
  return [5, 2, 1].map((k) => k * p).find((v) => v <= maxMetres) || p;
}

/** The polygons of a GeoJSON geometry: [[ring of [lon, lat]]]. */
function polygons(g) {
  if (!g) return [];
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  return [];
}

/** [minLon, minLat, maxLon, maxLat] of a geometry. */
function bounds(g) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of polygons(g)) {
    for (const [x, y] of poly[0]) {
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
    }
  }
  return b;
}

/**
 * The view of the map: the cell's bounds with room around it for its
 * neighbours (a third of its size, at least 250 m), widened to the box's
 * shape. Returns the projection of [lon, lat] to box pixels, the pixels
 * per metre and the lon/lat bounds shown.
 */
function view(cellBounds, width, height) {
  const [x0, y0, x1, y1] = cellBounds;
  const lat0 = (y0 + y1) / 2;
  const lon0 = (x0 + x1) / 2;
  const m = metresPerDegree(lat0);
  const w = (x1 - x0) * m.x;
  const hgt = (y1 - y0) * m.y;
  const pad = Math.max(Math.max(w, hgt) / 3, 250);
  let W = w + 2 * pad;
  let H = hgt + 2 * pad;
  if (W / H < width / height) W = (H * width) / height;
  else H = (W * height) / width;
  const scale = width / W; // pixels per metre
  const project = ([lon, lat]) => [width / 2 + (lon - lon0) * m.x * scale, height / 2 - (lat - lat0) * m.y * scale];
  const shown = [lon0 - W / 2 / m.x, lat0 - H / 2 / m.y, lon0 + W / 2 / m.x, lat0 + H / 2 / m.y];
  return { project, scale, shown };
}

const overlaps = (a, b) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/** SVG path data of a geometry, in box pixels rounded to 0.1. */
function pathData(g, project) {
  let d = '';
  for (const poly of polygons(g)) {
    for (const ring of poly) {
      ring.forEach((p, i) => {
        const [x, y] = project(p);
        d += `${i ? 'L' : 'M'}${Math.round(x * 10) / 10} ${Math.round(y * 10) / 10}`;
      });
      d += 'Z';
    }
  }
  return d;
}

const ctx = document.createElement('canvas').getContext('2d');

/** The width of text in pixels at size px and weight. */
function textWidth(text, px, weight) {
  ctx.font = `${weight} ${px}px ${FONT}`;
  return ctx.measureText(text).width;
}

/** A label with a white halo, centred at (x, y). */
function label(text, x, y, px, weight, cls) {
  return el('text', {
    x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10, 'font-size': px, 'font-weight': weight, 'font-family': FONT,
    'text-anchor': 'middle', 'dominant-baseline': 'central', fill: COLOR.text,
    stroke: '#ffffff', 'stroke-width': 3, 'stroke-linejoin': 'round', 'paint-order': 'stroke', class: cls,
  }, document.createTextNode(text));
}

/** The label point of a cell feature ([lon, lat]): its label property, else its bounds' centre. */
function labelPoint(f, b) {
  const lab = f.properties && f.properties.label;
  return Array.isArray(lab) && lab.length === 2 ? lab : [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
}

/**
 * Draws the map of cell (a feature of cells) into an SVG of width x height
 * CSS pixels: the cells and unit boundaries in view, the cell highlighted
 * and named, its neighbours with the longest label that fits them (and
 * none that would cover another), a scale bar and a north arrow.
 */
export function cellMap({ cell, cells, units, width, height }) {
  const code = cell.properties.code;
  const unit = cell.properties.unit_code;
  const { project, scale, shown } = view(bounds(cell.geometry), width, height);
  const clipId = `print-clip-${code}`;
  const inView = (f) => {
    const b = bounds(f.geometry);
    return overlaps(b, shown) ? b : null;
  };
  const fills = el('g', { 'stroke-linejoin': 'round' });
  const labels = [];
  for (const f of cells.features) {
    const b = f === cell ? null : inView(f);
    if (!b) continue;
    const sibling = f.properties.unit_code === unit;
    fills.append(el('path', {
      d: pathData(f.geometry, project), fill: sibling ? COLOR.sibling : COLOR.other, stroke: COLOR.line, 'stroke-width': 0.8,
      class: 'print-neighbour', 'data-code': f.properties.code,
    }));
    labels.push({ f, b, sibling });
  }
  const unitLines = el('g', { fill: 'none', stroke: COLOR.unitLine, 'stroke-width': 1.6, 'stroke-linejoin': 'round' });
  for (const u of units.features) if (inView(u)) unitLines.append(el('path', { d: pathData(u.geometry, project) }));
  const own = pathData(cell.geometry, project);
  const highlight = el('g', { 'stroke-linejoin': 'round' },
    el('path', { d: own, fill: COLOR.cell, stroke: 'none', class: 'print-cell', 'data-code': code }));
  const outline = el('g', { fill: 'none', 'stroke-linejoin': 'round' },
    el('path', { d: own, stroke: '#ffffff', 'stroke-width': 6 }),
    el('path', { d: own, stroke: COLOR.cellLine, 'stroke-width': 2.6 }));

  // Labels: the cell's full name first, then the neighbours, largest first,
  // each in the longest form that fits the part of it in view.
  // The scale bar's and the north arrow's corners are kept clear.
  const bar = scaleBar(scale, width, height);
  const placed = [bar.box, { x0: width - 50, x1: width, y0: 0, y1: 60 }];
  const texts = el('g', { class: 'print-labels' });
  const fits = (box) => box.x0 > 4 && box.y0 > 4 && box.x1 < width - 4 && box.y1 < height - 4 && !placed.some((o) => o.x0 < box.x1 && box.x0 < o.x1 && o.y0 < box.y1 && box.y0 < o.y1);
  const place = (text, [x, y], px, weight, cls) => {
    const w = textWidth(text, px, weight) + 6;
    const box = { x0: x - w / 2, x1: x + w / 2, y0: y - px * 0.7, y1: y + px * 0.7 };
    if (!fits(box)) return false;
    placed.push(box);
    texts.append(label(text, x, y, px, weight, cls));
    return true;
  };
  const cb = bounds(cell.geometry);
  const cp = project(labelPoint(cell, cb));
  if (!place(cell.properties.name, cp, CELL_LABEL_PX, 700, 'print-label-cell')) {
    texts.append(label(cell.properties.name, cp[0], cp[1], CELL_LABEL_PX, 700, 'print-label-cell'));
  }
  labels.sort((a, b) => (b.f.properties.area_m2 || 0) - (a.f.properties.area_m2 || 0));
  for (const { f, b, sibling } of labels) {
    const p = project(labelPoint(f, b));
    const [bx0, by1] = project([b[0], b[1]]);
    const [bx1, by0] = project([b[2], b[3]]);
    const room = Math.min(bx1, width) - Math.max(bx0, 0);
    if (by1 - by0 < LABEL_PX * 1.6) continue;
    // Within its own unit the unit's name is understood; beyond it, it is kept when it fits.
    const forms = cellLabelTexts(f.properties).slice(sibling ? 1 : 0);
    const text = forms.find((s) => textWidth(s, LABEL_PX, 500) <= room * 0.85);
    if (text) place(text, p, LABEL_PX, 500, 'print-label');
  }

  return el('svg', {
    xmlns: NS, viewBox: `0 0 ${width} ${height}`, width: '100%', height: '100%', class: 'print-map-svg',
    role: 'img', 'aria-label': t('print.mapLabel', { name: cell.properties.name }),
  },
  el('defs', {}, el('clipPath', { id: clipId }, el('rect', { x: 0, y: 0, width, height }))),
  el('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }),
  el('g', { 'clip-path': `url(#${clipId})` }, fills, highlight, unitLines, outline, texts),
  bar.g,
  northArrow(width),
  el('rect', { x: 0.5, y: 0.5, width: width - 1, height: height - 1, fill: 'none', stroke: COLOR.cellLine, 'stroke-width': 1 }));
}

/**
 * A scale bar in the bottom left corner: a round length of about a fifth
 * of the map, in two halves. Returns the SVG group and the box it covers.
 */
function scaleBar(pxPerMetre, width, height) {
  const metres = roundLength((width / 5) / pxPerMetre);
  const len = metres * pxPerMetre;
  const x = 14;
  const y = height - 22;
  const words = metres >= 1000 ? t('print.kilometres', { v: num(metres / 1000) }) : t('print.metres', { v: num(metres) });
  const text = (s, tx, cls) => el('text', { x: tx, y: y - 5, 'font-size': 10, 'font-family': FONT, 'text-anchor': 'middle', fill: COLOR.text, class: cls }, document.createTextNode(s));
  const box = { x0: x - 8, y0: y - 19, x1: x + len + 8 + textWidth(words, 10, 400) / 2, y1: y + 12 };
  const g = el('g', { class: 'print-scale' },
    el('rect', { x: box.x0, y: box.y0, width: box.x1 - box.x0, height: box.y1 - box.y0, fill: '#ffffff', 'fill-opacity': 0.9 }),
    el('rect', { x, y, width: len / 2, height: 5, fill: COLOR.cellLine, stroke: COLOR.cellLine, 'stroke-width': 0.8, class: 'print-scale-bar' }),
    el('rect', { x: x + len / 2, y, width: len / 2, height: 5, fill: '#ffffff', stroke: COLOR.cellLine, 'stroke-width': 0.8, class: 'print-scale-bar' }),
    text('0', x, null),
    text(words, x + len, 'print-scale-length'));
  return { g, box };
}

/** A north arrow in the top right corner (the map is drawn north up). */
function northArrow(width) {
  const cx = width - 26;
  return el('g', { class: 'print-north' },
    el('circle', { cx, cy: 36, r: 17, fill: '#ffffff', 'fill-opacity': 0.9, stroke: COLOR.cellLine, 'stroke-width': 0.8 }),
    el('path', { d: `M${cx} 22L${cx + 7} 44L${cx} 39Z`, fill: COLOR.cellLine }),
    el('path', { d: `M${cx} 22L${cx - 7} 44L${cx} 39Z`, fill: '#ffffff', stroke: COLOR.cellLine, 'stroke-width': 0.8 }),
    el('text', { x: cx, y: 12, 'font-size': 12, 'font-weight': 700, 'font-family': FONT, 'text-anchor': 'middle', 'dominant-baseline': 'central', fill: COLOR.text },
      document.createTextNode(t('print.north'))));
}
