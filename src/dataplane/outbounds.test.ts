/** Outbounds when kuma-cp does not use VIPs (spec §11.7): ClusterIP, headless endpoints, reachable services. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { KubeObject } from '../krm/object.ts';
import { yaml } from '../testing/yaml.ts';
import { indexInputs } from './inputs.ts';
import { catalogOf, outboundsFor } from './outbounds.ts';

const test = suite('outboundsFor');
const dataplane = (address: string, inbounds: string): KubeObject => yaml`{spec: {networking: {address: ${address}, inbound: ${inbounds}}}}`;
const SERVICES: KubeObject[] = yaml`
  - {apiVersion: v1, kind: Service, metadata: {name: api, namespace: shop}, spec: {clusterIP: 10.96.0.10}}
  - {apiVersion: v1, kind: Service, metadata: {name: db, namespace: data}, spec: {clusterIP: None}}
  - {apiVersion: v1, kind: Service, metadata: {name: ext, namespace: shop}, spec: {type: ExternalName}}
`;
const index = indexInputs(SERVICES);
const catalog = catalogOf(
  new Map([
    ['shop/api-1', dataplane('10.0.0.1', '[{port: 8080, tags: {kuma.io/service: api_shop_svc_80}}, {port: 9, state: Ignored, tags: {kuma.io/service: gone_shop_svc_9}}]')],
    ['shop/api-2', dataplane('10.0.0.2', '[{port: 8080, tags: {kuma.io/service: api_shop_svc_80}}]')],
    ['data/db-1', dataplane('10.0.1.1', '[{port: 5432, tags: {kuma.io/service: db_data_svc_5432, kuma.io/instance: db-1}}]')],
    ['data/db-0', dataplane('10.0.1.0', '[{port: 5432, tags: {kuma.io/service: db_data_svc_5432, kuma.io/instance: db-0}}]')],
    ['shop/ext', dataplane('10.0.0.3', '[{port: 80, tags: {kuma.io/service: ext_shop_svc_80}}]')],
    ['shop/solo', dataplane('10.0.0.4', '[{port: 49151, tags: {kuma.io/service: solo_shop_svc}}]')],
    ['shop/unknown', dataplane('10.0.0.5', '[{port: 80, tags: {kuma.io/service: nope_shop_svc_80}}]')],
  ]),
  index,
);

test('one per ClusterIP service, one per headless endpoint (in name order), none for ExternalName, service-less or unknown Services', () => {
  assert.equal(outboundsFor(catalog, { id: 'shop/web' }, index), [
    { address: '10.96.0.10', port: 80, tags: { 'kuma.io/service': 'api_shop_svc_80' } },
    { address: '10.0.1.0', port: 5432, tags: { 'kuma.io/instance': 'db-0', 'kuma.io/service': 'db_data_svc_5432' } },
    { address: '10.0.1.1', port: 5432, tags: { 'kuma.io/instance': 'db-1', 'kuma.io/service': 'db_data_svc_5432' } },
  ]);
});
test("its own entries are left out, and its own headless endpoint is skipped by IP", () => {
  const outs = outboundsFor(catalog, { id: 'data/db-0', podIP: '10.0.1.1' }, index);
  assert.equal(outs.map((o) => o.tags['kuma.io/service']), ['api_shop_svc_80']);
});
test('its current Dataplane counts, as the reconciler sees it', () => {
  const current = dataplane('10.0.0.9', '[{port: 8080, tags: {kuma.io/service: api_shop_svc_80}}]');
  const only = catalogOf(new Map([['shop/web', dataplane('x', '[]')]]), index);
  assert.equal(outboundsFor(only, { id: 'shop/web', current }, index), [{ address: '10.96.0.10', port: 80, tags: { 'kuma.io/service': 'api_shop_svc_80' } }]);
});
test('reachable services limit them', () => {
  assert.equal(outboundsFor(catalog, { id: 'shop/web', reachableServices: ['db_data_svc_5432'] }, index).map((o) => o.tags['kuma.io/instance']), ['db-0', 'db-1']);
});
test.run();
