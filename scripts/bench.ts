/**
 * `npm run bench`: the built function (dist/kuma-inject.cjs, default config) against the floor, a node process
 * that only does `yaml` parseDocument + toString({lineWidth: 0}) of the same input. Runs the cases A/B in turns,
 * several times, and reports medians of wall time and peak RSS (each process writes its own maxRSS at exit), the
 * ratios, cold start against `node -e 0`, and scaling. Prints a table and writes bench/results.json.
 *
 *   npm run bench                           all cases, 5 rounds (cold start: 21)
 *   npm run bench -- --rounds 3 --sizes 100,1000 --check
 *   --check       also runs the function with KUMA_INJECT_YAML_PATH=yaml and checks that the bytes are the same
 *   --yaml-path   measures the function on its `yaml` Document path (KUMA_INJECT_YAML_PATH=yaml), for comparison
 *   --function F  measures another build of the function (an older bundle, say)
 *   --out FILE    where to write the JSON (default bench/results.json)
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { bigPodList, oneDeploymentList, oneDeploymentWithConfigList, workloadList } from './bench-inputs.ts';

const root = new URL('../', import.meta.url).pathname;

export interface Measure {
  /** Median wall time of the process, milliseconds. */
  readonly ms: number;
  /** Median peak resident set size, MB. */
  readonly rssMB: number;
  readonly runs: ReadonlyArray<{ ms: number; rssMB: number }>;
}

export interface CaseResult {
  readonly name: string;
  readonly inputBytes: number;
  readonly outputBytes: number;
  /** Items in the function's output (input items and generated Dataplanes). */
  readonly items: number;
  readonly fn: Measure;
  /** The floor: `yaml` parseDocument + toString of the input (for cold start: `node -e 0`). */
  readonly baseline: Measure;
  readonly baselineName: string;
  readonly ratio: { readonly time: number; readonly rss: number };
  /** With --check: the output equals that of the `yaml` path (KUMA_INJECT_YAML_PATH=yaml). */
  readonly sameAsYamlPath?: boolean;
}

export interface BenchResults {
  readonly date: string;
  /** What was measured: the function's file, and KUMA_INJECT_YAML_PATH when set. */
  readonly function: string;
  readonly node: string;
  readonly machine: string;
  readonly rounds: number;
  readonly cases: readonly CaseResult[];
  /** time(5,000) / time(1,000) of the function (and of the baseline), when both sizes ran. */
  readonly scaling?: { readonly fn: number; readonly baseline: number };
  readonly targets: ReadonlyArray<{ readonly target: string; readonly value: number; readonly limit: number; readonly met: boolean }>;
}

export interface BenchOptions {
  readonly sizes?: readonly number[];
  readonly rounds?: number;
  readonly bigPod?: boolean;
  readonly coldStart?: boolean;
  readonly check?: boolean;
  /** The function to run (default dist/kuma-inject.cjs). */
  readonly fn?: string;
  /** Extra environment of the function (e.g. KUMA_INJECT_YAML_PATH=yaml). */
  readonly fnEnv?: NodeJS.ProcessEnv;
  /** Folder for inputs, outputs and helper scripts (default bench/out). */
  readonly work?: string;
  readonly log?: (line: string) => void;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Rounds of a cold-start case: four times the others, and at least 21. */
const coldStartRounds = (rounds: number): number => Math.max(rounds * 4, 21);

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** Helper files: the RSS preload and the bundled baseline (bundled like the function, so both load one file). */
async function prepare(work: string): Promise<{ preload: string; baseline: string }> {
  mkdirSync(work, { recursive: true });
  const preload = join(work, 'max-rss.cjs');
  writeFileSync(
    preload,
    "process.on('exit', () => { if (process.env.BENCH_RSS_FILE) require('fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)); });\n",
  );
  const source = join(work, 'baseline-src.mjs');
  writeFileSync(
    source,
    [
      "import { parseDocument } from 'yaml';",
      'const chunks = [];',
      "process.stdin.on('data', (chunk) => chunks.push(chunk));",
      "process.stdin.on('end', () => process.stdout.write(parseDocument(Buffer.concat(chunks).toString('utf8')).toString({ lineWidth: 0 })));",
      '',
    ].join('\n'),
  );
  const baseline = join(work, 'baseline.cjs');
  await build({ entryPoints: [source], bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, outfile: baseline, logLevel: 'warning', nodePaths: [join(root, 'node_modules')] });
  return { preload, baseline };
}

/** Runs `node args` with stdin from `input` and stdout to `output`; wall time in ms and peak RSS in MB. */
function measure(args: readonly string[], preload: string, input: string, output: string, env: NodeJS.ProcessEnv = {}): { ms: number; rssMB: number } {
  const rssFile = `${output}.rss`;
  rmSync(rssFile, { force: true });
  const stdin = openSync(input, 'r');
  const stdout = openSync(output, 'w');
  try {
    const start = process.hrtime.bigint();
    const child = spawnSync(process.execPath, ['-r', preload, ...args], {
      stdio: [stdin, stdout, 'ignore'],
      env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile },
      maxBuffer: 1024,
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (child.error) throw child.error;
    if (child.status !== 0 && child.status !== 1) throw new Error(`node ${args.join(' ')} exited with ${String(child.status ?? child.signal)}`);
    const rssKB = Number(readFileSync(rssFile, 'utf8'));
    return { ms, rssMB: rssKB / 1024 };
  } finally {
    closeSync(stdin);
    closeSync(stdout);
  }
}

const summarize = (runs: Array<{ ms: number; rssMB: number }>): Measure => ({
  ms: round(median(runs.map((r) => r.ms)), 1),
  rssMB: round(median(runs.map((r) => r.rssMB)), 1),
  runs: runs.map((r) => ({ ms: round(r.ms, 1), rssMB: round(r.rssMB, 1) })),
});

/** Entries of the output's `items` (compact, at column 0, before `results:`). */
function countItems(text: string): number {
  const results = text.search(/^results:/m);
  return (results === -1 ? text : text.slice(0, results)).match(/^- /gm)?.length ?? 0;
}

export async function runBench(options: BenchOptions = {}): Promise<BenchResults> {
  const sizes = options.sizes ?? [100, 1000, 5000];
  const rounds = options.rounds ?? 5;
  const work = options.work ?? join(root, 'bench', 'out');
  const log = options.log ?? (() => {});
  const fn = options.fn ?? join(root, 'dist', 'kuma-inject.cjs');
  const fnEnv = options.fnEnv ?? {};
  if (!existsSync(fn)) throw new Error(`${fn} is missing: run \`npm run build\` first`);
  const { preload, baseline } = await prepare(work);

  const inputs: Array<{ name: string; text: string; vs: 'yaml' | 'node' }> = sizes.map((n) => ({ name: `${n} workloads`, text: workloadList(n), vs: 'yaml' }));
  if (options.bigPod ?? true) inputs.push({ name: 'Pod: 50 containers, 2,000 env', text: bigPodList(), vs: 'yaml' });
  if (options.coldStart ?? true) {
    inputs.push({ name: 'cold start: 1 Deployment', text: oneDeploymentList(), vs: 'node' });
    inputs.push({ name: 'cold start: + functionConfig', text: oneDeploymentWithConfigList(), vs: 'node' });
  }

  const cases: CaseResult[] = [];
  for (const [index, input] of inputs.entries()) {
    const inFile = join(work, `case-${index}.yaml`);
    const fnOut = join(work, `case-${index}.out.yaml`);
    const baseOut = join(work, `case-${index}.baseline.yaml`);
    writeFileSync(inFile, input.text);
    const baseArgs = input.vs === 'yaml' ? [baseline] : ['-e', '0'];
    const a: Array<{ ms: number; rssMB: number }> = [];
    const b: Array<{ ms: number; rssMB: number }> = [];
    // One untimed run of each first (disk cache, lazy OS work), then A/B in turns, B first every other round.
    measure([fn], preload, inFile, fnOut, fnEnv);
    measure(baseArgs, preload, inFile, baseOut);
    // A cold start is short and noisy, and cheap to repeat.
    const caseRounds = input.vs === 'node' ? coldStartRounds(rounds) : rounds;
    for (let r = 0; r < caseRounds; r++) {
      if (r % 2 === 0) {
        a.push(measure([fn], preload, inFile, fnOut, fnEnv));
        b.push(measure(baseArgs, preload, inFile, baseOut));
      } else {
        b.push(measure(baseArgs, preload, inFile, baseOut));
        a.push(measure([fn], preload, inFile, fnOut, fnEnv));
      }
    }
    const output = readFileSync(fnOut, 'utf8');
    let sameAsYamlPath: boolean | undefined;
    if (options.check) {
      const yamlOut = join(work, `case-${index}.yaml-path.yaml`);
      measure([fn], preload, inFile, yamlOut, { KUMA_INJECT_YAML_PATH: 'yaml' });
      sameAsYamlPath = readFileSync(yamlOut, 'utf8') === output;
    }
    const fnMeasure = summarize(a);
    const baseMeasure = summarize(b);
    const result: CaseResult = {
      name: input.name,
      inputBytes: input.text.length,
      outputBytes: statSync(fnOut).size,
      items: countItems(output),
      fn: fnMeasure,
      baseline: baseMeasure,
      baselineName: input.vs === 'yaml' ? 'yaml parseDocument + toString' : 'node -e 0',
      ratio: { time: round(fnMeasure.ms / baseMeasure.ms), rss: round(fnMeasure.rssMB / baseMeasure.rssMB) },
      ...(sameAsYamlPath === undefined ? {} : { sameAsYamlPath }),
    };
    cases.push(result);
    log(`${result.name}: ${result.fn.ms} ms / ${result.baseline.ms} ms = ${result.ratio.time}x time, ${result.ratio.rss}x RSS`);
  }

  const byName = (name: string) => cases.find((c) => c.name === name);
  const w1000 = byName('1000 workloads');
  const w5000 = byName('5000 workloads');
  const scaling = w1000 && w5000 ? { fn: round(w5000.fn.ms / w1000.fn.ms), baseline: round(w5000.baseline.ms / w1000.baseline.ms) } : undefined;
  const targets: Array<{ target: string; value: number; limit: number; met: boolean }> = [];
  const target = (name: string, value: number | undefined, limit: number) => {
    if (value !== undefined) targets.push({ target: name, value, limit, met: value <= limit });
  };
  target('5,000 workloads: time / baseline', w5000?.ratio.time, 1.0);
  target('5,000 workloads: RSS / baseline', w5000?.ratio.rss, 1.0);
  target('scaling: time(5,000) / time(1,000)', scaling?.fn, 5.5);
  target('cold start: time / node -e 0', byName('cold start: 1 Deployment')?.ratio.time, 1.5);
  // Not in the issue, which measures the default config; most real runs have a functionConfig, so we hold it to the same bar.
  target('cold start with a functionConfig: time / node -e 0', byName('cold start: + functionConfig')?.ratio.time, 1.5);
  target('2,000-env Pod: time / baseline', byName('Pod: 50 containers, 2,000 env')?.ratio.time, 1.0);
  return {
    date: new Date().toISOString(),
    function: `${fn.startsWith(root) ? fn.slice(root.length) : fn}${fnEnv.KUMA_INJECT_YAML_PATH ? ` (KUMA_INJECT_YAML_PATH=${fnEnv.KUMA_INJECT_YAML_PATH})` : ''}`,
    node: process.version,
    machine: `${process.platform}/${process.arch}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
    rounds,
    cases,
    ...(scaling ? { scaling } : {}),
    targets,
  };
}

export function formatTable(results: BenchResults): string {
  const rows = [['case', 'input', 'function', 'RSS', 'baseline', 'RSS', 'time ×', 'RSS ×', ...(results.cases.some((c) => c.sameAsYamlPath !== undefined) ? ['= yaml path'] : [])]];
  for (const c of results.cases) {
    rows.push([
      c.name,
      `${(c.inputBytes / 1e6).toFixed(2)} MB`,
      `${c.fn.ms.toFixed(0)} ms`,
      `${c.fn.rssMB.toFixed(0)} MB`,
      `${c.baseline.ms.toFixed(0)} ms`,
      `${c.baseline.rssMB.toFixed(0)} MB`,
      c.ratio.time.toFixed(2),
      c.ratio.rss.toFixed(2),
      ...(c.sameAsYamlPath === undefined ? [] : [c.sameAsYamlPath ? 'yes' : 'NO']),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const out = [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
  out.push('', `baseline: yaml parseDocument + toString({ lineWidth: 0 }) of the same input; cold start: node -e 0. Medians of ${results.rounds} rounds (cold start: ${coldStartRounds(results.rounds)}).`);
  if (results.scaling) out.push(`scaling time(5,000) / time(1,000): function ${results.scaling.fn}, baseline ${results.scaling.baseline}`);
  for (const t of results.targets) out.push(`${t.met ? 'met   ' : 'MISSED'} ${t.target}: ${t.value} (target ≤ ${t.limit})`);
  out.push(`function: ${results.function}; ${results.machine}, node ${results.node}`);
  return out.join('\n');
}

function argValue(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const sizes = argValue(args, '--sizes')?.split(',').map(Number);
  const rounds = argValue(args, '--rounds');
  const results = await runBench({
    ...(sizes ? { sizes } : {}),
    ...(rounds ? { rounds: Number(rounds) } : {}),
    check: args.includes('--check'),
    ...(argValue(args, '--function') ? { fn: resolve(argValue(args, '--function')!) } : {}),
    ...(args.includes('--yaml-path') ? { fnEnv: { KUMA_INJECT_YAML_PATH: 'yaml' } } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(formatTable(results));
  const out = argValue(args, '--out') ?? join(root, 'bench', 'results.json');
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${out}`);
}
