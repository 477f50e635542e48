// What a boundary change would move, in words: the dry run's impact of a
// changeset or a restore, shared by the editor and the restore dialog.

import { t, num } from './i18n.js';
import { h } from './dom.js';

/** A cell code with its name when the map knows it. */
function cellWords(code, nameOf) {
  if (!code) return t('bd.impact.dropped');
  const name = nameOf(code);
  return name ? `${name}（${code}）` : code;
}

/**
 * The impact as a sentence per pair of cells ("23 位居民（8 户）和 4 件事件将从
 * A 移到 B"), the assignments that move, and the lists behind them.
 * nameOf(code) gives a cell's name or "".
 */
export function impactView(impact, nameOf = () => '') {
  const summary = (impact && impact.summary) || [];
  const workers = (impact && impact.grid_workers) || [];
  const users = (impact && impact.users) || [];
  const lines = summary.map((s) => h('li', { 'data-from': s.from, 'data-to': s.to }, t('bd.impact.move', {
    residents: num(s.residents), households: num(s.households), incidents: num(s.incidents), from: s.from, to: s.to,
  })));
  if (!lines.length) lines.push(h('li', { class: 'muted' }, t('bd.impact.none')));
  if (workers.length || users.length) lines.push(h('li', {}, t('bd.impact.assignments', { workers: num(workers.length), users: num(users.length) })));
  const list = (key, moves, label) => (moves.length
    ? h('details', { class: 'bd-moves' }, h('summary', {}, t(key, { n: num(moves.length) })),
      h('ul', {}, moves.map((m) => h('li', {}, label(m), '：', cellWords(m.from, nameOf), ' → ', cellWords(m.to, nameOf)))))
    : null);
  return h('div', { class: 'bd-impact' },
    h('ul', { class: 'bd-impact-lines' }, lines),
    list('bd.impact.households', (impact && impact.households) || [], (m) => t('bd.impact.household', { id: m.id })),
    list('bd.impact.incidents', (impact && impact.incidents) || [], (m) => t('bd.impact.incident', { id: m.id })),
    list('bd.impact.workers', workers, (m) => t('bd.impact.worker', { id: m.id })),
    list('bd.impact.users', users, (m) => t('bd.impact.user', { id: m.id })));
}

/** Today in the town (UTC+8) as YYYY-MM-DD, the default effective date. */
export function today() {
  return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
}

/**
 * A version's reason in the app's language: the one the server wrote
 * itself (reason_code, e.g. version 1's initial import) in words, a
 * person's as they wrote it.
 */
export function versionReason(v) {
  return v.reason_code ? t('bd.reasonCode.' + v.reason_code) : v.reason || '';
}

/** The versions committed since a stale base, from a 409's body ({current, since}). */
export function sinceView(body) {
  const since = (body && body.since) || [];
  return h('div', { class: 'bd-since' },
    h('p', {}, t('bd.conflict', { current: num((body && body.current) || 0) })),
    h('ul', {}, since.map((v) => h('li', { 'data-version': v.number }, t('bd.conflict.version', {
      n: num(v.number), author: v.author_name || '', reason: versionReason(v),
    })))));
}
