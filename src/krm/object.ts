/**
 * Plain-object view of KRM resources: identity, annotations, and the predicates that select what we touch.
 * Knows nothing of YAML: items arrive here as JSON-compatible values.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
export type KubeObject = JsonObject;

export interface Identity {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The `name` of a list item, which the reconcilers match items by (undefined when it is not a map). */
export const nameOf = (value: unknown): unknown => (isObject(value) ? value.name : undefined);

/** Structural equality of JSON values: maps by key whatever their order, lists in order, scalars by `===`. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  // Plain loops: this runs on every node the writer and the transforms compare.
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], other[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (!Object.prototype.hasOwnProperty.call(b, k) || !jsonEqual((a as never)[k], (b as never)[k])) return false;
  }
  return true;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

export function metadataOf(object: KubeObject): JsonObject {
  return isObject(object.metadata) ? object.metadata : {};
}

export function identityOf(object: KubeObject): Identity {
  const metadata = metadataOf(object);
  const id: Identity = {
    apiVersion: str(object.apiVersion),
    kind: str(object.kind),
    name: str(metadata.name) || str(metadata.generateName),
  };
  const namespace = str(metadata.namespace);
  if (namespace) id.namespace = namespace;
  return id;
}

export const identityKey = (id: Identity): string =>
  `${id.apiVersion.split('/').length > 1 ? id.apiVersion.split('/')[0] : ''}/${id.kind}/${id.namespace ?? ''}/${id.name}`;

/** Sets `key` as an own, enumerable data property: a `__proto__` key stays a key instead of changing the prototype. */
export function setKey<T>(map: Record<string, T>, key: string, value: T): void {
  // Only `__proto__` needs defining; a plain set is many times faster for every other key.
  if (key === '__proto__') Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  else map[key] = value;
}

/** The string entries of a map (a YAML mapping), every key kept. */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(value)) return out;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const item = value[keys[i]!];
    if (typeof item === 'string') setKey(out, keys[i]!, item);
  }
  return out;
}

export const annotationsOf = (object: KubeObject): Record<string, string> => stringMap(metadataOf(object).annotations);
export const labelsOf = (object: KubeObject): Record<string, string> => stringMap(metadataOf(object).labels);

/** Where the orchestrator says this object came from (kpt sets both the new and the legacy annotation). */
export function sourceFileOf(object: KubeObject): { path: string; index?: number } | undefined {
  const annotations = annotationsOf(object);
  const path = annotations['internal.config.kubernetes.io/path'] ?? annotations['config.kubernetes.io/path'];
  if (!path) return undefined;
  const rawIndex = annotations['internal.config.kubernetes.io/index'] ?? annotations['config.kubernetes.io/index'];
  const index = rawIndex === undefined ? undefined : Number(rawIndex);
  return index !== undefined && Number.isInteger(index) && index > 0 ? { path, index } : { path };
}

export const isLocalConfig = (object: KubeObject): boolean =>
  annotationsOf(object)['config.kubernetes.io/local-config'] === 'true';

export const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.split('/')[0]! : '');

export const isKind = (object: KubeObject, group: string, kind: string): boolean =>
  object.kind === kind && groupOf(str(object.apiVersion)) === group;

export const isKptfile = (object: KubeObject): boolean =>
  object.kind === 'Kptfile' && str(object.apiVersion).startsWith('kpt.dev/');

const TEMPLATE = /\{\{|\}\}/;

/** What makes a value no Kubernetes object the run can work on (a missing kind or name, an unrendered template…). */
export function objectProblem(object: unknown): { message: string; field?: string } | undefined {
  if (!isObject(object)) return { message: 'every item must be a Kubernetes object (a map), not a list or scalar' };
  if (typeof object.apiVersion !== 'string' || object.apiVersion === '') {
    return { message: 'item has no `apiVersion`', field: 'apiVersion' };
  }
  if (typeof object.kind !== 'string' || object.kind === '') return { message: 'item has no `kind`', field: 'kind' };
  const metadata = object.metadata;
  if (!isObject(metadata)) return { message: 'item has no `metadata`', field: 'metadata' };
  for (const field of ['name', 'generateName', 'namespace'] as const) {
    const value = metadata[field];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      return { message: `\`metadata.${field}\` must be a string${isObject(value) ? ' (an unrendered template such as `{{ .Release.Namespace }}`?)' : ''}`, field: `metadata.${field}` };
    }
    if (typeof value === 'string' && TEMPLATE.test(value)) return { message: `\`metadata.${field}\` is an unrendered template: ${value}`, field: `metadata.${field}` };
  }
  const hasName = typeof metadata.name === 'string' && metadata.name !== '';
  const hasGenerateName = typeof metadata.generateName === 'string' && metadata.generateName !== '';
  if (!hasName && !hasGenerateName) return { message: 'item has no `metadata.name`', field: 'metadata.name' };
  return undefined;
}

