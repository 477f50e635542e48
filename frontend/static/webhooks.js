// 推送设置: the admin's page of the units' own webhooks (a 村/社区's 企业微信
// or 钉钉 group robot, or a JSON receiver, that gets its cases'
// notifications besides the town's -notify-webhook) and the delivery log
// (推送记录): each message's time, webhook, state, attempts and last error,
// never its body, with 重试 for a failed one.

import { api } from './api.js';
import { t, dateTime } from './i18n.js';
import { h } from './dom.js';
import { errorText, field, fieldError } from './ui.js';

const FORMATS = ['wecom', 'dingtalk', 'json'];

export class WebhooksPage {
  /** units() lists the town's units ({code, name}). */
  constructor({ units }) {
    this.units = units;
  }

  show(root) {
    this.root = root;
    this.hooks = null;
    this.messages = null;
    this.error = null;
    this.render();
    this.load();
  }

  async load() {
    try {
      const [w, d] = await Promise.all([api.webhooks(), api.deliveries()]);
      this.hooks = w.webhooks || [];
      this.messages = d.messages || [];
      this.error = null;
    } catch (err) {
      this.error = err;
    }
    this.render();
  }

  unitName(code) {
    if (!code) return t('webhooks.town');
    const u = this.units().find((x) => x.code === code);
    return u ? u.name : code;
  }

  async save(form) {
    const unit = form.elements.unit.value;
    const body = { url: form.elements.url.value.trim(), format: form.elements.format.value };
    // The set URL is shown with the robot's key masked: left as shown, it is left out, and kept.
    const hook = (this.hooks || []).find((x) => x.unit === unit);
    if (hook && body.url === hook.url) delete body.url;
    const secret = form.elements.secret.value.trim();
    // A secret left empty keeps the one set before; 钉钉 only.
    if (body.format === 'dingtalk' && secret) body.secret = secret;
    if (body.format !== 'dingtalk') body.secret = '';
    fieldError(form, '');
    try {
      await api.setWebhook(unit, body);
    } catch (err) {
      // A field's error stays beside it, in the form as it is.
      if (err.field && form.querySelector(`.field[data-for="${err.field}"]`)) fieldError(form, err.field, errorText(err));
      else {
        this.error = err;
        this.render();
      }
      return;
    }
    this.saved = unit;
    await this.load();
  }

  /** Runs a write (a removal, a retry), then shows the page afresh, or why it failed. */
  async act(write) {
    let failed = null;
    try {
      await write();
    } catch (err) {
      failed = err;
    }
    await this.load();
    if (failed) {
      this.error = failed;
      this.render();
    }
  }

  form() {
    const units = this.units();
    const unit = h('select', { id: 'webhook-unit', name: 'unit' }, units.map((u) => h('option', { value: u.code }, u.name)));
    const url = h('input', { id: 'webhook-url', name: 'url', type: 'url', required: true, autocomplete: 'off', placeholder: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' });
    const format = h('select', { id: 'webhook-format', name: 'format' }, FORMATS.map((f) => h('option', { value: f }, t('webhooks.format.' + f))));
    const secret = h('input', { id: 'webhook-secret', name: 'secret', type: 'password', autocomplete: 'off' });
    const pick = () => {
      const hook = (this.hooks || []).find((x) => x.unit === unit.value);
      url.value = hook ? hook.url : '';
      format.value = hook ? hook.format : 'wecom';
      secret.value = '';
      secret.placeholder = hook && hook.secret ? t('webhooks.secretKept', { secret: hook.secret }) : '';
      secret.disabled = format.value !== 'dingtalk';
    };
    unit.addEventListener('change', pick);
    format.addEventListener('change', () => { secret.disabled = format.value !== 'dingtalk'; });
    const f = h('form', { class: 'form', id: 'webhook-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); this.save(f); } },
      field(t('webhooks.unit'), unit), field(t('webhooks.url'), url, t('webhooks.urlHint')),
      field(t('webhooks.formatLabel'), format), field(t('webhooks.secret'), secret, t('webhooks.secretHint')),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button button-primary', id: 'webhook-save' }, t('webhooks.save'))));
    if (this.saved) unit.value = this.saved;
    pick();
    return f;
  }

  hooksTable() {
    if (!this.hooks.length) return h('p', { class: 'muted', id: 'webhooks-none' }, t('webhooks.none'));
    return h('table', { class: 'table', id: 'webhooks-table' },
      h('thead', {}, h('tr', {}, ['webhooks.unit', 'webhooks.url', 'webhooks.formatLabel', 'webhooks.secret', 'webhooks.updated', ''].map((k) => h('th', { scope: 'col' }, k ? t(k) : '')))),
      h('tbody', {}, this.hooks.map((w) => h('tr', { 'data-unit': w.unit },
        h('td', { 'data-label': t('webhooks.unit') }, w.unit_name || w.unit),
        h('td', { 'data-label': t('webhooks.url'), class: 'webhook-url' }, w.url),
        h('td', { 'data-label': t('webhooks.formatLabel') }, t('webhooks.format.' + w.format)),
        h('td', { 'data-label': t('webhooks.secret') }, w.secret || '—'),
        h('td', { 'data-label': t('webhooks.updated') }, dateTime(w.updated_at)),
        h('td', {}, h('button', { type: 'button', class: 'button button-small', onclick: () => this.act(() => api.deleteWebhook(w.unit)) }, t('webhooks.remove')))))));
  }

  deliveriesTable() {
    if (!this.messages.length) return h('p', { class: 'muted', id: 'deliveries-none' }, t('webhooks.noDeliveries'));
    const state = (m) => (m.delivered_at ? 'delivered' : m.failed ? 'failed' : 'pending');
    return h('table', { class: 'table', id: 'deliveries-table' },
      h('thead', {}, h('tr', {}, ['webhooks.at', 'webhooks.target', 'webhooks.state', 'webhooks.attempts', 'webhooks.lastError', ''].map((k) => h('th', { scope: 'col' }, k ? t(k) : '')))),
      h('tbody', {}, this.messages.map((m) => {
        const last = m.deliveries.length ? m.deliveries[m.deliveries.length - 1] : null;
        const s = state(m);
        return h('tr', { 'data-outbox': m.id, 'data-state': s, 'data-target': m.target },
          h('td', { 'data-label': t('webhooks.at') }, dateTime(last ? last.at : m.created_at)),
          h('td', { 'data-label': t('webhooks.target') }, this.unitName(m.target)),
          h('td', { 'data-label': t('webhooks.state') }, h('span', { class: `badge badge-delivery-${s}` }, t('webhooks.state.' + s))),
          h('td', { 'data-label': t('webhooks.attempts') }, String(m.attempts)),
          h('td', { 'data-label': t('webhooks.lastError') }, last && last.error ? `${last.status ? last.status + ' ' : ''}${last.error}` : '—'),
          h('td', {}, s === 'failed' ? h('button', { type: 'button', class: 'button button-small', onclick: () => this.act(() => api.retryDelivery(m.id)) }, t('webhooks.retry')) : null));
      })));
  }

  render() {
    if (!this.root) return;
    const notice = this.error ? h('p', { class: 'notice notice-error', role: 'alert' }, errorText(this.error)) : null;
    const ready = this.hooks && this.messages;
    this.root.replaceChildren(h('div', { class: 'page-inner page-wide' },
      h('div', { class: 'page-head' },
        h('h2', { class: 'page-title', id: 'page-title' }, t('view.webhooks')),
        h('p', { class: 'muted' }, t('webhooks.lead'))),
      notice,
      ready ? h('section', { 'aria-labelledby': 'webhooks-units' }, h('h3', { id: 'webhooks-units' }, t('webhooks.units')), this.hooksTable(), this.form()) : null,
      ready ? h('section', { 'aria-labelledby': 'webhooks-log' },
        h('h3', { id: 'webhooks-log' }, t('webhooks.log')),
        h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'button', id: 'deliveries-refresh', onclick: () => this.load() }, t('webhooks.refresh'))),
        this.deliveriesTable()) : h('p', { class: 'muted' }, t('list.loading'))));
  }
}
