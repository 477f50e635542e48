// 修改密码: any user changes their own password from the account menu,
// giving the current one. The server then ends their other logins and
// revokes their API tokens; this session stays.

import { api } from './api.js';
import { t, clock } from './i18n.js';
import { h } from './dom.js';
import { errorText, field, fieldError, modal } from './ui.js';

const MIN_PASSWORD = 10;

/** Opens the form; onDone() runs after the server accepted the new password. */
export function openPasswordForm({ onDone }) {
  const input = (name, autocomplete) => h('input', { id: 'pw-' + name, name, type: 'password', autocomplete, required: true });
  const current = input('current_password', 'current-password');
  const next = input('new_password', 'new-password');
  const again = input('repeat', 'new-password');
  const error = h('p', { class: 'notice notice-error form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button', id: 'pw-submit' }, t('password.submit'));
  const form = h('form', { class: 'form', id: 'password-form', novalidate: true },
    h('p', { class: 'muted form-static' }, t('password.lead')),
    field(t('password.current'), current),
    field(t('password.new'), next, t('password.newHint', { n: MIN_PASSWORD })),
    field(t('password.repeat'), again),
    error,
    h('div', { class: 'form-actions' }, submit,
      h('button', { type: 'button', class: 'button button-quiet', onclick: () => dlg.close() }, t('form.cancel'))));
  form.addEventListener('input', () => fieldError(form, '', ''));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    fieldError(form, '', '');
    error.hidden = true;
    if (!current.value) return fieldError(form, 'current_password', t('password.err.current'));
    if ([...next.value].length < MIN_PASSWORD) return fieldError(form, 'new_password', t('password.err.short', { n: MIN_PASSWORD }));
    if (next.value === current.value) return fieldError(form, 'new_password', t('password.err.same'));
    if (again.value !== next.value) return fieldError(form, 'repeat', t('password.err.repeat'));
    submit.disabled = true;
    try {
      await api.changePassword(current.value, next.value);
      dlg.close();
      onDone();
    } catch (err) {
      const msg = refusal(err);
      if (err.status === 400 && ['current_password', 'new_password'].includes(err.field)) fieldError(form, err.field, msg);
      else {
        error.hidden = false;
        error.textContent = msg;
      }
    } finally {
      submit.disabled = false;
    }
  });
  const dlg = modal(t('password.title'), form);
  dlg.id = 'password-dialog';
  current.focus();
}

/** Words for the server's refusal. */
function refusal(err) {
  if (err.code === 'locked') {
    return err.retryAfter != null ? t('password.err.locked', { time: clock(new Date(Date.now() + err.retryAfter * 1000)) }) : t('auth.lockedNoTime');
  }
  if (err.status === 400 && err.field === 'current_password') return t('password.err.wrong');
  if (err.status === 400 && err.field === 'new_password') return /differ|不能与/.test(err.message) ? t('password.err.same') : t('password.err.short', { n: MIN_PASSWORD });
  return errorText(err);
}
