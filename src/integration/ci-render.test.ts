/**
 * Flux and plain CI: a render committed to Git, and a check that fails exactly when it is stale. The commands are
 * taken from the files a user copies (the GitHub Actions workflow's `run:`, the pre-commit hook's `entry:` with the
 * example config's `args:`) and run as those tools run them, with the real kubectl, in a scratch copy of
 * examples/ci-render, the built bin on PATH and installed as kustomize's legacy plugin.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PATH_WITH, ROOT, binDir, cleanUp, exec, has, initContainers, pluginHome, skip, tempDir, yamlFile, documents } from './helpers.ts';

const ci = suite('CI render and check');
ci.after.each(cleanUp);

const kubectl = has('kubectl', ['version', '--client']);
const EXAMPLE = join(ROOT, 'examples/ci-render');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The render commands the README and the example files give. */
const RENDER_KUSTOMIZE = 'kubectl kustomize --enable-alpha-plugins apps/shop > rendered/shop.yaml';
const RENDER_CLI = 'kuma-inject -c apps/shop/kuma-inject.yaml apps/shop/namespace.yaml apps/shop/app.yaml -o deploy/shop/';

const workflow = yamlFile(join(ROOT, 'examples/github-actions/kuma-inject.yml'));
const checkStep = (workflow.jobs['rendered-is-fresh'].steps as any[]).find((s) => s.id === 'check');
const hooks = yamlFile(join(ROOT, '.pre-commit-hooks.yaml')) as any[];
const hook = hooks.find((h) => h.id === 'kuma-inject-check');
const hookConfig = yamlFile(join(ROOT, 'examples/pre-commit/.pre-commit-config.yaml'));
const hookArgs: string[] = hookConfig.repos[0].hooks.find((h: any) => h.id === 'kuma-inject-check').args;

/** A scratch repository: the example, with the render done by the documented command. */
function repo(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = join(tempDir('ci-repo'), 'repo');
  cpSync(EXAMPLE, dir, { recursive: true });
  const env = { ...process.env, PATH: PATH_WITH(binDir()), KUSTOMIZE_PLUGIN_HOME: pluginHome(), HOME: tempDir('home') };
  mkdirSync(join(dir, 'rendered'), { recursive: true });
  for (const command of [RENDER_KUSTOMIZE, RENDER_CLI]) {
    const ran = bash(command, dir, env);
    assert.is(ran.status, 0, `${command}\n${ran.stderr}`);
  }
  return { dir, env };
}

/** As GitHub Actions runs a `run:` under `shell: bash`: bash --noprofile --norc -eo pipefail. */
const bash = (command: string, cwd: string, env: NodeJS.ProcessEnv) => exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command], { cwd, env });
/** As pre-commit runs a hook: the entry's words, then the args (no file names: pass_filenames is false). */
const preCommit = (cwd: string, env: NodeJS.ProcessEnv) => exec(hook.entry.split(/\s+/)[0], [...hook.entry.split(/\s+/).slice(1), ...hookArgs], { cwd, env });

const edit = (dir: string, path: string, from: string | RegExp, to: string): void => {
  const text = readFileSync(join(dir, path), 'utf8');
  assert.ok(typeof from === 'string' ? text.includes(from) : from.test(text), `${path} has ${from}`);
  writeFileSync(join(dir, path), text.replace(from, to));
};

ci('the files say what the test runs', () => {
  assert.is(workflow.defaults.run.shell, 'bash', 'pipefail: a failing kubectl fails the step');
  assert.match(checkStep.run, /^kubectl kustomize --enable-alpha-plugins apps\/shop \| kuma-inject --check --strict /);
  const install = (workflow.jobs['rendered-is-fresh'].steps as any[]).find((s) => s.id === 'install').run as string;
  assert.match(install, /kustomize\/plugin\/kuma-inject\.dev\/v1alpha1\/kumainject"/, 'the layout pluginHome() makes');
  assert.match(install, /"\$PLUGIN\/KumaInject"/);
  assert.is(hook.language, 'system');
  assert.is(hook.pass_filenames, false);
  assert.match(hook.entry, /^kuma-inject --check\b/);
  for (const text of [RENDER_KUSTOMIZE, RENDER_CLI, checkStep.run]) assert.ok(README.includes(text), `README.md gives \`${text}\``);
  assert.ok(readFileSync(join(ROOT, 'examples/github-actions/kuma-inject.yml'), 'utf8').includes(RENDER_KUSTOMIZE));
  assert.ok(readFileSync(join(ROOT, 'examples/pre-commit/.pre-commit-config.yaml'), 'utf8').includes(RENDER_CLI));
});

ci('the render is injected, and has no Dataplane preview for Flux to apply', () => {
  if (!kubectl) return skip('kubectl kustomize', 'kubectl is not installed');
  const { dir } = repo();
  for (const file of ['rendered/shop.yaml', 'deploy/shop/app.yaml']) {
    const docs = documents(readFileSync(join(dir, file), 'utf8'));
    assert.equal(initContainers(docs.find((d) => d.kind === 'Deployment')), ['kuma-init', 'kuma-sidecar'], file);
    assert.not.ok(docs.some((d) => d.kind === 'Dataplane'), file);
  }
});

const checks = [
  { name: 'GitHub Actions step', run: (dir: string, env: NodeJS.ProcessEnv) => bash(checkStep.run, dir, env), output: 'rendered/shop.yaml', source: 'apps/shop/app.yaml' },
  { name: 'pre-commit hook', run: preCommit, output: 'deploy/shop/app.yaml', source: 'apps/shop/app.yaml' },
];

for (const c of checks) {
  ci(`${c.name}: a fresh committed render passes`, () => {
    if (!kubectl) return skip('kubectl kustomize', 'kubectl is not installed');
    const { dir, env } = repo();
    const ran = c.run(dir, env);
    assert.is(ran.status, 0, ran.stderr);
    assert.match(ran.stderr, /the output is up to date\n$/);
  });

  ci(`${c.name}: a stale committed render fails, naming the file`, () => {
    if (!kubectl) return skip('kubectl kustomize', 'kubectl is not installed');
    const { dir, env } = repo();
    edit(dir, c.source, 'image: nginx:1.27', 'image: nginx:1.28'); // changed and not rendered again
    const ran = c.run(dir, env);
    assert.is(ran.status, 1, ran.stderr);
    assert.ok(ran.stderr.includes(`stale: ${c.output}: stale\n`), ran.stderr);
    assert.match(ran.stderr, /the output is stale \(1 file\): render again and commit\n$/);
  });

  ci(`${c.name}: a render made with another config (a new kuma-dp image) is stale`, () => {
    if (!kubectl) return skip('kubectl kustomize', 'kubectl is not installed');
    const { dir, env } = repo();
    edit(dir, 'apps/shop/kuma-inject.yaml', 'meshes: [default]', 'meshes: [default]\n  controlPlane: {runtime: {kubernetes: {injector: {sidecarContainer: {image: "docker.io/kumahq/kuma-dp:2.14.4"}}}}}');
    const ran = c.run(dir, env);
    assert.is(ran.status, 1, ran.stderr);
    assert.ok(ran.stderr.includes(`stale: ${c.output}: stale\n`), ran.stderr);
  });
}

ci('GitHub Actions step: without its Namespace the workload would be skipped; --strict fails with a clear line', () => {
  if (!kubectl) return skip('kubectl kustomize', 'kubectl is not installed');
  const { dir, env } = repo();
  edit(dir, 'apps/shop/kustomization.yaml', /^ {2}- namespace\.yaml.*\n/m, '');
  const ran = bash(checkStep.run, dir, env);
  assert.is(ran.status, 1, ran.stderr);
  assert.ok(
    ran.stderr.includes(
      '  error: namespace "shop" is not in the input or in `spec.namespaces`, so whether Kuma would inject this workload depends on labels kuma-inject cannot see; strict mode refuses to guess: add the Namespace object to the input, or declare it in `spec.namespaces` (`shop: {labels: {kuma.io/sidecar-injection: enabled}}`, or `disabled`)\n',
    ),
    ran.stderr,
  );
  assert.match(ran.stderr, /kuma-inject: 1 workload: 1 skipped; 1 error, nothing written\n$/);
});

ci('pre-commit hook: a namespace of unknown labels fails it too (--strict is in the entry)', () => {
  if (!kubectl) return skip('kubectl kustomize', 'kubectl is not installed');
  const { dir, env } = repo();
  writeFileSync(join(dir, 'apps/shop/namespace.yaml'), '# moved elsewhere\n');
  const ran = preCommit(dir, env);
  assert.is(ran.status, 1, ran.stderr);
  assert.match(ran.stderr, /error: namespace "shop" is not in the input or in `spec.namespaces`/);
});

ci('GitHub Actions step: kubectl failing (the plugin not installed) fails the step, through the pipe', () => {
  if (!kubectl) return skip('kubectl kustomize', 'kubectl is not installed');
  const { dir, env } = repo();
  const ran = bash(checkStep.run, dir, { ...env, KUSTOMIZE_PLUGIN_HOME: tempDir('no-plugins') });
  assert.is.not(ran.status, 0);
  assert.match(ran.stderr, /KumaInject/);
});

/**
 * The guard of a render that is not committed (README, Troubleshooting): `… | kuma-inject --check -`. It no longer
 * counts the Dataplane previews kustomize drops (a stream leaves them out), fails on an uninjected render, and
 * with --strict on a workload it would otherwise skip for want of its Namespace.
 */
const LEGACY = join(ROOT, 'testdata/kustomize/legacy-plugin');
const EXEC_FUNCTION = join(ROOT, 'testdata/kustomize/exec-function');
const GUARD = (dir: string, strict: boolean): string =>
  `kubectl kustomize --enable-alpha-plugins ${dir} | kuma-inject --check${strict ? ' --strict' : ''} -c ${dir}/kuma-inject.yaml -`;

ci('the stream guard: a correct render (previews on in its config) exits 0; an uninjected one (the silent skip) exits 1', () => {
  if (!kubectl) return skip('kubectl kustomize', 'kubectl is not installed');
  const env = { ...process.env, PATH: PATH_WITH(binDir()), KUSTOMIZE_PLUGIN_HOME: pluginHome() };
  const injected = bash(GUARD(LEGACY, false), ROOT, env);
  assert.is(injected.status, 0, injected.stderr);
  assert.match(injected.stderr, /nothing would change\n$/);
  const uninjected = bash(GUARD(EXEC_FUNCTION, false), ROOT, env);
  assert.is(uninjected.status, 1, uninjected.stderr);
  assert.match(uninjected.stderr, /1 would be injected; would change <stdin>\n$/);
});

ci('the stream guard without the Namespace: 0 with everything skipped, 1 with --strict', () => {
  if (!kubectl) return skip('kubectl kustomize', 'kubectl is not installed');
  const app = join(tempDir('guard'), 'app');
  cpSync(LEGACY, app, { recursive: true });
  edit(app, 'app.yaml', /^# The shop namespace[\s\S]*?---\n/, '');
  const env = { ...process.env, PATH: PATH_WITH(binDir()), KUSTOMIZE_PLUGIN_HOME: pluginHome() };
  const relaxed = bash(GUARD(app, false), ROOT, env);
  assert.is(relaxed.status, 0, relaxed.stderr);
  assert.match(relaxed.stderr, /1 skipped; nothing would change\n$/);
  const strict = bash(GUARD(app, true), ROOT, env);
  assert.is(strict.status, 1, strict.stderr);
  assert.match(strict.stderr, /error: namespace "shop" is not in the input or in `spec\.namespaces`/);
});

ci.run();
