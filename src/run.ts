/**
 * One function run, as pure text in and text out: parse the ResourceList, load the config, transform, write.
 * Never throws for user mistakes: they are results. The exit code is 1 when any result is an error.
 */
import type { KubeObject } from './krm/object.ts';
import type { OutputItem } from './krm/resource-list.ts';
import { parseResourceList, writeResourceList } from './krm/resource-list.ts';
import type { Result } from './krm/result.ts';
import { error, formatResultLine, hasErrors } from './krm/result.ts';
import { loadSettings } from './settings.ts';
import { injectSidecars } from './transforms/inject-sidecars.ts';

export interface RunOutput {
  /** The ResourceList to print; empty only when the input could not be read as one. */
  readonly stdout: string;
  /** One line per error and warning. */
  readonly stderr: readonly string[];
  readonly exitCode: 0 | 1;
  readonly results: readonly Result[];
}

const stderrLines = (results: readonly Result[]): string[] =>
  results.filter((r) => r.severity !== 'info').map(formatResultLine);

export function run(input: string): RunOutput {
  const parsed = parseResourceList(input);
  if (!parsed.ok) {
    const results = [error('INVALID_INPUT', parsed.message)];
    return { stdout: '', stderr: stderrLines(results), exitCode: 1, results };
  }
  const { list } = parsed;
  const results: Result[] = [...parsed.results];
  const unchanged = (): OutputItem[] => list.items.map((item) => ({ kind: 'unchanged', item }));
  const settings = loadSettings(list.functionConfig);
  results.push(...settings.results);
  let outputs = unchanged();
  if (settings.ok) {
    const broken = new Set(parsed.results.map((r) => r.field?.path.match(/^items\[(\d+)\]/)?.[1]).filter(Boolean).map(Number));
    const usable = list.items.filter((item) => !broken.has(item.index));
    const transformed = injectSidecars(
      usable.map((item) => item.object),
      settings.settings,
    );
    results.push(...transformed.results);
    const byIndex = new Map<number, KubeObject>(usable.map((item, i) => [item.index, transformed.items[i]!]));
    outputs = list.items.map((item) => {
      const next = byIndex.get(item.index);
      return next === undefined || next === item.object ? { kind: 'unchanged', item } : { kind: 'changed', item, object: next };
    });
  }
  const stdout = writeResourceList(list, outputs, results);
  return { stdout, stderr: stderrLines(results), exitCode: hasErrors(results) ? 1 : 0, results };
}
