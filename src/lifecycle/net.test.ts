/** The offline address, port and range parsers, at their edges (Go's net.ParseIP / ParseCIDR rules). */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAddress, parsePort, parseRange } from './net.ts';

const address = suite('parseAddress');

const addresses: Array<[string, { family: 4 | 6; cidr: boolean } | undefined]> = [
  ['0.0.0.0', { family: 4, cidr: false }],
  ['255.255.255.255', { family: 4, cidr: false }],
  ['10.1.2.3/0', { family: 4, cidr: true }],
  ['10.1.2.3/32', { family: 4, cidr: true }],
  ['::1', { family: 6, cidr: false }],
  ['FE80::AbCd', { family: 6, cidr: false }],
  ['1:2:3:4:5:6:7:8', { family: 6, cidr: false }],
  ['1:2:3:4:5:6:1.2.3.4', { family: 6, cidr: false }],
  ['::/0', { family: 6, cidr: true }],
  ['1.2.3.04', undefined],
  ['1.2.3.4/032', undefined],
  ['1.2.3.4.5', undefined],
  ['1:2:3:4:5:6:7:1.2.3.4', undefined],
  ['1.2.3.4::', undefined],
  [':::', undefined],
  ['', undefined],
];
for (const [text, expected] of addresses) {
  address(`"${text}"`, () => {
    const parsed = parseAddress(text);
    if (expected) assert.equal(parsed, { ok: true, value: expected });
    else assert.is(parsed.ok, false);
  });
}

const ports = suite('parsePort and parseRange');

ports('ports are 1 to 65535, digits only', () => {
  assert.equal(parsePort('1'), { ok: true, value: 1 });
  assert.equal(parsePort('0080'), { ok: true, value: 80 });
  for (const bad of ['0', '65536', '+80', '8 0', '']) assert.is(parsePort(bad).ok, false, bad);
});

ports('ranges: a single value or a-b with a <= b; UIDs may be 0', () => {
  assert.equal(parseRange('3000-5000', 'port'), { ok: true, value: { from: 3000, to: 5000 } });
  assert.equal(parseRange('7', 'port'), { ok: true, value: { from: 7, to: 7 } });
  assert.equal(parseRange('0', 'UID'), { ok: true, value: { from: 0, to: 0 } });
  assert.equal(parseRange('5-5', 'UID'), { ok: true, value: { from: 5, to: 5 } });
  for (const bad of ['0', '1-', '-1', '2-1', '1-2-3', '65536']) assert.is(parseRange(bad, 'port').ok, false, bad);
  assert.is(parseRange('65536', 'UID').ok, false);
});

address.run();
ports.run();
