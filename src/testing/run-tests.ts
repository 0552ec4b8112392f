/**
 * Runs every `*.test.ts` under src/ and playground/ with uvu and ends with the line `N passed, M failed`, which CI reads.
 * Fails when it finds no test at all, so a broken pattern cannot pass silently.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

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
        const outcome = await run();
        passed += outcome[1];
        skipped += outcome[2];
        total += outcome[3];
        return outcome;
      };
    }
  }
  await uvu.exec(false);
  const { skipCount } = await import('./skip.ts');
  // A test that called skip() returned normally, so uvu counted it passed.
  const failed = total - passed - skipped;
  skipped += skipCount();
  passed -= skipCount();
  if (total === 0) {
    console.error('run-tests: the test files registered no tests');
    process.exitCode = 1;
  }
  console.log(`unit: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}
