// 审计日志: the admin's view of the append-only audit log, newest first,
// filtered by user, action, record and dates, a page at a time.

import { api } from './api.js';
import { t, num, dateTime } from './i18n.js';
import { h } from './dom.js';
import { errorText, field } from './ui.js';

const PAGE = 50;
const ACTIONS = ['login', 'login_failed', 'read_residents', 'read_incident', 'read_incident_events', 'read_incident_list', 'read_attachment_list', 'user_created', 'user_updated', 'token_created', 'token_revoked', 'export_residents', 'password_changed', 'login_locks_cleared'];

export class AuditPage {
  show(root) {
    this.root = root;
    this.filter = { user_id: '', action: '', record: '', from: '', to: '' };
    this.offset = 0;
    this.result = null;
    this.error = null;
    this.users = [];
    api.users().then((r) => { this.users = r.users || []; this.render(); }).catch(() => {});
    this.render();
    this.load();
  }

  async load() {
    const f = this.filter;
    this.loading = true;
    this.renderTable();
    try {
      // Dates are the town's (UTC+8); "to" includes its whole day.
      this.result = await api.audit({
        user_id: f.user_id, action: f.action, record: f.record.trim(),
        from: f.from, to: f.to && nextDay(f.to), limit: PAGE, offset: this.offset,
      });
      this.error = null;
    } catch (err) {
      this.error = err;
    }
    this.loading = false;
    this.renderTable();
  }

  render() {
    const f = this.filter;
    const sel = (name, options) => h('select', { id: 'audit-' + name, name }, options);
    const user = sel('user_id', [h('option', { value: '' }, t('audit.anyUser')),
      this.users.map((u) => h('option', { value: u.id, selected: String(u.id) === f.user_id }, `${u.username} · ${u.name}`))]);
    const action = sel('action', [h('option', { value: '' }, t('audit.anyAction')),
      ACTIONS.map((a) => h('option', { value: a, selected: a === f.action }, actionLabel(a)))]);
    const record = h('input', { id: 'audit-record', name: 'record', value: f.record, placeholder: 'cell:500110119001001', spellcheck: 'false' });
    const from = h('input', { id: 'audit-from', name: 'from', type: 'date', value: f.from });
    const to = h('input', { id: 'audit-to', name: 'to', type: 'date', value: f.to });
    const form = h('form', { class: 'form filters', id: 'audit-filters', onsubmit: (e) => {
      e.preventDefault();
      this.filter = { user_id: user.value, action: action.value, record: record.value, from: from.value, to: to.value };
      this.offset = 0;
      this.load();
    } },
    field(t('audit.user'), user), field(t('audit.action'), action), field(t('audit.record'), record),
    field(t('audit.from'), from), field(t('audit.to'), to),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button' }, t('audit.apply'))));
    this.root.replaceChildren(h('div', { class: 'page-inner page-wide' },
      h('div', { class: 'page-head' },
        h('h2', { class: 'page-title', id: 'page-title' }, t('view.audit')),
        h('p', { class: 'muted' }, t('audit.lead'))),
      form, h('div', { id: 'audit-table' })));
    this.renderTable();
  }

  renderTable() {
    const box = this.root && this.root.querySelector('#audit-table');
    if (!box) return;
    if (this.error) return box.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert' }, errorText(this.error)));
    if (!this.result) return box.replaceChildren(h('p', { class: 'muted' }, t('list.loading')));
    const { entries = [], total = 0 } = this.result;
    const rows = entries.map((e) => h('tr', { 'data-action': e.action },
      h('td', { class: 'nowrap', 'data-label': t('audit.at') }, dateTime(e.at, true)),
      h('td', { 'data-label': t('audit.user') }, e.username || '—'),
      h('td', { 'data-label': t('audit.action') }, h('span', { class: `badge badge-action badge-action-${e.action}` }, actionLabel(e.action))),
      h('td', { class: 'code', 'data-label': t('audit.record') }, e.record),
      h('td', { class: 'code', 'data-label': t('audit.remote') }, e.remote),
      h('td', { 'data-label': t('audit.detail') }, e.detail)));
    const first = total ? this.offset + 1 : 0;
    const last = this.offset + entries.length;
    box.replaceChildren(
      h('div', { class: 'pager' },
        h('span', { class: 'muted', id: 'audit-count', 'aria-live': 'polite' }, t('audit.range', { first: num(first), last: num(last), total: num(total) })),
        h('button', { type: 'button', class: 'button button-small button-quiet', disabled: this.loading || this.offset === 0, onclick: () => this.page(-1) }, t('audit.prev')),
        h('button', { type: 'button', class: 'button button-small button-quiet', disabled: this.loading || last >= total, onclick: () => this.page(1) }, t('audit.next'))),
      entries.length
        ? h('div', { class: 'table-wrap' }, h('table', { class: 'table table-stack', id: 'audit-entries', 'aria-busy': String(!!this.loading) },
          h('thead', {}, h('tr', {}, ['audit.at', 'audit.user', 'audit.action', 'audit.record', 'audit.remote', 'audit.detail']
            .map((k) => h('th', { scope: 'col' }, t(k))))),
          h('tbody', {}, rows)))
        : h('p', { class: 'muted' }, t('audit.none')));
  }

  page(dir) {
    this.offset = Math.max(0, this.offset + dir * PAGE);
    this.load();
  }
}

/** An action's name in words; unknown actions as they are. */
function actionLabel(a) {
  const label = t('action.' + a);
  return label === 'action.' + a ? a : label;
}

/** The day after a YYYY-MM-DD date, as YYYY-MM-DD. */
function nextDay(d) {
  const x = new Date(d + 'T00:00:00Z');
  x.setUTCDate(x.getUTCDate() + 1);
  return x.toISOString().slice(0, 10);
}
