// DOM helpers. Everything the console shows is built with createElement/textContent: data from the server or the
// user never goes through innerHTML, so a name or value cannot become markup (and CSP forbids inline script anyway).

/**
 * h('a', {href: '#/x', class: 'y'}, 'text', child) → element. Attribute "on" takes {event: handler}; "style" and
 * "on..." attributes are refused, as the page's CSP would refuse them.
 */
export function h(tag, attrs, ...children) {
  const el = tag.includes(':') ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(tag.indexOf(':') + 1)) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (key === 'value') {
      el.value = String(value);
    } else if (key === 'text') {
      el.textContent = String(value);
    } else if (key === 'class') {
      el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    } else if (key === 'style' || key.startsWith('on')) {
      throw new Error(`refused attribute ${key}: use classes and addEventListener`);
    } else if (key in el && typeof value !== 'string' && !(el instanceof SVGElement)) {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export const svg = (tag, attrs, ...children) => h(`svg:${tag}`, attrs, ...children);

export function append(el, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

export const pretty = (value) => JSON.stringify(value, null, 2);

/** A <pre> of JSON with a copy button. */
export function jsonBlock(value, label, id) {
  return codeBlock(pretty(value), label, id, 'json');
}

/** A labelled, copyable code block. */
export function codeBlock(text, label, id, kind) {
  const pre = h('pre', { class: ['code', kind], id, tabindex: 0, 'aria-label': label, text });
  const button = h('button', { type: 'button', class: 'copy', text: 'Copy', 'aria-label': `Copy ${label}` });
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Copied';
    } catch {
      // Clipboard access needs a secure context or permission; selecting the text lets the user copy it by hand.
      const range = document.createRange();
      range.selectNodeContents(pre);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      button.textContent = 'Selected';
    }
    setTimeout(() => { button.textContent = 'Copy'; }, 1500);
  });
  return h('div', { class: 'codewrap' }, button, pre);
}

/** A page heading that takes focus after navigation, so screen readers announce the new page. */
export function heading(text, level = 1) {
  return h(`h${level}`, { tabindex: -1, class: 'page-title', text });
}

let uid = 0;
export const nextId = (prefix) => `${prefix}-${++uid}`;

/** A labelled form control: the label always names the input (for=id). */
export function field(labelText, control, hint) {
  control.id ||= nextId('f');
  const hintEl = hint ? h('span', { class: 'hint', id: `${control.id}-hint`, text: hint }) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id, text: labelText }), control, hintEl);
}

export function badge(text, kind) {
  return h('span', { class: ['badge', kind && `badge-${kind}`], text });
}

export function formatTime(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}
