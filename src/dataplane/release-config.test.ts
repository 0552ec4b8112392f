/** CONFIG_KEY_NOT_IN_RELEASE for the converter's keys (release-defaults.ts CONFIG_KEY_RELEASES): set for a release whose kuma-cp does not have them, they are named and ignored. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject } from '../krm/object.ts';
import { loadSettings } from '../settings.ts';

const test = suite('converter keys a release lacks');
const warningsFor = (kumaVersion: string, controlPlane: JsonObject) => {
  const outcome = loadSettings({ apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'x' }, spec: { kumaVersion, controlPlane } });
  assert.ok(outcome.ok);
  return outcome.results.filter((r) => r.code === 'CONFIG_KEY_NOT_IN_RELEASE').map((r) => [r.severity, r.field?.path]);
};
const TAGS_OFF = { experimental: { inboundTagsDisabled: true } };
const WORKLOAD = { runtime: { kubernetes: { workloadLabels: ['app'] } } };

test('inboundTagsDisabled: a warning before 2.14, none from 2.14', () => {
  assert.equal(warningsFor('2.13', TAGS_OFF), [['warning', 'spec.controlPlane.experimental.inboundTagsDisabled']]);
  assert.equal(warningsFor('2.7', TAGS_OFF), [['warning', 'spec.controlPlane.experimental.inboundTagsDisabled']]);
  assert.equal(warningsFor('2.14', TAGS_OFF), []);
});

test('workloadLabels: a warning before 2.13, none from 2.13', () => {
  assert.equal(warningsFor('2.12', WORKLOAD), [['warning', 'spec.controlPlane.runtime.kubernetes.workloadLabels']]);
  assert.equal(warningsFor('2.13', WORKLOAD), []);
});

test('the keys are ignored for such a release: the parsed config holds the defaults', () => {
  const outcome = loadSettings({ apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'x' }, spec: { kumaVersion: '2.12', controlPlane: { ...TAGS_OFF, ...WORKLOAD } } });
  assert.ok(outcome.ok);
  if (!outcome.ok) return;
  assert.is(outcome.settings.controlPlane.experimental.inboundTagsDisabled, false);
  assert.equal(outcome.settings.controlPlane.runtime.kubernetes.workloadLabels, []);
});

test('the message names the release and what to do', () => {
  const outcome = loadSettings({ apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'x' }, spec: { kumaVersion: '2.11', controlPlane: WORKLOAD } });
  assert.ok(outcome.ok);
  const message = outcome.results.find((r) => r.code === 'CONFIG_KEY_NOT_IN_RELEASE')!.message;
  assert.match(message, 'Kuma 2.11.18 ignores it');
  assert.match(message, 'not a kuma-cp 2.11 setting');
});

test('the ConfigMap form names the key written, data.controlPlane, and the message the kuma-cp key', () => {
  const outcome = loadSettings({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { kumaVersion: '2.13', controlPlane: 'experimental: {inboundTagsDisabled: true}' } });
  assert.ok(outcome.ok);
  const warned = outcome.results.filter((r) => r.code === 'CONFIG_KEY_NOT_IN_RELEASE');
  assert.equal(warned.map((r) => r.field?.path), ['data.controlPlane']);
  assert.match(warned[0]!.message, /^`experimental\.inboundTagsDisabled` is not a kuma-cp 2\.13 setting/);
});

test.run();
