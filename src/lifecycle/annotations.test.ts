/** kuma-inject's own annotations: the values each accepts, and errors that name the annotation. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseNativeSidecars, parsePreStopSeconds } from './annotations.ts';

const seconds = suite('parsePreStopSeconds (kuma-inject.dev/prestop-sleep-seconds)');

const secondsCases: Array<[string, number | string]> = [
  ['15', 15],
  ['0', 0],
  ['3600', 3600],
  ['007', 7],
  ['3601', 'at most 3600 seconds'],
  ['15s', 'must be a whole number of seconds'],
  ['-1', 'must be a whole number of seconds'],
  ['1.5', 'must be a whole number of seconds'],
  [' 15', 'must be a whole number of seconds'],
  ['', 'must be a whole number of seconds'],
];
for (const [value, expected] of secondsCases) {
  seconds(`"${value}"`, () => {
    const parsed = parsePreStopSeconds(value);
    if (typeof expected === 'number') return assert.equal(parsed, { ok: true, value: expected });
    assert.is(parsed.ok, false);
    if (parsed.ok) return;
    assert.ok(parsed.error.startsWith('`kuma-inject.dev/prestop-sleep-seconds` is '), parsed.error);
    assert.ok(parsed.error.includes(expected), parsed.error);
  });
}

const sidecars = suite('parseNativeSidecars (kuma-inject.dev/native-sidecars)');

const sidecarCases: Array<[string, string[] | string]> = [
  ['cloudsql-proxy', ['cloudsql-proxy']],
  ['cloudsql-proxy, vault-agent', ['cloudsql-proxy', 'vault-agent']],
  ['a,,b,', ['a', 'b']],
  ['a,a', ['a']],
  ['', []],
  ['Proxy', 'names "Proxy", which is not a container name'],
  ['a b', 'names "a b", which is not a container name'],
  ['kuma-sidecar', "names `kuma-sidecar`, which is Kuma's own"],
];
for (const [value, expected] of sidecarCases) {
  sidecars(`"${value}"`, () => {
    const parsed = parseNativeSidecars(value);
    if (Array.isArray(expected)) return assert.equal(parsed, { ok: true, value: expected });
    assert.is(parsed.ok, false);
    if (parsed.ok) return;
    assert.ok(parsed.error.startsWith('`kuma-inject.dev/native-sidecars` names '), parsed.error);
    assert.ok(parsed.error.includes(expected), parsed.error);
  });
}

seconds.run();
sidecars.run();
