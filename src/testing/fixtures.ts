/** Shared test helpers: Settings from a spec, and catching the InjectionFailure a step throws. */
import * as assert from 'uvu/assert';
import type { JsonObject } from '../krm/object.ts';
import { InjectionFailure } from '../kuma/failure.ts';
import { type Settings, loadSettings } from '../settings.ts';

/** Settings for a `KumaInject` spec; throws when the test's own config is invalid. */
export function settingsWith(spec: JsonObject = {}): Settings {
  const outcome = loadSettings({ apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'x' }, spec });
  if (!outcome.ok) throw new Error(`bad test settings: ${JSON.stringify(outcome.results)}`);
  return outcome.settings;
}

/** The InjectionFailure `fn` throws; fails the test when it throws nothing. */
export function failure(fn: () => unknown): InjectionFailure {
  try {
    fn();
  } catch (caught) {
    if (caught instanceof InjectionFailure) return caught;
    throw caught;
  }
  throw new assert.Assertion({ message: 'expected an InjectionFailure', operator: 'throws', expects: 'InjectionFailure', actual: 'no error' });
}

/** The annotations Kuma 2.14 writes with Helm defaults (spec §12.2). */
export const HELM_DEFAULT_ANNOTATIONS: Readonly<Record<string, string>> = {
  'kuma.io/sidecar-injected': 'true',
  'kuma.io/transparent-proxying': 'enabled',
  'kuma.io/sidecar-uid': '5678',
  'kuma.io/transparent-proxying-inbound-port': '15006',
  'kuma.io/transparent-proxying-outbound-port': '15001',
  'kuma.io/transparent-proxying-ip-family-mode': 'dualstack',
  'kuma.io/builtin-dns': 'enabled',
  'kuma.io/builtin-dns-port': '15053',
  'kuma.io/builtin-dns-logging': 'false',
  'kuma.io/virtual-probes': 'disabled',
  'kuma.io/virtual-probes-port': '9000',
  'kuma.io/application-probe-proxy-port': '9001',
  'traffic.kuma.io/exclude-inbound-ports': '9902',
  'kuma.io/envoy-admin-port': '9901',
};
