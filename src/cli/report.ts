/**
 * The human report of the CLI on stderr: one line per workload (injected, skipped and why, failed), its warnings
 * and errors indented below it, the problems that belong to no workload above, and a summary line. Pure text;
 * `locate` turns the item paths of the run back into the user's file names.
 */
import { identityOf, sourceFileOf } from '../krm/object.ts';
import type { Result } from '../krm/result.ts';
import { formatResultLine } from '../krm/result.ts';
import type { WorkloadReport } from '../transforms/inject-sidecars.ts';

export interface ReportOptions {
  /** The user's name for the file an item came from (by its path annotation); undefined when there is none. */
  readonly locate: (itemPath: string | undefined) => string | undefined;
  /** Words for a dry run (`would be injected`). */
  readonly check: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
}

type Status = WorkloadReport['status'];

const WORDS: Record<Status, { done: string; check: string }> = {
  injected: { done: 'injected', check: 'would be injected' },
  updated: { done: 're-injected', check: 'would be re-injected' },
  unchanged: { done: 'already injected, unchanged', check: 'already injected, unchanged' },
  skipped: { done: 'skipped', check: 'skipped' },
  failed: { done: 'failed', check: 'would fail' },
};

const shown = (result: Result, verbose: boolean): boolean => result.severity !== 'info' || (verbose && result.code !== 'INJECTED');

/** A result as one line, with the user's file name instead of the run's item path. */
export function resultLine(result: Result, locate: ReportOptions['locate']): string {
  const { file, ...rest } = result;
  const name = locate(file?.path);
  return formatResultLine(name ? { ...rest, file: { path: name } } : rest);
}

/** The field of a result; `items[N]` prefixes name the ResourceList of the run, which the user never saw. */
const fieldOf = (result: Result): string => {
  const path = result.field?.path.replace(/^items\[\d+\]\.?/, '');
  return path ? `${path}: ` : '';
};

function workloadLine(entry: WorkloadReport, hasErrors: boolean, options: ReportOptions): string {
  const id = identityOf(entry.object);
  const file = options.locate(sourceFileOf(entry.object)?.path);
  const status = WORDS[entry.status][options.check ? 'check' : 'done'];
  const reason = entry.reason ?? '';
  const detail =
    entry.status === 'skipped' || (entry.status === 'failed' && !hasErrors)
      ? reason && `: ${reason}`
      : entry.status === 'failed' || !reason
        ? ''
        : ` (${reason})`;
  const changes = entry.status === 'updated' && entry.changes ? `: ${entry.changes}` : '';
  return `${file ? `${file}: ` : ''}${id.kind} ${id.namespace ? `${id.namespace}/` : ''}${id.name || '(no name)'}: ${status}${detail}${changes}`;
}

/** The report lines, without the summary. */
export function reportLines(report: readonly WorkloadReport[], results: readonly Result[], options: ReportOptions): string[] {
  // A result belongs to the workload of its document: the same file and the same index in it (a file may hold many).
  const place = (file: { path: string; index?: number } | undefined): string | undefined => (file ? `${file.index ?? 0}#${file.path}` : undefined);
  const placeOf = (entry: WorkloadReport): string | undefined => place(sourceFileOf(entry.object));
  const workloadPlaces = new Set(report.map(placeOf).filter((p): p is string => p !== undefined));
  const attached = (result: Result): boolean => result.file !== undefined && workloadPlaces.has(place(result.file)!);
  const lines = results.filter((r) => !attached(r) && shown(r, options.verbose)).map((r) => resultLine(r, options.locate));
  for (const entry of report) {
    const own = results.filter((r) => r.file !== undefined && place(r.file) === placeOf(entry) && shown(r, options.verbose));
    const hasErrors = own.some((r) => r.severity === 'error');
    if (options.quiet && own.length === 0 && entry.status !== 'failed') continue;
    lines.push(workloadLine(entry, hasErrors, options));
    for (const r of own) lines.push(`  ${r.severity}: ${fieldOf(r)}${r.message}`.replace(/\s*\n\s*/g, ' '));
  }
  return lines;
}

/**
 * `4 workloads: 2 injected, 1 skipped, 1 failed`, in the order of the statuses above. With an invalid config no
 * workload was looked at, which is not the same as finding none.
 */
export function countsText(report: readonly WorkloadReport[], check: boolean, configInvalid = false): string {
  if (configInvalid) return `nothing ${check ? 'checked' : 'injected'}: the config is invalid`;
  if (report.length === 0) return 'no workload (pod template) found';
  const parts = (Object.keys(WORDS) as Status[])
    .map((status) => ({ status, n: report.filter((r) => r.status === status).length }))
    .filter(({ n }) => n > 0)
    .map(({ status, n }) => `${n} ${WORDS[status][check ? 'check' : 'done']}`);
  return `${report.length} workload${report.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
