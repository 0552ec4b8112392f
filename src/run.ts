/**
 * One function run. `runObjects` is the run itself, in memory: objects and a functionConfig in, the objects to
 * write (each with the input it came from), results and the workload report out; every front end calls it. `run`
 * is the KRM function around it: ResourceList text in, ResourceList text out. Never throws for user mistakes:
 * they are results. The exit code is 1 when any result is an error.
 */
import { type KubeObject, isObject, objectProblem } from './krm/object.ts';
import type { OutputItem } from './krm/resource-list.ts';
import { parseResourceList, writeResourceList } from './krm/resource-list.ts';
import type { Result } from './krm/result.ts';
import { error, formatResultLine, hasErrors } from './krm/result.ts';
import { readByKpt } from './krm/host.ts';
import type { HostFacts } from './host-kube-version.ts';
import { type Settings, loadSettings } from './settings.ts';
import { strictResults } from './strict.ts';
import { checkDuplicates } from './transforms/check-duplicates.ts';
import { generateDataplanes } from './transforms/generate-dataplanes.ts';
import { injectSidecars } from './transforms/inject-sidecars.ts';
import { reportLists } from './transforms/report-lists.ts';
import type { Transform, WorkloadReport } from './transforms/transform.ts';

/** The transforms, in order: each sees the items the one before it left. */
export const TRANSFORMS: readonly Transform[] = [checkDuplicates, reportLists, injectSidecars, generateDataplanes];

/** An object to write, and the index of the input object it came from (none for new objects). */
export interface RunObject {
  readonly object: KubeObject;
  readonly origin?: number;
}

export interface ObjectsOutput {
  /** The objects to write, in order; the input objects unchanged (same references) when the config is invalid. */
  readonly objects: readonly RunObject[];
  readonly results: readonly Result[];
  /** One entry per pod template the injection looked at (for the CLI's report); empty when the config is invalid. */
  readonly report: readonly WorkloadReport[];
  /** Set when the functionConfig was refused, so nothing was looked at (not: there was nothing to look at). */
  readonly configInvalid?: true;
}

function applyTransforms(start: readonly RunObject[], settings: Settings, results: Result[], report: WorkloadReport[]): RunObject[] {
  let items = [...start];
  for (const transform of TRANSFORMS) {
    const output = transform(
      items.map((t) => t.object),
      settings,
    );
    results.push(...output.results);
    report.push(...(output.report ?? []));
    const kept = items.flatMap((tracked, i): RunObject[] => {
      const next = output.items[i];
      if (next === null) return [];
      if (next === undefined || next === tracked.object) return [tracked];
      return [{ ...tracked, object: next }];
    });
    items = [...kept, ...(output.added ?? []).map((object) => ({ object }))];
  }
  return items;
}

/** What a front end sets over the config: the CLI's `--strict`. */
export interface RunOverrides {
  readonly strict?: boolean;
}

/** The run, in memory. */
export function runObjects(
  objects: readonly KubeObject[],
  functionConfig: KubeObject | undefined,
  inputResults: readonly Result[] = [],
  values: readonly unknown[] = objects,
  host: HostFacts = {},
  overrides: RunOverrides = {},
): ObjectsOutput {
  const results: Result[] = [...inputResults];
  values.forEach((value, index) => {
    const problem = objectProblem(value);
    if (problem) {
      const field = `items[${index}]${problem.field ? `.${problem.field}` : ''}`;
      results.push(error('INVALID_INPUT', problem.message, isObject(value) ? (value as KubeObject) : undefined, { field }));
    }
  });
  const settings = loadSettings(functionConfig, host);
  results.push(...settings.results);
  if (!settings.ok) return { objects: objects.map((object, origin) => ({ object, origin })), results, report: [], configInvalid: true };
  // The transforms read every item as a map: a value that is none (null, a scalar: INVALID_INPUT above) stands as {}.
  const runnable = objects.map((object): KubeObject => (isObject(object) ? object : {}));
  const report: WorkloadReport[] = [];
  const written = applyTransforms(runnable.map((object, origin) => ({ object, origin })), settings.settings, results, report);
  // Severities are final here, in one place: strict mode upgrades what every transform produced.
  if (!(overrides.strict ?? settings.settings.strict)) return { objects: written, results, report };
  const { spec, configField, workloadKinds, systemNamespace } = settings.settings;
  return { objects: written, results: strictResults({ results, report, objects: runnable, namespaces: spec.namespaces, namespacesField: configField('namespaces'), workloadKinds, systemNamespace }), report };
}

export interface RunOutput {
  /** The ResourceList to print; empty only when the input could not be read as one. */
  readonly stdout: string;
  /** One line per error and warning. */
  readonly stderr: readonly string[];
  readonly exitCode: 0 | 1;
  readonly results: readonly Result[];
  readonly report: readonly WorkloadReport[];
}

export const stderrLines = (results: readonly Result[]): string[] =>
  results.filter((r) => r.severity !== 'info').map(formatResultLine);

/** The KRM function: a ResourceList's text in, its text out. */
export function run(input: string, host: HostFacts = {}): RunOutput {
  const parsed = parseResourceList(input);
  if (!parsed.ok) {
    const results = [error('INVALID_INPUT', parsed.message)];
    return { stdout: '', stderr: stderrLines(results), exitCode: 1, results, report: [] };
  }
  const { list } = parsed;
  const output = runObjects(
    list.items.map((item) => item.object),
    list.functionConfig,
    parsed.results,
    list.items.map((item) => item.value),
    host,
  );
  const outputs = output.objects.map((t): OutputItem => {
    if (t.origin === undefined) return { kind: 'new', object: t.object };
    const item = list.items[t.origin]!;
    return t.object === item.object ? { kind: 'unchanged', item } : { kind: 'changed', item, object: t.object };
  });
  const written = writeResourceList(list, outputs, output.results);
  const results = [...output.results, ...written.results];
  // kpt prints the results itself: the same lines on stderr would show every warning twice.
  const stderr = readByKpt(list.items.map((item) => item.object), list.functionConfig) ? [] : stderrLines(results);
  return { stdout: written.text, stderr, exitCode: hasErrors(results) ? 1 : 0, results, report: output.report };
}
