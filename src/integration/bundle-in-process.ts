/**
 * Runs the built bundle (dist/kuma-inject.cjs, unchanged) on many inputs from one Node process: a process per
 * run costs ~250 ms here (more than the run), and the real-world corpus needs over a thousand runs. A small
 * driver runs the bundle's module body afresh for each job (new module state every time) with that job's argv, captures what
 * it writes to fd 1 and 2, and waits for the exit code that the bundle's main() always sets when it finishes.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE, tempDir } from './helpers.ts';

export interface BundleJob {
  readonly args: readonly string[];
}

export interface BundleRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

const DRIVER = String.raw`'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
// The bundle compiles its body with vm.Script and calls the function that yields: keep that function, and call
// it again for each later job, which runs the module body anew (fresh state) without compiling it again.
let body;
const runInThisContext = vm.Script.prototype.runInThisContext;
vm.Script.prototype.runInThisContext = function (...args) {
  const made = runInThisContext.apply(this, args);
  if (body === undefined && typeof made === 'function') body = made;
  return made;
};
const [bundle, jobsFile, resultsFile] = process.argv.slice(2);
const jobs = JSON.parse(fs.readFileSync(jobsFile, 'utf8'));
const realWriteSync = fs.writeSync;
let out = { 1: [], 2: [] };
fs.writeSync = function (fd, data, ...rest) {
  if (fd !== 1 && fd !== 2) return realWriteSync.call(fs, fd, data, ...rest);
  const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const offset = typeof rest[0] === 'number' ? rest[0] : 0;
  out[fd].push(Buffer.from(bytes.subarray(offset)));
  return bytes.length - offset;
};
const node = process.argv.slice(0, 2);
(async () => {
  const results = [];
  for (const job of jobs) {
    out = { 1: [], 2: [] };
    process.exitCode = undefined;
    process.argv = [...node, ...job.args];
    if (body !== undefined) body({}, require, { exports: {} }, bundle, path.dirname(bundle));
    else {
      // A bundle that does not load through vm.Script: load the file afresh instead (slower, same result).
      delete require.cache[require.resolve(bundle)];
      require(bundle);
    }
    // main() is async; without stdin it does no real I/O, so it ends within a few turns of the event loop.
    for (let turn = 0; process.exitCode === undefined && turn < 10000; turn++) await new Promise((r) => setImmediate(r));
    const status = process.exitCode === undefined ? -1 : Number(process.exitCode);
    results.push({ status, stdout: Buffer.concat(out[1]).toString('utf8'), stderr: Buffer.concat(out[2]).toString('utf8') });
  }
  process.exitCode = 0;
  fs.writeFileSync(resultsFile, JSON.stringify(results));
})();
`;

/** Runs every job through the bundle, in order, on `workers` processes; one result per job. Throws when a driver fails. */
export async function runBundleJobs(jobs: readonly BundleJob[], workers = 2): Promise<BundleRun[]> {
  if (jobs.length === 0) return [];
  const dir = tempDir('in-process');
  const driver = join(dir, 'driver.cjs');
  writeFileSync(driver, DRIVER);
  const size = Math.ceil(jobs.length / workers);
  const shares = Array.from({ length: Math.ceil(jobs.length / size) }, (_, i) => jobs.slice(i * size, (i + 1) * size));
  const results = await Promise.all(shares.map((share, i) => runDriver(driver, join(dir, `jobs-${i}.json`), join(dir, `results-${i}.json`), share)));
  return results.flat();
}

function runDriver(driver: string, jobsFile: string, resultsFile: string, jobs: readonly BundleJob[]): Promise<BundleRun[]> {
  writeFileSync(jobsFile, JSON.stringify(jobs));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [driver, BUNDLE, jobsFile, resultsFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`the in-process bundle driver failed (exit ${code}): ${stderr.slice(0, 500)}`));
      else resolve(JSON.parse(readFileSync(resultsFile, 'utf8')) as BundleRun[]);
    });
  });
}
