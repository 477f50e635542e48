// The search box: cells by code digits (full or partial) or by name
// (Chinese substring, unit names included), as an ARIA combobox; for those
// who may see them, also incidents by number and residents by name (see
// the more option).

import { t } from './i18n.js';
import { h } from './dom.js';

const MAX_SUGGESTIONS = 10;

/**
 * Ranks cells for a query; lower is better, null is no match. Digits match
 * codes (exact, then the sequence or other tail, then anywhere); text matches
 * cell names, then unit names. The server's search of cells (/api/cells?q=,
 * cellQuery.rank in api/cellsearch.go) ranks alike: change both.
 */
export function rank(p, q) {
  if (/^\d+$/.test(q)) {
    if (p.code === q) return 0;
    if (p.code.endsWith(q)) return 1;
    if (p.code.startsWith(q)) return 2;
    return p.code.includes(q) ? 3 : null;
  }
  const name = p.name.toLowerCase();
  if (name === q) return 0;
  if (name.startsWith(q)) return 1;
  if (name.includes(q)) return 2;
  return (p.unit_name || '').toLowerCase().includes(q) ? 3 : null;
}

const MORE_WAIT = 250; // ms of no typing before the server is asked

/**
 * Folds the search box in the header bar to a magnifier on phones when its
 * placeholder would not fit beside the bar's other controls (a long name in
 * the account menu, English, a narrow phone): a box that shows "网格编" of
 * 网格编码或名称 tells nobody what it finds. The folded box is still the
 * input, 44 px square; focused, it spreads over the bar (app.css). It is
 * measured again whenever the bar, its other controls or the placeholder
 * change; desktops never fold it.
 */
export function foldWhenCut(bar, input, phone = window.matchMedia('(max-width: 639.98px)')) {
  const ctx = document.createElement('canvas').getContext('2d');
  const fit = () => {
    bar.classList.remove('search-folded');
    if (!phone.matches) return;
    const cs = getComputedStyle(input);
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const room = input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    if (ctx.measureText(input.placeholder).width > room) bar.classList.add('search-folded');
  };
  const sizes = new ResizeObserver(fit);
  sizes.observe(bar);
  for (const el of bar.children) if (!el.contains(input)) sizes.observe(el);
  new MutationObserver(fit).observe(input, { attributes: true, attributeFilter: ['placeholder'] });
  phone.addEventListener('change', fit);
  if (document.fonts) document.fonts.ready.then(fit);
  fit();
}

/**
 * Wires the combobox; onPick(code) runs when a cell is chosen. more, when
 * given, finds other things: more.now(q) at once (from the phone) and
 * more.later(q, signal) from the server, each a list (a promise of one for
 * later) of {key, kind, cell, name, meta, filter}; onItem(item) runs when
 * one is chosen. later is asked once typing pauses, and the signal aborts
 * it when the query changes; when it fails with a note (no network), the
 * note shows instead of the things it would have found. Cells that later
 * finds on the server it hands to addCells, and they show with the others.
 */
export class Search {
  constructor(input, list, status, onPick, { more = null, onItem = null } = {}) {
    this.input = input;
    this.list = list;
    this.status = status;
    this.onPick = onPick;
    this.more = more;
    this.onItem = onItem;
    this.extra = []; // the other things found for the query shown
    this.note = ''; // why some were not looked for, e.g. no network
    this.asking = null; // the AbortController of the server's search
    this.seq = 0;
    this.cells = [];
    this.added = 0; // how many times addCells added cells
    this.matches = [];
    this.active = -1;
    input.addEventListener('input', () => this.update());
    input.addEventListener('focus', () => { if (input.value.trim()) this.update(); });
    input.addEventListener('keydown', (e) => this.key(e));
    // Unless the box has the focus again by then (a new search right after a pick).
    input.addEventListener('blur', () => setTimeout(() => { if (document.activeElement !== input) this.close(); }, 150));
    // Keep the focus in the input while a suggestion is pressed, so that the
    // blur handler does not close the list before the click lands.
    list.addEventListener('mousedown', (e) => e.preventDefault());
    list.addEventListener('click', (e) => {
      const li = e.target.closest('[role=option]');
      if (li && li.dataset.item) this.pickItem(li.dataset.item);
      else if (li) this.pick(li.dataset.code);
    });
  }

  /** Sets the searchable cells (GeoJSON features) and enables the box. */
  setCells(features) {
    this.cells = features.map((f) => f.properties);
    this.input.disabled = false;
  }

  /**
   * Adds cells (their properties) to the searchable ones, those it has not
   * already: the cells the server found for a query (on tiles, where the box
   * knows only the cells of the tiles drawn).
   */
  addCells(list) {
    const have = new Set(this.cells.map((p) => p.code));
    const fresh = list.filter((p) => !have.has(p.code));
    if (!fresh.length) return;
    this.cells = this.cells.concat(fresh);
    this.added++;
  }

  find(query) {
    const q = query.trim().toLowerCase().replace(/\s+/g, '');
    if (!q) return [];
    const scored = [];
    for (const p of this.cells) {
      const r = rank(p, q);
      if (r !== null) scored.push([r, p]);
    }
    scored.sort((a, b) => a[0] - b[0] || (a[1].code < b[1].code ? -1 : 1));
    return scored.map((s) => s[1]);
  }

  update() {
    const seq = ++this.seq;
    const q = this.input.value.trim().replace(/\s+/g, '');
    this.extra = q && this.more ? this.more.now(q) : [];
    this.note = '';
    this.show();
    this.stop();
    if (!q || !this.more) return;
    // data-busy while the server is asked (tests wait for its answer to be shown, or not).
    this.list.dataset.busy = 'true';
    this.timer = setTimeout(async () => {
      const asking = new AbortController();
      this.asking = asking;
      const added = this.added;
      let found = [];
      let note = '';
      try {
        found = await this.more.later(q, asking.signal);
      } catch (err) {
        note = (err && err.note) || ''; // what the phone found stays
      }
      if (seq !== this.seq) return;
      this.asking = null;
      delete this.list.dataset.busy;
      if (!found.length && !note && this.added === added) return;
      const keys = new Set(this.extra.map((x) => x.key));
      this.extra = this.extra.concat(found.filter((x) => !keys.has(x.key)));
      this.note = note;
      this.show();
    }, MORE_WAIT);
  }

  /** Stops asking the server for the last query: its timer, and its request if sent. */
  stop() {
    clearTimeout(this.timer);
    if (this.asking) this.asking.abort();
    this.asking = null;
    delete this.list.dataset.busy;
  }

  /** Renders the suggestions: other things first (a number or a name is meant exactly), then cells. */
  show() {
    const all = this.find(this.input.value);
    const cells = all.slice(0, Math.max(MAX_SUGGESTIONS - this.extra.length, 3));
    this.matches = [...this.extra.map((x) => ({ item: x })), ...cells];
    this.active = -1;
    if (!this.input.value.trim()) return this.close();
    const n = all.length + this.extra.length;
    const found = !n ? t('search.none') : this.extra.length ? t('search.found', { n }) : t('search.results', { n });
    this.status.textContent = this.note ? `${this.note} ${found}` : found;
    const items = this.matches.map((p, i) => (p.item
      ? h('li', {
        role: 'option', id: `suggestion-${i}`, class: `suggestion suggestion-${p.item.kind}`, 'aria-selected': 'false', dataset: { item: p.item.key },
      }, h('span', { class: 'suggestion-name' }, p.item.name), h('span', { class: 'suggestion-meta' }, p.item.meta))
      : h('li', {
        role: 'option', id: `suggestion-${i}`, class: 'suggestion', 'aria-selected': 'false', dataset: { code: p.code },
      }, h('span', { class: 'suggestion-name' }, p.name), h('span', { class: 'suggestion-meta' }, `${p.code} · ${p.unit_name}`))));
    // Without a network: said first, so that "no matching cell" never reads as "no such resident".
    if (this.note) items.unshift(h('li', { class: 'suggestion-empty suggestion-note', 'aria-disabled': 'true', 'data-offline': 'true' }, this.note));
    else if (!items.length) items.push(h('li', { class: 'suggestion-empty', 'aria-disabled': 'true' }, t('search.none')));
    this.list.replaceChildren(...items);
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.input.removeAttribute('aria-activedescendant');
  }

  key(e) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (this.list.hidden) this.update();
      if (!this.matches.length) return;
      e.preventDefault();
      const n = this.matches.length;
      this.setActive(e.key === 'ArrowDown' ? (this.active + 1) % n : (this.active - 1 + n) % n);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const all = this.matches.length ? this.matches : this.find(this.input.value);
      const p = all[Math.max(this.active, 0)];
      if (p && p.item) this.pickItem(p.item.key);
      else if (p) this.pick(p.code);
    } else if (e.key === 'Escape' && !this.list.hidden) {
      e.stopPropagation();
      this.close();
    }
  }

  setActive(i) {
    this.active = i;
    this.list.querySelectorAll('[role=option]').forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    this.input.setAttribute('aria-activedescendant', `suggestion-${i}`);
    const li = this.list.querySelector(`#suggestion-${i}`);
    if (li) li.scrollIntoView({ block: 'nearest' });
  }

  pick(code) {
    const p = this.cells.find((c) => c.code === code);
    if (!p) return;
    this.input.value = p.name;
    this.close();
    this.input.blur();
    this.onPick(code);
  }

  pickItem(key) {
    const item = this.extra.find((x) => x.key === key);
    if (!item || !this.onItem) return;
    this.input.value = item.name;
    this.close();
    this.input.blur();
    this.onItem(item);
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  /** Empties the box, e.g. when a cell is chosen on the map instead. */
  clear() {
    this.input.value = '';
    this.seq++;
    this.stop();
    this.extra = [];
    this.note = '';
    this.close();
  }

  /** Re-renders the open suggestion list after a language change. */
  relabel() {
    if (!this.list.hidden) this.update();
  }
}
