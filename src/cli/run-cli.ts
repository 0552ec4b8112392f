/**
 * One CLI run as data: the input files' texts and the config text in; the output stream or files to write, the
 * report lines and the exit code out. Nothing is written when anything fails (exit 1), and `--check` writes
 * nothing at all. The file system is main.ts's: it reads the inputs and performs the writes returned here.
 */
import { join } from 'node:path';
import type { KubeObject } from '../krm/object.ts';
import { joinStreams, readStreams, sourceNameOf, writeStreams } from '../krm/stream.ts';
import { hasErrors } from '../krm/result.ts';
import { type RunObject, runObjects } from '../run.ts';
import type { HostFacts } from '../host-kube-version.ts';
import { isLocalConfig } from '../krm/object.ts';
import { withDefaultNamespace, withoutDefaultNamespace } from './default-namespace.ts';
import type { CliOptions } from './args.ts';
import { readConfigFile } from './config-file.ts';
import { countsText, reportLines } from './report.ts';

export interface CliSource {
  /** The name the user knows: the path as given, or `<stdin>`. */
  readonly name: string;
  readonly text: string;
  /** The path under an output folder (`-o DIR`): relative to the folder it was found in, else its base name. */
  readonly outPath?: string;
}

export type CliTarget = { readonly kind: 'stdout' } | { readonly kind: 'file'; readonly path: string } | { readonly kind: 'dir'; readonly path: string };

export interface CliRequest {
  readonly options: CliOptions;
  readonly sources: readonly CliSource[];
  readonly config?: { readonly name: string; readonly text: string };
  readonly target: CliTarget;
  /** What the environment says (KUBE_VERSION). */
  readonly host?: HostFacts;
}

export interface CliWrite {
  readonly path: string;
  readonly text: string;
  /** The text differs from the source it came from (new files count as changed). */
  readonly changed: boolean;
  /** The source this file was made from, if any: a write onto that same file can be skipped when unchanged. */
  readonly source?: string;
  /**
   * The run emptied this file (every document in it was a Dataplane preview it removed): delete it, and the
   * folders under the output folder that deleting it empties, instead of leaving an empty file.
   */
  readonly remove?: true;
}

export interface CliOutcome {
  readonly stdout: string;
  readonly stderr: readonly string[];
  readonly writes: readonly CliWrite[];
  readonly exitCode: 0 | 1;
}

/** A new object marked local config: a Dataplane preview. */
const isPreview = (o: RunObject): boolean => o.origin === undefined && isLocalConfig(o.object);

const fail = (...stderr: string[]): CliOutcome => ({ stdout: '', stderr, writes: [], exitCode: 1 });

export function runCli(request: CliRequest): CliOutcome {
  const { options, sources, target } = request;
  if (target.kind === 'dir') {
    const piped = sources.find((s) => s.outPath === undefined);
    if (piped) return fail(`error: -o ${target.path} is a folder, which needs file inputs: write stdin to a file or to stdout`);
    const seen = new Map<string, string>();
    for (const s of sources) {
      const other = seen.get(s.outPath!);
      if (other !== undefined) return fail(`error: ${other} and ${s.name} would both be written to ${join(target.path, s.outPath!)}`);
      seen.set(s.outPath!, s.name);
    }
  }
  let functionConfig: KubeObject | undefined;
  if (request.config) {
    const config = readConfigFile(request.config.name, request.config.text);
    if (!config.ok) return fail(`error: ${config.message}`);
    functionConfig = config.functionConfig;
  }
  // Items carry the path a kpt package would give them (relative to the folder given), so that a run over a
  // folder sees what `kpt fn eval` on that folder sees.
  const prepared = readStreams(sources.map((s) => ({ name: s.name, text: s.text, path: s.outPath ?? 'stdin.yaml' })));
  if (!prepared.ok) return fail(`error: ${prepared.message}`);
  const { objects } = prepared.prepared;
  const inputs = options.namespace ? withDefaultNamespace(objects, options.namespace) : objects;
  const ran = runObjects(inputs, functionConfig, [], inputs, request.host);
  // Dataplane previews are local config, which kubectl and Helm do not skip: in one stream (stdout, or one file)
  // they would be applied. A folder keeps them apart, under dataplanes/.
  const previewsLeftOut = target.kind !== 'dir' && !options.previews ? ran.objects.filter(isPreview).length : 0;
  const output = {
    ...ran,
    objects: ran.objects
      .filter((o) => previewsLeftOut === 0 || !isPreview(o))
      .map((o) => (options.namespace && o.origin !== undefined ? { ...o, object: withoutDefaultNamespace(o.object, objects[o.origin]!) } : o)),
  };
  const locate = (path: string | undefined): string | undefined => sourceNameOf(prepared.prepared, path);
  const lines = reportLines(output.report, output.results, { locate, check: options.check, quiet: options.quiet, verbose: options.verbose });
  const counts = countsText(output.report, options.check, output.configInvalid === true);
  if (hasErrors(output.results)) {
    const errors = output.results.filter((r) => r.severity === 'error').length;
    return fail(...lines, `kuma-inject: ${counts}; ${errors} error${errors === 1 ? '' : 's'}, nothing written`);
  }
  const streams = writeStreams(prepared.prepared, output.objects);
  if (streams.errors.length > 0) return fail(...lines, ...streams.errors.map((e) => `error: ${e}`), `kuma-inject: ${counts}; nothing written`);
  const changedNames = sources.filter((_, i) => streams.changed[i]).map((s) => s.name);
  const addedNote = streams.added.length > 0 ? `, ${streams.added.length} new file${streams.added.length === 1 ? '' : 's'}` : '';
  if (options.check) {
    const changes = changedNames.length + streams.added.length;
    const verdict = changes === 0 ? 'nothing would change' : `would change ${changedNames.join(', ') || 'nothing in place'}${addedNote}`;
    return { stdout: '', stderr: [...lines, `kuma-inject --check: ${counts}; ${verdict}`], writes: [], exitCode: changes === 0 ? 0 : 1 };
  }
  const previewNote = `${previewsLeftOut} Dataplane preview${previewsLeftOut === 1 ? '' : 's'} not written into the stream (kubectl or Helm would apply ${previewsLeftOut === 1 ? 'it' : 'them'}): use -o DIR, or --previews`;
  const summary = options.quiet ? [] : [...(previewsLeftOut > 0 ? [`kuma-inject: ${previewNote}`] : []), `kuma-inject: ${counts}`];
  const everything = joinStreams([...streams.texts, ...streams.added.map((a) => a.text)]);
  switch (target.kind) {
    case 'stdout':
      return { stdout: everything, stderr: [...lines, ...summary], writes: [], exitCode: 0 };
    case 'file':
      return { stdout: '', stderr: [...lines, ...summary], writes: [{ path: target.path, text: everything, changed: true }], exitCode: 0 };
    case 'dir': {
      const emptied = (i: number): boolean => streams.changed[i]! && streams.texts[i]!.trim() === '' && sources[i]!.text.trim() !== '';
      const writes: CliWrite[] = [
        ...sources.map((s, i) => ({ path: join(target.path, s.outPath!), text: streams.texts[i]!, changed: streams.changed[i]!, source: s.name, ...(emptied(i) ? { remove: true as const } : {}) })),
        ...streams.added.map((a) => ({ path: join(target.path, a.path), text: a.text, changed: true })),
      ];
      return { stdout: '', stderr: [...lines, ...summary], writes, exitCode: 0 };
    }
  }
}
