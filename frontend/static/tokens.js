// API 令牌: a user's bearer tokens for QGIS and scripts. A new token's
// secret is shown once, with a copy button and how to use it.

import { api } from './api.js';
import { t, dateTime } from './i18n.js';
import { h } from './dom.js';
import { errorText, field, fieldError } from './ui.js';

const DAYS = [30, 90, 180, 365];

export class TokensPage {
  show(root) {
    this.root = root;
    this.tokens = null;
    this.created = null; // the answer to the last creation, secret included
    this.error = null;
    this.render();
    this.load();
  }

  async load() {
    try {
      // Newest first: the one just made on top.
      this.tokens = ((await api.tokens()).tokens || []).sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
      this.error = null;
    } catch (err) {
      this.error = err;
    }
    this.renderList();
  }

  render() {
    const name = h('input', { id: 'token-name', name: 'name', required: true, maxlength: '100', autocomplete: 'off', placeholder: t('tokens.namePlaceholder') });
    const days = h('select', { id: 'token-days', name: 'expires_in_days' },
      DAYS.map((d) => h('option', { value: d, selected: d === 90 }, t('tokens.days', { n: d }))));
    const form = h('form', { class: 'form form-inline', id: 'token-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); this.create(form); } },
      field(t('tokens.name'), name), field(t('tokens.expires'), days),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button' }, t('tokens.create'))),
      h('p', { class: 'notice notice-error form-error', role: 'alert', hidden: true }));
    this.root.replaceChildren(h('div', { class: 'page-inner' },
      h('div', { class: 'page-head' },
        h('h2', { class: 'page-title', id: 'page-title' }, t('view.tokens')),
        h('p', { class: 'muted' }, t('tokens.lead'))),
      h('section', { class: 'card-box' }, h('h3', {}, t('tokens.new')), form, h('div', { id: 'token-secret' })),
      h('section', { class: 'card-box' }, h('h3', {}, t('tokens.list')), h('div', { id: 'token-list' }))));
    this.renderSecret();
    this.renderList();
  }

  async create(form) {
    fieldError(form, '', '');
    const err = form.querySelector('.form-error');
    err.hidden = true;
    const name = form.elements.name.value.trim();
    if (!name) return fieldError(form, 'name', t('tokens.needName'));
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      this.created = await api.createToken(name, Number(form.elements.expires_in_days.value));
      form.elements.name.value = '';
      this.renderSecret();
      this.load();
      this.root.querySelector('#token-secret-value').focus();
    } catch (e) {
      if (e.field === 'name') fieldError(form, 'name', t('tokens.needName'));
      else {
        err.hidden = false;
        err.textContent = errorText(e);
      }
    } finally {
      button.disabled = false;
    }
  }

  renderSecret() {
    const box = this.root.querySelector('#token-secret');
    if (!box) return;
    const c = this.created;
    if (!c) return box.replaceChildren();
    const ogc = new URL('ogc', location.href.replace(/[#?].*$/, '')).href;
    const copied = h('span', { class: 'copied', role: 'status', 'aria-live': 'polite' });
    const value = h('input', { id: 'token-secret-value', class: 'secret code', readonly: true, value: c.token, 'aria-label': t('tokens.secret'), onfocus: (e) => e.target.select() });
    box.replaceChildren(h('div', { class: 'notice notice-secret', id: 'token-created' },
      h('p', {}, h('strong', {}, t('tokens.once', { name: c.name }))),
      h('div', { class: 'secret-row' }, value,
        h('button', { type: 'button', class: 'button', id: 'token-copy', onclick: () => copy(value, copied) }, t('tokens.copy')), copied),
      h('p', {}, t('tokens.qgis', { url: ogc })),
      h('pre', { class: 'code usage' }, `Authorization: Bearer ${c.token}`),
      h('p', { class: 'muted' }, t('tokens.curl')),
      h('pre', { class: 'code usage' }, `curl -H "Authorization: Bearer ${c.token}" ${ogc}/collections`)));
  }

  renderList() {
    const box = this.root && this.root.querySelector('#token-list');
    if (!box) return;
    if (this.error) return box.replaceChildren(h('p', { class: 'notice notice-error' }, errorText(this.error)));
    if (!this.tokens) return box.replaceChildren(h('p', { class: 'muted' }, t('list.loading')));
    if (!this.tokens.length) return box.replaceChildren(h('p', { class: 'muted' }, t('tokens.none')));
    const now = Date.now();
    const rows = this.tokens.map((k) => {
      const state = k.revoked_at ? 'revoked' : Date.parse(k.expires_at) <= now ? 'expired' : 'active';
      return h('tr', { 'data-token': k.id, 'data-state': state },
        h('th', { scope: 'row' }, k.name),
        h('td', { 'data-label': t('tokens.created') }, dateTime(k.created_at)),
        h('td', { 'data-label': t('tokens.expiresAt') }, dateTime(k.expires_at)),
        h('td', { 'data-label': t('tokens.lastUsed') }, k.last_used_at ? dateTime(k.last_used_at) : t('tokens.never')),
        h('td', { 'data-label': t('tokens.status') }, h('span', { class: `badge badge-token-${state}` }, t('tokens.state.' + state))),
        h('td', { class: 'actions' }, state !== 'active' ? '' : this.confirming === k.id
          ? [h('button', { type: 'button', class: 'button button-small button-danger', 'data-action': 'confirm-revoke', onclick: () => this.revoke(k) }, t('tokens.confirmRevoke')),
            h('button', { type: 'button', class: 'button button-small button-quiet', onclick: () => { this.confirming = null; this.renderList(); } }, t('form.cancel'))]
          : h('button', { type: 'button', class: 'button button-small button-quiet', 'data-action': 'revoke', onclick: () => { this.confirming = k.id; this.renderList(); } }, t('tokens.revoke'))));
    });
    box.replaceChildren(this.revokeError ? h('p', { class: 'notice notice-error', role: 'alert' }, errorText(this.revokeError)) : '',
      h('div', { class: 'table-wrap' }, h('table', { class: 'table table-stack', id: 'token-table' },
      h('thead', {}, h('tr', {}, ['tokens.name', 'tokens.created', 'tokens.expiresAt', 'tokens.lastUsed', 'tokens.status', 'tokens.actions']
        .map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, rows))));
  }

  async revoke(k) {
    this.confirming = null;
    this.revokeError = null;
    try {
      await api.revokeToken(k.id);
      if (this.created && this.created.id === k.id) {
        this.created = null;
        this.renderSecret();
      }
    } catch (err) {
      this.revokeError = err;
    }
    this.load();
  }
}

async function copy(input, status) {
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    // No clipboard API (plain http, old browser): select the text for Ctrl+C.
    input.focus();
    input.select();
    status.textContent = t('tokens.copyManual');
    return;
  }
  status.textContent = t('tokens.copied');
}
