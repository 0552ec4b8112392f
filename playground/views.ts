/** The per-object views: the diff, the Dataplane preview, and the results list with its links. */
import type { Result } from '../src/lib.ts';
import { diffStats } from './diff.ts';
import { h } from './dom.ts';
import { renderTimeline } from './timeline-svg.ts';
import { timelineOf } from './timeline.ts';
import { type ObjectView, lineOfField } from './workloads.ts';

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

export const titleOf = (v: { kind: string; namespace: string; name: string }): string => `${v.kind} ${v.namespace ? `${v.namespace}/` : ''}${v.name}`;
export const lineId = (index: number, line: number): string => `obj${index}-line${line}`;

export function renderDiff(view: ObjectView, index: number): HTMLElement {
  const lines = view.diff();
  const { added, removed } = diffStats(lines);
  const pre = h('pre', { class: 'diff', tabindex: 0, 'aria-label': `Diff of ${titleOf(view)}: ${added} lines added, ${removed} removed` });
  for (const line of lines) {
    const id = line.op === '-' || line.newLine === undefined ? undefined : lineId(index, line.newLine);
    const cls = line.op === '+' ? 'add' : line.op === '-' ? 'del' : 'same';
    pre.append(h('span', { class: `line ${cls}`, id, tabindex: id ? -1 : undefined }, `${line.op} ${line.text}\n`));
  }
  return h('details', { class: 'diff-box', open: added + removed > 0 && added + removed < 400 },
    h('summary', {}, `Diff: +${added} −${removed} lines`), pre);
}

export function renderDataplane(dataplane: Plain): HTMLElement {
  const spec = isPlain(dataplane.spec) ? dataplane.spec : {};
  const networking = isPlain(spec.networking) ? spec.networking : {};
  const inbounds = Array.isArray(networking.inbound) ? networking.inbound.filter(isPlain) : [];
  const table = h('table', { class: 'inbounds' },
    h('caption', {}, `Dataplane preview (mesh ${String(dataplane.mesh ?? 'default')}): ${inbounds.length} inbound(s)`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Inbound'), h('th', { scope: 'col' }, 'Port'), h('th', { scope: 'col' }, 'Ready'), h('th', { scope: 'col' }, 'Tags'))));
  const body = h('tbody');
  for (const inbound of inbounds) {
    const tags = isPlain(inbound.tags) ? Object.entries(inbound.tags) : [];
    const health = isPlain(inbound.health) ? String(inbound.health.ready ?? '') : '';
    body.append(h('tr', {},
      h('td', {}, String(inbound.name ?? '')),
      h('td', {}, String(inbound.port ?? '')),
      h('td', {}, health),
      h('td', {}, h('ul', { class: 'tags' }, ...tags.map(([k, v]) => h('li', { class: 'tag' }, h('code', {}, `${k}=${String(v)}`)))))));
  }
  table.append(body);
  return h('div', { class: 'dataplane' }, table);
}

/** The object's section, its heading only: `fillObject` draws the rest when it is about to be seen. */
export function renderObjectShell(view: ObjectView, index: number): HTMLElement {
  return h('section', { class: `object${view.podSpec ? ' workload' : ''}`, id: `obj${index}`, 'aria-labelledby': `obj${index}-title`, 'data-index': index },
    h('h3', { id: `obj${index}-title`, tabindex: -1 }, titleOf(view)));
}

export function fillObject(section: HTMLElement, view: ObjectView, index: number): void {
  if (section.dataset.filled) return;
  section.dataset.filled = 'true';
  section.append(renderDiff(view, index));
  if (view.dataplane) section.append(renderDataplane(view.dataplane));
  if (view.podSpec) section.append(renderTimeline(timelineOf(view.podSpec, view.results), titleOf(view)));
}

/** Where a result points: the line of its field in its object's diff, or the object, or the config editor. */
export function targetOf(result: Result, views: readonly ObjectView[]): string | undefined {
  if (!result.resourceRef) return result.field?.path.startsWith('spec.') ? 'config' : undefined;
  const { kind, name } = result.resourceRef;
  const namespace = result.resourceRef.namespace ?? '';
  const index = views.findIndex((v) => v.kind === kind && v.name === name && v.namespace === namespace);
  if (index < 0) return undefined;
  if (!result.field) return `obj${index}-title`;
  return lineId(index, lineOfField(views[index]!.afterText(), result.field.path));
}

/** The results, each with a button to what it names (found when clicked: finding a field's line parses YAML). */
export function renderResults(results: readonly Result[], views: readonly ObjectView[], go: (target: string) => void): HTMLElement {
  const list = h('ol', { class: 'results' });
  for (const result of results) {
    const ref = result.resourceRef ? titleOf({ kind: result.resourceRef.kind, namespace: result.resourceRef.namespace ?? '', name: result.resourceRef.name }) : '';
    const where = [ref, result.field?.path].filter(Boolean).join(': ');
    const linked = result.resourceRef ? views.some((v) => v.kind === result.resourceRef!.kind && v.name === result.resourceRef!.name) : result.field?.path.startsWith('spec.');
    const link = linked && where ? h('button', { type: 'button', class: 'result-link' }, where) : where ? h('span', {}, where) : null;
    if (linked && link) link.addEventListener('click', () => { const target = targetOf(result, views); if (target) go(target); });
    list.append(h('li', { class: `result ${result.severity}`, 'data-code': result.code },
      h('span', { class: `severity ${result.severity}` }, result.severity), ' ', h('code', {}, result.code), ' ', link, h('p', {}, result.message)));
  }
  return list;
}
