// Run one element function from a form generated from its args, through the element API with the signed-in
// user's token (or, for an admin, as another user with X-Elements-Act-As), and show the same call as curl and C#.

import { callElement } from './api.js';
import { append, clear, codeBlock, field, h, jsonBlock } from './dom.js';
import { buildFields } from './form.js';

/** The problem details of a refused or failed call: code first, then status and detail (role=alert). */
export function problemView(status, problem, id) {
  const p = problem ?? {};
  return h('div', { class: 'alert problem', role: 'alert', id },
    h('p', {}, h('strong', { class: 'code problem-code', text: p.code ?? `HTTP_${status}` }), ` · HTTP ${status}${p.title ? ` ${p.title}` : ''}`),
    p.detail ? h('p', { class: 'problem-detail', text: p.detail }) : null,
    p.errcode !== undefined && p.errcode !== null ? h('p', { text: `WeChat errcode ${p.errcode}: ${p.errmsg ?? ''}` }) : null);
}

const shellQuote = (text) => `'${text.replace(/'/g, `'\\''`)}'`;

/** The call as curl: the token is $TOKEN, never the real one. */
export function curlFor(path, args, { actAs, loginRequired = true } = {}) {
  const lines = [`curl -s -X POST ${shellQuote(`${location.origin}${path}`)}`];
  if (loginRequired || actAs) lines.push(`-H "Authorization: Bearer $TOKEN"`);
  lines.push(`-H 'Content-Type: application/json'`);
  if (actAs) lines.push(`-H ${shellQuote(`X-Elements-Act-As: ${actAs}`)}`);
  lines.push(`-d ${shellQuote(JSON.stringify(args))}`);
  return lines.join(' \\\n     ');
}

const csString = (text) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;

function csValue(value) {
  if (typeof value === 'string') return csString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : `${value}m`;
  if (value === null) return 'null';
  return `JsonNode.Parse(${csString(JSON.stringify(value))})`;
}

/** The call in C#, in process: await app.InvokeAsync("full.name", "fn", new JsonObject { ... }). */
export function csharpFor(fullName, fn, args) {
  const entries = Object.entries(args);
  const body = entries.length === 0 ? 'new JsonObject()'
    : `new JsonObject\n{\n${entries.map(([k, v]) => `    [${csString(k)}] = ${csValue(v)},`).join('\n')}\n}`;
  return `var result = await app.InvokeAsync(${csString(fullName)}, ${csString(fn)}, ${body});`;
}

/** The run form for one function of an element ({name, args, path, loginRequired, ...}). */
export function runForm(element, fn, ctx) {
  const prefix = `run-${fn.name}`;
  const fields = buildFields(fn.args ?? [], { idPrefix: `${prefix}-arg` });
  const actAs = ctx.me?.canWrite ? h('input', { type: 'number', id: `${prefix}-act-as`, name: 'actAs', min: '1', step: '1', inputmode: 'numeric', class: 'act-as' }) : null;
  const result = h('div', { class: 'result', id: `${prefix}-result`, 'aria-live': 'polite' });
  const equivalents = h('div', { class: 'equivalents', id: `${prefix}-equivalents` });
  const submit = h('button', { type: 'submit', class: 'primary', text: `Run ${fn.name}` });
  const form = h('form', { class: 'run-form', id: `${prefix}-form`, novalidate: true, 'aria-label': `Run ${fn.name}` },
    (fn.args ?? []).length ? fields.element : h('p', { class: 'muted', text: 'No arguments.' }),
    actAs ? field('Run as user id (admin; empty = yourself)', actAs, 'Sends X-Elements-Act-As: the call is authorized and run as that user.') : null,
    h('div', { class: 'actions' }, submit), result, equivalents);

  const showEquivalents = (values) => {
    const asUser = actAs?.value.trim() || null;
    append(clear(equivalents), 
      h('h4', { text: 'The same call' }),
      codeBlock(curlFor(fn.path, values, { actAs: asUser, loginRequired: fn.loginRequired !== false }), 'curl command', `${prefix}-curl`, 'shell'),
      codeBlock(csharpFor(element.fullName, fn.name, values), 'C# call', `${prefix}-csharp`, 'csharp'));
  };
  showEquivalents({});
  form.addEventListener('input', () => showEquivalents(fields.read().values));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { values, errors } = fields.read();
    if (actAs && actAs.value.trim() && !/^\d+$/.test(actAs.value.trim())) errors.push({ name: 'actAs', message: 'must be a user id', input: actAs });
    showEquivalents(values);
    clear(result);
    if (errors.length) {
      result.append(h('div', { class: 'alert', role: 'alert', id: `${prefix}-invalid` },
        h('p', { text: 'Fix the marked fields first:' }),
        h('ul', {}, errors.map((e) => h('li', { text: `${e.name}: ${e.message}` })))));
      errors[0].input.focus();
      return;
    }
    submit.disabled = true;
    result.append(h('p', { class: 'muted', text: 'Running…' }));
    try {
      const answer = await callElement(fn.path, values, { actAs: actAs?.value.trim() || null });
      clear(result);
      if (answer.ok) {
        result.append(h('p', { class: 'ok', id: `${prefix}-ok`, text: `HTTP ${answer.status}: result` }), jsonBlock(answer.body, 'result JSON', `${prefix}-json`));
      } else {
        result.append(problemView(answer.status, answer.body, `${prefix}-problem`));
      }
    } catch (error) {
      append(clear(result), h('p', { class: 'alert', role: 'alert', text: `The request failed: ${error.message}` }));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
