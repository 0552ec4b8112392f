/** Dataplane labels (pkg/core/resources/labels Compute, spec §11.3). */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dataplaneLabels, workloadName } from './labels.ts';

const test = suite('dataplaneLabels');
const BASE = { mesh: 'default', namespace: 'shop', mode: 'zone' as const, zone: 'east', serviceAccount: '', workload: '', previousSpec: {} };

test('zone mode: mesh, origin, zone, env, namespace and proxy type, after the given labels', () => {
  assert.equal(dataplaneLabels({ app: 'web', 'kuma.io/sidecar-injection': 'enabled' }, BASE), {
    app: 'web',
    'k8s.kuma.io/namespace': 'shop',
    'kuma.io/env': 'kubernetes',
    'kuma.io/mesh': 'default',
    'kuma.io/origin': 'zone',
    'kuma.io/proxy-type': 'sidecar',
    'kuma.io/sidecar-injection': 'enabled',
    'kuma.io/zone': 'east',
  });
});
test('the computed-if-absent labels keep a given value; proxy type, service account and workload are overwritten', () => {
  const labels = dataplaneLabels(
    { 'kuma.io/mesh': 'other', 'kuma.io/zone': 'west', 'kuma.io/proxy-type': 'x', 'kuma.io/workload': 'x' },
    { ...BASE, serviceAccount: 'sa', workload: 'w' },
  );
  assert.equal([labels['kuma.io/mesh'], labels['kuma.io/zone'], labels['kuma.io/proxy-type'], labels['k8s.kuma.io/service-account'], labels['kuma.io/workload']], [
    'other',
    'west',
    'sidecar',
    'sa',
    'w',
  ]);
});
test('origin global: no zone, env or namespace labels', () => {
  assert.equal(dataplaneLabels({ 'kuma.io/origin': 'global' }, BASE), { 'kuma.io/mesh': 'default', 'kuma.io/origin': 'global', 'kuma.io/proxy-type': 'sidecar' });
});
test('listener labels come from the previous spec, and go when it has none', () => {
  const previousSpec = { networking: { listeners: [{ type: 'ZoneIngress' }] } };
  const labels = dataplaneLabels({ 'kuma.io/listener-zoneegress': 'enabled' }, { ...BASE, previousSpec });
  assert.equal([labels['kuma.io/listener-zoneingress'], labels['kuma.io/listener-zoneegress']], ['enabled', undefined]);
});
test.run();

const workload = suite('workloadName');
workload('the first configured label with a value, else the ServiceAccount', () => {
  assert.equal(
    [
      workloadName({ app: 'web', name: '' }, ['name', 'app'], 'sa'),
      workloadName({ app: 'web' }, ['other'], 'sa'),
      workloadName({ app: 'web' }, [], ''),
    ],
    ['web', 'sa', ''],
  );
});
workload.run();
