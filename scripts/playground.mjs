// `npm run playground`: builds the static playground page into dist/playground/ (index.html, app.js, style.css)
// and serves that folder on localhost. `--build-only` only builds; `--port N` picks the port (0: any free one).
// The page runs src/lib.ts in the browser; the folder can be published as it is (no server code).
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zodEnglishOnly } from './esbuild-plugins.mjs';

const root = new URL('..', import.meta.url).pathname;
const outdir = join(root, 'dist', 'playground');
const BUDGET_GZIP_BYTES = 400 * 1024;

export async function buildPlayground() {
  const schemaModule = join(root, 'dist', 'write-schema.mjs');
  if (!existsSync(schemaModule) || !existsSync(join(root, 'function', 'config.schema.json'))) {
    throw new Error('run `npm run build` first: the playground needs function/config.schema.json and dist/write-schema.mjs');
  }
  const { defaultSpec } = await import(schemaModule);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: [join(root, 'playground', 'main.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    outfile: join(outdir, 'app.js'),
    loader: { '.yaml': 'text' },
    define: { KUMA_INJECT_VERSION: JSON.stringify(pkg.version), KUMA_INJECT_DEFAULT_SPEC: JSON.stringify(defaultSpec()) },
    plugins: [zodEnglishOnly],
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'style.css']) copyFileSync(join(root, 'playground', file), join(outdir, file));
  const js = readFileSync(join(outdir, 'app.js'));
  const gzipBytes = gzipSync(js, { level: 9 }).length;
  return { outdir, jsBytes: js.length, gzipBytes, withinBudget: gzipBytes <= BUDGET_GZIP_BYTES };
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png' };

/** A static server of `dir` on 127.0.0.1 (GET and HEAD only); resolves to its URL. */
export function serve(dir, port = 8377) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !(file === dir || file.startsWith(`${dir}/`)) || !existsSync(file)) {
      res.writeHead(req.method === 'GET' || req.method === 'HEAD' ? 404 : 405, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const built = await buildPlayground();
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`playground: built ${built.outdir} (app.js ${kb(built.jsBytes)}, ${kb(built.gzipBytes)} gzipped; budget 400 KB${built.withinBudget ? '' : ': OVER BUDGET'})`);
  if (!built.withinBudget) process.exitCode = 1;
  if (!args.includes('--build-only')) {
    const at = args.indexOf('--port');
    const port = at >= 0 ? Number(args[at + 1]) : Number(process.env.PORT ?? 8377);
    const { url } = await serve(built.outdir, port);
    console.log(`playground: serving ${url} (Ctrl+C stops)`);
  }
}
