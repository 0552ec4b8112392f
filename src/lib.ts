/**
 * The library: `inject(objects | yamlText, config)` for programs that build manifests (cdk8s, Pulumi, scripts).
 * The same run as the function and the CLI (run.ts `runObjects`), with the same settings: a KumaInject or ConfigMap
 * functionConfig, or just a KumaInject `spec`. Never throws for a user mistake: those are error results, and then
 * the objects come back unchanged. The types declared here are the package's: scripts/write-types.ts bundles this
 * module's declarations, and those they reference, into dist/lib.d.ts (and its copy for `require`, dist/lib.d.cts).
 */
import type { CONFIG_API_VERSION, CONFIG_KIND } from './config.ts';
import { annotate, unannotate } from './krm/kpt-annotations.ts';
import type { JsonObject, JsonValue } from './krm/object.ts';
import { isObject } from './krm/object.ts';
import { type Result, error, hasErrors } from './krm/result.ts';
import { joinStreams, readStreams, writeStreams } from './krm/stream.ts';
import { MINORS, type Minor } from './kuma/releases.ts';
import type { KumaInjectSpec } from './lib-spec.ts';
import { runObjects } from './run.ts';

export type { Result, ResultCode } from './krm/result.ts';
export type { KumaInjectSpec } from './lib-spec.ts';

/** A Kuma release kuma-inject models: `"2.7"` … `"2.14"`, or `"3.0-preview"` (Kuma's main branch). */
export type KumaRelease = Minor;

/** The minors that name patch releases: all but the preview, whose name is no `major.minor`. */
type PatchedRelease = Extract<KumaRelease, `${number}.${number}`>;

/**
 * What `kumaVersion` accepts: a release, or a patch of a stable one, also as Kuma's git tag (`v2.14.3`). Patches
 * are open-ended ("2.12.3" runs as the modelled 2.12.14, with a warning), so they are a template-literal type, not
 * a list: editors suggest the releases, "2.12.3" compiles, and "2.8" or "2.14-rc" do not. A version read at run time
 * (an environment variable) needs `as KumaVersion`; the run checks it all the same (INVALID_CONFIG).
 */
export type KumaVersion = KumaRelease | `${PatchedRelease}.${number}` | `v${PatchedRelease}.${number}`;

/** The releases `kumaVersion` accepts, oldest first. */
export const kumaReleases: readonly KumaRelease[] = MINORS;

/** A Kubernetes object, as `inject` returns it: when `ok`, every one has passed the run's checks of these fields. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

/** The typed functionConfig object (function/README.md). */
export interface KumaInjectConfig {
  apiVersion: typeof CONFIG_API_VERSION;
  kind: typeof CONFIG_KIND;
  metadata?: { name?: string; [key: string]: unknown };
  spec?: KumaInjectSpec;
}

/** The ConfigMap form: every value a string (function/README.md, "ConfigMap form"). */
export interface ConfigMapConfig {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata?: { name?: string; [key: string]: unknown };
  data?: Record<string, string>;
}

/** What `inject` takes as its config: a KumaInject `spec` alone, or a whole KumaInject or ConfigMap object. */
export type InjectConfig = KumaInjectSpec | KumaInjectConfig | ConfigMapConfig;

export interface InjectOutput {
  /** False when any result is an error; the objects are then the input's, unchanged. */
  readonly ok: boolean;
  /** The objects after the run: the input's, in order (injected where Kuma would inject), then new ones (Dataplane previews). */
  readonly objects: KubeObject[];
  readonly results: Result[];
}

export interface InjectTextOutput extends InjectOutput {
  /** The YAML stream after the run, byte for byte what the CLI writes for `kuma-inject --previews -c CONFIG -` (the Dataplane previews at the end) ('' when not ok). */
  readonly text: string;
}

/** A functionConfig as given: a whole KumaInject or ConfigMap object, or a KumaInject spec alone. */
function functionConfigOf(config: unknown): JsonObject | undefined {
  if (config === undefined || config === null) return undefined;
  if (isObject(config) && typeof config.kind === 'string') return structuredClone(config) as JsonObject;
  return { apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'kuma-inject' }, spec: structuredClone(config) as JsonValue };
}

/**
 * The run's objects under the library's type. When the run is ok, objectProblem() (run.ts) has checked each one's
 * apiVersion, kind and metadata; when not, they are the caller's own, returned as given.
 */
const asKubeObjects = (objects: readonly JsonObject[]): KubeObject[] => objects as KubeObject[];

/** Where the objects of an `inject(objects)` call are said to come from (kpt's path annotation, then removed). */
const OBJECTS_PATH = 'objects.yaml';

/** Injects Kuma's sidecars into the pod templates of these objects, as the chosen Kuma release's webhook would. */
export function inject(input: readonly object[], config?: InjectConfig): InjectOutput;
/** The same on a YAML stream (multi-document, `kind: List`): untouched documents keep their bytes. */
export function inject(input: string, config?: InjectConfig): InjectTextOutput;
export function inject(input: readonly object[] | string, config?: InjectConfig): InjectOutput | InjectTextOutput {
  const functionConfig = functionConfigOf(config);
  if (typeof input === 'string') return injectText(input, functionConfig);
  if (!Array.isArray(input)) {
    const results = [error('INVALID_INPUT', 'inject() takes an array of Kubernetes objects or a YAML string')];
    return { ok: false, objects: [], results };
  }
  // A copy through JSON: the run's objects are JSON values (cdk8s and others may hand over class instances).
  const originals = JSON.parse(JSON.stringify(input)) as JsonObject[];
  const annotated = originals.map((object, i) => (isObject(object) ? annotate(object, OBJECTS_PATH, i) : object));
  const output = runObjects(annotated, functionConfig, [], originals);
  const results = [...output.results];
  if (hasErrors(results)) return { ok: false, objects: asKubeObjects(originals), results };
  const objects = output.objects.map((o) => unannotate(o.object, o.origin === undefined ? undefined : originals[o.origin]));
  return { ok: true, objects: asKubeObjects(objects), results };
}

function injectText(text: string, functionConfig: JsonObject | undefined): InjectTextOutput {
  const prepared = readStreams([{ name: '<text>', text, path: 'stdin.yaml' }]);
  if (!prepared.ok) return { ok: false, objects: [], results: [error('INVALID_INPUT', prepared.message)], text: '' };
  const originals = prepared.prepared.originals.map((o) => structuredClone(o));
  const output = runObjects(prepared.prepared.objects, functionConfig);
  const results = [...output.results];
  if (hasErrors(results)) return { ok: false, objects: asKubeObjects(originals), results, text: '' };
  const streams = writeStreams(prepared.prepared, output.objects);
  if (streams.errors.length > 0) {
    return { ok: false, objects: asKubeObjects(originals), results: [...results, ...streams.errors.map((e) => error('YAML_ANCHOR_CONFLICT', e))], text: '' };
  }
  const objects = output.objects.map((o) => unannotate(o.object, o.origin === undefined ? undefined : prepared.prepared.originals[o.origin]));
  return { ok: true, objects: asKubeObjects(objects), results, text: joinStreams([...streams.texts, ...streams.added.map((a) => a.text)]) };
}
