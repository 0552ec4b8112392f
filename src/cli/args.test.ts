import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseArgs } from './args.ts';

const args = suite('cli args');

const base = { check: false, quiet: false, verbose: false, previews: false };

const ok: Array<{ argv: string[]; options: object }> = [
  { argv: ['app.yaml'], options: { ...base, inputs: ['app.yaml'] } },
  { argv: ['-c', 'cfg.yaml', 'a.yaml', 'dir/', '-'], options: { ...base, inputs: ['a.yaml', 'dir/', '-'], config: 'cfg.yaml' } },
  { argv: ['--config=cfg.yaml', '--output=out/', 'a.yaml'], options: { ...base, inputs: ['a.yaml'], config: 'cfg.yaml', output: 'out/' } },
  { argv: ['a.yaml', '-o', 'b.yaml', '--quiet'], options: { ...base, inputs: ['a.yaml'], output: 'b.yaml', quiet: true } },
  { argv: ['--check', '--verbose', 'a.yaml'], options: { ...base, inputs: ['a.yaml'], check: true, verbose: true } },
  { argv: ['-c', 'cfg.yaml'], options: { ...base, inputs: ['-'], config: 'cfg.yaml' } },
  { argv: ['--', '-odd-name.yaml', '--check'], options: { ...base, inputs: ['-odd-name.yaml', '--check'] } },
  { argv: ['-n', 'shop', '--previews', '-'], options: { ...base, inputs: ['-'], namespace: 'shop', previews: true } },
  { argv: ['--namespace=shop', '-o', 'all.yaml', '--previews'], options: { ...base, inputs: ['-'], namespace: 'shop', output: 'all.yaml', previews: true } },
  // --check -o compares with what is there; --strict / --no-strict override the config's `strict`.
  { argv: ['--check', '-o', 'rendered/', 'src/'], options: { ...base, inputs: ['src/'], output: 'rendered/', check: true } },
  { argv: ['--strict', 'a.yaml'], options: { ...base, inputs: ['a.yaml'], strict: true } },
  { argv: ['--strict', '--strict', 'a.yaml'], options: { ...base, inputs: ['a.yaml'], strict: true } },
  { argv: ['--no-strict', '-'], options: { ...base, inputs: ['-'], strict: false } },
];
for (const c of ok) {
  args(`parses ${c.argv.join(' ')}`, () => assert.equal(parseArgs(c.argv), { kind: 'run', options: c.options }));
}

const special: Array<{ argv: string[]; kind: string }> = [
  { argv: ['--help'], kind: 'help' },
  { argv: ['a.yaml', '-h'], kind: 'help' },
  { argv: ['--version'], kind: 'version' },
  { argv: ['-c', 'x', '--version'], kind: 'version' },
];
for (const c of special) {
  args(`answers ${c.argv.join(' ')} with ${c.kind}`, () => assert.equal(parseArgs(c.argv), { kind: c.kind }));
}

const wrong: Array<{ argv: string[]; message: string }> = [
  { argv: ['--bogus'], message: 'unknown option --bogus' },
  { argv: ['-x', 'a.yaml'], message: 'unknown option -x' },
  { argv: ['--chek'], message: 'unknown option --chek (did you mean `--check`?)' },
  { argv: ['--previw=1'], message: 'unknown option --previw=1 (did you mean `--previews`?)' },
  { argv: ['--constructor'], message: 'unknown option --constructor' },
  { argv: ['--__proto__'], message: 'unknown option --__proto__' },
  { argv: ['a.yaml', '-c'], message: '-c needs a value' },
  { argv: ['--output=', 'a.yaml'], message: '--output needs a value' },
  { argv: ['-c', 'a', '--config', 'b'], message: '--config is given twice' },
  { argv: ['-', '-'], message: '- (stdin) is given twice' },
  { argv: ['--strict', '--no-strict', 'a.yaml'], message: '--strict and --no-strict exclude each other' },
  { argv: ['-q', '--verbose', 'a.yaml'], message: '--quiet and --verbose exclude each other' },
  { argv: ['-n', 'Shop'], message: '-n Shop: not a namespace name (lower-case letters, digits and "-", at most 63)' },
  { argv: ['--previews', '-o', 'out/', 'a.yaml'], message: '--previews is for one stream: into a folder the previews are always written' },
];
for (const c of wrong) {
  args(`refuses ${c.argv.join(' ')}`, () => assert.equal(parseArgs(c.argv), { kind: 'usage-error', message: c.message }));
}

args.run();
