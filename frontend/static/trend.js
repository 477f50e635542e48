// A small hand-drawn SVG line chart of incidents per month: reported and
// resolved, with a y axis of round steps, month labels that do not crowd,
// and a tooltip (<title>) on each month's points.

import { t, num } from './i18n.js';

const NS = 'http://www.w3.org/2000/svg';
const H = 220;
const PAD = { left: 40, right: 14, top: 30, bottom: 30 };
/** The two series: key in the answer, colour, dashes. */
export const SERIES = [
  { key: 'reported', color: '#b2182b', dash: '' },
  { key: 'resolved', color: '#2166ac', dash: '5 3' },
];

function el(tag, attrs = {}, ...children) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== '' && v !== null && v !== undefined) e.setAttribute(k, String(v));
  for (const c of children) if (c !== null) e.append(c);
  return e;
}

/** A round step for an axis from 0 to max with about four steps. */
function step(max) {
  const raw = Math.max(max, 1) / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw);
}

/**
 * The chart of {months: ["2025-01", …], reported: [...], resolved: [...]};
 * label names what it shows (the town, a unit or a cell), for screen readers;
 * width is the pixels it will take, so that its text keeps its size.
 */
export function trendChart({ months = [], reported = [], resolved = [], partial_month: partial = null }, label, width) {
  const W = Math.max(280, Math.round(width || 640));
  const data = { reported, resolved };
  const max = Math.max(1, ...reported, ...resolved);
  const s = step(max);
  const top = Math.ceil(max / s) * s;
  const n = months.length;
  const x = (i) => PAD.left + (n > 1 ? (i * (W - PAD.left - PAD.right)) / (n - 1) : (W - PAD.left - PAD.right) / 2);
  const y = (v) => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  const sum = (a) => a.reduce((m, v) => m + v, 0);
  const svg = el('svg', {
    class: 'hs-trend-chart', viewBox: `0 0 ${W} ${H}`, role: 'img',
    'aria-label': t('hs.trend.aria', { what: label, months: n, reported: num(sum(reported)), resolved: num(sum(resolved)) }),
  });
  // Grid lines and the y axis.
  for (let v = 0; v <= top; v += s) {
    svg.append(el('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: v ? 'hs-gridline' : 'hs-axis' }),
      el('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'hs-tick' }, num(v)));
  }
  // Month labels: every k-th month, the year shown at each January and on the first label.
  const k = Math.max(1, Math.ceil(n / Math.max(2, Math.floor((W - PAD.left - PAD.right) / 64))));
  months.forEach((m, i) => {
    if (i % k) return;
    svg.append(el('text', { x: x(i), y: H - PAD.bottom + 16, 'text-anchor': 'middle', class: 'hs-tick' }, i === 0 || m.endsWith('-01') ? m : m.slice(5)));
  });
  for (const sr of SERIES) {
    const vals = data[sr.key];
    if (!vals.length) continue;
    svg.append(el('polyline', {
      points: vals.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' '),
      fill: 'none', stroke: sr.color, 'stroke-width': 2, 'stroke-dasharray': sr.dash, 'stroke-linejoin': 'round', class: `hs-line hs-line-${sr.key}`,
    }));
    // The month still running (partial_month) is counted up to today: a hollow point says so.
    vals.forEach((v, i) => {
      const part = months[i] === partial;
      svg.append(el('circle', {
        cx: x(i), cy: y(v), r: n > 36 ? 1.6 : 2.6, fill: part ? '#ffffff' : sr.color, stroke: part ? sr.color : '', 'stroke-width': part ? 1.5 : '',
        'data-month': months[i], 'data-series': sr.key, 'data-partial': part ? 'true' : '',
      }, el('title', {}, t('hs.trend.point', { month: months[i], what: t('hs.trend.' + sr.key), n: num(v) }) + (part ? ' ' + t('hs.partial', { month: months[i] }) : ''))));
    });
  }
  // The key, top left.
  let kx = PAD.left;
  for (const sr of SERIES) {
    const words = `${t('hs.trend.' + sr.key)} ${num(sum(data[sr.key]))}`;
    svg.append(el('line', { x1: kx, x2: kx + 22, y1: 12, y2: 12, stroke: sr.color, 'stroke-width': 2.5, 'stroke-dasharray': sr.dash }),
      el('text', { x: kx + 28, y: 16, class: 'hs-key' }, words));
    kx += 44 + [...words].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 13 : 7.5), 0);
  }
  return svg;
}
