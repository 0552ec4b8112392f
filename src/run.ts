/**
 * One function run, as pure text in and text out: parse the ResourceList, load the config, transform, write.
 * Never throws for user mistakes: they are results. The exit code is 1 when any result is an error.
 */
import type { KubeObject } from './krm/object.ts';
import type { InputItem, OutputItem } from './krm/resource-list.ts';
import { parseResourceList, writeResourceList } from './krm/resource-list.ts';
import type { Result } from './krm/result.ts';
import { error, formatResultLine, hasErrors } from './krm/result.ts';
import { type Settings, loadSettings } from './settings.ts';
import { checkDuplicates } from './transforms/check-duplicates.ts';
import { generateDataplanes } from './transforms/generate-dataplanes.ts';
import { type WorkloadReport, injectSidecars } from './transforms/inject-sidecars.ts';
import { reportLists } from './transforms/report-lists.ts';
import type { Transform } from './transforms/transform.ts';

/** The transforms, in order: each sees the items the one before it left. */
export const TRANSFORMS: readonly Transform[] = [checkDuplicates, reportLists, injectSidecars, generateDataplanes];

/** An item on its way through the transforms, with the input item it came from (none for new objects). */
interface Tracked {
  readonly object: KubeObject;
  readonly origin?: InputItem;
}

function applyTransforms(start: readonly Tracked[], settings: Settings, results: Result[], report: WorkloadReport[]): Tracked[] {
  let items = [...start];
  for (const transform of TRANSFORMS) {
    const output = transform(
      items.map((t) => t.object),
      settings,
    );
    results.push(...output.results);
    report.push(...((output as { report?: readonly WorkloadReport[] }).report ?? []));
    const kept = items.flatMap((tracked, i): Tracked[] => {
      const next = output.items[i];
      if (next === null) return [];
      if (next === undefined || next === tracked.object) return [tracked];
      return [{ ...tracked, object: next }];
    });
    items = [...kept, ...(output.added ?? []).map((object) => ({ object }))];
  }
  return items;
}

export interface RunOutput {
  /** The ResourceList to print; empty only when the input could not be read as one. */
  readonly stdout: string;
  /** One line per error and warning. */
  readonly stderr: readonly string[];
  readonly exitCode: 0 | 1;
  readonly results: readonly Result[];
  /** One entry per pod template the injection looked at (for the CLI's report); empty when the config is invalid. */
  readonly report: readonly WorkloadReport[];
}

const stderrLines = (results: readonly Result[]): string[] =>
  results.filter((r) => r.severity !== 'info').map(formatResultLine);

export function run(input: string): RunOutput {
  const parsed = parseResourceList(input);
  if (!parsed.ok) {
    const results = [error('INVALID_INPUT', parsed.message)];
    return { stdout: '', stderr: stderrLines(results), exitCode: 1, results, report: [] };
  }
  const { list } = parsed;
  const results: Result[] = [...parsed.results];
  const settings = loadSettings(list.functionConfig);
  results.push(...settings.results);
  let outputs: OutputItem[] = list.items.map((item) => ({ kind: 'unchanged', item }));
  const report: WorkloadReport[] = [];
  if (settings.ok) {
    const tracked = applyTransforms(
      list.items.map((item) => ({ object: item.object, origin: item })),
      settings.settings,
      results,
      report,
    );
    outputs = tracked.map((t): OutputItem => {
      if (!t.origin) return { kind: 'new', object: t.object };
      return t.object === t.origin.object ? { kind: 'unchanged', item: t.origin } : { kind: 'changed', item: t.origin, object: t.object };
    });
  }
  const stdout = writeResourceList(list, outputs, results);
  return { stdout, stderr: stderrLines(results), exitCode: hasErrors(results) ? 1 : 0, results, report };
}
