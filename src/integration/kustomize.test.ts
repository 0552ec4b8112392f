/**
 * kustomize, both forms of the transformer config, with the tools these machines have: the legacy exec plugin
 * through the real `kubectl kustomize`; the KRM exec function through a standalone `kustomize` where one is on
 * PATH, and otherwise by playing kustomize's side of the protocol as kustomize 5.5 was seen to (ResourceList
 * re-serialised with sorted keys and id annotations, the transformer config as functionConfig, cwd = the
 * kustomization, the function found on PATH by its bare name).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { KubeObject } from '../krm/object.ts';
import { stringifyObjects } from '../krm/resource-list.ts';
import { PATH_WITH, ROOT, binDir, cleanUp, copyWithoutExecBits, documents, exec, has, initContainers, pluginHome, skip, tempDir } from './helpers.ts';

const kustomize = suite('kustomize');
kustomize.after.each(cleanUp);

const LEGACY = join(ROOT, 'testdata/kustomize/legacy-plugin');
const EXEC_FUNCTION = join(ROOT, 'testdata/kustomize/exec-function');
const kubectl = has('kubectl', ['version', '--client']);
const standalone = has('kustomize', ['version']);

const byKind = (docs: any[], kind: string): any => docs.find((d) => d.kind === kind);

kustomize('kubectl kustomize --enable-alpha-plugins runs kuma-inject as a legacy exec plugin', () => {
  if (!kubectl) return skip('kubectl kustomize', 'kubectl is not installed');
  const env = { ...process.env, KUSTOMIZE_PLUGIN_HOME: pluginHome() };
  const ran = exec('kubectl', ['kustomize', '--enable-alpha-plugins', LEGACY], { env, cwd: tempDir('cwd') });
  assert.is(ran.status, 0, ran.stderr);
  const docs = documents(ran.stdout);
  assert.equal(docs.map((d) => d.kind).sort(), ['Deployment', 'Namespace', 'Service'], 'every resource, and not the transformer config');
  assert.equal(initContainers(byKind(docs, 'Deployment')), ['kuma-init', 'kuma-sidecar']);
  assert.is(byKind(docs, 'Deployment').spec.template.metadata.labels['kuma.io/mesh'], 'default');
  const original = documents(readFileSync(join(LEGACY, 'app.yaml'), 'utf8'));
  assert.equal(byKind(docs, 'Service'), byKind(original, 'Service'), 'the Service is left as it was');
});

const failures: Array<{ name: string; edit: (dir: string) => void; stderr: RegExp }> = [
  {
    name: 'an invalid config',
    edit: (dir) => writeFileSync(join(dir, 'kuma-inject.yaml'), readFileSync(join(dir, 'kuma-inject.yaml'), 'utf8').replace('meshes:', 'meshs:')),
    stderr: /error: KumaInject kuma-inject: spec: unknown field `meshs`/,
  },
  {
    name: 'a workload in a mesh that does not exist',
    edit: (dir) => writeFileSync(join(dir, 'app.yaml'), readFileSync(join(dir, 'app.yaml'), 'utf8').replace('app: web\n    spec:', 'app: web\n        kuma.io/mesh: nowhere\n    spec:')),
    stderr: /error: Deployment shop\/web: .*nowhere/,
  },
];
for (const c of failures) {
  kustomize(`kubectl kustomize fails on ${c.name}, with kuma-inject's message`, () => {
    if (!kubectl) return skip('kubectl kustomize', 'kubectl is not installed');
    const app = copyWithoutExecBits(LEGACY);
    c.edit(app);
    const ran = exec('kubectl', ['kustomize', '--enable-alpha-plugins', app], { env: { ...process.env, KUSTOMIZE_PLUGIN_HOME: pluginHome() } });
    assert.is.not(ran.status, 0);
    assert.is(ran.stdout, '');
    assert.match(ran.stderr, c.stderr);
  });
}

kustomize('the trap: kubectl kustomize skips a KRM exec function without a word, and has no --enable-exec', () => {
  if (!kubectl) return skip('kubectl kustomize', 'kubectl is not installed');
  const env = { ...process.env, PATH: PATH_WITH(binDir()) };
  const ran = exec('kubectl', ['kustomize', '--enable-alpha-plugins', EXEC_FUNCTION], { env });
  assert.is(ran.status, 0, 'kubectl succeeds...');
  assert.equal(initContainers(byKind(documents(ran.stdout), 'Deployment')), [], '...and injects nothing');
  const flag = exec('kubectl', ['kustomize', '--enable-alpha-plugins', '--enable-exec', EXEC_FUNCTION], { env });
  assert.is.not(flag.status, 0);
  assert.match(flag.stderr, /unknown flag: --enable-exec/);
});

kustomize('standalone kustomize build --enable-alpha-plugins --enable-exec runs the exec function by its bare name', () => {
  if (!standalone) return skip('standalone kustomize', 'no `kustomize` on PATH; the exec-function protocol is played below instead');
  const app = copyWithoutExecBits(EXEC_FUNCTION);
  const ran = exec('kustomize', ['build', '--enable-alpha-plugins', '--enable-exec', app], { env: { ...process.env, PATH: PATH_WITH(binDir()) } });
  assert.is(ran.status, 0, ran.stderr);
  assert.equal(initContainers(byKind(documents(ran.stdout), 'Deployment')), ['kuma-init', 'kuma-sidecar']);
});

/** Keys sorted at every level, as kustomize re-serialises items before it hands them to a function. */
const sorted = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(sorted)
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted((value as Record<string, unknown>)[k])]))
      : value;

function asKustomizeSendsIt(objects: KubeObject[]): KubeObject[] {
  return objects.map((object, i) => {
    const metadata = object.metadata as { name: string; namespace?: string; annotations?: Record<string, string> };
    const [group, version] = String(object.apiVersion).includes('/') ? String(object.apiVersion).split('/') : ['', String(object.apiVersion)];
    const id = `${group ? `group: ${group}\n` : ''}kind: ${String(object.kind)}\nname: ${metadata.name}\n${metadata.namespace ? `namespace: ${metadata.namespace}\n` : ''}version: ${version}\n`;
    const annotations = {
      ...metadata.annotations,
      'config.k8s.io/id': String(i + 1),
      'config.kubernetes.io/index': '0',
      'internal.config.kubernetes.io/id': String(i + 1),
      'internal.config.kubernetes.io/index': '0',
      'kustomize.config.k8s.io/id': id,
    };
    return sorted({ ...object, metadata: { ...metadata, annotations } }) as KubeObject;
  });
}

kustomize('the KRM exec-function protocol as kustomize 5 speaks it: bare name on PATH, cwd the kustomization', () => {
  const items = asKustomizeSendsIt(documents(readFileSync(join(EXEC_FUNCTION, 'app.yaml'), 'utf8')));
  const [config] = documents(readFileSync(join(EXEC_FUNCTION, 'kuma-inject.yaml'), 'utf8'));
  config.metadata.annotations['config.kubernetes.io/local-config'] = 'true';
  const input = stringifyObjects([{ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig: config }]);
  const app = copyWithoutExecBits(EXEC_FUNCTION);
  const ran = exec('kuma-inject', [], { cwd: app, input, env: { ...process.env, PATH: PATH_WITH(binDir()) } });
  assert.is(ran.status, 0, ran.stderr);
  const [list] = documents(ran.stdout);
  assert.is(list.kind, 'ResourceList');
  assert.equal(
    list.items.map((i: any) => i.metadata.annotations?.['config.k8s.io/id']).filter(Boolean),
    ['1', '2', '3'],
    'every item comes back, with the ids kustomize maps them by',
  );
  assert.equal(initContainers(byKind(list.items, 'Deployment')), ['kuma-init', 'kuma-sidecar']);
  assert.equal(byKind(list.items, 'Service'), byKind(items, 'Service'));
});

kustomize('a failing exec function exits 1 with the message on stderr, which kustomize passes through', () => {
  const input = stringifyObjects([
    {
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      items: asKustomizeSendsIt(documents(readFileSync(join(EXEC_FUNCTION, 'app.yaml'), 'utf8'))),
      functionConfig: { apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'kuma-inject' }, spec: { meshs: [] } },
    },
  ]);
  const ran = exec('kuma-inject', [], { input, env: { ...process.env, PATH: PATH_WITH(binDir()) } });
  assert.is(ran.status, 1);
  assert.match(ran.stderr, /^error: KumaInject kuma-inject: spec: unknown field `meshs`/m);
});

kustomize.run();
