// Exports of the hotspot view: the map drawn anew onto a <canvas> from the
// cells' GeoJSON (no basemap tiles, so nothing is tainted or missing) with a
// title, the time window and the legend, as a PNG; and the table as a CSV
// that Excel opens with its Chinese intact (UTF-8 with a BOM).

import { ISLAND, HATCH } from './hotstyle.js';

const FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';
const W = 1400;
const H = 1000;
const MAP = { x: 24, y: 110, w: 940, h: 860 };
const SIDE = { x: 1000, y: 110, w: 376 };

/** Saves blob under filename through a temporary link. */
export function download(blob, filename) {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10000);
}

/** A CSV of a header row and rows (arrays of strings and numbers), UTF-8 with a BOM, CRLF lines. */
export function csvBlob(header, rows) {
  const cell = (v) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const text = [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
  return new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' });
}

/** Calls fn(ring) for each ring (an array of [lon, lat]) of a Polygon or MultiPolygon. */
function eachRing(geom, fn) {
  if (!geom) return;
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.type === 'MultiPolygon' ? geom.coordinates : [];
  for (const poly of polys) for (const ring of poly) fn(ring);
}

/** A projection of lon/lat into box: equirectangular, scaled by the cosine of the middle latitude, fitted. */
function projection(features, box) {
  let x0 = Infinity; let y0 = Infinity; let x1 = -Infinity; let y1 = -Infinity;
  for (const f of features) {
    eachRing(f.geometry, (ring) => {
      for (const [x, y] of ring) {
        x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      }
    });
  }
  const k = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  const s = Math.min(box.w / ((x1 - x0) * k), box.h / (y1 - y0));
  const ox = box.x + (box.w - (x1 - x0) * k * s) / 2;
  const oy = box.y + (box.h - (y1 - y0) * s) / 2;
  return ([x, y]) => [ox + (x - x0) * k * s, oy + (y1 - y) * s];
}

function tracePath(ctx, geom, project) {
  ctx.beginPath();
  eachRing(geom, (ring) => {
    ring.forEach((pt, i) => {
      const [px, py] = project(pt);
      if (i) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
    });
    ctx.closePath();
  });
}

function hatchPattern(ctx) {
  const c = document.createElement('canvas');
  c.width = c.height = HATCH.size;
  const g = c.getContext('2d');
  g.strokeStyle = HATCH.color;
  g.lineWidth = 1.2;
  g.beginPath();
  g.moveTo(0, HATCH.size);
  g.lineTo(HATCH.size, 0);
  g.moveTo(-1, 1);
  g.lineTo(1, -1);
  g.moveTo(HATCH.size - 1, HATCH.size + 1);
  g.lineTo(HATCH.size + 1, HATCH.size - 1);
  g.stroke();
  return ctx.createPattern(c, 'repeat');
}

/** Draws text wrapped to width, from (x, y) down; returns the y under it. */
function wrapText(ctx, text, x, y, width, lineHeight) {
  let line = '';
  for (const ch of [...text]) {
    if (ctx.measureText(line + ch).width > width && line) {
      ctx.fillText(line, x, y);
      y += lineHeight;
      line = ch.trim() ? ch : '';
    } else line += ch;
  }
  if (line) ctx.fillText(line, x, y);
  return y + lineHeight;
}

/**
 * The map as a PNG Blob. cells and units are GeoJSON feature collections;
 * style(code) gives {fill, island, insufficient, selected} for a cell; title
 * and lines (the window, the filters) head it; legend is a scheme's
 * {title, items}; note goes at the foot.
 */
export function mapPNG({ cells, units, style, title, lines, legend, note }) {
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, H);
  ctx.textBaseline = 'alphabetic';

  ctx.fillStyle = '#1f2933';
  ctx.font = `700 30px ${FONT}`;
  ctx.fillText(title, 24, 46);
  ctx.font = `16px ${FONT}`;
  ctx.fillStyle = '#52606d';
  lines.forEach((l, i) => ctx.fillText(l, 24, 74 + i * 22));

  const project = projection(cells.features, MAP);
  const hatch = hatchPattern(ctx);
  const selected = [];
  for (const f of cells.features) {
    const st = style(f.properties.code);
    tracePath(ctx, f.geometry, project);
    ctx.fillStyle = st.fill;
    ctx.fill('evenodd');
    if (st.insufficient) {
      ctx.fillStyle = hatch;
      ctx.fill('evenodd');
    }
    ctx.setLineDash(st.island ? ISLAND.dash : []);
    ctx.strokeStyle = st.island ? ISLAND.stroke : '#ffffff';
    ctx.lineWidth = st.island ? 1.5 : 0.8;
    ctx.stroke();
    if (st.selected) selected.push(f);
  }
  ctx.setLineDash([]);
  ctx.strokeStyle = '#374151';
  ctx.lineWidth = 1.6;
  for (const f of units.features) {
    tracePath(ctx, f.geometry, project);
    ctx.stroke();
  }
  ctx.strokeStyle = '#111827';
  ctx.lineWidth = 3;
  for (const f of selected) {
    tracePath(ctx, f.geometry, project);
    ctx.stroke();
  }

  // The legend, right of the map.
  let y = SIDE.y + 10;
  ctx.fillStyle = '#1f2933';
  ctx.font = `700 18px ${FONT}`;
  y = wrapText(ctx, legend.title, SIDE.x, y, SIDE.w, 24) + 6;
  ctx.font = `15px ${FONT}`;
  for (const e of legend.items) {
    ctx.fillStyle = e.hatch ? '#ffffff' : e.color;
    ctx.fillRect(SIDE.x, y - 14, 30, 18);
    if (e.hatch) {
      ctx.fillStyle = hatch;
      ctx.fillRect(SIDE.x, y - 14, 30, 18);
    }
    ctx.setLineDash(e.island ? ISLAND.dash : []);
    ctx.strokeStyle = e.island ? ISLAND.stroke : 'rgba(0, 0, 0, 0.3)';
    ctx.lineWidth = 1;
    ctx.strokeRect(SIDE.x + 0.5, y - 13.5, 29, 17);
    ctx.setLineDash([]);
    ctx.fillStyle = '#1f2933';
    ctx.fillText(e.label, SIDE.x + 40, y);
    ctx.fillStyle = '#52606d';
    ctx.textAlign = 'right';
    ctx.fillText(String(e.count), SIDE.x + SIDE.w, y);
    ctx.textAlign = 'left';
    y += 28;
  }
  ctx.font = `13px ${FONT}`;
  ctx.fillStyle = '#52606d';
  wrapText(ctx, note, SIDE.x, y + 24, SIDE.w, 18);

  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob failed'))), 'image/png'));
}
