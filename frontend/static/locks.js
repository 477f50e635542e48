// 登录锁定: on the admin's users page, the (username, address) pairs whose
// logins are refused after too many wrong passwords, each with 解除锁定.
// A lock holds for one address only: the account's owner elsewhere still
// logs in.

import { api } from './api.js';
import { t, dateTime, num } from './i18n.js';
import { h } from './dom.js';
import { errorText } from './ui.js';

export class LoginLocks {
  /** box: the element the section is drawn in. */
  constructor(box) {
    this.box = box;
    this.locks = null;
    this.error = null;
    this.note = '';
    this.render();
    this.load();
  }

  async load() {
    try {
      this.locks = (await api.loginLocks()).locks || [];
      this.error = null;
    } catch (err) {
      this.error = err;
    }
    this.render();
  }

  async clear(lock) {
    try {
      await api.clearLoginLocks(lock.username, lock.remote);
      this.note = t('locks.cleared', { name: lock.username, remote: lock.remote });
      this.noteError = false;
    } catch (err) {
      this.note = errorText(err);
      this.noteError = true;
    }
    await this.load();
  }

  render() {
    let body;
    if (this.error) body = h('p', { class: 'notice notice-error' }, errorText(this.error));
    else if (!this.locks) body = h('p', { class: 'muted' }, t('list.loading'));
    else if (!this.locks.length) body = h('p', { class: 'muted', id: 'locks-none' }, t('locks.none'));
    else {
      body = h('div', { class: 'table-wrap' }, h('table', { class: 'table table-stack', id: 'lock-table' },
        h('caption', { class: 'visually-hidden' }, t('locks.title')),
        h('thead', {}, h('tr', {}, ['users.username', 'locks.remote', 'locks.failures', 'locks.until', 'users.actions']
          .map((k) => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, this.locks.map((l) => h('tr', { 'data-user': l.username, 'data-remote': l.remote },
          h('th', { scope: 'row', class: 'code' }, l.username, l.account ? null : h('span', { class: 'muted' }, ' ', t('locks.noAccount'))),
          h('td', { class: 'code', 'data-label': t('locks.remote') }, l.remote),
          h('td', { 'data-label': t('locks.failures') }, num(l.failures)),
          h('td', { 'data-label': t('locks.until') }, dateTime(l.locked_until)),
          h('td', { class: 'actions' }, h('button', {
            type: 'button', class: 'button button-small', 'data-action': 'unlock', onclick: () => this.clear(l),
          }, t('locks.clear'))))))));
    }
    this.box.replaceChildren(
      h('h3', {}, t('locks.title')),
      h('p', { class: 'muted' }, t('locks.lead')),
      h('p', { class: `notice ${this.noteError ? 'notice-error' : 'notice-ok'}`, id: 'locks-note', role: 'status', hidden: !this.note }, this.note),
      body);
  }
}
