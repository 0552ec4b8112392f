/**
 * A test that cannot run here (no kpt, no Kuma source, no terminal) says why and returns; uvu would count it as
 * passed, so each skip is also counted where run-tests.ts reads it, and the summary line reports it as skipped.
 */
const SKIPS = Symbol.for('kuma-inject.test-skips');
const store = globalThis as unknown as { [SKIPS]?: string[] };

export function skip(what: string, why: string): void {
  (store[SKIPS] ??= []).push(what);
  console.log(`  skipped: ${what} (${why})`);
}

/** A part of a test that cannot run here, while the rest runs: said, and not counted as a skipped test. */
export function skipPart(what: string, why: string): void {
  console.log(`  skipped part: ${what} (${why})`);
}

/** How many tests skipped so far in this process. */
export const skipCount = (): number => store[SKIPS]?.length ?? 0;
