/**
 * The container image (`npm run test:image`; npm test only names it): built from the Dockerfile with buildah,
 * checked for what it holds and the user it runs as, run by podman with `--network none`, and run by kpt with
 * KPT_FN_RUNTIME=podman on the example packages, where its output must equal the exec function's, byte for byte.
 * The base is a local stand-in for distroless node (scripts/image.ts), or KUMA_INJECT_RUNTIME_IMAGE if set.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildImage, buildStandinBase, containerEnv, missingTools } from '../../scripts/image.ts';
import { BUNDLE, EXAMPLES, ROOT, cleanUp, copyExample, documents, exampleMode, exec, filesOf, has, initContainers, skip, tempDir } from './helpers.ts';
import { TEST_CA } from '../testing/test-ca.ts';

const image = suite('container image');
image.after.each(cleanUp);

const enabled = process.env.KUMA_INJECT_IMAGE_TESTS === '1';
const missing = enabled ? missingTools() : [];
const kpt = has('kpt');
let env: NodeJS.ProcessEnv = process.env;
let tag = '';
let base = '';

const podman = (args: string[], input = '') => exec('podman', args, { env, input });
const inspect = (name: string, format: string): string => podman(['image', 'inspect', name, '--format', format]).stdout.trim();

if (!enabled) {
  image('container image', () => skip('container image tests', 'they run with `npm run test:image`'));
} else if (missing.length > 0) {
  image('container image', () => skip('container image tests', `${missing.join(', ')} not installed: apt-get install buildah podman runc uidmap`));
} else {
  image.before(() => {
    env = containerEnv();
    base = process.env.KUMA_INJECT_RUNTIME_IMAGE ?? buildStandinBase(env);
    tag = buildImage({ env, runtimeImage: base });
  });

  image('holds node and the bundle and nothing else of the repository, and runs as nobody', () => {
    assert.is(inspect(tag, '{{.Config.User}}'), 'nobody');
    assert.is(inspect(tag, '{{json .Config.Entrypoint}}'), '["/nodejs/bin/node","/usr/local/lib/kuma-inject/kuma-inject.cjs"]');
    const added = Number(inspect(tag, '{{.Size}}')) - Number(inspect(base, '{{.Size}}'));
    assert.ok(added < 2 * readFileSync(BUNDLE).length, `the function adds ${added} bytes to its base: only the bundle`);
    const listing = podman([
      'run', '--rm', '--network', 'none', '--entrypoint', '/nodejs/bin/node', tag, '-e',
      `const fs = require('fs'), path = require('path'); const out = [];
       const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name);
         if (['/proc', '/sys', '/dev'].includes(p)) continue; out.push(p); if (e.isDirectory() && !e.isSymbolicLink()) walk(p); } };
       walk('/'); console.log(out.join('\\n'));`,
    ]);
    assert.is(listing.status, 0, listing.stderr);
    const paths = listing.stdout.trim().split('\n');
    assert.ok(paths.includes('/usr/local/lib/kuma-inject/kuma-inject.cjs'));
    assert.equal(paths.filter((p) => /\/node_modules(\/|$)|\/(npm|npx|sh|bash|package\.json)$/.test(p)), [], 'no node_modules, npm or shell');
  });

  image('resolves the user nobody, by default and as kpt asks for it', () => {
    for (const user of [[], ['--user', 'nobody']]) {
      const ran = podman(['run', '--rm', '--network', 'none', ...user, '--entrypoint', '/nodejs/bin/node', tag, '-e', 'console.log(process.getuid(), require("os").userInfo().username)']);
      assert.is(ran.status, 0, ran.stderr);
      assert.is(ran.stdout, '65534 nobody\n');
    }
  });

  image('runs a ResourceList with --network none, and fails with the message on stderr', () => {
    const list = (spec: object) =>
      `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n    labels: {kuma.io/sidecar-injection: enabled}\n  spec:\n    containers: [{name: app, image: app}]\nfunctionConfig:\n  apiVersion: kuma-inject.dev/v1alpha1\n  kind: KumaInject\n  metadata: {name: c}\n  spec: ${JSON.stringify(spec)}\n`;
    const ok = podman(['run', '--rm', '-i', '--network', 'none', tag], list({ caCert: TEST_CA }));
    assert.is(ok.status, 0, ok.stderr);
    const [out] = documents(ok.stdout);
    assert.equal(initContainers({ spec: { template: out.items[0] } }), ['kuma-init', 'kuma-sidecar']);
    const bad = podman(['run', '--rm', '-i', '--network', 'none', tag], list({ meshs: [] }));
    assert.is(bad.status, 1);
    assert.match(bad.stderr, /^error: KumaInject c: spec: unknown field `meshs`/m);
  });

  for (const name of EXAMPLES) {
    image(`${name}: kpt with the image writes what kpt with the exec function writes`, () => {
      if (!kpt) return skip(`kpt --image ${name}`, 'kpt is not installed');
      const mode = exampleMode(name);
      const viaExec = copyExample(name);
      const viaImage = copyExample(name);
      const kptEnv = { ...env, KPT_FN_RUNTIME: 'podman' };
      let ranExec;
      let ranImage;
      if (mode.testType === 'eval') {
        ranExec = exec('kpt', ['fn', 'eval', viaExec, '--exec', BUNDLE, '--fn-config', mode.fnConfig], { env: kptEnv });
        ranImage = exec('kpt', ['fn', 'eval', viaImage, '--image', tag, '--fn-config', mode.fnConfig], { env: kptEnv });
      } else {
        const kptfile = join(viaImage, 'Kptfile');
        const text = readFileSync(kptfile, 'utf8');
        assert.match(text, /- exec: dist\/kuma-inject\.cjs$/m);
        writeFileSync(kptfile, text.replace(/- exec: dist\/kuma-inject\.cjs$/m, `- image: ${tag}`));
        ranExec = exec('kpt', ['fn', 'render', viaExec, '--allow-exec'], { env: kptEnv });
        ranImage = exec('kpt', ['fn', 'render', viaImage], { env: kptEnv, cwd: tempDir('anywhere') });
      }
      assert.is(ranExec.status, 0, ranExec.stderr);
      assert.is(ranImage.status, 0, ranImage.stderr);
      // The Kptfiles differ by the edit above; every other file must be the same, byte for byte.
      const [byExec, byImage] = [filesOf(viaExec), filesOf(viaImage)];
      delete byExec.Kptfile;
      delete byImage.Kptfile;
      assert.equal(byImage, byExec);
      assert.is.not(JSON.stringify(byImage), JSON.stringify(filesOf(join(ROOT, 'testdata', name))), 'the package was injected');
    });
  }

  image('kpt with the image: a failing function leaves the package as it was and shows why', () => {
    if (!kpt) return skip('kpt --image failure', 'kpt is not installed');
    const dir = copyExample('kuma-inject-advanced');
    const before = filesOf(dir);
    const config = join(tempDir('config'), 'bad.yaml');
    writeFileSync(config, readFileSync(join(dir, 'kuma-inject.yaml'), 'utf8').replace('kubernetesVersion: "1.31"', 'kubernetesVersion: "next"'));
    const ran = exec('kpt', ['fn', 'eval', dir, '--image', tag, '--fn-config', config], { env: { ...env, KPT_FN_RUNTIME: 'podman' } });
    assert.is.not(ran.status, 0);
    assert.equal(filesOf(dir), before);
    assert.match(`${ran.stdout}${ran.stderr}`, /spec\.kubernetesVersion: must be a Kubernetes version/);
  });
}

image.run();
