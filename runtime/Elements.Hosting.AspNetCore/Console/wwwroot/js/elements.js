// #/elements: every element as a tree by full name (folders are name segments) with search and filters;
// #/elements/<fullName>: one element's summary, declaration, config, placeholders and functions, each runnable.

import { consoleApi } from './api.js';
import { append, badge, clear, field, h, heading, jsonBlock } from './dom.js';
import { runForm } from './run.js';

export async function render(target, ctx, param) {
  if (param) return renderElement(target, ctx, param);
  const { elements } = await consoleApi('elements');
  return renderList(target, elements);
}

const elementLink = (fullName, text) => h('a', { href: `#/elements/${encodeURIComponent(fullName)}`, text: text ?? fullName });

// The filters survive going to an element and back.
const state = { q: '', layer: '', type: '', app: '' };

function renderList(target, elements) {
  const distinct = (pick) => [...new Set(elements.map(pick).filter(Boolean))].sort();
  const search = h('input', { type: 'search', id: 'element-search', value: state.q, placeholder: 'name or title', autocomplete: 'off' });
  const select = (id, values, current) => h('select', { id }, h('option', { value: '', text: 'all' }),
    values.map((v) => h('option', { value: v, text: v, selected: v === current })));
  const layer = select('filter-layer', ['meta', 'type', 'instance'], state.layer);
  const type = select('filter-type', distinct((e) => e.type), state.type);
  const app = select('filter-app', distinct((e) => e.app), state.app);
  const count = h('p', { class: 'muted', id: 'element-count', 'aria-live': 'polite' });
  const tree = h('div', { class: 'tree', id: 'element-tree', on: { keydown: (event) => moveInTree(event.currentTarget, event) } });

  const update = () => {
    Object.assign(state, { q: search.value.trim(), layer: layer.value, type: type.value, app: app.value });
    const q = state.q.toLowerCase();
    const shown = elements.filter((e) => (!q || e.fullName.toLowerCase().includes(q) || (e.title ?? '').toLowerCase().includes(q))
      && (!state.layer || e.layer === state.layer) && (!state.type || e.type === state.type) && (!state.app || e.app === state.app));
    count.textContent = `${shown.length} of ${elements.length} elements`;
    const filtered = Boolean(q || state.layer || state.type || state.app);
    append(clear(tree), shown.length ? treeOf(shown, filtered) : h('p', { text: 'No element matches.' }));
  };
  search.addEventListener('input', update);
  for (const s of [layer, type, app]) s.addEventListener('change', update);
  update();

  append(target, heading('Elements'),
    h('form', { class: 'filters', role: 'search', on: { submit: (e) => e.preventDefault() } },
      field('Search', search), field('Layer', layer), field('Type', type), field('App', app)),
    count, tree);
}

/** Nested <details> per name segment: collapsible, with Tab and Enter/Space as usual and arrow keys (moveInTree). */
function treeOf(elements, open) {
  const root = { children: new Map() };
  for (const e of elements) {
    let node = root;
    for (const segment of e.fullName.split('.')) {
      if (!node.children.has(segment)) node.children.set(segment, { children: new Map() });
      node = node.children.get(segment);
    }
    node.element = e;
  }
  const build = (node, prefix) => h('ul', { class: 'tree-level' }, [...node.children.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([segment, child]) => {
    const name = prefix ? `${prefix}.${segment}` : segment;
    const label = child.element ? leaf(child.element, segment) : h('span', { class: 'folder', text: segment });
    if (child.children.size === 0) return h('li', { class: 'tree-leaf' }, label);
    return h('li', {}, h('details', { open: open || !prefix, 'data-folder': name },
      h('summary', {}, label, h('span', { class: 'muted small', text: ` (${countLeaves(child)})` })), build(child, name)));
  }));
  return build(root, '');
}

/**
 * Arrow keys through the tree's visible items (folder summaries and element links), as in a file tree: Up/Down to the
 * previous/next item, Home/End to the first/last, Right opens a folder (or goes into an open one), Left closes it (or
 * goes up to the enclosing folder). Tab and Enter work as before.
 */
function moveInTree(tree, event) {
  const keys = ['ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight', 'Home', 'End'];
  if (!keys.includes(event.key) || event.altKey || event.ctrlKey || event.metaKey) return;
  const items = [...tree.querySelectorAll('summary, .tree-leaf a')].filter(shownInTree);
  const index = items.indexOf(document.activeElement);
  if (index < 0) return;
  const current = items[index];
  const folder = current.tagName === 'SUMMARY' ? current.parentElement : null;
  const enclosing = (folder ?? current).parentElement.closest('details');
  let next = null;
  switch (event.key) {
    case 'ArrowDown': next = items[index + 1]; break;
    case 'ArrowUp': next = items[index - 1]; break;
    case 'Home': next = items[0]; break;
    case 'End': next = items[items.length - 1]; break;
    case 'ArrowRight':
      if (folder && !folder.open) folder.open = true;
      else if (folder) next = items[index + 1];
      break;
    case 'ArrowLeft':
      if (folder && folder.open) folder.open = false;
      else next = enclosing?.querySelector(':scope > summary');
      break;
  }
  next?.focus();
  event.preventDefault();
}

/** False for an item inside a closed folder (a folder's own summary shows while the folders around it are open). */
function shownInTree(item) {
  const node = item.tagName === 'SUMMARY' ? item.parentElement : item;
  for (let folder = node.parentElement?.closest('details'); folder; folder = folder.parentElement?.closest('details')) {
    if (!folder.open) return false;
  }
  return true;
}

function countLeaves(node) {
  let n = node.element ? 1 : 0;
  for (const child of node.children.values()) n += countLeaves(child);
  return n;
}

function leaf(e, segment) {
  return h('span', { class: 'leaf' }, elementLink(e.fullName, segment), ' ', badge(e.layer, e.layer),
    e.isModel ? badge('model', 'model') : null, e.internal ? badge('internal') : null,
    e.title ? h('span', { class: 'muted small', text: ` ${e.title}` }) : null);
}

function dl(pairs) {
  return h('dl', { class: 'summary' }, pairs.filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [h('dt', { text: k }), h('dd', {}, v)]));
}

const joined = (nodes) => nodes.length ? nodes.flatMap((n, i) => (i ? [', ', n] : [n])) : '–';

async function renderElement(target, ctx, fullName) {
  const e = await consoleApi(`elements/${encodeURIComponent(fullName)}`);
  append(target, h('p', { class: 'crumbs' }, h('a', { href: '#/elements', text: 'Elements' }), ' / '),
    heading(e.fullName), e.title ? h('p', { class: 'lead', text: e.title }) : null);
  if (e.isModel) append(target, h('p', {}, h('a', { href: `#/models/${encodeURIComponent(e.fullName)}`, class: 'button', id: 'open-rows', text: 'Rows of this model' })));

  append(target, h('section', { class: 'card', 'aria-labelledby': 'summary-h' }, h('h2', { id: 'summary-h', text: 'Summary' }), dl([
    ['Layer', e.layer],
    ['Type chain', joined((e.typeChain ?? []).map((t) => elementLink(t)))],
    ['Defining app', e.app],
    ['Overrides', (e.overrides ?? []).length ? e.overrides.join(', ') : '–'],
    ['Access', `${e.access ?? '–'}${e.internal ? ' · internal' : ''}${e.reachable === false ? ' · not reachable over HTTP' : ''}`],
    ['Children', joined((e.children ?? []).map((c) => elementLink(c)))],
  ])));

  const functions = e.functions ?? [];
  const fnSection = h('section', { class: 'card', 'aria-labelledby': 'functions-h', id: 'functions' }, h('h2', { id: 'functions-h', text: `Functions (${functions.length})` }));
  if (!functions.length) fnSection.append(h('p', { class: 'muted', text: 'This element declares no function.' }));
  for (const fn of functions) fnSection.append(functionCard(e, fn, ctx));
  append(target, fnSection);

  append(target, h('section', { class: 'card', 'aria-labelledby': 'decl-h' }, h('h2', { id: 'decl-h', text: 'Declaration and config' }),
    h('p', { class: 'muted', text: 'Secrets are shown as *** and placeholders by name; the server redacts them before they reach this page.' }),
    h('h3', { text: 'e.json' }), jsonBlock(e.eJson ?? {}, 'e.json', 'e-json'),
    h('h3', { text: 'Business config' }), e.config ? jsonBlock(e.config, 'business config', 'config-json') : h('p', { class: 'muted', text: 'None.' }),
    h('h3', { text: 'Placeholders' }), (e.placeholders ?? []).length
      ? h('ul', { id: 'placeholders' }, e.placeholders.map((p) => h('li', {}, h('code', { text: `{{${p}}}` }))))
      : h('p', { class: 'muted', text: 'None.' })));
}

function functionCard(element, fn, ctx) {
  const signature = `${fn.name}(${(fn.args ?? []).map((a) => `${a.name}${a.required ? '' : '?'}: ${a.dataType}`).join(', ')}) → ${fn.returnType ?? 'void'}`;
  const holder = h('div', { class: 'run-holder' });
  const toggle = h('button', { type: 'button', class: 'run', 'data-run': fn.name, 'aria-expanded': 'false', 'aria-controls': `run-${fn.name}-holder`, text: 'Run…' });
  holder.id = `run-${fn.name}-holder`;
  toggle.addEventListener('click', () => {
    const opening = !holder.firstChild;
    clear(holder);
    if (opening) {
      holder.append(runForm(element, fn, ctx));
      holder.querySelector('input, textarea, select, button')?.focus();
    }
    toggle.setAttribute('aria-expanded', String(opening));
    toggle.textContent = opening ? 'Close' : 'Run…';
  });
  return h('article', { class: 'fn', id: `fn-${fn.name}` },
    h('h3', {}, h('code', { text: signature })),
    fn.title ? h('p', { text: fn.title }) : null,
    h('p', { class: 'muted small' },
      fn.loginRequired === false ? 'no login needed' : 'login required', ' · roles: ',
      (fn.roles ?? []).length ? fn.roles.join(', ') : 'none', ' · ',
      fn.callableByMe ? h('span', { class: 'ok', text: 'you may call it' }) : h('span', { class: 'warn', text: 'refused for you' })),
    // The signature already names the args; their titles stay one click away so sixteen model functions fit a screen.
    (fn.args ?? []).length ? h('details', { class: 'args-details' }, h('summary', { text: `Arguments (${fn.args.length})` }),
      h('div', { class: 'table-scroll' }, h('table', { class: 'args' }, h('caption', { class: 'sr-only', text: `Arguments of ${fn.name}` }),
        h('thead', {}, h('tr', {}, ['Argument', 'Type', 'Required', 'Title'].map((t) => h('th', { scope: 'col', text: t })))),
        h('tbody', {}, fn.args.map((a) => h('tr', {}, h('td', {}, h('code', { text: a.name })), h('td', { text: a.dataType }),
          h('td', { text: a.required ? 'yes' : 'no' }), h('td', { text: a.title ?? '' }))))))) : null,
    ctx.me?.canWrite ? h('div', { class: 'actions' }, toggle) : h('p', { class: 'muted small', text: 'Read-only: running functions is for roles.Admin.' }),
    holder);
}
