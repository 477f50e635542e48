// 边界编辑, the administrator's boundary editor. The cells come as the
// TopoJSON of GET /api/cells.topojson and stay arcs here (topo.js): a
// boundary two cells share is one arc, so a dragged vertex moves in both.
// Each edit is a changeset operation; the map shows the operations applied
// in the browser, and ~300 ms after the last edit the server's dry run of
// the whole list says whether the result is valid and what would move to
// another cell. Saving needs a valid dry run, a reason and an effective
// date. Undo and redo step through the operations of this session. The
// version history (bdhistory.js) shows each version's diff and restores.

import { api } from './api.js';
import { t, num } from './i18n.js';
import { h, esc } from './dom.js';
import { fieldError } from './ui.js';
import { Topo, EditError, toLatLng } from './topo.js';
import { today } from './bdimpact.js';
import { History } from './bdhistory.js';
import { handleMethods } from './bdhandles.js';
import { splitMethods } from './bdsplit.js';
import { sideMethods } from './bdside.js';

const L = window.L;
const motion = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
const CHECK_MS = 300;
const NEW_CELL = '#16a34a';


export class BoundaryPage {
  /** onCommitted(version) runs after a change or a restore is committed. */
  constructor({ onCommitted }) {
    this.onCommitted = onCommitted;
    this.seq = 0; // loads
    this.checkSeq = 0; // dry runs
    this.steps = []; // undo units, each a list of operations
    this.undone = []; // redo stack
    this.base = null; // Topo of the current version
    this.topo = null; // Topo after the operations
    this.version = 0; // the current version, the changes' base
    this.selected = '';
    this.vertex = null; // [lon, lat] of the selected vertex
    this.mode = 'edit'; // edit | split | merge
    this.splitLine = [];
    this.mergeWith = '';
    this.check = null; // {pending} | {valid, problems, impact, cells} | {error} | {conflict}
    this.names = new Map(); // provisional code -> the code the server's dry run gave the cell
    this.message = null; // {key, params, kind}
    this.saved = null; // the version just committed, for the notice
    this.reason = '';
    this.date = today();
    this.outer = false; // the town's outline may change: an explicit choice, off again after each save
    this.history = new History({
      page: this,
      onRestored: (v) => this.committed(v),
    });
    document.addEventListener('keydown', (e) => this.key(e));
  }

  show(root) {
    this.root = root;
    this.render();
    this.load(true);
  }

  /** Whether the page is on screen (an answer may come after the user went elsewhere). */
  attached() {
    return !!(this.map && this.root && this.root.contains(this.mapEl));
  }

  /**
   * Loads the current cells and versions. The session's edits go, unless
   * keep asks to keep them and the boundaries are still those they were made on.
   */
  async load(keep = false) {
    const seq = ++this.seq;
    this.loading = true;
    this.loadError = null;
    this.renderSide();
    try {
      const [tj, versions] = await Promise.all([api.topojson(), api.boundaryVersions()]);
      if (seq !== this.seq) return;
      const kept = keep && this.steps.length && versions.current === this.version;
      this.base = Topo.fromTopoJSON(tj);
      this.version = versions.current;
      this.history.setVersions(versions);
      if (!kept) {
        this.steps = [];
        this.undone = [];
        this.names.clear();
        this.check = null;
      }
      this.mode = 'edit';
      this.vertex = null;
      if (this.selected && !this.base.cells.has(this.selected)) this.selected = '';
    } catch (err) {
      if (seq !== this.seq) return;
      this.loadError = err;
    }
    this.loading = false;
    if (!this.attached()) return;
    if (this.base) {
      try {
        this.rebuild();
      } catch (err) {
        if (!(err instanceof EditError)) throw err;
        this.steps = []; // edits kept from before that no longer apply
        this.undone = [];
        this.rebuild();
      }
      this.history.clear();
      if (this.steps.length) this.scheduleCheck();
      this.redraw();
      if (!this.fitted) {
        this.fitted = true;
        this.map.fitBounds(this.cellLayer.getBounds(), { padding: [12, 12], animate: false });
      }
    }
    this.renderSide();
    this.history.render();
  }

  /** The operations of the session, in order. */
  ops() {
    return this.steps.flat();
  }

  /** Replays the operations on the base; throws the EditError of one that does not apply. */
  replay(steps) {
    const topo = this.base.clone();
    steps.flat().forEach((op, i) => {
      try {
        topo.apply(op);
      } catch (err) {
        if (err instanceof EditError) err.index = i;
        throw err;
      }
    });
    for (const [from, to] of this.names) if (topo.cells.has(from) && !topo.cells.has(to)) topo.rename(from, to);
    return topo;
  }

  /** Adds an undo unit of operations, unless one does not apply. */
  push(ops) {
    let topo;
    try {
      topo = this.replay([...this.steps, ops]);
    } catch (err) {
      if (!(err instanceof EditError)) throw err;
      this.say(err.key, err.params, 'error');
      this.redraw();
      return;
    }
    this.steps.push(ops);
    this.undone = [];
    this.saved = null;
    this.topo = topo;
    this.afterEdit();
  }

  undo() {
    if (!this.steps.length || this.mode !== 'edit') return;
    this.undone.push(this.steps.pop());
    this.rebuild();
    this.afterEdit();
  }

  redo() {
    if (!this.undone.length || this.mode !== 'edit') return;
    this.steps.push(this.undone.pop());
    this.rebuild();
    this.afterEdit();
  }

  rebuild() {
    this.topo = this.replay(this.steps);
  }

  afterEdit() {
    this.vertex = null;
    if (this.selected && !this.topo.cells.has(this.selected)) this.selected = '';
    this.message = null;
    this.redraw();
    this.scheduleCheck();
    this.renderSide();
  }

  // The map.

  render() {
    if (!this.root) return;
    if (!this.mapEl) this.mapEl = h('div', { id: 'bd-map', class: 'bd-map' });
    this.mapEl.setAttribute('aria-label', t('bd.map'));
    this.root.replaceChildren(h('div', { class: 'page-inner page-wide page-boundary' },
      h('div', { class: 'page-head' },
        h('h2', { class: 'page-title', id: 'page-title' }, t('view.boundary')),
        h('p', { class: 'muted' }, t('bd.lead'))),
      h('div', { class: 'bd-grid' },
        h('div', { class: 'bd-mapbox' }, this.mapEl),
        h('div', { class: 'bd-side' },
          h('section', { class: 'card-box', id: 'bd-edit', 'aria-labelledby': 'bd-edit-title' }),
          h('section', { class: 'card-box', id: 'bd-save', 'aria-labelledby': 'bd-save-title' },
            h('h3', { id: 'bd-save-title' }, t('bd.check.title')),
            h('div', { id: 'bd-check', 'aria-live': 'polite' }),
            this.saveForm()))),
      h('section', { class: 'card-box bd-history', id: 'bd-history', 'aria-labelledby': 'bd-history-title' })));
    this.ensureMap();
    this.renderSide();
    this.history.render();
  }

  ensureMap() {
    if (this.map) {
      this.map.invalidateSize();
      return;
    }
    const map = L.map(this.mapEl, { zoomSnap: 0.25, zoomDelta: 0.5, minZoom: 8, maxZoom: 20, doubleClickZoom: false, zoomAnimation: motion, fadeAnimation: motion, inertia: motion });
    this.map = map;
    map.setView([28.55, 106.65], 12);
    map.createPane('bd-handles').style.zIndex = 640;
    this.cellLayer = L.featureGroup().addTo(map);
    this.polys = new Map();
    this.diffLayer = L.featureGroup().addTo(map);
    this.edgeLayer = L.layerGroup().addTo(map);
    this.problemLayer = L.layerGroup().addTo(map);
    this.splitLayer = L.layerGroup().addTo(map);
    this.handleLayer = L.layerGroup().addTo(map);
    map.on('click', (e) => this.mapClick(e));
    map.on('mousemove', (e) => this.mapMove(e));
  }

  /** Draws the cells of the edited topology, then the handles and problems. */
  redraw() {
    if (!this.attached() || !this.topo) return;
    const seen = new Set();
    for (const [code] of this.topo.cells) {
      seen.add(code);
      const ll = this.topo.polygon(code).map((r) => r.map(toLatLng));
      let poly = this.polys.get(code);
      if (poly) poly.setLatLngs(ll);
      else {
        poly = L.polygon(ll, { className: `bd-cell bd-cell-${code}` });
        poly.on('click', (e) => {
          L.DomEvent.stop(e);
          if (this.mode === 'split') this.mapClick(e);
          else this.cellClick(poly.code);
        });
        poly.bindTooltip(() => this.cellTitle(poly.code), { sticky: true, direction: 'top', offset: [0, -8], className: 'gm-tooltip' });
        this.cellLayer.addLayer(poly);
        this.polys.set(code, poly);
      }
      poly.code = code;
    }
    for (const [code, poly] of this.polys) {
      if (seen.has(code)) continue;
      this.cellLayer.removeLayer(poly);
      this.polys.delete(code);
    }
    this.restyle();
    this.drawHandles();
    this.drawProblems();
  }

  cellTitle(code) {
    const cell = this.topo && this.topo.cells.get(code);
    if (!cell) return code;
    const name = cell.props.name || t('bd.newCell');
    return `<strong>${esc(name)}</strong><br>${esc(code)}`;
  }

  /** Styles: the selected cell, its neighbours, cells changed by the session, cells with problems, the merge partner. */
  restyle() {
    const changed = new Set();
    const problems = new Set((this.check && this.check.problems || []).flatMap((p) => p.cells || []));
    if (this.check && this.check.cells) for (const f of this.check.cells.features || []) changed.add(f.properties.code);
    const near = new Set(this.selected ? this.topo.neighbours(this.selected) : []);
    for (const [code, poly] of this.polys) {
      const isNew = this.topo.provisional.has(code) || !this.base.cells.has(code);
      const sel = code === this.selected;
      const partner = code === this.mergeWith;
      poly.setStyle({
        color: problems.has(code) ? '#b42318' : sel || partner ? '#111827' : '#ffffff',
        weight: problems.has(code) ? 3 : sel || partner ? 2.5 : 1,
        opacity: 1,
        fillColor: isNew ? NEW_CELL : sel ? '#93c5fd' : partner ? '#fcd34d' : changed.has(code) ? '#fdba74' : near.has(code) ? '#cbd5e1' : '#9aa5b1',
        fillOpacity: this.history.showing ? 0.15 : 0.55,
      });
      const el = poly.getElement();
      if (el) {
        el.classList.toggle('is-selected', sel);
        el.classList.toggle('is-problem', problems.has(code));
        el.dataset.code = code;
      }
      if (sel || partner) poly.bringToFront();
    }
  }

  cellClick(code) {
    if (this.mode === 'merge') {
      if (code !== this.selected && this.topo.neighbours(this.selected).includes(code)) {
        this.mergeWith = code;
        this.restyle();
        this.renderSide();
      } else this.say('bd.merge.pick', {}, 'error');
      return;
    }
    if (this.mode !== 'edit') return;
    this.selectCell(code, false);
  }

  selectCell(code, fit) {
    this.selected = code;
    this.vertex = null;
    this.mergeWith = '';
    this.restyle();
    this.drawHandles();
    this.renderSide();
    if (fit && code && this.polys.get(code)) {
      const b = L.latLngBounds([]);
      b.extend(this.polys.get(code).getBounds());
      this.map.fitBounds(b, { padding: [40, 40], maxZoom: 18, animate: motion });
    }
  }

  // Validation: the server's dry run of the whole list.

  scheduleCheck() {
    clearTimeout(this.checkTimer);
    const seq = ++this.checkSeq;
    if (!this.steps.length) {
      this.check = null;
      this.restyle();
      this.drawProblems();
      return;
    }
    this.check = { pending: true };
    this.checkTimer = setTimeout(() => this.runCheck(seq), CHECK_MS);
  }

  /**
   * The changeset. A dry run checks the shapes only (the server asks for
   * the reason and date when saving, and save() refuses without them).
   */
  body() {
    return { base: this.version, reason: this.reason.trim(), effective_date: this.date, outer_may_change: this.outer, operations: this.ops() };
  }

  async runCheck(seq) {
    let check;
    try {
      const ans = await api.changeset(this.body(), true);
      check = { valid: ans.valid, problems: ans.problems || [], impact: ans.impact, cells: ans.cells };
    } catch (err) {
      check = this.refusal(err);
    }
    if (seq !== this.checkSeq) return; // an edit came since: its own dry run is on the way
    this.check = check;
    if (check.cells) this.nameNewCells(check.cells);
    this.restyle();
    this.drawProblems();
    this.renderSide();
  }

  /** The state for a refused dry run or save: a stale base, invalid operations, or another failure. */
  refusal(err) {
    if (err.status === 409 && err.body) return { conflict: err.body };
    if (err.status === 400 && err.body && Array.isArray(err.body.problems)) return { valid: false, problems: err.body.problems };
    if (err.status === 400 && /^operations/.test(err.field || '')) {
      const m = /^operations\[(\d+)\]$/.exec(err.field);
      return { valid: false, problems: [{ kind: 'operation', message: m ? t('bd.opError', { n: num(Number(m[1]) + 1), msg: err.message }) : err.message, cells: [] }] };
    }
    if (err.status === 400 && ['reason', 'effective_date'].includes(err.field)) return { fieldError: err };
    return { error: err };
  }

  /** Gives the cells a split made here the codes the server's dry run gave them. */
  nameNewCells(fc) {
    const added = (fc.features || []).filter((f) => f.properties.change === 'added').map((f) => f.properties).sort((a, b) => (a.code < b.code ? -1 : 1));
    const mine = [...this.topo.provisional].sort();
    if (!mine.length || added.length !== mine.length) return;
    let renamed = false;
    mine.forEach((code, i) => {
      if (code === added[i].code && this.topo.cells.get(code).props.name) return;
      this.names.set(code, added[i].code);
      renamed = true;
    });
    this.rebuild();
    for (const p of added) {
      const cell = this.topo.cells.get(p.code);
      if (cell) cell.props.name = p.name;
    }
    this.topo.provisional.clear();
    if (renamed) this.redraw();
  }

  drawProblems() {
    if (!this.problemLayer) return;
    this.problemLayer.clearLayers();
    for (const p of (this.check && this.check.problems) || []) {
      if (!Array.isArray(p.at) || p.at.length !== 2) continue;
      const m = L.marker(toLatLng(p.at), { icon: L.divIcon({ className: 'bd-problem-at', iconSize: [18, 18] }), keyboard: false, title: p.message, interactive: false });
      this.problemLayer.addLayer(m);
    }
  }

  canSave() {
    const c = this.check;
    return !!(this.steps.length && c && c.valid && !c.pending && this.reason.trim() && this.date && !this.saving);
  }

  async save() {
    const form = this.root.querySelector('#bd-save-form');
    fieldError(form, '', '');
    if (!this.reason.trim()) return fieldError(form, 'reason', t('bd.reason.required'));
    if (!this.date) return fieldError(form, 'effective_date', t('bd.date.required'));
    if (!this.canSave()) return;
    this.saving = true;
    this.renderSide();
    try {
      const ans = await api.changeset(this.body(), false);
      this.saving = false;
      this.reason = '';
      this.root.querySelector('#bd-reason').value = '';
      this.outer = false;
      this.root.querySelector('#bd-outer').checked = false;
      await this.committed(ans.version);
    } catch (err) {
      this.saving = false;
      this.check = this.refusal(err);
      this.restyle();
      this.drawProblems();
      this.renderSide();
      if (this.check.fieldError) fieldError(this.root.querySelector('#bd-save-form'), err.field, err.message);
    }
  }

  /** After a commit (a save here or a restore): the new version's cells, the history with it on top. */
  async committed(version) {
    this.saved = version;
    if (this.onCommitted) this.onCommitted(version);
    await this.load();
  }

  say(k, params = {}, kind = 'hint') {
    this.message = { key: k, params, kind };
    this.renderSide();
  }

  key(e) {
    if (!this.attached() || document.querySelector('dialog[open]')) return;
    if (e.target.closest && e.target.closest('input, textarea, select')) return;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && !e.shiftKey && e.key.toLowerCase() === 'z') {
      e.preventDefault();
      this.undo();
    } else if (mod && (e.key.toLowerCase() === 'y' || (e.shiftKey && e.key.toLowerCase() === 'z'))) {
      e.preventDefault();
      this.redo();
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && this.vertex) {
      e.preventDefault();
      this.deleteVertex(this.vertex);
    } else if (e.key === 'Escape') this.cancelMode();
  }

  showProblem(p) {
    if (Array.isArray(p.at) && p.at.length === 2) this.map.setView(toLatLng(p.at), Math.max(this.map.getZoom(), 16), { animate: motion });
    else if (p.cells && p.cells[0] && this.polys.get(p.cells[0])) this.map.fitBounds(this.polys.get(p.cells[0]).getBounds(), { padding: [40, 40], animate: motion });
  }

  /** A cell's name after the edits, or before them for a cell they remove. */
  nameOf(code) {
    const cell = (this.topo && this.topo.cells.get(code)) || (this.base && this.base.cells.get(code));
    return (cell && cell.props.name) || '';
  }
}

// The handles, split and merge, and the side are in their own modules.
Object.assign(BoundaryPage.prototype, handleMethods, splitMethods, sideMethods);
