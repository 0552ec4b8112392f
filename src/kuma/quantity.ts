/**
 * Kubernetes resource.Quantity as apimachinery v0.36.1 (Kuma 2.14.3's) parses and marshals it: the string
 * a Quantity parsed from the input serializes to, its milli value and its zero test, exact via BigInt.
 * No quantity arithmetic, and exponents near the int32 limits (which Go wraps) are not reproduced exactly.
 */
import type { Parsed } from './values.ts';

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** value = m × 10^e; `cached` is the input string Go keeps and re-emits when it deems it canonical. */
type Quantity = { m: bigint; e: number; format: Format; cached?: string };

const ERR_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const ERR_NUMERIC = 'unable to parse numeric part of quantity';
const ERR_SUFFIX = "unable to parse quantity's suffix";

const MAX_INT64 = (1n << 63n) - 1n;
const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (n: bigint): bigint => (n < 0n ? -n : n);

/** The canonical string of a quantity, e.g. `1000m` → `1`, `0.5` → `500m`, `1024Mi` → `1Gi`. */
export function canonicalQuantity(input: string | number): Parsed<string> {
  // Numbers go through JS's own formatting (2 → "2", 1e21 → "1e+21"), which Go would also accept.
  const parsed = parseQuantity(typeof input === 'number' ? String(input) : input);
  return parsed.ok ? { ok: true, value: serialize(parsed.value) } : parsed;
}

/** MilliValue(): the value × 1000, rounded away from zero; NaN if `q` does not parse. */
export function milliValue(q: string): number {
  const parsed = parseQuantity(q);
  if (!parsed.ok) return Number.NaN;
  const { m, e } = parsed.value;
  if (e + 3 >= 0) return Number(m * pow10(e + 3));
  const div = pow10(-(e + 3));
  const whole = abs(m) / div;
  const rounded = abs(m) % div === 0n ? whole : whole + 1n;
  return Number(m < 0n ? -rounded : rounded);
}

/** IsZero(); false for input that does not parse. Tiny non-zero values round up to 1n, so aren't zero. */
export function isZeroQuantity(q: string): boolean {
  const parsed = parseQuantity(q);
  return parsed.ok && parsed.value.m === 0n;
}

function parseQuantity(str: string): Parsed<Quantity> {
  if (str === '') return { ok: false, error: ERR_FORMAT };
  if (str === '0') return { ok: true, value: { m: 0n, e: 0, format: 'DecimalSI', cached: '0' } };
  const scanned = scan(str);
  if (!scanned) return { ok: false, error: ERR_FORMAT };
  const { positive, value, num, denom, suffix } = scanned;
  const unit = interpretSuffix(suffix);
  if (!unit) return { ok: false, error: ERR_SUFFIX };
  const { base, exponent, format } = unit;

  // Go's fast path: small enough for int64. Only it may keep the input string as the canonical form.
  let precision: number;
  let scale = 0;
  if (format !== 'BinarySI') {
    scale = exponent;
    precision = 18 - (num.length + denom.length);
  } else if (denom === '') {
    precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
  } else {
    precision = -1;
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= -9) {
      const shifted = num + denom;
      const v = BigInt(shifted);
      const result = format === 'BinarySI' ? v << BigInt(exponent) : v;
      if (result <= MAX_INT64) {
        const keep =
          format === 'BinarySI'
            ? exponent % 10 === 0 && (v & 7n) !== 0n
            : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        const q: Quantity = { m: positive ? result : -result, e: scale, format };
        // Go keeps the input verbatim here, sign and leading zeros included (`+1` stays `+1`).
        if (keep) q.cached = str;
        return { ok: true, value: q };
      }
    }
  }

  // The inf.Dec path: arbitrary precision, rounded up to nano, binary capped at 2^63-1.
  const digits = /^[+-]?([0-9]*)(?:\.([0-9]*))?$/.exec(value);
  if (!digits || (digits[1] === '' && (digits[2] ?? '') === '')) return { ok: false, error: ERR_NUMERIC };
  const frac = digits[2] ?? '';
  let m = BigInt(`${digits[1]}${frac}` || '0');
  let e = -frac.length;
  if (base === 10) e += exponent;
  else m <<= BigInt(exponent);
  if (m !== 0n && e < -9) {
    // Rounds away from zero: "if you want some resources, you should get some resources".
    const shift = -9 - e;
    m = shift > m.toString().length ? 1n : (m + pow10(shift) - 1n) / pow10(shift);
    e = -9;
  }
  let fmt = format;
  if (fmt === 'BinarySI') {
    if (e >= 0 ? m * pow10(e) > MAX_INT64 : m > MAX_INT64 * pow10(-e)) [m, e] = [MAX_INT64, 0];
    if (m !== 0n && e < 0 && m < pow10(-e)) fmt = 'DecimalSI';
  }
  return { ok: true, value: { m: positive ? m : -m, e, format: fmt } };
}

/** parseQuantityString: sign, number, then suffix letters with an optional signed exponent. */
function scan(str: string): { positive: boolean; value: string; num: string; denom: string; suffix: string } | undefined {
  const positive = str[0] !== '-';
  const signLength = str[0] === '-' || str[0] === '+' ? 1 : 0;
  const zeros = /^0*/.exec(str.slice(signLength))![0].length;
  // Only zeros after the sign: Go returns 0 straight away, whatever the sign was.
  if (signLength + zeros === str.length) return { positive, value: '0', num: '0', denom: '', suffix: '' };
  const rest = str.slice(signLength + zeros);
  const match = /^([0-9]*)(?:\.([0-9]*))?/.exec(rest)!;
  const num = match[1] || '0';
  const denom = match[2] ?? '';
  const value = str.slice(0, signLength + zeros + match[0].length);
  const suffix = rest.slice(match[0].length);
  if (!/^[eEinumkKMGTP]*[-+]?[0-9]*$/.test(suffix)) return undefined;
  return { positive, value, num, denom, suffix };
}

function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number; format: Format } | undefined {
  const decimal = DECIMAL_SUFFIXES[suffix];
  if (decimal !== undefined) return { base: 10, exponent: decimal, format: 'DecimalSI' };
  const binary = BINARY_SUFFIXES[suffix];
  if (binary !== undefined) return { base: 2, exponent: binary, format: 'BinarySI' };
  // strconv.ParseInt(suffix[1:], 10, 64): an optional sign and at least one digit.
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    const parsed = BigInt(suffix.slice(1));
    if (parsed > MAX_INT64 || parsed < -MAX_INT64 - 1n) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
  }
  return undefined;
}

/** MarshalJSON/String(): the kept input, or CanonicalizeBytes. */
function serialize(q: Quantity): string {
  if (q.cached !== undefined) return q.cached;
  if (q.m === 0n) return '0';
  let { m, e } = q;
  let format = q.format;
  if (format === 'BinarySI') {
    const integral = e >= 0 || m % pow10(-e) === 0n;
    const value = e >= 0 ? m * pow10(e) : m / pow10(-e);
    // Below 1024 in magnitude, or fractional, a binary quantity is written as decimal.
    if (!integral || abs(value) < 1024n) {
      format = 'DecimalSI';
    } else {
      let n = value;
      let power = 0;
      while (abs(n) >= 1024n && n % 1024n === 0n) [n, power] = [n / 1024n, power + 1];
      return `${n}${BINARY_BY_POWER[power] ?? ''}`;
    }
  }
  while (m % 10n === 0n) [m, e] = [m / 10n, e + 1];
  // Lower the exponent to a multiple of 3 so that no fractional digits are needed.
  const down = ((e % 3) + 3) % 3;
  [m, e] = [m * pow10(down), e - down];
  if (format === 'DecimalExponent') return e === 0 ? `${m}` : `${m}e${e}`;
  // apimachinery v0.36.1 has no suffix beyond E (10^18) and silently drops it ("1000E" → "1");
  // a later release falls back to "e21". We reproduce the version Kuma ships.
  return `${m}${DECIMAL_BY_EXPONENT.get(e) ?? ''}`;
}
