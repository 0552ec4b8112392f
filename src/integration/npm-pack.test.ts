/**
 * The npm package: `npm pack` holds the bundle and the function reference and nothing of the sources, and
 * `npx kuma-inject` runs from that tarball in an empty folder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT, cleanUp, exec, has, initContainers, documents, skip, tempDir } from './helpers.ts';

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
    ['LICENSE', 'README.md', 'dist/kuma-inject.cjs', 'function/README.md', 'function/config.schema.json', 'package.json'],
  );
  assert.ok((info!.files.find((f) => f.path === 'dist/kuma-inject.cjs')!.mode & 0o111) !== 0, 'the bin is executable');

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

pack.run();
