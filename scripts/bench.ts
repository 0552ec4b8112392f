/**
 * `npm run bench`: the built function (dist/kuma-inject.cjs, default config) against two floors, node processes
 * that only parse and write the same input: `yaml` parseDocument + toString({lineWidth: 0}), which keeps comments as
 * the function does, and js-yaml load + dump({noRefs: true}), which keeps none (a floor to approach, not a peer).
 * The workload lists run in four shapes (block, JSON, flow, anchors: scripts/bench-inputs.ts). Runs each case's
 * processes in turns, several times, and reports medians of wall time and peak RSS (each process writes its own
 * maxRSS at exit), the ratios, cold start against `node -e 0`, each shape against block, and scaling. Prints a
 * table and writes bench/results.json.
 *
 *   npm run bench                           all cases, 5 rounds (cold start: 21)
 *   npm run bench -- --rounds 3 --sizes 100,1000 --shapes block,json
 *   --function F  measures another build of the function (an older bundle, say)
 *   --out FILE    where to write the JSON (default bench/results.json)
 *   --playground  also the playground's first render of 100 workloads in chromium (scripts/bench-playground.ts;
 *                 `npm run bench:playground` runs only that)
 * The table is scripts/bench-table.ts.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { bigPodList, oneDeploymentList, oneDeploymentWithConfigList, SHAPE_LABELS, SHAPES, type Shape, workloadListAs } from './bench-inputs.ts';
import { formatTable } from './bench-table.ts';

const root = new URL('../', import.meta.url).pathname;

export interface Measure {
  /** Median wall time of the process, milliseconds. */
  readonly ms: number;
  /** Median peak resident set size, MB. */
  readonly rssMB: number;
  readonly runs: ReadonlyArray<{ ms: number; rssMB: number }>;
}

type BaselineName = 'yaml' | 'js-yaml' | 'node -e 0';

export interface BaselineResult {
  readonly name: BaselineName;
  readonly measure: Measure;
  /** The function's figure over this baseline's. */
  readonly ratio: { readonly time: number; readonly rss: number };
}

export interface CaseResult {
  readonly name: string;
  /** For the workload lists: their shape and number of workloads. */
  readonly shape?: Shape;
  readonly workloads?: number;
  readonly inputBytes: number;
  readonly outputBytes: number;
  /** Items in the function's output (input items and generated Dataplanes). */
  readonly items: number;
  /** The function's exit code (1: it reported an error result, and the timing is of that run). */
  readonly exitCode: number;
  readonly fn: Measure;
  /** yaml then js-yaml (for cold start: `node -e 0` only). */
  readonly baselines: readonly BaselineResult[];
}

export interface ShapeFigures {
  readonly shape: Shape;
  /** time(shape) / time(block) of the function at 1,000 workloads. */
  readonly vsBlock?: number;
  /** time(5,000) / time(1,000) of the function and of each baseline. */
  readonly scaling?: { readonly fn: number } & Partial<Record<BaselineName, number>>;
}

export interface BenchResults {
  readonly date: string;
  /** The function's file. */
  readonly function: string;
  readonly node: string;
  readonly machine: string;
  readonly rounds: number;
  /** Rounds of the cold-start cases. */
  readonly coldStartRounds: number;
  readonly cases: readonly CaseResult[];
  readonly shapes: readonly ShapeFigures[];
  readonly targets: ReadonlyArray<{ readonly target: string; readonly value: number; readonly limit: number; readonly met: boolean }>;
}

export interface BenchOptions {
  readonly sizes?: readonly number[];
  readonly shapes?: readonly Shape[];
  readonly rounds?: number;
  readonly bigPod?: boolean;
  readonly coldStart?: boolean;
  /** One untimed run of each process before the timed rounds (default true; the smoke test skips it). */
  readonly warmUp?: boolean;
  /** The function to run (default dist/kuma-inject.cjs). */
  readonly fn?: string;
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

/** The baselines' programs: read stdin, parse, write stdout. */
const BASELINE_SOURCES: ReadonlyArray<[Exclude<BaselineName, 'node -e 0'>, string, string]> = [
  ['yaml', "import { parseDocument } from 'yaml';", "parseDocument(text).toString({ lineWidth: 0 })"],
  ['js-yaml', "import { dump, load } from 'js-yaml';", 'dump(load(text), { noRefs: true })'],
];

/** Helper files: the RSS preload and the bundled baselines (bundled like the function, so each loads one file). */
async function prepare(work: string): Promise<{ preload: string; baselines: Map<BaselineName, string[]> }> {
  mkdirSync(work, { recursive: true });
  const preload = join(work, 'max-rss.cjs');
  writeFileSync(
    preload,
    "process.on('exit', () => { if (process.env.BENCH_RSS_FILE) require('fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)); });\n",
  );
  const baselines = new Map<BaselineName, string[]>([['node -e 0', ['-e', '0']]]);
  for (const [name, imports, transform] of BASELINE_SOURCES) {
    const source = join(work, `baseline-${name}-src.mjs`);
    writeFileSync(
      source,
      [
        imports,
        'const chunks = [];',
        "process.stdin.on('data', (chunk) => chunks.push(chunk));",
        `process.stdin.on('end', () => { const text = Buffer.concat(chunks).toString('utf8'); process.stdout.write(${transform}); });`,
        '',
      ].join('\n'),
    );
    const bundle = join(work, `baseline-${name}.cjs`);
    await build({ entryPoints: [source], bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, outfile: bundle, logLevel: 'warning', nodePaths: [join(root, 'node_modules')] });
    baselines.set(name, [bundle]);
  }
  return { preload, baselines };
}

interface Run {
  readonly ms: number;
  readonly rssMB: number;
  readonly exitCode: number;
}

/** Runs `node args` with stdin from `input` and stdout to `output`; wall time in ms and peak RSS in MB. */
function measure(args: readonly string[], preload: string, input: string, output: string): Run {
  const rssFile = `${output}.rss`;
  rmSync(rssFile, { force: true });
  const stdin = openSync(input, 'r');
  const stdout = openSync(output, 'w');
  try {
    const start = process.hrtime.bigint();
    const child = spawnSync(process.execPath, ['-r', preload, ...args], {
      stdio: [stdin, stdout, 'ignore'],
      env: { ...process.env, BENCH_RSS_FILE: rssFile },
      maxBuffer: 1024,
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (child.error) throw child.error;
    if (child.status !== 0 && child.status !== 1) throw new Error(`node ${args.join(' ')} exited with ${String(child.status ?? child.signal)}`);
    const rssKB = Number(readFileSync(rssFile, 'utf8'));
    return { ms, rssMB: rssKB / 1024, exitCode: child.status };
  } finally {
    closeSync(stdin);
    closeSync(stdout);
  }
}

const summarize = (runs: readonly Run[]): Measure => ({
  ms: round(median(runs.map((r) => r.ms)), 1),
  rssMB: round(median(runs.map((r) => r.rssMB)), 1),
  runs: runs.map((r) => ({ ms: round(r.ms, 1), rssMB: round(r.rssMB, 1) })),
});

/** Entries of the output's `items` (compact, at column 0, before `results:`). */
function countItems(text: string): number {
  const results = text.search(/^results:/m);
  return (results === -1 ? text : text.slice(0, results)).match(/^- /gm)?.length ?? 0;
}

/** A case's name: `1000 workloads` for block (the names of earlier results), `1000 workloads, JSON` for the others. */
const workloadCaseName = (shape: Shape, n: number): string => `${n} workloads${shape === 'block' ? '' : `, ${SHAPE_LABELS[shape]}`}`;

interface Input {
  readonly name: string;
  readonly text: () => string;
  readonly baselines: readonly BaselineName[];
  readonly shape?: Shape;
  readonly workloads?: number;
}

/** Runs the function and the baselines on one input, `rounds` times in turns, each round starting one further along. */
function runCase(input: Input, index: number, env: { fn: string; preload: string; baselines: Map<BaselineName, string[]>; work: string }, rounds: number, warmUp: boolean): CaseResult {
  const text = input.text();
  const inFile = join(env.work, `case-${index}.yaml`);
  writeFileSync(inFile, text);
  const fnOut = join(env.work, `case-${index}.out.yaml`);
  const processes = [
    { args: [env.fn], out: fnOut },
    ...input.baselines.map((name, b) => ({ args: env.baselines.get(name)!, out: join(env.work, `case-${index}.baseline-${b}.yaml`) })),
  ];
  // One untimed run of each first (disk cache, lazy OS work); then the order turns, so none always runs first.
  if (warmUp) for (const p of processes) measure(p.args, env.preload, inFile, p.out);
  const runs: Run[][] = processes.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < processes.length; k++) {
      const at = (r + k) % processes.length;
      runs[at]!.push(measure(processes[at]!.args, env.preload, inFile, processes[at]!.out));
    }
  }
  // A baseline that failed (a parse error, say) measured nothing; the function may exit 1 with error results.
  const failed = runs.slice(1).findIndex((r) => r.some((run) => run.exitCode !== 0));
  if (failed !== -1) throw new Error(`${input.name}: the ${input.baselines[failed]!} baseline exited with 1`);
  const output = readFileSync(fnOut, 'utf8');
  const fn = summarize(runs[0]!);
  return {
    name: input.name,
    ...(input.shape ? { shape: input.shape, workloads: input.workloads! } : {}),
    inputBytes: Buffer.byteLength(text),
    outputBytes: statSync(fnOut).size,
    items: countItems(output),
    exitCode: runs[0]!.at(-1)!.exitCode,
    fn,
    baselines: input.baselines.map((name, b) => {
      const measure = summarize(runs[b + 1]!);
      return { name, measure, ratio: { time: round(fn.ms / measure.ms), rss: round(fn.rssMB / measure.rssMB) } };
    }),
  };
}

/** Per shape: its time over block's at 1,000 workloads, and time(5,000) / time(1,000), where those cases ran. */
function shapeFigures(cases: readonly CaseResult[], shapes: readonly Shape[]): ShapeFigures[] {
  const find = (shape: Shape, n: number) => cases.find((c) => c.shape === shape && c.workloads === n);
  const block1000 = find('block', 1000);
  return shapes.map((shape) => {
    const [at1000, at5000] = [find(shape, 1000), find(shape, 5000)];
    const scaling = at1000 && at5000
      ? { fn: round(at5000.fn.ms / at1000.fn.ms), ...Object.fromEntries(at1000.baselines.map((b, i) => [b.name, round(at5000.baselines[i]!.measure.ms / b.measure.ms)])) }
      : undefined;
    return {
      shape,
      ...(block1000 && at1000 ? { vsBlock: round(at1000.fn.ms / block1000.fn.ms) } : {}),
      ...(scaling ? { scaling } : {}),
    };
  });
}

export async function runBench(options: BenchOptions = {}): Promise<BenchResults> {
  const sizes = options.sizes ?? [100, 1000, 5000];
  const shapes = options.shapes ?? SHAPES;
  const rounds = options.rounds ?? 5;
  const work = options.work ?? join(root, 'bench', 'out');
  const log = options.log ?? (() => {});
  const fn = options.fn ?? join(root, 'dist', 'kuma-inject.cjs');
  if (!existsSync(fn)) throw new Error(`${fn} is missing: run \`npm run build\` first`);
  const { preload, baselines } = await prepare(work);

  const parsers: BaselineName[] = ['yaml', 'js-yaml'];
  const inputs: Input[] = sizes.flatMap((n) =>
    shapes.map((shape) => ({ name: workloadCaseName(shape, n), text: () => workloadListAs(shape, n), baselines: parsers, shape, workloads: n })),
  );
  if (options.bigPod ?? true) inputs.push({ name: 'Pod: 50 containers, 2,000 env', text: bigPodList, baselines: parsers });
  if (options.coldStart ?? true) {
    inputs.push({ name: 'cold start: 1 Deployment', text: oneDeploymentList, baselines: ['node -e 0'] });
    inputs.push({ name: 'cold start: + functionConfig', text: oneDeploymentWithConfigList, baselines: ['node -e 0'] });
  }

  const cases: CaseResult[] = [];
  for (const [index, input] of inputs.entries()) {
    // A cold start is short and noisy, and cheap to repeat.
    const caseRounds = input.baselines.includes('node -e 0') ? coldStartRounds(rounds) : rounds;
    const result = runCase(input, index, { fn, preload, baselines, work }, caseRounds, options.warmUp ?? true);
    cases.push(result);
    log(`${result.name}: ${result.fn.ms} ms; ${result.baselines.map((b) => `${b.ratio.time}x ${b.name} time, ${b.ratio.rss}x RSS`).join('; ')}`);
  }

  const figures = shapeFigures(cases, shapes);
  const targets: Array<{ target: string; value: number; limit: number; met: boolean }> = [];
  const target = (name: string, value: number | undefined, limit: number) => {
    if (value !== undefined) targets.push({ target: name, value, limit, met: value <= limit });
  };
  const ratio = (name: string, baseline: BaselineName) => cases.find((c) => c.name === name)?.baselines.find((b) => b.name === baseline)?.ratio;
  target('5,000 workloads: time / yaml', ratio('5000 workloads', 'yaml')?.time, 0.6);
  target('5,000 workloads: RSS / yaml', ratio('5000 workloads', 'yaml')?.rss, 0.65);
  target('5,000 workloads: time / js-yaml', ratio('5000 workloads', 'js-yaml')?.time, 2);
  target('cold start: time / node -e 0', ratio('cold start: 1 Deployment', 'node -e 0')?.time, 1.4);
  // Most real runs have a functionConfig, so it is held to the same bar.
  target('cold start with a functionConfig: time / node -e 0', ratio('cold start: + functionConfig', 'node -e 0')?.time, 1.4);
  target('2,000-env Pod: time / yaml', ratio('Pod: 50 containers, 2,000 env', 'yaml')?.time, 1.0);
  for (const f of figures) if (f.shape !== 'block') target(`${SHAPE_LABELS[f.shape]}, 1,000 workloads: time / block`, f.vsBlock, 2);
  for (const f of figures) target(`${SHAPE_LABELS[f.shape]}: time(5,000) / time(1,000)`, f.scaling?.fn, 5.5);
  return {
    date: new Date().toISOString(),
    function: fn.startsWith(root) ? fn.slice(root.length) : fn,
    node: process.version,
    machine: `${process.platform}/${process.arch}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
    rounds,
    coldStartRounds: coldStartRounds(rounds),
    cases,
    shapes: figures,
    targets,
  };
}

function argValue(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const sizes = argValue(args, '--sizes')?.split(',').map(Number);
  const rounds = argValue(args, '--rounds');
  const shapes = argValue(args, '--shapes')?.split(',');
  const unknown = shapes?.filter((shape) => !(SHAPES as readonly string[]).includes(shape));
  if (unknown?.length) throw new Error(`--shapes: unknown ${unknown.join(', ')} (known: ${SHAPES.join(', ')})`);
  const results = await runBench({
    ...(sizes ? { sizes } : {}),
    ...(shapes ? { shapes: shapes as Shape[] } : {}),
    ...(rounds ? { rounds: Number(rounds) } : {}),
    ...(argValue(args, '--function') ? { fn: resolve(argValue(args, '--function')!) } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(formatTable(results));
  const out = argValue(args, '--out') ?? join(root, 'bench', 'results.json');
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${out}`);
  if (args.includes('--playground')) await (await import('./bench-playground.ts')).benchPlayground();
}
