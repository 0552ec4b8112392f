/**
 * Security properties of injection: least-privilege defaults on every injected container in every mode, patches
 * that raise privilege warned about or refused, and annotation values that cannot smuggle in env names.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject } from '../krm/object.ts';
import { failure, settingsWith } from '../testing/fixtures.ts';
import { type ParsedContainerPatch, patchesTouchingSecurity, privilegeRaises } from './container-patch.ts';
import { injectPodTemplate } from './inject-pod.ts';

const security = suite('security');
const template = (): JsonObject => ({ metadata: { annotations: {} }, spec: { containers: [{ name: 'app', image: 'app' }] } });
const NO_PATCHES = { names: [], sidecar: [], init: [] };

const modes: Array<{ name: string; spec: JsonObject }> = [
  { name: 'native', spec: {} },
  { name: 'legacy', spec: { kubernetesVersion: '1.28' } },
  { name: 'CNI', spec: { controlPlane: { runtime: { kubernetes: { injector: { cniEnabled: true } } } } } },
  { name: 'CNI legacy', spec: { kubernetesVersion: '1.28', controlPlane: { runtime: { kubernetes: { injector: { cniEnabled: true } } } } } },
];

function injected(spec: JsonObject): JsonObject[] {
  const out = injectPodTemplate(template(), { settings: settingsWith(spec), mesh: 'default', patches: NO_PATCHES, warn: () => {} });
  const podSpec = out.spec as JsonObject;
  return [...(podSpec.initContainers as JsonObject[]), ...(podSpec.containers as JsonObject[])].filter((c) => String(c.name).startsWith('kuma-'));
}

for (const mode of modes) {
  security(`every injected container keeps Kuma's least-privilege settings (${mode.name})`, () => {
    const containers = injected(mode.spec);
    assert.ok(containers.length >= 2, 'sidecar and init container');
    for (const c of containers) {
      const sc = c.securityContext as JsonObject;
      assert.equal((sc.capabilities as JsonObject).drop, ['ALL'], `${String(c.name)} drops ALL`);
      assert.is(sc.readOnlyRootFilesystem, true, `${String(c.name)} read-only root`);
      assert.is.not(sc.privileged, true, `${String(c.name)} not privileged`);
      if (c.name === 'kuma-init') {
        // iptables needs root and exactly these two capabilities, nothing more.
        assert.equal((sc.capabilities as JsonObject).add, ['NET_ADMIN', 'NET_RAW']);
        assert.is(sc.runAsUser, 0);
      } else {
        assert.is(sc.runAsUser, 5678, `${String(c.name)} runs as the sidecar UID`);
        assert.is(sc.runAsGroup, 5678);
        assert.is(sc.allowPrivilegeEscalation, false);
        assert.is((sc.capabilities as JsonObject).add, undefined, 'adds no capability');
      }
    }
  });
}

const raising: Array<{ name: string; before: JsonObject; after: JsonObject; found: RegExp | null }> = [
  { name: 'privileged: true', before: {}, after: { privileged: true }, found: /privileged: true/ },
  { name: 'privileged: false', before: {}, after: { privileged: false }, found: null },
  { name: 'allowPrivilegeEscalation removed', before: { allowPrivilegeEscalation: false }, after: {}, found: /escalation/ },
  { name: 'runAsUser 0', before: { runAsUser: 5678 }, after: { runAsUser: 0 }, found: /root/ },
  { name: 'runAsUser removed from a non-root container', before: { runAsUser: 5678 }, after: {}, found: /may run it as root/ },
  { name: 'runAsUser removed from kuma-init (root already)', before: { runAsUser: 0 }, after: {}, found: null },
  { name: 'a capability added', before: { capabilities: { add: ['NET_ADMIN'] } }, after: { capabilities: { add: ['NET_ADMIN', 'SYS_ADMIN'] } }, found: /SYS_ADMIN/ },
  { name: 'ALL no longer dropped', before: { capabilities: { drop: ['ALL'] } }, after: { capabilities: { drop: [] } }, found: /no longer drops ALL/ },
  { name: 'runAsNonRoot dropped', before: { runAsNonRoot: true }, after: {}, found: /runAsNonRoot/ },
  { name: 'a seccomp profile added', before: {}, after: { seccompProfile: { type: 'RuntimeDefault' } }, found: null },
];
for (const c of raising) {
  security(`${c.found ? 'flags' : 'accepts'} ${c.name}`, () => {
    const raises = privilegeRaises({ name: 'kuma-sidecar', securityContext: c.before }, { name: 'kuma-sidecar', securityContext: c.after });
    if (c.found) assert.ok(raises.some((r) => c.found!.test(r)), JSON.stringify(raises));
    else assert.equal(raises, []);
  });
}

const escalate: ParsedContainerPatch = { name: 'root-me', namespace: 'kuma-system', sidecar: [{ op: 'add', path: '/securityContext/privileged', value: true }], init: [] };
const harmless: ParsedContainerPatch = { name: 'cpu', namespace: 'kuma-system', sidecar: [{ op: 'replace', path: '/resources/requests/cpu', value: '1' }], init: [] };

security('names the patch that reaches the security context', () => {
  assert.equal(patchesTouchingSecurity([harmless, escalate], 'sidecar'), ['root-me']);
  assert.equal(patchesTouchingSecurity([harmless, escalate], 'init'), []);
});

security('applies a privilege-raising patch with a warning, as Kuma does', () => {
  const warnings: Array<[string, string | undefined]> = [];
  const patches = { names: ['root-me'], sidecar: escalate.sidecar, init: [], patches: [escalate] };
  const out = injectPodTemplate(template(), { settings: settingsWith(), mesh: 'default', patches, warn: (m, code) => warnings.push([m, code]) });
  const sidecar = ((out.spec as JsonObject).initContainers as JsonObject[]).find((c) => c.name === 'kuma-sidecar')!;
  assert.is((sidecar.securityContext as JsonObject).privileged, true);
  assert.equal(warnings.map(([, code]) => code), ['CONTAINER_PATCH_PRIVILEGED']);
  assert.match(warnings[0]![0], /ContainerPatch "root-me" raises the privilege of `kuma-sidecar`: `privileged: true`/);
});

security('refuses a privilege-raising patch when configured to', () => {
  const patches = { names: ['root-me'], sidecar: escalate.sidecar, init: [], patches: [escalate] };
  const f = failure(() => injectPodTemplate(template(), { settings: settingsWith({ refusePrivilegedPatches: true }), mesh: 'default', patches, warn: () => {} }));
  assert.is(f.code, 'CONTAINER_PATCH_REFUSED');
  assert.match(f.message, /refused: `spec.refusePrivilegedPatches` is true/);
});

const envNames: Array<[string, boolean]> = [
  ['A=1', true], ['MY_VAR=x;other.name=y', true], ['a-b=1', true], ['1ABC=x', false], ['A B=x', false], ['A\nB=x', false], ['$(HOME)=x', false],
];
for (const [value, ok] of envNames) {
  security(`${ok ? 'accepts' : 'rejects'} kuma.io/sidecar-env-vars ${JSON.stringify(value)}`, () => {
    const t: JsonObject = { metadata: { annotations: { 'kuma.io/sidecar-env-vars': value } }, spec: { containers: [{ name: 'app' }] } };
    const run = () => injectPodTemplate(t, { settings: settingsWith(), mesh: 'default', patches: NO_PATCHES, warn: () => {} });
    if (ok) run();
    else assert.match(failure(run).message, /is not a valid environment variable name/);
  });
}

security.run();
