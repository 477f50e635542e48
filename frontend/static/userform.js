// The form that creates or edits an account, in a dialog. The scope fields
// follow the role: cells for a grid worker, a unit for a unit cadre or a
// mediator (and the mediator record the account is), nothing otherwise.

import { api } from './api.js';
import { t } from './i18n.js';
import { h } from './dom.js';
import { errorText, field, fieldError, modal } from './ui.js';

export const ROLES = ['admin', 'leader', 'unit_cadre', 'grid_worker', 'mediator', 'viewer'];
const USERNAME = /^[A-Za-z0-9._-]{1,64}$/;
const MIN_PASSWORD = 10;

/**
 * Opens the form. user: the account to edit, or null to create one;
 * town: {units, cells} as property lists; onSaved(user) after the server
 * accepted it.
 */
export function openUserForm({ user, town, self, onSaved }) {
  const editing = !!user;
  const u = user || { role: 'grid_worker', cells: [], unit_code: '', mediator_id: 0 };
  const picked = new Set(u.cells || []);
  const units = [...town.units].sort((a, b) => (a.code < b.code ? -1 : 1));
  const firstUnit = u.unit_code || ((u.cells || [])[0] || '').slice(0, 12) || '';

  const input = (name, attrs = {}) => h('input', { id: 'uf-' + name, name, autocomplete: 'off', ...attrs });
  const username = editing ? null : input('username', { required: true, spellcheck: 'false', autocapitalize: 'none', maxlength: '64' });
  const name = input('name', { value: u.name || '', maxlength: '100' });
  const role = h('select', { id: 'uf-role', name: 'role' }, ROLES.map((r) => h('option', { value: r, selected: r === u.role }, t('role.' + r))));
  const unit = h('select', { id: 'uf-unit', name: 'unit_code' },
    h('option', { value: '' }, t('users.chooseUnit')),
    units.map((x) => h('option', { value: x.code, selected: x.code === firstUnit }, x.name)));
  const cellBox = h('fieldset', { id: 'uf-cells', name: 'cells', class: 'checks' });
  const picks = h('p', { class: 'field-hint', id: 'uf-picked', 'aria-live': 'polite' });
  const mediator = h('select', { id: 'uf-mediator', name: 'mediator_id' });
  const password = input('password', { type: 'password', autocomplete: 'new-password', minlength: String(MIN_PASSWORD), required: !editing });
  const disabled = h('input', { type: 'checkbox', id: 'uf-disabled', name: 'disabled', checked: !!u.disabled });
  const error = h('p', { class: 'notice notice-error form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button', id: 'uf-submit' }, t(editing ? 'form.save' : 'users.create'));

  const cellsField = field(t('users.cells'), cellBox);
  cellsField.append(picks);
  const unitField = field(t('users.unit'), unit);
  const mediatorField = field(t('users.mediator'), mediator, t('users.mediatorHint'));
  const form = h('form', { class: 'form', id: 'user-form', novalidate: true },
    editing ? h('p', { class: 'form-static' }, h('span', { class: 'muted' }, t('users.username')), ' ', h('strong', { class: 'code' }, u.username))
      : field(t('users.username'), username, t('users.usernameHint')),
    field(t('users.name'), name),
    field(t('users.role'), role),
    unitField, cellsField, mediatorField,
    // One's own password is changed with the current one (修改密码), which keeps this session.
    self ? h('p', { class: 'form-static muted', id: 'uf-self-password' }, t('users.selfPassword'))
      : field(t(editing ? 'users.resetPassword' : 'users.password'), password, t(editing ? 'users.resetHint' : 'users.passwordHint', { n: MIN_PASSWORD })),
    editing && !self ? h('div', { class: 'field field-check', 'data-for': 'disabled' }, disabled, h('label', { for: 'uf-disabled' }, t('users.disable')), h('p', { class: 'field-error', id: 'uf-disabled-error', hidden: true })) : null,
    error,
    h('div', { class: 'form-actions' }, submit,
      h('button', { type: 'button', class: 'button button-quiet', onclick: () => dlg.close() }, t('form.cancel'))));

  // The unit selector doubles as a filter for a grid worker's cells.
  const drawCells = () => {
    const list = town.cells.filter((c) => c.unit_code === unit.value);
    cellBox.replaceChildren(h('legend', { class: 'visually-hidden' }, t('users.cells')),
      ...(list.length ? list.map((c) => h('label', { class: 'check' },
        h('input', { type: 'checkbox', value: c.code, checked: picked.has(c.code), onchange: (e) => { if (e.target.checked) picked.add(c.code); else picked.delete(c.code); drawPicked(); } }),
        h('span', {}, c.name)))
        : [h('p', { class: 'muted' }, t('users.chooseUnitFirst'))]));
    drawPicked();
  };
  const drawPicked = () => {
    const names = [...picked].map((c) => (town.cells.find((x) => x.code === c) || { name: c }).name);
    picks.textContent = names.length ? t('users.picked', { n: names.length, names: names.join(t('list.sep')) }) : t('users.pickedNone');
  };
  let medSeq = 0;
  const drawMediators = async () => {
    const seq = ++medSeq;
    mediator.replaceChildren(h('option', { value: '0' }, t('users.noMediator')));
    if (!unit.value) return;
    try {
      const ms = (await api.mediators({ unit: unit.value })).mediators || [];
      if (seq !== medSeq) return;
      mediator.append(...ms.map((m) => h('option', { value: m.id, selected: m.id === u.mediator_id }, `${m.name} · ${m.role}`)));
    } catch { /* the account can be linked later */ }
  };
  const showScope = () => {
    const r = role.value;
    unitField.hidden = !['unit_cadre', 'mediator', 'grid_worker'].includes(r);
    unitField.querySelector('label').textContent = t(r === 'grid_worker' ? 'users.cellsUnit' : 'users.unit');
    cellsField.hidden = r !== 'grid_worker';
    mediatorField.hidden = r !== 'mediator';
    fieldError(form, '', '');
  };
  role.addEventListener('change', showScope);
  // A field's error goes once the field is changed.
  form.addEventListener('input', (e) => {
    const box = e.target.closest('.field');
    if (box && !box.querySelector('.field-error').hidden) fieldError(form, '', '');
  });
  unit.addEventListener('change', () => { drawCells(); drawMediators(); });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    fieldError(form, '', '');
    error.hidden = true;
    const r = role.value;
    const body = {
      name: name.value.trim(), role: r,
      unit_code: r === 'unit_cadre' || r === 'mediator' ? unit.value : '',
      cells: r === 'grid_worker' ? [...picked].sort() : [],
      mediator_id: r === 'mediator' ? Number(mediator.value) || 0 : 0,
    };
    if (!editing) body.username = username.value.trim();
    if (!self && (password.value || !editing)) body.password = password.value;
    if (editing && !self) body.disabled = disabled.checked;
    const local = check(body, editing);
    if (local) return fieldError(form, local[0], local[1]);
    submit.disabled = true;
    try {
      const saved = editing ? await api.updateUser(u.id, body) : await api.createUser(body);
      dlg.close();
      onSaved(saved);
    } catch (err) {
      const msg = fieldMessage(err);
      if (msg && form.querySelector(`.field[data-for="${err.field}"]:not([hidden])`)) fieldError(form, err.field, msg);
      else {
        error.hidden = false;
        error.textContent = msg || errorText(err);
      }
    } finally {
      submit.disabled = false;
    }
  });

  const dlg = modal(t(editing ? 'users.editTitle' : 'users.newTitle', { name: u.username }), form, { className: 'dialog-wide' });
  dlg.id = 'user-dialog';
  showScope();
  drawCells();
  drawMediators();
  (username || name).focus();
}

/** The first problem the server would find, as [field, message], or null. */
function check(b, editing) {
  if (!editing && !USERNAME.test(b.username)) return ['username', t('users.err.username')];
  if ((b.role === 'unit_cadre' || b.role === 'mediator') && !b.unit_code) return ['unit_code', t('users.err.unit')];
  if (b.role === 'grid_worker' && !b.cells.length) return ['cells', t('users.err.cells')];
  if (b.password !== undefined && [...b.password].length < MIN_PASSWORD) return ['password', t('users.err.password', { n: MIN_PASSWORD })];
  return null;
}

/** Words for the server's refusal of a field, or "" when it names none we know. */
function fieldMessage(err) {
  if (err.status === 409) return t('users.err.taken');
  if (err.status !== 400) return '';
  if (err.field === 'role' && /own account|本人账号/.test(err.message)) return t('users.err.self');
  const key = { username: 'username', role: 'role', unit_code: 'unit', cells: 'cells', mediator_id: 'mediator', password: 'password' }[err.field];
  return key ? t('users.err.' + key, { n: MIN_PASSWORD }) : '';
}
