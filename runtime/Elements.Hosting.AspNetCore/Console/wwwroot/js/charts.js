// Small SVG charts drawn with the DOM (no library, no inline style: SVG presentation attributes and CSS classes).

import { h, svg } from './dom.js';

/** Horizontal bars: [{label, value, bad?}] → a figure whose SVG has a text equivalent (role=img + title). */
export function barChart(title, bars, { id, unit = '' } = {}) {
  const width = 360;
  const row = 22;
  const labelWidth = 150;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = Math.max(row, bars.length * row) + 4;
  if (!bars.length) return h('figure', { class: 'chart-box', id }, h('figcaption', { text: title }), h('p', { class: 'muted small', text: 'No data yet.' }));
  const summary = bars.map((b) => `${b.label}: ${b.value}${unit}`).join(', ');
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': `${title}: ${summary}` },
    svg('title', { text: `${title}: ${summary}` }),
    bars.map((b, i) => {
      const y = i * row + 2;
      const w = Math.max(b.value > 0 ? 2 : 0, ((width - labelWidth - 50) * b.value) / max);
      return svg('g', {},
        svg('text', { x: 0, y: y + 14, class: 'chart-label', text: b.label.length > 22 ? `${b.label.slice(0, 21)}…` : b.label }),
        svg('rect', { x: labelWidth, y: y + 3, width: w, height: row - 8, rx: 2, class: b.bad ? 'bar bar-bad' : 'bar' }),
        svg('text', { x: labelWidth + w + 4, y: y + 14, class: 'chart-value', text: `${b.value}${unit}` }));
    }));
  return h('figure', { class: 'chart-box', id }, h('figcaption', { text: title }), chart);
}

/** A line over time: [{at, value}] (oldest first). */
export function lineChart(title, points, { id, unit = '' } = {}) {
  const width = 360;
  const height = 110;
  const pad = 24;
  const max = Math.max(1, ...points.map((p) => p.value));
  const x = (i) => pad + (points.length <= 1 ? 0 : ((width - 2 * pad) * i) / (points.length - 1));
  const y = (v) => height - pad - ((height - 2 * pad) * v) / max;
  const last = points.at(-1);
  const summary = points.length ? `${points.length} minutes, latest ${last.value}${unit}, highest ${max}${unit}` : 'no data yet';
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': `${title}: ${summary}` },
    svg('title', { text: `${title}: ${summary}` }),
    svg('line', { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, class: 'axis' }),
    svg('text', { x: 0, y: pad, class: 'chart-value', text: `${max}${unit}` }),
    svg('text', { x: 0, y: height - pad, class: 'chart-value', text: '0' }),
    points.length > 1 ? svg('polyline', { points: points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' '), class: 'line' }) : null,
    points.map((p, i) => svg('circle', { cx: x(i).toFixed(1), cy: y(p.value).toFixed(1), r: 2.5, class: 'dot' })),
    points.length ? null : svg('text', { x: pad, y: height / 2, class: 'chart-label', text: 'no data yet' }));
  return h('figure', { class: 'chart-box', id }, h('figcaption', { text: title }), chart);
}
