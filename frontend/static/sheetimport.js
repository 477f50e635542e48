// The people tabs of 数据导入 (居民, 网格员/调解员, 台账): an office's sheet
// through POST /api/import/{kind}, as "gridmap import residents|staff|
// incidents" reads it. 预检 sends a dry run, 导入 the commit; each runs as a
// job on the server, followed here (GET /api/import/jobs/{id}) with a
// progress bar until it finishes. The answer shows the counts, the row
// errors (row, column, message) and a link to the error sheet; headers the
// server did not understand can be mapped to fields, which the next 预检
// sends as map. The passwords of the accounts a staff import opened come
// once: they are shown with a warning to copy them, and never again.

import { api } from './api.js';
import { t, num } from './i18n.js';
import { h } from './dom.js';
import { errorText, field, fieldError } from './ui.js';

/** How often a running job is asked for its progress, in ms. */
const POLL_MS = 400;

export class SheetImport {
  constructor(kind) {
    this.kind = kind; // residents, staff or incidents
    this.file = null; // the chosen File
    this.mapping = new Map(); // header -> field ('' = not mapped)
    this.job = null; // the last job's answer
    this.checked = null; // the file and options of the last dry run that read the sheet
    this.error = null; // a refusal of the upload
    this.busy = false;
    this.accounts = []; // the accounts opened, with their passwords (kept only in this page)
    this.seq = 0;
  }

  show(root) {
    this.root = root;
    this.render();
  }

  /** Stops following a job when the page goes. */
  hide() {
    this.seq++;
    this.busy = false;
  }

  render() {
    if (!this.root) return;
    const k = this.kind;
    const file = h('input', { id: 'si-file', name: 'file', type: 'file', accept: '.xlsx,.csv' });
    file.addEventListener('change', () => {
      this.file = file.files[0] || null;
      this.checked = null;
      this.job = null;
      this.error = null;
      this.mapping.clear();
      this.renderResult();
      this.updateButtons();
    });
    const check = (name, label, hint) => {
      const el = h('input', { type: 'checkbox', id: 'si-' + name.replace('_', '-'), name });
      el.addEventListener('change', () => { this.checked = null; this.updateButtons(); });
      return h('div', { class: 'field si-check', 'data-for': name }, h('label', {}, el, ' ', label), hint ? h('p', { class: 'field-hint' }, hint) : null,
        h('p', { class: 'field-error', id: el.id + '-error', hidden: true }));
    };
    const old = this.root.querySelector('#si-form');
    const kept = old ? { skip: old.elements.skip_invalid.checked, accounts: old.elements.accounts ? old.elements.accounts.checked : false } : null;
    this.root.replaceChildren(h('div', { class: 'si', 'data-kind': k },
      h('p', { class: 'muted' }, t('si.lead.' + k)),
      h('div', { class: 'bd-grid si-grid' },
        h('section', { class: 'card-box', id: 'si-options', 'aria-labelledby': 'si-options-title' },
          h('h3', { id: 'si-options-title' }, t('si.options')),
          h('p', {}, h('a', { class: 'button button-quiet', id: 'si-template', href: `api/import/templates/${k}`, download: '' }, t('si.template')),
            h('span', { class: 'field-hint si-template-hint' }, t('si.template.hint'))),
          h('form', { class: 'form di-form', id: 'si-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); this.run(true); } },
            field(t('si.file'), file, t('si.file.hint')),
            check('skip_invalid', t('si.skip'), t('si.skip.hint')),
            k === 'staff' ? check('accounts', t('si.accounts'), t('si.accounts.hint')) : null,
            h('div', { id: 'si-mapping' }),
            h('div', { class: 'form-actions' },
              h('button', { type: 'submit', class: 'button', id: 'si-check' }, t('si.check')),
              h('button', { type: 'button', class: 'button button-quiet', id: 'si-commit', disabled: true, onclick: () => this.run(false) }, t('si.commit'))))),
        h('section', { class: 'card-box', id: 'si-result', 'aria-labelledby': 'si-result-title', 'aria-live': 'polite' }))));
    const form = this.root.querySelector('#si-form');
    if (old && old.elements.file.files[0]) form.elements.file.replaceWith(old.elements.file);
    if (kept) {
      form.elements.skip_invalid.checked = kept.skip;
      if (form.elements.accounts) form.elements.accounts.checked = kept.accounts;
    }
    this.renderMapping();
    this.renderResult();
    this.updateButtons();
  }

  options() {
    const form = this.root.querySelector('#si-form');
    return {
      skip: form.elements.skip_invalid.checked,
      accounts: !!(form.elements.accounts && form.elements.accounts.checked),
      map: [...this.mapping].filter(([, f]) => f).map(([col, f]) => `${col}=${f}`).join('\n'),
    };
  }

  /** The job's form: the file, the options, the mapping. */
  formData(dry) {
    const o = this.options();
    const fd = new FormData();
    fd.append('dry_run', String(dry));
    if (o.skip) fd.append('skip_invalid', 'true');
    if (o.accounts) fd.append('accounts', 'true');
    if (o.map) fd.append('map', o.map);
    fd.append('file', this.file, this.file.name);
    return fd;
  }

  /** 预检 (dry) or 导入: starts the job and follows it to its end. */
  async run(dry) {
    const form = this.root.querySelector('#si-form');
    fieldError(form, '', '');
    if (!this.file) return fieldError(form, 'file', t('si.file.required'));
    if (this.busy || (!dry && !this.canCommit())) return;
    const seq = ++this.seq;
    const sent = { file: this.file, ...this.options() };
    this.busy = true;
    this.error = null;
    this.job = null;
    this.updateButtons();
    this.renderResult();
    try {
      let job = await api.importSheet(this.kind, this.formData(dry));
      while (seq === this.seq && job.state === 'running') {
        this.job = job;
        this.renderProgress();
        await new Promise((r) => setTimeout(r, POLL_MS));
        job = await api.sheetJob(job.id);
      }
      if (seq !== this.seq) return;
      this.job = job;
      if (job.result && job.result.accounts.some((a) => a.password)) this.accounts = job.result.accounts;
      else if (!dry) this.accounts = [];
      this.checked = dry && job.state === 'done' ? sent : null;
      this.learnColumns(job);
    } catch (err) {
      if (seq !== this.seq) return;
      this.error = err;
      if (err.field && form.querySelector(`.field[data-for="${CSS.escape(err.field)}"]`)) fieldError(form, err.field, err.message);
    }
    this.busy = false;
    this.renderMapping();
    this.renderResult();
    this.updateButtons();
    this.root.querySelector('#si-result').scrollIntoView({ block: 'nearest' });
  }

  /** The headers the server did not understand become rows of the mapping. */
  learnColumns(job) {
    const unknown = job.result ? job.result.unknown : job.columns ? job.columns.unknown : [];
    for (const col of unknown) if (!this.mapping.has(col)) this.mapping.set(col, '');
  }

  /** Whether 导入 may be pressed: a dry run of this file with these options read it, and its rows are right (or skipped). */
  canCommit() {
    const c = this.checked;
    const r = this.job && this.job.dry_run && this.job.result;
    if (!c || !r || this.busy || c.file !== this.file) return false;
    const o = this.options();
    if (o.skip !== c.skip || o.accounts !== c.accounts || o.map !== c.map) return false;
    return r.invalid === 0 || o.skip;
  }

  updateButtons() {
    if (!this.root) return;
    const c = this.root.querySelector('#si-check');
    const b = this.root.querySelector('#si-commit');
    if (!c || !b) return;
    c.disabled = this.busy;
    c.textContent = this.busy && this.job && this.job.dry_run ? t('si.checking') : t('si.check');
    b.disabled = !this.canCommit();
  }

  /** The mapping of headers not understood: a select of the fields for each. */
  renderMapping() {
    const box = this.root && this.root.querySelector('#si-mapping');
    if (!box) return;
    if (!this.mapping.size) {
      box.replaceChildren();
      return;
    }
    const fields = (this.job && this.job.fields) || [];
    const missing = (this.job && this.job.columns && this.job.columns.missing) || [];
    box.replaceChildren(h('fieldset', { class: 'di-group si-map', id: 'si-map' },
      h('legend', {}, t('si.map')),
      h('p', { class: 'field-hint' }, t('si.map.hint')),
      missing.length ? h('p', { class: 'bd-invalid', id: 'si-missing' }, t('si.missing', { cols: missing.join('、') })) : null,
      [...this.mapping].map(([col, value], i) => {
        const sel = h('select', { id: `si-map-${i}`, name: 'map:' + col, 'data-column': col },
          h('option', { value: '' }, t('si.map.none')),
          fields.map((f) => h('option', { value: f.name, selected: f.name === value }, `${f.header}（${f.name}）${f.required ? ' *' : ''}`)));
        sel.addEventListener('change', () => {
          this.mapping.set(col, sel.value);
          this.checked = null;
          this.updateButtons();
        });
        return h('div', { class: 'field si-map-row', 'data-for': 'map' }, h('label', { for: sel.id }, col), sel, h('p', { class: 'field-error', id: sel.id + '-error', hidden: true }));
      })));
  }

  /** The progress bar of the running job. */
  progressView() {
    const p = this.job ? this.job.progress : { phase: 'reading', read: 0, written: 0, total: 0 };
    let text = t('si.uploading');
    let value = null;
    let max = 1;
    if (this.job) {
      if (p.phase === 'writing') {
        text = t('si.writing', { n: num(p.total) });
        value = null;
      } else if (p.phase === 'done') {
        text = t('si.progress.done', { n: num(p.total) });
        value = 1;
      } else {
        text = t('si.reading', { n: num(p.read) });
      }
    }
    const bar = h('progress', { id: 'si-progress', max: String(max), 'aria-label': text, 'data-phase': this.job ? p.phase : 'uploading', 'data-read': String(p.read) });
    if (value !== null) bar.value = value;
    return h('div', { class: 'si-progress' }, bar, h('p', { class: 'muted', id: 'si-progress-text' }, text));
  }

  renderProgress() {
    const box = this.root && this.root.querySelector('#si-progress-box');
    if (box) box.replaceChildren(this.progressView());
    else this.renderResult();
  }

  renderResult() {
    const box = this.root && this.root.querySelector('#si-result');
    if (!box) return;
    const parts = [h('h3', { id: 'si-result-title' }, t('si.result'))];
    const j = this.job;
    if (this.busy) parts.push(h('div', { id: 'si-progress-box' }, this.progressView()));
    if (this.error) parts.push(h('p', { class: 'notice notice-error', id: 'si-error', role: 'alert' }, this.error.status >= 400 && this.error.status < 500 && this.error.status !== 401 && this.error.status !== 403 ? this.error.message : errorText(this.error)));
    if (!j && !this.busy && !this.error) parts.push(h('p', { class: 'muted' }, t('si.none')));
    if (j && !this.busy) {
      if (j.state === 'done') {
        parts.push(h('div', { class: 'si-progress' }, h('progress', { id: 'si-progress', max: '1', value: '1', 'data-phase': 'done', 'aria-label': t('si.progress.done', { n: num(j.progress.total) }) }),
          h('p', { class: 'muted', id: 'si-progress-text' }, t('si.progress.done', { n: num(j.progress.total) }))));
      }
      if (j.state === 'failed') parts.push(h('p', { class: 'notice notice-error', id: 'si-failed', role: 'alert' }, j.error ? j.error.message : t('si.failed')));
      if (j.result) parts.push(...this.resultView(j));
    }
    box.replaceChildren(...parts);
  }

  resultView(j) {
    const r = j.result;
    const out = [h('p', { id: 'si-counts' }, t('si.counts', { file: j.file, rows: num(r.rows), valid: num(r.valid), invalid: num(r.invalid) }))];
    if (r.unknown.length) out.push(h('p', { class: 'field-hint', id: 'si-unknown' }, t('si.unknown', { cols: r.unknown.join('、') })));
    if (r.written) {
      out.push(h('p', { class: 'notice-ok', id: 'si-done', role: 'status' }, t('si.done')),
        h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'si-written' },
          h('thead', {}, h('tr', {}, h('th', {}, t('si.noun')), h('th', {}, t('si.created')), h('th', {}, t('si.updated')), h('th', {}, t('si.unchanged')))),
          h('tbody', {}, r.counts.map((c) => h('tr', { 'data-noun': c.noun }, h('th', {}, t('si.noun.' + c.noun)), h('td', {}, num(c.created)), h('td', {}, num(c.updated)), h('td', {}, num(c.unchanged))))))));
      if (r.skipped) out.push(h('p', { class: 'field-hint' }, t('si.skipped', { n: num(r.skipped) })));
    } else if (j.dry_run) {
      out.push(h('p', { id: 'si-verdict', class: r.invalid ? 'bd-invalid' : 'notice-ok' }, r.invalid ? (j.skip_invalid ? t('si.dry.skip', { n: num(r.invalid) }) : t('si.dry.bad')) : t('si.dry.ok')));
    } else {
      out.push(h('p', { class: 'bd-invalid', id: 'si-verdict', role: 'alert' }, t('si.notWritten')));
    }
    const errs = r.errors.concat(r.no_account);
    if (errs.length) {
      out.push(h('p', {}, t('si.errors', { n: num(r.errors_total + r.no_account.length) }), ' ',
        h('button', { type: 'button', class: 'link-button', id: 'si-errors-sheet', onclick: () => this.downloadErrors(j) }, t('si.errorsSheet'))));
      if (r.errors_total > r.errors.length) out.push(h('p', { class: 'field-hint' }, t('si.errors.first', { n: num(r.errors.length) })));
      out.push(h('div', { class: 'table-wrap si-errors-wrap' }, h('table', { class: 'table', id: 'si-errors' },
        h('thead', {}, h('tr', {}, h('th', {}, t('si.row')), h('th', {}, t('si.column')), h('th', {}, t('si.message')))),
        h('tbody', {}, errs.map((e) => h('tr', { 'data-row': String(e.row) }, h('td', {}, num(e.row)), h('td', {}, e.column || '—'), h('td', {}, e.message)))))));
    }
    if (this.accounts.length) out.push(this.passwordsView());
    else if (r.accounts.length && r.passwords_given) out.push(h('p', { class: 'field-hint' }, t('si.passwords.gone', { n: num(r.accounts.length) })));
    return out;
  }

  /** The accounts opened, with their passwords: shown this once, to copy. */
  passwordsView() {
    const rows = this.accounts;
    const tsv = rows.map((a) => [a.username, a.name, a.role, a.scope, a.password].join('\t')).join('\n');
    const copy = h('button', { type: 'button', class: 'button button-small', id: 'si-copy' }, t('si.copy'));
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(tsv);
        copy.textContent = t('si.copied');
      } catch {
        copy.textContent = t('si.copy.failed');
      }
    });
    return h('div', { class: 'si-passwords', id: 'si-passwords' },
      h('p', { class: 'notice notice-error', role: 'alert' }, t('si.passwords.warn', { n: num(rows.length) })),
      h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
        h('thead', {}, h('tr', {}, ['si.username', 'si.name', 'si.role', 'si.scope', 'si.password'].map((k) => h('th', {}, t(k))))),
        h('tbody', {}, rows.map((a) => h('tr', {}, h('td', {}, a.username), h('td', {}, a.name), h('td', {}, t('role.' + a.role)), h('td', {}, a.scope), h('td', {}, h('code', {}, a.password))))))),
      h('p', {}, copy));
  }

  /** The error sheet, in the page's language, as a download. */
  async downloadErrors(j) {
    try {
      const blob = await api.sheetJobErrors(j.id);
      const a = h('a', { href: URL.createObjectURL(blob), download: j.file.replace(/\.(xlsx|csv)$/i, '') + '-错误.xlsx', hidden: true });
      document.body.append(a);
      a.click();
      setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    } catch (err) {
      this.error = err;
      this.renderResult();
    }
  }
}
