// The notification bell in the header: the unread count of the user's own
// notifications (a case assigned, returned, an @mention, overdue, a 回访
// due), a list
// of the newest, each marked read when opened, and "mark all read". It
// asks the server when the user logs in, when the list opens and every
// minute while the page is visible; nothing is asked of the user.

import { api } from './api.js';
import { t, dateTime, onLangChange } from './i18n.js';
import { h } from './dom.js';

export class Bell {
  /** button: the bell; count: its badge; list: the popover; onOpen(incidentID) opens a case. */
  constructor(button, count, list, onOpen) {
    Object.assign(this, { button, count, list, onOpen, on: false, timer: 0 });
    button.addEventListener('click', () => (list.hidden ? this.open() : this.close()));
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !list.hidden) { this.close(); button.focus(); } });
    // The language button leaves the list open: it and the bell's name follow the language.
    onLangChange(() => {
      if (!this.last) return;
      this.show(this.last.unread);
      if (!list.hidden) this.render(this.last);
    });
  }

  /**
   * Starts (a user is logged in) or stops the bell; a session standing in
   * with no network (reason 'offline') has no bell until the server confirms it.
   */
  setUser(user, reason) {
    this.on = !!user && reason !== 'offline';
    this.button.hidden = !this.on;
    clearInterval(this.timer);
    this.close();
    if (!this.on) return;
    this.refresh();
    this.timer = setInterval(() => { if (!document.hidden) this.refresh(); }, 60000);
  }

  async refresh() {
    // Offline (a phone's kept session) the count waits for the network: no failed request.
    if (!this.on || !navigator.onLine) return null;
    let page;
    try {
      page = await api.notifications();
    } catch {
      return null;
    }
    this.last = page;
    this.show(page.unread);
    return page;
  }

  show(unread) {
    // The name says what the badge shows (99+ past 99), as screen readers
    // and voice control expect of a labelled control.
    const shown = unread > 99 ? '99+' : String(unread);
    this.count.textContent = unread > 0 ? shown : '';
    this.count.hidden = !(unread > 0);
    this.button.setAttribute('aria-label', t('notify.bell', { n: shown }));
    this.button.title = t('notify.bell', { n: shown });
  }

  async open() {
    this.list.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    this.list.replaceChildren(h('p', { class: 'bell-empty' }, t('page.loading')));
    const page = await this.refresh();
    if (!page) {
      this.list.replaceChildren(h('p', { class: 'bell-empty' }, t('error.network')));
      return;
    }
    this.render(page);
  }

  close() {
    this.list.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
  }

  render(page) {
    const items = page.items.map((n) => h('li', { class: n.read_at ? 'bell-item' : 'bell-item unread', dataset: { id: n.id } },
      h('button', { type: 'button', class: 'bell-link', onclick: () => this.pick(n) },
        h('span', { class: 'bell-kind' }, t('notify.kind.' + n.kind), n.stage ? ` · ${t('status.' + n.stage)}` : ''),
        h('span', { class: 'bell-case' }, n.incident_id ? t('search.incident', { id: n.incident_id }) : ''),
        h('time', { class: 'bell-time', datetime: n.created_at }, dateTime(n.created_at)))));
    this.list.replaceChildren(
      h('div', { class: 'bell-head' },
        h('h2', {}, t('notify.title')),
        h('button', { type: 'button', class: 'bar-button bell-all', disabled: page.unread === 0, onclick: () => this.readAll() }, t('notify.readAll'))),
      items.length ? h('ul', { class: 'bell-items' }, ...items) : h('p', { class: 'bell-empty' }, t('notify.none')));
  }

  async pick(n) {
    if (!n.read_at) {
      try {
        await api.readNotification(n.id);
      } catch { /* opening the case matters more */ }
    }
    this.close();
    this.refresh();
    if (n.incident_id) this.onOpen(n.incident_id);
  }

  async readAll() {
    try {
      await api.readAllNotifications();
    } catch {
      return;
    }
    this.open();
  }
}
