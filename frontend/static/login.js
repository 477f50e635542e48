// The login dialog: a centred card on desktops, a bottom sheet on phones so
// that the fields and the button sit under the thumb. Every refusal the
// server can give has its own message.

import { t, clock, onLangChange, applyStatic } from './i18n.js';
import { h } from './dom.js';
import { login } from './session.js';

/** The dialog; open() shows it, onDone(me) runs after a successful login. */
export class LoginDialog {
  constructor({ onDone }) {
    this.onDone = onDone;
    this.user = h('input', {
      id: 'login-username', name: 'username', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false',
      enterkeyhint: 'next', required: true, 'aria-describedby': 'login-error',
    });
    this.pass = h('input', {
      id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', enterkeyhint: 'go',
      required: true, 'aria-describedby': 'login-error',
    });
    this.show = h('button', { type: 'button', class: 'password-show', 'aria-pressed': 'false', 'aria-controls': 'login-password', onclick: () => this.toggleShow() });
    this.error = h('p', { id: 'login-error', class: 'notice notice-error login-error', role: 'alert', hidden: true });
    this.submit = h('button', { type: 'submit', id: 'login-submit', class: 'button button-block', 'data-i18n': 'auth.submit' });
    this.form = h('form', { id: 'login-form', class: 'login-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); this.send(); } },
      h('p', { class: 'login-lead muted', 'data-i18n': 'auth.lead' }),
      h('label', { for: 'login-username', 'data-i18n': 'auth.username' }), this.user,
      h('label', { for: 'login-password', 'data-i18n': 'auth.password' }), h('div', { class: 'password' }, this.pass, this.show),
      this.error, this.submit);
    this.dlg = h('dialog', { id: 'login', class: 'dialog dialog-login', 'aria-labelledby': 'login-title' },
      h('div', { class: 'dialog-head' },
        h('h2', { id: 'login-title', 'data-i18n': 'auth.title' }),
        h('button', { type: 'button', class: 'icon-button', 'data-i18n-attr': 'aria-label:panel.close,title:panel.close', onclick: () => this.dlg.close() },
          h('span', { 'aria-hidden': 'true' }, '×'))),
      h('div', { class: 'dialog-body' }, this.form));
    // A press on the backdrop (outside the card) closes it, as Escape does.
    this.dlg.addEventListener('click', (e) => { if (e.target === this.dlg) this.dlg.close(); });
    document.body.append(this.dlg);
    this.relabel();
    onLangChange(() => this.relabel());
  }

  relabel() {
    applyStatic(this.dlg);
    this.show.textContent = t(this.pass.type === 'password' ? 'auth.show' : 'auth.hide');
    if (this.lastError && !this.error.hidden) this.error.textContent = this.message(this.lastError);
  }

  open() {
    this.setError(null);
    this.pass.value = '';
    if (!this.dlg.open) this.dlg.showModal();
    (this.user.value ? this.pass : this.user).focus();
  }

  toggleShow() {
    const showing = this.pass.type === 'text';
    this.pass.type = showing ? 'password' : 'text';
    this.show.setAttribute('aria-pressed', String(!showing));
    this.relabel();
  }

  setError(err) {
    this.lastError = err;
    this.error.hidden = !err;
    this.error.textContent = err ? this.message(err) : '';
    this.dlg.dataset.error = err ? this.kind(err) : '';
    if (err) this.error.scrollIntoView({ block: 'nearest' });
  }

  /** What went wrong, as one word for tests and styles. */
  kind(err) {
    if (err.local) return 'missing';
    if (err.status === 0) return 'network';
    if (err.code === 'locked') return 'locked';
    if (err.code === 'rate_limited') return 'rate_limited';
    if (err.status === 403) return 'disabled';
    if (err.status === 400 && err.field === 'username') return 'username'; // one no account can have
    if (err.status === 401) return 'wrong';
    return 'other';
  }

  message(err) {
    const until = err.retryAfter != null ? clock(new Date(Date.now() + err.retryAfter * 1000)) : '';
    switch (this.kind(err)) {
      case 'missing': return t(err.local);
      case 'network': return t('auth.network');
      case 'locked': return until ? t('auth.locked', { time: until }) : t('auth.lockedNoTime');
      case 'rate_limited': return until ? t('auth.rateLimited', { time: until }) : t('auth.rateLimitedNoTime');
      case 'disabled': return t('auth.disabled');
      case 'username': return err.message; // the server's, in the caller's language
      // The same for an unknown username: the server does not tell which exist.
      case 'wrong': return t('auth.wrong');
      default: return t('auth.failed', { status: err.status });
    }
  }

  async send() {
    const username = this.user.value.trim();
    const password = this.pass.value;
    if (!username || !password) {
      this.setError({ local: username ? 'auth.needPassword' : 'auth.needUsername' });
      (username ? this.pass : this.user).focus();
      return;
    }
    this.submit.disabled = true;
    this.dlg.setAttribute('aria-busy', 'true');
    try {
      const me = await login(username, password);
      this.pass.value = '';
      this.setError(null);
      this.dlg.close();
      this.onDone(me);
    } catch (err) {
      this.setError(err);
      if (this.kind(err) === 'wrong') {
        this.pass.select();
        this.pass.focus();
      }
    } finally {
      this.submit.disabled = false;
      this.dlg.removeAttribute('aria-busy');
    }
  }
}
