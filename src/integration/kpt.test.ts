/**
 * The example packages through the real kpt, as a user runs them: `kpt fn eval --exec` (with `--fn-config`, and
 * imperatively with `-- key=value`) and `kpt fn render --allow-exec` on the Kptfile pipeline. kpt's results must
 * be the golden results, and kpt must print them. (The golden harness compares the files kpt writes.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BUNDLE, EXAMPLES, ROOT, cleanUp, copyExample as copy, exampleMode, exec, filesOf, has, skip, tempDir, yamlFile as yamlOf } from './helpers.ts';

const kpt = suite('kpt');
kpt.after.each(cleanUp);

const available = has('kpt');

/** Runs kpt the way the example's .expected/config.yaml says a user does. */
function runExample(name: string, dir: string, resultsDir: string) {
  const mode = exampleMode(name);
  const args =
    mode.testType === 'eval'
      ? ['fn', 'eval', dir, '--exec', BUNDLE, '--results-dir', resultsDir, '--fn-config', mode.fnConfig]
      : ['fn', 'render', dir, '--allow-exec', '--results-dir', resultsDir];
  return exec('kpt', args);
}

for (const name of EXAMPLES) {
  kpt(`${name}: kpt reports the function's results`, () => {
    if (!available) return skip(`kpt ${name}`, 'kpt is not installed');
    const resultsDir = tempDir('results');
    const ran = runExample(name, copy(name), resultsDir);
    const expected = yamlOf(join(ROOT, 'testdata', name, '.expected', 'results.yaml')).items[0].results as Array<{ message: string; severity: string }>;
    assert.is(ran.status, 0, ran.stderr);
    const reported = yamlOf(join(resultsDir, 'results.yaml'));
    assert.equal(reported.items[0].results, expected);
    const printed = `${ran.stdout}${ran.stderr}`;
    for (const result of expected) assert.ok(printed.includes(`[${result.severity}]`) && printed.includes(result.message), `kpt prints: ${result.message}`);
  });
}

kpt('kuma-inject-imperative: `-- key=value` gives what its ConfigMap gives', () => {
  if (!available) return skip('kpt imperative', 'kpt is not installed');
  const data = yamlOf(join(ROOT, 'testdata/kuma-inject-imperative/.expected/fn-config.yaml')).data as Record<string, string>;
  const viaArgs = copy('kuma-inject-imperative');
  const ran = exec('kpt', ['fn', 'eval', viaArgs, '--exec', BUNDLE, '--', ...Object.entries(data).map(([k, v]) => `${k}=${v}`)]);
  assert.is(ran.status, 0, ran.stderr);
  const viaFile = copy('kuma-inject-imperative');
  assert.is(runExample('kuma-inject-imperative', viaFile, tempDir('results')).status, 0);
  assert.equal(filesOf(viaArgs), filesOf(viaFile));
  assert.is.not(filesOf(viaArgs)['api.yaml'], readFileSync(join(ROOT, 'testdata/kuma-inject-imperative/api.yaml'), 'utf8'), 'api.yaml was injected');
});

/** How many times `text` occurs in `within`. */
const occurrences = (within: string, text: string): number => within.split(text).length - 1;

kpt('each warning and error shows once in kpt\'s output (kpt prints the results and the function\'s stderr)', () => {
  if (!available) return skip('kpt warnings once', 'kpt is not installed');
  const dir = copy('kuma-inject-imperative');
  const ran = exec('kpt', ['fn', 'eval', dir, '--exec', BUNDLE, '--', 'kubernetesVersion=1.31', 'meshes=default']);
  assert.is(ran.status, 0, ran.stderr);
  const printed = `${ran.stdout}${ran.stderr}`;
  for (const warning of ['no control-plane CA certificate is configured', '`terminationGracePeriodSeconds` is unset']) assert.is(occurrences(printed, warning), 1, `${warning}:\n${printed}`);
  const failed = exec('kpt', ['fn', 'eval', copy('kuma-inject-imperative'), '--exec', BUNDLE, '--', 'meshs=default']);
  assert.is.not(failed.status, 0);
  assert.is(occurrences(`${failed.stdout}${failed.stderr}`, 'unknown ConfigMap key `meshs`'), 1, `${failed.stdout}${failed.stderr}`);
});

kpt('a second render of an unchanged package counts its Dataplane previews unchanged, not updated', () => {
  if (!available) return skip('kpt re-render', 'kpt is not installed');
  const dir = copy('kuma-inject-advanced');
  assert.is(exec('kpt', ['fn', 'render', dir, '--allow-exec']).status, 0);
  const before = filesOf(dir);
  const resultsDir = tempDir('results');
  const again = exec('kpt', ['fn', 'render', dir, '--allow-exec', '--results-dir', resultsDir]);
  assert.is(again.status, 0, again.stderr);
  const messages = (yamlOf(join(resultsDir, 'results.yaml')).items[0].results as Array<{ message: string }>).map((r) => r.message);
  assert.ok(messages.includes('Dataplanes (preview): 0 new, 0 updated, 2 unchanged, 0 removed'), messages.join('\n'));
  assert.equal(filesOf(dir), before, 'and the files are as they were');
});

kpt('a failing function leaves the package as it was, and kpt shows why', () => {
  if (!available) return skip('kpt failure', 'kpt is not installed');
  const dir = copy('kuma-inject-advanced');
  writeFileSync(join(dir, 'kuma-inject.yaml'), readFileSync(join(dir, 'kuma-inject.yaml'), 'utf8').replace('meshes: [default, payments]', 'meshes: [default]'));
  const before = filesOf(dir);
  const ran = exec('kpt', ['fn', 'render', dir, '--allow-exec']);
  assert.is.not(ran.status, 0);
  assert.equal(filesOf(dir), before);
  assert.match(`${ran.stdout}${ran.stderr}`, /\[error\] argoproj\.io\/v1alpha1\/Rollout\/orders\/orders .*payments/);
});

kpt.run();
