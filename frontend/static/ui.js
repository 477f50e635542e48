// Small pieces shared by the panels and pages: words for failed requests,
// refusals, form fields with their errors, and modal dialogs.

import { t } from './i18n.js';
import { h } from './dom.js';
import { role } from './session.js';

let loginHandler = () => {};

/** Sets what a "log in" button in a refusal does (app.js opens the login dialog). */
export function setLoginHandler(fn) {
  loginHandler = fn;
}

/** Opens the login dialog. */
export function requestLogin() {
  loginHandler();
}

/** Words for a failed request: no network, not logged in, not allowed, or the status. */
export function errorText(err) {
  if (!err) return '';
  // No answer: the phone offline says so; otherwise the server is out of reach (never "outside the town").
  if (err.status === 0) return t(navigator.onLine === false ? 'error.offline' : 'error.network');
  if (err.status === 401) return t('denied.login', { what: t('what.this') });
  if (err.status === 403) return t('denied.forbidden', { what: t('what.this') });
  if (err.status) return t('error.http', { status: err.status }) + (err.code !== 'http' && err.message ? ` (${err.message})` : '');
  return String((err && err.message) || err);
}

/**
 * Brings an error message just shown into view, next to the button that
 * caused it: after the microtasks already queued, which may still fill the
 * form above it.
 */
export function showError(el) {
  queueMicrotask(() => {
    if (el && el.isConnected && !el.hidden) el.scrollIntoView({ block: 'nearest' });
  });
}

/** Whether err is a refusal (401 or 403) rather than a failure worth retrying. */
export function isDenied(err) {
  return !!err && (err.status === 401 || err.status === 403);
}

/**
 * The notice for a refused read of what (e.g. t('what.residents')): a
 * prompt to log in for the anonymous, "无权查看" and why for everyone else.
 */
export function deniedNotice(err, what) {
  if (err.status === 401) {
    return h('div', { class: 'notice notice-login', 'data-denied': 'login' },
      h('span', {}, t('denied.login', { what })), ' ',
      h('button', { type: 'button', class: 'button button-small', onclick: () => requestLogin() }, t('auth.login')));
  }
  return h('div', { class: 'notice notice-denied', 'data-denied': 'forbidden', role: 'note' },
    h('strong', {}, t('denied.forbidden', { what })),
    h('span', { class: 'notice-hint' }, t('denied.hint.' + role())));
}

/** A labelled form field; the input must have an id. */
export function field(label, input, hint) {
  const id = input.id;
  if (hint) input.setAttribute('aria-describedby', id + '-hint');
  return h('div', { class: 'field', 'data-for': input.name || id },
    h('label', { for: id }, label), input,
    hint ? h('p', { class: 'field-hint', id: id + '-hint' }, hint) : null,
    h('p', { class: 'field-error', id: id + '-error', hidden: true }));
}

/** Shows msg under the form's field named name ("" clears every field's error). */
export function fieldError(form, name, msg) {
  for (const box of form.querySelectorAll('.field')) {
    const err = box.querySelector('.field-error');
    const input = box.querySelector('input, select, textarea, fieldset');
    const on = !!msg && box.dataset.for === name;
    err.hidden = !on;
    err.textContent = on ? msg : '';
    if (input) {
      if (on) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-errormessage', err.id);
      } else input.removeAttribute('aria-invalid');
    }
    if (on && input && input.focus) input.focus();
  }
}

/**
 * Opens a modal dialog with a title and body; returns the <dialog>, which
 * removes itself when closed. onClose runs after it closes.
 */
export function modal(title, body, { onClose, className = '' } = {}) {
  const dlg = h('dialog', { class: `dialog ${className}`, 'aria-labelledby': 'dialog-title' },
    h('div', { class: 'dialog-head' },
      h('h2', { id: 'dialog-title' }, title),
      h('button', { type: 'button', class: 'icon-button', 'aria-label': t('panel.close'), title: t('panel.close'), onclick: () => dlg.close() },
        h('span', { 'aria-hidden': 'true' }, '×'))),
    h('div', { class: 'dialog-body' }, body));
  dlg.addEventListener('close', () => {
    dlg.remove();
    if (onClose) onClose();
  });
  document.body.append(dlg);
  dlg.showModal();
  return dlg;
}
