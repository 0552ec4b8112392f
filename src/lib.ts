/**
 * The library: `inject(objects | yamlText, config)` for programs that build manifests (cdk8s, Pulumi, scripts).
 * The same run as the function and the CLI (run.ts `runObjects`), with the same settings: a KumaInject or ConfigMap
 * functionConfig, or just a KumaInject `spec`. Never throws for a user mistake: those are error results, and then
 * the objects come back unchanged. Types: dist/lib.d.ts, written at build time from the config schema.
 */
import { annotate, unannotate } from './krm/kpt-annotations.ts';
import type { JsonValue, KubeObject } from './krm/object.ts';
import { isObject } from './krm/object.ts';
import { type Result, error, hasErrors } from './krm/result.ts';
import { joinStreams, readStreams, writeStreams } from './krm/stream.ts';
import { MINORS } from './kuma/releases.ts';
import { runObjects } from './run.ts';

export type { Result } from './krm/result.ts';

/** The Kuma releases `kumaVersion` accepts, oldest first. */
export const kumaReleases: readonly string[] = MINORS;

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
function functionConfigOf(config: unknown): KubeObject | undefined {
  if (config === undefined || config === null) return undefined;
  if (isObject(config) && typeof config.kind === 'string') return structuredClone(config) as KubeObject;
  return { apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'kuma-inject' }, spec: structuredClone(config) as JsonValue };
}

/** Where the objects of an `inject(objects)` call are said to come from (kpt's path annotation, then removed). */
const OBJECTS_PATH = 'objects.yaml';

export function inject(input: readonly object[], config?: unknown): InjectOutput;
export function inject(input: string, config?: unknown): InjectTextOutput;
export function inject(input: readonly object[] | string, config?: unknown): InjectOutput | InjectTextOutput {
  const functionConfig = functionConfigOf(config);
  if (typeof input === 'string') return injectText(input, functionConfig);
  if (!Array.isArray(input)) {
    const results = [error('INVALID_INPUT', 'inject() takes an array of Kubernetes objects or a YAML string')];
    return { ok: false, objects: [], results };
  }
  // A copy through JSON: the run's objects are JSON values (cdk8s and others may hand over class instances).
  const originals = JSON.parse(JSON.stringify(input)) as KubeObject[];
  const annotated = originals.map((object, i) => (isObject(object) ? annotate(object, OBJECTS_PATH, i) : object));
  const output = runObjects(annotated, functionConfig, [], originals);
  const results = [...output.results];
  if (hasErrors(results)) return { ok: false, objects: originals, results };
  const objects = output.objects.map((o) => unannotate(o.object, o.origin === undefined ? undefined : originals[o.origin]));
  return { ok: true, objects, results };
}

function injectText(text: string, functionConfig: KubeObject | undefined): InjectTextOutput {
  const prepared = readStreams([{ name: '<text>', text, path: 'stdin.yaml' }]);
  if (!prepared.ok) return { ok: false, objects: [], results: [error('INVALID_INPUT', prepared.message)], text: '' };
  const originals = prepared.prepared.originals.map((o) => structuredClone(o));
  const output = runObjects(prepared.prepared.objects, functionConfig);
  const results = [...output.results];
  if (hasErrors(results)) return { ok: false, objects: originals, results, text: '' };
  const streams = writeStreams(prepared.prepared, output.objects);
  if (streams.errors.length > 0) {
    return { ok: false, objects: originals, results: [...results, ...streams.errors.map((e) => error('YAML_ANCHOR_CONFLICT', e))], text: '' };
  }
  const objects = output.objects.map((o) => unannotate(o.object, o.origin === undefined ? undefined : prepared.prepared.originals[o.origin]));
  return { ok: true, objects, results, text: joinStreams([...streams.texts, ...streams.added.map((a) => a.text)]) };
}
