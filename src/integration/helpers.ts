/**
 * Helpers for the tests that run real tools (kpt, kubectl, kustomize, podman, npm) on the built bundle: processes,
 * scratch folders, kuma-inject on PATH under its bare name, the legacy kustomize plugin layout, and YAML streams.
 * A test whose tool is missing says so with `skip(...)` and passes: these machines may not have every tool.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseYamlText } from '../krm/resource-list.ts';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const BUNDLE = join(ROOT, 'dist', 'kuma-inject.cjs');

export interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function exec(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Ran {
  const result: SpawnSyncReturns<string> = spawnSync(command, args, {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    input: options.input ?? '',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code !== 'ENOENT') throw result.error;
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? (result.error ? String(result.error) : '') };
}

/** Whether a tool runs (`tool ...args` exits 0). */
export const has = (tool: string, args: readonly string[] = ['version']): boolean => exec(tool, args).status === 0;

/** Prints why a test did not run; the test then passes, as the tool is not there to test with. */
export { skip } from '../testing/skip.ts';

const scratch: string[] = [];
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kuma-inject-${prefix}-`));
  scratch.push(dir);
  return dir;
}
export function cleanUp(): void {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A folder to put first on PATH, holding `kuma-inject` (the bundle under its bare name) and `extra` scripts. */
export function binDir(extra: Record<string, string> = {}): string {
  const dir = tempDir('bin');
  symlinkSync(BUNDLE, join(dir, 'kuma-inject'));
  for (const [name, script] of Object.entries(extra)) writeFileSync(join(dir, name), script, { mode: 0o755 });
  return dir;
}

/** $KUSTOMIZE_PLUGIN_HOME with kuma-inject installed as the legacy exec plugin of kind KumaInject. */
export function pluginHome(): string {
  const home = tempDir('plugins');
  const dir = join(home, 'kuma-inject.dev', 'v1alpha1', 'kumainject');
  mkdirSync(dir, { recursive: true });
  symlinkSync(BUNDLE, join(dir, 'KumaInject'));
  return home;
}

/** A copy of a folder whose files have no exec bit, as Argo CD hands repository files to a plugin. */
export function copyWithoutExecBits(from: string): string {
  const to = join(tempDir('app'), 'app');
  cpSync(from, to, { recursive: true });
  const strip = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) strip(path);
      else chmodSync(path, 0o644);
    }
  };
  strip(to);
  return to;
}

export const isExecutable = (path: string): boolean => (statSync(path).mode & 0o111) !== 0;

/** The documents of a YAML stream as plain values (empty documents left out). */
export function documents(stream: string): any[] {
  return stream
    .split(/^---[ \t]*$/m)
    .filter((part) => part.trim() !== '')
    .map((part) => {
      const parsed = parseYamlText(part);
      if (!parsed.ok) throw new Error(`not valid YAML: ${parsed.error}\n${part}`);
      return parsed.value;
    });
}

/** The names of a workload's init containers (where native sidecars go). */
export const initContainers = (workload: any): string[] => (workload?.spec?.template?.spec?.initContainers ?? []).map((c: { name: string }) => c.name);

/** A valid Kubernetes object stream: every document has apiVersion, kind and metadata.name. */
export function assertManifestStream(stream: string): any[] {
  const docs = documents(stream);
  if (docs.length === 0) throw new Error('the stream is empty');
  for (const doc of docs) {
    if (typeof doc?.apiVersion !== 'string' || typeof doc?.kind !== 'string' || typeof doc?.metadata?.name !== 'string') {
      throw new Error(`not a Kubernetes object: ${JSON.stringify(doc).slice(0, 200)}`);
    }
  }
  return docs;
}

export const PATH_WITH = (dir: string): string => `${dir}:${process.env.PATH ?? ''}`;

/** The example packages of the kpt catalog layout (testdata/kuma-inject-*), which are golden cases too. */
export const EXAMPLES = ['kuma-inject-simple', 'kuma-inject-imperative', 'kuma-inject-advanced'] as const;

export function yamlFile(path: string): any {
  const parsed = parseYamlText(readFileSync(path, 'utf8'));
  if (!parsed.ok) throw new Error(`${path}: ${parsed.error}`);
  return parsed.value;
}

/** A scratch copy of testdata/<name>. */
export function copyExample(name: string): string {
  const dir = join(tempDir('kpt'), name);
  cpSync(join(ROOT, 'testdata', name), dir, { recursive: true });
  return dir;
}

/** The files of a package (not .expected), by relative path. */
export function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.expected') walk(path);
      } else out[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** How an example runs: `eval` with its fn-config, or `render` of its Kptfile pipeline (.expected/config.yaml). */
export function exampleMode(name: string): { testType: 'eval'; fnConfig: string } | { testType: 'render' } {
  const file = join(ROOT, 'testdata', name, '.expected', 'config.yaml');
  const config = existsSync(file) ? yamlFile(file) : {};
  return config.testType === 'eval' ? { testType: 'eval', fnConfig: join(ROOT, 'testdata', name, '.expected', config.fnConfig) } : { testType: 'render' };
}
