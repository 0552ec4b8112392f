/**
 * Versions written as YAML numbers (version-number.ts): `2.10` unquoted reads as 2.1, `1.30` as 1.3, so such a
 * number is an error naming the field and what YAML read; a number with a two-digit minor is its text. An integer or
 * an exponent is only said to need quotes, and kumaVersion is told the releases. Read from
 * YAML text, as kpt, the CLI and kustomize hand the config over, in both forms.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { KubeObject } from './krm/object.ts';
import { parseYamlText } from './krm/resource-list.ts';
import { loadSettings } from './settings.ts';
import { KNOWN_VERSIONS } from './kuma/releases.ts';
import { versionOfNumber } from './version-number.ts';
import { TEST_CA } from './testing/test-ca.ts';

const test = suite('versions written as numbers');

const config = (text: string): KubeObject => {
  const parsed = parseYamlText(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value as KubeObject;
};
const typed = (line: string): KubeObject => config(`apiVersion: kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: c}\nspec:\n  caCert: ${JSON.stringify(TEST_CA)}\n  ${line}`);
const configMap = (line: string): KubeObject => config(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  caCert: ${JSON.stringify(TEST_CA)}\n  ${line}`);
const errors = (c: KubeObject): Array<[string | undefined, string]> =>
  loadSettings(c).results.filter((r) => r.severity === 'error').map((r) => [r.field?.path, r.message]);

for (const [form, make, prefix] of [['KumaInject', typed, 'spec'], ['ConfigMap', configMap, 'data']] as const) {
  test(`${form}: an unquoted 1.30 is an error naming the field, what YAML read and the quoted text`, () => {
    assert.equal(errors(make('kubernetesVersion: 1.30')), [
      [`${prefix}.kubernetesVersion`, `\`${prefix}.kubernetesVersion\` is the number 1.3 (YAML reads 1.30 unquoted as 1.3): quote it, "1.30", or "1.3" if that is the version you mean`],
    ]);
  });

  test(`${form}: kumaVersion as a number is told the releases, whatever the number`, () => {
    const told = (number: string) => `\`${prefix}.kumaVersion\` is the number ${number}: write it quoted, one of ${KNOWN_VERSIONS}`;
    assert.equal(errors(make('kumaVersion: 3')), [[`${prefix}.kumaVersion`, told('3')]]);
    assert.equal(errors(make('kumaVersion: 0x1F')), [[`${prefix}.kumaVersion`, told('31')]]);
    for (const number of ['2.7', '2.10']) {
      const read = String(Number(number));
      assert.equal(errors(make(`kumaVersion: ${number}`)), [
        [`${prefix}.kumaVersion`, `\`${prefix}.kumaVersion\` is the number ${read} (YAML reads ${read}0 unquoted as ${read}): write it quoted, one of ${KNOWN_VERSIONS}`],
      ]);
    }
    assert.match(KNOWN_VERSIONS, '"3.0-preview"');
  });

  test(`${form}: an integer or an exponent is only told to be quoted (its text is not known)`, () => {
    for (const [written, read] of [['1', '1'], ['0x1F', '31'], ['1e3', '1000']]) {
      assert.equal(errors(make(`kubernetesVersion: ${written}`)), [[`${prefix}.kubernetesVersion`, `\`${prefix}.kubernetesVersion\` is the number ${read}: write the version quoted`]], written);
    }
  });

  test(`${form}: a one-digit minor is refused even where it names a release (2.7 may be 2.70)`, () => {
    assert.equal(errors(make('kumaVersion: 2.7')).map(([path]) => path), [`${prefix}.kumaVersion`]);
    assert.equal(errors(make('kubernetesVersion: 1.9')).map(([path]) => path), [`${prefix}.kubernetesVersion`]);
  });

  test(`${form}: a number with a two-digit minor is exactly the text YAML read`, () => {
    const outcome = loadSettings(make('kumaVersion: 2.12'));
    assert.ok(outcome.ok, JSON.stringify(outcome.results));
    if (!outcome.ok) return;
    assert.is(outcome.settings.spec.kumaVersion, '2.12');
    assert.is(outcome.settings.release.minor, '2.12');
    const k8s = loadSettings(make('kubernetesVersion: 1.28'));
    assert.ok(k8s.ok);
    if (!k8s.ok) return;
    assert.is(k8s.settings.spec.kubernetesVersion, '1.28');
    assert.is(k8s.settings.native, false);
    assert.ok(k8s.results.some((r) => r.code === 'LEGACY_LAYOUT' && r.field?.path === `${prefix}.kubernetesVersion`));
  });

  test(`${form}: the quoted text is taken as it is`, () => {
    const outcome = loadSettings(make('kubernetesVersion: "1.30"'));
    assert.ok(outcome.ok);
    if (outcome.ok) assert.equal([outcome.settings.spec.kubernetesVersion, outcome.settings.native], ['1.30', true]);
  });
}

test('ConfigMap: other values that are no strings are still refused', () => {
  assert.equal(errors(configMap('meshes: 5')), [['data.meshes', 'ConfigMap values must be strings']]);
});

test('the rule: two or more digits of minor are kept; one or none is ambiguous; anything else is no version', () => {
  const k8s = (value: number) => versionOfNumber(value, 'kubernetesVersion', 'f');
  assert.equal(k8s(2.14), { ok: true, text: '2.14' });
  assert.equal(k8s(1.310), { ok: true, text: '1.31' });
  assert.is(k8s(2.1).ok, false);
  assert.is(k8s(1).ok, false);
  assert.equal(k8s(-1.31), { ok: false, error: '`f` is the number -1.31: write the version quoted' });
  assert.equal(k8s(1e21), { ok: false, error: '`f` is the number 1e+21: write the version quoted' });
});

test.run();
