/**
 * What a transform is: (items, settings) → the items to keep (same positions; the same reference when unchanged,
 * a new object when changed, null when removed), new items to append, and results. run() chains them.
 */
import type { KubeObject } from '../krm/object.ts';
import type { Result } from '../krm/result.ts';
import type { Settings } from '../settings.ts';

/** What the injection decided for one pod template (the CLI's report). */
export interface WorkloadReport {
  readonly object: KubeObject;
  readonly status: 'injected' | 'updated' | 'unchanged' | 'skipped' | 'failed';
  readonly reason?: string;
  /** For `updated`: what the re-injection changed, in one line (upgrade-diff.ts). */
  readonly changes?: string;
}

export interface TransformOutput {
  /** One entry per input item, in order: the input reference (unchanged), a new object (changed) or null (removed). */
  readonly items: ReadonlyArray<KubeObject | null>;
  /** Objects to add after the existing items. */
  readonly added?: readonly KubeObject[];
  readonly results: readonly Result[];
  /** One entry per pod template looked at, for transforms that decide about workloads. */
  readonly report?: readonly WorkloadReport[];
}

export type Transform = (items: readonly KubeObject[], settings: Settings) => TransformOutput;
