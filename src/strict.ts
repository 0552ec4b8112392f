/**
 * Strict mode (`spec.strict`, ConfigMap `strict`, CLI `--strict`): applied once, at the end of a run, to the results
 * every transform produced. Hosts that show stderr only on failure (kubectl kustomize, Argo CD's CMP, Helm 4) hide
 * warnings; strict mode makes each one fail the render instead, and refuses to guess about namespaces it was not
 * told about (a silent skip there is how an uninjected workload reaches a cluster).
 */
import { type KubeObject, identityOf, isKind, isObject, metadataOf } from './krm/object.ts';
import { type WorkloadKind, podTemplateAt, workloadKindOf } from './krm/pod-template.ts';
import { type Result, error } from './krm/result.ts';
import type { WorkloadReport } from './transforms/transform.ts';
import { LABEL } from './kuma/metadata.ts';
import { parseBool } from './kuma/values.ts';
import { own } from './user-keys.ts';

const STRICT_NOTE = 'strict mode makes this warning an error';

/** The same result as an error, with the same code, saying strict mode made it one. */
const asError = (result: Result): Result =>
  result.severity === 'warning' ? { ...result, severity: 'error', message: `${result.message} (${STRICT_NOTE})` } : result;

const namespaceOf = (object: KubeObject): string => identityOf(object).namespace || 'default';

/** Namespaces whose labels the run knows: Namespace objects in the input, and `spec.namespaces`. */
function knownNamespaces(objects: readonly KubeObject[], declared: Readonly<Record<string, unknown>>): (name: string) => boolean {
  const inInput = new Set<string>();
  for (const object of objects) {
    const name = metadataOf(object).name;
    if (isKind(object, '', 'Namespace') && typeof name === 'string') inInput.add(name);
  }
  return (name) => inInput.has(name) || own(declared, name) !== undefined;
}

function unknownNamespaceError(object: KubeObject, field: string): Result {
  const namespace = namespaceOf(object);
  return error(
    'NAMESPACE_UNKNOWN',
    `namespace "${namespace}" is not in the input or in \`${field}\`, so whether Kuma would inject this workload depends on labels kuma-inject cannot see; strict mode refuses to guess: add the Namespace object to the input, or declare it in \`${field}\` (\`${namespace}: {labels: {${LABEL.sidecarInjection}: enabled}}\`, or \`disabled\`)`,
    object,
  );
}

export interface StrictInput {
  readonly results: readonly Result[];
  readonly report: readonly WorkloadReport[];
  /** The run's input objects (Namespace objects among them). */
  readonly objects: readonly KubeObject[];
  /** `spec.namespaces` of the config. */
  readonly namespaces: Readonly<Record<string, unknown>>;
  /** The config field as the user writes it: `spec.namespaces`, or `data.namespaces` in the ConfigMap form. */
  readonly namespacesField: string;
  /** Where each kind keeps its pod template, to read the pod label. */
  readonly workloadKinds: readonly WorkloadKind[];
  /** The control plane's namespace: like kube-system, the webhook never sees its Pods, whatever its labels. */
  readonly systemNamespace: string;
}

/** A pod label that disables injection (`disabled`, `false`, `no`) settles it whatever the namespace says. */
function optsOut(object: KubeObject, kinds: readonly WorkloadKind[]): boolean {
  const kind = workloadKindOf(object, kinds);
  const found = kind ? podTemplateAt(object, kind.templatePath) : undefined;
  if (!found || !('template' in found)) return false;
  const labels = (found.template as { metadata?: { labels?: unknown } }).metadata?.labels;
  const value = isObject(labels) ? own(labels, LABEL.sidecarInjection) : undefined;
  if (typeof value !== 'string') return false;
  const parsed = parseBool(LABEL.sidecarInjection, value);
  return parsed.ok && !parsed.value;
}

/**
 * The results of a strict run: every warning an error (same code), and each workload in a namespace of unknown
 * labels an error naming that namespace (in place of the NAMESPACE_UNKNOWN info a normal run gives), unless its
 * pod label opts out or the namespace is one the webhook never sees (kube-system, the control plane's).
 */
export function strictResults(input: StrictInput): Result[] {
  const known = knownNamespaces(input.objects, input.namespaces);
  const unknown = input.report
    .filter((entry) => {
      const namespace = namespaceOf(entry.object);
      if (namespace === 'kube-system' || namespace === input.systemNamespace) return false;
      return !known(namespace) && !optsOut(entry.object, input.workloadKinds);
    })
    .map((entry) => unknownNamespaceError(entry.object, input.namespacesField));
  const kept = input.results.filter((r) => r.code !== 'NAMESPACE_UNKNOWN' || r.severity !== 'info').map(asError);
  return [...kept, ...unknown];
}
