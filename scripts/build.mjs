// Bundles src/main.ts into one self-contained file, and writes function/config.schema.json from the zod schema.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const outfile = new URL('../dist/kuma-inject.cjs', import.meta.url).pathname;

await build({
  entryPoints: [new URL('../src/main.ts', import.meta.url).pathname],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  outfile,
  banner: { js: '#!/usr/bin/env node' },
  define: { KUMA_INJECT_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);

await build({
  entryPoints: [new URL('./write-schema.ts', import.meta.url).pathname],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outfile: new URL('../dist/write-schema.mjs', import.meta.url).pathname,
  logLevel: 'warning',
});
const { writeSchema } = await import(new URL('../dist/write-schema.mjs', import.meta.url).href);
mkdirSync(new URL('../function/', import.meta.url), { recursive: true });
writeFileSync(new URL('../function/config.schema.json', import.meta.url), writeSchema());
