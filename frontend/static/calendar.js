// 工作日历: the admin's working-day calendar, a year as month grids. A day
// rests on Saturday and Sunday and works otherwise unless marked 休 (a
// public holiday) or 班 (a make-up working day); a click turns a working
// day into a rest day and back, with the mark the weekday needs. Deadlines
// counted in working days follow at once.

import { api } from './api.js';
import { t } from './i18n.js';
import { h } from './dom.js';
import { errorText } from './ui.js';

const pad = (n) => String(n).padStart(2, '0');

export class CalendarPage {
  show(root) {
    this.root = root;
    this.year = this.year || new Date().getFullYear();
    this.load();
  }

  async load() {
    this.marks = null;
    this.error = null;
    this.render();
    try {
      const r = await api.calendar(this.year);
      this.marks = Object.fromEntries((r.days || []).map((d) => [d.date, d.kind]));
    } catch (err) {
      this.error = err;
    }
    this.render();
  }

  /** Marks date as the opposite of what it is now; no mark where its weekday already is that. */
  async toggle(date, weekend, working) {
    const target = working ? 'rest' : 'work';
    const kind = (target === 'rest') === weekend ? '' : target;
    try {
      await api.setCalendarDay(date, kind);
      if (kind) this.marks[date] = kind; else delete this.marks[date];
      this.error = null;
    } catch (err) {
      this.error = err;
    }
    this.render();
  }

  month(m) {
    const first = new Date(Date.UTC(this.year, m, 1));
    const days = new Date(Date.UTC(this.year, m + 1, 0)).getUTCDate();
    const lead = (first.getUTCDay() + 6) % 7; // Monday first
    const cells = [];
    for (let i = 0; i < lead; i++) cells.push(h('span', { class: 'cal-day cal-empty' }));
    for (let d = 1; d <= days; d++) {
      const date = `${this.year}-${pad(m + 1)}-${pad(d)}`;
      const wd = (lead + d - 1) % 7;
      const weekend = wd >= 5;
      const mark = this.marks[date] || '';
      const working = mark ? mark === 'work' : !weekend;
      const label = mark === 'rest' ? t('calendar.rest') : mark === 'work' ? t('calendar.work') : '';
      cells.push(h('button', {
        type: 'button', class: `cal-day ${working ? 'cal-working' : 'cal-resting'}${mark ? ' cal-marked' : ''}`,
        'data-date': date, 'data-kind': mark, 'aria-pressed': String(!working),
        title: `${date} ${working ? t('calendar.workday') : t('calendar.restday')}`,
        onclick: () => this.toggle(date, weekend, working),
      }, h('span', { class: 'cal-num' }, String(d)), label ? h('span', { class: 'cal-mark' }, label) : null));
    }
    const heads = t('calendar.weekdays').split(',').map((w) => h('span', { class: 'cal-head' }, w));
    return h('section', { class: 'cal-month', 'data-month': m + 1 },
      h('h3', {}, t('calendar.month', { month: m + 1 })), h('div', { class: 'cal-grid' }, heads, cells));
  }

  render() {
    if (!this.root) return;
    const nav = h('div', { class: 'form-actions' },
      h('button', { type: 'button', class: 'button', id: 'calendar-prev', onclick: () => { this.year--; this.load(); } }, t('calendar.prev')),
      h('strong', { id: 'calendar-year' }, String(this.year)),
      h('button', { type: 'button', class: 'button', id: 'calendar-next', onclick: () => { this.year++; this.load(); } }, t('calendar.next')));
    const notice = this.error ? h('p', { class: 'notice notice-error', role: 'alert' }, errorText(this.error)) : null;
    const body = this.marks ? h('div', { class: 'cal-year', id: 'calendar-months' }, [...Array(12).keys()].map((m) => this.month(m)))
      : h('p', { class: 'muted' }, t('list.loading'));
    this.root.replaceChildren(h('div', { class: 'page-inner page-wide' },
      h('div', { class: 'page-head' },
        h('h2', { class: 'page-title', id: 'page-title' }, t('view.calendar')),
        h('p', { class: 'muted' }, t('calendar.lead'))),
      nav, notice, body));
  }
}
