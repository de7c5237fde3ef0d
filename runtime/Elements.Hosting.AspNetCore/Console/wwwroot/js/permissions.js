// #/permissions: who may call every HTTP-reachable function (the matrix `elements permissions --json` prints),
// filterable by role, element or function text.

import { consoleApi } from './api.js';
import { append, clear, field, h, heading } from './dom.js';

export async function render(target) {
  const answer = await consoleApi('permissions');
  const rows = Array.isArray(answer) ? answer : answer.permissions ?? answer.matrix ?? [];
  const roles = [...new Set(rows.flatMap((r) => r.roles ?? []))].sort();
  const text = h('input', { type: 'search', id: 'perm-filter', autocomplete: 'off', placeholder: 'element or function' });
  const role = h('select', { id: 'perm-role' }, h('option', { value: '', text: 'any' }),
    h('option', { value: '(anonymous)', text: 'anonymous callers' }), h('option', { value: '(authenticated)', text: 'any session' }),
    roles.map((r) => h('option', { value: r, text: r })));
  const count = h('p', { class: 'muted', id: 'perm-count', 'aria-live': 'polite' });
  const body = h('tbody');
  const update = () => {
    const q = text.value.trim().toLowerCase();
    const shown = rows.filter((r) => (!q || r.function.toLowerCase().includes(q))
      && (!role.value || (role.value === '(anonymous)' ? r.anonymous : role.value === '(authenticated)' ? r.authenticated : (r.roles ?? []).includes(role.value))));
    count.textContent = `${shown.length} of ${rows.length} functions`;
    append(clear(body), shown.map((r) => h('tr', {},
      h('td', {}, h('code', { text: r.function })),
      h('td', { class: r.anonymous ? 'yes' : 'no', text: r.anonymous ? 'yes' : 'no' }),
      h('td', { class: r.authenticated ? 'yes' : 'no', text: r.authenticated ? 'yes' : 'no' }),
      h('td', { text: (r.roles ?? []).join(', ') || '–' }))));
  };
  text.addEventListener('input', update);
  role.addEventListener('change', update);
  update();
  append(target, heading('Permissions'),
    h('p', { class: 'muted', text: 'Who may call each function over HTTP: anonymous callers, any signed-in session, and the member roles that grant it.' }),
    h('form', { class: 'filters', role: 'search', on: { submit: (e) => e.preventDefault() } }, field('Element or function', text), field('Allowed for', role)),
    count,
    h('div', { class: 'table-scroll' }, h('table', { class: 'matrix', id: 'perm-table' },
      h('thead', {}, h('tr', {}, ['Function', 'Anonymous', 'Any session', 'Roles'].map((t) => h('th', { scope: 'col', text: t })))), body)));
}
