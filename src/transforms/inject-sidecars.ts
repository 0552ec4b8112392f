/**
 * The injection transform: finds every pod template in the items, strips an earlier injection of ours, decides
 * as Kuma's webhook would (plus the Jobs-in-legacy-layout rule), injects, and then applies the lifecycle step
 * (src/lifecycle) to every template, recording all changes. Returns new objects only for items it changed
 * (others are the same references), with results. It never touches local-config objects, the Kptfile or
 * non-workload kinds.
 */
import type { JsonObject, KubeObject } from '../krm/object.ts';
import { identityOf, isKind, isKptfile, isLocalConfig, isObject, jsonEqual, metadataOf, stringMap } from '../krm/object.ts';
import { own } from '../user-keys.ts';
import { podTemplateAt, templateFieldPrefix, withPodTemplate, workloadKindOf } from '../krm/pod-template.ts';
import type { Result } from '../krm/result.ts';
import { error, info, warning } from '../krm/result.ts';
import type { Settings } from '../settings.ts';
import type { TransformOutput, WorkloadReport } from './transform.ts';
import { type ContainerPatchSet, type ParsedContainerPatch, isContainerPatch, parseContainerPatch, resolveContainerPatches } from '../kuma/container-patch.ts';
import { InjectionFailure, annotationField } from '../kuma/failure.ts';
import { injectPodTemplate } from '../kuma/inject-pod.ts';
import { ANNOTATION, LABEL, RECORD_ANNOTATION } from '../kuma/metadata.ts';
import { type MeshCatalog, type NamespaceView, deprecationNotes, namespaceFromObject, precheck } from '../kuma/precheck.ts';
import { podTemplateProblems } from '../kuma/pod-template-check.ts';
import { type InjectionRecord, recordInjection, storeRecord, stripInjection } from '../kuma/record.ts';
import { readRecord } from '../kuma/record-check.ts';
import { describeUpgrade, injectedParts } from '../kuma/upgrade-diff.ts';
import { annotationReleaseNotes, namespaceAnnotationNote } from '../kuma/annotation-releases.ts';
import { applyLifecycle, isLongRunning } from '../lifecycle/apply.ts';
import type { LifecycleNote } from '../lifecycle/note.ts';
import { jobInLegacyLayout } from '../lifecycle/jobs.ts';
import { validateTrafficAnnotations } from '../lifecycle/traffic-annotations.ts';

export type { WorkloadReport } from './transform.ts';

export interface InjectSidecarsOutput extends TransformOutput {
  /** Same length and order as the input; the input reference where nothing changed. */
  readonly items: readonly KubeObject[];
  readonly report: readonly WorkloadReport[];
}

interface Context {
  readonly settings: Settings;
  readonly namespaces: ReadonlyMap<string, KubeObject>;
  readonly meshes: MeshCatalog;
  readonly patches: ReadonlyMap<string, ParsedContainerPatch>;
  readonly patchesElsewhere: ReadonlyMap<string, readonly string[]>;
  readonly configMaps: ReadonlyMap<string, KubeObject>;
  /** Zone-proxy Services (labelled `k8s.kuma.io/zone-proxy-type`, not ignored) by namespace: few, looked up per template. */
  readonly zoneProxyServices: ReadonlyMap<string, readonly KubeObject[]>;
}

const key = (namespace: string, name: string): string => `${namespace}/${name}`;

function buildContext(items: readonly KubeObject[], settings: Settings, results: Result[]): Context {
  const namespaces = new Map<string, KubeObject>();
  const meshNames = new Set<string>(settings.spec.meshes ?? []);
  let meshObjects = 0;
  const patches = new Map<string, ParsedContainerPatch>();
  const patchesElsewhere = new Map<string, string[]>();
  const configMaps = new Map<string, KubeObject>();
  const zoneProxyServices = new Map<string, KubeObject[]>();
  for (const object of items) {
    const metadata = metadataOf(object);
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    const namespace = typeof metadata.namespace === 'string' && metadata.namespace ? metadata.namespace : 'default';
    if (isKind(object, '', 'Namespace')) namespaces.set(name, object);
    else if (isKind(object, 'kuma.io', 'Mesh')) {
      meshNames.add(name);
      meshObjects++;
    } else if (isKind(object, '', 'ConfigMap')) configMaps.set(key(namespace, name), object);
    else if (isKind(object, '', 'Service')) {
      if (stringMap(metadata.labels)[LABEL.zoneProxyType] && stringMap(metadata.annotations)['kuma.io/ignore'] !== 'true') {
        zoneProxyServices.set(namespace, [...(zoneProxyServices.get(namespace) ?? []), object]);
      }
    }
    else if (isContainerPatch(object)) {
      const parsed = parseContainerPatch(object);
      if (!parsed.ok) {
        results.push(error('CONTAINER_PATCH_INVALID', parsed.message, object, { field: parsed.field }));
      } else if (namespace === settings.systemNamespace) {
        patches.set(name, parsed.patch);
      } else {
        patchesElsewhere.set(name, [...(patchesElsewhere.get(name) ?? []), namespace]);
        results.push(
          warning(
            'CONTAINER_PATCH_IGNORED',
            `ContainerPatch "${name}" is in namespace "${namespace}" and is never applied: Kuma only admits ContainerPatches in its system namespace "${settings.systemNamespace}"`,
            object,
            { field: 'metadata.namespace' },
          ),
        );
      }
    }
  }
  const authority = settings.spec.meshes !== undefined ? 'config' : meshObjects > 0 ? 'input' : 'none';
  return { settings, namespaces, meshes: { names: meshNames, authority }, patches, patchesElsewhere, configMaps, zoneProxyServices };
}

function namespaceView(context: Context, name: string): NamespaceView {
  const fromConfig = own(context.settings.spec.namespaces, name);
  return namespaceFromObject(name, context.namespaces.get(name), fromConfig);
}

/** A Service of the namespace whose selector picks these labels and that marks a mesh-scoped zone proxy. */
function selectedByZoneProxyService(context: Context, namespace: string, labels: Record<string, string>): boolean {
  return (context.zoneProxyServices.get(namespace) ?? []).some((service) => {
    const selector = stringMap(isObject(service.spec) ? service.spec.selector : undefined);
    const entries = Object.entries(selector);
    return entries.length > 0 && entries.every(([k, v]) => own(labels, k) === v);
  });
}

function containerPatchNames(context: Context, annotations: Record<string, string>): string[] {
  const fromAnnotation = (annotations[ANNOTATION.containerPatches] ?? '').split(',').filter((n) => n !== '');
  return [...context.settings.injector.containerPatches, ...fromAnnotation];
}

function transparentProxyBaseConfig(context: Context): { text?: string; found: boolean } {
  const { settings } = context;
  if (!settings.configMapMode) return { found: false };
  const configMap = context.configMaps.get(key(settings.systemNamespace, settings.injector.transparentProxyConfigMap));
  const data = configMap && isObject(configMap.data) ? configMap.data : {};
  return typeof data['config.yaml'] === 'string' ? { text: data['config.yaml'], found: true } : { found: configMap !== undefined };
}

function injectOne(object: KubeObject, context: Context, results: Result[], report: WorkloadReport[]): KubeObject {
  const kind = workloadKindOf(object, context.settings.workloadKinds);
  if (!kind) return object;
  const located = podTemplateAt(object, kind.templatePath);
  const prefix = templateFieldPrefix(kind.templatePath);
  if ('missing' in located) {
    results.push(error('INVALID_WORKLOAD', `a ${String(object.kind)} must have a pod template at \`${located.missing}\``, object, { field: located.missing }));
    report.push({ object, status: 'failed', reason: `no pod template at ${located.missing}` });
    return object;
  }
  const original = located.template;
  const problems = podTemplateProblems(original);
  if (problems.length > 0) {
    for (const problem of problems) {
      results.push(error('INVALID_WORKLOAD', `not injected: ${problem.field.startsWith('metadata.labels[') || problem.field.startsWith('metadata.annotations[') ? 'the value ' : ''}${problem.message}`, object, { field: prefix + problem.field }));
    }
    report.push({ object, status: 'failed', reason: problems[0]!.message });
    return object;
  }
  const reading = readRecord(original);
  if (reading && !reading.ok) {
    // Stripping with a record that does not fit could delete what the user wrote: leave the workload as it is.
    const message = `the record of an earlier injection does not fit this pod template: ${reading.problem}; the workload is left unchanged`;
    results.push(error('INJECTION_RECORD_INVALID', message, object, { field: prefix + annotationField(RECORD_ANNOTATION) }));
    report.push({ object, status: 'failed', reason: reading.problem });
    return object;
  }
  const record = reading?.record;
  const stripped = record ? stripInjection(original, record) : { template: original, keptEdits: [], editedContainers: [] };
  for (const name of stripped.editedContainers) {
    results.push(
      warning(
        'INJECTED_CONTAINER_EDITED',
        `\`${name}\` was edited after injection and is built anew: make such changes with a ContainerPatch or the config`,
        object,
        { field: `${prefix}spec` },
      ),
    );
  }
  for (const edit of stripped.keptEdits) {
    results.push(info('USER_EDIT_KEPT', `\`${edit}\` was changed after injection: the changed value is kept as yours`, object, { field: prefix + edit }));
  }
  const base = stripped.template;
  const metadata = isObject(base.metadata) ? base.metadata : {};
  const labels = stringMap(metadata.labels);
  const annotations = stringMap(metadata.annotations);
  const spec = isObject(base.spec) ? base.spec : {};
  const namespace = identityOf(object).namespace ?? 'default';
  const field = (path: string | undefined): string | undefined => (path === undefined ? undefined : path.startsWith('Namespace ') ? path : prefix + path);
  const warn = (message: string, code: Result['code'] = 'INJECTION_FAILED', path?: string): void => {
    results.push(warning(code, message, object, field(path) ? { field: field(path)! } : {}));
  };
  const note = (n: LifecycleNote): void => {
    const make = n.severity === 'error' ? error : n.severity === 'warning' ? warning : info;
    results.push(make(n.code, n.message, object, field(n.field) ? { field: field(n.field)! } : {}));
  };
  /** The template and record `finish` wrote last, for the upgrade line. */
  let written: { template: JsonObject; record: InjectionRecord } | undefined;
  /** The lifecycle step on `template` (injected or not), recorded when it changed anything since `base`. */
  const finish = (template: JsonObject, inMesh: boolean): KubeObject => {
    const lifecycle = applyLifecycle(template, { settings: context.settings, inMesh, longRunning: isLongRunning(base, kind.runsToCompletion), input: base });
    lifecycle.notes.forEach(note);
    if (!inMesh && jsonEqual(lifecycle.template, base)) return record ? withPodTemplate(object, kind.templatePath, base) : object;
    written = { template: lifecycle.template, record: recordInjection(base, lifecycle.template) };
    return withPodTemplate(object, kind.templatePath, storeRecord(written.template, written.record));
  };
  try {
    const decision = precheck({
      labels,
      annotations,
      spec,
      namespace: namespaceView(context, namespace),
      injector: context.settings.injector,
      systemNamespace: context.settings.systemNamespace,
      meshes: context.meshes,
      // Only 2.14 on looks for zone-proxy Services; skip the scan where the release ignores them.
      selectedByZoneProxyService: context.settings.release.behaviour.zoneProxyInjectedBeforeMesh && selectedByZoneProxyService(context, namespace, labels),
      rules: context.settings.release.behaviour,
      configField: context.settings.configField,
    });
    for (const note of decision.notes) {
      const make = note.severity === 'warning' ? warning : info;
      results.push(make(note.code, note.message, object, field(note.field) ? { field: field(note.field)! } : {}));
    }
    if (!decision.inject) {
      if (decision.code === 'SIDECAR_PRESENT') results.push(info('SIDECAR_PRESENT', `not injected: ${decision.reason}, as the webhook would skip it`, object));
      report.push({ object, status: 'skipped', reason: decision.reason });
      return finish(base, false);
    }
    const job = jobInLegacyLayout(String(object.kind), kind.runsToCompletion, context.settings);
    if (job) {
      note(job.note);
      if (job.skip) {
        report.push({ object, status: 'skipped', reason: `a ${String(object.kind)} in the legacy layout` });
        return finish(base, false);
      }
    }
    const invalid = validateTrafficAnnotations(annotations);
    if (invalid.length > 0) {
      for (const problem of invalid) {
        results.push(error('INVALID_ANNOTATION', `not injected: ${problem.message}`, object, { field: prefix + annotationField(problem.key) }));
      }
      report.push({ object, status: 'failed', reason: invalid[0]!.message });
      return object;
    }
    const { behaviour, minor } = context.settings.release;
    for (const note of deprecationNotes(annotations, context.settings.injector, behaviour.noDeprecationNotes)) warn(note.message, note.code, note.field);
    for (const n of annotationReleaseNotes(annotations, minor)) {
      results.push((n.severity === 'warning' ? warning : info)(n.code, n.message, object, { field: prefix + n.field }));
    }
    const ns = namespaceAnnotationNote(namespace, namespaceView(context, namespace).annotations, minor);
    if (ns) warn(ns.message, ns.code);
    const patches: ContainerPatchSet = resolveContainerPatches(
      containerPatchNames(context, annotations),
      context.patches,
      context.settings.systemNamespace,
      context.patchesElsewhere,
      annotationField(ANNOTATION.containerPatches),
    );
    const baseConfig = transparentProxyBaseConfig(context);
    const injected = injectPodTemplate(base, {
      settings: context.settings,
      mesh: decision.mesh,
      patches,
      ...(baseConfig.text !== undefined ? { transparentProxyBaseConfig: baseConfig.text } : {}),
      transparentProxyConfigMapFound: baseConfig.found,
      warn: (message, code) => warn(message, code),
    });
    const next = finish(injected, true);
    const status = !record ? 'injected' : jsonEqual(next, object) ? 'unchanged' : 'updated';
    if (status !== 'updated' || !record || !written) {
      report.push({ object, status, reason: `mesh "${decision.mesh}"` });
      return next;
    }
    const changes = describeUpgrade(injectedParts(original, record), injectedParts(written.template, written.record));
    report.push({ object, status, reason: `mesh "${decision.mesh}"`, ...(changes ? { changes } : {}) });
    const what = changes ? `: ${changes}` : ' (what injection owns is the same; only its record or other fields changed)';
    results.push(info('UPGRADED', `re-injected: the earlier injection of kuma-inject was replaced with one for the current config${what}`, object));
    return next;
  } catch (caught) {
    if (!(caught instanceof InjectionFailure)) throw caught;
    const path = field(caught.field);
    results.push(error(caught.code, `not injected: ${caught.message}`, object, path ? { field: path } : {}));
    report.push({ object, status: 'failed', reason: caught.message });
    return object;
  }
}

export function injectSidecars(items: readonly KubeObject[], settings: Settings): InjectSidecarsOutput {
  const results: Result[] = [];
  const report: WorkloadReport[] = [];
  const context = buildContext(items, settings, results);
  const out = items.map((object) => {
    if (isLocalConfig(object) || isKptfile(object)) return object;
    const changed = injectOne(object, context, results, report);
    return changed === object || jsonEqual(changed, object) ? object : changed;
  });
  const counts = report.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
  if (report.length > 0) {
    const summary = Object.entries(counts)
      .map(([status, n]) => `${n} ${status}`)
      .join(', ');
    results.push(info('INJECTED', `${report.length} pod template${report.length === 1 ? '' : 's'}: ${summary}`));
  }
  return { items: out, results, report };
}

