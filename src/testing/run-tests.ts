/**
 * Runs every `*.test.ts` under src/ and playground/ with uvu and ends with the line `N passed, M failed`, which CI reads.
 * Fails when it finds no test at all, so a broken pattern cannot pass silently.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { skipCount } from './skip.ts';

const root = new URL('../', import.meta.url).pathname;
const filter = process.argv[2] ? new RegExp(process.argv[2]) : undefined;

function findTests(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

type QueuedTest = () => Promise<[unknown[] | true, number, number, number]>;
type Queue = Array<Array<string | null | QueuedTest>>;
const g = globalThis as unknown as { UVU_DEFER: number; UVU_INDEX: number; UVU_QUEUE: Queue };

const files = [...findTests(root), ...findTests(join(root, '..', 'playground'))].filter((f) => !filter || filter.test(f)).sort();
if (files.length === 0) {
  console.error('run-tests: no *.test.ts files found under src/');
  process.exitCode = 1;
} else {
  g.UVU_DEFER = 1;
  const uvu = await import('uvu');
  g.UVU_QUEUE = g.UVU_QUEUE ?? [];
  for (const [index, file] of files.entries()) {
    g.UVU_INDEX = index;
    g.UVU_QUEUE.push([relative(root, file)]);
    await import(pathToFileURL(file).href);
  }
  let total = 0;
  let passed = 0;
  let skipped = 0;
  for (const group of g.UVU_QUEUE) {
    for (let i = 1; i < group.length; i++) {
      const run = group[i] as QueuedTest;
      group[i] = async () => {
        const skipsBefore = skipCount();
        const outcome = await run();
        // A test that called skip() returned normally, so uvu counted it passed: count it skipped instead (a
        // test that skipped and then failed stays failed).
        const skips = Math.min(skipCount() - skipsBefore, outcome[1]);
        passed += outcome[1] - skips;
        skipped += outcome[2] + skips;
        total += outcome[3];
        return outcome;
      };
    }
  }
  await uvu.exec(false);
  const failed = total - passed - skipped;
  if (total === 0) {
    console.error('run-tests: the test files registered no tests');
    process.exitCode = 1;
  }
  console.log(`unit: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}
