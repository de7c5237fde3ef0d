// Sign-in with a password login type, through the element API exactly as any client signs in:
// <loginType>.getLoginCode(username, password) → AuthSvc.login(loginCode) → {token}.

import { ApiError, elementPath, getToken, invoke } from './api.js';
import { append, field, h, heading } from './dom.js';

export async function render(target, ctx) {
  const options = ctx.options ?? { passwordLoginTypes: [] };
  append(target, heading('Sign in'));
  if (ctx.linkError) {
    append(target, h('p', { class: 'alert', role: 'alert', id: 'link-error',
      text: `The sign-in link was refused (${ctx.linkError.code}): it is single-use and expires after 15 minutes. Restart the host for a new one, or sign in with a password.` }));
    ctx.linkError = null;
  }
  if (getToken() && ctx.me) {
    append(target, h('p', { text: `You are signed in as ${ctx.me.username ?? ctx.me.userId}.` }), h('p', {}, h('a', { href: '#/elements', text: 'Open the elements' })));
    return;
  }
  if (options.sandbox) {
    append(target, h('p', { class: 'muted', text: 'Sandbox mode: the start-up banner prints a one-time link (“Console …/console/#signin=…”) that signs in the local admin.' }));
  }
  const types = options.passwordLoginTypes ?? [];
  if (types.length === 0) {
    append(target, h('p', { text: 'This app has no password login type the console can use.' }));
    return;
  }

  const username = h('input', { type: 'text', name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const loginType = h('select', { name: 'loginType' }, types.map((t) => h('option', { value: t.fullName, text: t.title ? `${t.title} (${t.fullName})` : t.fullName })));
  const status = h('p', { class: 'status', 'aria-live': 'polite', id: 'signin-status' });
  const submit = h('button', { type: 'submit', class: 'primary', text: 'Sign in' });
  const form = h('form', { class: 'card form narrow', id: 'signin-form', novalidate: true },
    field('Username', username), field('Password', password),
    types.length > 1 ? field('Login type', loginType) : null,
    submit, status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = '';
    status.classList.remove('error');
    if (!username.value.trim() || !password.value) {
      status.textContent = 'Enter a username and a password.';
      status.classList.add('error');
      return;
    }
    submit.disabled = true;
    try {
      const code = await invoke(elementPath(ctx.appId, loginType.value, 'getLoginCode'), { username: username.value.trim(), password: password.value });
      const session = await invoke(elementPath(ctx.appId, 'auths.services.AuthSvc', 'login'), { loginCode: code.loginCode });
      password.value = '';
      await ctx.signedIn(session.token);
    } catch (error) {
      status.textContent = error instanceof ApiError ? `${error.code}: ${error.message}` : String(error);
      status.classList.add('error');
      status.setAttribute('role', 'alert');
    } finally {
      submit.disabled = false;
    }
  });
  append(target, form);
}
