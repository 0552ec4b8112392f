/**
 * The CLI and the legacy-plugin mode of the built bundle, as processes on real files: what main.ts reads and
 * writes, its exit codes, and how it tells the modes apart. Needs `npm run build` first (npm test does it).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { skip } from '../testing/skip.ts';
import { BUNDLE, cleanUp, documents, exec, initContainers, tempDir } from '../integration/helpers.ts';
import { dedent } from '../testing/yaml.ts';
import { TEST_CA } from '../testing/test-ca.ts';

const bundle = suite('kuma-inject CLI (bundle)');
bundle.after.each(cleanUp);

const NAMESPACE = dedent`
  # Everything in shop is in the mesh.
  apiVersion: v1
  kind: Namespace
  metadata:
    name: shop
    labels: {kuma.io/sidecar-injection: enabled}   # flow style, kept
`;
const WEB = dedent`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web # the storefront
    namespace: shop
  spec:
    template:
      metadata:
        labels:
          app: web
      spec:
        containers:
          - name: web
            image: nginx:1.27 # pinned
`;
const CONFIG = dedent`
  apiVersion: kuma-inject.dev/v1alpha1
  kind: KumaInject
  metadata:
    name: kuma-inject
  spec:
    caCert: ${JSON.stringify(TEST_CA)}
    meshes: [default]
`;

/** A folder of manifests: manifests/{namespace.yaml, apps/web.yaml, notes.txt, .hidden.yaml}, and the config. */
function workspace(): { dir: string; manifests: string; config: string } {
  const dir = tempDir('cli');
  const manifests = join(dir, 'manifests');
  mkdirSync(join(manifests, 'apps'), { recursive: true });
  writeFileSync(join(manifests, 'namespace.yaml'), NAMESPACE);
  writeFileSync(join(manifests, 'apps', 'web.yaml'), WEB);
  writeFileSync(join(manifests, 'notes.txt'), 'not yaml');
  writeFileSync(join(manifests, '.hidden.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: hidden}\n');
  writeFileSync(join(dir, 'kuma-inject.yaml'), CONFIG);
  return { dir, manifests, config: join(dir, 'kuma-inject.yaml') };
}

const run = (args: string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}) =>
  exec(process.execPath, [BUNDLE, ...args], { cwd: options.cwd ?? tempDir('cwd'), input: options.input ?? '', env: options.env ?? { PATH: process.env.PATH ?? '' } });

bundle('--version and --help', () => {
  assert.match(run(['--version']).stdout, /^\d+\.\d+\.\d+\nKuma releases modelled \(spec\.kumaVersion\):\n(  \S+ +.+\n){7}$/);
  const help = run(['--help']);
  assert.is(help.status, 0);
  for (const text of ['FILE|DIR|-', '--config', '--output', '--check', 'KRM function', 'legacy kustomize exec plugin']) assert.ok(help.stdout.includes(text), text);
});

bundle('injects a folder to stdout, reports each workload on stderr, and keeps comments and formatting', () => {
  const { dir } = workspace();
  const ran = run(['-c', 'kuma-inject.yaml', 'manifests'], { cwd: dir });
  assert.is(ran.status, 0, ran.stderr);
  // Objects that the run adds (previews, say) come after the inputs' documents.
  const docs = documents(ran.stdout);
  assert.equal(docs.slice(0, 2).map((d) => d.metadata.name), ['web', 'shop'], 'apps/web.yaml, then namespace.yaml');
  assert.not.ok(docs.some((d) => d.metadata.name === 'hidden'), 'no hidden file');
  assert.equal(initContainers(docs[0]), ['kuma-init', 'kuma-sidecar']);
  assert.ok(ran.stdout.includes(`---\n${NAMESPACE}`), 'the unchanged Namespace is written byte for byte');
  for (const comment of ['# the storefront', '# pinned']) assert.ok(ran.stdout.includes(comment), comment);
  const lines = ran.stderr.trim().split('\n');
  assert.is(lines[0], 'manifests/apps/web.yaml: Deployment shop/web: injected (mesh "default")');
  assert.is(lines[lines.length - 1], 'kuma-inject: 1 workload: 1 injected');
});

bundle('-o DIR mirrors the input folder; -o onto the input rewrites in place, and only what changed', () => {
  const { dir, manifests } = workspace();
  assert.is(run(['-c', 'kuma-inject.yaml', '-o', 'out/', 'manifests'], { cwd: dir }).status, 0);
  assert.is(readFileSync(join(dir, 'out', 'namespace.yaml'), 'utf8'), NAMESPACE);
  assert.equal(initContainers(documents(readFileSync(join(dir, 'out', 'apps', 'web.yaml'), 'utf8'))[0]), ['kuma-init', 'kuma-sidecar']);
  const untouched = statSync(join(manifests, 'namespace.yaml')).mtimeMs;
  const ran = run(['-c', 'kuma-inject.yaml', '-o', 'manifests', 'manifests'], { cwd: dir });
  assert.is(ran.status, 0, ran.stderr);
  assert.is(readFileSync(join(manifests, 'apps', 'web.yaml'), 'utf8'), readFileSync(join(dir, 'out', 'apps', 'web.yaml'), 'utf8'));
  assert.is(statSync(join(manifests, 'namespace.yaml')).mtimeMs, untouched, 'an unchanged file is not rewritten');
});

bundle('-o DIR: un-injecting deletes the previews it empties and the folders that leaves empty, and nothing else', () => {
  const { dir, manifests } = workspace();
  assert.is(run(['-c', 'kuma-inject.yaml', '-o', 'manifests', 'manifests'], { cwd: dir }).status, 0);
  assert.ok(existsSync(join(manifests, 'dataplanes', 'shop', 'web.yaml')), 'the preview is written');
  // The user's own empty folder, and a file of theirs beside the previews.
  mkdirSync(join(manifests, 'dataplanes', 'mine'));
  mkdirSync(join(manifests, 'empty-before'));
  writeFileSync(join(manifests, 'namespace.yaml'), NAMESPACE.replace('sidecar-injection: enabled', 'sidecar-injection: disabled'));
  const ran = run(['-c', 'kuma-inject.yaml', '-o', 'manifests', 'manifests'], { cwd: dir });
  assert.is(ran.status, 0, ran.stderr);
  assert.not.ok(existsSync(join(manifests, 'dataplanes', 'shop')), 'no empty dataplanes/shop/ (nor an empty web.yaml in it)');
  assert.ok(existsSync(join(manifests, 'dataplanes', 'mine')) && existsSync(join(manifests, 'empty-before')), 'folders it did not empty are kept');
  assert.ok(existsSync(join(manifests, 'notes.txt')));
  rmSync(join(manifests, 'dataplanes', 'mine'), { recursive: true });
  writeFileSync(join(manifests, 'namespace.yaml'), NAMESPACE);
  assert.is(run(['-c', 'kuma-inject.yaml', '-o', 'manifests', 'manifests'], { cwd: dir }).status, 0);
  writeFileSync(join(manifests, 'namespace.yaml'), NAMESPACE.replace('sidecar-injection: enabled', 'sidecar-injection: disabled'));
  assert.is(run(['-c', 'kuma-inject.yaml', '-o', 'manifests/', 'manifests'], { cwd: dir }).status, 0);
  assert.not.ok(existsSync(join(manifests, 'dataplanes')), 'dataplanes/ goes too once it is empty');
  assert.ok(existsSync(manifests), 'never the output folder itself');
});

bundle('--check exits 1 while something would change, 0 once nothing would, and writes nothing', () => {
  const { dir, manifests } = workspace();
  const before = run(['-c', 'kuma-inject.yaml', '--check', 'manifests'], { cwd: dir });
  assert.is(before.status, 1);
  assert.is(before.stdout, '');
  assert.match(before.stderr, /^kuma-inject --check: 1 workload: 1 would be injected; would change manifests\/apps\/web\.yaml(, \d+ new files?)?$/m);
  assert.is(readFileSync(join(manifests, 'apps', 'web.yaml'), 'utf8'), WEB);
  assert.is(run(['-c', 'kuma-inject.yaml', '-o', 'manifests', 'manifests'], { cwd: dir }).status, 0);
  const after = run(['-c', 'kuma-inject.yaml', '--check', 'manifests'], { cwd: dir });
  assert.is(after.status, 0, after.stderr);
});

bundle('reads stdin with -, a List included, and writes -o FILE', () => {
  const { dir } = workspace();
  const list = `apiVersion: v1\nkind: List\nitems:\n- ${WEB.trimEnd().replace(/\n/g, '\n  ')}\n`;
  const ran = run(['-c', 'kuma-inject.yaml', '-o', 'injected.yaml', '-'], { cwd: dir, input: list });
  assert.is(ran.status, 0, ran.stderr);
  assert.is(ran.stdout, '');
  const [value] = documents(readFileSync(join(dir, 'injected.yaml'), 'utf8'));
  assert.is(value.kind, 'List');
  assert.equal(initContainers(value.items[0]), [], 'namespace shop is not in this input: the pod label alone decides');
  assert.match(ran.stderr, /^<stdin>: Deployment shop\/web: skipped: /m);
});

const failing: Array<{ name: string; args: string[]; status: number; stderr: RegExp }> = [
  { name: 'an unknown option', args: ['--in-place', 'manifests'], status: 2, stderr: /^error: unknown option --in-place \(see kuma-inject --help\)$/m },
  { name: 'a missing file', args: ['-c', 'kuma-inject.yaml', 'nothere.yaml'], status: 1, stderr: /^error: nothere\.yaml: no such file or directory$/m },
  { name: 'a missing config file', args: ['-c', 'nothere.yaml', 'manifests'], status: 1, stderr: /^error: nothere\.yaml: no such file or directory$/m },
  { name: 'stdin into a folder', args: ['-o', 'out/', '-'], status: 1, stderr: /^error: -o out\/ is a folder, which needs file inputs/m },
];
for (const c of failing) {
  bundle(`exits ${c.status} on ${c.name}`, () => {
    const { dir } = workspace();
    const ran = run(c.args, { cwd: dir, input: WEB });
    assert.is(ran.status, c.status, ran.stderr);
    assert.match(ran.stderr, c.stderr);
    assert.is(ran.stdout, '');
  });
}

/** Runs the bundle on bytes (exec() takes text only). */
const runBytes = (args: string[], input: Buffer, options: { cwd: string; env?: NodeJS.ProcessEnv }) => {
  const ran = spawnSync(process.execPath, [BUNDLE, ...args], { cwd: options.cwd, input, encoding: 'utf8', env: options.env ?? { PATH: process.env.PATH ?? '' } });
  return { status: ran.status, stdout: ran.stdout, stderr: ran.stderr };
};

/** WEB with a Latin-1 é in a comment: where it is, as `byte N (line L)`. */
const LATIN1 = (() => {
  const at = WEB.indexOf('# pinned') + 2;
  const bytes = Buffer.concat([Buffer.from(WEB.slice(0, at)), Buffer.from([0xe9]), Buffer.from(WEB.slice(at))]);
  return { bytes, where: `invalid byte 0xe9 at byte ${at} (line ${WEB.slice(0, at).split("\n").length}, in Deployment shop/web)` };
})();

bundle('refuses a file, stdin or the legacy plugin\'s stdin that is not UTF-8, naming the first invalid byte; writes nothing', () => {
  const { dir, manifests, config } = workspace();
  writeFileSync(join(manifests, 'apps', 'web.yaml'), LATIN1.bytes);
  const file = runBytes(['-c', 'kuma-inject.yaml', '-o', 'manifests', 'manifests'], Buffer.alloc(0), { cwd: dir });
  assert.is(file.status, 1);
  assert.is(file.stderr, `error: manifests/apps/web.yaml: input is not UTF-8: ${LATIN1.where}\n`);
  assert.ok(readFileSync(join(manifests, 'apps', 'web.yaml')).equals(LATIN1.bytes), 'the file is left as it was');
  assert.is(readFileSync(join(manifests, 'namespace.yaml'), 'utf8'), NAMESPACE, 'nothing is written');
  const stdin = runBytes(['-c', 'kuma-inject.yaml', '-'], LATIN1.bytes, { cwd: dir });
  assert.is(stdin.status, 1);
  assert.is(stdin.stdout, '');
  assert.is(stdin.stderr, `error: <stdin>: input is not UTF-8: ${LATIN1.where}\n`);
  const env = { PATH: process.env.PATH ?? '', KUSTOMIZE_PLUGIN_CONFIG_STRING: CONFIG, KUSTOMIZE_PLUGIN_CONFIG_ROOT: dir };
  const plugin = runBytes([config], LATIN1.bytes, { cwd: dir, env });
  assert.is(plugin.status, 1);
  assert.is(plugin.stdout, '');
  assert.is(plugin.stderr, `error: input is not UTF-8: ${LATIN1.where}\n`);
  const latin1Config = Buffer.concat([Buffer.from(CONFIG), Buffer.from('# caf'), Buffer.from([0xe9, 0x0a])]);
  writeFileSync(config, latin1Config);
  const badConfig = runBytes(['-c', 'kuma-inject.yaml', 'manifests/namespace.yaml'], Buffer.alloc(0), { cwd: dir });
  assert.is(badConfig.status, 1);
  assert.match(badConfig.stderr, /^error: kuma-inject\.yaml: input is not UTF-8: invalid byte 0xe9 at byte \d+ \(line \d+\)$/m);
});

bundle('accepts a file that starts with a UTF-8 byte order mark', () => {
  const { dir, manifests } = workspace();
  writeFileSync(join(manifests, 'apps', 'web.yaml'), `\uFEFF${WEB}`);
  const ran = run(['-c', 'kuma-inject.yaml', 'manifests'], { cwd: dir });
  assert.is(ran.status, 0, ran.stderr);
  assert.match(ran.stdout, /kuma-init/);
});

const writeFailures: Array<{ name: string; output: (dir: string) => string; stderr: RegExp; skip?: string }> = [
  {
    name: 'no space left (ENOSPC, /dev/full)',
    output: () => '/dev/full',
    stderr: /^error: \/dev\/full: cannot be written: no space left on device \(ENOSPC\)$/,
    ...(existsSync('/dev/full') ? {} : { skip: 'no /dev/full on this system' }),
  },
  {
    name: 'a folder where the file should go (EISDIR)',
    output: (dir) => {
      mkdirSync(join(dir, 'out', 'web.yaml'), { recursive: true });
      return 'out/';
    },
    stderr: /^error: out\/web\.yaml: cannot be written: illegal operation on a directory \(EISDIR\)$/,
  },
  {
    name: 'a folder it may not write to (EACCES)',
    output: (dir) => {
      mkdirSync(join(dir, 'locked'));
      chmodSync(join(dir, 'locked'), 0o555);
      return 'locked/';
    },
    stderr: /^error: locked\/web\.yaml: cannot be written: permission denied \(EACCES\)$/,
    ...(process.getuid?.() === 0 ? { skip: 'root may write anywhere' } : {}),
  },
];
for (const c of writeFailures) {
  bundle(`exits 1 with one line naming the file when -o cannot be written: ${c.name}`, () => {
    if (c.skip) {
      skip(c.name, c.skip);
      return;
    }
    const { dir } = workspace();
    const ran = run(['-c', 'kuma-inject.yaml', '-o', c.output(dir), 'manifests/apps/web.yaml'], { cwd: dir });
    assert.is(ran.status, 1);
    const errors = ran.stderr.split('\n').filter((line) => line.startsWith('error:'));
    assert.is(errors.length, 1, ran.stderr);
    assert.match(errors[0]!, c.stderr);
    assert.not.match(ran.stderr, /bug|unexpectedly|\n\s+at /);
  });
}

bundle('writes nothing when any workload fails', () => {
  const { dir, manifests } = workspace();
  const broken = WEB.replace(/^( *)app: web$/m, '$1app: web\n$1kuma.io/sidecar-injection: maybe');
  writeFileSync(join(manifests, 'apps', 'web.yaml'), broken);
  const ran = run(['-c', 'kuma-inject.yaml', '-o', 'manifests', 'manifests'], { cwd: dir });
  assert.is(ran.status, 1);
  assert.match(ran.stderr, /^manifests\/apps\/web\.yaml: Deployment shop\/web: failed$/m);
  assert.match(ran.stderr, /nothing written$/m);
  assert.is(readFileSync(join(manifests, 'apps', 'web.yaml'), 'utf8'), broken);
});

bundle('runs as a legacy kustomize plugin when kustomize\'s plugin variables are set', () => {
  const { dir, config } = workspace();
  const env = { PATH: process.env.PATH ?? '', KUSTOMIZE_PLUGIN_CONFIG_STRING: CONFIG, KUSTOMIZE_PLUGIN_CONFIG_ROOT: dir };
  const ran = run([config], { input: `${NAMESPACE}---\n${WEB}`, env });
  assert.is(ran.status, 0, ran.stderr);
  assert.equal(initContainers(documents(ran.stdout)[1]), ['kuma-init', 'kuma-sidecar']);
  assert.not.match(ran.stdout, /ResourceList/);
  const krm = run([config], { input: 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n', env });
  assert.is(krm.status, 0, krm.stderr);
  assert.match(krm.stdout, /kind: ResourceList/, 'a ResourceList on stdin is answered as a KRM function');
  const failed = run([config], { input: 'a: [', env });
  assert.is(failed.status, 1);
  assert.is(failed.stdout, '');
  assert.match(failed.stderr, /^error: kustomize sent stdin: not valid YAML/);
});

bundle.run();
