/**
 * Converter keys of the kuma-cp config that the chosen release does not have: such a kuma-cp ignores them, so
 * the run does too (generate-dataplanes.ts reads the switches) and says so, instead of previewing Dataplanes no
 * control plane of that release would write.
 */
import type { KubeObject } from '../krm/object.ts';
import { type Result, warning } from '../krm/result.ts';
import type { Release } from '../kuma/releases.ts';

/** The parts of the parsed kuma-cp config these keys live in. */
export interface ConverterKeys {
  readonly experimental: { readonly inboundTagsDisabled: boolean };
  readonly runtime: { readonly kubernetes: { readonly workloadLabels: readonly string[] } };
}

/**
 * A warning per converter key set (to other than its default) that `release` does not know. In the ConfigMap
 * form the kuma-cp config is one YAML text, so the field is `data.controlPlane` itself.
 */
export function ignoredConverterKeys(controlPlane: ConverterKeys, release: Release, where: KubeObject | undefined, configMap = false): Result[] {
  const out: Result[] = [];
  const ignored = (key: string, since: string): Result =>
    warning(
      'CONFIG_KEY_NOT_IN_RELEASE',
      `\`${key}\` exists in kuma-cp from ${since} on; Kuma ${release.version} ignores it, so the Dataplane previews do too: remove it or set a later \`kumaVersion\``,
      where,
      { field: configMap ? 'data.controlPlane' : `spec.controlPlane.${key}` },
    );
  if (!release.behaviour.inboundTagsDisabledKey && controlPlane.experimental.inboundTagsDisabled) {
    out.push(ignored('experimental.inboundTagsDisabled', '2.14'));
  }
  if (!release.behaviour.workloadLabel && controlPlane.runtime.kubernetes.workloadLabels.length > 0) {
    out.push(ignored('runtime.kubernetes.workloadLabels', '2.13'));
  }
  return out;
}
