/**
 * A smoke run of the benchmark (scripts/bench.ts), once, with 20 workloads (the non-block shapes take the slow YAML
 * path, so 100 would take several seconds) in every input shape: the built function and both baselines run as
 * processes, the function's output is a complete ResourceList with the same objects whatever the shape of the same
 * data, and every figure is a number. It checks no timing: `npm run bench` measures, on a quiet machine.
 * Also the inputs' contract: JSON and flow carry block's objects, anchors aliases the shared ones.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runBench } from '../scripts/bench.ts';
import { formatTable } from '../scripts/bench-table.ts';
import { SHAPES, workloadList, workloadListAs } from '../scripts/bench-inputs.ts';
import { parseYamlText } from './krm/resource-list.ts';

const bench = suite('bench (smoke)');

interface List {
  readonly kind: string;
  readonly items: ReadonlyArray<{ kind: string; metadata: { name: string; labels?: unknown }; spec?: unknown }>;
}

function parsed(text: string): List {
  const result = parseYamlText(text);
  if (!result.ok) throw new Error(result.error);
  return result.value as List;
}

bench('JSON and flow inputs hold the objects of the block input; anchors alias shared labels and resources', () => {
  const block = parsed(workloadList(40));
  for (const shape of ['json', 'flow'] as const) assert.equal(parsed(workloadListAs(shape, 40)), block, shape);
  const anchors = workloadListAs('anchors', 40);
  assert.is(anchors.match(/&labels\n/g)?.length, 1);
  assert.is(anchors.match(/\*labels\n/g)?.length, 39);
  assert.is(anchors.match(/\*res\n/g)?.length, 39);
  const workloads = parsed(anchors).items.filter((item) => !['Namespace', 'Service', 'ConfigMap'].includes(item.kind));
  assert.is(workloads.length, 40);
  for (const w of workloads) assert.equal(w.metadata.labels, { 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/managed-by': 'Helm' }, w.metadata.name);
  for (const shape of SHAPES) assert.is(workloadListAs(shape, 40), workloadListAs(shape, 40), `${shape} is deterministic`);
});

bench('runs a 20-workload case once in every shape, with complete outputs and numeric figures', async () => {
  const work = mkdtempSync(join(tmpdir(), 'kuma-inject-bench-'));
  try {
    const results = await runBench({ sizes: [20], rounds: 1, bigPod: false, coldStart: false, warmUp: false, work });
    assert.equal(results.cases.map((c) => c.shape), [...SHAPES]);
    for (const c of results.cases) {
      assert.is(c.exitCode, 0, c.name);
      assert.equal(c.baselines.map((b) => b.name), ['yaml', 'js-yaml'], c.name);
      for (const figure of [c.fn.ms, c.fn.rssMB, ...c.baselines.flatMap((b) => [b.measure.ms, b.measure.rssMB, b.ratio.time, b.ratio.rss])]) {
        assert.ok(Number.isFinite(figure) && figure > 0, `${c.name}: figure ${figure}`);
      }
    }
    // Cases run in the order of SHAPES, case-<index> in the work folder.
    const outputs = SHAPES.map((_, index) => parsed(readFileSync(join(work, `case-${index}.out.yaml`), 'utf8')));
    const [block] = outputs;
    assert.is(block!.kind, 'ResourceList');
    assert.ok(block!.items.length > parsed(workloadList(20)).items.length, 'every item is written, and Dataplanes added');
    assert.equal(outputs[SHAPES.indexOf('json')], block, 'JSON gives the objects block gives');
    assert.equal(outputs[SHAPES.indexOf('flow')], block, 'flow gives the objects block gives');
    assert.is(outputs[SHAPES.indexOf('anchors')]!.items.length, block!.items.length, 'anchors: every item is written');
    const table = formatTable(results);
    for (const name of ['20 workloads ', '20 workloads, JSON', '20 workloads, flow', '20 workloads, anchors']) assert.ok(table.includes(name), name);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

bench.run();
