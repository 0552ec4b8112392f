/**
 * scripts/bundle-declarations.ts on small module graphs: what an entry's exports reach is copied in, private
 * unless the entry exports it, and what it cannot carry without rewriting is refused with the fix.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bundleDeclarations } from '../scripts/bundle-declarations.ts';
import { cleanUp, tempDir } from './integration/helpers.ts';

const bundle = suite('bundle declarations');
bundle.after.each(cleanUp);

/** Writes the modules into a fresh folder and bundles `entry.ts`. */
function bundled(modules: Record<string, string>): string {
  const dir = tempDir('dts');
  for (const [name, text] of Object.entries(modules)) writeFileSync(join(dir, name), text);
  return bundleDeclarations(join(dir, 'entry.ts'), '// header');
}

bundle('the exports and what they reference, in one file that imports nothing; only the exports are exported', () => {
  const text = bundled({
    'a.ts': `type Level = 'low' | 'high';\n/** A finding. */\nexport interface Finding { level: Level }\nexport const LEVELS = ['low', 'high'] as const;\nexport const unused = 1;\n`,
    'b.ts': `export { LEVELS } from './a.ts';\n`,
    'entry.ts': `import type { Finding } from './a.ts';\nimport { LEVELS } from './b.ts';\nexport type { Finding } from './a.ts';\nexport type Named = (typeof LEVELS)[number];\nexport function check(value: string): Finding[] { return value ? [] : []; }\nconst hidden = 2;\nexport const seen = hidden;\n`,
  });
  assert.not.match(text, /\bimport\b/);
  assert.not.match(text, /unused|hidden/);
  assert.match(text, /^\/\/ header\n/);
  assert.match(text, /\/\*\* A finding\. \*\/\nexport interface Finding \{/);
  assert.match(text, /\ntype Level = 'low' \| 'high';/);
  assert.match(text, /\ndeclare const LEVELS: readonly \["low", "high"\];/);
  assert.match(text, /\nexport type Named = \(typeof LEVELS\)\[number\];/);
  assert.match(text, /\nexport declare function check\(value: string\): Finding\[\];/);
  assert.match(text, /\nexport declare const seen = 2;/);
  assert.ok(text.endsWith('\nexport {};\n'), 'the non-exported declarations stay private');
});

bundle('what it would have to rewrite is refused, saying how to fix it', () => {
  const refusals: Array<[Record<string, string>, RegExp]> = [
    [{ 'a.ts': 'export interface Finding { n: number }\n', 'entry.ts': `import type { Finding as F } from './a.ts';\nexport const read = (f: F): number => f.n;\n` }, /Finding, imported as F; import it by name/],
    [{ 'entry.ts': `import type { Stats } from 'node:fs';\nexport const size = (s: Stats): number => s.size;\n` }, /Stats from the package node:fs/],
    [{ 'a.ts': 'export interface Finding { n: number }\nexport const make = (): Finding => ({ n: 1 });\n', 'entry.ts': `import { make } from './a.ts';\nexport const made = make();\n` }, /import\("\.\/a\.ts"\)\.Finding.*annotate/],
    [{ 'a.ts': `type Helper = 'a';\nexport type X = Helper;\n`, 'b.ts': `type Helper = 'b';\nexport type Y = Helper;\n`, 'entry.ts': `export type { X } from './a.ts';\nexport type { Y } from './b.ts';\n` }, /Helper is declared in both .*a\.ts and .*b\.ts.*rename one/],
    [{ 'a.ts': 'export type X = 1;\n', 'entry.ts': `export type { X as Y } from './a.ts';\n` }, /exports X as Y; export it under its own name/],
  ];
  for (const [modules, message] of refusals) {
    assert.throws(() => bundled(modules), (e: Error) => message.test(e.message), String(message));
  }
});

bundle.run();
