// The console's only ways to the server: the console API (/console/api/*) and the element API (/api/...), both
// with the session token in the Authorization header. The token lives in sessionStorage (this tab only, gone when
// it closes) and never in a URL or a cookie, so a cross-site page cannot make the browser send it.

const TOKEN_KEY = 'elements.console.token';

export const getToken = () => sessionStorage.getItem(TOKEN_KEY);
export const setToken = (token) => sessionStorage.setItem(TOKEN_KEY, token);
export const clearToken = () => sessionStorage.removeItem(TOKEN_KEY);

/** A refused or failed request: HTTP status and the problem details' code and detail. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
    this.code = problem?.code ?? `HTTP_${status}`;
  }
}

function headers(extra) {
  const all = { Accept: 'application/json', ...extra };
  const token = getToken();
  if (token) all.Authorization = `Bearer ${token}`;
  return all;
}

async function read(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 300) };
  }
}

/** GET (or POST with a body) a console API path; rejects with ApiError on a non-2xx answer. */
export async function consoleApi(path, { method = 'GET', body, signal } = {}) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }), signal, cache: 'no-store' };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(`/console/api/${path}`, init);
  const data = await read(response);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/**
 * POST to an element function (its path, /api/<org>/<app>/<element/path>/<fn>) exactly as any client does: the
 * element API applies its own permission checks. actAs (Admin only) asks the server to run the call as that user.
 * Resolves {ok, status, body}; body is the result or the problem details.
 */
export async function callElement(path, args, { actAs, signal } = {}) {
  const extra = { 'Content-Type': 'application/json' };
  if (actAs) extra['X-Elements-Act-As'] = String(actAs);
  const response = await fetch(path, { method: 'POST', headers: headers(extra), body: JSON.stringify(args ?? {}), signal, cache: 'no-store' });
  return { ok: response.ok, status: response.status, body: await read(response) };
}

/** Like callElement, but resolves to the result and rejects with ApiError. */
export async function invoke(path, args, options) {
  const { ok, status, body } = await callElement(path, args, options);
  if (!ok) throw new ApiError(status, body);
  return body;
}

/** The element API path of a function of an element: /api/<org>/<app>/<full/name/as/path>/<fn>. */
export function elementPath(appId, fullName, fn) {
  const dot = appId.indexOf('.');
  const org = dot > 0 ? appId.slice(0, dot) : appId;
  const name = dot > 0 ? appId.slice(dot + 1) : '';
  return `/api/${encodeURIComponent(org)}/${encodeURIComponent(name)}/${fullName.split('.').map(encodeURIComponent).join('/')}/${encodeURIComponent(fn)}`;
}

/**
 * Reads a text/event-stream answer through fetch (EventSource cannot send the Authorization header, and the token
 * must not go in a URL). Calls onEvent(name, data) per event until the signal aborts or the stream ends.
 */
export async function stream(path, onEvent, signal) {
  const response = await fetch(`/console/api/${path}`, { headers: headers({ Accept: 'text/event-stream' }), signal, cache: 'no-store' });
  if (!response.ok) throw new ApiError(response.status, await read(response));
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue; // a keep-alive comment
        const colon = line.indexOf(':');
        const key = colon < 0 ? line : line.slice(0, colon);
        const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (key === 'event') name = val;
        else if (key === 'data') data.push(val);
      }
      if (data.length) onEvent(name, data.join('\n'));
    }
  }
}
