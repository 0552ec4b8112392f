/**
 * The built bundle as a process: what kpt, kustomize and Argo CD see. Needs `npm run build` first (npm test
 * does it). Exit codes, stderr lines, and a 5 MB output through a pipe, which a process.exit() would cut short.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { skip } from './testing/skip.ts';
import { parseYamlText, stringifyObjects } from './krm/resource-list.ts';
import { BUNDLE, type Run, execBundle, spawnBundle } from './testing/bundle-process.ts';
import { TEST_CA } from './testing/test-ca.ts';

const main = suite('main (bundle)');
const bundle = BUNDLE;

const exec = (input: string | Buffer, args: string[] = [], cwd?: string, file = bundle, nodeFlags: string[] = []): Promise<Run> =>
  execBundle(input, { args, cwd, file, nodeFlags });

/** `run` with the path of a preload script holding `code`, in a folder removed afterwards. */
async function withPreload(code: string, run: (preload: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-preload-'));
  try {
    const preload = join(dir, 'preload.cjs');
    writeFileSync(preload, code);
    await run(preload);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const deployment = (i: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: `web-${i}`, namespace: 'shop' },
  spec: { template: { metadata: { labels: { app: `web-${i}` } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
});

const list = (items: unknown[], functionConfig?: unknown): string =>
  stringifyObjects([{ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, ...(functionConfig ? { functionConfig } : {}) }]);

const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'kuma.io/sidecar-injection': 'enabled' } } };
const config = { apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'c' }, spec: { caCert: TEST_CA } };

/** A ResourceList of the namespace and `count` Deployments, with the config. */
const manyDeployments = (count: number): string => list([namespace, ...Array.from({ length: count }, (_, i) => deployment(i))], config);

const noStackTrace = (stderr: string): void => assert.not.match(stderr, /\n\s+at |Error: .*\n.*\.(c?js|ts):\d+/);

main('prints its version and help', async () => {
  const version = await exec('', ['--version']);
  assert.is(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\nKuma releases modelled \(spec\.kumaVersion\):\n(  \S+ +.+\n){7}$/);
  const help = await exec('', ['--help']);
  assert.match(help.stdout, /ResourceList on stdin/);
});

main('runs from a folder without node_modules', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-alone-'));
  try {
    copyFileSync(bundle, join(dir, 'kuma-inject.cjs'));
    const result = await exec(list([namespace, deployment(1)], config), [], dir, join(dir, 'kuma-inject.cjs'));
    assert.is(result.code, 0, result.stderr);
    assert.match(result.stdout, /name: kuma-sidecar/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

main('works the same when V8 rejects its code cache (another Node version, other V8 flags)', async () => {
  const input = list([namespace, deployment(1)], config);
  const cached = await exec(input);
  // A V8 flag changes the flag hash the cache was made with, as another Node version would.
  const uncached = await exec(input, [], undefined, bundle, ['--no-lazy-feedback-allocation']);
  assert.is(uncached.code, 0, uncached.stderr);
  assert.is(uncached.stdout, cached.stdout);
  assert.match(cached.stdout, /name: kuma-sidecar/);
});

const failing: Array<{ name: string; input: string; line: RegExp; stdout: 'empty' | 'resource-list' }> = [
  { name: 'empty stdin', input: '', line: /^error: input is empty/, stdout: 'empty' },
  { name: 'invalid YAML', input: 'items: [', line: /^error: input is not valid YAML/, stdout: 'empty' },
  { name: 'a plain YAML stream', input: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n', line: /must be a ResourceList/, stdout: 'empty' },
  {
    name: 'an invalid functionConfig',
    input: list([namespace, deployment(1)], { ...config, spec: { caCert: TEST_CA, meshs: [] } }),
    line: /^error: KumaInject c: spec: unknown field `meshs`/,
    stdout: 'resource-list',
  },
  {
    name: 'a workload the webhook would reject',
    input: list([namespace, { ...deployment(1), spec: { template: { metadata: { labels: { 'kuma.io/sidecar-injection': 'maybe' } }, spec: { containers: [] } } } }], config),
    line: /^error: Deployment shop\/web-1: spec\.template\.metadata\.labels\[kuma\.io\/sidecar-injection\]: not injected: annotation "kuma.io\/sidecar-injection" has wrong value "maybe"$/m,
    stdout: 'resource-list',
  },
];
for (const c of failing) {
  main(`exits 1 on ${c.name}, with one line on stderr and no stack trace`, async () => {
    const result = await exec(c.input);
    assert.is(result.code, 1);
    assert.match(result.stderr, c.line);
    noStackTrace(result.stderr);
    const errors = result.stderr.split('\n').filter((l) => l.startsWith('error:'));
    assert.is(errors.length, 1, result.stderr);
    if (c.stdout === 'empty') {
      assert.is(result.stdout, '');
    } else {
      const parsed = parseYamlText(result.stdout);
      assert.ok(parsed.ok, 'stdout must be a complete ResourceList');
      const value = (parsed as { value: { items: unknown[]; results: Array<{ severity: string }> } }).value;
      assert.is(value.items.length, 2, 'every item is in the output');
      assert.ok(value.results.some((r) => r.severity === 'error'));
    }
  });
}

// stdin and stdout are read and written synchronously (src/main.ts); these are the cases that fall back to streams.

main('reads a stdin that is non-blocking and arrives in pieces (the stream picks up after EAGAIN)', async () => {
  const input = list([namespace, deployment(1), deployment(2)], config);
  const whole = await exec(input);
  // Touching process.stdin makes Node open fd 0 as a non-blocking pipe, as a parent that set O_NONBLOCK would.
  await withPreload('process.stdin;\n', async (preload) => {
    const result = await spawnBundle(
      (child) => {
        child.stdin.write(input.slice(0, 100));
        setTimeout(() => child.stdin.end(input.slice(100)), 300);
      },
      { nodeFlags: ['-r', preload] },
    );
    assert.is(result.code, 0, result.stderr);
    assert.is(result.stdout, whole.stdout);
  });
});

main('writes all of a large output to a non-blocking stdout whose reader is slow (the stream picks up after EAGAIN)', async () => {
  const input = manyDeployments(300);
  const whole = await exec(input);
  // Touching process.stdout makes Node open fd 1 as a non-blocking pipe; the reader waits before reading, so
  // the pipe fills and a synchronous write meets EAGAIN.
  await withPreload('process.stdout;\n', async (preload) => {
    const result = await spawnBundle(
      (child) => {
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), 500);
        child.stdin.end(input);
      },
      { nodeFlags: ['-r', preload] },
    );
    assert.is(result.code, 0, result.stderr.slice(0, 500));
    assert.ok(result.stdout.length > 1024 * 1024, 'an output larger than a pipe buffer');
    assert.is(result.stdout, whole.stdout);
  });
});

main('reads on when a signal interrupts the blocking read of stdin (EINTR)', async () => {
  const input = list([namespace, deployment(1)], config);
  const whole = await exec(input);
  // SIGUSR1 opens Node's inspector (on a free port here), whose handler interrupts a blocking read.
  const result = await spawnBundle(
    (child) => {
      setTimeout(() => child.kill('SIGUSR1'), 400);
      setTimeout(() => child.stdin.end(input), 800);
    },
    { nodeFlags: ['--inspect-port=0'] },
  );
  assert.is(result.code, 0, result.stderr);
  assert.is(result.stdout, whole.stdout);
  assert.match(result.stderr, /Debugger listening/, 'the signal arrived while stdin was being read');
});

main('exits 1 with one error line when stdout closes before the output is written whole', async () => {
  const result = await spawnBundle((child) => {
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.end(manyDeployments(300));
  });
  assert.is(result.code, 1);
  assert.match(result.stderr, /^error: cannot write the output: stdout was closed before all of it was written \(EPIPE\); the output is incomplete$/m);
  noStackTrace(result.stderr);
});

const hasDevFull = existsSync('/dev/full');
main('exits 1 with one error line when the output cannot be written: no space left (ENOSPC, stdout on /dev/full)', () => {
  if (!hasDevFull) {
    skip('/dev/full', 'no /dev/full on this system');
    return;
  }
  const full = openSync('/dev/full', 'w');
  try {
    for (const input of [list([namespace], config), manyDeployments(300)]) {
      const ran = spawnSync(process.execPath, [bundle], { input, stdio: ['pipe', full, 'pipe'], encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
      assert.is(ran.status, 1, ran.stderr);
      assert.equal(ran.stderr.split('\n').filter((line) => line.startsWith('error:')), ['error: cannot write the output: no space left on device (ENOSPC)']);
      assert.not.match(ran.stderr, /bug|unexpectedly/);
      noStackTrace(ran.stderr);
    }
  } finally {
    closeSync(full);
  }
});

main('exits 1 with one error line when stdout is a reader that stops at once (EPIPE through `head -c 1`)', () => {
  const ran = spawnSync('sh', ['-c', `"${process.execPath}" "${bundle}" | head -c 1 >/dev/null; exit 0`], { input: manyDeployments(300), encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  assert.match(ran.stderr, /^error: cannot write the output: stdout was closed before all of it was written \(EPIPE\); the output is incomplete$/m);
  assert.not.match(ran.stderr, /bug|unexpectedly/);
  noStackTrace(ran.stderr);
});

main('refuses stdin that is not UTF-8, naming the first invalid byte, its offset and line; a BOM is fine', async () => {
  const text = list([namespace], config);
  const at = text.indexOf('shop');
  const latin1 = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xe9]), Buffer.from(text.slice(at))]);
  const line = text.slice(0, at).split('\n').length;
  const refused = await exec(latin1);
  assert.is(refused.code, 1);
  assert.is(refused.stdout, '');
  assert.is(refused.stderr, `error: input is not UTF-8: invalid byte 0xe9 at byte ${at} (line ${line}, in Namespace \uFFFDshop)\n`);
  const bom = await exec(`\uFEFF${text}`);
  assert.is(bom.code, 0, bom.stderr);
  assert.match(bom.stdout, /kind: ResourceList/);
});

main("never lets Node's own warnings reach stderr (experimental features, deprecations, MaxListenersExceeded)", async () => {
  const provoke = [
    "process.emitWarning('a preload warns', 'ExperimentalWarning');",
    "process.emitWarning('an old API', 'DeprecationWarning', 'DEP0999');",
    "for (let i = 0; i < 12; i++) process.on('kuma-test', () => {});",
    "setTimeout(() => process.emitWarning('late'), 1);",
  ].join('\n');
  await withPreload(provoke, async (preload) => {
    const control = spawnSync(process.execPath, ['-r', preload, '-e', 'setTimeout(() => {}, 5)'], { encoding: 'utf8' });
    assert.match(control.stderr, /\(node:\d+\) ExperimentalWarning: a preload warns/, 'the preload does provoke warnings');
    assert.match(control.stderr, /MaxListenersExceededWarning/, 'the preload does provoke warnings');
    const ran = await exec(list([namespace], config), [], undefined, bundle, ['-r', preload, '--experimental-permission', '--allow-fs-read=*', '--pending-deprecation']);
    assert.is(ran.code, 0, ran.stderr);
    assert.not.match(ran.stderr, /\(node:\d+\)|Warning:|--trace-warnings/);
  });
});

const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
main('refuses to wait for typing when stdin is a terminal', async () => {
  if (script.status !== 0) {
    skip('terminal stdin', '`script` (util-linux) is not installed, so no terminal can be made for stdin');
    return;
  }
  // `script` runs the command on a new pseudo-terminal.
  const run = spawnSync('script', ['-qec', `${process.execPath} ${bundle}`, '/dev/null'], { encoding: 'utf8', input: '', timeout: 20_000 });
  assert.is(run.status, 2, run.stdout + run.stderr);
  assert.match(run.stdout, /no input: kuma-inject reads a ResourceList on stdin/);
});

main('flushes a 5 MB output through a pipe completely', async () => {
  const count = 1200;
  const input = manyDeployments(count);
  const result = await exec(input);
  assert.is(result.code, 0, result.stderr.slice(0, 500));
  assert.ok(result.stdout.length > 5 * 1024 * 1024, `output is only ${result.stdout.length} bytes`);
  const parsed = parseYamlText(result.stdout);
  assert.ok(parsed.ok, 'the output parses as one document');
  const items = (parsed as { value: { items: Array<{ kind: string }> } }).value.items;
  assert.is(items.filter((i) => i.kind !== 'Dataplane').length, count + 1, 'every input item');
  assert.is(items.filter((i) => i.kind === 'Dataplane').length, count, 'a Dataplane preview per Deployment');
  const results = (parsed as { value: { results: Array<{ tags: { code: string } }> } }).value.results;
  assert.ok(results.some((r) => r.tags.code === 'INJECTED'), 'the results, written last, are complete');
  assert.match(result.stdout, /\n {4}code: [A-Z_]+\n$/, 'the output ends with the last result');
});

const forgedRecords: Array<{ name: string; record: string; problem: string }> = [
  {
    name: 'that lists the user’s container',
    record: '{"v":1,"containers":["web"],"initContainers":[],"volumes":[],"annotations":{},"labels":{},"probes":{},"created":[]}',
    problem: '`containers` has `web`, a container injection does not add there (it adds `kuma-sidecar`)',
  },
  { name: 'that is only {"v":1}', record: '{"v":1}', problem: 'it has no `containers`' },
  {
    name: 'whose containers are a number',
    record: '{"v":1,"containers":5,"initContainers":[],"volumes":[],"annotations":{},"labels":{},"probes":{},"created":[]}',
    problem: '`containers` must be a list of names, not 5',
  },
];
for (const c of forgedRecords) {
  main(`an injection record ${c.name}: exit 1, one stderr line, no stack trace, the workload unchanged`, async () => {
    const forged = deployment(0);
    (forged.spec.template.metadata as Record<string, unknown>).annotations = { 'kuma-inject.dev/injected': c.record };
    const result = await exec(list([namespace, forged], config));
    assert.is(result.code, 1, result.stderr);
    noStackTrace(result.stderr);
    assert.equal(result.stderr.split('\n').filter(Boolean), [
      `error: Deployment shop/web-0: spec.template.metadata.annotations[kuma-inject.dev/injected]: the record of an earlier injection does not fit this pod template: ${c.problem}; the workload is left unchanged`,
    ]);
    const parsed = parseYamlText(result.stdout);
    assert.ok(parsed.ok, 'stdout is a complete ResourceList');
    const items = (parsed as { value: { items: Array<{ kind: string }> } }).value.items;
    assert.equal(items.find((i) => i.kind === 'Deployment'), forged, 'the Deployment is written back as it came');
  });
}

main.run();
