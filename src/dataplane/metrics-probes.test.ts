/** spec.metrics and spec.probes from the Pod (spec §11.7), with Kuma's own cases (pod_converter_test.go). */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readAnnotations } from '../kuma/annotation-reader.ts';
import { failure } from '../testing/fixtures.ts';
import { yaml } from '../testing/yaml.ts';
import { metrics, probes } from './metrics-probes.ts';

const m = suite('metrics');
const P = 'prometheus.metrics.kuma.io/';
m('none without the annotations', () => assert.is(metrics(readAnnotations({})), undefined));
m('port and path', () => {
  assert.equal(metrics(readAnnotations({ [`${P}port`]: '1234', [`${P}path`]: '/non-standard-path' })), { conf: { path: '/non-standard-path', port: 1234 }, type: 'prometheus' });
});
m('aggregates: defaults (path /metrics, enabled), address, disabled without port; sorted by name', () => {
  const annotations = {
    [`${P}aggregate-my-app-path`]: '/stats',
    [`${P}aggregate-my-app-port`]: '123',
    [`${P}aggregate-my-app-address`]: 'localhost',
    [`${P}aggregate-disabled-enabled`]: 'false',
    [`${P}aggregate-default-path-port`]: '11111',
  };
  assert.equal(metrics(readAnnotations(annotations)), {
    conf: {
      aggregate: [
        { enabled: true, name: 'default-path', path: '/metrics', port: 11111 },
        { enabled: false, name: 'disabled', path: '/metrics' },
        { address: 'localhost', enabled: true, name: 'my-app', path: '/stats', port: 123 },
      ],
    },
    type: 'prometheus',
  });
});
m('an enabled aggregate needs a port', () => {
  assert.is(failure(() => metrics(readAnnotations({ [`${P}aggregate-a-path`]: '/s' }))).message, 'port needs to be specified for metrics scraping');
});
m('a port that is not a number', () => {
  assert.is(
    failure(() => metrics(readAnnotations({ [`${P}aggregate-my-app-2-port`]: '123a' }))).message,
    'failed to parse annotation "prometheus.metrics.kuma.io/aggregate-my-app-2-port": strconv.ParseUint: parsing "123a": invalid syntax',
  );
});
m.run();

const p = suite('probes');
const VP = { 'kuma.io/virtual-probes': 'enabled', 'kuma.io/virtual-probes-port': '9000' };
const spec = yaml`
  initContainers:
    - {name: before, restartPolicy: Always, readinessProbe: {httpGet: {port: 9000, path: /1/x}}}
    - name: kuma-sidecar
      readinessProbe: {httpGet: {port: 9000, path: /2/x}}
    - {name: after, restartPolicy: Always, livenessProbe: {httpGet: {port: 9000, path: /3/health}}}
  containers:
    - name: app
      livenessProbe: {httpGet: {port: "9000", path: /8080/live}}
      readinessProbe: {httpGet: {port: 9001, path: /8081/}}
      startupProbe: {tcpSocket: {port: 8080}}
    - name: tcp
      readinessProbe: {httpGet: {port: 9001, path: /tcp/8080}}
`;
p('off unless kuma.io/virtual-probes is enabled', () => assert.is(probes(readAnnotations({}), spec), undefined));
p('native sidecars after kuma-sidecar, then the containers; probe-proxy ports mapped back; tcp/grpc skipped', () => {
  assert.equal(probes(readAnnotations({ ...VP, 'kuma.io/application-probe-proxy-port': '9001' }), spec), {
    endpoints: [
      { inboundPath: '/health', inboundPort: 3, path: '/3/health' },
      { inboundPath: '/live', inboundPort: 8080, path: '/8080/live' },
      { inboundPath: '/', inboundPort: 8081, path: '/8081/' },
    ],
    port: 9000,
  });
});
p('a probe on another port fails, as the virtual probe cannot be read back', () => {
  assert.is(
    failure(() => probes(readAnnotations(VP), spec)).message,
    "unable to convert virtual probe to real: probe's port 9001 should be equal to virtual port 9000",
  );
});
p('the port annotation is required', () => {
  assert.is(failure(() => probes(readAnnotations({ 'kuma.io/virtual-probes': 'enabled' }), {})).message, "kuma.io/virtual-probes-port annotation doesn't exist");
});
p('a path whose first segment is no port fails', () => {
  const bad = yaml`{containers: [{name: a, livenessProbe: {httpGet: {port: 9000, path: /live}}}]}`;
  assert.is(failure(() => probes(readAnnotations(VP), bad)).message, 'unable to convert virtual probe to real: invalid port value live');
});
const R27 = { applicationProbeProxy: false, probesCoverNativeSidecars: false };
p('2.7 (applicationProbeProxy off): no probe proxy port mapped back, and a tcp probe is an error', () => {
  const annotations = readAnnotations({ ...VP, 'kuma.io/application-probe-proxy-port': '9001' });
  assert.is(failure(() => probes(annotations, spec, R27)).message, "unable to convert virtual probe to real: probe's port 9001 should be equal to virtual port 9000");
  const tcp = yaml`{containers: [{name: tcp, readinessProbe: {httpGet: {port: 9000, path: /tcp/8080}}}]}`;
  assert.is(failure(() => probes(readAnnotations(VP), tcp, R27)).message, 'unable to convert virtual probe to real: invalid port value tcp');
});
p('2.7 (probesCoverNativeSidecars off): native sidecars after kuma-sidecar give no endpoint', () => {
  const onlyInit = yaml`{initContainers: [{name: kuma-sidecar}, {name: after, restartPolicy: Always, livenessProbe: {httpGet: {port: 9000, path: /3/health}}}], containers: []}`;
  assert.equal(probes(readAnnotations(VP), onlyInit, R27), { port: 9000 });
  assert.equal(probes(readAnnotations(VP), onlyInit)!.endpoints?.length, 1);
});
p.run();
