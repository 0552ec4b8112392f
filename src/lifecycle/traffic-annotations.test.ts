/**
 * The traffic-exclusion annotation validators, value by value: what kumactl v2.14.3 accepts passes, and what
 * would make kuma-init (or iptables) fail at Pod start is an error that names the annotation.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { excludesUid, parseExcludePortsForUids, removedExclusionAnnotations, validateTrafficAnnotations } from './traffic-annotations.ts';

const IN_PORTS = 'traffic.kuma.io/exclude-inbound-ports';
const OUT_PORTS = 'traffic.kuma.io/exclude-outbound-ports';
const FOR_UIDS = 'traffic.kuma.io/exclude-outbound-ports-for-uids';
const IN_IPS = 'traffic.kuma.io/exclude-inbound-ips';
const OUT_IPS = 'traffic.kuma.io/exclude-outbound-ips';

interface Case {
  key: string;
  value: string;
  /** Undefined: valid. Otherwise a part of the expected message. */
  error?: string;
}

const cases: Case[] = [
  // exclude-{in,out}bound-ports: comma-separated single ports, trimmed, empty items ignored (kumactl Ports).
  { key: IN_PORTS, value: '1234,1235' },
  { key: OUT_PORTS, value: '1236' },
  { key: OUT_PORTS, value: '' },
  { key: IN_PORTS, value: ' 80 , 443 ,' },
  { key: IN_PORTS, value: '1,65535' },
  { key: OUT_PORTS, value: '0', error: '"0" is not a port (a number from 1 to 65535)' },
  { key: OUT_PORTS, value: '65536', error: '"65536" is not a port' },
  { key: IN_PORTS, value: '80,http', error: '"http" is not a port' },
  { key: IN_PORTS, value: '8000-8080', error: '"8000-8080" is a range, and this annotation takes single ports only' },
  { key: OUT_PORTS, value: '-1', error: '"-1" is not a port' },
  { key: OUT_PORTS, value: '80;443', error: '"80;443" is not a port' },
  { key: IN_PORTS, value: '1e3', error: '"1e3" is not a port' },

  // exclude-outbound-ports-for-uids: `;`-separated [<protocols>:][<ports>:]<uids> entries.
  { key: FOR_UIDS, value: '1234' },
  { key: FOR_UIDS, value: '443:1234' },
  { key: FOR_UIDS, value: 'tcp:443:1234' },
  { key: FOR_UIDS, value: 'tcp:80:1234;udp:53:1234' },
  { key: FOR_UIDS, value: '53,3000-5000:106-108' },
  { key: FOR_UIDS, value: 'TCP,udp:*:1000' },
  { key: FOR_UIDS, value: '*:*:0' },
  { key: FOR_UIDS, value: '::1000' },
  { key: FOR_UIDS, value: 'tcp:443:65535' },
  { key: FOR_UIDS, value: '*', error: 'excludes every UID ("*"), which kuma-init refuses' },
  { key: FOR_UIDS, value: 'tcp:443:1000,1001', error: 'an entry takes one UID or one range' },
  { key: FOR_UIDS, value: 'sctp:443:1000', error: '"sctp" in "sctp:443:1000" is not a protocol' },
  { key: FOR_UIDS, value: 'tcp:443:1000:1', error: 'has 4 parts' },
  { key: FOR_UIDS, value: '443:70000', error: '"70000" is not a UID (a number from 0 to 65535, as kuma-init reads UIDs)' },
  { key: FOR_UIDS, value: '0:1000', error: '"0" is not a port' },
  { key: FOR_UIDS, value: '5000-3000:1000', error: 'the range "5000-3000" ends before it starts: write "3000-5000"' },
  { key: FOR_UIDS, value: '443:2000-1000', error: 'the range "2000-1000" ends before it starts' },
  { key: FOR_UIDS, value: '80, 443:1000', error: '" 443" is not a port' },
  { key: FOR_UIDS, value: '1-2-3:1000', error: 'is not a port (a number from 1 to 65535) or a range of two' },
  { key: FOR_UIDS, value: 'tcp:443:1000;', error: 'an entry is empty: remove the extra ";"' },
  { key: FOR_UIDS, value: '', error: 'it is empty: remove the annotation' },
  { key: FOR_UIDS, value: 'tcp:443:', error: 'names no UID' },
  { key: FOR_UIDS, value: 'tcp:443:root', error: '"root" is not a UID' },

  // exclude-{in,out}bound-ips: comma-separated IPv4/IPv6 addresses or CIDRs, trimmed (kumactl validateIP).
  { key: OUT_IPS, value: '10.0.0.1,172.16.0.0/16,fe80::1,fe80::/10' },
  { key: IN_IPS, value: '192.168.0.1,172.32.16.8/16,a81b:a033:6399:73c7:72b6:aa8c:6f22:7098,fe80::/10' },
  { key: IN_IPS, value: '::' },
  { key: IN_IPS, value: '::ffff:192.0.2.1' },
  { key: OUT_IPS, value: '0.0.0.0/0, ::/0' },
  { key: OUT_IPS, value: '2001:db8::/128' },
  { key: OUT_IPS, value: '1:2:3:4:5:6:7::' },
  { key: OUT_IPS, value: '' },
  { key: OUT_IPS, value: '10.0.0.256', error: '"10.0.0.256" is not an IP address or CIDR' },
  { key: OUT_IPS, value: '10.0.0', error: '"10.0.0" is not an IP address or CIDR' },
  { key: OUT_IPS, value: '010.0.0.1', error: '"010.0.0.1" is not an IP address' },
  { key: IN_IPS, value: '10.0.0.0/33', error: 'prefix length "33", and an IPv4 prefix length is a number from 0 to 32' },
  { key: IN_IPS, value: 'fe80::/129', error: 'an IPv6 prefix length is a number from 0 to 128' },
  { key: IN_IPS, value: '10.0.0.0/', error: 'prefix length ""' },
  { key: IN_IPS, value: 'fe80::1%eth0', error: '"fe80::1%eth0" is not an IP address' },
  { key: IN_IPS, value: '1::2::3', error: 'is not an IP address' },
  { key: IN_IPS, value: '1:2:3:4:5:6:7:8:9', error: 'is not an IP address' },
  { key: IN_IPS, value: '1:2:3:4:5:6:7::8', error: 'is not an IP address' },
  { key: OUT_IPS, value: 'example.com', error: '"example.com" is not an IP address or CIDR' },
  { key: OUT_IPS, value: '10.0.0.1;10.0.0.2', error: 'is not an IP address' },
  { key: OUT_IPS, value: '12345::1', error: 'is not an IP address' },
];

const values = suite('validateTrafficAnnotations: one annotation at a time');

for (const c of cases) {
  values(`${c.key.replace('traffic.kuma.io/', '')}: "${c.value}" is ${c.error ? 'invalid' : 'valid'}`, () => {
    const problems = validateTrafficAnnotations({ [c.key]: c.value });
    if (c.error === undefined) {
      assert.equal(problems, []);
      return;
    }
    assert.is(problems.length, 1);
    assert.is(problems[0]!.key, c.key);
    assert.ok(problems[0]!.message.startsWith(`\`${c.key}\` is "${c.value}": `), problems[0]!.message);
    assert.ok(problems[0]!.message.includes(c.error), `"${problems[0]!.message}" lacks "${c.error}"`);
  });
}

values('the table has at least 30 valid and invalid values', () => {
  assert.ok(cases.filter((c) => !c.error).length >= 15);
  assert.ok(cases.filter((c) => c.error).length >= 15);
});

const together = suite('validateTrafficAnnotations: a whole template');

together('reports each invalid annotation once, in a fixed order, and ignores the others', () => {
  const problems = validateTrafficAnnotations({
    [OUT_IPS]: 'nope',
    [IN_PORTS]: '99999',
    'kuma.io/sidecar-drain-time': 'whatever',
    [FOR_UIDS]: 'tcp:443:1234',
  });
  assert.equal(problems.map((p) => p.key), [IN_PORTS, OUT_IPS]);
});

together('no traffic annotations, no problems', () => {
  assert.equal(validateTrafficAnnotations({ app: 'web' }), []);
});

const uids = suite('parseExcludePortsForUids');

uids('parses protocols, ports and UID ranges', () => {
  const parsed = parseExcludePortsForUids('tcp:443,8000-8080:1000-1999;53:1234');
  assert.equal(parsed, {
    ok: true,
    value: [
      { protocols: ['tcp'], ports: [{ from: 443, to: 443 }, { from: 8000, to: 8080 }], uids: { from: 1000, to: 1999 } },
      { protocols: ['tcp', 'udp'], ports: [{ from: 53, to: 53 }], uids: { from: 1234, to: 1234 } },
    ],
  });
});

uids('`*` and empty ports mean every port', () => {
  const parsed = parseExcludePortsForUids('udp:*:7;::8');
  assert.equal(parsed, {
    ok: true,
    value: [
      { protocols: ['udp'], uids: { from: 7, to: 7 } },
      { protocols: ['tcp', 'udp'], uids: { from: 8, to: 8 } },
    ],
  });
});

uids('excludesUid matches single UIDs and ranges', () => {
  const parsed = parseExcludePortsForUids('443:1000-1999;53:1234');
  assert.ok(parsed.ok);
  if (!parsed.ok) return;
  assert.ok(excludesUid(parsed.value, 1000));
  assert.ok(excludesUid(parsed.value, 1999));
  assert.ok(excludesUid(parsed.value, 1234));
  assert.not.ok(excludesUid(parsed.value, 999));
  assert.not.ok(excludesUid(parsed.value, 2000));
});

const removed = suite('removedExclusionAnnotations');

removed('the per-protocol spellings of the docs (seed 000) are ignored by Kuma 2.14: a warning with the current one', () => {
  const notes = removedExclusionAnnotations({
    'traffic.kuma.io/exclude-outbound-tcp-ports-for-uids': '443:1234',
    'traffic.kuma.io/exclude-outbound-udp-ports-for-uids': '53:1234',
  });
  assert.equal(
    notes.map((n) => [n.severity, n.code, n.field]),
    [
      ['warning', 'DEPRECATED_ANNOTATION', 'metadata.annotations[traffic.kuma.io/exclude-outbound-tcp-ports-for-uids]'],
      ['warning', 'DEPRECATED_ANNOTATION', 'metadata.annotations[traffic.kuma.io/exclude-outbound-udp-ports-for-uids]'],
    ],
  );
  assert.is(
    notes[0]!.message,
    '`traffic.kuma.io/exclude-outbound-tcp-ports-for-uids` was removed in Kuma 2.9 and is ignored, so it excludes nothing: use `traffic.kuma.io/exclude-outbound-ports-for-uids: "tcp:443:1234;udp:53:1234"`',
  );
});

removed('keeps a current value in the suggestion, and says nothing without the old spellings', () => {
  const notes = removedExclusionAnnotations({ [FOR_UIDS]: '8080:1000', 'traffic.kuma.io/exclude-outbound-tcp-ports-for-uids': '443:1234' });
  assert.match(notes[0]!.message, '"8080:1000;tcp:443:1234"');
  assert.equal(removedExclusionAnnotations({ [FOR_UIDS]: '1' }), []);
});

values.run();
together.run();
removed.run();
uids.run();
