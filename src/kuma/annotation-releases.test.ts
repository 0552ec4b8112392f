import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { KubeObject } from '../krm/object.ts';
import { loadSettings } from '../settings.ts';
import { settingsWith } from '../testing/fixtures.ts';
import { yaml } from '../testing/yaml.ts';
import { injectSidecars } from '../transforms/inject-sidecars.ts';
import { ANNOTATION_RELEASES, annotationReleaseNotes, settingRemovalNotes } from './annotation-releases.ts';
import { BEHAVIOUR, MINORS, RELEASE_TAGS } from './releases.ts';

const notes = suite('annotations per release');

const codes = (annotations: Record<string, string>, minor: (typeof MINORS)[number]) =>
  annotationReleaseNotes(annotations, minor).map((n) => `${n.code} ${n.field}`);

notes('an annotation every release knows gets nothing; eBPF is fine on every 2.x release', () => {
  assert.equal(codes({ 'kuma.io/sidecar-env-vars': 'A=1', 'traffic.kuma.io/exclude-inbound-ports': '80' }, '2.9'), []);
  for (const minor of MINORS.filter((m) => m !== '3.0-preview')) {
    assert.equal(annotationReleaseNotes({ 'kuma.io/transparent-proxying-ebpf': 'enabled' }, minor).filter((n) => n.code === 'ANNOTATION_NOT_IN_RELEASE'), [], minor);
  }
});

notes('an annotation newer than the chosen release warns, naming the releases that read it', () => {
  const [note] = annotationReleaseNotes({ 'k8s.kuma.io/spire-support': 'true' }, '2.9');
  assert.is(note?.code, 'ANNOTATION_NOT_IN_RELEASE');
  assert.is(note?.severity, 'warning');
  assert.is(note?.field, 'metadata.annotations[k8s.kuma.io/spire-support]');
  assert.match(note?.message ?? '', 'not known to Kuma 2.9 (Kuma 2.12 and later read it)');
  assert.equal(codes({ 'k8s.kuma.io/spire-support': 'true' }, '2.12'), []);
  assert.equal(codes({ 'kuma.io/xds-transport-protocol-variant': 'x' }, '2.9'), ['ANNOTATION_NOT_IN_RELEASE metadata.annotations[kuma.io/xds-transport-protocol-variant]']);
  assert.equal(codes({ 'kuma.io/application-probe-proxy-port': '9001' }, '2.7'), ['ANNOTATION_NOT_IN_RELEASE metadata.annotations[kuma.io/application-probe-proxy-port]']);
});

notes('an annotation a release dropped warns on the later releases', () => {
  assert.equal(codes({ 'traffic.kuma.io/exclude-outbound-tcp-ports-for-uids': '80:1' }, '2.7'), []);
  const [note] = annotationReleaseNotes({ 'traffic.kuma.io/exclude-outbound-tcp-ports-for-uids': '80:1' }, '2.14');
  assert.match(note?.message ?? '', 'only Kuma 2.7 read it');
});

notes('on a 2.x release, what 3.0 removes is an info naming the replacement; on the preview, a warning naming it', () => {
  const found = annotationReleaseNotes({ 'kuma.io/virtual-probes': 'enabled', 'kuma.io/mesh': 'demo', 'prometheus.metrics.kuma.io/aggregate-app-port': '8080' }, '2.13');
  assert.equal(found.map((n) => [n.code, n.severity, n.field]), [
    ['REMOVED_IN_3_0', 'info', 'metadata.annotations[kuma.io/mesh]'],
    ['REMOVED_IN_3_0', 'info', 'metadata.annotations[kuma.io/virtual-probes]'],
    ['REMOVED_IN_3_0', 'info', 'metadata.annotations[prometheus.metrics.kuma.io/aggregate-app-port]'],
  ]);
  assert.match(found[0]!.message, 'removed in Kuma 3.0, which ignores it: use the label `kuma.io/mesh`');
  assert.match(found[1]!.message, '`kuma.io/application-probe-proxy-port`');
  // On the preview itself they are unknown: a warning naming the replacement instead of the info.
  const preview = annotationReleaseNotes({ 'kuma.io/virtual-probes': 'enabled', 'kuma.io/mesh': 'demo' }, '3.0-preview');
  assert.equal(preview.map((n) => `${n.code} ${n.field}`), [
    'ANNOTATION_NOT_IN_RELEASE metadata.annotations[kuma.io/mesh]',
    'ANNOTATION_NOT_IN_RELEASE metadata.annotations[kuma.io/virtual-probes]',
  ]);
  assert.match(preview[0]!.message, 'not known to Kuma 3.0-preview (Kuma 2.7 to 2.14 read it): its webhook ignores it; use the label `kuma.io/mesh`');
  // A 2.7-only annotation is still unknown to the preview.
  assert.equal(codes({ 'kuma.io/transparent-proxying-engine-v1': 'true' }, '3.0-preview'), ['ANNOTATION_NOT_IN_RELEASE metadata.annotations[kuma.io/transparent-proxying-engine-v1]']);
  // xDS variant on 2.9: unknown there, so only the warning (the 3.0 note is for releases that read it).
  assert.equal(codes({ 'kuma.io/xds-transport-protocol-variant': 'x' }, '2.9').length, 1);
});

notes('settings 3.0 removes, where the user wrote them, are infos on a 2.x release only', () => {
  const controlPlane = { runtime: { kubernetes: { injector: { virtualProbesEnabled: true, ebpf: { enabled: false }, cniEnabled: true } } } };
  assert.equal(settingRemovalNotes(controlPlane, '2.14').map((n) => n.path), ['runtime.kubernetes.injector.virtualProbesEnabled', 'runtime.kubernetes.injector.ebpf']);
  assert.equal(settingRemovalNotes(controlPlane, '3.0-preview'), []);
  assert.equal(settingRemovalNotes(undefined, '2.14'), []);
  const outcome = loadSettings({ apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'c' }, spec: { kumaVersion: '2.12', controlPlane } });
  const removed = outcome.results.filter((r) => r.code === 'REMOVED_IN_3_0').map((r) => [r.severity, r.field?.path]);
  assert.equal(removed, [
    ['info', 'spec.controlPlane.runtime.kubernetes.injector.virtualProbesEnabled'],
    ['info', 'spec.controlPlane.runtime.kubernetes.injector.ebpf'],
  ]);
});

const MIRROR = '/work/.mirror/kumahq+kuma/repo';
notes('the table agrees with each release\'s annotations.go (where Kuma\'s source is at hand)', () => {
  if (!existsSync(MIRROR)) return;
  for (const minor of MINORS) {
    const source = execFileSync('git', ['-C', MIRROR, 'show', `${RELEASE_TAGS[minor].tag}:pkg/plugins/runtime/k8s/metadata/annotations.go`], { encoding: 'utf8' });
    const known = new Set(source.match(/"(?:kuma\.io|traffic\.kuma\.io|prometheus\.metrics\.kuma\.io|k8s\.kuma\.io)\/[a-z0-9.-]+"/g)?.map((s) => s.slice(1, -1)));
    for (const [key, support] of ANNOTATION_RELEASES) {
      if (key === 'kuma.io/sidecar-uid') continue; // still defined in main; 3.0 only stops acting on it
      const warned = annotationReleaseNotes({ [key]: 'x' }, minor).some((n) => n.code === 'ANNOTATION_NOT_IN_RELEASE');
      const removedInPreview = minor === '3.0-preview' && support.removedIn30 !== undefined;
      if (removedInPreview) assert.is(known.has(key), false, `${minor} ${key}: the table says 3.0 removes it`);
      else assert.is(!warned, known.has(key), `${minor} ${key}: the table says ${warned ? 'unknown' : 'known'}`);
    }
  }
});

notes('a real run: a 2.14-only annotation under kumaVersion 2.9 warns on the workload, a 3.0 removal is an info', () => {
  const items: KubeObject[] = [
    yaml`
      apiVersion: v1
      kind: Namespace
      metadata: {name: demo, labels: {kuma.io/sidecar-injection: enabled}}
    `,
    yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: demo}
      spec:
        template:
          metadata:
            labels: {app: web}
            annotations: {k8s.kuma.io/spire-support: "true", kuma.io/virtual-probes: disabled}
          spec:
            containers: [{name: app, image: app}]
    `,
  ];
  const out = injectSidecars(items, settingsWith({ kumaVersion: '2.9' }));
  const mine = out.results.filter((r) => r.code === 'ANNOTATION_NOT_IN_RELEASE' || r.code === 'REMOVED_IN_3_0').map((r) => [r.code, r.severity, r.field?.path]);
  assert.equal(mine, [
    ['ANNOTATION_NOT_IN_RELEASE', 'warning', 'spec.template.metadata.annotations[k8s.kuma.io/spire-support]'],
    ['REMOVED_IN_3_0', 'info', 'spec.template.metadata.annotations[kuma.io/virtual-probes]'],
  ]);
  const newest = injectSidecars(items, settingsWith({ kumaVersion: '2.14' }));
  assert.equal(newest.results.filter((r) => r.code === 'ANNOTATION_NOT_IN_RELEASE'), []);
});

// Switches that stand for an annotation's existence must agree with this table, so the fact is not told twice
// two ways: the releases a switch is on (for a valued switch: not `none`) are the releases that know its annotation.
const SWITCH_ANNOTATIONS = [
  ['applicationProbeProxy', 'kuma.io/application-probe-proxy-port'],
  ['inboundV6PortAnnotation', 'kuma.io/transparent-proxying-inbound-v6-port'],
  ['reachableBackendsAnnotation', 'kuma.io/reachable-backends'],
  ['spireSupport', 'k8s.kuma.io/spire-support'],
  ['xdsTransportVariantEnv', 'kuma.io/xds-transport-protocol-variant'],
] as const;
notes('BEHAVIOUR switches agree with ANNOTATION_RELEASES on the releases that know an annotation', () => {
  const at = (m: string): number => MINORS.indexOf(m as (typeof MINORS)[number]);
  for (const [name, key] of SWITCH_ANNOTATIONS) {
    const support = ANNOTATION_RELEASES.get(key)!;
    for (const minor of MINORS.filter((m) => m !== '3.0-preview')) {
      const known = at(minor) >= at(support.since ?? '2.7') && (support.until === undefined || at(minor) <= at(support.until));
      const value: unknown = BEHAVIOUR[name][minor];
      assert.is(typeof value === 'boolean' ? value : value !== 'none', known, `${name} at ${minor} against ${key}`);
    }
  }
});

notes.run();
