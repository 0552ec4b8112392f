/**
 * The example packages' READMEs (issue 12): the folders are golden test inputs too, so no command a README gives
 * may rewrite them. Every `kpt fn` command of a README (in a shell block or inline) on testdata/ itself must send
 * kpt's output elsewhere (`-o unwrap`, `-o stdout`, `-o DIR`); the shell blocks then run as written, with the
 * real kpt, from a scratch copy of the repository (the example and dist/): the example's files there must be
 * unchanged afterwards, and what `-o unwrap` printed must be injected. Blocks for the container image are left
 * out: the image suite runs those.
 */
import { cpSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EXAMPLES, ROOT, cleanUp, exec, filesOf, has, skip, tempDir } from './helpers.ts';

const examples = suite('example READMEs');
examples.after.each(cleanUp);

const readme = (name: string): string => readFileSync(join(ROOT, 'testdata', name, 'README.md'), 'utf8');
const shellBlocks = (text: string): string[] => [...text.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
const needsImage = (block: string): boolean => /--image\b|ghcr\.io\//.test(block);

/** Each `kpt fn <verb> …` command, in shell blocks (continuation lines joined) and inline code. */
function kptCommands(text: string): string[] {
  const lines = shellBlocks(text).flatMap((b) => b.replace(/\\\n\s*/g, ' ').split('\n'));
  const inline = [...text.matchAll(/`([^`\n]*kpt fn [^`\n]*)`/g)].map((m) => m[1]!);
  return [...lines, ...inline].flatMap((c) => [...c.matchAll(/kpt fn (?:render|eval)\s+\S+.*/g)].map((m) => m[0]));
}

for (const name of EXAMPLES) {
  examples(`${name}: every kpt command of the README on the golden input sends the output elsewhere (-o)`, () => {
    const commands = kptCommands(readme(name));
    assert.ok(commands.length > 0, 'the README gives kpt commands');
    for (const command of commands) {
      if (/^kpt fn \w+\s+(\.\/)?testdata\//.test(command)) assert.match(command, /\s(-o|--output)[\s=]\S/, command);
    }
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
    for (const block of runnable) {
      // TMPDIR keeps any `mktemp -d` inside the scratch folder.
      const ran = exec('bash', ['-c', `set -euo pipefail\n${block}`], { cwd: root, env: { ...process.env, TMPDIR: tempDir('tmp') } });
      assert.is(ran.status, 0, `${block}\n${ran.stderr}`);
      if (block.includes('-o unwrap')) assert.match(ran.stdout, /name: kuma-sidecar/, `${block}: prints the injected package`);
      assert.equal(filesOf(join(root, 'testdata', name)), before, `${block}: testdata/ is untouched`);
    }
  });
}

examples.run();
