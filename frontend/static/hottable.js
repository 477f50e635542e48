// The table of the hotspot view, in one place for the page and its CSV:
// which cells it lists in which order for each mode, its columns, and the
// words for each cell's class.

import { t, num } from './i18n.js';
import { binLabel, clusterLabel, categoryLabel, MORAN_ORDER, EMERGING_ORDER } from './hotstyle.js';

const fixed = (v, d) => (v === null || v === undefined ? '' : Number(v).toFixed(d));

function sumOf(xs) {
  return (xs || []).reduce((n, v) => n + (v || 0), 0);
}

/** The words for a cell's class in mode (gi, moran, rate, emerging). */
export function classWords(mode, p) {
  if (p.island && mode !== 'rate') return t('hs.island');
  if (mode === 'gi') return binLabel(p.bin ?? 0);
  if (mode === 'moran') return clusterLabel(p.cluster || 'NS');
  if (mode === 'emerging') return categoryLabel(p.category || 'none');
  return p.population > 0 ? t('hs.rate.value', { r: num(p.rate, 2) }) : t('hs.rate.none');
}

/**
 * The table's columns for mode: {key (the header's message), show (the
 * table's words), csv (the file's value), num (numeric), cls (the class column)}.
 */
export function columns(mode) {
  const col = (key, show, csv, more = {}) => ({ key, show, csv, ...more });
  const n = { num: true };
  const base = [col('hs.col.code', (p) => p.code, (p) => p.code), col('hs.col.name', (p) => p.name, (p) => p.name),
    col('hs.col.unit', (p) => p.unit_name, (p) => p.unit_name)];
  const words = (p) => classWords(mode, p);
  if (mode === 'emerging') {
    const tr = (p, k, d) => (p.trend && p.trend[k] != null ? num(p.trend[k], d) : '—');
    return [...base,
      col('hs.col.category', words, words, { cls: true }),
      col('hs.col.count', (p) => num(sumOf(p.counts)), (p) => sumOf(p.counts), n),
      col('hs.col.tau', (p) => tr(p, 'tau', 2), (p) => fixed(p.trend && p.trend.tau, 3), n),
      col('hs.col.trendZ', (p) => tr(p, 'z', 2), (p) => fixed(p.trend && p.trend.z, 3), n),
      col('hs.col.p', (p) => tr(p, 'p', 3), (p) => fixed(p.trend && p.trend.p, 4), n)];
  }
  const stat = mode === 'moran'
    ? [col('hs.col.i', (p) => (p.i == null ? '—' : num(p.i, 2)), (p) => fixed(p.i, 4), n),
      col('hs.col.p', (p) => (p.p == null ? '—' : num(p.p, 3)), (p) => fixed(p.p, 4), n),
      col('hs.col.cluster', words, words, { cls: true })]
    : mode === 'gi'
      ? [col('hs.col.z', (p) => (p.z == null ? '—' : num(p.z, 2)), (p) => fixed(p.z, 3), n),
        col('hs.col.p', (p) => (p.p == null ? '—' : num(p.p, 3)), (p) => fixed(p.p, 4), n),
        col('hs.col.bin', words, words, { cls: true })]
      : [col('hs.col.rawRate', (p) => (p.raw_rate == null ? '—' : num(p.raw_rate, 2)), (p) => fixed(p.raw_rate, 3), n),
        col('hs.col.rateClass', words, words, { cls: true })];
  return [...base,
    col('hs.col.count', (p) => num(p.count), (p) => p.count, n),
    col('hs.col.rate', (p) => (p.population > 0 ? num(p.rate, 2) : '—'), (p) => (p.population > 0 ? fixed(p.rate, 3) : ''), n),
    ...stat,
    col('hs.col.grassroots', (p) => (p.grassroots_share == null ? '—' : num(p.grassroots_share * 100, 0) + '%'), (p) => fixed(p.grassroots_share, 4), n),
    col('hs.col.overdue', (p) => num(p.overdue || 0), (p) => p.overdue || 0, n)];
}

/** The rows of the table of an answer's features: the significant cells (or all), ranked for mode. */
export function rows(mode, features, allRows) {
  const all = features.map((f) => f.properties);
  const z = (p) => (p.z == null ? -1e9 : p.z); // isolated cells, without z, last
  const byZ = (x, y) => z(y) - z(x);
  if (mode === 'rate') return all.sort((x, y) => (y.population > 0 ? y.rate : -1) - (x.population > 0 ? x.rate : -1));
  if (mode === 'gi') return all.filter((p) => allRows || (!p.island && p.bin)).sort(byZ);
  if (mode === 'moran') {
    const rank = (p) => MORAN_ORDER.indexOf(p.island ? 'NS' : p.cluster || 'NS');
    return all.filter((p) => allRows || rank(p) < MORAN_ORDER.length - 1)
      .sort((x, y) => rank(x) - rank(y) || (x.p ?? 2) - (y.p ?? 2));
  }
  const rank = (p) => EMERGING_ORDER.indexOf(p.category || 'none');
  return all.filter((p) => allRows || (p.category && p.category !== 'none'))
    .sort((x, y) => rank(x) - rank(y) || ((y.trend && y.trend.z) || 0) - ((x.trend && x.trend.z) || 0));
}
