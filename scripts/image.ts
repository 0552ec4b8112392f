/**
 * Builds the function image from the Dockerfile with buildah, for `npm run test:image` and for trying the image
 * with kpt locally. `--standin` first builds a stand-in for the distroless node base (same layout: node at
 * /nodejs/bin/node, a `nobody` user, no shell) from this machine's own node, for machines that reach no registry.
 * Podman and buildah get a private config (runc, vfs storage, no ulimits) unless CONTAINERS_CONF is set.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = new URL('../', import.meta.url).pathname;
export const IMAGE = 'localhost/kuma-inject:dev';
export const TOOLS = ['buildah', 'podman', 'runc'] as const;

/** The container tools that are not installed. */
export function missingTools(): string[] {
  return TOOLS.filter((tool) => spawnSync(tool, ['--version'], { encoding: 'utf8' }).status !== 0);
}

/**
 * The environment for buildah, podman and `KPT_FN_RUNTIME=podman kpt`. On these machines crun fails on setrlimit,
 * podman's default ulimits are refused and overlay storage is unavailable; runc and vfs work everywhere.
 */
export function containerEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (env.CONTAINERS_CONF || env.CONTAINERS_STORAGE_CONF) return env;
  const dir = join(tmpdir(), 'kuma-inject-containers');
  mkdirSync(dir, { recursive: true });
  const conf = join(dir, 'containers.conf');
  const storage = join(dir, 'storage.conf');
  writeFileSync(conf, '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\n');
  writeFileSync(storage, `[storage]\ndriver = "vfs"\nrunroot = "${join(dir, 'run')}"\ngraphroot = "${join(dir, 'storage')}"\n`);
  return { ...env, CONTAINERS_CONF: conf, CONTAINERS_STORAGE_CONF: storage };
}

function sh(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd = ROOT): string {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

export const imageExists = (name: string, env: NodeJS.ProcessEnv): boolean =>
  spawnSync('podman', ['image', 'exists', name], { env }).status === 0;

/** Builds (once per node version) a base image laid out like distroless node, from this machine's node. */
export function buildStandinBase(env: NodeJS.ProcessEnv): string {
  const name = `localhost/kuma-inject-node-standin:${process.version}`;
  if (imageExists(name, env)) return name;
  const work = mkdtempSync(join(tmpdir(), 'kuma-inject-standin-'));
  try {
    const base = join(work, 'base');
    const node = realpathSync(process.execPath);
    const place = (from: string, to: string): void => {
      mkdirSync(dirname(join(base, to)), { recursive: true });
      copyFileSync(from, join(base, to));
    };
    place(node, 'nodejs/bin/node');
    for (const lib of sh('ldd', [node], env).match(/\/\S+/g) ?? []) place(realpathSync(lib), lib);
    mkdirSync(join(base, 'etc'), { recursive: true });
    mkdirSync(join(base, 'tmp'), { recursive: true });
    writeFileSync(
      join(base, 'etc/passwd'),
      'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n',
    );
    writeFileSync(join(base, 'etc/group'), 'root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n');
    writeFileSync(join(base, 'etc/nsswitch.conf'), 'passwd: files\ngroup: files\n');
    sh('tar', ['-C', base, '-cf', join(work, 'base.tar'), '.'], env);
    writeFileSync(join(work, 'Containerfile'), 'FROM scratch\nADD base.tar /\nUSER 65532\nENTRYPOINT ["/nodejs/bin/node"]\n');
    sh('buildah', ['bud', '--isolation', 'chroot', '-q', '-f', join(work, 'Containerfile'), '-t', name, work], env);
    return name;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Builds the Dockerfile of the repository; the bundle must be built (npm run build). */
export function buildImage(options: { env: NodeJS.ProcessEnv; runtimeImage?: string; tag?: string }): string {
  const tag = options.tag ?? IMAGE;
  if (!existsSync(join(ROOT, 'dist/kuma-inject.cjs'))) throw new Error('dist/kuma-inject.cjs is missing: run `npm run build` first');
  const args = ['bud', '--isolation', 'chroot', '-q', '-f', join(ROOT, 'Dockerfile'), '-t', tag];
  if (options.runtimeImage) args.push('--build-arg', `RUNTIME_IMAGE=${options.runtimeImage}`);
  sh('buildah', [...args, ROOT], options.env);
  return tag;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const standin = process.argv.includes('--standin');
  const missing = missingTools();
  if (missing.length > 0) {
    console.error(`image: ${missing.join(', ')} not installed (apt-get install buildah podman runc)`);
    process.exitCode = 1;
  } else {
    const env = containerEnv();
    const runtimeImage = standin ? buildStandinBase(env) : process.env.RUNTIME_IMAGE;
    const tag = buildImage({ env, ...(runtimeImage ? { runtimeImage } : {}) });
    console.log(`built ${tag}${runtimeImage ? ` on ${runtimeImage}` : ''}; to use it with kpt:`);
    if (env !== process.env) console.log(`  export CONTAINERS_CONF=${env.CONTAINERS_CONF} CONTAINERS_STORAGE_CONF=${env.CONTAINERS_STORAGE_CONF}`);
    console.log(`  KPT_FN_RUNTIME=podman kpt fn eval PACKAGE --image ${tag} --fn-config PACKAGE/kuma-inject.yaml`);
  }
}
