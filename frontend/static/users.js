// 用户管理: the admin's table of accounts, with their role, scope and
// status, and the actions to create, edit, disable and enable them; below
// it the login locks (locks.js).

import { api } from './api.js';
import { t } from './i18n.js';
import { h } from './dom.js';
import { current } from './session.js';
import { errorText } from './ui.js';
import { openUserForm } from './userform.js';
import { LoginLocks } from './locks.js';

export class UsersPage {
  /** town() returns {units, cells} as property lists. */
  constructor({ town }) {
    this.town = town;
  }

  show(root) {
    this.root = root;
    this.users = null;
    this.error = null;
    this.note = '';
    this.noteError = false;
    this.render();
    this.load();
  }

  async load() {
    try {
      // Mediator records name the mediator accounts' people; without them the ids show.
      const [users, meds] = await Promise.all([api.users(), this.mediators || api.mediators().catch(() => ({ mediators: [] }))]);
      this.mediators = meds;
      this.users = users.users || [];
      this.error = null;
    } catch (err) {
      this.error = err;
    }
    this.renderTable();
  }

  render() {
    this.root.replaceChildren(h('div', { class: 'page-inner page-wide' },
      h('div', { class: 'page-head page-head-row' },
        h('div', {},
          h('h2', { class: 'page-title', id: 'page-title' }, t('view.users')),
          h('p', { class: 'muted' }, t('users.lead'))),
        h('button', { type: 'button', class: 'button', id: 'user-new', onclick: () => this.edit(null) }, t('users.new'))),
      h('p', { class: `notice ${this.noteError ? 'notice-error' : 'notice-ok'}`, id: 'users-note', role: 'status', hidden: !this.note }, this.note),
      h('div', { id: 'users-table' }),
      h('section', { class: 'card-box', id: 'login-locks' })));
    this.renderTable();
    this.locks = new LoginLocks(this.root.querySelector('#login-locks'));
  }

  edit(user) {
    openUserForm({
      user, town: this.town(), self: !!user && user.id === current().user.id,
      onSaved: (u) => this.saved(u, user ? 'users.saved' : 'users.created'),
    });
  }

  saved(u, key) {
    this.note = t(key, { name: u.username });
    this.noteError = false;
    this.render();
    this.load();
  }

  async setDisabled(u, disabled) {
    try {
      const saved = await api.updateUser(u.id, { disabled });
      this.saved(saved, disabled ? 'users.disabledNote' : 'users.enabledNote');
    } catch (err) {
      this.note = errorText(err);
      this.noteError = true;
      this.render();
    }
  }

  renderTable() {
    const box = this.root && this.root.querySelector('#users-table');
    if (!box) return;
    if (this.error) return box.replaceChildren(h('p', { class: 'notice notice-error' }, errorText(this.error)));
    if (!this.users) return box.replaceChildren(h('p', { class: 'muted' }, t('list.loading')));
    const me = current().user.id;
    const rows = this.users.map((u) => {
      const state = status(u);
      return h('tr', { 'data-user': u.username, 'data-state': state },
        h('th', { scope: 'row', class: 'code' }, u.username),
        h('td', { 'data-label': t('users.name') }, u.name),
        h('td', { 'data-label': t('users.role') }, t('role.' + u.role)),
        h('td', { class: 'scope', 'data-label': t('users.scope') }, this.scope(u)),
        h('td', { 'data-label': t('users.status') }, h('span', { class: `badge badge-user-${state}` }, t('users.state.' + state))),
        h('td', { class: 'actions' },
          h('button', { type: 'button', class: 'button button-small button-quiet', 'data-action': 'edit', onclick: () => this.edit(u) }, t('users.edit')),
          u.id === me ? null : h('button', {
            type: 'button', class: `button button-small ${u.disabled ? 'button-quiet' : 'button-danger'}`, 'data-action': u.disabled ? 'enable' : 'disable',
            onclick: () => this.setDisabled(u, !u.disabled),
          }, t(u.disabled ? 'users.enable' : 'users.disableShort'))));
    });
    box.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { class: 'table table-stack', id: 'user-table' },
      h('caption', { class: 'visually-hidden' }, t('view.users')),
      h('thead', {}, h('tr', {}, ['users.username', 'users.name', 'users.role', 'users.scope', 'users.status', 'users.actions']
        .map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, rows))));
  }

  /** The account's area in words. */
  scope(u) {
    const { units, cells } = this.town();
    const unitName = (code) => (units.find((x) => x.code === code) || { name: code }).name;
    switch (u.role) {
      case 'admin': case 'leader': return t('scope.town');
      case 'unit_cadre': return unitName(u.unit_code);
      case 'mediator': {
        const m = u.mediator_id && ((this.mediators && this.mediators.mediators) || []).find((x) => x.id === u.mediator_id);
        return m ? t('scope.mediator', { unit: unitName(u.unit_code), name: m.name }) : unitName(u.unit_code);
      }
      case 'grid_worker': {
        const names = (u.cells || []).map((c) => (cells.find((x) => x.code === c) || { name: c }).name);
        return names.length <= 2 ? names.join(t('list.sep')) : h('span', { title: names.join(t('list.sep')) }, t('scope.cells', { n: names.length }));
      }
      default: return t('scope.none');
    }
  }
}

function status(u) {
  return u.disabled ? 'disabled' : 'active';
}
