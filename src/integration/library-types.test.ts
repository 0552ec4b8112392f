/**
 * The library's types as a consumer gets them: dist/lib.d.ts, alone with package.json in a node_modules folder,
 * type-checks a program that uses it right and rejects each kind of mistake (a product, a release, a misspelled
 * field, a result code); it and dist/lib.d.cts (its copy for `require`) name no file the package lacks; and each declares
 * exactly the values its build (dist/lib.mjs, dist/lib.cjs) has.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import ts from 'typescript';
import { ROOT, cleanUp, tempDir } from './helpers.ts';

const types = suite('library types');
types.after.each(cleanUp);

const LIB_DTS = join(ROOT, 'dist', 'lib.d.ts');
/** The same declarations, for `require` (package.json "exports"): a .d.ts in a "type": "module" package types ESM only. */
const LIB_DCTS = join(ROOT, 'dist', 'lib.d.cts');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[]; dependencies?: Record<string, string> };

/** Every module a declaration file names: imports, re-exports, `import("…")` types and `/// <reference>`s. */
function moduleReferences(text: string): string[] {
  const source = ts.createSourceFile('lib.d.ts', text, ts.ScriptTarget.ES2022, true);
  const found = [...source.referencedFiles, ...source.typeReferenceDirectives].map((r) => r.fileName);
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    }
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) found.push(node.moduleReference.expression.getText(source));
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) found.push(node.argument.literal.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The references of dist/lib.d.ts that an installed package could not satisfy: a file not in "files", a package not depended on. */
function missingFromPackage(references: readonly string[]): string[] {
  const shipped = (path: string) => pkg.files.some((f) => path === f || path.startsWith(`${f}/`));
  return references.filter((ref) => {
    if (!ref.startsWith('.')) return !Object.hasOwn(pkg.dependencies ?? {}, ref);
    const path = posix.normalize(posix.join('dist', ref));
    return !['', '.ts', '.d.ts', '.js'].some((ext) => shipped(path + ext));
  });
}

types('dist/lib.d.ts and dist/lib.d.cts name no file or package that the package does not ship', () => {
  for (const file of [LIB_DTS, LIB_DCTS]) assert.equal(missingFromPackage(moduleReferences(readFileSync(file, 'utf8'))), [], file);
  // The check sees each form a declaration file can import by.
  const leaky = `/// <reference path="../src/x.d.ts" />\nimport type { A } from './krm/result.ts';\nexport type { B } from 'zod/mini';\nexport type C = import('../src/lib-spec.ts').D;\nexport type E = import('./lib.mjs').F;\n`;
  assert.equal(missingFromPackage(moduleReferences(leaky)), ['../src/x.d.ts', './krm/result.ts', 'zod/mini', '../src/lib-spec.ts']);
});

/** A folder where `kuma-inject` resolves to dist/lib.d.ts and package.json, nothing else of the package. */
function consumerFolder(): string {
  const app = tempDir('types');
  const installed = join(app, 'node_modules', 'kuma-inject');
  mkdirSync(join(installed, 'dist'), { recursive: true });
  writeFileSync(join(installed, 'package.json'), readFileSync(join(ROOT, 'package.json')));
  writeFileSync(join(installed, 'dist', 'lib.d.ts'), readFileSync(LIB_DTS));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  return app;
}

/** Type-checks each file as a strict nodenext consumer would; the messages per file name. */
function typeCheck(app: string, files: Record<string, string>): Map<string, string[]> {
  const paths = Object.entries(files).map(([name, text]) => {
    const path = join(app, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  });
  const program = ts.createProgram(paths, { strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, types: [] });
  const messages = new Map<string, string[]>(Object.keys(files).map((name) => [name, []]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const name = diagnostic.file ? diagnostic.file.fileName.slice(app.length + 1) : '(global)';
    messages.set(name, [...(messages.get(name) ?? []), ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')]);
  }
  return messages;
}

const GOOD = `import { inject, kumaReleases, type ConfigMapConfig, type InjectConfig, type KumaInjectConfig, type KumaInjectSpec, type KumaVersion, type Result, type ResultCode } from 'kuma-inject';
const spec: KumaInjectSpec = {
  kumaVersion: '2.14',
  product: 'kong-mesh',
  dataplanes: { mode: 'off' },
  lifecycle: { preStop: { seconds: 5, form: 'exec' } },
  controlPlane: { mode: 'zone', runtime: { kubernetes: { injector: { cniEnabled: true } } }, somethingOfKumaCp: 1 },
};
const versions: KumaVersion[] = ['2.7', '2.12.3', '2.14.3', 'v2.14.3', '3.0-preview', ...kumaReleases];
const typed: KumaInjectConfig = { apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', spec };
const configMap: ConfigMapConfig = { apiVersion: 'v1', kind: 'ConfigMap', data: { kumaVersion: '2.14', meshes: 'default' } };
const configs: InjectConfig[] = [spec, typed, configMap, ...versions.map((kumaVersion) => ({ kumaVersion }))];
const out = inject([{ apiVersion: 'v1', kind: 'Pod' }], configs[0]);
const injected: boolean = out.ok && out.results.some((r: Result) => r.code === 'INJECTED' && r.severity === 'info');
const codes: ResultCode[] = out.results.map((r) => r.code);
const kinds: string[] = out.objects.map((o) => o.kind);
declare const fromEnvironment: string;
const text: string = inject('kind: Pod', { kumaVersion: fromEnvironment as KumaVersion }).text;
export const seen = [injected, codes, kinds, text];
`;

/** One mistake per file, and a part of the message that names it. */
const MISTAKES: Record<string, [string, string]> = {
  'product.ts': [`inject([], { product: 'kong' });`, '"kong"'],
  'release.ts': [`inject([], { kumaVersion: '2.8' });`, '"2.8"'],
  'preview-patch.ts': [`inject([], { kumaVersion: '3.0-preview.1' });`, '"3.0-preview.1"'],
  'field.ts': [`inject([], { lifecycle: { preStopp: { seconds: 5 } } });`, 'preStopp'],
  'mode.ts': [`inject([], { dataplanes: { mode: 'on' } });`, '"on"'],
  'kind.ts': [`inject([], { apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInjct', spec: {} });`, 'KumaInjct'],
  'code.ts': [`inject([]).results.filter((r) => r.code === 'INJECTD');`, '"INJECTD"'],
};

types('a consumer compiles against dist/lib.d.ts; a wrong product, release, field, mode, kind or result code does not', () => {
  const app = consumerFolder();
  const files: Record<string, string> = { 'good.ts': GOOD };
  for (const [name, [line]] of Object.entries(MISTAKES)) files[`bad/${name}`] = `import { inject } from 'kuma-inject';\n${line}\nexport {};\n`;
  // Only the names src/lib.ts exports are the package's: what they reference stays private to the file.
  files['bad/private.ts'] = `import type { Minor } from 'kuma-inject';\nexport type M = Minor;\n`;
  const messages = typeCheck(app, files);
  assert.equal(messages.get('good.ts'), [], 'the good consumer compiles');
  assert.equal([...messages.keys()].filter((name) => !(name in files)), [], 'no error outside the consumer files');
  for (const [name, [, names]] of Object.entries(MISTAKES)) {
    const found = messages.get(`bad/${name}`)!;
    assert.ok(found.length > 0, `${name} is a type error`);
    assert.ok(found.some((m) => m.includes(names)), `${name}: ${found.join(' / ')}`);
  }
  assert.match(messages.get('bad/private.ts')!.join('\n'), /Minor/);
});

/** The names of the values a declaration file exports. */
function declaredValues(file: string): string[] {
  const program = ts.createProgram([file], { noEmit: true, types: [] });
  const checker = program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  return checker.getExportsOfModule(symbol).filter((s) => s.flags & ts.SymbolFlags.Value).map((s) => s.name).sort();
}

types('dist/lib.d.ts declares exactly the values that dist/lib.mjs exports, dist/lib.d.cts those of dist/lib.cjs', async () => {
  const declared = declaredValues(LIB_DTS);
  assert.equal(declared, Object.keys(await import(join(ROOT, 'dist', 'lib.mjs'))).sort());
  assert.ok(declared.includes('inject'));
  assert.equal(declaredValues(LIB_DCTS), Object.keys(createRequire(import.meta.url)(join(ROOT, 'dist', 'lib.cjs'))).sort());
});

types.run();
