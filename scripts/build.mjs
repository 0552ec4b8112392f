// Bundles src/main.ts into one self-contained file, and writes function/config.schema.json from the zod schema.
//
// Start-up is most of a small run, and most of start-up is V8 compiling the bundle. So the file carries the
// bundle as a string plus a V8 code cache made here by running it once: Node loads it with the cache and skips
// compiling. A Node whose V8 differs rejects the cache and compiles as usual, so the file works everywhere.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zodEnglishOnly } from './esbuild-plugins.mjs';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outfile = join(root, 'dist', 'kuma-inject.cjs');
mkdirSync(join(root, 'dist'), { recursive: true });

// zod (zod/mini) and yaml are loaded on first use rather than at start-up, which they were a third of: a run without a
// functionConfig needs no zod, and one that the fast YAML path reads and writes needs no yaml. Our imports of them
// resolve to a stand-in whose exports are getters that load the package when first read; esbuild turns the
// package, required only from there, into code that runs on that first require.
const LAZY_PACKAGES = /^(zod\/mini|yaml)$/;

const lazyPackages = {
  name: 'lazy-packages',
  setup(b) {
    b.onResolve({ filter: LAZY_PACKAGES }, (args) =>
      args.pluginData === 'real' || args.importer.includes('/node_modules/') ? undefined : { path: args.path, namespace: 'lazy' },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, async (args) => {
      // The package's ES module build, as our imports would get it (a plain require would pick its CommonJS build).
      const real = await b.resolve(args.path, { kind: 'import-statement', resolveDir: root, pluginData: 'real' });
      // Every export of the package gets a getter (not only those our sources name, which a scan could miss): a
      // CommonJS stand-in is not checked by esbuild, so a missing name would be undefined when first used.
      const names = Object.keys(await import(args.path)).filter((name) => name !== 'default');
      const contents = [
        'let real;',
        `const load = () => (real ??= require(${JSON.stringify(real.path)}));`,
        `for (const name of ${JSON.stringify(names)}) Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });`,
      ];
      return { contents: contents.join('\n'), loader: 'js', resolveDir: root };
    });
  },
};

await build({
  entryPoints: [join(root, 'scripts', 'write-schema.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outfile: join(root, 'dist', 'write-schema.mjs'),
  // The compiler, which writes the library's declarations, is loaded from node_modules, not bundled.
  external: ['typescript'],
  logLevel: 'warning',
});
const { writeSchema, defaultSpec, writeSpecTypes, writeTypes } = await import(new URL('../dist/write-schema.mjs', import.meta.url).href);
mkdirSync(join(root, 'function'), { recursive: true });
writeFileSync(join(root, 'function', 'config.schema.json'), writeSchema());
// The spec type src/lib.ts declares its config with, from the same schema (checked in, like the JSON schema).
writeFileSync(join(root, 'src', 'lib-spec.ts'), writeSpecTypes());

// The library (`import { inject } from 'kuma-inject'`): ES module and CommonJS builds, yaml and zod inside, so
// that the package installs with no dependencies; its types are src/lib.ts's own declarations, one file per build.
for (const [format, file] of [['esm', 'lib.mjs'], ['cjs', 'lib.cjs']]) {
  await build({
    entryPoints: [join(root, 'src', 'lib.ts')],
    bundle: true,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'node20',
    format,
    outfile: join(root, 'dist', file),
    legalComments: 'none',
    define: { KUMA_INJECT_VERSION: JSON.stringify(pkg.version), KUMA_INJECT_DEFAULT_SPEC: JSON.stringify(defaultSpec()) },
    plugins: [zodEnglishOnly],
    logLevel: 'warning',
  });
}
// The same declarations twice: in a "type": "module" package a .d.ts types the ES module build only, so TypeScript
// (node16/nodenext) would refuse `require('kuma-inject')`; the .d.cts beside lib.cjs types the CommonJS one.
const declarations = writeTypes(root);
for (const file of ['lib.d.ts', 'lib.d.cts']) writeFileSync(join(root, 'dist', file), declarations);

const bundled = await build({
  entryPoints: [join(root, 'src', 'main.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  write: false,
  define: { KUMA_INJECT_VERSION: JSON.stringify(pkg.version), KUMA_INJECT_DEFAULT_SPEC: JSON.stringify(defaultSpec()) },
  plugins: [zodEnglishOnly, lazyPackages],
  logLevel: 'warning',
});
const source = `(function (exports, require, module, __filename, __dirname) {${bundled.outputFiles[0].text}\n})`;

// Run the bundle once on the bundled example, then save V8's code cache of everything that ran.
const work = join(tmpdir(), `kuma-inject-build-${process.pid}`);
mkdirSync(work, { recursive: true });
const sourceFile = join(work, 'source.js');
const cacheFile = join(work, 'cache.bin');
writeFileSync(sourceFile, source);
const maker = `
const vm = require('node:vm'), fs = require('node:fs');
const script = new vm.Script(fs.readFileSync(${JSON.stringify(sourceFile)}, 'utf8'), { filename: 'kuma-inject.cjs' });
process.on('beforeExit', () => { if (!fs.existsSync(${JSON.stringify(cacheFile)})) fs.writeFileSync(${JSON.stringify(cacheFile)}, script.createCachedData()); });
script.runInThisContext()(exports, require, module, ${JSON.stringify(join(work, 'kuma-inject.cjs'))}, ${JSON.stringify(work)});`;
execFileSync(process.execPath, ['-e', maker], {
  input: readFileSync(join(root, 'testdata', 'examples', 'resource-list.yaml')),
  stdio: ['pipe', 'ignore', 'ignore'],
});
const cache = readFileSync(cacheFile);
rmSync(work, { recursive: true, force: true });

writeFileSync(
  outfile,
  `#!/usr/bin/env node
'use strict';
// kuma-inject ${pkg.version}: the bundle, and a V8 code cache for Node ${process.version} (other versions ignore it).
const vm = require('node:vm');
const script = new vm.Script(${JSON.stringify(source)}, { filename: __filename, cachedData: Buffer.from(${JSON.stringify(cache.toString('base64'))}, 'base64') });
script.runInThisContext()(exports, require, module, __filename, __dirname);
`,
);
chmodSync(outfile, 0o755);

// The Helm 4 post-renderer plugin (`helm plugin install dist/helm-plugin`, then `--post-renderer kuma-inject`):
// the bin beside a plugin.yaml that runs it on the stream Helm pipes in (`-`); --post-renderer-args follow.
const pluginDir = join(root, 'dist', 'helm-plugin');
mkdirSync(pluginDir, { recursive: true });
writeFileSync(join(pluginDir, 'kuma-inject.cjs'), readFileSync(outfile));
chmodSync(join(pluginDir, 'kuma-inject.cjs'), 0o755);
writeFileSync(
  join(pluginDir, 'plugin.yaml'),
  `apiVersion: v1
type: postrenderer/v1
name: kuma-inject
version: ${pkg.version}
runtime: subprocess
runtimeConfig:
  platformCommand:
    - command: \${HELM_PLUGIN_DIR}/kuma-inject.cjs
      args: ["-"]
`,
);

