/**
 * A smoke run of the benchmark (scripts/bench.ts) with its smallest case, once: the built function and the
 * baseline both run as processes, the function's output is a complete ResourceList, and every figure is a
 * number. It checks no timing: `npm run bench` measures, on a quiet machine.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatTable, runBench } from '../scripts/bench.ts';
import { workloadList } from '../scripts/bench-inputs.ts';
import { parseYamlText } from './krm/resource-list.ts';

const bench = suite('bench (smoke)');

bench('runs the 100-workload case once, with a complete output and numeric figures', async () => {
  const work = mkdtempSync(join(tmpdir(), 'kuma-inject-bench-'));
  try {
    const results = await runBench({ sizes: [100], rounds: 1, bigPod: false, coldStart: false, work });
    assert.is(results.cases.length, 1);
    const [only] = results.cases;
    for (const figure of [only!.fn.ms, only!.fn.rssMB, only!.baseline.ms, only!.baseline.rssMB, only!.ratio.time, only!.ratio.rss]) {
      assert.ok(Number.isFinite(figure) && figure > 0, `figure ${figure}`);
    }
    const input = parseYamlText(workloadList(100));
    const output = parseYamlText(readFileSync(join(work, 'case-0.out.yaml'), 'utf8'));
    assert.ok(input.ok && output.ok, 'input and output are YAML');
    const items = (value: unknown) => (value as { items: unknown[] }).items;
    if (input.ok && output.ok) {
      assert.is((output.value as { kind: string }).kind, 'ResourceList');
      assert.ok(items(output.value).length >= items(input.value).length, 'every item is written');
    }
    assert.match(formatTable(results), /100 workloads/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

bench.run();
