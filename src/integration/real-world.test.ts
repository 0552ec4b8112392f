/**
 * The real-world corpus (testdata/real-world, and the Kubernetes objects of testdata/kuma-fixtures) through the
 * built bundle under three configs, holding it to "nothing else changes":
 *   (a) every document the function did not inject comes out byte-identical;
 *   (b) Go (kubectl) reads the same from input and output, outside what injection owns (real-world-checks.ts);
 *   (c) a second run on the output changes nothing;
 *   (d) every input object is in the output.
 * Each file is its own run (its own ResourceList), as a user would run it. Failures are compared with
 * testdata/real-world/known-failures.txt: a new failure, or a listed one that now passes, fails the test;
 * `UPDATE=1` rewrites the list. kubectl-based checks are skipped, and said so, when kubectl is missing.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseYamlText } from '../krm/resource-list.ts';
import { type BundleRun, runBundleJobs } from './bundle-in-process.ts';
import { ROOT, cleanUp, exec, has, tempDir } from './helpers.ts';
import { skipPart } from '../testing/skip.ts';
import { documentTexts, firstDifference, firstDifferentLine, identityOf, injectedInReport, isRecord, outsideInjection, podTemplateOf } from './real-world-checks.ts';

const test = suite('real-world corpus');
test.after(cleanUp);

const CORPUS = join(ROOT, 'testdata', 'real-world');
const KNOWN = join(CORPUS, 'known-failures.txt');
const MARK = 'real-world.kuma-inject.dev/read';

/** Manifest files: *.yaml/*.yml, not in LICENSES/, not in a Helm chart's source, and holding an object. */
function corpusFiles(): string[] {
  const walk = (dir: string): string[] => {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.some((e) => e.name === 'Chart.yaml')) return [];
    return entries.flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return e.name === 'LICENSES' || e.name.startsWith('.') ? [] : walk(path);
      return /\.ya?ml$/.test(e.name) ? [path] : [];
    });
  };
  return walk(CORPUS).sort();
}

interface Doc {
  readonly text: string;
  readonly value: unknown;
  readonly id: string | undefined;
}

function docsOf(text: string): Doc[] {
  return documentTexts(text).map((part) => {
    const parsed = parseYamlText(part);
    const value = parsed.ok ? parsed.value : undefined;
    return { text: part, value, id: identityOf(value) };
  });
}

/** Go's reading of each file's objects, by identity, through `kubectl annotate --local` (as `kubectl apply` reads). */
function readWithKubectl(files: readonly string[]): Map<string, Map<string, unknown> | string> {
  const read = new Map<string, Map<string, unknown> | string>();
  const parse = (stdout: string): Record<string, any>[] =>
    stdout
      .split(/^(?=\{$)/m)
      .filter((part) => part.trim() !== '')
      .map((part) => JSON.parse(part));
  const byId = (objects: Record<string, any>[]): Map<string, unknown> => {
    const map = new Map<string, unknown>();
    for (const object of objects) {
      const annotations = object.metadata?.annotations;
      if (isRecord(annotations)) {
        delete annotations[MARK];
        if (Object.keys(annotations).length === 0) delete object.metadata.annotations;
      }
      map.set(identityOf(object) ?? '?', object);
    }
    return map;
  };
  const call = (chunk: readonly string[]) => exec('kubectl', ['annotate', '--local', '-o', 'json', ...chunk.flatMap((f) => ['-f', f]), `${MARK}=1`]);
  for (let i = 0; i < files.length; i += 100) {
    const chunk = files.slice(i, i + 100);
    const ran = call(chunk);
    if (ran.status === 0 && ran.stderr.trim() === '' && chunk.length === 1) read.set(chunk[0]!, byId(parse(ran.stdout)));
    else if (ran.status === 0 && ran.stderr.trim() === '') {
      // One call for the chunk; objects come back in file order, so each file takes its own, checked by identity.
      const objects = parse(ran.stdout);
      let at = 0;
      let inOrder = true;
      for (const file of chunk) {
        const ids = docsOf(readFileSync(file, 'utf8')).flatMap((d) => (d.id === undefined ? [] : [d.id]));
        const taken = objects.slice(at, at + ids.length);
        inOrder &&= taken.length === ids.length && taken.every((o, k) => identityOf(o) === ids[k]);
        read.set(file, byId(taken));
        at += ids.length;
      }
      if (!inOrder || at !== objects.length) for (const file of chunk) read.set(file, byId(parse(call([file]).stdout)));
    } else {
      for (const file of chunk) {
        const one = call([file]);
        read.set(file, one.status === 0 ? byId(parse(one.stdout)) : one.stderr.trim().split('\n')[0]!);
      }
    }
  }
  return read;
}

/**
 * The default config writes Dataplane previews (so nearly every file changes, and has a second run); the other
 * two change only how pods are injected, so they leave previews off, which keeps the whole test near a minute.
 */
const NO_PREVIEWS = { dataplanes: { mode: 'off' } };
const CONFIGS = {
  default: {},
  'k8s-1.28': { kubernetesVersion: '1.28', ...NO_PREVIEWS },
  cni: { controlPlane: { runtime: { kubernetes: { injector: { cniEnabled: true } } } }, ...NO_PREVIEWS },
} as const;

function configFile(dir: string, name: string, spec: object, namespaces: readonly string[]): string {
  const path = join(dir, `${name}.json`);
  const enabled = Object.fromEntries(namespaces.map((ns) => [ns, { labels: { 'kuma.io/sidecar-injection': 'enabled' } }]));
  writeFileSync(path, JSON.stringify({ apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'real-world' }, spec: { ...spec, namespaces: enabled } }));
  return path;
}

test('every corpus file: untouched items byte-identical, Go reads the same, idempotent, nothing lost', async () => {
  const started = Date.now();
  const files = corpusFiles();
  assert.ok(files.length >= 150, `only ${files.length} corpus files`);
  const inputs = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
  const parsedInputs = new Map([...inputs].map(([f, text]) => [f, docsOf(text)]));
  const namespaces = new Set<string>(['default']);
  for (const docs of parsedInputs.values()) for (const d of docs) if (d.id) namespaces.add((d.value as any).metadata.namespace ?? 'default');
  const kubectl = has('kubectl', ['version', '--client']);
  if (!kubectl) skipPart('check (b), Go reads the same', 'kubectl is not installed');
  const goInputs = kubectl ? readWithKubectl(files) : undefined;
  const work = tempDir('real-world');

  const failures: string[] = [];
  const fail = (config: string, check: string, file: string, item: string, detail: string): void => {
    failures.push(`${config}\t${check}\t${relative(ROOT, file)}\t${item}\t${detail}`);
  };
  const lines: string[] = [];
  for (const [name, spec] of Object.entries(CONFIGS)) {
    const config = configFile(work, name, spec, [...namespaces]);
    const first = await runBundleJobs(files.map((f) => ({ args: ['-c', config, f] })));
    const outDir = join(work, name);
    mkdirSync(outDir);
    const outputs = new Map<string, { run: BundleRun; path: string }>();
    files.forEach((file, i) => {
      const path = join(outDir, `${i}.yaml`);
      if (first[i]!.status === 0) writeFileSync(path, first[i]!.stdout);
      outputs.set(file, { run: first[i]!, path });
    });
    const ok = files.filter((f) => outputs.get(f)!.run.status === 0);
    const changed = ok.filter((f) => outputs.get(f)!.run.stdout !== inputs.get(f));
    const second = await runBundleJobs(changed.map((f) => ({ args: ['-c', config, outputs.get(f)!.path] })));
    const goOutputs = goInputs ? readWithKubectl(changed.map((f) => outputs.get(f)!.path)) : undefined;
    const count = { items: 0, templates: 0, injected: 0, a: 0, b: 0, bChecked: 0, c: 0, d: 0 };
    const refused: string[] = [];
    for (const file of files) {
      const { run, path } = outputs.get(file)!;
      if (run.status !== 0) {
        refused.push(`${relative(ROOT, file)}: ${run.stderr.split('\n').find((l) => /error/.test(l)) ?? run.stderr.split('\n')[0]}`);
        continue;
      }
      const injected = injectedInReport(run.stderr);
      const outDocs = new Map<string, Doc>();
      for (const d of docsOf(run.stdout)) if (d.id) outDocs.set(d.id, d);
      const goIn = goInputs?.get(file);
      const goOut = run.stdout === inputs.get(file) ? goIn : goOutputs?.get(path);
      for (const doc of parsedInputs.get(file)!) {
        if (!doc.id) continue;
        count.items++;
        const value = doc.value as Record<string, any>;
        if (podTemplateOf(value)) count.templates++;
        const out = outDocs.get(doc.id);
        if (!out) {
          fail(name, 'd', file, doc.id, 'missing from the output');
          continue;
        }
        count.d++;
        const wasInjected = injected.has(`${value.kind} ${value.metadata.name ?? value.metadata.generateName}`) && out.text !== doc.text;
        if (wasInjected) count.injected++;
        else if (out.text === doc.text) count.a++;
        else fail(name, 'a', file, doc.id, `changed without injection: ${firstDifferentLine(doc.text, out.text)}`);
        if (goIn === undefined || goOut === undefined) continue;
        if (typeof goIn === 'string' || typeof goOut === 'string') {
          if (goIn !== goOut) fail(name, 'b', file, doc.id, `kubectl: ${typeof goIn === 'string' ? goIn : 'reads the input'}; ${typeof goOut === 'string' ? goOut : 'reads the output'}`);
          continue;
        }
        const goA = goIn.get(doc.id);
        const goB = goOut.get(doc.id);
        if (!isRecord(goA) || !isRecord(goB)) continue;
        count.bChecked++;
        const [a, b] = wasInjected ? outsideInjection(goA, goB) : [goA, goB];
        const difference = firstDifference(a, b);
        if (difference === undefined) count.b++;
        else fail(name, 'b', file, doc.id, `Go reads it differently: ${difference}`);
      }
    }
    changed.forEach((file, i) => {
      const again = second[i]!;
      const once = outputs.get(file)!.run.stdout;
      if (again.status === 0 && again.stdout === once) count.c++;
      else fail(name, 'c', file, '-', again.status !== 0 ? `second run failed: ${again.stderr.split('\n')[0]}` : `second run changed it: ${firstDifferentLine(once, again.stdout)}`);
    });
    lines.push(
      `  ${name}: ${files.length} files (${refused.length} refused by the function), ${count.items} items, ${count.templates} pod templates, ${count.injected} injected; ` +
        `(a) ${count.a}/${count.items - count.injected} untouched byte-identical; (b) ${goInputs ? `${count.b}/${count.bChecked}` : 'skipped'} read the same by Go; ` +
        `(c) ${count.c}/${changed.length} changed files stable on a second run; (d) ${count.d}/${count.items} items kept`,
    );
    for (const line of refused) lines.push(`    refused: ${line}`);
  }
  console.log(`  real-world corpus (${((Date.now() - started) / 1000).toFixed(1)} s):\n${lines.join('\n')}`);
  compareWithKnown(failures, Boolean(goInputs));
});

/** Fails on a failure that is not listed, and on a listed one (of a check that ran) that passes now. */
function compareWithKnown(failures: readonly string[], kubectlRan: boolean): void {
  const key = (line: string): string => line.split('\t').slice(0, 4).join('\t');
  if (process.env.UPDATE === '1') {
    writeFileSync(KNOWN, `# config\tcheck\tfile\titem\tfirst difference (rewritten by UPDATE=1 npm run test:unit -- real-world)\n${[...failures].sort().join('\n')}\n`);
    console.log(`  wrote ${relative(ROOT, KNOWN)}: ${failures.length} known failures`);
    return;
  }
  const known = existsSync(KNOWN) ? readFileSync(KNOWN, 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')) : [];
  const knownKeys = new Set(known.map(key));
  const nowKeys = new Set(failures.map(key));
  const byCheck = new Map<string, number>();
  for (const f of failures) byCheck.set(f.split('\t')[1]!, (byCheck.get(f.split('\t')[1]!) ?? 0) + 1);
  console.log(`  failures by check: ${[...byCheck].map(([c, n]) => `(${c}) ${n}`).join(', ') || 'none'}; ${known.length} listed as known`);
  const fresh = failures.filter((f) => !knownKeys.has(key(f)));
  const fixed = known.filter((k) => !nowKeys.has(key(k)) && (kubectlRan || k.split('\t')[1] !== 'b'));
  const show = (list: readonly string[]): string => list.slice(0, 15).map((l) => `    ${l.split('\t').join(' | ')}`).join('\n') + (list.length > 15 ? `\n    … and ${list.length - 15} more` : '');
  if (fresh.length > 0) console.log(`  new failures (${fresh.length}):\n${show(fresh)}`);
  if (fixed.length > 0) console.log(`  listed failures that now pass (${fixed.length}): run UPDATE=1 npm run test:unit -- real-world\n${show(fixed)}`);
  assert.is(fresh.length, 0, `${fresh.length} new failures (printed above)`);
  assert.is(fixed.length, 0, `${fixed.length} known failures now pass: update ${relative(ROOT, KNOWN)}`);
}

test.run();
