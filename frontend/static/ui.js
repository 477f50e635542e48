// Small pieces shared by the panels and pages: words for failed requests,
// refusals, form fields with their errors, and modal dialogs; and the
// header's account part (Account). One module rather than two: on a weak
// link each module before the first map is a round trip more.

import { t, onLangChange } from './i18n.js';
import { h } from './dom.js';
import { role, current, views, viewName } from './session.js';

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

// The account part of the header: a 登录 button for the anonymous; for a
// user the views of their role, their name and role, 修改密码 and 退出. Below
// 1180 px they fold into a menu under a button with the name, and wider too
// where they do not fit beside the title and the search (the admin's
// thirteen views at 1366 px, English labels): the bar is then .is-folded.

const wide = window.matchMedia('(min-width: 1180px)');
// What the search keeps, at least, beside the inline views (the title,
// beside them, keeps all its width: pages.css).
const MIN_SEARCH = 200;

export class Account {
  /** onLogin opens the login dialog; onLogout logs out; onPassword opens 修改密码. */
  constructor(root, { onLogin, onLogout, onPassword }) {
    this.root = root;
    this.loginButton = root.querySelector('#login-open');
    this.box = root.querySelector('#account');
    this.toggle = root.querySelector('#menu-toggle');
    this.menu = root.querySelector('#menu');
    this.nav = root.querySelector('#nav');
    this.bar = root.closest('.bar');
    this.view = 'map';
    this.loginButton.addEventListener('click', onLogin);
    root.querySelector('#logout').addEventListener('click', () => { this.close(); onLogout(); });
    root.querySelector('#password-open').addEventListener('click', () => { this.close(); onPassword(); });
    this.toggle.addEventListener('click', () => this.setOpen(this.toggle.getAttribute('aria-expanded') !== 'true'));
    this.nav.addEventListener('click', (e) => { if (e.target.closest('a')) this.close(); });
    document.addEventListener('click', (e) => { if (!this.box.contains(e.target)) this.close(); });
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.isOpen()) {
        e.stopPropagation();
        this.close();
        this.toggle.focus();
      }
    }, true);
    wide.addEventListener('change', () => this.close());
    // Fitted again whenever the window (the bar) or what the account shows
    // changes width: the bell shown, a count, a name, the labels' font loaded.
    const sizes = new ResizeObserver(() => this.fit());
    sizes.observe(this.bar);
    sizes.observe(this.box);
    onLangChange(() => this.render());
    this.render();
  }

  /** Whether the views are in the menu, not inline in the bar. */
  folded() {
    return !wide.matches || this.bar.classList.contains('is-folded');
  }

  /** Folds the inline views into the menu where they would squeeze the search or overflow the bar. */
  fit() {
    const was = this.folded();
    this.bar.classList.remove('is-folded');
    if (wide.matches && !this.box.hidden) {
      const search = this.bar.querySelector('.search');
      const squeezed = (search.offsetParent !== null && search.clientWidth < MIN_SEARCH) || this.bar.scrollWidth > this.bar.clientWidth;
      this.bar.classList.toggle('is-folded', squeezed);
    }
    if (was !== this.folded()) this.close();
  }

  /** Marks the current view in the menu. */
  setView(view) {
    this.view = view;
    this.render();
  }

  isOpen() {
    return this.folded() && this.toggle.getAttribute('aria-expanded') === 'true';
  }

  setOpen(on) {
    this.toggle.setAttribute('aria-expanded', String(on));
    this.box.classList.toggle('is-open', on);
    if (on) {
      const first = this.menu.querySelector('a, button');
      if (first) first.focus();
    }
  }

  close() {
    if (this.toggle.getAttribute('aria-expanded') === 'true') this.setOpen(false);
  }

  render() {
    const me = current();
    this.loginButton.hidden = !!me;
    this.box.hidden = !me;
    document.body.dataset.role = me ? me.role : 'anonymous';
    if (!me) {
      this.fit();
      return;
    }
    const name = me.user.name || me.user.username;
    this.root.querySelector('#user-name').textContent = name;
    this.root.querySelector('#user-role').textContent = t('role.' + me.role);
    this.root.querySelector('#menu-name').textContent = name;
    this.root.querySelector('#menu-role').textContent = t('role.' + me.role);
    this.toggle.setAttribute('aria-label', t('menu.label', { name, role: t('role.' + me.role) }));
    this.nav.replaceChildren(...views().map((v) => h('a', {
      href: '#/' + v, class: 'nav-link', 'data-view': v, 'aria-current': v === this.view ? 'page' : false,
    }, t(viewName(v)))));
    this.fit();
  }
}
