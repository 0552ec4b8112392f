/**
 * The npm package: `npm pack` holds the bundle and the function reference and nothing of the sources, and
 * `npx kuma-inject` runs from that tarball in an empty folder.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT, cleanUp, exec, has, initContainers, documents, skip, tempDir } from './helpers.ts';
import { TEST_CA } from '../testing/test-ca.ts';

const pack = suite('npm pack');
pack.after.each(cleanUp);

const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
const npm = has('npm', ['--version']);
const env = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

pack('npm pack, then npx kuma-inject --version from an empty folder', () => {
  if (!npm) return skip('npm pack', 'npm is not installed');
  const out = tempDir('pack');
  const packed = exec('npm', ['pack', '--json', '--pack-destination', out], { env });
  assert.is(packed.status, 0, packed.stderr);
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string; mode: number }> }>;
  assert.equal(
    info!.files.map((f) => f.path).sort(),
    [
      'LICENSE',
      'README.md',
      'dist/helm-plugin/kuma-inject.cjs',
      'dist/helm-plugin/plugin.yaml',
      'dist/kuma-inject.cjs',
      'dist/lib.cjs',
      'dist/lib.d.cts',
      'dist/lib.d.ts',
      'dist/lib.mjs',
      'function/README.md',
      'function/config.schema.json',
      'package.json',
    ],
  );
  for (const bin of ['dist/kuma-inject.cjs', 'dist/helm-plugin/kuma-inject.cjs']) {
    assert.ok((info!.files.find((f) => f.path === bin)!.mode & 0o111) !== 0, `${bin} is executable`);
  }

  const empty = tempDir('empty');
  const npx = (args: string[], input = '') =>
    exec('npx', ['--yes', '--prefer-offline', '--package', join(out, info!.filename), '--', 'kuma-inject', ...args], { cwd: empty, env, input });
  const ran = npx(['--version']);
  assert.is(ran.status, 0, ran.stderr);
  assert.is(ran.stdout.split('\n')[0], version);
  assert.match(ran.stdout, /^  2\.14 +as 2\.14\.3 \(the default\)$/m);

  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {kuma.io/sidecar-injection: enabled}\nspec:\n  containers: [{name: app, image: app}]\n';
  const injected = npx(['-'], pod);
  assert.is(injected.status, 0, injected.stderr);
  const [object] = documents(injected.stdout);
  assert.equal(initContainers({ spec: { template: object } }), ['kuma-init', 'kuma-sidecar']);
});

pack('npm install of the tarball pulls no dependencies, and the library loads as ESM and CJS and typechecks both ways', () => {
  if (!npm) return skip('npm pack', 'npm is not installed');
  const out = tempDir('pack');
  const packed = exec('npm', ['pack', '--json', '--pack-destination', out], { env });
  assert.is(packed.status, 0, packed.stderr);
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ filename: string }>;
  const app = tempDir('app');
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, type: 'module' }));
  const installed = exec('npm', ['install', '--prefer-offline', '--no-package-lock', join(out, info!.filename)], { cwd: app, env });
  assert.is(installed.status, 0, installed.stderr);
  assert.equal(readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.')), ['kuma-inject'], 'nothing but kuma-inject is installed');

  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { 'kuma.io/sidecar-injection': 'enabled' } }, spec: { containers: [{ name: 'app', image: 'app' }] } };
  const call = `inject([${JSON.stringify(pod)}], { caCert: ${JSON.stringify(TEST_CA)} })`;
  const names = 'out.objects[0].spec.initContainers.map((c) => c.name).join(",")';
  const viaImport = exec(process.execPath, ['--input-type=module', '-e', `import { inject } from 'kuma-inject'; const out = ${call}; console.log(${names});`], { cwd: app });
  assert.is(viaImport.stdout.trim(), 'kuma-init,kuma-sidecar', viaImport.stderr);
  const viaRequire = exec(process.execPath, ['--input-type=commonjs', '-e', `const { inject } = require('kuma-inject'); const out = ${call}; console.log(${names});`], { cwd: app });
  assert.is(viaRequire.stdout.trim(), 'kuma-init,kuma-sidecar', viaRequire.stderr);

  // The types: a consumer that uses them right compiles, and one that misspells a field does not.
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const compile = (source: string, file = 'consumer.ts', module = 'nodenext') => {
    writeFileSync(join(app, file), source);
    return exec(process.execPath, [tsc, '--noEmit', '--strict', '--module', module, '--moduleResolution', module, file], { cwd: app });
  };
  const good = compile(`import { inject, type KumaInjectSpec, type Result } from 'kuma-inject';
const spec: KumaInjectSpec = { kumaVersion: '2.12', lifecycle: { preStop: { seconds: 5 } }, controlPlane: { runtime: { kubernetes: { injector: { cniEnabled: true } } } } };
const out = inject([], spec);
const codes: Result['code'][] = out.results.map((r) => r.code);
const text: string = inject('a: 1', spec).text;
export const seen = [codes, text];
`);
  assert.is(good.status, 0, good.stdout + good.stderr);
  const bad = compile(`import { inject } from 'kuma-inject';\ninject([], { lifecycle: { preStopp: {} } });\n`);
  assert.is.not(bad.status, 0, 'a misspelled field is a type error');
  assert.match(bad.stdout, /preStopp/);

  // A CommonJS consumer (a .cts in this "type": "module" app) gets the types too, through `require`'s own .d.cts.
  // Under node16 a .d.ts alone would be an ES module's types, which `require` may not take (TS1471).
  const cjs = `import kuma = require('kuma-inject');
const spec: kuma.KumaInjectSpec = { kumaVersion: '2.14', lifecycle: { preStop: { seconds: 5 } } };
const out: kuma.InjectOutput = kuma.inject([], spec);
const codes: kuma.ResultCode[] = out.results.map((r) => r.code);
const releases: readonly kuma.KumaRelease[] = kuma.kumaReleases;
export = [codes, releases, kuma.inject('a: 1', spec).text];
`;
  for (const module of ['node16', 'nodenext']) {
    const goodCjs = compile(cjs, 'consumer.cts', module);
    assert.is(goodCjs.status, 0, `${module}: ${goodCjs.stdout}${goodCjs.stderr}`);
    const badCjs = compile(`import kuma = require('kuma-inject');\nkuma.inject([], { lifecycle: { preStopp: {} } });\n`, 'consumer.cts', module);
    assert.is.not(badCjs.status, 0, `${module}: a misspelled field is a type error in CommonJS too`);
    assert.match(badCjs.stdout, /preStopp/);
  }
});

pack.run();
