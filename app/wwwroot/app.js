// The try-it page: plain JS against the host's own routes (no framework, no build step).
(() => {
  const $ = (id) => document.getElementById(id);
  let config = null;

  async function post(path, body, token) {
    const headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    const response = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body ?? {}) });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const problem = json || {};
      throw new Error((problem.code ? problem.code + ': ' : '') + (problem.detail || problem.title || response.status));
    }
    return json;
  }

  function option(select, value, text) {
    const o = document.createElement('option');
    o.value = value; o.textContent = text; select.appendChild(o);
  }

  const linkingErrors = {
    100: 'Not opened in WeChat (the User-Agent has no MicroMessenger).',
    101: 'The application_uri domain is not configured for this account.',
    102: 'No code received from WeChat (the visitor denied, or the link expired).',
    103: 'No token received from WeChat.',
    104: 'The profile could not be saved.',
    105: 'Invalid or missing account.',
  };

  async function showLinkingResult() {
    const params = new URLSearchParams(location.search);
    const profileId = params.get('profile_id');
    const errorCode = params.get('error_code');
    if (!profileId && !errorCode) return;
    $('oa-result').hidden = false;
    if (errorCode) {
      $('oa-error').hidden = false;
      $('oa-error').textContent = 'error_code ' + errorCode + ': ' + (linkingErrors[errorCode] || 'unknown error');
      $('oa-error').dataset.errorCode = errorCode;
      return;
    }
    const response = await fetch('/api/profile/' + encodeURIComponent(profileId));
    const profile = await response.json();
    $('profile-json').textContent = JSON.stringify(profile, null, 2);
    if (!response.ok) {
      $('oa-error').hidden = false;
      $('oa-error').textContent = profile.detail || 'profile not found';
      return;
    }
    const social = (profile.social || [])[0] || {};
    const name = social.nickname || 'WeChat visitor';
    $('profile').hidden = false;
    $('profile-avatar').textContent = name.slice(0, 1).toUpperCase();
    $('profile-name').textContent = name;
    const address = profile.address ? [profile.address.city, profile.address.province, profile.address.country].filter(Boolean).join(', ') : '';
    $('profile-meta').textContent = [profile.gender, address, profile.wechat_openid.length + (profile.wechat_openid.length === 1 ? ' OpenID' : ' OpenIDs')].filter(Boolean).join(' · ');
    $('profile-id').textContent = profile.id;
    $('profile').dataset.profileId = profile.id;
  }

  function startLinking() {
    const applicationUri = location.origin + '/';
    const query = new URLSearchParams({
      account_id: $('oa-account').value,
      auth_type: $('oa-scope').value,
      application_uri: applicationUri,
    });
    location.href = '/api/wechat/authorise/?' + query.toString();
  }

  function step(text, ok = true) {
    const li = document.createElement('li');
    li.textContent = text;
    li.className = ok ? 'ok' : 'fail';
    $('mini-steps').appendChild(li);
  }

  async function miniLogin() {
    const button = $('mini-login');
    button.disabled = true;
    $('mini-steps').textContent = '';
    $('session').hidden = true;
    const api = config.apiBase + '/' + config.mini.element.replaceAll('.', '/');
    const user = $('mini-user').value;
    try {
      const mint = async () => {
        const r = await fetch('/sandbox/apps/' + encodeURIComponent(config.mini.appId) + '/users/' + encodeURIComponent(user) + '/login-code', { method: 'POST' });
        if (!r.ok) throw new Error('sandbox: ' + r.status);
        return (await r.json()).code;
      };
      let code = await mint();
      step('wx.login code minted for ' + user);
      let result = await post(api + '/getLoginCode', { code });
      if (result.bindCode) {
        step('new WeChat user: bindCode issued');
        const created = await post(api + '/register', { bindCode: result.bindCode });
        step('registered user ' + (created.userId ?? ''));
        code = await mint();
        result = await post(api + '/getLoginCode', { code });
      }
      step('loginCode issued');
      const session = await post(config.apiBase + '/auths/services/AuthSvc/login', { loginCode: result.loginCode });
      step('AuthSvc.login: session for user ' + session.userId);
      const current = await post(config.apiBase + '/auths/services/AuthSvc/getCurrentUser', { token: session.token }, session.token);
      step('getCurrentUser with the bearer token');
      $('session').hidden = false;
      $('session').dataset.userId = String(session.userId);
      const wechatName = $('mini-user').selectedOptions[0]?.textContent || user;
      $('session-user').textContent = `#${session.userId}` + (current && current.name ? ` ${current.name}` : '') + ` · signed in as WeChat user ${wechatName}`;
      $('session-token').textContent = session.token.slice(0, 12) + '…';
      $('session-expires').textContent = new Date(session.expiresAt).toLocaleString();
      $('session-json').textContent = JSON.stringify(current, null, 2);
    } catch (error) {
      step(String(error.message || error), false);
    } finally {
      button.disabled = false;
    }
  }

  async function init() {
    config = await (await fetch('/api/host/page')).json();
    $('app-id').textContent = config.appId;
    $('mode').textContent = config.sandbox ? 'WeChat sandbox in this process' : 'live WeChat';
    $('api-base').textContent = config.apiBase;
    for (const account of config.linking) option($('oa-account'), account.accountId, account.accountId + ' · ' + account.login.split('.').pop());
    for (const user of config.users) option($('mini-user'), user.userId, user.nickname || user.userId);
    $('oa-login').disabled = config.linking.length === 0;
    $('mini-login').disabled = !config.mini || config.users.length === 0;
    $('oa-login').addEventListener('click', startLinking);
    $('mini-login').addEventListener('click', miniLogin);
    document.body.dataset.ready = 'true';
    await showLinkingResult();
  }

  init();
})();
