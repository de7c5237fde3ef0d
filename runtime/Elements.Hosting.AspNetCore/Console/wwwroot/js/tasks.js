// #/tasks: scheduled tasks, their next runs and their recent history with failures.

import { consoleApi } from './api.js';
import { append, formatTime, h, heading } from './dom.js';

export async function render(target) {
  const { tasks = [] } = await consoleApi('tasks');
  append(target, heading('Tasks'));
  if (!tasks.length) {
    append(target, h('p', { class: 'muted', text: 'This app schedules no task.' }));
    return;
  }
  for (const t of tasks) {
    const history = t.history ?? [];
    const failures = history.filter((r) => r.outcome === 'fail').length;
    append(target, h('section', { class: 'card', 'data-task': t.fullName },
      h('h2', {}, h('a', { href: `#/elements/${encodeURIComponent(t.fullName)}`, text: t.fullName })),
      h('p', {}, t.title ?? '', ' · ', t.enabled ? h('span', { class: 'ok', text: 'enabled' }) : h('span', { class: 'warn', text: 'disabled' }),
        failures ? h('span', { class: 'error', text: ` · ${failures} failed of the last ${history.length}` }) : null),
      h('h3', { text: 'Next runs' }),
      (t.nextRuns ?? []).length ? h('ul', {}, t.nextRuns.map((r) => h('li', {}, h('time', { datetime: r, text: formatTime(r) }))))
        : h('p', { class: 'muted', text: 'None scheduled.' }),
      h('h3', { text: 'History' }),
      history.length ? h('div', { class: 'table-scroll' }, h('table', {},
        h('thead', {}, h('tr', {}, ['Scheduled', 'Started', 'Ended', 'Outcome', 'Error'].map((x) => h('th', { scope: 'col', text: x })))),
        h('tbody', {}, history.map((r) => h('tr', { class: r.outcome === 'fail' ? 'row-fail' : null },
          h('td', { text: formatTime(r.scheduledAt) }), h('td', { text: formatTime(r.startedAt) }), h('td', { text: formatTime(r.endedAt) }),
          h('td', { text: r.outcome }), h('td', { text: [r.errorCode, r.message].filter(Boolean).join(': ') })))))) : h('p', { class: 'muted', text: 'No run yet.' })));
  }
}
