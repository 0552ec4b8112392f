/**
 * The built bundle (dist/kuma-inject.cjs) as a process, for the tests that run it as orchestrators do: stdin in,
 * stdout and stderr collected, the exit code. Its environment holds only PATH.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { BUNDLE } from '../integration/helpers.ts';

export { BUNDLE };

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface BundleOptions {
  readonly args?: readonly string[];
  readonly nodeFlags?: readonly string[];
  readonly cwd?: string;
  /** Another copy of the bundle. */
  readonly file?: string;
}

/**
 * Runs the bundle and collects stdout and stderr; `drive` feeds stdin, and may pause stdout or close it (data
 * arriving before a pause is still collected). A stdin the function stopped reading is not an error here.
 */
export function spawnBundle(drive: (child: ChildProcessWithoutNullStreams) => void, options: BundleOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const argv = [...(options.nodeFlags ?? []), options.file ?? BUNDLE, ...(options.args ?? [])];
    const child = spawn(process.execPath, argv, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.stdin.on('error', () => {});
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    drive(child);
  });
}

/** Runs the bundle on `input`. */
export const execBundle = (input: string | Buffer, options: BundleOptions = {}): Promise<Run> => spawnBundle((child) => child.stdin.end(input), options);
