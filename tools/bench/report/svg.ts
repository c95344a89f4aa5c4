/**
 * The alert-lag chart: one cumulative distribution per storm (x: seconds after the deadline, y: share
 * of supervisors fully alerted), with the target as a dashed line. Plain SVG text, no library:
 * GitHub renders it, and it diffs like the rest of the docs.
 */

export interface Series {
  label: string;
  /** Sorted lags in ms. */
  lagsMs: number[];
  /** Of how many commitments (a storm that alerted fewer never reaches 100%). */
  total: number;
}

const W = 760;
const PLOT_H = 270;
const M = { left: 60, right: 20, top: 30 };
const LEGEND_ROW = 18;
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf', '#7f7f7f'];

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** 1, 2, 5 × 10^k steps, about `count` of them up to `max`. */
function niceStep(max: number, count: number): number {
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw);
  return step ?? 10 * pow;
}

export function alertLagChart(series: Series[], targetMs: number, title: string, targetLabel = `target: p99 ≤ ${targetMs / 1000} s`): string {
  const maxLag = Math.max(targetMs * 1.25, ...series.map((s) => s.lagsMs[s.lagsMs.length - 1] ?? 0));
  // Minutes-long storms next to a target of seconds only read on a logarithmic axis.
  const logScale = maxLag > targetMs * 20;
  const plotW = W - M.left - M.right;
  const plotH = PLOT_H;
  const legendTop = M.top + plotH + 56;
  const H = legendTop + Math.ceil(series.length / 2) * LEGEND_ROW + 6;
  let x: (seconds: number) => number;
  let ticks: number[];
  if (logScale) {
    const lo = 0.1;
    const decade = 10 ** Math.floor(Math.log10(maxLag / 1000));
    const hi = [1, 2, 5, 10].map((m) => m * decade).find((t) => t >= maxLag / 1000) ?? 10 * decade;
    x = (seconds) => M.left + ((Math.log10(Math.max(lo, seconds)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotW;
    ticks = [];
    for (let decade = lo; decade < hi * 1.001; decade *= 10) ticks.push(...[1, 2, 5].map((m) => m * decade).filter((t) => t <= hi * 1.001));
  } else {
    const step = niceStep(maxLag / 1000, 8);
    const xMax = Math.ceil(maxLag / 1000 / step) * step;
    x = (seconds) => M.left + (seconds / xMax) * plotW;
    ticks = [];
    for (let t = 0; t <= xMax + 1e-9; t += step) ticks.push(t);
  }
  const y = (share: number) => M.top + (1 - share) * plotH;
  const parts: string[] = [];

  parts.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  parts.push(`<text x="${W / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${escape(title)}</text>`);
  for (const t of ticks) {
    const px = x(t).toFixed(1);
    parts.push(`<line x1="${px}" y1="${M.top}" x2="${px}" y2="${M.top + plotH}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${px}" y="${M.top + plotH + 16}" text-anchor="middle" font-size="11">${Number(t.toFixed(3))}</text>`);
  }
  for (let p = 0; p <= 100; p += 20) {
    const py = y(p / 100).toFixed(1);
    parts.push(`<line x1="${M.left}" y1="${py}" x2="${M.left + plotW}" y2="${py}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${M.left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle" font-size="11">${p}%</text>`);
  }
  parts.push(`<rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#444"/>`);
  const axis = `seconds after the deadline until the supervisor's alert was accepted on every channel${logScale ? ' (log scale)' : ''}`;
  parts.push(`<text x="${M.left + plotW / 2}" y="${M.top + plotH + 34}" text-anchor="middle" font-size="12">${axis}</text>`);
  parts.push(`<text transform="translate(16 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="12">commitments alerted</text>`);

  const tx = x(targetMs / 1000).toFixed(1);
  parts.push(`<line x1="${tx}" y1="${M.top}" x2="${tx}" y2="${M.top + plotH}" stroke="#000" stroke-dasharray="5 4"/>`);
  parts.push(`<text x="${Number(tx) + 4}" y="${M.top + 12}" font-size="11">${escape(targetLabel)}</text>`);

  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length] as string;
    // A step function: after the k-th alert, k/total are alerted.
    const points = [`${x(0).toFixed(1)},${y(0).toFixed(1)}`];
    s.lagsMs.forEach((lag, k) => {
      const px = x(Math.max(0, lag) / 1000).toFixed(1);
      points.push(`${px},${y(k / s.total).toFixed(1)}`, `${px},${y((k + 1) / s.total).toFixed(1)}`);
    });
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.join(' ')}"/>`);
    const ly = legendTop + Math.floor(i / 2) * LEGEND_ROW;
    const lx = M.left + (i % 2) * (plotW / 2);
    parts.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 24}" y2="${ly}" stroke="${color}" stroke-width="3"/>`);
    parts.push(`<text x="${lx + 30}" y="${ly}" dominant-baseline="middle" font-size="12">${escape(s.label)}</text>`);
  });

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">\n${parts.join('\n')}\n</svg>\n`;
}
