/**
 * Golden tests in the kpt function catalog's convention: every folder under testdata/ with an `.expected/` is a
 * kpt package and a case. The function runs in-process on the package; the resulting `git diff` must equal
 * `.expected/diff.patch` (absent: no change) and the results `.expected/results.yaml`. A second, cumulative run
 * must add nothing. Where kpt is installed, `kpt fn eval --exec dist/kuma-inject.cjs` must give the same diff.
 * `UPDATE=1 npm test` rewrites the expectations; review every change to them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { skip } from './skip.ts';
import { isObject, type KubeObject } from '../krm/object.ts';
import { packageToResourceList, resourceListToPackage } from '../krm/package.ts';
import { parseYamlText, stringifyObjects } from '../krm/resource-list.ts';
import { toKrmResult } from '../krm/result.ts';
import { run } from '../run.ts';
import { EXAMPLES } from '../integration/helpers.ts';

const root = new URL('../../', import.meta.url).pathname;
const testdata = join(root, 'testdata');
const bundle = join(root, 'dist', 'kuma-inject.cjs');
const UPDATE = process.env.UPDATE === '1';
const kptAvailable = spawnSync('kpt', ['version'], { encoding: 'utf8' }).status === 0;
const EXEC_NAME = 'dist/kuma-inject.cjs';

interface CaseConfig {
  testType: 'eval' | 'render';
  fnConfig?: string;
  exitCode: number;
}

function findCases(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  if (entries.some((e) => e.isDirectory() && e.name === '.expected')) return [dir];
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'kuma-fixtures').flatMap((e) => findCases(join(dir, e.name)));
}

function yamlFile(path: string): unknown {
  const parsed = parseYamlText(readFileSync(path, 'utf8'));
  if (!parsed.ok) throw new Error(`${path}: ${parsed.error}`);
  return parsed.value;
}

function caseConfig(dir: string): CaseConfig {
  const file = join(dir, '.expected', 'config.yaml');
  const raw = existsSync(file) ? (yamlFile(file) as Record<string, unknown>) : {};
  const config: CaseConfig = { testType: raw.testType === 'eval' ? 'eval' : 'render', exitCode: Number(raw.exitCode ?? 0) };
  if (typeof raw.fnConfig === 'string') config.fnConfig = join(dir, '.expected', raw.fnConfig);
  return config;
}

function packageFiles(dir: string, exclude: ReadonlySet<string>): Array<{ path: string; text: string }> {
  const walk = (current: string): string[] =>
    readdirSync(current, { withFileTypes: true }).flatMap((e) => {
      const path = join(current, e.name);
      if (e.isDirectory()) return e.name.startsWith('.') ? [] : walk(path);
      return /\.ya?ml$/.test(e.name) && !exclude.has(path) ? [path] : [];
    });
  return walk(dir)
    .sort()
    .map((path) => ({ path: relative(dir, path), text: readFileSync(path, 'utf8') }));
}

/** The functionConfig and the files that are not resources, as kpt eval and render pick them. */
function invocation(dir: string, config: CaseConfig): { functionConfig?: KubeObject; exclude: Set<string> } {
  const exclude = new Set<string>();
  if (config.testType === 'eval') {
    exclude.add(join(dir, 'Kptfile'));
    if (!config.fnConfig) return { exclude };
    return { functionConfig: yamlFile(config.fnConfig) as KubeObject, exclude };
  }
  const kptfile = yamlFile(join(dir, 'Kptfile')) as Record<string, any>;
  const mutator = kptfile.pipeline?.mutators?.[0] ?? {};
  if (typeof mutator.configPath === 'string') return { functionConfig: yamlFile(join(dir, mutator.configPath)) as KubeObject, exclude };
  if (isObject(mutator.configMap)) {
    return { functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data: mutator.configMap }, exclude };
  }
  return { exclude };
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
}

function freshCopy(dir: string): string {
  const work = join(mkdtempSync(join(tmpdir(), 'kuma-inject-golden-')), 'pkg');
  cpSync(dir, work, { recursive: true, filter: (src) => !src.includes(`${'/'}.expected`) });
  git(work, 'init', '-q');
  git(work, 'add', '-A');
  git(work, 'commit', '-qm', 'initial');
  return work;
}

function diffOf(work: string): string {
  git(work, 'add', '-A');
  return git(work, 'diff', '--cached', 'HEAD').trim();
}

/** One in-process run over the package in `work`, writing the files back as kpt would. */
function runInProcess(work: string, config: CaseConfig) {
  const { functionConfig, exclude } = invocation(work, config);
  const files = packageFiles(work, exclude);
  const output = run(packageToResourceList(files, functionConfig));
  if (output.exitCode === 0) {
    const written = resourceListToPackage(output.stdout);
    const kept = new Set(written.map((f) => f.path));
    for (const file of files) if (!kept.has(file.path)) rmSync(join(work, file.path));
    for (const file of written) {
      mkdirSync(dirname(join(work, file.path)), { recursive: true });
      writeFileSync(join(work, file.path), file.text);
    }
  }
  return output;
}

function resultsFile(exitCode: number, results: ReturnType<typeof run>['results']): string {
  return stringifyObjects([
    {
      apiVersion: 'kpt.dev/v1',
      kind: 'FunctionResultList',
      metadata: { name: 'fnresults' },
      exitCode,
      items: [{ exec: EXEC_NAME, exitCode, results: results.map(toKrmResult) }],
    },
  ]);
}

const cases = findCases(testdata).sort();

test('finds golden cases', () => {
  assert.ok(cases.length >= 8, `expected at least 8 golden cases under testdata/, found ${cases.length}`);
});

/** A user who renders an example in place (kpt without `-o`) rewrites a test input: say so, not a diff. */
function renderedInPlace(dir: string, config: CaseConfig): string | undefined {
  const name = relative(testdata, dir);
  if (!(EXAMPLES as readonly string[]).includes(name)) return undefined;
  const touched = packageFiles(dir, invocation(dir, config).exclude).find((file) => file.text.includes('kuma-inject.dev/injected:') || /^kind: Dataplane$/m.test(file.text));
  return touched && `testdata/${name}/${touched.path} is kuma-inject's output: the example was rendered in place (kpt without \`-o\`); \`git checkout -- testdata/${name} && git clean -fd testdata/${name}\` restores it`;
}

for (const dir of cases) {
  const name = relative(testdata, dir);
  test(`golden: ${name}`, () => {
    const config = caseConfig(dir);
    const inPlace = renderedInPlace(dir, config);
    if (inPlace) assert.unreachable(inPlace);
    const work = freshCopy(dir);
    try {
      const output = runInProcess(work, config);
      assert.is(output.exitCode, config.exitCode, `exit code; stderr:\n${output.stderr.join('\n')}`);
      const diff = diffOf(work);
      const results = resultsFile(output.exitCode, output.results);
      const diffFile = join(dir, '.expected', 'diff.patch');
      const resultsPath = join(dir, '.expected', 'results.yaml');
      if (UPDATE) {
        if (diff) writeFileSync(diffFile, `${diff}\n`);
        else if (existsSync(diffFile)) rmSync(diffFile);
        writeFileSync(resultsPath, results);
      }
      assert.fixture(diff, existsSync(diffFile) ? readFileSync(diffFile, 'utf8').trim() : '', 'diff.patch');
      assert.fixture(results, readFileSync(resultsPath, 'utf8'), 'results.yaml');
      if (output.exitCode === 0) {
        const second = runInProcess(work, config);
        assert.is(second.exitCode, 0, `a second run must succeed (the records it wrote must fit); stderr:\n${second.stderr.join('\n')}`);
        assert.fixture(diffOf(work), diff, 'a second run must add nothing');
      }
    } finally {
      rmSync(dirname(work), { recursive: true, force: true });
    }
  });

  test(`golden via kpt: ${name}`, () => {
    const config = caseConfig(dir);
    if (!kptAvailable) {
      skip(`golden via kpt: ${name}`, 'kpt is not installed');
      return;
    }
    assert.ok(statSync(bundle).isFile(), 'run `npm run build` first');
    const viaKpt = freshCopy(dir);
    const inProcess = freshCopy(dir);
    try {
      const args =
        config.testType === 'eval'
          ? ['fn', 'eval', viaKpt, '--exec', bundle, ...(config.fnConfig ? ['--fn-config', config.fnConfig] : [])]
          : ['fn', 'render', viaKpt, '--allow-exec'];
      const kpt = spawnSync('kpt', args, { cwd: root, encoding: 'utf8' });
      assert.is(kpt.status === 0 ? 0 : 1, config.exitCode, `kpt exit code; output:\n${kpt.stdout}${kpt.stderr}`);
      runInProcess(inProcess, config);
      const { functionConfig: _fc, exclude } = invocation(inProcess, config);
      for (const file of packageFiles(inProcess, exclude)) {
        const other = readFileSync(join(viaKpt, file.path), 'utf8');
        // kpt re-sorts the keys of list items by position against the input (kyaml SyncOrder), so a sidecar
        // inserted at containers[0] gets the key order of the old first container: compare values, not bytes.
        assert.equal(documentsOf(other), documentsOf(file.text), `${file.path}: kpt and in-process results differ`);
        assert.equal(commentsOf(other), commentsOf(file.text), `${file.path}: kpt kept other comments`);
      }
    } finally {
      rmSync(dirname(viaKpt), { recursive: true, force: true });
      rmSync(dirname(inProcess), { recursive: true, force: true });
    }
  });
}

function documentsOf(text: string): unknown[] {
  return text.split(/^---$/m).map((part) => {
    const parsed = parseYamlText(part);
    return parsed.ok ? parsed.value : parsed.error;
  });
}

const commentsOf = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => /(?:^|\s)(#.*)$/.exec(line)?.[1])
    .filter((c): c is string => c !== undefined)
    .sort();

test.run();
