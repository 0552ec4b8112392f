import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { KubeObject } from '../krm/object.ts';
import { error, info, warning } from '../krm/result.ts';
import type { WorkloadReport } from '../transforms/inject-sidecars.ts';
import { countsText, reportLines, resultLine } from './report.ts';

const report = suite('cli report');

const object = (kind: string, name: string, path: string, namespace = 'shop'): KubeObject => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name, namespace, annotations: { 'internal.config.kubernetes.io/path': path, 'config.kubernetes.io/path': path } },
});

const web = object('Deployment', 'web', 'slot-0');
const job = object('CronJob', 'nightly', 'slot-1');
const bad = object('StatefulSet', 'db', 'slot-2');
const odd = object('DaemonSet', 'agent', 'slot-3');
const names: Record<string, string> = { 'slot-0': 'app.yaml', 'slot-1': 'jobs/cron.yaml', 'slot-2': 'db.yaml', 'slot-3': 'agent.yaml' };
const locate = (path: string | undefined) => (path === undefined ? undefined : (names[path] ?? path));

const entries: WorkloadReport[] = [
  { object: web, status: 'injected', reason: 'mesh "default"' },
  { object: job, status: 'skipped', reason: 'pod label "kuma.io/sidecar-injection" is "disabled"' },
  { object: bad, status: 'failed', reason: 'annotation "kuma.io/mesh" is empty' },
  { object: odd, status: 'failed', reason: 'no pod template at spec.template' },
];
const results = [
  warning('NO_CA_CERT', 'no CA', undefined, { field: 'spec.caCert' }),
  warning('CONTAINER_PATCH_IGNORED', 'patch elsewhere', { ...object('ContainerPatch', 'p', 'slot-9', 'default'), apiVersion: 'kuma.io/v1alpha1' }),
  info('INJECTED', '4 pod templates: 1 injected, 1 skipped, 2 failed'),
  warning('DEPRECATED_ANNOTATION', 'use the label', web, { field: 'spec.template.metadata.annotations[kuma.io/sidecar-injection]' }),
  info('NAMESPACE_UNKNOWN', 'namespace "shop" is not in the input', web),
  error('INVALID_ANNOTATION', 'not injected: annotation "kuma.io/mesh" is empty', bad, { field: 'spec.template.metadata.annotations[kuma.io/mesh]' }),
];

report('writes one line per workload, its problems below it, and the others first', () => {
  assert.equal(reportLines(entries, results, { locate, check: false, quiet: false, verbose: false }), [
    'warning: spec.caCert: no CA',
    'warning: ContainerPatch default/p (slot-9): patch elsewhere',
    'app.yaml: Deployment shop/web: injected (mesh "default")',
    '  warning: spec.template.metadata.annotations[kuma.io/sidecar-injection]: use the label',
    'jobs/cron.yaml: CronJob shop/nightly: skipped: pod label "kuma.io/sidecar-injection" is "disabled"',
    'db.yaml: StatefulSet shop/db: failed',
    '  error: spec.template.metadata.annotations[kuma.io/mesh]: not injected: annotation "kuma.io/mesh" is empty',
    'agent.yaml: DaemonSet shop/agent: failed: no pod template at spec.template',
  ]);
});

report('adds infos with --verbose, but not the summary result', () => {
  const lines = reportLines(entries.slice(0, 1), results, { locate, check: false, quiet: false, verbose: true });
  assert.ok(lines.includes('  info: namespace "shop" is not in the input'));
  assert.not.ok(lines.some((l) => l.includes('4 pod templates')));
});

report('keeps only problems with --quiet', () => {
  assert.equal(reportLines(entries, results.slice(0, 1), { locate, check: false, quiet: true, verbose: false }), [
    'warning: spec.caCert: no CA',
    'db.yaml: StatefulSet shop/db: failed: annotation "kuma.io/mesh" is empty',
    'agent.yaml: DaemonSet shop/agent: failed: no pod template at spec.template',
  ]);
});

report('speaks of what would happen with --check', () => {
  const lines = reportLines([{ object: web, status: 'updated', reason: 'mesh "demo"' }], [], { locate, check: true, quiet: false, verbose: false });
  assert.equal(lines, ['app.yaml: Deployment shop/web: would be re-injected (mesh "demo")']);
});

report('names the file of a result by the user\'s name for it', () => {
  assert.is(resultLine(error('INVALID_INPUT', 'item has no `kind`', web), locate), 'error: Deployment shop/web (app.yaml): item has no `kind`');
  assert.is(resultLine(error('INVALID_INPUT', 'broken', web), () => undefined), 'error: Deployment shop/web: broken');
});

const counts: Array<{ statuses: Array<WorkloadReport['status']>; check: boolean; text: string }> = [
  { statuses: [], check: false, text: 'no workload (pod template) found' },
  { statuses: ['injected'], check: false, text: '1 workload: 1 injected' },
  { statuses: ['skipped', 'injected', 'injected', 'failed'], check: false, text: '4 workloads: 2 injected, 1 skipped, 1 failed' },
  { statuses: ['unchanged', 'updated'], check: true, text: '2 workloads: 1 would be re-injected, 1 already injected, unchanged' },
];
for (const c of counts) {
  report(`counts ${c.statuses.join(', ') || 'nothing'}`, () => {
    assert.is(countsText(c.statuses.map((status) => ({ object: web, status })), c.check), c.text);
  });
}

report('a re-injected workload carries what changed on its line', () => {
  const entry: WorkloadReport = { object: web, status: 'updated', reason: 'mesh "default"', changes: 'kuma-sidecar: 1 env removed, image changed' };
  assert.equal(reportLines([entry], [], { locate, check: false, quiet: false, verbose: false }), [
    'app.yaml: Deployment shop/web: re-injected (mesh "default"): kuma-sidecar: 1 env removed, image changed',
  ]);
  assert.equal(reportLines([entry], [], { locate, check: true, quiet: false, verbose: false }), [
    'app.yaml: Deployment shop/web: would be re-injected (mesh "default"): kuma-sidecar: 1 env removed, image changed',
  ]);
});

report.run();
