// 我的案件: a mediator's page of the incidents assigned to them (the server
// filters the list to them), each opening into its detail with the parties.
// Its filter (未办结 or 全部) lives in the URL hash as the work list's do
// (#/cases, #/cases?status=all), so that back and forward step through it
// and a reload keeps it.

import { api } from './api.js';
import { t, num } from './i18n.js';
import { h } from './dom.js';
import { incidentList } from './incident.js';
import { errorText } from './ui.js';
import { confirm, current } from './session.js';
import * as outbox from './outbox.js';

const PAGE = 20;

/** The filter the URL hash names: 'all' for #/cases?status=all, else 'open'. */
function hashFilter() {
  const m = location.hash.match(/^#\/cases\??(.*)$/);
  return new URLSearchParams(m ? m[1] : '').get('status') === 'all' ? 'all' : 'open';
}

/** The hash of filter f. */
function filterHash(f) {
  return f === 'all' ? '#/cases?status=all' : '#/cases';
}

export class CasesPage {
  /** onCell(code) shows an incident's cell on the map. */
  constructor({ onCell }) {
    this.onCell = onCell;
    this.filter = hashFilter();
    this.queue = []; // the mediator's writes made offline, still on the phone
    this.flagged = new Set(); // the queue's conflicts already shown in their case's row
    this.reset();
    outbox.onChange(() => this.loadQueue());
  }

  reset() {
    this.items = [];
    this.total = 0;
    this.state = 'idle';
    this.rows = new Map();
    this.seq = (this.seq || 0) + 1; // a load for a list shown before is dropped
  }

  show(root) {
    this.root = root;
    this.filter = hashFilter();
    this.reset();
    this.render();
    this.load();
    this.loadQueue();
  }

  /** The writes made offline on this phone (moves, mediation records), unless sent: a conflict shows here, never dropped. */
  async loadQueue() {
    if (!this.root || !this.root.isConnected) return;
    const me = current();
    try {
      this.queue = me ? (await outbox.list(me.user.id)).filter((i) => i.kind !== 'report' && i.state !== 'draft') : [];
    } catch {
      this.queue = []; // no IndexedDB: nothing was queued
    }
    this.renderQueue();
    this.flagConflicts();
  }

  /**
   * A queued move refused as overtaken shows in its case's row too, once:
   * the list above may be out of view by then, the row is where the
   * mediator pressed the button.
   */
  flagConflicts() {
    for (const i of this.queue) {
      if (i.kind !== 'move' || i.state !== 'failed' || i.error.status !== 409 || this.flagged.has(i.id)) continue;
      const row = this.rows.get(i.move.n);
      if (!row || !row.el || !row.el.isConnected) continue;
      this.flagged.add(i.id);
      row.overtaken(conflictText(i));
    }
  }

  renderQueue() {
    const box = this.root && this.root.querySelector('#outbox');
    if (!box) return;
    box.hidden = !this.queue.length;
    const why = (i) => {
      if (i.state === 'sent') return i.kind === 'move' ? t('incident.moved', { status: t('status.' + i.move.to) }) : t('mediation.saved');
      if (i.state === 'failed' && i.error.status === 409) return conflictText(i);
      if (i.state === 'failed') return t('outbox.failedWhy', { msg: errorText(i.error) });
      if (i.state === 'queued' && i.error && i.error.status !== 0) return t('outbox.queuedAgain', { msg: errorText(i.error) });
      if (i.state === 'queued') return t(navigator.onLine === false || (i.error && i.error.status === 0) ? 'outbox.queuedOffline' : 'outbox.queuedSoon');
      return t('outbox.state.' + i.state);
    };
    const title = (i) => (i.kind === 'move'
      ? t('outbox.move', { n: i.move.n, from: t('status.' + i.move.from), to: t('status.' + i.move.to), summary: i.form.summary || '' })
      : t('outbox.mediation', { n: i.mediation.n, summary: i.form.summary || '' }));
    box.replaceChildren(h('h3', {}, t('outbox.title')),
      h('ul', { class: 'list outbox-list' }, this.queue.map((i) => h('li', { class: 'outbox-item', 'data-item': i.id, 'data-state': i.state },
        h('div', { class: 'outbox-head' },
          h('span', { class: `badge outbox-state outbox-${i.state}` }, t('outbox.state.' + i.state)),
          h('strong', {}, title(i))),
        h('p', { class: i.state === 'failed' ? 'outbox-why field-error-text' : 'muted outbox-why', role: i.state === 'failed' ? 'alert' : null }, why(i)),
        h('div', { class: 'outbox-actions' },
          // A conflict retried would conflict again: the user opens the case instead.
          i.state === 'queued' || (i.state === 'failed' && i.error.status !== 409) ? h('button', { type: 'button', class: 'button button-small', 'data-action': 'retry', onclick: async () => { await confirm(); await outbox.send(i.id); } }, t('outbox.retry')) : null,
          i.state !== 'sending' ? h('button', { type: 'button', class: 'button button-small button-danger', 'data-action': 'delete', onclick: () => outbox.remove(i.id) }, t(i.state === 'sent' ? 'outbox.clear' : 'outbox.delete')) : null)))));
  }

  async load() {
    const { filter, seq } = this;
    this.state = 'loading';
    this.renderList();
    try {
      const page = await api.incidents({ status: filter === 'open' ? 'open' : '', limit: PAGE, offset: this.items.length });
      if (seq !== this.seq) return;
      this.items = this.items.concat(page.incidents || []);
      this.total = page.total;
      this.state = 'ok';
    } catch (err) {
      if (seq !== this.seq) return;
      this.state = 'error';
      this.error = err;
    }
    this.renderList();
  }

  /** After an incident write: the list's count afresh, in place (the rows stay). */
  async refreshCount() {
    if (!this.root || !this.root.isConnected || this.root.hidden || this.state !== 'ok') return;
    const { filter, seq } = this;
    try {
      const page = await api.incidents({ status: filter === 'open' ? 'open' : '', limit: 1 });
      if (seq !== this.seq || this.state !== 'ok') return;
      this.total = page.total;
      const count = this.root.querySelector('#cases-count');
      if (count) count.textContent = t('list.total', { total: num(this.total) });
    } catch {
      // the count shown stays
    }
  }

  /** Shows filter f: a new history entry, and the list afresh. */
  setFilter(f) {
    if (f === this.filter) return;
    history.pushState(null, '', filterHash(f));
    this.filter = f;
    this.reset();
    this.render();
    this.load();
  }

  /** The hash changed while the page is shown (back, forward, a link): the list of its filter. */
  onHash() {
    const f = hashFilter();
    if (f === this.filter && this.state !== 'idle') return;
    this.filter = f;
    this.reset();
    this.render();
    this.load();
  }

  render() {
    const seg = (f) => h('button', { type: 'button', class: 'segment', 'aria-pressed': String(this.filter === f), onclick: () => this.setFilter(f) }, t('cases.' + f));
    this.root.replaceChildren(h('div', { class: 'page-inner' },
      h('div', { class: 'page-head' },
        h('h2', { class: 'page-title', id: 'page-title' }, t('view.cases')),
        h('p', { class: 'muted' }, t('cases.lead'))),
      h('div', { class: 'segments', role: 'group', 'aria-label': t('cases.filter') }, seg('open'), seg('all')),
      h('p', { class: 'list-count muted', id: 'cases-count', 'aria-live': 'polite' }),
      h('section', { id: 'outbox', class: 'outbox', hidden: true }),
      h('div', { id: 'cases-list' })));
    this.renderList();
    this.renderQueue();
  }

  renderList() {
    const box = this.root && this.root.querySelector('#cases-list');
    if (!box) return;
    this.root.querySelector('#cases-count').textContent = this.state === 'ok' || this.items.length ? t('list.total', { total: num(this.total) }) : '';
    box.replaceChildren(...incidentList(this, { onCell: this.onCell, more: () => this.load(), none: t('cases.none'), cls: 'list list-incidents list-cases' }));
  }
}

/** What a queued write refused as overtaken says: the status the case is in now. */
function conflictText(i) {
  return t('outbox.conflict', { status: t('status.' + (i.error.now || '')) });
}
