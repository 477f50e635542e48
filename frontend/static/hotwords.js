// The hotspot results in plain words, for leaders who are not
// statisticians: what the map of each mode shows (a hot area, why a quiet
// cell can lie in one, what 90/95/99 % mean, each emerging pattern), and
// what the result of one cell means. Shown beside the results, not behind
// a link; the words themselves are in i18n.js (hs.x.*).

import { t, num } from './i18n.js';
import { h } from './dom.js';
import { classWords } from './hottable.js';

/** The cell's own incidents in the answer: the window's (the last month's for the emerging patterns). */
function ownCount(mode, p) {
  if (mode === 'emerging') return (p.counts || []).at(-1) || 0;
  return p.count || 0;
}

/** The average of ownCount over the answer's cells. */
function average(mode, body) {
  const ps = body.features.map((f) => f.properties);
  return ps.length ? ps.reduce((n, p) => n + ownCount(mode, p), 0) / ps.length : 0;
}

/** Whether a cell's result marks it hot (or part of a hot area) in mode. */
export function isHot(mode, p) {
  if (p.island) return false;
  if (mode === 'gi') return (p.bin || 0) > 0;
  if (mode === 'moran') return p.cluster === 'HH';
  if (mode === 'emerging') return !!p.category && p.category.endsWith('_hot') && ((p.bins || []).at(-1) || 0) > 0;
  return false;
}

/**
 * Whether a cell lies in a hot area with few incidents of its own (fewer
 * than the town's average cell): Gi* rightly marks it, since it looks at
 * the cell with its neighbours, but unexplained it reads as a mistake.
 */
export function isQuietHot(mode, p, body) {
  return isHot(mode, p) && (mode === 'gi' || mode === 'emerging') && ownCount(mode, p) < average(mode, body);
}

/** The short note for a quiet cell in a hot area (table, tooltip). */
export function quietNote() {
  return t('hs.x.quietShort');
}

const p = (key, params, attrs = {}) => h('p', attrs, t(key, params));

/**
 * What the results of mode mean, in words: a section for beside the map.
 * body is the answer; minCount the fewest incidents a cell needs for a
 * result the page trusts.
 */
export function explainMode(mode, body, minCount) {
  const parts = [];
  if (mode === 'gi') {
    parts.push(p('hs.x.gi.what'), p('hs.x.gi.quiet', {}, { 'data-explain': 'quiet' }),
      p('hs.x.confidence', {}, { 'data-explain': 'confidence' }), p('hs.x.gi.numbers'), p('hs.x.insufficient', { n: num(minCount) }));
    if (body && body.fdr) parts.push(p('hs.x.fdr'));
  } else if (mode === 'moran') {
    parts.push(p('hs.x.moran.what'), h('ul', { class: 'hs-explain-list' },
      ['HH', 'LL', 'HL', 'LH'].map((c) => h('li', {}, h('strong', {}, t('hs.moran.' + c)), t('hs.x.colon'), t('hs.x.moran.' + c)))),
    p('hs.x.moran.numbers'), p('hs.x.insufficient', { n: num(minCount) }));
    if (body && body.fdr) parts.push(p('hs.x.fdr'));
  } else if (mode === 'rate') {
    parts.push(p('hs.x.rate.what'), p('hs.x.rate.smooth'));
  } else {
    parts.push(p('hs.x.em.what'), p('hs.x.em.quiet', {}, { 'data-explain': 'quiet' }));
    // The patterns the map shows, each in words.
    const cats = Object.entries((body && body.categories) || {}).filter(([c, n]) => n > 0 && c !== 'none').map(([c]) => c);
    if (cats.length) {
      parts.push(h('ul', { class: 'hs-explain-list', 'data-explain': 'categories' },
        cats.map((c) => h('li', { 'data-category': c }, h('strong', {}, t('hs.em.' + c)), t('hs.x.colon'), t('hs.x.em.' + c)))));
    }
    if (body && body.partial_month) parts.push(p('hs.x.partial', { month: body.partial_month }, { 'data-explain': 'partial', class: 'notice notice-warning' }));
  }
  if (mode !== 'rate') parts.push(p('hs.x.weights'));
  return parts;
}

/** What one cell's result means: its class, its own incidents, and why (a quiet cell in a hot area says so). */
export function explainCell(mode, cell, body) {
  const own = ownCount(mode, cell);
  const avg = average(mode, body);
  const ownKey = mode === 'emerging' ? 'hs.x.cell.ownMonth' : 'hs.x.cell.own';
  const lines = [
    h('p', { class: 'hs-cell-head' }, h('strong', {}, cell.name), ' ', h('span', { class: 'code muted' }, cell.code), ' · ', classWords(mode, cell)),
    mode === 'rate' ? null : p(ownKey, { n: num(own), avg: num(avg, 1), month: (body.months || []).at(-1) || '' }),
  ];
  if (cell.island && mode !== 'rate') lines.push(p('hs.x.cell.island'));
  else if (isQuietHot(mode, cell, body)) lines.push(p('hs.x.cell.quiet', {}, { 'data-explain': 'quiet', class: 'notice notice-hint' }));
  else if (isHot(mode, cell)) lines.push(p('hs.x.cell.hot'));
  else if (mode === 'gi' && (cell.bin || 0) < 0) lines.push(p('hs.x.cell.cold'));
  else if (mode === 'gi' || mode === 'moran' || (mode === 'emerging' && (!cell.category || cell.category === 'none'))) lines.push(p('hs.x.cell.ns'));
  if (mode === 'emerging' && cell.category && cell.category !== 'none') {
    lines.push(h('p', {}, h('strong', {}, t('hs.em.' + cell.category)), t('hs.x.colon'), t('hs.x.em.' + cell.category)));
  }
  if (cell.insufficient && mode !== 'emerging') lines.push(p('hs.x.cell.insufficient'));
  return lines.filter(Boolean);
}
