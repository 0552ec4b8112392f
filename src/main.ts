/**
 * Entry point and the only impure module: picks the mode, reads stdin and files, writes stdout, stderr and files,
 * and sets the exit code. Modes: a KRM function (no arguments: ResourceList in and out), the legacy kustomize
 * exec plugin (kustomize's plugin variables set, config file as first argument), and the CLI (anything else).
 * It never calls process.exit(), so that a large output is flushed whole through a pipe.
 */
import './quiet-warnings.ts';
import { existsSync, fstatSync, mkdirSync, readFileSync, readSync, readdirSync, rmSync, rmdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from './cli/args.ts';
import { runLegacyPlugin } from './cli/legacy-plugin.ts';
import { type CliSource, type CliTarget, runCli } from './cli/run-cli.ts';
import { parseResourceList } from './krm/resource-list.ts';
import { run } from './run.ts';
import type { HostFacts } from './host-kube-version.ts';
import { decodeUtf8 } from './utf8.ts';
import { objectAtLine } from './krm/stream.ts';
import { releasesText } from './kuma/releases.ts';

declare const KUMA_INJECT_VERSION: string;
const VERSION = typeof KUMA_INJECT_VERSION === 'string' ? KUMA_INJECT_VERSION : 'dev';

const HELP = `kuma-inject ${VERSION}: injects Kuma sidecars into pod templates, offline, as Kuma's webhook would
(Kuma 2.7 to 2.14 and the coming 3.0: set spec.kumaVersion; --version lists them).

Usage:
  kuma-inject [options] FILE|DIR|- ...    inject plain YAML files (multi-document, kind: List), folders
                                          (their *.yaml and *.yml, recursively) or stdin (-)
  kuma-inject < resource-list.yaml        KRM function (kpt, kustomize): ResourceList on stdin and stdout
  kuma-inject CONFIG_FILE < stream.yaml   legacy kustomize exec plugin (kubectl kustomize --enable-alpha-plugins),
                                          when kustomize's KUSTOMIZE_PLUGIN_CONFIG_* variables are set

Options:
  -c, --config FILE   the functionConfig: a kuma-inject.dev/v1alpha1 KumaInject or a v1 ConfigMap
  -o, --output PATH   write to this file, or into this folder (an existing one, or a path ending in /), one
                      file per input file; it may be the input itself, which is then rewritten in place.
                      Default: the whole stream on stdout
  -n, --namespace NS  the namespace of objects that name none (as kubectl -n and Helm place them): it decides
                      their injection, and no namespace is added to them
      --previews      write the Dataplane previews into the stream too; by default a stream (stdout, or one
                      file) leaves them out, since kubectl and Helm would apply them (a folder gets them always)
      --check         change nothing; exit 1 if anything would change (for CI)
  -q, --quiet         report only warnings and errors
      --verbose       report the details of every decision too
  -h, --help          this text
      --version       the version, and the Kuma releases modelled

The report goes to stderr, one line per workload. Unchanged documents are written back byte for byte; changed
ones keep their comments. When anything fails, nothing is written.
Exit codes: 0 done; 1 an error (or, with --check, something would change); 2 a wrong command line.
`;

/** A failed system call in words: `no space left on device (ENOSPC)`. */
function describeFailure(caught: unknown): string {
  const { code, message } = (caught ?? {}) as NodeJS.ErrnoException;
  // Node's messages read `ENOSPC: no space left on device, write`: the words between the code and the call.
  const words = /^[A-Z0-9_]+: ([^,]+)/.exec(message ?? '')?.[1] ?? (message || String(caught));
  return typeof code === 'string' ? `${words} (${code})` : words;
}

/** Why stdout took no more: one line, naming what happened. */
function outputFailure(caught: unknown): string {
  const { code } = (caught ?? {}) as NodeJS.ErrnoException;
  if (code === 'EPIPE') return 'cannot write the output: stdout was closed before all of it was written (EPIPE); the output is incomplete';
  return `cannot write the output: ${describeFailure(caught)}`;
}

/** `bytes` as text; input that is not UTF-8 is refused, naming `name` (a file) when there is one. */
function textOf(bytes: Uint8Array, name?: string): string {
  const decoded = decodeUtf8(bytes, objectAtLine);
  if (!decoded.ok) throw new CommandError(name === undefined ? decoded.message : `${name}: ${decoded.message}`);
  return decoded.text;
}

/**
 * All of stdin, as text (`name` names it in a refusal of bytes that are not UTF-8). Read synchronously, because creating `process.stdin` loads Node's stream machinery, a tenth of
 * a small run's start-up. A non-blocking stdin (EAGAIN: its parent set O_NONBLOCK, or a preload touched
 * `process.stdin`) is read on through the stream from where the synchronous reads stopped.
 */
async function readStdin(name?: string): Promise<string> {
  const chunks: Buffer[] = [];
  const block = Buffer.allocUnsafe(1 << 20);
  for (;;) {
    let size: number;
    try {
      size = readSync(0, block, 0, block.length, null);
    } catch (caught) {
      const code = (caught as NodeJS.ErrnoException).code;
      if (code === 'EOF' || code === 'EBADF') break;
      // A signal (SIGUSR1, say) interrupted the read before any byte came: read again.
      if (code === 'EINTR') continue;
      if (code !== 'EAGAIN') throw new CommandError(`cannot read stdin: ${describeFailure(caught)}`);
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      break;
    }
    if (size === 0) break;
    chunks.push(Buffer.from(block.subarray(0, size)));
  }
  return textOf(Buffer.concat(chunks), name);
}

/**
 * Whether stdin is a terminal, where reading would wait for typing. Asked of fstat first: `process.stdin` loads
 * Node's tty, net and stream modules, a few milliseconds of every start-up, so only a character device gets that far.
 */
function stdinIsTerminal(): boolean {
  try {
    return fstatSync(0).isCharacterDevice() && process.stdin.isTTY === true;
  } catch {
    return false;
  }
}

/** Descriptors that turned out non-blocking: from then on written through their stream, so nothing overtakes. */
const streamed = new Set<1 | 2>();

/** The stream of `fd`; a stdout that fails (its reader went away, the disk is full) fails the run, as the synchronous path does. */
function streamOf(fd: 1 | 2): NodeJS.WriteStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (!streamed.has(fd)) {
    streamed.add(fd);
    let reported = false;
    stream.on('error', (caught) => {
      if (fd === 2 || reported) return;
      reported = true;
      process.exitCode = 1;
      writeAll(2, `error: ${outputFailure(caught)}\n`);
    });
  }
  return stream;
}

/**
 * Writes all of `text` synchronously (no stream machinery to load, and nothing left unflushed at exit), again
 * after a signal interrupted a write (EINTR). A full non-blocking pipe (EAGAIN) hands the rest to the stream. Any other
 * failure of stdout (EPIPE: its reader went away; ENOSPC, EIO…) is an error, since the output is incomplete; a
 * stderr that fails gets nothing more, as there is nowhere left to say so.
 */
function writeAll(fd: 1 | 2, text: string): void {
  if (streamed.has(fd)) {
    streamOf(fd).write(text);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length; ) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (caught) {
      const code = (caught as NodeJS.ErrnoException).code;
      if (code === 'EINTR') continue;
      if (code !== 'EAGAIN') {
        if (fd === 2) return;
        throw new CommandError(outputFailure(caught));
      }
      streamOf(fd).write(bytes.subarray(offset));
      return;
    }
  }
}

function print(stderr: readonly string[], stdout = ''): void {
  if (stderr.length > 0) writeAll(2, stderr.map((line) => `${line}\n`).join(''));
  if (stdout) writeAll(1, stdout);
}

/** What the environment says about the cluster: Argo CD sets KUBE_VERSION for config management plugins. */
const hostFacts = (): HostFacts => ({ kubeVersion: process.env.KUBE_VERSION });

/** Thrown for a problem with the command line or the file system; main() prints it and exits 1 (or `code`). */
class CommandError extends Error {
  code: 1 | 2 = 1;
}

const usageError = (message: string): CommandError => {
  const e = new CommandError(`${message} (see kuma-inject --help)`);
  e.code = 2;
  return e;
};

function readText(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (caught) {
    const code = (caught as NodeJS.ErrnoException).code;
    throw new CommandError(code === 'ENOENT' ? `${path}: no such file or directory` : `${path}: cannot be read: ${describeFailure(caught)}`);
  }
  return textOf(bytes, path);
}

/** The YAML files of a folder, recursively and sorted; hidden entries and node_modules are left out. */
function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.') && entry.name !== 'node_modules')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return yamlFilesUnder(path);
      return entry.isFile() && /\.ya?ml$/i.test(entry.name) ? [path] : [];
    });
}

async function cliSources(inputs: readonly string[]): Promise<CliSource[]> {
  const sources: CliSource[] = [];
  for (const input of inputs) {
    if (input === '-') {
      if (stdinIsTerminal()) throw usageError('no input: name files or folders, or pipe YAML into kuma-inject -');
      sources.push({ name: '<stdin>', text: await readStdin('<stdin>') });
    } else if (existsSync(input) && statSync(input).isDirectory()) {
      for (const file of yamlFilesUnder(input)) sources.push({ name: file, text: readText(file), outPath: relative(input, file) });
    } else {
      sources.push({ name: input, text: readText(input), outPath: basename(input) });
    }
  }
  return sources;
}

function targetOf(output: string | undefined): CliTarget {
  if (output === undefined) return { kind: 'stdout' };
  const isDir = output.endsWith('/') || output.endsWith(sep) || (existsSync(output) && statSync(output).isDirectory());
  return isDir ? { kind: 'dir', path: output } : { kind: 'file', path: output };
}

/**
 * Deletes a file the run emptied, then each folder above it that this leaves empty, up to (not including) the
 * output folder `root`: un-injecting leaves no empty `dataplanes/<namespace>/` behind, and nothing else is touched.
 */
function removeEmptied(path: string, root: string | undefined): void {
  if (!existsSync(path)) return;
  try {
    rmSync(path);
    for (let dir = resolve(dirname(path)); root !== undefined && dir !== root && dir.startsWith(root + sep) && readdirSync(dir).length === 0; dir = dirname(dir)) rmdirSync(dir);
  } catch (caught) {
    throw new CommandError(`${path}: cannot be removed: ${describeFailure(caught)}`);
  }
}

async function cli(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  switch (parsed.kind) {
    case 'help':
      print([], HELP);
      return 0;
    case 'version':
      print([], `${VERSION}\n${releasesText()}`);
      return 0;
    case 'usage-error':
      throw usageError(parsed.message);
  }
  const { options } = parsed;
  const config = options.config === undefined ? undefined : { name: options.config, text: readText(options.config) };
  const outcome = runCli({
    options,
    host: hostFacts(),
    sources: await cliSources(options.inputs),
    target: targetOf(options.output),
    ...(config ? { config } : {}),
  });
  const root = options.output === undefined ? undefined : resolve(options.output);
  for (const write of outcome.writes) {
    if (write.remove) {
      removeEmptied(write.path, root);
      continue;
    }
    // Rewriting a file with its own content would only touch its mtime.
    if (!write.changed && write.source !== undefined && resolve(write.source) === resolve(write.path)) continue;
    try {
      mkdirSync(dirname(write.path), { recursive: true });
      writeFileSync(write.path, write.text);
    } catch (caught) {
      throw new CommandError(`${write.path}: cannot be written: ${describeFailure(caught)}`);
    }
  }
  print(outcome.stderr, outcome.stdout);
  return outcome.exitCode;
}

async function legacyPlugin(configPath: string, extraArgs: readonly string[]): Promise<number> {
  const stdin = await readStdin();
  // A ResourceList on stdin means a KRM orchestrator after all: the KRM protocol wins.
  if (parseResourceList(stdin).ok) return krm(stdin);
  const outcome = runLegacyPlugin(stdin, { name: configPath, text: readText(configPath) }, extraArgs, hostFacts());
  print(outcome.stderr, outcome.stdout);
  return outcome.exitCode;
}

function krm(stdin: string): number {
  const output = run(stdin, hostFacts());
  print(output.stderr, output.stdout);
  if (output.stdout === '' && output.stderr.some((line) => line.includes('must be a ResourceList'))) {
    print(['hint: to inject plain YAML manifests, name the files or pipe them into `kuma-inject -` (see --help)']);
  }
  return output.exitCode;
}

async function main(argv: readonly string[]): Promise<number> {
  const kustomizePlugin = process.env.KUSTOMIZE_PLUGIN_CONFIG_ROOT !== undefined || process.env.KUSTOMIZE_PLUGIN_CONFIG_STRING !== undefined;
  if (kustomizePlugin && argv[0] !== undefined && !argv[0].startsWith('-')) return legacyPlugin(argv[0], argv.slice(1));
  if (argv.length === 0) {
    if (stdinIsTerminal()) throw usageError('no input: kuma-inject reads a ResourceList on stdin, or name files to inject');
    return krm(await readStdin());
  }
  return cli(argv);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (caught: unknown) => {
    if (caught instanceof CommandError) {
      print([`error: ${caught.message}`]);
      process.exitCode = caught.code;
      return;
    }
    const errno = caught as NodeJS.ErrnoException;
    if (typeof errno?.code === 'string' && typeof errno.syscall === 'string') {
      // The system refused something (a folder that cannot be listed, say): what and why, not a bug report.
      print([`error: ${errno.path ? `${errno.path}: ` : ''}${errno.syscall} failed: ${describeFailure(caught)}`]);
      process.exitCode = 1;
      return;
    }
    const message = caught instanceof Error ? caught.message : String(caught);
    print([`error: kuma-inject failed unexpectedly (a bug, please report it): ${message.split('\n')[0]}`]);
    process.exitCode = 1;
  },
);
