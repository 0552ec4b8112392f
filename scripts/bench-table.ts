/** The benchmark's results (scripts/bench.ts) as the table `npm run bench` prints. */
import { SHAPE_LABELS } from './bench-inputs.ts';
import type { BenchResults, Measure } from './bench.ts';

/** Lines of aligned columns, the first a header, the first column left-aligned. */
function columns(rows: readonly string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
}

export function formatTable(results: BenchResults): string {
  const ms = (m: Measure) => `${m.ms.toFixed(0)} ms`;
  const mb = (m: Measure) => `${m.rssMB.toFixed(0)} MB`;
  const rows = [['case', 'input', 'function', 'RSS', 'baseline', 'RSS', 'time ×', 'RSS ×', 'js-yaml', 'RSS', 'time ×', 'RSS ×']];
  for (const c of results.cases) {
    const [first, jsYaml] = c.baselines;
    rows.push([
      `${c.name}${first!.name === 'node -e 0' ? ' ²' : ''}${c.exitCode === 0 ? '' : ` (exit ${c.exitCode})`}`,
      `${(c.inputBytes / 1e6).toFixed(2)} MB`,
      ms(c.fn),
      mb(c.fn),
      ms(first!.measure),
      mb(first!.measure),
      first!.ratio.time.toFixed(2),
      first!.ratio.rss.toFixed(2),
      ...(jsYaml ? [ms(jsYaml.measure), mb(jsYaml.measure), jsYaml.ratio.time.toFixed(2), jsYaml.ratio.rss.toFixed(2)] : ['–', '–', '–', '–']),
    ]);
  }
  const out = columns(rows);
  out.push(
    '',
    `baseline: yaml parseDocument + toString({ lineWidth: 0 }) of the same input (² cold start: node -e 0); js-yaml: load + dump({ noRefs: true }), no comments kept.`,
    `Medians of ${results.rounds} rounds (cold start: ${results.coldStartRounds}).`,
  );
  const shown = results.shapes.filter((f) => f.vsBlock !== undefined || f.scaling);
  if (shown.length > 0) {
    const figure = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(2));
    const shapeRows = [['shape', 'time / block at 1,000', 'time(5,000) / time(1,000)', 'yaml', 'js-yaml']];
    for (const f of shown) shapeRows.push([SHAPE_LABELS[f.shape], figure(f.vsBlock), figure(f.scaling?.fn), figure(f.scaling?.yaml), figure(f.scaling?.['js-yaml'])]);
    out.push('', ...columns(shapeRows));
  }
  out.push('');
  for (const t of results.targets) out.push(`${t.met ? 'met    ' : 'not met'} ${t.target}: ${t.value} (target ≤ ${t.limit})`);
  out.push(`function: ${results.function}; ${results.machine}, node ${results.node}`);
  return out.join('\n');
}
