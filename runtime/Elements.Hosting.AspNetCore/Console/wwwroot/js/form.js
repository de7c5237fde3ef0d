// Inputs generated from declared data types (function args and model fields), with the server's own checks done
// first in the browser: a required value is present, numbers are numbers, JSON is JSON. The server checks again.

import { h, nextId } from './dom.js';

const JSON_TYPES = new Set(['JitDict', 'JitList', 'RowData', 'RowList', 'JitAny', 'Json', 'SubTable', 'MultiRelateData', 'MultiDropdown', 'MultiRadio']);
const INTEGER_TYPES = new Set(['Integer', 'AutoInt', 'Serial']);
const NUMBER_TYPES = new Set(['Numeric', 'Money', 'Percent']);
const TEXTAREA_TYPES = new Set(['Ltext', 'RichText']);
const BOOL_TYPES = new Set(['Checkbox', 'Bool', 'Boolean']);

export const isJsonType = (dataType) => JSON_TYPES.has(dataType);

function control(spec, id, initial) {
  const type = spec.dataType ?? 'Stext';
  const common = { id, name: spec.name, 'data-type': type, 'aria-required': spec.required ? 'true' : null };
  if (Array.isArray(spec.options) && spec.options.length) {
    return h('select', common, spec.required ? null : h('option', { value: '', text: '(not set)' }),
      spec.options.map((o) => h('option', { value: String(o), text: String(o), selected: initial !== undefined && String(initial) === String(o) })));
  }
  if (BOOL_TYPES.has(type)) return h('input', { ...common, type: 'checkbox', checked: initial === true });
  if (INTEGER_TYPES.has(type)) return h('input', { ...common, type: 'number', step: '1', inputmode: 'numeric', value: initial ?? '' });
  if (NUMBER_TYPES.has(type)) return h('input', { ...common, type: 'number', step: 'any', inputmode: 'decimal', value: initial ?? '' });
  if (type === 'Datetime') return h('input', { ...common, type: 'datetime-local', step: '1', value: initial ? toLocalInput(initial) : '' });
  if (type === 'Date') return h('input', { ...common, type: 'date', value: initial ?? '' });
  if (type === 'Time') return h('input', { ...common, type: 'time', step: '1', value: initial ?? '' });
  if (type === 'Password') return h('input', { ...common, type: 'password', autocomplete: 'off', value: initial ?? '' });
  if (JSON_TYPES.has(type)) return h('textarea', { ...common, rows: 4, spellcheck: 'false', class: 'mono', value: initial === undefined ? '' : JSON.stringify(initial, null, 2) });
  if (TEXTAREA_TYPES.has(type)) return h('textarea', { ...common, rows: 4, value: initial ?? '' });
  return h('input', { ...common, type: 'text', value: initial ?? '', spellcheck: type === 'QFilter' ? 'false' : null, class: type === 'QFilter' ? 'mono' : null });
}

function toLocalInput(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * Builds labelled inputs for specs ({name, title, dataType, required, options}); initial gives starting values.
 * Returns {element, read}: read() → {values, errors}, where values holds only what the user set (or required).
 */
export function buildFields(specs, { idPrefix = nextId('form'), initial = {} } = {}) {
  const rows = specs.map((spec) => {
    const id = `${idPrefix}-${spec.name}`;
    const input = control(spec, id, initial[spec.name]);
    const error = h('span', { class: 'field-error', id: `${id}-error`, hidden: true });
    const hintText = `${spec.dataType ?? 'Stext'}${JSON_TYPES.has(spec.dataType) ? ' (JSON)' : ''}`;
    const hint = h('span', { class: 'hint', id: `${id}-hint`, text: hintText });
    input.setAttribute('aria-describedby', `${id}-hint ${id}-error`);
    if (input.type === 'checkbox') input.addEventListener('change', () => { input.dataset.touched = 'true'; });
    const label = h('label', { for: id }, spec.title && spec.title !== spec.name ? `${spec.title} ` : '',
      h('code', { text: spec.name }), spec.required ? h('span', { class: 'req', title: 'required', text: ' *' }) : null,
      spec.required ? h('span', { class: 'sr-only', text: ' (required)' }) : null);
    const row = h('div', { class: ['field', input.type === 'checkbox' && 'field-check'] }, label, input, hint, error);
    return { spec, input, error, row };
  });

  function read() {
    const values = {};
    const errors = [];
    for (const { spec, input, error } of rows) {
      const message = readOne(spec, input, values);
      error.hidden = !message;
      error.textContent = message ?? '';
      input.setAttribute('aria-invalid', message ? 'true' : 'false');
      if (message) errors.push({ name: spec.name, message, input });
    }
    return { values, errors };
  }

  return { element: h('div', { class: 'fields' }, rows.map((r) => r.row)), read, rows };
}

function readOne(spec, input, values) {
  const type = spec.dataType ?? 'Stext';
  if (input.type === 'checkbox') {
    if (spec.required || input.dataset.touched === 'true') values[spec.name] = input.checked;
    return null;
  }
  const raw = input.value;
  if (raw.trim() === '') {
    return spec.required ? 'required' : null;
  }
  if (input.tagName === 'SELECT') {
    values[spec.name] = raw;
    return null;
  }
  if (INTEGER_TYPES.has(type)) {
    if (!/^-?\d+$/.test(raw.trim())) return 'must be a whole number';
    values[spec.name] = Number(raw.trim());
    return null;
  }
  if (NUMBER_TYPES.has(type)) {
    const n = Number(raw.trim());
    if (!Number.isFinite(n)) return 'must be a number';
    values[spec.name] = n;
    return null;
  }
  if (type === 'Datetime') {
    const d = new Date(raw);
    if (Number.isNaN(d.getTime())) return 'must be a date and time';
    values[spec.name] = d.toISOString().replace(/\.\d{3}Z$/, 'Z');
    return null;
  }
  if (JSON_TYPES.has(type)) {
    try {
      values[spec.name] = JSON.parse(raw);
    } catch (e) {
      return `not valid JSON: ${e.message}`;
    }
    return null;
  }
  values[spec.name] = raw;
  return null;
}
