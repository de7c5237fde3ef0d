// #/models/<fullName>: a model's rows through the element API (query with filter, orderList, page, size), so the
// caller's row permissions apply; create, edit and delete through create/updateByPK/deleteByPK (admins only).

import { ApiError, callElement, consoleApi } from './api.js';
import { append, clear, field, h, heading } from './dom.js';
import { buildFields } from './form.js';
import { problemView } from './run.js';

const PAGE_SIZE = 20;

export async function render(target, ctx, fullName) {
  if (!fullName) {
    ctx.navigate('#/elements');
    return undefined;
  }
  const model = await consoleApi(`elements/${encodeURIComponent(fullName)}`);
  append(target, h('p', { class: 'crumbs' }, h('a', { href: '#/elements', text: 'Elements' }), ' / ',
    h('a', { href: `#/elements/${encodeURIComponent(fullName)}`, text: fullName }), ' / '), heading(`Rows of ${fullName}`));
  const fields = model.fields ?? [];
  const fn = Object.fromEntries((model.functions ?? []).map((f) => [f.name, f]));
  if (!model.isModel || !fn.query) {
    append(target, h('p', { text: 'This element is not a model with a query function.' }));
    return undefined;
  }
  const pk = fields.find((f) => f.primaryKey)?.name;
  const canWrite = Boolean(ctx.me?.canWrite) && pk;
  const state = { filter: '', order: null, page: 1, total: 0 };

  const filterBox = h('input', { type: 'text', id: 'q-filter', class: 'mono', spellcheck: 'false', autocomplete: 'off', placeholder: 'Q(done=False)' });
  const filterError = h('div', { id: 'q-error', class: 'q-error', role: 'alert', hidden: true });
  filterBox.setAttribute('aria-describedby', 'q-error');
  const status = h('p', { class: 'muted', id: 'rows-status', 'aria-live': 'polite' });
  const table = h('table', { class: 'rows', id: 'rows' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  const editor = h('div', { id: 'row-editor' });
  const message = h('div', { id: 'rows-message', 'aria-live': 'polite' });

  const filterForm = h('form', { class: 'filters', role: 'search', id: 'q-form' },
    field('Q filter', filterBox, 'A Q expression, e.g. Q(done=False) & Q(title__like="milk"); empty for every row.'),
    h('button', { type: 'submit', class: 'primary', text: 'Filter' }), filterError);
  filterForm.addEventListener('submit', (e) => {
    e.preventDefault();
    state.filter = filterBox.value.trim();
    state.page = 1;
    safeLoad();
  });

  async function load() {
    const args = { page: state.page, size: PAGE_SIZE };
    if (state.filter) args.filter = state.filter;
    if (state.order) args.orderList = [[state.order.field, state.order.dir]];
    status.textContent = 'Loading…';
    const answer = await callElement(fn.query.path, args);
    filterError.hidden = true;
    clear(filterError);
    filterBox.removeAttribute('aria-invalid');
    if (!answer.ok) {
      status.textContent = '';
      if (answer.status === 401 || answer.status === 403) throw new ApiError(answer.status, answer.body);
      showFilterError(answer);
      return;
    }
    state.total = answer.body.totalCount ?? answer.body.rowDatas.length;
    drawRows(answer.body.rowDatas ?? []);
    status.textContent = `${state.total} row${state.total === 1 ? '' : 's'}${state.filter ? ` matching ${state.filter}` : ''}`;
    drawPager();
  }

  // After the first draw a refused or failed load shows where the rows are, not on a page of its own.
  const safeLoad = () => load().catch((e) => {
    append(clear(message), problemView(e.status ?? 0, e.problem ?? { detail: String(e.message ?? e) }, 'rows-load-problem'));
  });

  function showFilterError(answer) {
    const p = answer.body ?? {};
    let position = Number.isInteger(p.position) ? p.position : null;
    const match = position === null ? /at position (\d+)/.exec(p.detail ?? '') : null;
    if (match) position = Number(match[1]);
    filterError.hidden = false;
    filterBox.setAttribute('aria-invalid', 'true');
    filterError.append(h('p', {}, h('strong', { class: 'code problem-code', text: p.code ?? `HTTP_${answer.status}` }), ` ${p.detail ?? ''}`));
    if (position !== null && state.filter) {
      // The filter with a caret under the character where parsing failed (0-based).
      const at = Math.min(position, state.filter.length);
      filterError.append(h('pre', { class: 'caret', id: 'q-caret', 'data-position': position, 'aria-label': `error at character ${at + 1}` },
        state.filter, '\n', ' '.repeat(at), h('span', { class: 'caret-mark', text: '^' })));
    }
  }

  function drawRows(rows) {
    const sortButton = (f) => {
      const dir = state.order?.field === f.name ? state.order.dir : 0;
      const button = h('button', { type: 'button', class: 'sort', 'data-sort': f.name, text: f.title ?? f.name });
      button.addEventListener('click', () => {
        state.order = { field: f.name, dir: dir === 1 ? -1 : 1 };
        safeLoad();
      });
      return h('th', { scope: 'col', 'aria-sort': dir === 1 ? 'ascending' : dir === -1 ? 'descending' : 'none' }, button,
        dir ? h('span', { 'aria-hidden': 'true', text: dir === 1 ? ' ▲' : ' ▼' }) : null,
        // A related field names its model: one click to that model's rows.
        f.relation ? h('a', { class: 'relation small', href: `#/models/${encodeURIComponent(f.relation)}`, text: ` → ${f.relation}`, 'aria-label': `${f.name} relates to ${f.relation}: its rows` }) : null);
    };
    append(clear(table), h('caption', { class: 'sr-only', text: `Rows of ${fullName}; column headers sort` }),
      h('thead', {}, h('tr', {}, fields.map(sortButton), canWrite ? h('th', { scope: 'col', text: 'Actions' }) : null)),
      h('tbody', {}, rows.length ? rows.map((row) => h('tr', { 'data-pk': pk ? String(row[pk]) : null },
        fields.map((f) => h('td', { 'data-field': f.name, text: cell(row[f.name]) })),
        canWrite ? h('td', { class: 'row-actions' },
          h('button', { type: 'button', class: 'small', text: 'Edit', 'aria-label': `Edit row ${row[pk]}`, on: { click: () => openEditor(row) } }),
          h('button', { type: 'button', class: 'small danger', text: 'Delete', 'aria-label': `Delete row ${row[pk]}`, on: { click: () => remove(row) } })) : null))
        : h('tr', {}, h('td', { colspan: fields.length + (canWrite ? 1 : 0), class: 'muted', text: 'No rows.' }))));
  }

  function drawPager() {
    const pages = Math.max(1, Math.ceil(state.total / PAGE_SIZE));
    const go = (page) => { state.page = page; safeLoad(); };
    append(clear(pager), 
      h('button', { type: 'button', text: '‹ Previous', disabled: state.page <= 1, on: { click: () => go(state.page - 1) } }),
      h('span', { text: ` page ${state.page} of ${pages} ` }),
      h('button', { type: 'button', text: 'Next ›', disabled: state.page >= pages, on: { click: () => go(state.page + 1) } }));
  }

  function openEditor(row) {
    const editing = Boolean(row);
    // The primary key is the server's on create (AutoInt) and fixed on edit.
    const specs = fields.filter((f) => !f.primaryKey && f.dataType !== 'AutoInt')
      .map((f) => ({ ...f, required: editing ? false : f.required }));
    const form = buildFields(specs, { idPrefix: 'row', initial: row ?? {} });
    const result = h('div', { 'aria-live': 'polite' });
    const box = h('form', { class: 'card form', id: 'row-form', novalidate: true, 'aria-label': editing ? `Edit row ${row[pk]}` : 'New row' },
      h('h2', { text: editing ? `Edit row ${row[pk]}` : 'New row' }), form.element,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: editing ? 'Save' : 'Create' }),
        h('button', { type: 'button', text: 'Cancel', on: { click: () => clear(editor) } })), result);
    box.addEventListener('submit', async (e) => {
      e.preventDefault();
      const { values, errors } = form.read();
      clear(result);
      if (errors.length) {
        result.append(h('p', { class: 'alert', role: 'alert', text: `Fix: ${errors.map((x) => `${x.name} ${x.message}`).join('; ')}` }));
        return;
      }
      const answer = editing
        ? await callElement(fn.updateByPK.path, { pkList: [row[pk]], updateData: values })
        : await callElement(fn.create.path, { rowData: values });
      if (!answer.ok) {
        result.append(problemView(answer.status, answer.body, 'row-problem'));
        return;
      }
      clear(editor);
      append(clear(message), h('p', { class: 'ok', text: editing ? `Saved row ${row[pk]}.` : 'Created a row.' }));
      await safeLoad();
    });
    append(clear(editor), box);
    box.querySelector('input, textarea, select')?.focus();
  }

  async function remove(row) {
    if (!confirm(`Delete row ${row[pk]} of ${fullName}?`)) return;
    const answer = await callElement(fn.deleteByPK.path, { pkList: [row[pk]] });
    append(clear(message), answer.ok ? h('p', { class: 'ok', text: `Deleted row ${row[pk]}.` }) : problemView(answer.status, answer.body, 'row-problem'));
    await safeLoad();
  }

  append(target, filterForm,
    canWrite && fn.create ? h('p', {}, h('button', { type: 'button', id: 'new-row', text: 'New row', on: { click: () => openEditor(null) } })) : null,
    editor, message, status, h('div', { class: 'table-scroll' }, table), pager);
  await load();
  return undefined;
}

function cell(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
