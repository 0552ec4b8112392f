/** Runs the built bundle on one ResourceList, and a small task pool: shared by the conformance suites. */
import { spawn } from 'node:child_process';
import { parseYamlText } from '../../krm/resource-list.ts';
import { isObject } from '../../krm/object.ts';

const bundle = new URL('../../../dist/kuma-inject.cjs', import.meta.url).pathname;

export type Json = Record<string, unknown>;

export interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface CaseResult {
  name: string;
  failure?: string;
}

export function runBundle(input: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

export function outputItems(output: string): Json[] {
  const parsed = parseYamlText(output);
  if (!parsed.ok || !isObject(parsed.value)) throw new Error(`output is not a ResourceList: ${parsed.ok ? '' : parsed.error}`);
  return (parsed.value.items as Json[]) ?? [];
}

export const firstError = (stderr: string): string => stderr.split('\n').find((l) => l.startsWith('error')) ?? stderr.trim();

export async function pool<T>(tasks: Array<() => Promise<T>>, size: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: size }, worker));
  return results;
}
