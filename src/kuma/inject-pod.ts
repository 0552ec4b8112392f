/**
 * Injects one pod template the way Kuma 2.14's webhook mutates a Pod, in the webhook's order (spec §3):
 * default-container, ContainerPatches, kuma-sidecar, volumes, transparent-proxy annotations and the init
 * container, placement, then probe rewriting. Data in, data out; a problem throws InjectionFailure.
 */
import type { JsonObject, JsonValue } from '../krm/object.ts';
import { isObject, stringMap } from '../krm/object.ts';

import type { Settings } from '../settings.ts';
import { readAnnotations } from './annotation-reader.ts';
import { configMapModeAnnotations, missingConfigMapFailure } from './configmap-mode.ts';
import { type ContainerPatchSet, applyContainerPatches, patchesTouchingSecurity, privilegeRaises } from './container-patch.ts';
import { fail } from './failure.ts';
import { buildInitContainer, buildValidationContainer, kumactlArgs } from './init-container.ts';
import { legacyAnnotations } from './legacy-annotations.ts';
import { ANNOTATION, LABEL, SIDECAR_NAME } from './metadata.ts';
import { rewriteProbes } from './probes.ts';
import { buildSidecar, spireEnabled } from './sidecar.ts';

export interface InjectionInput {
  readonly settings: Settings;
  readonly mesh: string;
  /** The ContainerPatches this template asks for, already looked up (config defaults first). */
  readonly patches: ContainerPatchSet;
  /** `config.yaml` of the system namespace's transparent-proxy ConfigMap (ConfigMap mode only). */
  readonly transparentProxyBaseConfig?: string;
  /** Whether that ConfigMap is in the input at all (3.0's error tells a missing ConfigMap from an empty key). */
  readonly transparentProxyConfigMapFound?: boolean;
  /** Receives warnings that do not stop injection, with their result code. */
  readonly warn: (message: string, code: 'CONTAINER_PATCH_FAILED' | 'CONTAINER_PATCH_PRIVILEGED') => void;
}

/** Kuma applies any patch; a patch that raises privilege is a warning here, or an error with `spec.refusePrivilegedPatches`. */
function checkPrivilege(before: JsonObject, after: JsonObject, input: InjectionInput, target: 'sidecar' | 'init'): void {
  const raises = privilegeRaises(before, after);
  if (raises.length === 0) return;
  const names = patchesTouchingSecurity(input.patches.patches ?? [], target);
  const who = names.length ? `ContainerPatch${names.length > 1 ? 'es' : ''} ${names.map((n) => `"${n}"`).join(', ')}` : 'ContainerPatches';
  const message = `${who} raise${names.length === 1 ? 's' : ''} the privilege of \`${String(after.name)}\`: ${raises.join('; ')}`;
  const refuseField = input.settings.configField('refusePrivilegedPatches');
  if (input.settings.spec.refusePrivilegedPatches) fail(`${message} (refused: \`${refuseField}\` is true)`, 'metadata.annotations[kuma.io/container-patches]', 'CONTAINER_PATCH_REFUSED');
  input.warn(`${message}; Kuma applies it, set \`${refuseField}\` to refuse such patches`, 'CONTAINER_PATCH_PRIVILEGED');
}

const list = (value: unknown): JsonValue[] => (Array.isArray(value) ? value : []);

export function injectPodTemplate(template: JsonObject, input: InjectionInput): JsonObject {
  const { settings, mesh, patches } = input;
  const warnPatch = (message: string): void => input.warn(message, 'CONTAINER_PATCH_FAILED');
  const metadata: JsonObject = isObject(template.metadata) ? { ...template.metadata } : {};
  const spec: JsonObject = isObject(template.spec) ? { ...template.spec } : {};
  const annotations: Record<string, string> = { ...stringMap(metadata.annotations) };
  const containers = list(spec.containers);

  // 1. default container
  const only = containers.length === 1 && isObject(containers[0]) ? containers[0] : undefined;
  if (only && typeof only.name === 'string' && !(ANNOTATION.defaultContainer in annotations)) {
    annotations[ANNOTATION.defaultContainer] = only.name;
  }
  const pod = readAnnotations({ ...annotations });

  // 3. kuma-sidecar, from the annotations as the user wrote them
  const built = buildSidecar(pod, spec, settings, mesh);
  // 3.0: with pod-level resources the pod's budget is shared, so Kuma leaves kuma-sidecar's empty (patches may still set them).
  const podLevelResources = settings.release.behaviour.podLevelResourcesEmptySidecarResources && spec.resources !== undefined && spec.resources !== null;
  const sidecar = podLevelResources ? { ...built, resources: {} } : built;

  // 4-5. volumes
  const volumes: JsonValue[] = [
    ...list(spec.volumes),
    { name: 'kuma-init-tmp', emptyDir: { sizeLimit: '10M' } },
    { name: 'kuma-sidecar-tmp', emptyDir: { sizeLimit: '10M' } },
  ];
  if (spireEnabled(pod, settings)) {
    volumes.push({ name: 'kuma-spire-agent-socket', csi: { driver: 'csi.spiffe.io', readOnly: true } });
  }

  // 6. sidecar patches
  const patchedSidecar = applyContainerPatches(sidecar, patches.sidecar, patches.names, warnPatch);
  checkPrivilege(sidecar, patchedSidecar, input, 'sidecar');

  // 7. transparent proxy: annotations, mesh label, init container
  let initContainer: JsonObject | undefined;
  const labels: Record<string, string> = { ...stringMap(metadata.labels) };
  // 2.7 writes the mesh as an annotation (with the others), 2.9 on as a label (switch meshSource).
  if (settings.release.behaviour.meshSource === 'annotation') annotations[ANNOTATION.mesh] = mesh;
  else labels[LABEL.mesh] = mesh;
  if (settings.configMapMode) {
    if (input.transparentProxyBaseConfig === undefined || input.transparentProxyBaseConfig === '') {
      if (settings.release.behaviour.transparentProxyConfigMapOnly) missingConfigMapFailure(settings, input.transparentProxyConfigMapFound ?? false);
      fail(
        `could not retrieve transparent proxy configuration: ConfigMap "${settings.injector.transparentProxyConfigMap}" in namespace "${settings.systemNamespace}" with a non-empty \`config.yaml\` must be in the input`,
        undefined,
        'TRANSPARENT_PROXY_CONFIG_MISSING',
      );
    }
    const tproxy = configMapModeAnnotations(input.transparentProxyBaseConfig!, pod, settings, spec);
    volumes.push({
      name: 'transparent-proxy-base',
      downwardAPI: {
        items: [{ path: 'config.yaml', fieldRef: { fieldPath: `metadata.annotations['${ANNOTATION.transparentProxyConfig}']` } }],
      },
    });
    const custom = pod.string(ANNOTATION.transparentProxyConfigMapName);
    if (custom) volumes.push({ name: 'transparent-proxy-custom', configMap: { name: custom } });
    Object.assign(annotations, tproxy.annotations);
    const merged = readAnnotations(annotations);
    if (!tproxy.cniMode) initContainer = buildInitContainer([], merged, settings);
    else if (tproxy.redirectInbound) initContainer = buildValidationContainer(merged, settings);
  } else {
    Object.assign(annotations, legacyAnnotations(pod, settings));
    const merged = readAnnotations(annotations, (message) => `could not generate annotations for pod: ${message}`);
    const redirectInbound = !(merged.bool(ANNOTATION.gateway) ?? false);
    if (!settings.injector.cniEnabled) initContainer = buildInitContainer(kumactlArgs(merged, settings), merged, settings);
    else if (redirectInbound) initContainer = buildValidationContainer(merged, settings);
  }
  if (initContainer) {
    const built = initContainer;
    initContainer = applyContainerPatches(built, patches.init, patches.names, warnPatch);
    checkPrivilege(built, initContainer, input, 'init');
  }

  // 8. eBPF volumes
  const { ebpf } = settings.injector;
  if (ebpf.enabled && !settings.release.behaviour.ebpfRemoved) {
    volumes.push({ name: 'sys-fs-cgroup', hostPath: { path: ebpf.cgroupPath } }, { name: 'bpf-fs', hostPath: { path: ebpf.bpffsPath } });
  }

  // 9-10. placement
  const final = readAnnotations(annotations);
  const initFirst = final.bool(ANNOTATION.initFirst) ?? false;
  const prepend: JsonValue[] = [];
  const append: JsonValue[] = [];
  if (initContainer) (initFirst || settings.native ? prepend : append).push(initContainer);
  let newContainers = containers;
  if (settings.native) {
    prepend.push({
      ...patchedSidecar,
      restartPolicy: 'Always',
      lifecycle: { preStop: { exec: { command: ['killall', '-USR2', 'kuma-dp'] } } },
    });
  } else {
    newContainers = [patchedSidecar, ...containers];
  }
  const initContainers = [...prepend, ...list(spec.initContainers), ...append];

  const injectedSpec: JsonObject = { ...spec, containers: newContainers, volumes };
  if (initContainers.length > 0) injectedSpec.initContainers = initContainers;

  // 11. probes of the application containers
  const probedSpec = rewriteProbes(injectedSpec, final, settings.release.behaviour);
  return { ...template, metadata: { ...metadata, annotations, labels }, spec: probedSpec };
}

export const hasSidecar = (spec: JsonObject): boolean =>
  [...list(spec.containers), ...list(spec.initContainers)].some((c) => isObject(c) && c.name === SIDECAR_NAME);
