// The console's shell: a hash router over one page (#/elements, #/elements/<name>, #/models/<name>, #/health,
// #/permissions, #/tasks, #/signin), the header (app, user, sign-out) and the sign-in state.

import { ApiError, clearToken, consoleApi, elementPath, getToken, invoke, setToken } from './api.js';
import { append, clear, h, heading } from './dom.js';

const main = document.getElementById('main');

const pages = {
  elements: () => import('./elements.js'),
  models: () => import('./models.js'),
  health: () => import('./health.js'),
  permissions: () => import('./permissions.js'),
  tasks: () => import('./tasks.js'),
  signin: () => import('./signin.js'),
};

/** What every page may read: who is signed in, the app, and how to move on. */
const ctx = {
  me: null,
  appId: '',
  options: null,
  navigate: (hash) => { if (location.hash === hash) route(); else location.hash = hash; },
  signedIn: async (token) => {
    setToken(token);
    await loadMe();
    ctx.navigate('#/elements');
  },
};

let cleanup = null;
let generation = 0;

async function loadOptions() {
  try {
    ctx.options = await consoleApi('signin-options');
  } catch {
    ctx.options = { passwordLoginTypes: [], sandbox: false };
  }
  ctx.appId = ctx.options.appId ?? '';
  if (!ctx.appId) {
    // The health endpoint is public and names the app; the element API's URLs need it before anyone signs in.
    try {
      const health = await (await fetch('/healthz', { cache: 'no-store' })).json();
      ctx.appId = Object.values(health.checks ?? {}).map((c) => c.data?.appId).find(Boolean) ?? '';
    } catch {
      ctx.appId = '';
    }
  }
  document.getElementById('app-id').textContent = ctx.appId ? `app ${ctx.appId}` : '';
}

async function loadMe() {
  ctx.me = null;
  ctx.refused = null;
  if (getToken()) {
    try {
      ctx.me = await consoleApi('me');
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) clearToken();
      ctx.refused = error;
    }
  }
  renderUser();
}

function renderUser() {
  const box = document.getElementById('user');
  const signedIn = Boolean(getToken());
  box.hidden = !signedIn;
  document.getElementById('user-name').textContent = ctx.me
    ? `${ctx.me.username ?? `user ${ctx.me.userId}`}${ctx.me.canWrite ? ' · admin' : ' · viewer'}`
    : 'signed in';
}

async function signOut() {
  const token = getToken();
  clearToken();
  ctx.me = null;
  renderUser();
  if (token && ctx.appId) {
    // Revokes the session server-side too; signing out locally is what matters if the server is unreachable.
    try {
      await invoke(elementPath(ctx.appId, 'auths.services.AuthSvc', 'logout'), { token });
    } catch {
      // already expired or revoked
    }
  }
  ctx.navigate('#/signin');
}

/** What a visitor without a console role sees: no data, and why. */
export function notAllowed(target, error) {
  const anonymous = error.status === 401;
  append(clear(target), h('section', { class: 'card notice', id: 'not-allowed', 'data-status': error.status },
    heading('Not allowed'),
    h('p', { role: 'alert', text: anonymous
      ? 'Sign in with an account that is a member of roles.Admin or roles.ConsoleViewer to use the console.'
      : 'Your account is not a member of roles.Admin or roles.ConsoleViewer, so the console shows you nothing.' }),
    h('p', { class: 'muted' }, h('span', { class: 'code', text: error.code }), ` (HTTP ${error.status})`),
    h('p', {}, anonymous ? h('a', { href: '#/signin', class: 'button', text: 'Sign in' })
      : h('button', { type: 'button', class: 'button', text: 'Sign out', on: { click: signOut } }))));
}

function parseHash() {
  const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
  const slash = hash.indexOf('/');
  const page = (slash < 0 ? hash : hash.slice(0, slash)) || 'elements';
  const param = slash < 0 ? '' : hash.slice(slash + 1);
  return { page: pages[page] ? page : 'elements', param };
}

async function route() {
  const mine = ++generation;
  if (cleanup) {
    try { cleanup(); } catch { /* a page's cleanup never blocks the next page */ }
    cleanup = null;
  }
  const { page, param } = parseHash();
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === page || (page === 'models' && link.dataset.nav === 'elements')) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  main.dataset.page = page;
  main.dataset.state = 'loading';
  append(clear(main), h('p', { class: 'muted', text: 'Loading…' }));
  try {
    const module = await pages[page]();
    if (mine !== generation) return;
    const target = h('div', { class: 'page' });
    const result = await module.render(target, ctx, param);
    if (mine !== generation) {
      if (typeof result === 'function') result();
      return;
    }
    cleanup = typeof result === 'function' ? result : null;
    append(clear(main), target);
    main.dataset.state = 'ready';
    main.querySelector('.page-title')?.focus({ preventScroll: true });
  } catch (error) {
    if (mine !== generation) return;
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      if (error.status === 401 && getToken()) {
        clearToken();
        renderUser();
      }
      notAllowed(main, error);
      main.dataset.state = 'refused';
    } else {
      append(clear(main), h('section', { class: 'card notice' }, heading('Something failed'),
        h('p', { role: 'alert', class: 'error', text: error instanceof ApiError ? `${error.code}: ${error.message}` : String(error?.message ?? error) })));
      main.dataset.state = 'failed';
    }
    main.querySelector('.page-title')?.focus({ preventScroll: true });
  }
  document.body.dataset.ready = 'true';
}

async function start() {
  document.getElementById('sign-out').addEventListener('click', signOut);
  // The sandbox banner's one-time link: #signin=<code>. The fragment never reaches a server; remove it from the
  // address bar and history before anything else, then trade it for a session.
  const link = /^#signin=([^&]*)/.exec(location.hash);
  if (link) history.replaceState(null, '', `${location.pathname}${location.search}#/elements`);
  await loadOptions();
  if (link) {
    try {
      const answer = await consoleApi('sandbox-signin', { method: 'POST', body: { code: decodeURIComponent(link[1]) } });
      setToken(answer.token);
    } catch (error) {
      ctx.linkError = error;
      history.replaceState(null, '', `${location.pathname}${location.search}#/signin`);
    }
  }
  await loadMe();
  window.addEventListener('hashchange', route);
  await route();
}

start();
