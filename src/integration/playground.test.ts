/**
 * The browser playground (`npm run test:playground`; npm test only names it): built, served on localhost, and
 * driven in Debian's chromium by playwright-core. Pastes the examples; checks the diff, a result link, a Dataplane
 * tag, the timeline and its grace-period overflow, the URL fragment, that no request leaves the page, axe-core's
 * WCAG 2 A/AA rules, and that the page's output equals the CLI's bytes. Saves screenshots in test-output/playground/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BUNDLE, ROOT, cleanUp, skip, tempDir } from './helpers.ts';

const playground = suite('playground');
const enabled = process.env.KUMA_INJECT_PLAYGROUND_TESTS === '1';
const OUT = join(ROOT, 'test-output', 'playground');
const EXAMPLES = join(ROOT, 'testdata', 'examples');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function chromiumPath(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : undefined;
}

/** The page's globals, typed here (the tests' TypeScript has no DOM library) for the functions that run inside the page. */
interface PageGlobals {
  document: { body: { dataset: Record<string, string | undefined> } };
  location: { hash: string };
}

type Browser = import('playwright-core').Browser;
type Page = import('playwright-core').Page;
const executablePath = enabled ? chromiumPath() : undefined;

if (!enabled) {
  playground('playground', () => skip('playground browser tests', 'they run with `npm run test:playground`'));
} else if (!executablePath) {
  playground('playground', () => skip('playground browser tests', 'chromium not installed: apt-get install chromium'));
} else {
  let browser: Browser;
  let server: Server;
  let url = '';
  let page: Page;
  const requests: string[] = [];

  playground.before(async () => {
    mkdirSync(OUT, { recursive: true });
    const tool = (await import(join(ROOT, 'scripts', 'playground.mjs'))) as {
      buildPlayground(): Promise<{ outdir: string; jsBytes: number; gzipBytes: number }>;
      serve(dir: string, port: number): Promise<{ server: Server; url: string }>;
    };
    const built = await tool.buildPlayground();
    console.log(`  playground app.js: ${(built.jsBytes / 1024).toFixed(1)} KB, ${(built.gzipBytes / 1024).toFixed(1)} KB gzipped (budget 400 KB)`);
    assert.ok(built.gzipBytes < 400 * 1024, `the page's JavaScript is ${built.gzipBytes} bytes gzipped`);
    ({ server, url } = await tool.serve(built.outdir, 0));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath, args: FLAGS });
    page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => console.log(`  page error: ${e.message}`));
    await page.goto(url);
  });
  playground.after(async () => {
    await browser?.close();
    server?.close();
    cleanUp();
  });

  const workload = async (title: string) => {
    const section = page.locator('section.workload', { has: page.locator('h3', { hasText: title }) });
    await section.scrollIntoViewIfNeeded();
    await section.locator('figure.timeline').waitFor();
    return section;
  };

  const paste = async (file: string): Promise<string> => {
    const text = readFileSync(join(EXAMPLES, file), 'utf8');
    const renders = Number((await page.locator('body').getAttribute('data-renders')) ?? 0);
    await page.locator('#input').fill(text);
    await page.waitForFunction((n) => Number((globalThis as unknown as PageGlobals).document.body.dataset.renders ?? 0) > n, renders);
    return text;
  };

  playground('a pasted ResourceList: the diff shows the injected containers, the Dataplane its tags', async () => {
    await paste('resource-list.yaml');
    const diff = (await workload('Deployment shop/web')).locator('.diff');
    const added = await diff.locator('.line.add').allTextContents();
    assert.ok(added.some((l) => /- name: kuma-sidecar$/.test(l.trim())), 'kuma-sidecar is an added line');
    assert.ok(added.some((l) => /- name: kuma-init$/.test(l.trim())), 'kuma-init is an added line');
    const tags = await page.locator('section.workload .dataplane .tag').allTextContents();
    assert.ok(tags.includes('kuma.io/service=web_shop_svc_80'), `tags: ${tags.join(', ')}`);
    assert.is(await page.locator('#kubernetes-version').inputValue(), '1.31', 'the functionConfig filled the controls');
  });

  playground('a result link scrolls to and highlights the field it names', async () => {
    await page.evaluate('window.scrollTo(0, 0)');
    const link = page.locator('li.result[data-code="GRACE_PERIOD_SHORT"] button.result-link');
    await link.focus();
    await page.keyboard.press('Enter');
    const highlighted = page.locator('.highlight');
    assert.is(await highlighted.count(), 1, 'one target is highlighted');
    assert.ok(await highlighted.isVisible());
    assert.ok(await highlighted.evaluate((n) => n.closest('section.workload')?.querySelector('h3')?.textContent === 'Deployment shop/web'), 'in the workload the result names');
    assert.ok(await highlighted.evaluate((n) => n.ownerDocument.activeElement === n), 'and focused');
    assert.match((await highlighted.textContent()) ?? '', /spec:|containers:|terminationGracePeriodSeconds/);
  });

  playground('the timeline is drawn, and a short grace period overflows in red', async () => {
    const timeline = (await workload('Deployment shop/web')).locator('figure.timeline');
    assert.is(await timeline.locator('svg').count(), 2, 'start-up and shutdown charts');
    assert.ok((await timeline.locator('.overflow').count()) > 0, 'red overflow past the grace line');
    assert.ok((await timeline.locator('.grace-line').count()) === 1);
    await page.screenshot({ path: join(OUT, 'playground.png') });
    await (await workload('Deployment shop/web')).screenshot({ path: join(OUT, 'workload.png') });
    // The README's picture (docs/playground.png is a copy): the results, then the workload with its diff folded.
    await page.locator('section.workload details.diff-box').evaluate((d) => d.removeAttribute('open'));
    await page.locator('#results-heading').evaluate((n) => n.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(OUT, 'readme.png') });
  });

  playground('a stream: the output equals the CLI bytes, and only the short workload overflows', async () => {
    const input = await paste('playground-stream.yaml');
    const api = (await workload('Deployment shop/api')).locator('figure.timeline');
    const worker = (await workload('Deployment shop/worker')).locator('figure.timeline');
    assert.is(await api.locator('.overflow').count(), 0, 'api: 90s covers preStop and drain');
    assert.ok((await worker.locator('.overflow').count()) > 0, 'worker: 10s does not');
    const dir = tempDir('playground');
    writeFileSync(join(dir, 'kuma-inject.yaml'), (await page.locator('#cli-config').textContent()) ?? '');
    const cli = execFileSync(process.execPath, [BUNDLE, '--previews', '-c', join(dir, 'kuma-inject.yaml'), '-'], { input, stdio: ['pipe', 'pipe', 'ignore'] });
    const shown = Buffer.from((await page.locator('#output').textContent()) ?? '', 'utf8');
    assert.ok(shown.length > 0);
    assert.ok(shown.equals(cli), 'the page output is the CLI output, byte for byte');
  });

  playground('the URL fragment reproduces the case', async () => {
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).location.hash.length > 10);
    const again = await browser.newPage();
    await again.goto(page.url());
    await again.waitForSelector('section.workload');
    assert.is(await again.locator('#output').textContent(), await page.locator('#output').textContent());
    await again.close();
  });

  playground('no WCAG 2 A or AA violations (axe-core)', async () => {
    const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await page.evaluate(axe);
    const violations = await page.evaluate(async () => {
      const run = (globalThis as unknown as { axe: { run(o: unknown): Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> } }).axe.run;
      const result = await run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
      return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
    assert.equal(violations, []);
  });

  playground('no request went anywhere but the page', () => {
    const origin = new URL(url).origin;
    const elsewhere = requests.filter((r) => !r.startsWith(`${origin}/`) && !r.startsWith('data:'));
    assert.equal(elsewhere, []);
  });
}

playground.run();
