import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { settingsWith } from '../testing/fixtures.ts';
import { yaml } from '../testing/yaml.ts';
import { checkDuplicates } from './check-duplicates.ts';

const dup = suite('checkDuplicates');
const settings = settingsWith();

const cases: Array<{ name: string; items: any[]; errors: number }> = [
  { name: 'distinct objects', items: yaml`[{apiVersion: v1, kind: Service, metadata: {name: a, namespace: x}}, {apiVersion: v1, kind: Service, metadata: {name: a, namespace: y}}]`, errors: 0 },
  { name: 'same name, other kinds', items: yaml`[{apiVersion: v1, kind: Service, metadata: {name: a}}, {apiVersion: apps/v1, kind: Deployment, metadata: {name: a}}]`, errors: 0 },
  { name: 'same kind, other groups', items: yaml`[{apiVersion: v1, kind: Event, metadata: {name: a}}, {apiVersion: events.k8s.io/v1, kind: Event, metadata: {name: a}}]`, errors: 0 },
  { name: 'the same object twice', items: yaml`[{apiVersion: v1, kind: Service, metadata: {name: a, namespace: x}}, {apiVersion: v1, kind: Service, metadata: {name: a, namespace: x}}]`, errors: 1 },
  { name: 'the same object in two API versions', items: yaml`[{apiVersion: apps/v1, kind: Deployment, metadata: {name: a}}, {apiVersion: apps/v1beta2, kind: Deployment, metadata: {name: a}}]`, errors: 1 },
  { name: 'three copies', items: yaml`[{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}, {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}, {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}]`, errors: 2 },
];
for (const c of cases) {
  dup(`${c.errors ? 'reports' : 'accepts'} ${c.name}`, () => {
    const out = checkDuplicates(c.items, settings);
    assert.is(out.results.length, c.errors);
    assert.ok(out.results.every((r) => r.severity === 'error' && r.code === 'INVALID_INPUT' && r.field?.path === 'metadata.name'));
    assert.ok(out.items.every((item, i) => item === c.items[i]), 'items pass through unchanged');
  });
}
dup.run();
