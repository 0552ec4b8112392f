/**
 * Plays Argo CD's CMP server: runs the `generate` command of argocd/plugin.yaml in a copy of an app folder whose
 * files have lost their exec bit, with the ARGOCD_APP_* and ARGOCD_ENV_* variables set, PATH and
 * KUSTOMIZE_PLUGIN_HOME laid out as argocd/Dockerfile lays them out. kubectl's kustomize stands in for the
 * standalone one where that is missing (it runs the legacy plugin form; it would skip exec functions).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseYamlText } from '../krm/resource-list.ts';
import {
  PATH_WITH,
  ROOT,
  assertManifestStream,
  binDir,
  cleanUp,
  copyWithoutExecBits,
  exec,
  has,
  initContainers,
  isExecutable,
  pluginHome,
  skip,
  tempDir,
} from './helpers.ts';

const argocd = suite('Argo CD CMP');
argocd.after.each(cleanUp);

const APP = join(ROOT, 'testdata/kustomize/legacy-plugin');
const plugin = parseYamlText(readFileSync(join(ROOT, 'argocd/plugin.yaml'), 'utf8'));
const generate = (plugin.ok ? (plugin.value as any) : {}).spec?.generate as { command: string[]; args?: string[] };
const standalone = has('kustomize', ['version']);
const kubectl = has('kubectl', ['version', '--client']);
const bash = has('bash', ['--version']);

/** `kustomize build [flags] DIR` on kubectl's kustomize, which knows no --enable-exec. */
const KUSTOMIZE_STAND_IN = `#!/usr/bin/env bash
set -euo pipefail
[ "\${1:-}" = build ] || { echo "kustomize stand-in: only build is supported" >&2; exit 2; }
shift
args=()
for a in "$@"; do [ "$a" = --enable-exec ] || args+=("$a"); done
exec kubectl kustomize "\${args[@]}"
`;

function generateIn(app: string, more: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const [command, ...rest] = generate.command;
  const bin = binDir(standalone ? {} : { kustomize: KUSTOMIZE_STAND_IN });
  const env: NodeJS.ProcessEnv = {
    PATH: PATH_WITH(bin),
    HOME: tempDir('home'),
    TMPDIR: tempDir('tmp'),
    KUSTOMIZE_PLUGIN_HOME: pluginHome(),
    ARGOCD_APP_NAME: 'shop',
    ARGOCD_APP_NAMESPACE: 'argocd',
    ARGOCD_APP_PROJECT_NAME: 'default',
    ARGOCD_APP_REVISION: '6e1f0c2b9d6f4a8e8f2b1c3d4e5f60718293a4b5',
    ARGOCD_APP_REVISION_SHORT: '6e1f0c2',
    ARGOCD_APP_SOURCE_PATH: 'apps/shop',
    ARGOCD_APP_SOURCE_REPO_URL: 'https://git.example.com/platform/apps.git',
    ARGOCD_APP_SOURCE_TARGET_REVISION: 'main',
    KUBE_VERSION: '1.31.4',
    KUBE_API_VERSIONS: 'v1,apps/v1,batch/v1',
    ARGOCD_ENV_TEAM: 'shop',
    ...more,
  };
  return exec(command!, [...rest, ...(generate.args ?? [])], { cwd: app, env });
}

const ready = (): boolean => {
  if (!bash) skip('Argo CD CMP', 'bash is not installed');
  else if (!standalone && !kubectl) skip('Argo CD CMP', 'neither kustomize nor kubectl is installed');
  return bash && (standalone || kubectl);
};

argocd('plugin.yaml declares a generate command under set -euo pipefail', () => {
  assert.ok(plugin.ok, 'argocd/plugin.yaml is valid YAML');
  const value = (plugin as { value: any }).value;
  assert.is(value.apiVersion, 'argoproj.io/v1alpha1');
  assert.is(value.kind, 'ConfigManagementPlugin');
  assert.equal(generate.command, ['bash', '-c']);
  assert.match(generate.args![0]!, /^set -euo pipefail$/m);
});

argocd('generate renders the app, injected, from files without their exec bit', () => {
  if (!ready()) return;
  const app = copyWithoutExecBits(APP);
  assert.not.ok(isExecutable(join(app, 'kuma-inject.yaml')));
  const ran = generateIn(app);
  assert.is(ran.status, 0, ran.stderr);
  const docs = assertManifestStream(ran.stdout);
  assert.equal(docs.map((d) => d.kind).sort(), ['Deployment', 'Namespace', 'Service']);
  assert.equal(initContainers(docs.find((d) => d.kind === 'Deployment')), ['kuma-init', 'kuma-sidecar']);
});

argocd('generate fails, with kuma-inject\'s message on stderr, when the render fails', () => {
  if (!ready()) return;
  const app = copyWithoutExecBits(APP);
  writeFileSync(join(app, 'kuma-inject.yaml'), readFileSync(join(app, 'kuma-inject.yaml'), 'utf8').replace('kubernetesVersion: "1.31"', 'kubernetesVersion: "latest"'));
  const ran = generateIn(app);
  assert.is.not(ran.status, 0);
  assert.is(ran.stdout, '');
  assert.match(ran.stderr, /error: KumaInject kuma-inject: spec\.kubernetesVersion: must be a Kubernetes version/);
});

argocd('KUBE_VERSION, which Argo CD sets, is the cluster\'s version when the config names none', () => {
  if (!ready()) return;
  const app = copyWithoutExecBits(APP);
  writeFileSync(join(app, 'kuma-inject.yaml'), readFileSync(join(app, 'kuma-inject.yaml'), 'utf8').replace('  kubernetesVersion: "1.31"\n', ''));
  const containers = (env: NodeJS.ProcessEnv): [string[], string[]] => {
    const ran = generateIn(app, env);
    assert.is(ran.status, 0, ran.stderr);
    const deployment = assertManifestStream(ran.stdout).find((d) => d.kind === 'Deployment');
    return [initContainers(deployment), deployment.spec.template.spec.containers.map((c: { name: string }) => c.name)];
  };
  // Kubernetes 1.28 has no native sidecars: kuma-sidecar is an ordinary container.
  assert.equal(containers({ KUBE_VERSION: 'v1.28.3' }), [['kuma-init'], ['kuma-sidecar', 'web']]);
  assert.equal(containers({ KUBE_VERSION: '1.29+' })[0], ['kuma-init', 'kuma-sidecar']);
  writeFileSync(join(app, 'kuma-inject.yaml'), readFileSync(join(APP, 'kuma-inject.yaml'), 'utf8'));
  assert.equal(containers({ KUBE_VERSION: 'v1.28.3' })[0], ['kuma-init', 'kuma-sidecar'], 'a version in the config wins');
});

argocd('generate fails on an empty render instead of handing Argo CD nothing', () => {
  if (!ready()) return;
  const app = copyWithoutExecBits(APP);
  writeFileSync(join(app, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n');
  const ran = generateIn(app);
  assert.is.not(ran.status, 0);
  assert.is(ran.stdout, '');
  assert.match(ran.stderr, /kuma-inject plugin: kustomize build rendered nothing for app shop \(path apps\/shop\)/);
});

argocd('the sidecar image lays out what plugin.yaml and this test expect', () => {
  const dockerfile = readFileSync(join(ROOT, 'argocd/Dockerfile'), 'utf8');
  for (const line of [
    'COPY dist/kuma-inject.cjs /usr/local/bin/kuma-inject',
    'ENV KUSTOMIZE_PLUGIN_HOME=/usr/local/lib/kustomize/plugin',
    'ln -s /usr/local/bin/kuma-inject "$KUSTOMIZE_PLUGIN_HOME/kuma-inject.dev/v1alpha1/kumainject/KumaInject"',
    'COPY argocd/plugin.yaml /home/argocd/cmp-server/config/plugin.yaml',
    'USER 999',
  ]) {
    assert.ok(dockerfile.includes(line), `argocd/Dockerfile: ${line}`);
  }
  const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8');
  assert.match(ignore, /^!argocd\/plugin\.yaml$/m, 'the build context includes plugin.yaml');
});

argocd.run();
