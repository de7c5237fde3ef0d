// #/health: load diagnostics of the current registry and of the last failed hot reload, live from the server's
// event stream (read through fetch so the token stays in a header), and the host's meters polled every 10 s.

import { consoleApi, stream } from './api.js';
import { append, clear, formatTime, h, heading } from './dom.js';
import { barChart, lineChart } from './charts.js';

export async function render(target) {
  // The first answer also proves the caller may see it (a 401/403 becomes the "not allowed" page).
  const first = await consoleApi('health');
  const live = h('p', { class: 'muted small', id: 'live-state', 'aria-live': 'polite', text: 'Connecting to live updates…' });
  const current = h('section', { class: 'card', id: 'current', 'aria-labelledby': 'current-h' });
  const failed = h('section', { class: 'card', id: 'last-failed', 'aria-labelledby': 'failed-h' });
  const metrics = h('section', { class: 'card', id: 'metrics', 'aria-labelledby': 'metrics-h' }, h('h2', { id: 'metrics-h', text: 'Meters' }));
  const charts = h('div', { class: 'charts', 'aria-live': 'off' });
  metrics.append(h('p', { class: 'muted small', text: 'In-process counts since the host started; refreshed every 10 seconds.' }), charts);
  append(target, heading('Health'), live, current, failed, metrics);

  const draw = (health) => {
    append(clear(current), h('h2', { id: 'current-h', text: 'Current registry' }),
      h('p', {}, `Generation ${health.generation} · ${health.elementCount} elements · loaded ${formatTime(health.loadedAt)}`),
      diagnostics(health.diagnostics, 'current-diagnostics', 'No diagnostics: every element loaded cleanly.'));
    const last = health.lastFailedReload;
    append(clear(failed), [h('h2', { id: 'failed-h', text: 'Last failed reload' }),
      last ? [h('p', { class: 'warn', text: `Failed at ${formatTime(last.at)}; the host keeps serving generation ${health.generation} until the files load again.` }),
        diagnostics(last.diagnostics, 'failed-diagnostics', 'No diagnostics recorded.')]
        : h('p', { class: 'muted', id: 'no-failed-reload', text: 'None pending: the app folder loads cleanly.' })]);
    target.dataset.generation = String(health.generation);
  };
  draw(first);

  const abort = new AbortController();
  (async () => {
    while (!abort.signal.aborted) {
      try {
        await stream('health/stream', (event, data) => {
          if (event !== 'health') return;
          live.textContent = `Live · last update ${new Date().toLocaleTimeString()}`;
          target.dataset.live = 'true';
          draw(JSON.parse(data));
        }, abort.signal);
      } catch (error) {
        if (abort.signal.aborted) return;
        live.textContent = `Live updates interrupted (${error.code ?? error.message}); retrying…`;
        if (error.status === 401 || error.status === 403) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
  })();

  const poll = async () => {
    try {
      drawMetrics(charts, await consoleApi('metrics', { signal: abort.signal }));
    } catch (error) {
      if (!abort.signal.aborted) append(clear(charts), h('p', { class: 'muted', text: `Meters unavailable (${error.code ?? error.message}).` }));
    }
  };
  await poll();
  const timer = setInterval(poll, 10_000);
  return () => {
    abort.abort();
    clearInterval(timer);
  };
}

function diagnostics(list, id, empty) {
  if (!list || list.length === 0) return h('p', { class: 'ok', id: `${id}-none`, text: empty });
  return h('ul', { class: 'diagnostics', id },
    list.map((d) => h('li', { class: d.severity === 'warning' ? 'warn' : 'error', 'data-code': d.code },
      h('code', { text: d.text ?? `${d.path}(${d.line},${d.column}): ${d.severity} ${d.code}: ${d.message}` }))));
}

function drawMetrics(target, m) {
  const wechat = m.wechat ?? [];
  const logins = m.logins ?? {};
  const recent = logins.recent ?? [];
  append(clear(target), 
    barChart('WeChat calls by API', wechat.map((w) => ({ label: w.api, value: w.calls })), { id: 'chart-wechat-calls' }),
    barChart('WeChat errors by errcode', wechat.flatMap((w) => (w.errors ?? []).map((e) => ({ label: `${w.api} ${e.errcode}`, value: e.count, bad: true }))), { id: 'chart-wechat-errors' }),
    lineChart(`Logins per minute (total ${logins.count ?? 0})`, recent.map((r) => ({ at: r.at, value: r.count })), { id: 'chart-logins' }),
    lineChart(`Login p95 latency (p50 ${fmt(logins.p50Ms)} ms, p95 ${fmt(logins.p95Ms)} ms)`, recent.map((r) => ({ at: r.at, value: Math.round(r.p95Ms ?? 0) })), { id: 'chart-login-latency', unit: ' ms' }),
    barChart('Element API calls', [{ label: 'calls', value: m.calls?.count ?? 0 }, { label: 'errors', value: m.calls?.errors ?? 0, bad: true }], { id: 'chart-calls' }));
}

const fmt = (x) => (typeof x === 'number' ? x.toFixed(1) : '–');
