/** The timeline as two SVG charts in seconds: start-up, and shutdown against the grace period (overflow in red). */
import type { Bar, Timeline } from './timeline.ts';

const NS = 'http://www.w3.org/2000/svg';
const LABEL_WIDTH = 170;
const PLOT_WIDTH = 520;
const ROW = 24;
const TOP = 30;

function el(name: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A tick step of 1, 2 or 5 times a power of ten, about 8 ticks over `max`. */
function tickStep(max: number): number {
  const raw = max / 8;
  const power = 10 ** Math.floor(Math.log10(raw || 1));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? power * 10;
}

const fmt = (s: number): string => `${Math.round(s * 10) / 10}s`;

function chart(heading: string, title: string, bars: readonly Bar[], max: number, grace?: number, required?: number): SVGElement {
  const rows = [...new Set(bars.map((b) => b.row))];
  if (required !== undefined) rows.push('needed to shut down');
  const height = TOP + rows.length * ROW + 12;
  const width = LABEL_WIDTH + PLOT_WIDTH + 340;
  const x = (s: number): number => LABEL_WIDTH + (s / max) * PLOT_WIDTH;
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'timeline-chart' });
  svg.append(el('title', {}, title));
  svg.append(el('text', { x: 0, y: TOP - 10, class: 'chart-heading' }, heading));
  const step = tickStep(max);
  for (let s = 0; s <= max + 1e-9; s += step) {
    svg.append(el('line', { x1: x(s), x2: x(s), y1: TOP - 6, y2: height - 8, class: 'tick' }));
    svg.append(el('text', { x: x(s), y: TOP - 10, class: 'tick-label', 'text-anchor': 'middle' }, fmt(s)));
  }
  rows.forEach((row, i) => svg.append(el('text', { x: LABEL_WIDTH - 8, y: TOP + i * ROW + 16, class: 'row-label', 'text-anchor': 'end' }, row)));
  const drawBar = (row: number, bar: { start: number; end: number; kind: string; label: string }) => {
    const y = TOP + row * ROW + 4;
    const end = Math.max(bar.end, bar.start + max / 300);
    const cut = grace !== undefined && end > grace ? Math.max(grace, bar.start) : end;
    const rect = el('rect', { x: x(bar.start), y, width: x(cut) - x(bar.start), height: ROW - 8, class: `bar bar-${bar.kind}` });
    rect.append(el('title', {}, `${bar.label}: ${fmt(bar.start)} to ${fmt(bar.end)}`));
    svg.append(rect);
    if (cut < end) svg.append(el('rect', { x: x(cut), y, width: x(end) - x(cut), height: ROW - 8, class: 'bar overflow' }));
    const past = grace !== undefined && end > grace ? ` (${fmt(end - grace)} past the grace period)` : '';
    svg.append(el('text', { x: x(end) + 4, y: y + 12, class: 'bar-label' }, `${bar.label}${past}`));
  };
  for (const bar of bars) drawBar(rows.indexOf(bar.row), bar);
  if (required !== undefined) drawBar(rows.length - 1, { start: 0, end: required, kind: 'margin', label: `${fmt(required)}: preStop + drain + margin` });
  if (grace !== undefined) {
    svg.append(el('line', { x1: x(grace), x2: x(grace), y1: TOP - 4, y2: height - 6, class: 'grace-line' }));
    svg.append(el('text', { x: x(grace) + 4, y: height - 2, class: 'grace-label' }, `grace period ${fmt(grace)}`));
  }
  return svg;
}

export function renderTimeline(t: Timeline, workload: string): HTMLElement {
  const figure = document.createElement('figure');
  figure.className = `timeline${t.short ? ' timeline-short' : ''}`;
  const caption = document.createElement('figcaption');
  const layout = t.layout === 'native' ? 'native sidecar (init container, restartPolicy: Always)' : t.layout === 'legacy' ? 'legacy layout (kuma-sidecar is containers[0])' : 'no sidecar';
  caption.textContent = `Timeline of ${workload}: ${layout}. Start-up durations are estimates; shutdown is to scale in seconds.`;
  figure.append(caption);
  const startMax = Math.max(1, ...t.startup.map((b) => b.end)) * 1.05;
  figure.append(chart('Start-up', `Start-up of ${workload}`, t.startup, startMax));
  const shutMax = Math.max(t.graceSeconds, t.requiredSeconds ?? 0, ...t.shutdown.map((b) => b.end)) * 1.08 || 1;
  figure.append(chart('Shutdown', `Shutdown of ${workload} against the grace period`, t.shutdown, shutMax, t.graceSeconds, t.requiredSeconds));
  if (t.short) {
    const note = document.createElement('p');
    note.className = 'overflow-note';
    note.textContent = `Shutting down needs ${fmt(t.requiredSeconds ?? Math.max(...t.shutdown.map((b) => b.end)))}, more than the grace period of ${fmt(t.graceSeconds)}: the red part is killed (GRACE_PERIOD_SHORT).`;
    figure.append(note);
  }
  return figure;
}
