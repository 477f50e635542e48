// 版本历史 of the boundary editor: the boundary versions, newest first;
// a selected version's diff against the version it changed, drawn on the
// editor's map (added green, removed red dashed, reshaped orange over its
// old outline dashed); and 恢复此版本, which asks for a reason and a date,
// shows the dry run's impact and restores the version as a new one.

import { api } from './api.js';
import { t, num, dateTime } from './i18n.js';
import { h } from './dom.js';
import { errorText, field, fieldError, modal } from './ui.js';
import { impactView, sinceView, today, versionReason } from './bdimpact.js';
import { problemWords } from './bdside.js';

const L = window.L;
const motion = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
const CHECK_MS = 300;

const STYLE = {
  added: { className: 'bd-diff bd-diff-added', color: '#15803d', weight: 2, fillColor: '#22c55e', fillOpacity: 0.45 },
  removed: { className: 'bd-diff bd-diff-removed', color: '#b91c1c', weight: 2, dashArray: '6 4', fillColor: '#ef4444', fillOpacity: 0.12 },
  reshaped: { className: 'bd-diff bd-diff-reshaped', color: '#c2410c', weight: 2.5, fillColor: '#fb923c', fillOpacity: 0.4 },
  before: { className: 'bd-diff bd-diff-before', color: '#7c2d12', weight: 1.5, dashArray: '5 4', fill: false },
};

export class History {
  /** page is the BoundaryPage (its map, diff layer and names); onRestored(version) runs after a restore. */
  constructor({ page, onRestored }) {
    this.page = page;
    this.onRestored = onRestored;
    this.current = 0;
    this.versions = [];
    this.selected = 0;
    this.diff = null; // {n, body} | {n, error}
    this.seq = 0;
    this.showing = false; // a diff is on the map
  }

  setVersions(body) {
    this.current = body.current;
    this.versions = body.versions || [];
    if (this.selected && !this.versions.some((v) => v.number === this.selected)) this.clear();
  }

  box() {
    return this.page.root && this.page.root.querySelector('#bd-history');
  }

  render() {
    const box = this.box();
    if (!box) return;
    const rows = this.versions.map((v) => {
      const on = v.number === this.selected;
      const changes = t('bd.history.changes', { added: num((v.added || []).length), removed: num((v.removed || []).length), reshaped: num((v.reshaped || []).length) });
      const m = v.moved || {};
      const moved = t('bd.history.moved', { households: num(m.households || 0), residents: num(m.residents || 0), incidents: num(m.incidents || 0), assignments: num(m.assignments || 0) });
      return h('li', { class: `bd-version${on ? ' is-selected' : ''}`, 'data-version': v.number, 'aria-current': on ? 'true' : false },
        h('button', { type: 'button', class: 'bd-version-pick', 'aria-pressed': String(on), onclick: () => this.select(on ? 0 : v.number) },
          h('span', { class: 'bd-version-number' }, t('bd.history.number', { n: num(v.number) })),
          v.number === this.current ? h('span', { class: 'badge bd-current' }, t('bd.history.current')) : null,
          h('span', { class: 'bd-version-meta' }, `${dateTime(v.created_at)} · ${v.author_name || '—'} · ${t('bd.history.effective', { date: v.effective_date || '—' })}`),
          h('span', { class: 'bd-version-reason' }, versionReason(v)),
          h('span', { class: 'bd-version-counts' }, `${changes} · ${moved}`)));
    });
    box.replaceChildren(
      h('h3', { id: 'bd-history-title' }, t('bd.history.title')),
      rows.length ? h('ol', { class: 'bd-versions', id: 'bd-versions' }, rows) : h('p', { class: 'muted' }, t('bd.loading')),
      h('div', { id: 'bd-diff', 'aria-live': 'polite' }));
    this.renderDiff();
  }

  select(n) {
    if (!n) {
      this.clear();
      this.render();
      return;
    }
    this.selected = n;
    this.diff = null;
    this.render();
    this.loadDiff(n);
  }

  clear() {
    this.selected = 0;
    this.diff = null;
    this.seq++;
    this.showing = false;
    if (this.page.diffLayer) this.page.diffLayer.clearLayers();
    if (this.page.topo) this.page.restyle();
  }

  /** The version a version changed (0 for the first). */
  baseOf(n) {
    const v = this.versions.find((x) => x.number === n);
    return v ? v.base || n - 1 : n - 1;
  }

  async loadDiff(n) {
    const seq = ++this.seq;
    const from = this.baseOf(n);
    if (from < 1) {
      this.diff = { n, first: true };
      this.draw();
      return;
    }
    try {
      const body = await api.boundaryDiff(from, n);
      if (seq !== this.seq) return;
      this.diff = { n, from, body };
    } catch (err) {
      if (seq !== this.seq) return;
      this.diff = { n, from, error: err };
    }
    this.draw();
  }

  /** Draws the selected version's diff on the map and fits the map to it. */
  draw() {
    const layer = this.page.diffLayer;
    if (!layer) return;
    layer.clearLayers();
    const d = this.diff;
    this.showing = !!(d && d.body && d.body.features.length);
    if (this.showing) {
      for (const f of d.body.features) {
        const change = f.properties.change;
        if (change === 'reshaped' && f.properties.before) {
          layer.addLayer(L.geoJSON({ type: 'Feature', properties: {}, geometry: f.properties.before }, { style: () => ({ ...STYLE.before, className: `${STYLE.before.className} bd-diff-before-${f.properties.code}` }), interactive: false }));
        }
        const g = L.geoJSON(f, { style: () => ({ ...STYLE[change], className: `${STYLE[change].className} bd-diff-${f.properties.code}` }) });
        g.bindTooltip(`${f.properties.code} · ${t('bd.diff.' + change)}`, { sticky: true, className: 'gm-tooltip' });
        layer.addLayer(g);
      }
      this.page.map.fitBounds(layer.getBounds(), { padding: [40, 40], maxZoom: 17, animate: motion });
    }
    if (this.page.topo) this.page.restyle();
    this.renderDiff();
  }

  renderDiff() {
    const box = this.box() && this.box().querySelector('#bd-diff');
    if (!box) return;
    const d = this.diff;
    if (!this.selected) {
      box.replaceChildren(h('p', { class: 'field-hint' }, t('bd.history.hint')));
      return;
    }
    const restore = this.selected !== this.current
      ? h('button', { type: 'button', class: 'button button-small', id: 'bd-restore', onclick: () => this.openRestore(this.selected) }, t('bd.restore'))
      : null;
    const close = h('button', { type: 'button', class: 'button button-small button-quiet', id: 'bd-diff-close', onclick: () => this.select(0) }, t('bd.diff.close'));
    let body;
    if (!d) body = h('p', { class: 'muted' }, t('bd.loading'));
    else if (d.first) body = h('p', { class: 'muted' }, t('bd.diff.first'));
    else if (d.error) body = h('p', { class: 'notice notice-error', role: 'alert' }, errorText(d.error));
    else {
      const count = (c) => d.body.features.filter((f) => f.properties.change === c).length;
      body = [
        h('p', { id: 'bd-diff-summary', 'data-from': d.from, 'data-to': d.n }, t('bd.diff.summary', { from: num(d.from), to: num(d.n), added: num(count('added')), removed: num(count('removed')), reshaped: num(count('reshaped')) })),
        h('ul', { class: 'bd-diff-legend' },
          ['added', 'removed', 'reshaped', 'before'].map((c) => h('li', {}, h('span', { class: `bd-swatch bd-swatch-${c}`, 'aria-hidden': 'true' }), t('bd.diff.' + c)))),
      ];
    }
    box.replaceChildren(h('div', { class: 'bd-diff-head' }, h('strong', {}, t('bd.history.number', { n: num(this.selected) })), restore, close), ...[body].flat());
  }

  /** The restore dialog: reason, date, the dry run's impact (again ~300 ms after each change), then the restore. */
  openRestore(n) {
    const state = { reason: '', date: today(), check: null, seq: 0, timer: 0, busy: false };
    const reason = h('textarea', { id: 'bd-restore-reason', name: 'reason', rows: 2, required: true, oninput: (e) => { state.reason = e.target.value; schedule(); } });
    const date = h('input', { id: 'bd-restore-date', name: 'effective_date', type: 'date', required: true, value: state.date, onchange: (e) => { state.date = e.target.value; schedule(); } });
    const out = h('div', { id: 'bd-restore-check', 'aria-live': 'polite' });
    const confirm = h('button', { type: 'submit', class: 'button', id: 'bd-restore-confirm', disabled: true }, t('bd.restore.confirm'));
    const form = h('form', { class: 'form', id: 'bd-restore-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); run(false); } },
      h('p', {}, t('bd.restore.lead', { n: num(n), current: num(this.current) })),
      field(t('bd.reason'), reason), field(t('bd.date'), date), out,
      h('div', { class: 'form-actions' }, confirm,
        h('button', { type: 'button', class: 'button button-quiet', onclick: () => dlg.close() }, t('bd.cancel'))));
    const dlg = modal(t('bd.restore.title', { n: num(n) }), form, { className: 'dialog-wide', onClose: () => { state.seq++; clearTimeout(state.timer); } });
    const show = () => {
      const c = state.check;
      fieldError(form, '', '');
      let view;
      if (!c || c.pending) view = h('p', { class: 'muted' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('bd.check.pending'));
      else if (c.conflict) {
        view = h('div', { class: 'notice notice-error', role: 'alert' }, sinceView(c.conflict),
          h('button', { type: 'button', class: 'button button-small', onclick: () => { dlg.close(); this.page.load(); } }, t('bd.reload')));
      } else if (c.error && c.error.status === 400 && ['reason', 'effective_date'].includes(c.error.field)) {
        view = null;
        fieldError(form, c.error.field, c.error.message);
      } else if (c.error) view = h('p', { class: 'notice notice-error', role: 'alert' }, errorText(c.error));
      else if (!c.valid) view = h('ul', { class: 'bd-problems' }, (c.problems || []).map((p) => h('li', {}, problemWords(p))));
      else view = h('div', { id: 'bd-restore-impact' }, h('p', { class: 'bd-valid' }, t('bd.restore.impact')), impactView(c.impact, (code) => this.page.nameOf(code)));
      out.replaceChildren(...(view ? [view] : []));
      confirm.disabled = !(c && c.valid && !c.pending) || state.busy;
      confirm.textContent = state.busy ? t('bd.saving') : t('bd.restore.confirm');
    };
    // As in the editor, a dry run before a reason is given says what it is (the store checks its reason).
    const body = () => ({ base: this.current, reason: state.reason.trim(), effective_date: state.date });
    const run = async (dry) => {
      if (!dry) {
        if (!state.reason.trim()) return fieldError(form, 'reason', t('bd.reason.required'));
        if (!state.date) return fieldError(form, 'effective_date', t('bd.date.required'));
        state.busy = true;
        show();
      }
      const seq = ++state.seq;
      try {
        const ans = await api.restoreVersion(n, body(), dry);
        if (seq !== state.seq) return;
        if (!dry) {
          dlg.close();
          this.selected = 0;
          this.onRestored(ans.version);
          return;
        }
        state.check = { valid: ans.valid, problems: ans.problems, impact: ans.impact };
      } catch (err) {
        if (seq !== state.seq) return;
        state.check = err.status === 409 ? { conflict: err.body } : err.body && err.body.problems ? { valid: false, problems: err.body.problems } : { error: err };
      }
      state.busy = false;
      show();
    };
    const schedule = () => {
      clearTimeout(state.timer);
      state.seq++;
      state.check = { pending: true };
      show();
      state.timer = setTimeout(() => run(true), CHECK_MS);
    };
    schedule();
    reason.focus();
  }
}
