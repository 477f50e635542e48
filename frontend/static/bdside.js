// The boundary editor's side: the cell to edit and the tools, the dry
// run's answer (pending, the problems, or the impact in words) and the
// save form with its reason and effective date. Methods of BoundaryPage
// (boundary.js).

import { t, num } from './i18n.js';
import { h } from './dom.js';
import { errorText, field } from './ui.js';
import { impactView, sinceView } from './bdimpact.js';

export const sideMethods = {
  // The side: tools, validation, impact and the save form.

  renderSide() {
    this.renderEdit();
    this.renderSave();
  },

  renderEdit() {
    const box = this.root && this.root.querySelector('#bd-edit');
    if (!box) return;
    if (this.loading && !this.base) {
      box.replaceChildren(h('p', { class: 'muted' }, t('bd.loading')));
      return;
    }
    if (this.loadError) {
      box.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert' }, errorText(this.loadError)),
        h('button', { type: 'button', class: 'button', onclick: () => this.load() }, t('list.retry')));
      return;
    }
    if (!this.topo) return;
    const codes = [...this.topo.cells.keys()].sort();
    const cellSel = h('select', { id: 'bd-cell', name: 'cell', onchange: (e) => this.selectCell(e.target.value, true) },
      h('option', { value: '' }, t('bd.cell.none')),
      codes.map((c) => h('option', { value: c, selected: c === this.selected }, `${this.topo.cells.get(c).props.name || t('bd.newCell')} ${c}`)));
    const btn = (id, label, onclick, disabled, extra = {}) => h('button', { type: 'button', id, class: 'button button-small button-quiet', onclick, disabled, ...extra }, label);
    const edit = this.mode === 'edit';
    const sel = !!this.selected;
    const tools = h('div', { class: 'bd-tools', role: 'toolbar', 'aria-label': t('bd.tools') },
      btn('bd-undo', t('bd.undo'), () => this.undo(), !edit || !this.steps.length, { title: t('bd.undo.key') }),
      btn('bd-redo', t('bd.redo'), () => this.redo(), !edit || !this.undone.length, { title: t('bd.redo.key') }),
      btn('bd-delete-vertex', t('bd.deleteVertex'), () => this.deleteVertex(this.vertex), !edit || !this.vertex || this.topo.isNode(this.vertex)),
      btn('bd-split', t('bd.split'), () => this.startSplit(), !edit || !sel),
      btn('bd-merge', t('bd.merge'), () => this.startMerge(), !edit || !sel));
    const parts = [h('h3', { id: 'bd-edit-title' }, t('bd.edit.title')), field(t('bd.cell'), cellSel), tools];
    if (this.mode === 'split') {
      parts.push(h('div', { class: 'bd-mode' }, h('p', {}, t('bd.split.help')),
        btn('bd-cancel', t('bd.cancel'), () => this.cancelMode(), false)));
    }
    if (this.mode === 'merge') {
      const near = this.topo.neighbours(this.selected).sort();
      const partner = h('select', { id: 'bd-merge-with', name: 'merge_with', onchange: (e) => { this.mergeWith = e.target.value; this.restyle(); this.renderSide(); } },
        h('option', { value: '' }, t('bd.merge.choose')),
        near.map((c) => h('option', { value: c, selected: c === this.mergeWith }, `${this.topo.cells.get(c).props.name || t('bd.newCell')} ${c}`)));
      const keepBtn = (keep, gone) => h('button', { type: 'button', class: 'button button-small', 'data-keep': keep, disabled: !this.mergeWith, onclick: () => this.merge(keep, gone) }, t('bd.merge.keep', { code: keep }));
      parts.push(h('div', { class: 'bd-mode' }, h('p', {}, t('bd.merge.help')), field(t('bd.merge.with'), partner),
        this.mergeWith ? h('div', { class: 'bd-tools' }, keepBtn(this.selected, this.mergeWith), keepBtn(this.mergeWith, this.selected)) : null,
        btn('bd-cancel', t('bd.cancel'), () => this.cancelMode(), false)));
    }
    if (this.vertex) {
      const cells = this.topo.cellsAt(this.vertex);
      parts.push(h('p', { class: 'bd-vertex-info', id: 'bd-vertex-info' }, t(this.topo.isNode(this.vertex) ? 'bd.vertex.node' : 'bd.vertex.info', { cells: cells.join(t('bd.sep')) })));
    }
    if (this.message) parts.push(h('p', { class: `bd-message bd-message-${this.message.kind}`, id: 'bd-message', role: this.message.kind === 'error' ? 'alert' : 'status' }, t(this.message.key, this.message.params)));
    parts.push(h('p', { class: 'field-hint' }, t('bd.help')));
    parts.push(h('p', { class: 'bd-opcount', id: 'bd-opcount' }, t('bd.ops', { n: num(this.ops().length), v: num(this.version) })));
    box.replaceChildren(...parts);
  },

  /** The save form: built with the page, so that a dry run's answer does not take the focus from the reason. */
  saveForm() {
    const reason = h('textarea', {
      id: 'bd-reason', name: 'reason', rows: 2, required: true,
      oninput: (e) => {
        this.reason = e.target.value;
        // A dry run the server refused for want of a reason goes again with one.
        if (this.check && this.check.fieldError && this.reason.trim()) this.scheduleCheck();
      },
    });
    reason.value = this.reason;
    const date = h('input', {
      id: 'bd-date', name: 'effective_date', type: 'date', required: true, value: this.date,
      onchange: (e) => {
        this.date = e.target.value;
        if (this.check && this.check.fieldError && this.date) this.scheduleCheck();
      },
    });
    // Moving the town's own outline is refused unless asked for here.
    const outer = h('label', { class: 'check', id: 'bd-outer-label' },
      h('input', { type: 'checkbox', id: 'bd-outer', name: 'outer_may_change', checked: this.outer,
        onchange: (e) => { this.outer = e.target.checked; this.scheduleCheck(); } }),
      t('bd.outer'));
    return h('form', { class: 'form bd-save-form', id: 'bd-save-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); this.save(); } },
      field(t('bd.reason'), reason), field(t('bd.date'), date), outer,
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button', id: 'bd-save-button' }, t('bd.save'))));
  },

  /** The dry run's answer: pending, problems, or the impact; and whether saving is possible. */
  renderSave() {
    const box = this.root && this.root.querySelector('#bd-check');
    if (!box) return;
    const c = this.check;
    const parts = [];
    let state = 'none';
    if (this.saved && !this.steps.length) parts.push(h('p', { class: 'notice-ok', id: 'bd-saved', role: 'status' }, t('bd.saved', { n: num(this.saved.number) })));
    if (!c) parts.push(h('p', { class: 'muted' }, t('bd.check.none')));
    else if (c.pending) {
      state = 'pending';
      parts.push(h('p', { class: 'muted' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('bd.check.pending')));
    } else if (c.conflict) {
      state = 'conflict';
      parts.push(h('div', { class: 'notice notice-error', id: 'bd-conflict', role: 'alert' }, sinceView(c.conflict),
        h('button', { type: 'button', class: 'button button-small', id: 'bd-reload', onclick: () => this.load() }, t('bd.reload'))));
    } else if (c.error || c.fieldError) {
      state = 'error';
      parts.push(h('p', { class: 'notice notice-error', role: 'alert' }, c.error ? errorText(c.error) : c.fieldError.message));
    } else if (!c.valid) {
      state = 'invalid';
      parts.push(h('p', { class: 'bd-invalid', role: 'alert' }, t('bd.check.invalid', { n: num(c.problems.length) })),
        h('ul', { class: 'bd-problems', id: 'bd-problems' }, c.problems.map((p) => h('li', { 'data-kind': p.kind },
          h('button', { type: 'button', class: 'link-button', onclick: () => this.showProblem(p) }, problemWords(p)),
          p.cells && p.cells.length ? h('span', { class: 'muted' }, ' · ', p.cells.join(t('bd.sep'))) : null,
          problemWords(p) !== p.message ? h('span', { class: 'bd-problem-detail' }, p.message) : null))));
    } else {
      state = 'valid';
      parts.push(h('p', { class: 'bd-valid' }, t('bd.check.valid')),
        h('div', { id: 'bd-impact' }, impactView(c.impact, (code) => this.nameOf(code))));
    }
    const section = this.root.querySelector('#bd-save');
    section.dataset.state = state;
    section.setAttribute('aria-busy', String(state === 'pending' || !!this.saving));
    box.replaceChildren(...parts);
    const b = this.root.querySelector('#bd-save-button');
    b.disabled = !(this.steps.length && c && c.valid && !c.pending && !this.saving);
    b.textContent = this.saving ? t('bd.saving') : t('bd.save');
  },
};

/** A validation problem in the user's language by its kind, else the server's message. */
export function problemWords(p) {
  const k = 'bd.problem.' + p.kind;
  const w = t(k);
  return w === k ? p.message : w;
}
