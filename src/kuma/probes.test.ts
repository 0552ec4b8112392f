/**
 * Probe annotations and rewriting of application probes (spec §8.1, §8.2, §10). Expected probes are written
 * from §10's rules: `/<port><path>` on the proxy port, Host renamed in place, scheme then timeout headers,
 * gRPC service last; exec probes and kuma-sidecar untouched.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { failure } from '../testing/fixtures.ts';
import type { JsonObject } from '../krm/object.ts';
import { yaml } from '../testing/yaml.ts';
import { readAnnotations } from './annotation-reader.ts';
import { InjectionFailure } from './failure.ts';
import { applicationProbeProxyPortAnnotation, applicationProbeProxyPortConfigMapMode, type ProbeRules, rewriteProbes, virtualProbesAnnotation } from './probes.ts';
import { releaseOf } from './releases.ts';


const read = readAnnotations;
const RULES_2_14: ProbeRules = releaseOf('2.14').behaviour;
const RULES_2_12: ProbeRules = releaseOf('2.12').behaviour;

// ---------------------------------------------------------------------------------------------------------
const vp = suite('virtualProbesAnnotation');

interface VpCase {
  name: string;
  input: Record<string, string>;
  config: boolean;
  expected: 'enabled' | 'disabled';
}

const vpCases: VpCase[] = [
  { name: 'follows the config when the pod says nothing (on)', input: {}, config: true, expected: 'enabled' },
  { name: 'follows the config when the pod says nothing (off, 2.14 default)', input: {}, config: false, expected: 'disabled' },
  { name: 'a pod annotation wins over the config (fixture 20)', input: { 'kuma.io/virtual-probes': 'enabled' }, config: false, expected: 'enabled' },
  { name: 'normalizes `no` to disabled', input: { 'kuma.io/virtual-probes': 'no' }, config: true, expected: 'disabled' },
  { name: 'normalizes `true` to enabled', input: { 'kuma.io/virtual-probes': 'true' }, config: false, expected: 'enabled' },
  { name: 'a gateway disables virtual probes', input: { 'kuma.io/gateway': 'enabled' }, config: true, expected: 'disabled' },
  {
    name: 'probe proxy port 0 on the pod enables them (fixture 15)',
    input: { 'kuma.io/application-probe-proxy-port': '0' },
    config: false,
    expected: 'enabled',
  },
  {
    name: 'probe proxy port 0 beats a pod annotation that disables them',
    input: { 'kuma.io/application-probe-proxy-port': '0', 'kuma.io/virtual-probes': 'disabled' },
    config: false,
    expected: 'enabled',
  },
  {
    name: 'a non-zero probe proxy port does not enable them',
    input: { 'kuma.io/application-probe-proxy-port': '9000' },
    config: false,
    expected: 'disabled',
  },
  { name: 'a gateway annotation that parses false does not disable them', input: { 'kuma.io/gateway': 'disabled', 'kuma.io/virtual-probes': 'enabled' }, config: false, expected: 'enabled' },
];

for (const c of vpCases) vp(c.name, () => assert.is(virtualProbesAnnotation(read(c.input), c.config, RULES_2_14), c.expected));

vp('a gateway that enables virtual probes fails', () => {
  const e = failure(() => virtualProbesAnnotation(read({ 'kuma.io/gateway': 'enabled', 'kuma.io/virtual-probes': 'enabled' }), false, RULES_2_14));
  assert.is(e.message, "virtual probes can't be enabled in gateway mode");
  assert.is(e.field, 'metadata.annotations[kuma.io/virtual-probes]');
});

// ---------------------------------------------------------------------------------------------------------
const app = suite('applicationProbeProxyPortAnnotation (legacy rule)');

interface PortCase {
  name: string;
  input: Record<string, string>;
  expected: number;
}

const legacyCases: PortCase[] = [
  { name: 'is the config port by default', input: {}, expected: 9001 },
  { name: 'is the pod annotation (fixture 14)', input: { 'kuma.io/application-probe-proxy-port': '19000' }, expected: 19000 },
  { name: 'is 0 when the pod says 0', input: { 'kuma.io/application-probe-proxy-port': '0' }, expected: 0 },
  { name: 'is 0 for `kuma.io/gateway: enabled` (fixture 06)', input: { 'kuma.io/gateway': 'enabled' }, expected: 0 },
  { name: 'is 0 for any gateway key, even `disabled`', input: { 'kuma.io/gateway': 'disabled' }, expected: 0 },
  { name: 'is 0 for a non-boolean gateway value such as `provided`', input: { 'kuma.io/gateway': 'provided' }, expected: 0 },
  { name: 'is 0 for a gateway that also says 0', input: { 'kuma.io/gateway': 'enabled', 'kuma.io/application-probe-proxy-port': '0' }, expected: 0 },
];
for (const c of legacyCases) app(c.name, () => assert.is(applicationProbeProxyPortAnnotation(read(c.input), 9001, 'disabled', RULES_2_14), c.expected));

app('a gateway key with a positive port fails, even when the gateway is `disabled`', () => {
  for (const gateway of ['enabled', 'disabled']) {
    const e = failure(() => applicationProbeProxyPortAnnotation(read({ 'kuma.io/gateway': gateway, 'kuma.io/application-probe-proxy-port': '9000' }), 9001, 'disabled', RULES_2_14));
    assert.is(e.message, "application probe proxies probes can't be enabled in gateway mode");
    assert.is(e.field, 'metadata.annotations[kuma.io/application-probe-proxy-port]');
  }
});

app('an unparsable port fails with the uint32 message', () => {
  const e = failure(() => applicationProbeProxyPortAnnotation(read({ 'kuma.io/application-probe-proxy-port': '-1' }), 9001, 'enabled', RULES_2_14));
  assert.is(e.message, 'failed to parse annotation "kuma.io/application-probe-proxy-port": strconv.ParseUint: parsing "-1": invalid syntax');
  assert.is(e.field, 'metadata.annotations[kuma.io/application-probe-proxy-port]');
});

// ---------------------------------------------------------------------------------------------------------
// probeProxyOffWhenVirtualProbesOff: 2.12's rules (probe.go, pod_probe_overrider.go at v2.12.14); no 2.12 fixture
// exercises them, so each case shows the 2.14 value beside the 2.12 one.
const rules212 = suite('probe rules of 2.12 (probeProxyOffWhenVirtualProbesOff) against 2.14');

/** Both annotations as the webhook writes them, for config `virtualProbesEnabled` and proxy port 9001. */
function probeAnnotations(pod: Record<string, string>, configVp: boolean, rules: ProbeRules): [string, number] {
  const reader = read(pod);
  const vpValue = virtualProbesAnnotation(reader, configVp, rules);
  return [vpValue, applicationProbeProxyPortAnnotation(reader, 9001, vpValue, rules)];
}

rules212('virtual probes off in the config and no pod annotations: 2.12 turns the probe proxy off, 2.14 uses the port', () => {
  assert.equal(probeAnnotations({}, false, RULES_2_12), ['disabled', 0]);
  assert.equal(probeAnnotations({}, false, RULES_2_14), ['disabled', 9001]);
});

rules212('virtual probes off but the pod names a proxy port: that port in both', () => {
  const pod = { 'kuma.io/application-probe-proxy-port': '9000' };
  assert.equal(probeAnnotations(pod, false, RULES_2_12), ['disabled', 9000]);
  assert.equal(probeAnnotations(pod, false, RULES_2_14), ['disabled', 9000]);
});

rules212('virtual probes on in the config: the config port in both', () => {
  assert.equal(probeAnnotations({}, true, RULES_2_12), ['enabled', 9001]);
  assert.equal(probeAnnotations({}, true, RULES_2_14), ['enabled', 9001]);
});

rules212('virtual probes disabled on the pod: 2.12 turns the proxy off too', () => {
  const pod = { 'kuma.io/virtual-probes': 'disabled' };
  assert.equal(probeAnnotations(pod, true, RULES_2_12), ['disabled', 0]);
  assert.equal(probeAnnotations(pod, true, RULES_2_14), ['disabled', 9001]);
});

rules212('pod proxy port "0" with virtual probes off in the config: 2.12 keeps them off, 2.14 turns them on', () => {
  const pod = { 'kuma.io/application-probe-proxy-port': '0' };
  assert.equal(probeAnnotations(pod, false, RULES_2_12), ['disabled', 0]);
  assert.equal(probeAnnotations(pod, false, RULES_2_14), ['enabled', 0]);
});

rules212('a gateway: probe proxy off and virtual probes disabled in both', () => {
  assert.equal(probeAnnotations({ 'kuma.io/gateway': 'enabled' }, true, RULES_2_12), ['disabled', 0]);
  assert.equal(probeAnnotations({ 'kuma.io/gateway': 'enabled' }, true, RULES_2_14), ['disabled', 0]);
});

rules212('a gateway with a proxy port fails in both', () => {
  for (const rules of [RULES_2_12, RULES_2_14]) {
    const e = failure(() => probeAnnotations({ 'kuma.io/gateway': 'enabled', 'kuma.io/application-probe-proxy-port': '5000' }, false, rules));
    assert.is(e.message, "application probe proxies probes can't be enabled in gateway mode");
  }
});

rules212('2.12 with the proxy off rewrites no probe', () => {
  const [vpValue, port] = probeAnnotations({}, false, RULES_2_12);
  const spec: JsonObject = { containers: [{ name: 'app', readinessProbe: { httpGet: { path: '/ready', port: 8080 } } }] };
  const final = read({ 'kuma.io/virtual-probes': vpValue, 'kuma.io/application-probe-proxy-port': String(port), 'kuma.io/virtual-probes-port': '9000' });
  assert.equal(rewriteProbes(spec, final), spec);
});

rules212('the release table: the 2.12 rules up to 2.12, the 2.13 ones after', () => {
  for (const minor of ['2.9', '2.11', '2.12'] as const) assert.ok(releaseOf(minor).behaviour.probeProxyOffWhenVirtualProbesOff, minor);
  for (const minor of ['2.13', '2.14', '3.0-preview'] as const) assert.not.ok(releaseOf(minor).behaviour.probeProxyOffWhenVirtualProbesOff, minor);
});

const cm = suite('applicationProbeProxyPortConfigMapMode (cmMode rule)');

const cmCases: PortCase[] = [
  { name: 'is the config port by default', input: {}, expected: 9001 },
  { name: 'is 0 for a gateway that parses true', input: { 'kuma.io/gateway': 'enabled' }, expected: 0 },
  { name: 'keeps the config port for a gateway key that parses false (unlike the legacy rule)', input: { 'kuma.io/gateway': 'disabled' }, expected: 9001 },
  { name: 'is the pod annotation', input: { 'kuma.io/application-probe-proxy-port': '1234' }, expected: 1234 },
  { name: 'virtual probes true → the config port', input: { 'kuma.io/virtual-probes': 'enabled' }, expected: 9001 },
  { name: 'virtual probes false → 0', input: { 'kuma.io/virtual-probes': 'disabled' }, expected: 0 },
  { name: 'the pod port beats the virtual probes annotation', input: { 'kuma.io/virtual-probes': 'disabled', 'kuma.io/application-probe-proxy-port': '1234' }, expected: 1234 },
  { name: 'a pod port of "0" turns the proxy off, even with virtual probes enabled', input: { 'kuma.io/virtual-probes': 'enabled', 'kuma.io/application-probe-proxy-port': '0' }, expected: 0 },
];
for (const c of cmCases) cm(c.name, () => assert.is(applicationProbeProxyPortConfigMapMode(read(c.input), 9001), c.expected));

cm('a gateway with a positive port fails', () => {
  const e = failure(() => applicationProbeProxyPortConfigMapMode(read({ 'kuma.io/gateway': 'true', 'kuma.io/application-probe-proxy-port': '9000' }), 9001));
  assert.is(e.message, "application probe proxies probes can't be enabled in gateway mode");
});

// ---------------------------------------------------------------------------------------------------------
const proxy = suite('rewriteProbes: application probe proxy');

const PROXY = read({ 'kuma.io/application-probe-proxy-port': '9001' });
const container = (probes: JsonObject, extra: JsonObject = {}): JsonObject => ({ name: 'app', image: 'app', ...extra, ...probes });
const rewriteOne = (probe: JsonObject, annotations = PROXY, extra: JsonObject = {}): unknown => {
  const spec = rewriteProbes({ containers: [container({ readinessProbe: probe }, extra)] }, annotations);
  return ((spec.containers as JsonObject[])[0] as JsonObject).readinessProbe;
};

interface ProbeCase {
  name: string;
  input: JsonObject;
  ports?: JsonObject[];
  expected: JsonObject;
}

const proxyCases: ProbeCase[] = [
  {
    name: 'moves an httpGet probe to /<port><path> on the proxy port (fixture 13)',
    input: yaml`{httpGet: {path: /metrics, port: 3001}, initialDelaySeconds: 3, periodSeconds: 3}`,
    expected: yaml`{httpGet: {path: /3001/metrics, port: 9001}, initialDelaySeconds: 3, periodSeconds: 3}`,
  },
  {
    name: 'adds the leading slash to a relative path',
    input: { httpGet: { path: 'healthz', port: 8080 } },
    expected: { httpGet: { path: '/8080/healthz', port: 9001 } },
  },
  {
    name: 'uses `/` for a missing path',
    input: { httpGet: { port: 8080 } },
    expected: { httpGet: { path: '/8080/', port: 9001 } },
  },
  {
    name: 'resolves a named port through the container ports (fixture 21)',
    input: { httpGet: { path: '/ready', port: 'http' } },
    ports: [{ name: 'metrics', containerPort: 9090 }, { name: 'http', containerPort: 8080 }],
    expected: { httpGet: { path: '/8080/ready', port: 9001 } },
  },
  {
    name: 'accepts a numeric string port',
    input: { httpGet: { path: '/ready', port: '8080' } },
    expected: { httpGet: { path: '/8080/ready', port: 9001 } },
  },
  {
    name: 'renames a `Host` header in place, then adds scheme and timeout headers, dropping host and scheme',
    input: yaml`
      httpGet:
        path: /health
        port: 8443
        host: 10.0.0.1
        scheme: HTTPS
        httpHeaders:
        - {name: X-A, value: a}
        - {name: Host, value: example.com}
        - {name: X-B, value: b}
      timeoutSeconds: 5
      failureThreshold: 4
    `,
    expected: yaml`
      httpGet:
        path: /8443/health
        port: 9001
        httpHeaders:
        - {name: X-A, value: a}
        - {name: X-Kuma-Probes-Host, value: example.com}
        - {name: X-B, value: b}
        - {name: X-Kuma-Probes-Scheme, value: HTTPS}
        - {name: X-Kuma-Probes-Timeout, value: "5"}
      timeoutSeconds: 5
      failureThreshold: 4
    `,
  },
  {
    name: 'renames only a header named exactly `Host`',
    input: { httpGet: { path: '/', port: 80, httpHeaders: [{ name: 'host', value: 'h' }] } },
    expected: { httpGet: { path: '/80/', port: 9001, httpHeaders: [{ name: 'host', value: 'h' }] } },
  },
  {
    name: 'adds no scheme header for HTTP',
    input: { httpGet: { path: '/', port: 80, scheme: 'HTTP' } },
    expected: { httpGet: { path: '/80/', port: 9001 } },
  },
  {
    name: 'adds no timeout header for a timeout of 1',
    input: { httpGet: { path: '/', port: 80 }, timeoutSeconds: 1 },
    expected: { httpGet: { path: '/80/', port: 9001 }, timeoutSeconds: 1 },
  },
  {
    name: 'adds the timeout header from 2 seconds on',
    input: { httpGet: { path: '/', port: 80 }, timeoutSeconds: 2 },
    expected: { httpGet: { path: '/80/', port: 9001, httpHeaders: [{ name: 'X-Kuma-Probes-Timeout', value: '2' }] }, timeoutSeconds: 2 },
  },
  {
    name: 'turns a tcpSocket probe into /tcp/<port>, with the timeout header',
    input: { tcpSocket: { port: 5432 }, timeoutSeconds: 3, periodSeconds: 10 },
    expected: { httpGet: { path: '/tcp/5432', port: 9001, httpHeaders: [{ name: 'X-Kuma-Probes-Timeout', value: '3' }] }, timeoutSeconds: 3, periodSeconds: 10 },
  },
  {
    name: 'resolves a named tcpSocket port',
    input: { tcpSocket: { port: 'db' } },
    ports: [{ name: 'db', containerPort: 5432 }],
    expected: { httpGet: { path: '/tcp/5432', port: 9001 } },
  },
  {
    name: 'turns a grpc probe into /grpc/<port>, timeout header then service header',
    input: { grpc: { port: 9090, service: 'health.v1' }, timeoutSeconds: 10 },
    expected: {
      httpGet: {
        path: '/grpc/9090',
        port: 9001,
        httpHeaders: [
          { name: 'X-Kuma-Probes-Timeout', value: '10' },
          { name: 'X-Kuma-Probes-GRPC-Service', value: 'health.v1' },
        ],
      },
      timeoutSeconds: 10,
    },
  },
  {
    name: 'adds no service header for an empty grpc service',
    input: { grpc: { port: 9090, service: '' } },
    expected: { httpGet: { path: '/grpc/9090', port: 9001 } },
  },
  {
    name: 'leaves exec probes untouched',
    input: { exec: { command: ['cat', '/tmp/ready'] }, timeoutSeconds: 5 },
    expected: { exec: { command: ['cat', '/tmp/ready'] }, timeoutSeconds: 5 },
  },
];

for (const c of proxyCases) {
  proxy(c.name, () => assert.equal(rewriteOne(c.input, PROXY, c.ports ? { ports: c.ports } : {}), c.expected));
}

proxy('uses the port from the annotation', () => {
  assert.equal(rewriteOne({ httpGet: { path: '/', port: 80 } }, read({ 'kuma.io/application-probe-proxy-port': '19000' })), {
    httpGet: { path: '/80/', port: 19000 },
  });
});

proxy('rewrites liveness, readiness and startup probes of every application container', () => {
  const spec = yaml`
    containers:
    - name: a
      livenessProbe: {httpGet: {path: /l, port: 1}}
      readinessProbe: {httpGet: {path: /r, port: 2}}
      startupProbe: {httpGet: {path: /s, port: 3}}
    - name: b
      readinessProbe: {tcpSocket: {port: 4}}
  `;
  const out = rewriteProbes(spec, PROXY);
  assert.equal(out, yaml`
    containers:
    - name: a
      livenessProbe: {httpGet: {path: /1/l, port: 9001}}
      readinessProbe: {httpGet: {path: /2/r, port: 9001}}
      startupProbe: {httpGet: {path: /3/s, port: 9001}}
    - name: b
      readinessProbe: {httpGet: {path: /tcp/4, port: 9001}}
  `);
});

proxy('leaves kuma-sidecar alone, as a container and as an init container', () => {
  const sidecar = { name: 'kuma-sidecar', readinessProbe: { httpGet: { path: '/ready', port: 9902 } } };
  const spec = { initContainers: [sidecar], containers: [{ ...sidecar }] };
  assert.equal(rewriteProbes(spec, PROXY), spec);
});

proxy('rewrites user native sidecars after kuma-sidecar only (fixture 35)', () => {
  const spec = yaml`
    initContainers:
    - name: before
      restartPolicy: Always
      readinessProbe: {httpGet: {path: /b, port: 1}}
    - name: kuma-sidecar
      restartPolicy: Always
      readinessProbe: {httpGet: {path: /ready, port: 9902}}
    - name: native
      restartPolicy: Always
      readinessProbe: {httpGet: {path: /metrics, port: 3001}, initialDelaySeconds: 3}
      livenessProbe: {httpGet: {path: /metrics, port: 8080}}
      startupProbe: {httpGet: {path: /metrics, port: 8081}}
    - name: plain-init
      readinessProbe: {httpGet: {path: /p, port: 2}}
    containers:
    - name: app
  `;
  const out = rewriteProbes(spec, PROXY);
  const inits = out.initContainers as JsonObject[];
  assert.equal(inits[0], (spec.initContainers as JsonObject[])[0], 'a native sidecar before kuma-sidecar is untouched');
  assert.equal(inits[1], (spec.initContainers as JsonObject[])[1]);
  assert.equal(inits[2], yaml`
    name: native
    restartPolicy: Always
    readinessProbe: {httpGet: {path: /3001/metrics, port: 9001}, initialDelaySeconds: 3}
    livenessProbe: {httpGet: {path: /8080/metrics, port: 9001}}
    startupProbe: {httpGet: {path: /8081/metrics, port: 9001}}
  `);
  assert.equal(inits[3], (spec.initContainers as JsonObject[])[3], 'an init container without restartPolicy Always is untouched');
});

proxy('does not modify the input spec', () => {
  const spec = { containers: [container({ readinessProbe: { httpGet: { path: '/x', port: 80 } } })] };
  const copy = structuredClone(spec);
  rewriteProbes(spec, PROXY);
  assert.equal(spec, copy);
});

interface ReservedCase {
  name: string;
  probe: JsonObject;
  ports?: JsonObject[];
}
const reservedCases: ReservedCase[] = [
  { name: 'an httpGet probe on the proxy port', probe: { httpGet: { path: '/', port: 9001 } } },
  { name: 'a named httpGet port that resolves to the proxy port', probe: { httpGet: { path: '/', port: 'admin' } }, ports: [{ name: 'admin', containerPort: 9001 }] },
  { name: 'a tcpSocket probe on the proxy port', probe: { tcpSocket: { port: 9001 } } },
  { name: 'a grpc probe on the proxy port', probe: { grpc: { port: 9001 } } },
];
for (const c of reservedCases) {
  proxy(`fails for ${c.name}`, () => {
    const e = failure(() => rewriteOne(c.probe, PROXY, c.ports ? { ports: c.ports } : {}));
    assert.is(e.message, "cannot override Pod's probes. Port for probe cannot be set to 9001. It is reserved for the dataplane that will serve pods without mTLS.");
    assert.is(e.field, undefined);
  });
}

// ---------------------------------------------------------------------------------------------------------
const virtual = suite('rewriteProbes: legacy virtual probes');

const VIRTUAL = read({ 'kuma.io/application-probe-proxy-port': '0', 'kuma.io/virtual-probes': 'enabled', 'kuma.io/virtual-probes-port': '9000' });

virtual('moves httpGet probes to the virtual port, keeping every other field (fixture 15)', () => {
  const probe = { httpGet: { path: '/metrics', port: 3001, scheme: 'HTTPS', httpHeaders: [{ name: 'Host', value: 'h' }] }, timeoutSeconds: 5 };
  assert.equal(rewriteOne(probe, VIRTUAL), {
    httpGet: { path: '/3001/metrics', port: 9000, scheme: 'HTTPS', httpHeaders: [{ name: 'Host', value: 'h' }] },
    timeoutSeconds: 5,
  });
});

virtual('resolves named ports', () => {
  assert.equal(rewriteOne({ httpGet: { path: 'x', port: 'http' } }, VIRTUAL, { ports: [{ name: 'http', containerPort: 8080 }] }), {
    httpGet: { path: '/8080/x', port: 9000 },
  });
});

virtual('leaves tcpSocket, grpc and exec probes alone', () => {
  const probes: JsonObject[] = [{ tcpSocket: { port: 5432 } }, { grpc: { port: 9090 } }, { exec: { command: ['true'] } }];
  for (const probe of probes) {
    assert.equal(rewriteOne(probe, VIRTUAL), probe);
  }
});

virtual('uses the virtual probes port annotation', () => {
  const annotations = read({ 'kuma.io/application-probe-proxy-port': '0', 'kuma.io/virtual-probes': 'enabled', 'kuma.io/virtual-probes-port': '19000' });
  assert.equal(rewriteOne({ httpGet: { path: '/', port: 80 } }, annotations), { httpGet: { path: '/80/', port: 19000 } });
});

virtual('probe proxy 0 with virtual probes disabled leaves the spec as it is (fixture 19)', () => {
  const spec = { containers: [container({ readinessProbe: { httpGet: { path: '/x', port: 80 } } })] };
  const out = rewriteProbes(spec, read({ 'kuma.io/application-probe-proxy-port': '0', 'kuma.io/virtual-probes': 'disabled', 'kuma.io/virtual-probes-port': '9000' }));
  assert.equal(out, spec);
});

vp.run();
app.run();
rules212.run();
cm.run();
proxy.run();
virtual.run();

// ---------------------------------------------------------------------------------------------------------
const older = suite('probes: Kuma 2.9 and 2.7');
const R27 = releaseOf('2.7').behaviour;
const R29 = releaseOf('2.9').behaviour;
const httpProbe = { httpGet: { path: '/ready', port: 8080 } };
const nativeSpec: JsonObject = {
  initContainers: [{ name: 'kuma-sidecar' }, { name: 'shipper', restartPolicy: 'Always', readinessProbe: httpProbe }],
  containers: [{ name: 'app', readinessProbe: httpProbe }],
};
const VIRTUAL_9000 = read({ 'kuma.io/virtual-probes': 'enabled', 'kuma.io/virtual-probes-port': '9000' });
const portOf = (c: unknown): unknown => (((c as JsonObject).readinessProbe as JsonObject).httpGet as JsonObject).port;

older('2.7 rewrites spec.containers only (probesCoverNativeSidecars); 2.9 also native sidecars after kuma-sidecar', () => {
  const out27 = rewriteProbes(nativeSpec, VIRTUAL_9000, R27);
  assert.is(portOf((out27.initContainers as JsonObject[])[1]), 8080);
  assert.is(portOf((out27.containers as JsonObject[])[0]), 9000);
  const out29 = rewriteProbes(nativeSpec, VIRTUAL_9000, R29);
  assert.is(portOf((out29.initContainers as JsonObject[])[1]), 9000);
});

older('2.7 ignores a probe-proxy port on the Pod (applicationProbeProxy off): virtual probes decide', () => {
  const withProxy = read({ 'kuma.io/application-probe-proxy-port': '9001', 'kuma.io/virtual-probes': 'enabled', 'kuma.io/virtual-probes-port': '9000' });
  assert.is(portOf((rewriteProbes({ containers: [{ name: 'app', readinessProbe: httpProbe }] }, withProxy, R27).containers as JsonObject[])[0]), 9000);
  assert.is(portOf((rewriteProbes({ containers: [{ name: 'app', readinessProbe: httpProbe }] }, withProxy, R29).containers as JsonObject[])[0]), 9001);
});

older.run();
