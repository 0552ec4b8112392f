/**
 * The library, as a program that builds manifests uses it: a real cdk8s App is synthesized, its objects go through
 * `inject` from the built dist/lib.mjs and dist/lib.cjs, and the result must equal what the CLI writes for the
 * same YAML (objects compared parsed; the text form byte for byte).
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiObject, App, Chart } from 'cdk8s';
import { BUNDLE, ROOT, cleanUp, documents, exec, tempDir } from './helpers.ts';
import { TEST_CA } from '../testing/test-ca.ts';
import type { KumaInjectSpec, KumaVersion } from '../lib.ts';

const library = suite('library');
library.after.each(cleanUp);

type Lib = typeof import('../lib.ts');
const esm = (await import(join(ROOT, 'dist', 'lib.mjs'))) as Lib;
const cjs = createRequire(import.meta.url)(join(ROOT, 'dist', 'lib.cjs')) as Lib;

const CONFIG: KumaInjectSpec = { kumaVersion: '2.14', caCert: TEST_CA, meshes: ['default'], dataplanes: { mode: 'off' } };

/** A cdk8s App with a Namespace that enables injection and a Deployment in it. */
function synthesize(): { objects: object[]; yaml: string } {
  const app = new App();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'kuma.io/sidecar-injection': 'enabled' } } });
  new ApiObject(chart, 'web', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { terminationGracePeriodSeconds: 60, containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }] } },
    },
  });
  return { objects: chart.toJson(), yaml: app.synthYaml() };
}

function cli(yaml: string, config: object): string {
  const dir = tempDir('library');
  writeFileSync(join(dir, 'in.yaml'), yaml);
  writeFileSync(join(dir, 'config.yaml'), JSON.stringify({ apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'c' }, spec: config }));
  const ran = exec(process.execPath, [BUNDLE, '-c', join(dir, 'config.yaml'), join(dir, 'in.yaml')]);
  assert.is(ran.status, 0, ran.stderr);
  return ran.stdout;
}

library('cdk8s objects in, injected objects out, equal to the CLI on the synthesized YAML (ESM and CJS)', () => {
  const { objects, yaml } = synthesize();
  const expected = documents(cli(yaml, CONFIG));
  for (const [name, lib] of [['esm', esm], ['cjs', cjs]] as const) {
    const out = lib.inject(objects, CONFIG);
    assert.ok(out.ok, `${name}: ${JSON.stringify(out.results)}`);
    assert.equal(out.objects, expected, name);
    const deployment = out.objects.find((o) => o.kind === 'Deployment');
    const spec = deployment?.spec as { template: { spec: { initContainers: Array<{ name: string }> } } };
    assert.equal(spec.template.spec.initContainers.map((c) => c.name), ['kuma-init', 'kuma-sidecar'], name);
    assert.ok(out.results.some((r) => r.code === 'INJECTED'), name);
  }
});

library('YAML text in: the same bytes as the CLI', () => {
  const { yaml } = synthesize();
  const out = esm.inject(yaml, CONFIG);
  assert.ok(out.ok);
  assert.is(out.text, cli(yaml, CONFIG));
});

library('the config may be a whole KumaInject or a ConfigMap object; the input is never changed', () => {
  const { objects } = synthesize();
  const before = JSON.stringify(objects);
  const typed = esm.inject(objects, { apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', spec: CONFIG });
  const configMap = esm.inject(objects, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { kumaVersion: '2.14', caCert: TEST_CA, meshes: 'default' } });
  assert.ok(typed.ok && configMap.ok);
  const template = (o: { objects: Array<Record<string, unknown>> }) => JSON.stringify(o.objects.find((x) => x.kind === 'Deployment'));
  assert.is(template(typed), template(configMap));
  assert.is(JSON.stringify(objects), before, 'the caller\'s objects are left alone');
});

library('a mistake is an error result, never a throw, and the objects come back unchanged', () => {
  const { objects } = synthesize();
  // A version the types reject, as a program reading it at run time would pass it.
  const out = esm.inject(objects, { kumaVersion: '2.8' as KumaVersion });
  assert.is(out.ok, false);
  assert.equal(out.objects, JSON.parse(JSON.stringify(objects)));
  const [failure] = out.results;
  assert.is(failure?.code, 'INVALID_CONFIG');
  assert.is(failure?.field?.path, 'spec.kumaVersion');
  const notArray = esm.inject(42 as unknown as object[]);
  assert.is(notArray.ok, false);
  assert.is(notArray.results[0]?.code, 'INVALID_INPUT');
  const badYaml = esm.inject('a: [', {});
  assert.is(badYaml.ok, false);
  assert.is(badYaml.text, '');
  // An item that is no object (undefined becomes null in the JSON copy), beside the good ones, strict or not.
  for (const [bad, strict] of [[null, false], [undefined, true], [5, false], ['x', true], [[1], false]] as const) {
    for (const lib of [esm, cjs]) {
      const items = [...objects, bad] as object[];
      const out = lib.inject(items, { ...CONFIG, strict });
      assert.is(out.ok, false, JSON.stringify(bad));
      assert.equal(out.objects, JSON.parse(JSON.stringify(items)), 'the objects come back unchanged');
      const errors = out.results.filter((r) => r.severity === 'error');
      assert.equal(errors.map((r) => [r.code, r.field?.path]), [['INVALID_INPUT', `items[${objects.length}]`]], JSON.stringify(bad));
    }
  }
});

library('kumaReleases lists what kumaVersion accepts', () => {
  assert.equal(esm.kumaReleases, ['2.7', '2.9', '2.11', '2.12', '2.13', '2.14', '3.0-preview']);
});

library.run();
