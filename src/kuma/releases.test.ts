import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BEHAVIOUR, lookUpVersion, MINORS, releaseOf, releasesText } from './releases.ts';

const releases = suite('releases');

releases('a minor, a patch, a v-prefixed patch and the preview name a release', () => {
  for (const [text, minor] of [['2.12', '2.12'], ['2.12.14', '2.12'], ['v2.12.14', '2.12'], ['2.7', '2.7'], ['3.0-preview', '3.0-preview']] as const) {
    const found = lookUpVersion(text);
    assert.ok(found.ok, text);
    if (found.ok) assert.is(found.release.minor, minor, text);
  }
});

releases('a patch other than the modelled one is named, so that the run can warn', () => {
  const found = lookUpVersion('2.12.3');
  assert.ok(found.ok && found.release.version === '2.12.14' && found.otherPatch === '2.12.3');
  const same = lookUpVersion('2.12.14');
  assert.ok(same.ok && same.otherPatch === undefined);
});

releases('an unknown release is an error that lists the known ones', () => {
  for (const text of ['2.8', '2.10', '3.0', '2', 'latest', '', '2.14.3.1', '1.8']) {
    const found = lookUpVersion(text);
    assert.is(found.ok, false, text);
    if (!found.ok) for (const m of MINORS) assert.ok(found.error.includes(`"${m}"`), `${text}: ${found.error}`);
  }
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

releases('the OTel pipe env var comes with 2.14 (the 2.13.10 goldens have none, main\'s have it)', () => {
  assert.equal(MINORS.filter((m) => releaseOf(m).behaviour.otelPipeEnv), ['2.14', '3.0-preview']);
});

releases('the 2.11 to 2.14 switches, release by release (release-2.13-2.12 and release-2.11 notes)', () => {
  const table = (name: keyof typeof BEHAVIOUR): unknown[] => (['2.11', '2.12', '2.13', '2.14'] as const).map((m) => releaseOf(m).behaviour[name]);
  assert.equal(table('fixedInitContainerResources'), [true, true, true, false]);
  assert.equal(table('sidecarZeroCpuLimitOmitted'), [false, false, false, true]);
  assert.equal(table('envoyAdminUnixSocketSupported'), [false, false, false, true]);
  assert.equal(table('xdsTransportVariantEnv'), ['annotation', 'annotation', 'annotationOrDeltaXds', 'annotationOrDeltaXds']);
  assert.equal(table('probeProxyOffWhenVirtualProbesOff'), [true, true, false, false]);
  assert.equal(table('zoneProxyInjectedBeforeMesh'), [false, false, false, true]);
  assert.equal(table('systemNamespaceZoneProxyWebhook'), [false, false, false, true]);
  assert.equal(table('spireSupport'), [false, true, true, true]);
  assert.equal(table('unifiedResourceNamingEnv'), [false, true, true, true]);
  assert.equal(table('otelPipeEnv'), [false, false, false, true]);
});

releases('--version lists every release, with the patch each behaves as, and the default', () => {
  const text = releasesText();
  for (const m of MINORS) assert.ok(text.includes(`  ${m} `), m);
  assert.match(text, /2\.12 +as 2\.12\.14\n/);
  assert.match(text, /2\.14 +as 2\.14\.3 \(the default\)/);
});

releases.run();
