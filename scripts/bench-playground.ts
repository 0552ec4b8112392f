/**
 * `npm run bench:playground` (also `npm run bench -- --playground`): the playground's first render of a
 * 100-workload input (scripts/bench-inputs.ts, block shape) in headless chromium: the page opens a link whose
 * fragment holds the input, and reports when its first run and drawing ended, the sections near the viewport drawn too (ms since navigation started) and how
 * long the run and drawing took. Medians of a few page loads; the budget is 1 s. Needs chromium (apt) and a build.
 */
import { spawnSync } from 'node:child_process';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { workloadListAs } from './bench-inputs.ts';

const root = new URL('../', import.meta.url).pathname;
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchPlayground(workloads = 100, rounds = 5): Promise<{ firstRenderMs: number; runMs: number; scriptStartMs: number; runEndMs: number } | undefined> {
  const found = spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' });
  const executablePath = found.stdout.trim();
  if (found.status !== 0 || !executablePath) {
    console.log('bench playground: skipped (chromium not installed: apt-get install chromium)');
    return undefined;
  }
  const tool = (await import(join(root, 'scripts', 'playground.mjs'))) as {
    buildPlayground(): Promise<{ outdir: string; gzipBytes: number }>;
    serve(dir: string, port: number): Promise<{ server: Server; url: string }>;
  };
  const built = await tool.buildPlayground();
  const { server, url } = await tool.serve(built.outdir, 0);
  const state = { input: workloadListAs('block', workloads), release: '', kubernetesVersion: '', config: '' };
  const fragment = `z=${deflateRawSync(Buffer.from(JSON.stringify(state))).toString('base64url')}`;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: FLAGS });
  const first: number[] = [];
  const run: number[] = [];
  const phases: string[] = [];
  const scriptStart: number[] = [];
  const runEnd: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const page = await browser.newPage();
      await page.goto(`${url}#${fragment}`);
      await page.waitForFunction(() => (globalThis as unknown as { document: { body: { dataset: Record<string, string | undefined> } } }).document.body.dataset.firstSettledAt !== undefined, undefined, { timeout: 60_000 });
      first.push(Number(await page.evaluate('document.body.dataset.firstSettledAt')));
      run.push(Number(await page.evaluate('document.body.dataset.renderMs')));
      scriptStart.push(Number(await page.evaluate('document.body.dataset.scriptStartAt')));
      runEnd.push(Number(await page.evaluate('document.body.dataset.firstRenderAt')));
      phases.push(String(await page.evaluate('document.body.dataset.phasesMs')));
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  if (process.env.BENCH_VERBOSE) console.log(phases.join('\n'));
  const result = { firstRenderMs: median(first), runMs: median(run), scriptStartMs: median(scriptStart), runEndMs: median(runEnd) };
  console.log(`bench playground: ${workloads} workloads, first render ${Math.round(result.firstRenderMs)} ms after navigation (script started at ${Math.round(result.scriptStartMs)} ms, first run and draw ${Math.round(result.runMs)} ms ending at ${Math.round(result.runEndMs)} ms, then the visible sections; median of ${rounds}; budget 1000 ms); app.js ${(built.gzipBytes / 1024).toFixed(1)} KB gzipped`);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchPlayground();
