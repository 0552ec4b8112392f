import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalQuantity, isZeroQuantity, milliValue } from './quantity.ts';

const FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX_ERROR = "unable to parse quantity's suffix";
const NUMERIC_ERROR = 'unable to parse numeric part of quantity';

// [input, what a Quantity parsed from it marshals to]
const canonicalCases: Array<[string | number, string]> = [
  // Kuma's defaults and fixtures
  ['1000m', '1'],
  ['0.5', '500m'],
  ['1100m', '1100m'],
  ['8500m', '8500m'],
  ['50m', '50m'],
  ['20m', '20m'],
  ['1024Mi', '1Gi'],
  ['50M', '50M'],
  ['1G', '1G'],
  ['10M', '10M'],
  ['20M', '20M'],
  ['64Mi', '64Mi'],
  ['164Mi', '164Mi'],
  ['512Mi', '512Mi'],
  ['1512Mi', '1512Mi'],
  ['0', '0'],
  // decimal SI: the largest suffix that keeps an integer mantissa
  ['100', '100'],
  ['2000', '2k'],
  ['1000M', '1G'],
  ['0.001T', '1G'],
  ['1080m', '1080m'],
  ['1.08', '1080m'],
  ['0.1', '100m'],
  ['1.5', '1500m'],
  ['1000u', '1m'],
  ['1080000000n', '1080m'],
  ['-1.5', '-1500m'],
  // binary SI
  ['1Ki', '1Ki'],
  ['1024Ki', '1Mi'],
  ['8Ki', '8Ki'],
  ['1.5Gi', '1536Mi'],
  ['307200Ki', '300Mi'],
  ['1025024Mi', '1001Gi'],
  ['0.5Ki', '512'],
  ['.001Ki', '1024m'],
  ['.000001Ki', '1024u'],
  ['.000000001Ki', '1024n'],
  ['1.0001Ki', '1024102400u'],
  ['-1Ki', '-1Ki'],
  ['8Ei', '9223372036854775807'],
  // decimal exponent keeps its family; Go keeps `1e3` as written
  ['1e3', '1e3'],
  ['.001e12', '1e9'],
  ['0.001e0', '1e-3'],
  ['1000e-12', '1e-9'],
  ['1.5e3', '1500'],
  ['1000E-3', '1'],
  // rounding up below nano precision
  ['0.0000000001', '1n'],
  ['.000000000001Ki', '2n'],
  ['1e-10', '1e-9'],
  ['1.5n', '2n'],
  // zero in any form
  ['00', '0'],
  ['0Ki', '0'],
  ['-0', '0'],
  ['0.000m', '0'],
  ['.', '0'],
  ['-.', '0'],
  // inputs Go deems canonical are re-emitted verbatim, warts included
  ['+1', '+1'],
  ['0100', '0100'],
  ['01Ki', '01Ki'],
  ['1.234k', '1.234k'],
  ['1E-3', '1E-3'],
  // v0.36.1 has no DecimalSI suffix past E and drops it
  ['1000E', '1'],
  // numbers are formatted by JS first
  [2, '2'],
  [0.5, '500m'],
  [1000, '1k'],
  [-3, '-3'],
];
for (const [input, expected] of canonicalCases) {
  test(`canonicalQuantity ${JSON.stringify(input)} → ${expected}`, () => {
    assert.equal(canonicalQuantity(input), { ok: true, value: expected });
  });
}

const errorCases: Array<[string | number, string]> = [
  ['', FORMAT_ERROR],
  ['abc', FORMAT_ERROR],
  ['1.2.3', FORMAT_ERROR],
  [' 1', FORMAT_ERROR],
  ['1 ', FORMAT_ERROR],
  ['1GI', FORMAT_ERROR],
  ['1e3m', FORMAT_ERROR],
  ['1Kib', FORMAT_ERROR],
  [Number.NaN, FORMAT_ERROR],
  [Number.POSITIVE_INFINITY, FORMAT_ERROR],
  ['1Ki5', SUFFIX_ERROR],
  ['5e', SUFFIX_ERROR],
  ['1ki', SUFFIX_ERROR],
  ['1mm', SUFFIX_ERROR],
  ['1e+', SUFFIX_ERROR],
  ['+.e-10', NUMERIC_ERROR],
];
for (const [input, error] of errorCases) {
  test(`canonicalQuantity rejects ${JSON.stringify(input)}`, () => {
    assert.equal(canonicalQuantity(input), { ok: false, error });
  });
}

const milliCases: Array<[string, number]> = [
  ['1100m', 1100],
  ['8500m', 8500],
  ['8.5', 8500],
  ['1', 1000],
  ['1000m', 1000],
  ['0', 0],
  ['50m', 50],
  ['2k', 2_000_000],
  ['1Ki', 1_024_000],
  ['1.0001m', 2],
  ['500u', 1],
  ['-1.5', -1500],
  ['-1.5m', -2],
];
for (const [input, millis] of milliCases) {
  test(`milliValue ${input} → ${millis}`, () => assert.is(milliValue(input), millis));
}

test('milliValue is NaN for input that does not parse', () => {
  assert.ok(Number.isNaN(milliValue('lots')));
});

const zeroCases: Array<[string, boolean]> = [
  ['0', true],
  ['0m', true],
  ['0Mi', true],
  ['000', true],
  ['-0.0', true],
  ['0e9', true],
  ['1m', false],
  ['0.0000000001', false],
  ['1000m', false],
  ['nope', false],
];
for (const [input, zero] of zeroCases) {
  test(`isZeroQuantity ${JSON.stringify(input)} → ${zero}`, () => assert.is(isZeroQuantity(input), zero));
}

test.run();
