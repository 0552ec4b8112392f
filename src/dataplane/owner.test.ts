/** The workload of a Pod, for service-less names and provided gateways (Kuma's NameExtractor, spec §11.6). */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject, KubeObject } from '../krm/object.ts';
import { indexInputs } from './inputs.ts';
import { workloadOf } from './owner.ts';
import { podViewOfPod, podViewsOfTemplate } from './pod.ts';

const test = suite('workloadOf');

const owned = (kind: string, name: string, owners: Array<[string, string]> = []): KubeObject => ({
  apiVersion: kind === 'Job' ? 'batch/v1' : 'apps/v1',
  kind,
  metadata: { name, namespace: 'demo', ...(owners.length ? { ownerReferences: owners.map(([k, n]) => ({ kind: k, name: n })) } : {}) },
  spec: { template: { spec: { containers: [{ name: 'app' }] } } },
});
const pod = (owners: Array<[string, string]>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p-1', namespace: 'demo', ownerReferences: owners.map(([kind, name]) => ({ kind, name })) },
  spec: {},
  status: { podIP: '10.0.0.1' },
});

const podCases: Array<[string, Array<[string, string]>, KubeObject[], { name: string; kind: string; missing?: { kind: string; name: string } }]> = [
  ['no owner: the Pod', [], [], { name: 'p-1', kind: 'Pod' }],
  ['ReplicaSet of a Deployment', [['ReplicaSet', 'web-5d']], [owned('ReplicaSet', 'web-5d', [['Deployment', 'web']])], { name: 'web', kind: 'Deployment' }],
  ['ReplicaSet without owners', [['ReplicaSet', 'rs']], [owned('ReplicaSet', 'rs')], { name: 'rs', kind: 'ReplicaSet' }],
  ['ReplicaSet owned by something else: Kuma falls back to the Pod', [['ReplicaSet', 'rs']], [owned('ReplicaSet', 'rs', [['Rollout', 'r']])], { name: 'p-1', kind: 'Pod' }],
  ['Job of a CronJob', [['Job', 'nightly-1']], [owned('Job', 'nightly-1', [['CronJob', 'nightly']])], { name: 'nightly', kind: 'CronJob' }],
  ['Job without owners', [['Job', 'once']], [owned('Job', 'once')], { name: 'once', kind: 'Job' }],
  ['any other owner as it is', [['DaemonSet', 'agent']], [], { name: 'agent', kind: 'DaemonSet' }],
  ['a ReplicaSet missing from the input', [['ReplicaSet', 'web-5d']], [], { name: 'web-5d', kind: 'ReplicaSet', missing: { kind: 'ReplicaSet', name: 'web-5d' } }],
];
for (const [name, owners, items, expected] of podCases) {
  test(`a Pod: ${name}`, () => assert.equal(workloadOf(podViewOfPod(pod(owners)), indexInputs(items)), expected));
}

const templateCases: Array<[string, KubeObject, { name: string; kind: string }]> = [
  ['a Deployment', { ...owned('Deployment', 'web') }, { name: 'web', kind: 'Deployment' }],
  ['a CronJob', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly', namespace: 'demo' } }, { name: 'nightly', kind: 'CronJob' }],
  ['a StatefulSet', owned('StatefulSet', 'db'), { name: 'db', kind: 'StatefulSet' }],
  ['a bare ReplicaSet', owned('ReplicaSet', 'rs'), { name: 'rs', kind: 'ReplicaSet' }],
  ['a ReplicaSet of a Deployment', owned('ReplicaSet', 'web-5d', [['Deployment', 'web']]), { name: 'web', kind: 'Deployment' }],
  ['a Job of a CronJob', owned('Job', 'nightly-1', [['CronJob', 'nightly']]), { name: 'nightly', kind: 'CronJob' }],
];
for (const [name, workload, expected] of templateCases) {
  test(`a template of ${name}`, () => {
    const [view] = podViewsOfTemplate(workload, { spec: {} } as JsonObject, ['spec', 'template'], { podIndexLabel: true });
    assert.equal(workloadOf(view!, indexInputs([])), expected);
  });
}
test.run();
