/**
 * Entry point and the only impure module: reads stdin, runs, writes stdout and stderr, sets the exit code.
 * It never calls process.exit() after writing, so that a large output is flushed whole through a pipe.
 */
import { run } from './run.ts';

declare const KUMA_INJECT_VERSION: string;
const VERSION = typeof KUMA_INJECT_VERSION === 'string' ? KUMA_INJECT_VERSION : 'dev';

const HELP = `kuma-inject ${VERSION}: injects Kuma sidecars into pod templates, offline (a KRM function).

Usage:
  kuma-inject < resource-list.yaml        KRM function: ResourceList on stdin, ResourceList on stdout
  kuma-inject --version | --help

Configuration comes in the ResourceList's functionConfig (kind KumaInject, or a ConfigMap).
Errors go to stderr, one line each, and make the exit code 1.
`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--version')) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  const output = run(await readStdin());
  for (const line of output.stderr) process.stderr.write(`${line}\n`);
  if (output.stdout) process.stdout.write(output.stdout);
  return output.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (caught: unknown) => {
    const message = caught instanceof Error ? caught.message : String(caught);
    process.stderr.write(`error: kuma-inject failed unexpectedly (a bug, please report it): ${message.split('\n')[0]}\n`);
    process.exitCode = 1;
  },
);
