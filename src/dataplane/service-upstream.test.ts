/** The annotations kuma-cp's Service reconciler writes (spec §11.10), mirrored for mirrorServiceAnnotations. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject, KubeObject } from '../krm/object.ts';
import { annotationsOf } from '../krm/object.ts';
import { namespaceFromObject } from '../kuma/precheck.ts';
import { withServiceUpstream } from './service-upstream.ts';

const test = suite('withServiceUpstream');
const service = (annotations: Record<string, string> = {}, spec: JsonObject = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 's', namespace: 'ns', annotations },
  spec,
});
const namespace = (labels: Record<string, string> | undefined) => (name: string) =>
  labels ? namespaceFromObject(name, { metadata: { name, labels } }) : namespaceFromObject(name, undefined);
const BOTH = { 'ingress.kubernetes.io/service-upstream': 'true', 'nginx.ingress.kubernetes.io/service-upstream': 'true' };

const cases: Array<[string, KubeObject, Record<string, string> | undefined, Record<string, string> | 'same']> = [
  ['injection enabled: both annotations', service(), { 'kuma.io/sidecar-injection': 'enabled' }, BOTH],
  ['a user "false" is overwritten, as kuma-cp does', service({ 'ingress.kubernetes.io/service-upstream': 'false' }), { 'kuma.io/sidecar-injection': 'true' }, BOTH],
  ['already there: the same object', service(BOTH), { 'kuma.io/sidecar-injection': 'enabled' }, 'same'],
  ['injection disabled', service(), { 'kuma.io/sidecar-injection': 'disabled' }, 'same'],
  ['no label', service(), {}, 'same'],
  ['a namespace nobody knows', service(), undefined, 'same'],
  ['a builtin gateway Service', service({ 'kuma.io/gateway': 'builtin' }), { 'kuma.io/sidecar-injection': 'enabled' }, 'same'],
  ['ExternalName', service({}, { type: 'ExternalName' }), { 'kuma.io/sidecar-injection': 'enabled' }, 'same'],
  ['kuma.io/ignore', service({ 'kuma.io/ignore': 'true' }), { 'kuma.io/sidecar-injection': 'enabled' }, 'same'],
];
for (const [name, object, labels, expected] of cases) {
  test(name, () => {
    const out = withServiceUpstream(object, namespace(labels));
    if (expected === 'same') assert.is(out, object);
    else assert.equal(annotationsOf(out), { ...annotationsOf(object), ...expected });
  });
}
test.run();
