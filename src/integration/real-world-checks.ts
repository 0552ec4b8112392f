/**
 * The comparisons of the real-world corpus test, as pure functions: splitting a YAML stream into its document
 * texts, naming objects, and reducing an injected object to the part that injection must leave alone.
 *
 * What injection owns (and so is left out of the "Go reads the same" comparison of an injected object): in the
 * pod template, the containers, init containers and volumes it adds (names that are not in the input), the
 * probes and a missing `lifecycle` of the user's containers (the probe proxy and the preStop hook), and the
 * kuma-owned labels and annotations (keys containing `kuma.io/` or `kuma-inject.dev/`, and the
 * `kubectl.kubernetes.io/default-container` and, with CNI, `k8s.v1.cni.cncf.io/networks` annotations it sets) on
 * the template and on the object. Everything
 * else, including each user container, init container and volume field by field, must read the same.
 */

export const isRecord = (value: unknown): value is Record<string, any> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The document texts of a YAML stream, split at `---` lines; the separators are not part of any text. */
export function documentTexts(stream: string): string[] {
  return stream.split(/^---[ \t]*(?:#.*)?\r?\n/m);
}

/** `Kind namespace/name` of a Kubernetes object (`generateName*` for a name to be generated), or undefined for anything else. */
export function identityOf(value: unknown): string | undefined {
  if (!isRecord(value) || typeof value.kind !== 'string' || !isRecord(value.metadata)) return undefined;
  const { name, generateName, namespace } = value.metadata;
  const named = typeof name === 'string' ? name : typeof generateName === 'string' ? `${generateName}*` : undefined;
  if (named === undefined) return undefined;
  return `${value.kind} ${typeof namespace === 'string' ? namespace : ''}/${named}`;
}

/** The pod template of an object (the Pod itself, a CronJob's job template's, or `spec.template`), if any. */
export function podTemplateOf(value: Record<string, any>): Record<string, any> | undefined {
  if (value.kind === 'Pod') return value;
  const template = value.kind === 'CronJob' ? value.spec?.jobTemplate?.spec?.template : value.spec?.template;
  return isRecord(template) && isRecord(template.spec) ? template : undefined;
}

const OWNED_KEY = /kuma\.io\/|kuma-inject\.dev\/|^kubectl\.kubernetes\.io\/default-container$|^k8s\.v1\.cni\.cncf\.io\/networks$/;
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

function withoutOwnedKeys(map: unknown): unknown {
  if (!isRecord(map)) return map;
  const kept = Object.fromEntries(Object.entries(map).filter(([key]) => !OWNED_KEY.test(key)));
  return Object.keys(kept).length === 0 ? undefined : kept;
}

/** Drops the kuma-owned labels and annotations of `owner.metadata`, and the metadata itself when that empties it. */
function stripMetadata(owner: Record<string, any>): void {
  const metadata = owner.metadata;
  if (!isRecord(metadata)) return;
  for (const key of ['labels', 'annotations']) {
    const kept = withoutOwnedKeys(metadata[key]);
    if (kept === undefined) delete metadata[key];
    else metadata[key] = kept;
  }
  if (Object.keys(metadata).length === 0) delete owner.metadata;
}

/** The user's entries of a named list, in the output's order; `input` says which names are the user's. */
function userEntries(list: unknown, inputNames: ReadonlySet<string>): unknown {
  if (!Array.isArray(list)) return list;
  const kept = list.filter((entry) => !isRecord(entry) || inputNames.has(entry.name));
  return kept.length === 0 ? undefined : kept;
}

const namesOf = (list: unknown): Set<string> => new Set(Array.isArray(list) ? list.filter(isRecord).map((e) => String(e.name)) : []);

/**
 * `input` and `output` as Go read them (JSON from kubectl), each reduced to what injection must not change;
 * the two results must be deep-equal. Both are copied, not changed.
 */
export function outsideInjection(input: Record<string, any>, output: Record<string, any>): [Record<string, any>, Record<string, any>] {
  const a = structuredClone(input);
  const b = structuredClone(output);
  stripMetadata(a);
  stripMetadata(b);
  const ta = podTemplateOf(a);
  const tb = podTemplateOf(b);
  if (!ta || !tb) return [a, b];
  stripMetadata(ta);
  stripMetadata(tb);
  for (const field of ['containers', 'initContainers', 'volumes']) {
    const names = namesOf(ta.spec[field]);
    for (const spec of [ta.spec, tb.spec]) {
      const kept = userEntries(spec[field], names);
      if (kept === undefined) delete spec[field];
      else spec[field] = kept;
    }
    if (field === 'volumes') continue;
    const inputByName = new Map<string, Record<string, any>>((ta.spec[field] ?? []).filter(isRecord).map((c: Record<string, any>) => [c.name, c]));
    for (const spec of [ta.spec, tb.spec]) {
      for (const container of (spec[field] ?? []).filter(isRecord)) {
        for (const probe of PROBES) delete container[probe];
        if (inputByName.get(container.name)?.lifecycle === undefined) delete container.lifecycle;
      }
    }
  }
  return [a, b];
}

/** The path of the first difference between two JSON values, or undefined when they are deep-equal. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const found = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isRecord(a) && isRecord(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference(a[key], b[key], path ? `${path}.${key}` : key);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return `${path || '(root)'}: ${JSON.stringify(a)} became ${JSON.stringify(b)}`;
}

/** The first line where two texts differ, with both versions, or undefined when they are equal. */
export function firstDifferentLine(before: string, after: string): string | undefined {
  if (before === after) return undefined;
  const a = before.split('\n');
  const b = after.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `line ${i + 1}: ${JSON.stringify(a[i] ?? '<end>')} became ${JSON.stringify(b[i] ?? '<end>')}`;
}

/** The objects a kuma-inject report says it injected, as `Kind name` (names as the report prints them). */
export function injectedInReport(stderr: string): Set<string> {
  const found = new Set<string>();
  for (const match of stderr.matchAll(/: (\S+) (\S+): injected\b/g)) found.add(`${match[1]} ${match[2]!.split('/').pop()}`);
  return found;
}
