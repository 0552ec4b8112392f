/**
 * The example packages' READMEs (issue 12): the folders are golden test inputs too, so every command a README
 * gives must run on a copy, never on testdata/ itself. Every `kpt fn` command of a README (in a shell block or
 * inline) must name a package outside testdata/; the shell blocks then run as written, with the real kpt, from a
 * scratch copy of the repository (the example and dist/), and the example's files there must be unchanged
 * afterwards, while the copy the README made was rendered. Blocks for the container image are left out: these
 * machines run no containers.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EXAMPLES, ROOT, cleanUp, exec, filesOf, has, skip, tempDir } from './helpers.ts';

const examples = suite('example READMEs');
examples.after.each(cleanUp);

const readme = (name: string): string => readFileSync(join(ROOT, 'testdata', name, 'README.md'), 'utf8');
const shellBlocks = (text: string): string[] => [...text.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
const needsImage = (block: string): boolean => /--image\b|ghcr\.io\//.test(block);

/** The package each `kpt fn <verb>` names, in shell blocks (continuation lines joined) and inline code. */
function kptTargets(text: string): string[] {
  const commands = [...shellBlocks(text).map((b) => b.replace(/\\\n\s*/g, ' ')), ...[...text.matchAll(/`([^`\n]*kpt fn [^`\n]*)`/g)].map((m) => m[1]!)];
  return commands.flatMap((c) => [...c.matchAll(/kpt fn (?:render|eval)\s+(\S+)/g)].map((m) => m[1]!));
}

for (const name of EXAMPLES) {
  examples(`${name}: every kpt command of the README names a copy, not the golden input`, () => {
    const targets = kptTargets(readme(name));
    assert.ok(targets.length > 0, 'the README gives kpt commands');
    for (const target of targets) assert.not.match(target, /^(\.\/)?testdata\//, `kpt fn … ${target}`);
  });

  examples(`${name}: the README's commands, run as written, leave the golden input as it was`, () => {
    if (!has('kpt')) return skip(`${name} README`, 'kpt is not installed');
    const root = tempDir('readme');
    mkdirSync(join(root, 'testdata'));
    cpSync(join(ROOT, 'testdata', name), join(root, 'testdata', name), { recursive: true });
    symlinkSync(join(ROOT, 'dist'), join(root, 'dist'));
    const before = filesOf(join(root, 'testdata', name));
    const runnable = shellBlocks(readme(name)).filter((b) => !needsImage(b));
    assert.ok(runnable.length > 0, 'a block runs without the image');
    // One shell, as a user pastes the blocks in order; TMPDIR keeps the copy inside the scratch folder.
    const script = `set -euo pipefail\n${runnable.join('\n')}\nprintf '%s' "$PKG"\n`;
    const ran = exec('bash', ['-c', script], { cwd: root, env: { ...process.env, TMPDIR: tempDir('tmp') } });
    assert.is(ran.status, 0, ran.stderr);
    assert.equal(filesOf(join(root, 'testdata', name)), before, 'testdata/ is untouched');
    const copy = ran.stdout.trim().split('\n').pop()!;
    assert.ok(existsSync(copy) && !copy.startsWith(root), `the README worked on a copy (${copy})`);
    assert.not.equal(filesOf(copy), before, 'and the copy was rendered');
  });
}

examples.run();
