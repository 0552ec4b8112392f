/**
 * The annotations kpt puts on every item of a package run, naming the file it came from and its place in it, in
 * both spellings kpt writes (the legacy and the `internal.` one): added to the objects of a CLI or test-harness
 * run, read to place new objects, and taken off again before anything is written.
 */
import type { JsonValue, KubeObject } from './object.ts';
import { isObject } from './object.ts';

const PATH_KEYS = ['config.kubernetes.io/path', 'internal.config.kubernetes.io/path'] as const;
const INDEX_KEYS = ['config.kubernetes.io/index', 'internal.config.kubernetes.io/index'] as const;
const OWN_KEYS: readonly string[] = [...PATH_KEYS, ...INDEX_KEYS];

/** The object with the path and index annotations of its place in a package. */
export function annotate(object: KubeObject, path: string, index: number): KubeObject {
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
  const own: { [key: string]: JsonValue } = {};
  for (const key of PATH_KEYS) own[key] = path;
  for (const key of INDEX_KEYS) own[key] = String(index);
  return { ...object, metadata: { ...metadata, annotations: { ...annotations, ...own } } };
}

/**
 * The object without those annotations, and without an annotations map they alone made: one is kept empty only
 * where `original` (the object as read, when known) had one, and kept null where it was null.
 */
export function unannotate(object: KubeObject, original: KubeObject | undefined): KubeObject {
  const metadata = object.metadata;
  if (!isObject(metadata) || !isObject(metadata.annotations)) return object;
  const annotations: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(metadata.annotations)) if (!OWN_KEYS.includes(key)) annotations[key] = metadata.annotations[key]!;
  const originalMetadata = original && isObject(original.metadata) ? original.metadata : undefined;
  const hadAnnotations = originalMetadata ? Object.prototype.hasOwnProperty.call(originalMetadata, 'annotations') : false;
  const next: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(metadata)) {
    if (key !== 'annotations') next[key] = metadata[key]!;
    else if (Object.keys(annotations).length > 0) next.annotations = annotations;
    // `annotations:` with no value (null, as Helm charts often render it) stays null, not `{}`.
    else if (hadAnnotations) next.annotations = isObject(originalMetadata!.annotations) ? annotations : originalMetadata!.annotations!;
  }
  return { ...object, metadata: next };
}

const annotationOf = (object: KubeObject, keys: readonly [string, string]): string | undefined => {
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
  const value = annotations[keys[1]] ?? annotations[keys[0]];
  return typeof value === 'string' ? value : undefined;
};

/** Where an object says it belongs: its path (undefined for one the run made without one) and index. */
export function placeOf(object: KubeObject): { path: string | undefined; index: number } {
  return { path: annotationOf(object, PATH_KEYS), index: Number(annotationOf(object, INDEX_KEYS) ?? 0) };
}

/** kpt's name for a new object without a path: `<namespace>/<kind>_<name>.yaml`, lower-case kind. */
export function defaultPath(object: KubeObject): string {
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace ? `${metadata.namespace}/` : '';
  return `${namespace}${String(object.kind ?? '').toLowerCase()}_${String(metadata.name ?? '')}.yaml`;
}
