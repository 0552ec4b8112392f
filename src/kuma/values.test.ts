import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  type Parsed,
  formatGoDuration,
  goQuote,
  isDeprecatedYesNo,
  parseBool,
  parseEnvVarMap,
  parseGoDuration,
  parseList,
  parseStrictBool,
  parseUint32,
} from './values.ts';

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const err = (error: string): Parsed<never> => ({ ok: false, error });

const boolCases: Array<[string, Parsed<boolean>]> = [
  ['true', ok(true)],
  ['enabled', ok(true)],
  ['yes', ok(true)],
  ['false', ok(false)],
  ['disabled', ok(false)],
  ['no', ok(false)],
  ['True', err('annotation "kuma.io/gateway" has wrong value "True"')],
  ['ENABLED', err('annotation "kuma.io/gateway" has wrong value "ENABLED"')],
  [' true', err('annotation "kuma.io/gateway" has wrong value " true"')],
  ['', err('annotation "kuma.io/gateway" has wrong value ""')],
  ['provided', err('annotation "kuma.io/gateway" has wrong value "provided"')],
  ['1', err('annotation "kuma.io/gateway" has wrong value "1"')],
];
for (const [value, expected] of boolCases) {
  test(`parseBool ${JSON.stringify(value)}`, () => assert.equal(parseBool('kuma.io/gateway', value), expected));
}

test('parseBool does not escape the key or value (Kuma uses %s)', () => {
  assert.equal(parseBool('a"b', 'x"y'), err('annotation "a"b" has wrong value "x"y"'));
});

const strictCases: Array<[string, boolean | undefined]> = [
  ['true', true],
  ['yes', true],
  ['false', false],
  ['no', false],
  ['enabled', undefined],
  ['disabled', undefined],
  ['TRUE', undefined],
  ['', undefined],
];
for (const [value, expected] of strictCases) {
  test(`parseStrictBool ${JSON.stringify(value)}`, () => assert.is(parseStrictBool(value), expected));
}

test('isDeprecatedYesNo flags only yes and no', () => {
  assert.equal(['yes', 'no', 'true', 'enabled', 'Yes', ''].map(isDeprecatedYesNo), [true, true, false, false, false, false]);
});

const uintPrefix = 'failed to parse annotation "kuma.io/sidecar-proxy-concurrency": strconv.ParseUint: parsing';
const uintCases: Array<[string, Parsed<number>]> = [
  ['0', ok(0)],
  ['99', ok(99)],
  ['007', ok(7)],
  ['4294967295', ok(4294967295)],
  ['4294967296', err(`${uintPrefix} "4294967296": value out of range`)],
  ['99999999999x', err(`${uintPrefix} "99999999999x": value out of range`)],
  ['', err(`${uintPrefix} "": invalid syntax`)],
  ['-1', err(`${uintPrefix} "-1": invalid syntax`)],
  ['+1', err(`${uintPrefix} "+1": invalid syntax`)],
  [' 1', err(`${uintPrefix} " 1": invalid syntax`)],
  ['1.5', err(`${uintPrefix} "1.5": invalid syntax`)],
  ['0x10', err(`${uintPrefix} "0x10": invalid syntax`)],
  ['1_000', err(`${uintPrefix} "1_000": invalid syntax`)],
  ['a\tb', err(`${uintPrefix} "a\\tb": invalid syntax`)],
];
for (const [value, expected] of uintCases) {
  test(`parseUint32 ${JSON.stringify(value)}`, () => assert.equal(parseUint32('kuma.io/sidecar-proxy-concurrency', value), expected));
}

const listCases: Array<[string, string | undefined, string[]]> = [
  ['a,b', undefined, ['a', 'b']],
  ['a,,b,', undefined, ['a', 'b']],
  [',', undefined, []],
  ['', undefined, []],
  [' a , b', undefined, [' a ', ' b']],
  ['a;b,c', ';', ['a', 'b,c']],
];
for (const [value, separator, expected] of listCases) {
  test(`parseList ${JSON.stringify(value)}`, () => assert.equal(parseList(value, separator), expected));
}

const mapError = err(
  'invalid format. Map in "kuma.io/sidecar-env-vars" has to be provided in the following format: key1=value1;key2=value2',
);
const mapCases: Array<[string, Parsed<Record<string, string>>]> = [
  ['TEST1=1;TEST2=2', ok({ TEST1: '1', TEST2: '2' })],
  ['A=', ok({ A: '' })],
  ['=1', ok({ '': '1' })],
  ['A=1;A=2', ok({ A: '2' })],
  ['A= spaced ', ok({ A: ' spaced ' })],
  ['', mapError],
  ['A=1;', mapError],
  ['A=1=2', mapError],
  ['A', mapError],
  ['A=1;;B=2', mapError],
];
for (const [value, expected] of mapCases) {
  test(`parseEnvVarMap ${JSON.stringify(value)}`, () => assert.equal(parseEnvVarMap(value), expected));
}

test('parseEnvVarMap keeps insertion order and treats __proto__ as a plain key', () => {
  const parsed = parseEnvVarMap('Z=1;A=2;__proto__=3');
  assert.ok(parsed.ok);
  if (!parsed.ok) return;
  assert.equal(Object.keys(parsed.value), ['Z', 'A', '__proto__']);
  assert.is(Object.getPrototypeOf(parsed.value), Object.prototype);
  assert.is(parsed.value['__proto__'], '3');
});

const S = 1e9;
const durationCases: Array<[string, number]> = [
  ['0', 0],
  ['-0', 0],
  ['+0', 0],
  ['5s', 5 * S],
  ['-5s', -5 * S],
  ['+5s', 5 * S],
  ['5.0s', 5 * S],
  ['5.6s', 5.6 * S],
  ['5.s', 5 * S],
  ['.5s', 0.5 * S],
  ['1.004s', 1.004 * S],
  ['100.00100s', 100.001 * S],
  ['10ns', 10],
  ['11us', 11_000],
  ['12µs', 12_000],
  ['12μs', 12_000],
  ['300ms', 0.3 * S],
  ['15m', 900 * S],
  ['1.5h', 5400 * S],
  ['2h45m', 9900 * S],
  ['10.5s4m', 250.5 * S],
  ['-2m3.4s', -123.4 * S],
  ['1h2m3s4ms5us6ns', 3723 * S + 4_005_006],
  ['0.3333333333333333333h', 1200 * S],
  ['0.830103483285477580700h', 2988 * S + 372_539_827],
];
for (const [value, nanos] of durationCases) {
  test(`parseGoDuration ${JSON.stringify(value)}`, () => assert.equal(parseGoDuration(value), ok(nanos)));
}

const durationErrors: Array<[string, string]> = [
  ['', 'time: invalid duration ""'],
  ['-', 'time: invalid duration "-"'],
  ['.', 'time: invalid duration "."'],
  ['.s', 'time: invalid duration ".s"'],
  ['+.s', 'time: invalid duration "+.s"'],
  ['s', 'time: invalid duration "s"'],
  ['3', 'time: missing unit in duration "3"'],
  ['00', 'time: missing unit in duration "00"'],
  ['1d', 'time: unknown unit "d" in duration "1d"'],
  ['1.5 h', 'time: unknown unit " h" in duration "1.5 h"'],
  ['1S', 'time: unknown unit "S" in duration "1S"'],
  ['1é', 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'],
  ['\uFFFD', 'time: invalid duration "\\xef\\xbf\\xbd"'],
  ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
  ['-9223372036854775809ns', 'time: invalid duration "-9223372036854775809ns"'],
  ['9223372036854776us', 'time: invalid duration "9223372036854776us"'],
  ['3000000h', 'time: invalid duration "3000000h"'],
  ['9223372036854ms775us808ns', 'time: invalid duration "9223372036854ms775us808ns"'],
];
for (const [value, message] of durationErrors) {
  test(`parseGoDuration rejects ${JSON.stringify(value)}`, () => assert.equal(parseGoDuration(value), err(message)));
}

test('parseGoDuration accepts the int64 extremes', () => {
  assert.ok(parseGoDuration('9223372036854775807ns').ok);
  assert.ok(parseGoDuration('-9223372036854775808ns').ok);
});

const formatCases: Array<[number | bigint, string]> = [
  [0, '0s'],
  [1, '1ns'],
  [999, '999ns'],
  [1000, '1µs'],
  [1100, '1.1µs'],
  [2_200_000, '2.2ms'],
  [100_000_000, '100ms'],
  [500_000_000, '500ms'],
  [1.5 * S, '1.5s'],
  [3.3 * S, '3.3s'],
  [30 * S, '30s'],
  [60 * S, '1m0s'],
  [90 * S, '1m30s'],
  [245 * S, '4m5s'],
  [245.001 * S, '4m5.001s'],
  [480 * S + 1, '8m0.000000001s'],
  [3600 * S, '1h0m0s'],
  [5400 * S, '1h30m0s'],
  [9900 * S, '2h45m0s'],
  [18367.001 * S, '5h6m7.001s'],
  [-1, '-1ns'],
  [-500_000_000, '-500ms'],
  [-90 * S, '-1m30s'],
  [(1n << 63n) - 1n, '2562047h47m16.854775807s'],
  [-(1n << 63n), '-2562047h47m16.854775808s'],
];
for (const [nanos, text] of formatCases) {
  test(`formatGoDuration ${nanos} → ${text}`, () => assert.is(formatGoDuration(nanos), text));
}

test('formatGoDuration round-trips what parseGoDuration accepts', () => {
  for (const text of ['1h30m0s', '1.5s', '100ms', '1µs', '-2m3.4s', '2562h0m0.5s']) {
    const parsed = parseGoDuration(text);
    assert.ok(parsed.ok);
    if (parsed.ok) assert.is(formatGoDuration(parsed.value), text);
  }
});

test('formatGoDuration throws on a non-finite number (a bug, not input)', () => {
  assert.throws(() => formatGoDuration(Number.NaN), /not a finite duration/);
});

const quoteCases: Array<[string, string]> = [
  ['abc', '"abc"'],
  ['a"b\\c', '"a\\"b\\\\c"'],
  ['tab\there\n', '"tab\\there\\n"'],
  ['\x00\x07\x7f', '"\\x00\\a\\x7f"'],
  ['héllo ü', '"héllo ü"'],
  ['\u00a0', '"\\u00a0"'],
  ['\u{1F600}', '"\u{1F600}"'],
  ['\u{E0001}', '"\\U000e0001"'],
];
for (const [input, quoted] of quoteCases) {
  test(`goQuote ${JSON.stringify(input)}`, () => assert.is(goQuote(input), quoted));
}

test.run();
