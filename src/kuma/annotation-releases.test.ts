import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { KubeObject } from '../krm/object.ts';
import { isObject } from '../krm/object.ts';
import { parseYamlText } from '../krm/resource-list.ts';
import { loadSettings } from '../settings.ts';
import { INJECTOR_SUITES } from '../testing/conformance/injector-suites.ts';
import { settingsWith } from '../testing/fixtures.ts';
import { haveKumaSource, kumaFile } from '../testing/kuma-source.ts';
import { yaml } from '../testing/yaml.ts';
import { injectSidecars } from '../transforms/inject-sidecars.ts';
import { ANNOTATION_RELEASES, annotationReleaseNotes, settingRemovalNotes } from './annotation-releases.ts';
import { inSpan } from './minors.ts';
import { MINORS, RELEASE_TAGS } from './releases.ts';

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

/** An annotation name in one of Kuma's prefixes. */
const KUMA_NAME = String.raw`(?:kuma\.io|traffic\.kuma\.io|prometheus\.metrics\.kuma\.io|k8s\.kuma\.io)\/[a-z0-9.-]+`;
const KUMA_KEY = new RegExp(`^${KUMA_NAME}$`);
const unknownTo = (key: string, minor: (typeof MINORS)[number]): boolean =>
  annotationReleaseNotes({ [key]: 'x' }, minor).some((n) => n.code === 'ANNOTATION_NOT_IN_RELEASE');

notes('every row is a Kuma annotation some release knows and some does not; what 3.0 drops names a replacement', () => {
  for (const [key, support] of ANNOTATION_RELEASES) {
    assert.match(key, KUMA_KEY);
    const knowing = MINORS.filter((m) => inSpan(support, m));
    assert.ok(knowing.length > 0, `${key}: no release knows it`);
    // A row for an annotation every release knows is only there for what 3.0 stops doing with it.
    if (knowing.length === MINORS.length) assert.ok(support.removedIn30, `${key}: every release knows it, so it needs no row`);
    if (support.until === '2.14') assert.ok(support.removedIn30, `${key}: 3.0 drops it, so its warning must say what to use instead`);
    if (support.removedIn30 !== undefined) assert.ok(support.until === '2.14' || knowing.length === MINORS.length, `${key}: removedIn30 on an annotation 3.0 is not said to drop`);
  }
});

const fixtureRoot = new URL('../../testdata/kuma-fixtures/injector/', import.meta.url);
const annotationsIn = (suiteDir: string, name: string): string[] => {
  const parsed = parseYamlText(readFileSync(new URL(suiteDir ? `${suiteDir}/${name}` : name, fixtureRoot), 'utf8'));
  if (!parsed.ok) throw new Error(`${suiteDir}/${name}: ${parsed.error}`);
  const metadata = isObject(parsed.value) && isObject(parsed.value.metadata) ? parsed.value.metadata : {};
  return isObject(metadata.annotations) ? Object.keys(metadata.annotations) : [];
};

notes('every Kuma annotation a release\'s own webhook writes in its fixtures is one the table says it knows', () => {
  for (const suite of INJECTOR_SUITES) {
    const written = new Set<string>();
    for (const c of suite.inject.filter((c) => !c.excluded)) {
      const given = new Set(annotationsIn(suite.dir, `inject.${c.num}.input.yaml`));
      for (const layout of suite.layouts) {
        for (const key of annotationsIn(suite.dir, suite.golden(c.num, layout))) if (KUMA_KEY.test(key) && !given.has(key)) written.add(key);
      }
    }
    assert.ok(written.size > 0, `${suite.tag}: the goldens were read`);
    for (const key of written) assert.not.ok(unknownTo(key, suite.release), `${suite.tag} writes ${key}`);
  }
});

const kumaAnnotations = (minor: (typeof MINORS)[number]): Set<string> => {
  const source = kumaFile(RELEASE_TAGS[minor].tag, 'pkg/plugins/runtime/k8s/metadata/annotations.go');
  assert.ok(source, `annotations.go at ${RELEASE_TAGS[minor].tag}`);
  return new Set(source.match(new RegExp(`"${KUMA_NAME}"`, 'g'))?.map((s) => s.slice(1, -1)));
};

notes('the table agrees with each release\'s annotations.go, and has every annotation some release lacks', () => {
  if (!haveKumaSource('the annotation table against Kuma\'s annotations.go')) return;
  const known = new Map(MINORS.map((m) => [m, kumaAnnotations(m)]));
  for (const minor of MINORS) {
    for (const [key, support] of ANNOTATION_RELEASES) {
      if (key === 'kuma.io/sidecar-uid') continue; // still defined in main; 3.0 only stops acting on it
      const removedInPreview = minor === '3.0-preview' && support.removedIn30 !== undefined;
      if (removedInPreview) assert.is(known.get(minor)!.has(key), false, `${minor} ${key}: the table says 3.0 removes it`);
      else assert.is(!unknownTo(key, minor), known.get(minor)!.has(key), `${minor} ${key}: the table says ${unknownTo(key, minor) ? 'unknown' : 'known'}`);
    }
  }
  for (const key of new Set([...known.values()].flatMap((set) => [...set]))) {
    const lacking = MINORS.filter((m) => !known.get(m)!.has(key));
    if (lacking.length > 0) assert.ok(ANNOTATION_RELEASES.has(key), `${key}: not in Kuma ${lacking.join(', ')}, and not in the table`);
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

notes.run();
