// A small SVG bar chart of calls and failures per time bucket: calls as bars, failures drawn over
// them in the failure colour. Colours come from the stylesheet (classes), so both themes apply.
import { el } from './dom.js';

const HEIGHT = 170;
const PAD = { left: 44, right: 8, top: 10, bottom: 24 };

function svg(tag, attrs = {}, ...children) {
  return el(`svg:${tag}`, { attrs }, ...children);
}

function label(date) {
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/**
 * buckets: [{start: iso, calls: n, failures: n}], oldest first; width: the pixels available, so
 * the chart is drawn at its real size and its text is never stretched.
 */
export function barChart(buckets, hours, width = 640) {
  const chartWidth = Math.max(280, Math.round(width));
  const plotWidth = chartWidth - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const max = Math.max(1, ...buckets.map((b) => b.calls), ...buckets.map((b) => b.failures));
  const step = plotWidth / Math.max(1, buckets.length);
  const bar = Math.max(1, step * 0.8);
  const y = (value) => PAD.top + plotHeight - (value / max) * plotHeight;
  const chart = svg('svg', {
    viewBox: `0 0 ${chartWidth} ${HEIGHT}`, class: 'chart', role: 'img',
    'aria-label': `Calls and failures over the last ${hours} h`,
  });
  for (const fraction of [0, 0.5, 1]) {
    const value = Math.round(max * fraction);
    chart.append(svg('line', { x1: PAD.left, x2: chartWidth - PAD.right, y1: y(value), y2: y(value),
      class: 'grid' }));
    chart.append(svg('text', { x: PAD.left - 6, y: y(value) + 4, 'text-anchor': 'end',
      class: 'axis' }, String(value)));
  }
  buckets.forEach((bucket, index) => {
    const x = PAD.left + index * step + (step - bar) / 2;
    const title = `${new Date(bucket.start).toLocaleString()}: ${bucket.calls} calls, `
      + `${bucket.failures} failures`;
    const group = svg('g', { class: 'bucket' }, svg('title', {}, title));
    group.append(svg('rect', { x, width: bar, y: y(bucket.calls),
      height: PAD.top + plotHeight - y(bucket.calls), class: 'calls' }));
    if (bucket.failures > 0) {
      group.append(svg('rect', { x, width: bar, y: y(bucket.failures),
        height: PAD.top + plotHeight - y(bucket.failures), class: 'failures' }));
    }
    chart.append(group);
  });
  // A time label needs about 90 px: fewer of them on a narrow screen.
  const ticks = Math.min(6, buckets.length, Math.floor(chartWidth / 90));
  for (let i = 0; i < ticks; i++) {
    const index = Math.round((i * (buckets.length - 1)) / Math.max(1, ticks - 1));
    const bucket = buckets[index];
    if (!bucket) {
      continue;
    }
    chart.append(svg('text', { x: PAD.left + index * step + step / 2, y: HEIGHT - 6,
      'text-anchor': 'middle', class: 'axis' }, label(new Date(bucket.start))));
  }
  return chart;
}
