// The account part of the header: a 登录 button for the anonymous; for a
// user the views of their role, their name and role, 修改密码 and 退出. Below
// 1180 px they fold into a menu under a button with the name.

import { t, onLangChange } from './i18n.js';
import { h } from './dom.js';
import { current, views, viewName } from './session.js';

const wide = window.matchMedia('(min-width: 1180px)');

export class Account {
  /** onLogin opens the login dialog; onLogout logs out; onPassword opens 修改密码. */
  constructor(root, { onLogin, onLogout, onPassword }) {
    this.root = root;
    this.loginButton = root.querySelector('#login-open');
    this.box = root.querySelector('#account');
    this.toggle = root.querySelector('#menu-toggle');
    this.menu = root.querySelector('#menu');
    this.nav = root.querySelector('#nav');
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
    onLangChange(() => this.render());
    this.render();
  }

  /** Marks the current view in the menu. */
  setView(view) {
    this.view = view;
    this.render();
  }

  isOpen() {
    return !wide.matches && this.toggle.getAttribute('aria-expanded') === 'true';
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
    if (!me) return;
    const name = me.user.name || me.user.username;
    this.root.querySelector('#user-name').textContent = name;
    this.root.querySelector('#user-role').textContent = t('role.' + me.role);
    this.root.querySelector('#menu-name').textContent = name;
    this.root.querySelector('#menu-role').textContent = t('role.' + me.role);
    this.toggle.setAttribute('aria-label', t('menu.label', { name, role: t('role.' + me.role) }));
    this.nav.replaceChildren(...views().map((v) => h('a', {
      href: '#/' + v, class: 'nav-link', 'data-view': v, 'aria-current': v === this.view ? 'page' : false,
    }, t(viewName(v)))));
  }
}
