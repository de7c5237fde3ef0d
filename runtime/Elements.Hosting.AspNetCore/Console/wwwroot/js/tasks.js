// #/tasks: scheduled tasks, their next runs and their recent history with failures; then the app's events and their
// latest asynchronous runs (state and last error; the server never sends a payload).

import { consoleApi } from './api.js';
import { append, formatTime, h, heading } from './dom.js';

export async function render(target) {
  const [{ tasks = [] }, { events = [], runs = [] }] = await Promise.all([consoleApi('tasks'), consoleApi('events')]);
  append(target, heading('Tasks and events'));
  if (!tasks.length) {
    append(target, h('p', { class: 'muted', text: 'This app schedules no task.' }));
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
  renderEvents(target, events, runs);
}

function renderEvents(target, events, runs) {
  const failing = runs.filter((r) => r.errorCode).length;
  append(target, h('section', { class: 'card', id: 'events' },
    h('h2', { text: 'Events' }),
    events.length ? h('div', { class: 'table-scroll' }, h('table', {},
      h('thead', {}, h('tr', {}, ['Event', 'Sender', 'Handler', 'Mode', 'State', 'Last call'].map((x) => h('th', { scope: 'col', text: x })))),
      h('tbody', {}, events.map((e) => h('tr', { 'data-event': e.fullName },
        h('td', {}, h('a', { href: `#/elements/${encodeURIComponent(e.fullName)}`, text: e.fullName })),
        h('td', { text: e.sender }), h('td', { text: [e.funcType, e.func].filter(Boolean).join(' ') }),
        h('td', { text: e.async ? 'async' : 'sync' }), h('td', { text: e.enabled ? 'enabled' : 'disabled' }),
        h('td', { text: formatTime(e.lastCalledAt) })))))) : h('p', { class: 'muted', text: 'This app declares no event.' }),
    h('h3', {}, 'Asynchronous runs', failing ? h('span', { class: 'error', text: ` · ${failing} with an error` }) : null),
    runs.length ? h('div', { class: 'table-scroll' }, h('table', { id: 'event-runs' },
      h('thead', {}, h('tr', {}, ['Id', 'Event', 'Status', 'Attempts', 'Queued', 'Next attempt', 'Error'].map((x) => h('th', { scope: 'col', text: x })))),
      h('tbody', {}, runs.map((r) => h('tr', { class: r.errorCode ? 'row-fail' : null },
        h('td', { text: String(r.id) }), h('td', { text: r.event }), h('td', { text: r.status }), h('td', { text: String(r.attempts) }),
        h('td', { text: formatTime(r.createdAt) }), h('td', { text: r.status === 'pending' ? formatTime(r.nextAttemptAt) : '' }),
        h('td', { text: [r.errorCode, r.message].filter(Boolean).join(': ') })))))) : h('p', { class: 'muted', text: 'No asynchronous run yet.' })));
}
