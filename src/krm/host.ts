/**
 * Which orchestrator sent the ResourceList, as far as it matters for stderr. kpt prints a function's results
 * (`Results:`) and its stderr (`Stderr:`) after every run, so a warning written to both shows twice; kustomize
 * and Argo CD show stderr only. kpt sets no variable saying it runs a function, but its package reader marks every
 * object it reads (the functionConfig of `--fn-config` or `configPath` too) with the list style of its file,
 * `internal.config.kubernetes.io/seqindent`, which kustomize never writes.
 */
import type { KubeObject } from './object.ts';
import { annotationsOf } from './object.ts';

const KPT_READER_MARK = 'internal.config.kubernetes.io/seqindent';

/** Whether kpt read these objects from a package: it then shows the results itself, and stderr need not repeat them. */
export function readByKpt(items: readonly KubeObject[], functionConfig: KubeObject | undefined): boolean {
  return [...items, ...(functionConfig ? [functionConfig] : [])].some((object) => Object.hasOwn(annotationsOf(object), KPT_READER_MARK));
}
