/**
 * The legacy kustomize exec-plugin protocol, the only plugin form `kubectl kustomize --enable-alpha-plugins` runs:
 * the config file's path is the first argument, a plain YAML stream comes on stdin and goes out on stdout. The
 * config file is the transformer config itself (a KumaInject or a ConfigMap). On any error: exit 1, stderr, no stdout.
 */
import { hasErrors } from '../krm/result.ts';
import { joinStreams, readStreams, writeStreams } from '../krm/stream.ts';
import { runObjects } from '../run.ts';
import type { HostFacts } from '../host-kube-version.ts';
import { readConfigFile } from './config-file.ts';
import { resultLine } from './report.ts';

export interface LegacyOutcome {
  readonly stdout: string;
  readonly stderr: readonly string[];
  readonly exitCode: 0 | 1;
}

/** `extraArgs` are the words of an `argsOneLiner`, which this plugin has no use for. */
export function runLegacyPlugin(stdin: string, config: { name: string; text: string }, extraArgs: readonly string[] = [], host: HostFacts = {}): LegacyOutcome {
  const fail = (message: string): LegacyOutcome => ({ stdout: '', stderr: [`error: ${message}`], exitCode: 1 });
  if (extraArgs.length > 0) return fail(`unexpected arguments ${extraArgs.join(' ')}: kuma-inject takes no argsOneLiner or argsFromFile`);
  const functionConfig = readConfigFile(config.name, config.text);
  if (!functionConfig.ok) return fail(functionConfig.message);
  const prepared = readStreams([{ name: 'stdin', text: stdin }]);
  if (!prepared.ok) return fail(`kustomize sent ${prepared.message}`);
  const output = runObjects(prepared.prepared.objects, functionConfig.functionConfig, [], prepared.prepared.objects, host);
  // kustomize passes stderr through; the only file is stdin, so file names are left out.
  const stderr = output.results.filter((r) => r.severity !== 'info').map((r) => resultLine(r, () => undefined));
  if (hasErrors(output.results)) return { stdout: '', stderr, exitCode: 1 };
  const streams = writeStreams(prepared.prepared, output.objects);
  if (streams.errors.length > 0) return { stdout: '', stderr: [...stderr, ...streams.errors.map((e) => `error: ${e}`)], exitCode: 1 };
  return { stdout: joinStreams([...streams.texts, ...streams.added.map((a) => a.text)]), stderr, exitCode: 0 };
}
