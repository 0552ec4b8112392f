import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseYamlText } from '../krm/resource-list.ts';
import { dedent } from '../testing/yaml.ts';
import { runLegacyPlugin } from './legacy-plugin.ts';

const legacy = suite('legacy kustomize plugin');

/** What `kubectl kustomize` writes to a legacy plugin's stdin (tried with kubectl v1.32 / kustomize v5.5). */
const STDIN = dedent`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    annotations:
      kustomize.config.k8s.io/id: |
        group: apps
        kind: Deployment
        name: web
        namespace: shop
        version: v1
    name: web
    namespace: shop
  spec:
    template:
      metadata:
        labels:
          app: web
      spec:
        containers:
        - image: nginx
          name: web
  ---
  apiVersion: v1
  kind: Namespace
  metadata:
    annotations:
      kustomize.config.k8s.io/id: |
        kind: Namespace
        name: shop
        version: v1
    labels:
      kuma.io/sidecar-injection: enabled
    name: shop
`;

const CONFIG = dedent`
  apiVersion: kuma-inject.dev/v1alpha1
  kind: KumaInject
  metadata:
    name: inject
    annotations:
      config.kubernetes.io/function: |
        exec:
          path: kuma-inject
      config.kubernetes.io/local-config: "true"
  spec:
    meshes: [default]
`;
const config = (text = CONFIG) => ({ name: '/tmp/kust-plugin-config-1', text });

const documents = (text: string): any[] =>
  text.split(/^---\n/m).map((part) => {
    const parsed = parseYamlText(part);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value;
  });

legacy('injects a plain YAML stream and keeps kustomize\'s annotations', () => {
  const outcome = runLegacyPlugin(STDIN, config());
  assert.is(outcome.exitCode, 0, outcome.stderr.join('\n'));
  const [deployment, namespace] = documents(outcome.stdout);
  assert.equal(
    deployment.spec.template.spec.initContainers.map((c: { name: string }) => c.name),
    ['kuma-init', 'kuma-sidecar'],
  );
  assert.ok(deployment.metadata.annotations['kustomize.config.k8s.io/id'].includes('kind: Deployment'));
  assert.is(outcome.stdout.split(/^---\n/m)[1], STDIN.split(/^---\n/m)[1], 'the Namespace goes back as it came');
  assert.equal(namespace.metadata.name, 'shop');
  assert.ok(
    outcome.stderr.every((line) => !line.includes('.kuma-inject/')),
    `no bookkeeping paths on stderr:\n${outcome.stderr.join('\n')}`,
  );
  assert.ok(outcome.stderr.some((line) => /^warning: KumaInject inject: spec\.caCert: /.test(line)), 'the missing CA is warned about');
});

legacy('passes an empty stream through', () => {
  const outcome = runLegacyPlugin('', config());
  assert.is(outcome.stdout, '');
  assert.is(outcome.exitCode, 0);
});

const failing: Array<{ name: string; stdin?: string; config?: string; args?: string[]; stderr: RegExp }> = [
  { name: 'an invalid config', config: CONFIG.replace('meshes:', 'meshs:'), stderr: /^error: KumaInject inject: spec: unknown field `meshs`/ },
  { name: 'an argsOneLiner', args: ['--flag'], stderr: /^error: unexpected arguments --flag/ },
  { name: 'invalid YAML on stdin', stdin: 'a: [', stderr: /^error: kustomize sent stdin: not valid YAML/ },
  {
    name: 'a workload the webhook would reject',
    stdin: STDIN.replace(/^( *)app: web$/m, '$1app: web\n$1kuma.io/sidecar-injection: maybe'),
    stderr: /^error: Deployment shop\/web: spec\.template\.metadata\.labels\[kuma\.io\/sidecar-injection\]: not injected: .*"maybe"$/m,
  },
];
for (const c of failing) {
  legacy(`exits 1 on ${c.name}, with nothing on stdout`, () => {
    const outcome = runLegacyPlugin(c.stdin ?? STDIN, config(c.config), c.args);
    assert.is(outcome.exitCode, 1);
    assert.is(outcome.stdout, '');
    assert.match(outcome.stderr.join('\n'), c.stderr);
  });
}

legacy.run();
