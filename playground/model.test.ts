/** The playground's pure parts, in Node: diff, schema check, input, field lines, timeline, fragment state. */
import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { inject } from '../src/lib.ts';
import { composeConfig, pathAtCursor, splitFunctionConfig } from './config.ts';
import { diffStats, lineDiff } from './diff.ts';
import { objectsOf, prepareInput } from './input.ts';
import { decodeState, encodeState } from './state.ts';
import { goDurationSeconds, timelineOf } from './timeline.ts';
import { buildViews, lineOfField, parseFieldPath } from './workloads.ts';

const test = suite('playground model');
const example = (name: string): string => readFileSync(new URL(`../testdata/examples/${name}`, import.meta.url), 'utf8');

test('lineDiff: kept, added and removed lines, new line numbers', () => {
  const diff = lineDiff('a\nb\nc\n', 'a\nx\nc\nd\n');
  assert.equal(diff.map((l) => `${l.op}${l.text}${l.newLine ?? ''}`), [' a1', '+x2', '-b', ' c3', '+d4']);
  assert.equal(diffStats(diff), { added: 2, removed: 1 });
  assert.equal(lineDiff('', 'a\n').map((l) => l.op), ['+']);
});

test('composeConfig: controls over the editor, schema problems named by path', () => {
  const ok = composeConfig('meshes: [default]\n', '2.12', '1.30');
  assert.equal(ok.spec, { meshes: ['default'], kumaVersion: '2.12', kubernetesVersion: '1.30' });
  assert.equal(ok.problems, []);
  assert.match(ok.file, /kind: KumaInject/);
  const bad = composeConfig('product: kuma-mesh\nnoSuchField: 1\nlifecycle:\n  preStop: 3\n', '', '');
  const paths = bad.problems.map((p) => p.path);
  assert.ok(paths.includes('spec.product'), paths.join(', '));
  assert.ok(paths.includes('spec.noSuchField'), paths.join(', '));
  assert.ok(paths.includes('spec.lifecycle.preStop'), paths.join(', '));
  assert.equal(composeConfig('a: [', '', '').problems[0]?.path, '(YAML)');
});

test('splitFunctionConfig and pathAtCursor', () => {
  assert.equal(splitFunctionConfig({ spec: { kumaVersion: '2.13', kubernetesVersion: '1.31', meshes: ['m'] } }), { release: '2.13', kubernetesVersion: '1.31', editor: 'meshes:\n  - m\n' });
  const text = 'lifecycle:\n  gracePeriod:\n    ';
  assert.equal(pathAtCursor(text, text.length), ['lifecycle', 'gracePeriod']);
  assert.equal(pathAtCursor('meshes: []\n', 11), []);
});

test('prepareInput: a ResourceList becomes its items as a stream, comments kept; other input is as given', () => {
  const prepared = prepareInput(example('resource-list.yaml'));
  assert.ok(prepared.isResourceList);
  assert.match(prepared.stream, /app: web # the Service selects this/);
  assert.equal(prepared.functionConfig?.kind, 'KumaInject');
  assert.equal(objectsOf(prepared.stream).map((o) => o.kind), ['Namespace', 'Deployment', 'Service']);
  const stream = example('playground-stream.yaml');
  assert.is(prepareInput(stream).stream, stream);
  assert.equal(objectsOf('apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Service, metadata: {name: s}}\n').map((o) => o.kind), ['Service']);
});

test('parseFieldPath and lineOfField', () => {
  assert.equal(parseFieldPath('metadata.annotations[kuma.io/mesh]'), ['metadata', 'annotations', 'kuma.io/mesh']);
  assert.equal(parseFieldPath('spec.containers[1].name'), ['spec', 'containers', 1, 'name']);
  const yaml = 'spec:\n  containers:\n    - name: a\n    - name: b\n      image: x\n';
  assert.is(lineOfField(yaml, 'spec.containers[1].image'), 5);
  assert.is(lineOfField(yaml, 'spec.containers[1].missing'), 4);
  assert.is(lineOfField(yaml, 'nothing'), 1);
});

test('timeline: the native sidecar drains after the preStop sleep and overflows a 10s grace period', () => {
  const stream = example('playground-stream.yaml');
  const run = inject(stream, { kubernetesVersion: '1.31' });
  const views = buildViews(objectsOf(stream), run.objects as unknown as Record<string, unknown>[], run.results);
  const worker = views.find((v) => v.name === 'worker')!;
  const t = timelineOf(worker.podSpec!, worker.results);
  assert.is(t.layout, 'native');
  assert.is(t.graceSeconds, 10);
  assert.is(t.requiredSeconds, 50);
  assert.ok(t.short);
  const drain = t.shutdown.find((b) => b.kind === 'drain')!;
  assert.equal([drain.start, drain.end], [15, 45]);
  assert.equal(t.startup.map((b) => b.row), ['kuma-init', 'kuma-sidecar', 'worker']);
  const api = views.find((v) => v.name === 'api')!;
  const apiTimeline = timelineOf(api.podSpec!, api.results);
  assert.not.ok(apiTimeline.short);
  assert.ok(apiTimeline.startup.some((b) => b.kind === 'hook' && b.label === 'postStart 2s'));
  assert.is(views.find((v) => v.name === 'worker')!.dataplane?.kind, 'Dataplane');
});

test('timeline: the legacy layout (Kubernetes 1.28) has kuma-sidecar among the containers', () => {
  const stream = example('playground-stream.yaml');
  const run = inject(stream, { kubernetesVersion: '1.28' });
  const views = buildViews(objectsOf(stream), run.objects as unknown as Record<string, unknown>[], run.results);
  const worker = views.find((v) => v.name === 'worker')!;
  assert.is(timelineOf(worker.podSpec!, worker.results).layout, 'legacy');
});

test('goDurationSeconds', () => {
  assert.is(goDurationSeconds('30s'), 30);
  assert.is(goDurationSeconds('1m30s'), 90);
  assert.is(goDurationSeconds('500ms'), 0.5);
  assert.is(goDurationSeconds('soon'), undefined);
});

test('state: the fragment round-trips, compressed or plain, and a broken one is ignored', async () => {
  const state = { input: 'kind: Pod # ü\n', release: '2.14', kubernetesVersion: '1.31', config: 'meshes: [a]\n' };
  const fragment = await encodeState(state);
  assert.ok(fragment.startsWith('z='));
  assert.equal(await decodeState(`#${fragment}`), state);
  assert.equal(await decodeState(`b=${Buffer.from(JSON.stringify(state)).toString('base64url')}`), state);
  assert.is(await decodeState('#z=!!!'), undefined);
  assert.is(await decodeState(''), undefined);
});

test.run();
