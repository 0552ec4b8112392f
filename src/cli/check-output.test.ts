/** `--check -o PATH`: a committed render is checked against what a render would write there now. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dedent } from '../testing/yaml.ts';
import { TEST_CA } from '../testing/test-ca.ts';
import type { CliOptions } from './args.ts';
import { type CliRequest, type CliSource, type CliTarget, runCli } from './run-cli.ts';

const check = suite('--check -o');

const APP = dedent`
  apiVersion: v1
  kind: Namespace
  metadata: {name: shop, labels: {kuma.io/sidecar-injection: enabled}}
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: shop}
  spec:
    template:
      metadata: {labels: {app: web}}
      spec:
        terminationGracePeriodSeconds: 60
        containers: [{name: web, image: nginx:1.27}]
`;
const config = (image = 'docker.io/kumahq/kuma-dp:2.14.3'): { name: string; text: string } => ({
  name: 'kuma-inject.yaml',
  text: JSON.stringify({
    apiVersion: 'kuma-inject.dev/v1alpha1',
    kind: 'KumaInject',
    metadata: { name: 'c' },
    spec: { caCert: TEST_CA, meshes: ['default'], controlPlane: { runtime: { kubernetes: { injector: { sidecarContainer: { image } } } } } },
  }),
});
const options = (more: Partial<CliOptions> = {}): CliOptions => ({ inputs: [], check: false, quiet: false, verbose: false, previews: false, ...more });
const source: CliSource = { name: 'manifests/app.yaml', text: APP, outPath: 'app.yaml' };
const request = (target: CliTarget, more: Partial<CliRequest> = {}): CliRequest => ({ options: options(), sources: [source], config: config(), target, ...more });

/** What a render writes, as the files `--check` would find there. */
function rendered(target: CliTarget, more: Partial<CliRequest> = {}): Map<string, string> {
  const outcome = runCli(request(target, more));
  assert.is(outcome.exitCode, 0, outcome.stderr.join('\n'));
  return new Map(outcome.writes.map((w) => [w.path, w.text]));
}
const checked = (target: CliTarget, current: Map<string, string>, more: Partial<CliRequest> = {}) =>
  runCli(request(target, { options: options({ check: true }), current, ...more }));
const last = (lines: readonly string[]): string => lines[lines.length - 1]!;

for (const target of [{ kind: 'file', path: 'rendered/all.yaml' }, { kind: 'dir', path: 'rendered' }] as const) {
  check(`-o ${target.kind}: a fresh render passes; a missing, edited or outdated one fails, naming the file`, () => {
    const fresh = rendered(target);
    const ok = checked(target, fresh);
    assert.is(ok.exitCode, 0, ok.stderr.join('\n'));
    assert.equal(ok.writes, []);
    assert.match(last(ok.stderr), /; the output is up to date$/);

    const missing = checked(target, new Map());
    assert.is(missing.exitCode, 1);
    assert.ok(missing.stderr.some((l) => /^stale: rendered\/(all|app)\.yaml: missing$/.test(l)), missing.stderr.join('\n'));

    const edited = new Map([...fresh].map(([path, text]) => [path, text.replace('nginx:1.27', 'nginx:1.28')]));
    const stale = checked(target, edited);
    assert.is(stale.exitCode, 1);
    assert.ok(stale.stderr.some((l) => /^stale: rendered\/(all|app)\.yaml: stale$/.test(l)), stale.stderr.join('\n'));
    assert.match(last(stale.stderr), /the output is stale \(1 file\): render again and commit$/);

    // The config moved on (a new kuma-dp image): the committed render is stale.
    const outdated = checked(target, fresh, { config: config('docker.io/kumahq/kuma-dp:2.14.4') });
    assert.is(outdated.exitCode, 1, outdated.stderr.join('\n'));
  });
}

check('-o DIR: a YAML file no input makes any more (its source was deleted) is stale', () => {
  const fresh = rendered({ kind: 'dir', path: 'rendered' });
  const outcome = checked({ kind: 'dir', path: 'rendered' }, new Map([...fresh, ['rendered/old.yaml', 'kind: ConfigMap\n']]));
  assert.is(outcome.exitCode, 1);
  assert.ok(outcome.stderr.includes('stale: rendered/old.yaml: made from no input (its source is gone?): delete it'), outcome.stderr.join('\n'));
});

check('a committed stream (what kustomize wrote) piped back in, checked against its file', () => {
  const stream = rendered({ kind: 'file', path: 'out.yaml' }).get('out.yaml')!;
  const again = runCli({ options: options({ check: true }), sources: [{ name: '<stdin>', text: stream }], config: config(), target: { kind: 'file', path: 'out.yaml' }, current: new Map([['out.yaml', stream]]) });
  assert.is(again.exitCode, 0, again.stderr.join('\n'));
});

check('--check -o with --strict: an error fails the check before any comparison', () => {
  const noNamespace: CliSource = { ...source, text: APP.split('---\n')[1]! };
  const target = { kind: 'file', path: 'all.yaml' } as const;
  const fresh = rendered(target, { sources: [noNamespace] });
  assert.is(checked(target, fresh, { sources: [noNamespace] }).exitCode, 0, 'skipped, and so up to date, without strict mode');
  const outcome = checked(target, fresh, { sources: [noNamespace], options: options({ check: true, strict: true }) });
  assert.is(outcome.exitCode, 1);
  assert.ok(outcome.stderr.some((l) => l.includes('error: namespace "shop" is not in the input or in `spec.namespaces`')), outcome.stderr.join('\n'));
});

check.run();
