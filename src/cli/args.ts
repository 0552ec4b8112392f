/**
 * The command line of `kuma-inject [options] [FILE|DIR|-]...`, parsed into options or a usage error.
 * Pure: it does not look at the file system (main.ts tells files from folders) and knows no defaults of the config.
 */
import { didYouMean } from '../did-you-mean.ts';

export interface CliOptions {
  /** Files, folders and `-` (stdin), in the order given; `-` when none is given. */
  readonly inputs: readonly string[];
  /** The functionConfig file: a KumaInject or a ConfigMap. */
  readonly config?: string;
  /** Where to write: a file, or a folder (one file per input file). Absent: stdout. */
  readonly output?: string;
  /** Write nothing; exit 1 when anything would change. */
  readonly check: boolean;
  /** Report only warnings and errors. */
  readonly quiet: boolean;
  /** Report infos too (why each workload was or was not injected, in detail). */
  readonly verbose: boolean;
  /** The namespace of objects that name none (`-n`, as kubectl and Helm apply them). */
  readonly namespace?: string;
  /** Write the Dataplane previews into the stream too (stdout or one file; by default they are left out). */
  readonly previews: boolean;
  /** `--strict` / `--no-strict`: strict mode on or off whatever the config says; absent: the config decides. */
  readonly strict?: boolean;
}

export type ParsedArgs =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'usage-error'; readonly message: string }
  | { readonly kind: 'run'; readonly options: CliOptions };

const WITH_VALUE = new Map<string, 'config' | 'output' | 'namespace'>([
  ['-c', 'config'],
  ['--config', 'config'],
  ['-o', 'output'],
  ['--output', 'output'],
  ['-n', 'namespace'],
  ['--namespace', 'namespace'],
]);
const FLAGS = new Map<string, 'check' | 'quiet' | 'verbose' | 'previews'>([
  ['--check', 'check'],
  ['-q', 'quiet'],
  ['--quiet', 'quiet'],
  ['--verbose', 'verbose'],
  ['--previews', 'previews'],
]);
const LONG_OPTIONS = [...WITH_VALUE.keys(), ...FLAGS.keys(), '--strict', '--no-strict', '--help', '--version'].filter((o) => o.startsWith('--'));

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const inputs: string[] = [];
  const values: { config?: string; output?: string; namespace?: string } = {};
  const flags = { check: false, quiet: false, verbose: false, previews: false };
  let strict: boolean | undefined;
  let onlyInputs = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyInputs || arg === '-' || !arg.startsWith('-')) {
      inputs.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyInputs = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '--version') return { kind: 'version' };
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const option = WITH_VALUE.get(name);
    if (option) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') return { kind: 'usage-error', message: `${name} needs a value` };
      if (values[option] !== undefined) return { kind: 'usage-error', message: `${name} is given twice` };
      values[option] = value;
      continue;
    }
    if (arg === '--strict' || arg === '--no-strict') {
      const value = arg === '--strict';
      if (strict !== undefined && strict !== value) return { kind: 'usage-error', message: '--strict and --no-strict exclude each other' };
      strict = value;
      continue;
    }
    const flag = FLAGS.get(arg);
    if (!flag) return { kind: 'usage-error', message: `unknown option ${arg}${didYouMean(name, LONG_OPTIONS)}` };
    flags[flag] = true;
  }
  if (inputs.filter((i) => i === '-').length > 1) return { kind: 'usage-error', message: '- (stdin) is given twice' };
  if (flags.quiet && flags.verbose) return { kind: 'usage-error', message: '--quiet and --verbose exclude each other' };
  if (values.namespace !== undefined && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(values.namespace)) {
    return { kind: 'usage-error', message: `-n ${values.namespace}: not a namespace name (lower-case letters, digits and "-", at most 63)` };
  }
  if (flags.previews && values.output?.endsWith('/')) return { kind: 'usage-error', message: '--previews is for one stream: into a folder the previews are always written' };
  return { kind: 'run', options: { inputs: inputs.length > 0 ? inputs : ['-'], ...values, ...flags, ...(strict !== undefined ? { strict } : {}) } };
}
