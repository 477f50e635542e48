// 我的案件: a mediator's page of the incidents assigned to them (the server
// filters the list to them), each opening into its detail with the parties.

import { api } from './api.js';
import { t, num } from './i18n.js';
import { h } from './dom.js';
import { IncidentRow } from './incident.js';
import { deniedNotice, errorText, isDenied } from './ui.js';

const PAGE = 20;

export class CasesPage {
  /** onCell(code) shows an incident's cell on the map. */
  constructor({ onCell }) {
    this.onCell = onCell;
    this.filter = 'open';
    this.reset();
  }

  reset() {
    this.items = [];
    this.total = 0;
    this.state = 'idle';
    this.rows = new Map();
  }

  show(root) {
    this.root = root;
    this.reset();
    this.render();
    this.load();
  }

  async load() {
    const filter = this.filter;
    this.state = 'loading';
    this.renderList();
    try {
      const page = await api.incidents({ status: filter === 'open' ? 'open' : '', limit: PAGE, offset: this.items.length });
      if (filter !== this.filter) return;
      this.items = this.items.concat(page.incidents || []);
      this.total = page.total;
      this.state = 'ok';
    } catch (err) {
      if (filter !== this.filter) return;
      this.state = 'error';
      this.error = err;
    }
    this.renderList();
  }

  /** After an incident write: the list's count afresh, in place (the rows stay). */
  async refreshCount() {
    if (!this.root || !this.root.isConnected || this.root.hidden || this.state !== 'ok') return;
    const filter = this.filter;
    try {
      const page = await api.incidents({ status: filter === 'open' ? 'open' : '', limit: 1 });
      if (filter !== this.filter || this.state !== 'ok') return;
      this.total = page.total;
      const count = this.root.querySelector('#cases-count');
      if (count) count.textContent = t('list.total', { total: num(this.total) });
    } catch {
      // the count shown stays
    }
  }

  setFilter(f) {
    if (f === this.filter) return;
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
      h('div', { id: 'cases-list' })));
    this.renderList();
  }

  renderList() {
    const box = this.root && this.root.querySelector('#cases-list');
    if (!box) return;
    this.root.querySelector('#cases-count').textContent = this.state === 'ok' || this.items.length ? t('list.total', { total: num(this.total) }) : '';
    let foot = null;
    if (this.state === 'loading') foot = h('p', { class: 'muted' }, t('list.loading'));
    else if (this.state === 'error' && isDenied(this.error)) foot = deniedNotice(this.error, t('what.incidents'));
    else if (this.state === 'error') {
      foot = h('p', { class: 'notice notice-error' }, errorText(this.error), ' ',
        h('button', { type: 'button', class: 'button button-small', onclick: () => this.load() }, t('list.retry')));
    } else if (this.items.length < this.total) {
      foot = h('button', { type: 'button', class: 'button button-more', onclick: () => this.load() },
        t('list.more', { shown: num(this.items.length), total: num(this.total) }));
    } else if (this.state === 'ok' && !this.items.length) foot = h('p', { class: 'muted' }, t('cases.none'));
    const rows = this.items.map((i) => {
      let row = this.rows.get(i.id);
      if (!row) this.rows.set(i.id, (row = new IncidentRow(i, { onCell: this.onCell })));
      return row.render();
    });
    box.replaceChildren(rows.length ? h('ul', { class: 'list list-incidents list-cases' }, rows) : '', foot || '');
  }
}
