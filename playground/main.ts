/**
 * The playground page: the input and config fields, the run (the library's `inject`, in the page), and the
 * output, results, per-object diff, Dataplane preview and timeline. The state lives in the URL fragment.
 */
import { inject, kumaReleases } from '../src/lib.ts';
import { composeConfig, fieldHints, pathAtCursor, splitFunctionConfig } from './config.ts';
import { byId, h } from './dom.ts';
import { EXAMPLES } from './examples.ts';
import { objectsOf, prepareInput } from './input.ts';
import { type PlaygroundState, decodeState, encodeState } from './state.ts';
import { fillObject, renderObjectShell, renderResults } from './views.ts';
import type { ObjectView } from './workloads.ts';
import { buildViews } from './workloads.ts';

document.body.dataset.scriptStartAt = String(performance.now());
const input = byId<HTMLTextAreaElement>('input');
const release = byId<HTMLSelectElement>('release');
const kubernetesVersion = byId<HTMLInputElement>('kubernetes-version');
const config = byId<HTMLTextAreaElement>('config');
const output = byId<HTMLElement>('output');

let importedFunctionConfig = '';
let firstRender = true;
let shownViews: ObjectView[] = [];
/** Sections are drawn when they come near the viewport: a 100-workload input stays quick to show. */
const observer = new IntersectionObserver((entries) => {
  for (const entry of entries) if (entry.isIntersecting) fillSection(entry.target as HTMLElement);
}, { rootMargin: '400px 0px' });

function fillSection(section: HTMLElement): void {
  const index = Number(section.dataset.index);
  const view = shownViews[index];
  if (view) fillObject(section, view, index);
  observer.unobserve(section);
}

function stateNow(): PlaygroundState {
  return { input: input.value, release: release.value, kubernetesVersion: kubernetesVersion.value, config: config.value };
}

/** Whether a string names a release of the menu (kumaReleases is typed as the releases themselves). */
const isRelease = (value: string): boolean => (kumaReleases as readonly string[]).includes(value);

function applyState(state: PlaygroundState): void {
  input.value = state.input;
  if (state.release && isRelease(state.release)) release.value = state.release;
  kubernetesVersion.value = state.kubernetesVersion;
  config.value = state.config;
  importedFunctionConfig = JSON.stringify(prepareInput(state.input).functionConfig ?? null);
}

/** A ResourceList's functionConfig fills the config fields whenever it changes in the input. */
function importFunctionConfig(functionConfig: Record<string, unknown> | undefined): void {
  const text = JSON.stringify(functionConfig ?? null);
  if (!functionConfig || text === importedFunctionConfig) return;
  importedFunctionConfig = text;
  const split = splitFunctionConfig(functionConfig);
  if (split.release && isRelease(split.release.split('.').slice(0, 2).join('.'))) release.value = split.release.split('.').slice(0, 2).join('.');
  kubernetesVersion.value = split.kubernetesVersion ?? '';
  config.value = split.editor;
  byId('input-note').textContent = 'A ResourceList: its items are injected as a stream, and its functionConfig was moved into the config fields.';
}

function go(target: string): void {
  const index = /^obj(\d+)/.exec(target)?.[1];
  const section = index === undefined ? null : document.getElementById(`obj${index}`);
  if (section) fillSection(section);
  const node = target === 'config' ? config : document.getElementById(target);
  if (!node) return;
  const details = node.closest('details');
  if (details) details.open = true;
  for (const old of document.querySelectorAll('.highlight')) old.classList.remove('highlight');
  node.classList.add('highlight');
  node.scrollIntoView({ block: 'center' });
  node.focus({ preventScroll: true });
}

function run(): void {
  const started = performance.now();
  const prepared = prepareInput(input.value);
  if (!prepared.isResourceList) byId('input-note').textContent = '';
  importFunctionConfig(prepared.functionConfig);
  const composed = composeConfig(config.value, release.value, kubernetesVersion.value);
  byId('config-problems').replaceChildren(...composed.problems.map((p) => h('li', {}, `${p.path}: ${p.message}`)));
  byId('cli-config').textContent = composed.file;
  if (input.value.trim() === '') {
    output.textContent = '';
    byId('results').replaceChildren();
    byId('objects').replaceChildren();
    return;
  }
  const prepareMs = performance.now() - started;
  const result = inject(prepared.stream, composed.spec);
  const injectMs = performance.now() - started;
  output.textContent = result.ok ? result.text : '';
  byId('output-note').textContent = result.ok ? '' : 'No output: the run has errors (see the results).';
  const views = buildViews(objectsOf(prepared.stream), result.objects as unknown as Record<string, unknown>[], result.results);
  const viewsMs = performance.now() - started;
  byId('results').replaceChildren(renderResults(result.results, views, go));
  shownViews = views;
  observer.disconnect();
  const sections = views.map((v, i) => renderObjectShell(v, i));
  byId('objects').replaceChildren(...sections);
  for (const section of sections) observer.observe(section);
  const ms = performance.now() - started;
  const workloads = views.filter((v) => v.podSpec).length;
  byId('status').textContent = `${workloads} workload(s), ${result.results.length} result(s); ran and drew in ${Math.round(ms)} ms`;
  document.body.dataset.renderMs = String(ms);
  document.body.dataset.phasesMs = JSON.stringify({ prepare: prepareMs, inject: injectMs - prepareMs, views: viewsMs - injectMs, draw: ms - viewsMs });
  if (firstRender) {
    document.body.dataset.firstRenderAt = String(performance.now());
    // After the sections near the viewport were drawn too (their observer reports with the next frames).
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => (document.body.dataset.firstSettledAt = String(performance.now())))));
  }
  firstRender = false;
  document.body.dataset.renders = String(Number(document.body.dataset.renders ?? 0) + 1);
}

let timer: ReturnType<typeof setTimeout> | undefined;
function schedule(): void {
  clearTimeout(timer);
  timer = setTimeout(() => {
    run();
    void encodeState(stateNow()).then((fragment) => history.replaceState(null, '', `#${fragment}`));
  }, 250);
}

function showHints(): void {
  const path = pathAtCursor(config.value, config.selectionStart);
  const hints = fieldHints(path);
  byId('hints-path').textContent = path.length ? `spec.${path.join('.')}` : 'spec';
  byId('hints').replaceChildren(...hints.map((f) => {
    const button = h('button', { type: 'button', class: 'hint' }, h('code', {}, f.name), ` ${f.hint}`);
    button.addEventListener('click', () => insertField(f.name));
    return h('li', {}, button);
  }));
}

function insertField(name: string): void {
  const at = config.selectionStart;
  const lineStart = config.value.lastIndexOf('\n', at - 1) + 1;
  const indent = /^\s*/.exec(config.value.slice(lineStart, at))?.[0] ?? '';
  const text = config.value.slice(lineStart, at).trim() === '' ? `${name}: ` : `\n${indent}${name}: `;
  config.setRangeText(text, at, at, 'end');
  config.focus();
  schedule();
}

async function readFiles(files: FileList | null): Promise<void> {
  if (!files || files.length === 0) return;
  const texts = await Promise.all([...files].map((f) => f.text()));
  input.value = texts.join('\n---\n');
  schedule();
}

function setUp(): void {
  release.replaceChildren(...kumaReleases.map((r) => h('option', { value: r }, r)));
  release.value = '2.14';
  byId('examples').replaceChildren(...EXAMPLES.map((e) => {
    const button = h('button', { type: 'button', 'data-example': e.id }, e.label);
    button.addEventListener('click', () => {
      input.value = e.text;
      run();
      schedule();
    });
    return h('li', {}, button);
  }));
  for (const control of [input, config, kubernetesVersion]) control.addEventListener('input', schedule);
  release.addEventListener('change', schedule);
  for (const event of ['keyup', 'click', 'focus']) config.addEventListener(event, showHints);
  input.addEventListener('dragover', (e) => e.preventDefault());
  input.addEventListener('drop', (e) => {
    e.preventDefault();
    void readFiles(e.dataTransfer?.files ?? null);
  });
  byId<HTMLInputElement>('file').addEventListener('change', (e) => void readFiles((e.target as HTMLInputElement).files));
  window.addEventListener('hashchange', () => void load());
  showHints();
}

async function load(): Promise<void> {
  const state = await decodeState(location.hash);
  if (state) applyState(state);
  else if (input.value === '') input.value = EXAMPLES[0]!.text;
  run();
}

setUp();
void load();
