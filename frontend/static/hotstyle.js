// The colours and words of the hotspot maps, shared by the Leaflet map, its
// legend, the table and the PNG export so that all four always agree.
// Gi* bins and Local Moran clusters take ColorBrewer's diverging RdBu (red
// hot, blue cold, grey not significant); the rate map its sequential YlOrRd.

import { t, num } from './i18n.js';
import { h } from './dom.js';

const NS = '#e0e0e0'; // not significant, or no pattern
const NO_DATA = '#f5f5f5';

/** The look of cells without neighbours: white with a dashed dark outline. */
export const ISLAND = { fill: '#ffffff', stroke: '#525252', dash: [4, 3] };

/** The hatching over cells with too little data (the map's SVG pattern and the PNG's). */
export const HATCH = { color: 'rgba(31, 41, 51, 0.55)', size: 7 };

const GI = { 3: '#b2182b', 2: '#ef8a62', 1: '#fddbc7', 0: NS, '-1': '#d1e5f0', '-2': '#67a9cf', '-3': '#2166ac' };
const GI_ORDER = [3, 2, 1, 0, -1, -2, -3];

const MORAN = { HH: '#b2182b', HL: '#f4a582', LH: '#92c5de', LL: '#2166ac', NS };
/** Local Moran clusters in the order of the legend and the table. */
export const MORAN_ORDER = ['HH', 'HL', 'LH', 'LL', 'NS'];

const RATE = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'];

// Emerging categories: reds for hot, blues for cold, the stronger the more
// lasting; oscillating in purple, historical in muted tones.
const EMERGING = {
  new_hot: '#fc4e2a', consecutive_hot: '#fd8d3c', intensifying_hot: '#800026', persistent_hot: '#bd0026',
  diminishing_hot: '#fcbba1', sporadic_hot: '#fed976', oscillating_hot: '#c51b8a', historical_hot: '#d6c0b0',
  new_cold: '#4292c6', consecutive_cold: '#6baed6', intensifying_cold: '#08306b', persistent_cold: '#08519c',
  diminishing_cold: '#c6dbef', sporadic_cold: '#a1d99b', oscillating_cold: '#756bb1', historical_cold: '#b8c4d6',
  none: NS,
};
/** Emerging categories in the order of the legend and the table, none last. */
export const EMERGING_ORDER = [
  'intensifying_hot', 'persistent_hot', 'consecutive_hot', 'new_hot', 'sporadic_hot', 'oscillating_hot', 'diminishing_hot', 'historical_hot',
  'intensifying_cold', 'persistent_cold', 'consecutive_cold', 'new_cold', 'sporadic_cold', 'oscillating_cold', 'diminishing_cold', 'historical_cold',
  'none',
];

/** Words for a Gi* bin (-3..3). */
export function binLabel(bin) {
  return t('hs.gi.' + bin);
}

/** Words for a Local Moran cluster (HH, LL, HL, LH, NS). */
export function clusterLabel(c) {
  return t('hs.moran.' + c);
}

/** Words for an emerging category. */
export function categoryLabel(c) {
  return t('hs.em.' + c);
}

/**
 * The colouring of one answer: kind is "gi", "moran", "rate" or "emerging";
 * features the answer's features. Returns {classOf(props), color(key),
 * title, items}: items are the legend's entries {key, color, label, count},
 * with key "island" (dashed outline) and "insufficient" (hatching) last.
 */
export function scheme(kind, features) {
  const props = features.map((f) => f.properties);
  let classOf;
  let entries;
  let title;
  if (kind === 'gi') {
    title = t('hs.legend.gi');
    classOf = (p) => (p.island ? 'island' : 'gi' + (p.bin ?? 0));
    entries = GI_ORDER.map((b) => ({ key: 'gi' + b, color: GI[b], label: binLabel(b) }));
  } else if (kind === 'moran') {
    title = t('hs.legend.moran');
    classOf = (p) => (p.island ? 'island' : 'moran' + (p.cluster || 'NS'));
    entries = MORAN_ORDER.map((c) => ({ key: 'moran' + c, color: MORAN[c], label: clusterLabel(c) }));
  } else if (kind === 'rate') {
    title = t('hs.legend.rate');
    const breaks = rateBreaks(props.filter((p) => p.population > 0).map((p) => p.rate));
    classOf = (p) => {
      if (!(p.population > 0) || p.rate == null) return 'ratenone';
      const i = breaks.findIndex((b) => p.rate <= b.hi);
      return 'rate' + (i < 0 ? breaks.length - 1 : i);
    };
    entries = breaks.map((b, i) => ({ key: 'rate' + i, color: RATE[RATE.length - breaks.length + i], label: t('hs.rate.range', { lo: num(b.lo, 1), hi: num(b.hi, 1) }) }));
    entries.push({ key: 'ratenone', color: NO_DATA, label: t('hs.rate.none') });
  } else {
    title = t('hs.legend.emerging');
    classOf = (p) => (p.island ? 'island' : 'em' + (p.category || 'none'));
    entries = EMERGING_ORDER.map((c) => ({ key: 'em' + c, color: EMERGING[c], label: categoryLabel(c) }));
  }
  entries.push({ key: 'island', color: ISLAND.fill, label: t('hs.island'), island: true });
  const counts = new Map();
  for (const p of props) counts.set(classOf(p), (counts.get(classOf(p)) || 0) + 1);
  const insufficient = props.filter((p) => p.insufficient).length;
  let items = entries.map((e) => ({ ...e, count: counts.get(e.key) || 0 }));
  // The emerging legend lists the categories that occur (17 would bury them); the others list every
  // class. Rates have no neighbours to lack, so no isolated cells.
  if (kind === 'emerging') items = items.filter((e) => e.count > 0 || e.key === 'emnone' || e.key === 'island');
  else if (kind === 'rate') items = items.filter((e) => e.key !== 'island');
  if (kind !== 'emerging') items.push({ key: 'insufficient', color: 'transparent', label: t('hs.insufficient'), hatch: true, count: insufficient });
  const colors = new Map(entries.map((e) => [e.key, e.color]));
  return { kind, title, classOf, color: (key) => colors.get(key) || NS, items };
}

/**
 * Up to five class breaks by quantiles, rounded to one decimal and
 * deduplicated: [{lo, hi}], the last one's hi the largest rate.
 */
export function rateBreaks(rates) {
  const xs = rates.filter((r) => Number.isFinite(r)).sort((a, b) => a - b);
  if (!xs.length) return [{ lo: 0, hi: 0 }];
  const round = (v) => Math.round(v * 10) / 10;
  const his = [];
  for (let k = 1; k <= RATE.length; k++) {
    const v = k === RATE.length ? xs[xs.length - 1] : xs[Math.min(xs.length - 1, Math.floor((k * xs.length) / RATE.length))];
    const hi = k === RATE.length ? Math.ceil(v * 10) / 10 : round(v);
    if (!his.length || hi > his[his.length - 1]) his.push(hi);
  }
  return his.map((hi, i) => ({ lo: i ? his[i - 1] : Math.floor(xs[0] * 10) / 10, hi }));
}

/** The legend as a list: a swatch, the words and the number of cells of each class. */
export function legendList(sc) {
  return h('ul', { class: 'hs-legend-items' }, sc.items.map((e) => h('li', { 'data-class': e.key },
    h('span', {
      class: `swatch hs-swatch${e.hatch ? ' hs-swatch-hatch' : ''}${e.island ? ' hs-swatch-island' : ''}`,
      style: e.hatch ? '' : `background:${e.color}`, 'data-color': e.color, 'aria-hidden': 'true',
    }),
    h('span', { class: 'hs-legend-label' }, e.label),
    h('span', { class: 'hs-legend-count' }, num(e.count)))));
}
