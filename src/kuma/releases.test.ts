/**
 * The release table against what it describes: version lookups, the tags against Kuma's repository, and the
 * behaviour switches against Kuma's source and against the other tables' rows that tell the same releases.
 * Nothing here restates a value of the table; the Kuma checks skip, visibly, where Kuma's source is not at hand.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { haveKumaSource, kumaFile, kumaTags } from '../testing/kuma-source.ts';
import { annotationPresence } from './annotation-releases.ts';
import { configKeyPresence } from './release-defaults.ts';
import { BEHAVIOUR, type Behaviour, lookUpVersion, type Minor, MINORS, NEWEST_STABLE, RELEASE_TAGS, releaseOf, releasesText } from './releases.ts';

const STABLE = MINORS.filter((m) => m !== '3.0-preview');
const releases = suite('releases');

releases('a minor, a patch, a v-prefixed patch and the preview name a release', () => {
  for (const minor of MINORS) {
    const { version } = RELEASE_TAGS[minor];
    for (const text of new Set([minor, version, `v${version}`, ` ${minor} `])) {
      const found = lookUpVersion(text);
      assert.ok(found.ok && found.release.minor === minor && found.otherPatch === undefined, text);
    }
  }
});

releases('a patch other than the modelled one is named, so that the run can warn', () => {
  for (const minor of STABLE) {
    const other = `${minor}.${Number(RELEASE_TAGS[minor].version.split('.')[2]) + 1}`;
    const found = lookUpVersion(other);
    assert.ok(found.ok && found.release.minor === minor && found.otherPatch === other, other);
  }
});

releases('an unknown release is an error that lists the known ones', () => {
  for (const text of ['2.8', '2.10', '3.0', '2', 'latest', '', '2.14.3.1', '1.8']) {
    const found = lookUpVersion(text);
    assert.is(found.ok, false, text);
    if (!found.ok) for (const m of MINORS) assert.ok(found.error.includes(`"${m}"`), `${text}: ${found.error}`);
  }
});

releases('--version lists every release once, with the patch each behaves as, and marks the default', () => {
  const lines = releasesText().split('\n').slice(1).filter(Boolean);
  assert.equal(lines.map((l) => l.trim().split(/\s+/)[0]), [...MINORS]);
  for (const [i, m] of MINORS.entries()) {
    assert.ok(lines[i]!.includes(m === '3.0-preview' ? RELEASE_TAGS[m].tag : `as ${RELEASE_TAGS[m].version}`), lines[i]);
    assert.is(lines[i]!.endsWith('(the default)'), m === NEWEST_STABLE, lines[i]);
  }
});

releases('every minor has its tag row: a patch of that minor, its image tag, its git tag with or without v', () => {
  for (const minor of MINORS) {
    const row = RELEASE_TAGS[minor];
    assert.is(row.minor, minor);
    if (minor === '3.0-preview') {
      assert.ok(row.imageTag.includes(row.tag), 'the preview image names the commit');
      continue;
    }
    assert.match(row.version, new RegExp(`^${minor.replace('.', '\\.')}\\.\\d+$`), minor);
    assert.is(row.imageTag, row.version, minor);
    assert.is(row.tag.replace(/^v/, ''), row.version, minor);
  }
});

releases('each modelled patch is a tag of Kuma\'s, the newest of its minor; the preview commit exists', () => {
  if (!haveKumaSource('the release tags against Kuma\'s repository')) return;
  const tags = kumaTags();
  for (const minor of STABLE) {
    const patches = tags.flatMap((t) => new RegExp(`^v?${minor.replace('.', '\\.')}\\.(\\d+)$`).exec(t)?.[1] ?? []).map(Number);
    assert.ok(tags.includes(RELEASE_TAGS[minor].tag), `${RELEASE_TAGS[minor].tag} is a tag`);
    assert.is(`${minor}.${Math.max(...patches)}`, RELEASE_TAGS[minor].version, `the newest ${minor} patch`);
  }
  assert.ok(kumaFile(RELEASE_TAGS['3.0-preview'].tag, 'go.mod'), 'the preview commit');
});

releases('every switch has a value for every release, and the behaviour object has every switch', () => {
  for (const minor of MINORS) {
    const { behaviour } = releaseOf(minor);
    for (const [name, values] of Object.entries(BEHAVIOUR)) {
      assert.ok(Object.hasOwn(values, minor), `${name} at ${minor}`);
      assert.is((behaviour as Record<string, unknown>)[name], (values as Record<string, unknown>)[minor], `${name} at ${minor}`);
    }
  }
});

// The kuma-sidecar env vars that a switch stands for: Kuma's container factory names the variable exactly in the
// releases where the switch says kuma-inject writes it.
const ENV_SWITCHES: ReadonlyArray<readonly [env: string, written: (b: Behaviour) => boolean]> = [
  ['KUMA_DATAPLANE_RUNTIME_OTEL_PIPE_ENABLED', (b) => b.otelPipeEnv],
  ['KUMA_DATAPLANE_RUNTIME_UNIFIED_RESOURCE_NAMING_ENABLED', (b) => b.unifiedResourceNamingEnv],
  ['KUMA_DATAPLANE_RUNTIME_SPIRE_SUPPORTED', (b) => b.spireSupport],
  ['KUMA_DATAPLANE_RUNTIME_ENVOY_XDS_TRANSPORT_PROTOCOL_VARIANT', (b) => b.xdsTransportVariantEnv !== 'none'],
  ['KUMA_APPLICATION_PROBE_PROXY_PORT', (b) => b.applicationProbeProxy],
  ['KUMA_DNS_CORE_DNS_EMPTY_PORT', (b) => b.coreDnsEmptyPortEnv],
  ['KUMA_DNS_PROXY_PORT', (b) => b.dnsEnv !== 'coreDns'],
  ['KUMA_DNS_ENABLE_LOGGING', (b) => b.dnsEnv !== 'proxyOnly'],
];

releases('the env switches agree with Kuma\'s containers/factory.go at each release', () => {
  if (!haveKumaSource('the env switches against Kuma\'s container factory')) return;
  for (const minor of MINORS) {
    const factory = kumaFile(RELEASE_TAGS[minor].tag, 'pkg/plugins/runtime/k8s/containers/factory.go');
    assert.ok(factory, `factory.go at ${RELEASE_TAGS[minor].tag}`);
    for (const [env, written] of ENV_SWITCHES) assert.is(factory.includes(`"${env}"`), written(releaseOf(minor).behaviour), `${env} at ${minor}`);
  }
});

type Row = readonly ['key' | 'annotation', string];
const has = ([kind, name]: Row, minor: Minor): boolean => (kind === 'key' ? configKeyPresence(name) : annotationPresence(name))[minor];

// Switches read from one row of the config-key or annotation table (behaviour.ts) whose feature other rows name
// too: those rows must tell the same releases, or the switch would have to be split. `absent` rows: the switch is
// on where the release lacks them. xdsTransportVariantEnv is not derived (its values are more than two) but its
// `none` is where the release does not know the annotation.
const SWITCH_ROWS: ReadonlyArray<{ name: keyof Behaviour; on?: (value: unknown) => boolean; present?: Row[]; absent?: Row[] }> = [
  { name: 'fixedInitContainerResources', absent: [['key', 'runtime.kubernetes.injector.validationContainer']] },
  { name: 'envoyAdminUnixSocketSupported', present: [['key', 'bootstrapServer.params.readinessPort']] },
  { name: 'spireSupport', present: [['annotation', 'k8s.kuma.io/spire-support']] },
  { name: 'applicationProbeProxy', present: [['key', 'runtime.kubernetes.injector.applicationProbeProxyPort']] },
  { name: 'inboundV6PortAnnotation', present: [['key', 'runtime.kubernetes.injector.sidecarContainer.redirectPortInboundV6']] },
  { name: 'workloadLabel', present: [['annotation', 'kuma.io/workload']] },
  {
    name: 'ebpfRemoved',
    absent: ['', '-bpf-fs-path', '-cgroup-path', '-tc-attach-iface', '-instance-ip-env-var-name', '-programs-source-path'].map((s): Row => ['annotation', `kuma.io/transparent-proxying-ebpf${s}`]),
  },
  {
    name: 'virtualProbesRemoved',
    absent: [['annotation', 'kuma.io/virtual-probes-port'], ['key', 'runtime.kubernetes.injector.virtualProbesEnabled'], ['key', 'runtime.kubernetes.injector.virtualProbesPort']],
  },
  { name: 'xdsTransportVariantEnv', on: (value) => value !== 'none', present: [['annotation', 'kuma.io/xds-transport-protocol-variant']] },
];

releases('switches agree with every config-key and annotation row of their feature', () => {
  for (const { name, on = (value: unknown) => value === true, present = [], absent = [] } of SWITCH_ROWS) {
    for (const minor of MINORS) {
      const value = on(releaseOf(minor).behaviour[name]);
      for (const row of present) assert.is(has(row, minor), value, `${name} at ${minor} against ${row.join(' ')}`);
      for (const row of absent) assert.is(!has(row, minor), value, `${name} at ${minor} against ${row.join(' ')}`);
    }
  }
});

releases.run();
