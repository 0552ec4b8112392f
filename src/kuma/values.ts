/**
 * Parses Kuma annotation values as Kuma v2.14.3 does (metadata/annotations.go), with Go's own strconv/time
 * error texts, and formats durations like Go's time.Duration.String(). Failures are values, not throws.
 * It doesn't look annotations up or know which key takes which parser; callers decide that.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

/** The "enabled"-style boolean (GetEnabled): true/enabled/yes, false/disabled/no, case-sensitive. */
export function parseBool(key: string, value: string): Parsed<boolean> {
  if (value === 'true' || value === 'enabled' || value === 'yes') return ok(true);
  if (value === 'false' || value === 'disabled' || value === 'no') return ok(false);
  // Kuma formats this one with %s, not %q, so the key and value are not escaped.
  return fail(`annotation "${key}" has wrong value "${value}"`);
}

/** Kuma's strict variant (GetBoolean): only true/false/yes/no; anything else is undefined. */
export function parseStrictBool(value: string): boolean | undefined {
  if (value === 'true' || value === 'yes') return true;
  if (value === 'false' || value === 'no') return false;
  return undefined;
}

/** `yes`/`no` still parse but have been deprecated since Kuma 2.9. */
export function isDeprecatedYesNo(value: string): boolean {
  return value === 'yes' || value === 'no';
}

const MAX_UINT32 = 4294967295;

/** strconv.ParseUint(value, 10, 32), wrapped the way Kuma's GetUint32 wraps it. */
export function parseUint32(key: string, value: string): Parsed<number> {
  const wrap = (reason: string) =>
    fail<number>(`failed to parse annotation ${goQuote(key)}: strconv.ParseUint: parsing ${goQuote(value)}: ${reason}`);
  if (value === '') return wrap('invalid syntax');
  let n = 0;
  // Go scans left to right and reports whichever problem it meets first.
  for (const ch of value) {
    if (ch < '0' || ch > '9') return wrap('invalid syntax');
    n = n * 10 + (ch.charCodeAt(0) - 48);
    if (n > MAX_UINT32) return wrap('value out of range');
  }
  return ok(n);
}

/** GetList: split on the separator and drop empty items; Kuma does not trim. */
export function parseList(value: string, separator = ','): string[] {
  return value.split(separator).filter((item) => item !== '');
}

/** GetMap, as used for `kuma.io/sidecar-env-vars`: `K1=V1;K2=V2`, each piece exactly one `=`. */
export function parseEnvVarMap(value: string, key = 'kuma.io/sidecar-env-vars'): Parsed<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const pair of value.split(';')) {
    const kv = pair.split('=');
    // An empty value or a trailing `;` yields a piece without `=`, which Kuma rejects too.
    if (kv.length !== 2) {
      return fail(`invalid format. Map in ${goQuote(key)} has to be provided in the following format: key1=value1;key2=value2`);
    }
    // defineProperty: a plain assignment to `__proto__` would change the prototype instead.
    Object.defineProperty(result, kv[0]!, { value: kv[1]!, writable: true, enumerable: true, configurable: true });
  }
  return ok(result);
}

const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n, // U+00B5 micro sign
  'μs': 1000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const TWO_63 = 1n << 63n;

/**
 * time.ParseDuration: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or a bare `0`. Nanoseconds as a number,
 * exact up to 2^53 ns (about 104 days); Go's int64 range is enforced with BigInt.
 */
export function parseGoDuration(value: string): Parsed<number> {
  const invalid = () => fail<number>(`time: invalid duration ${timeQuote(value)}`);
  let s = value;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return ok(0);
  if (s === '') return invalid();
  let total = 0n;
  while (s !== '') {
    if (!/^[0-9.]/.test(s)) return invalid();
    const intDigits = /^[0-9]*/.exec(s)![0];
    s = s.slice(intDigits.length);
    const whole = intDigits === '' ? 0n : BigInt(intDigits);
    if (whole > TWO_63) return invalid();
    let frac = 0n;
    let scale = 1;
    let fracDigits = '';
    if (s[0] === '.') {
      fracDigits = /^\.([0-9]*)/.exec(s)![1]!;
      s = s.slice(1 + fracDigits.length);
      // Go stops accumulating (but keeps consuming) digits once the fraction would overflow.
      for (const d of fracDigits) {
        if (frac > (TWO_63 - 1n) / 10n) break;
        const next = frac * 10n + BigInt(d);
        if (next > TWO_63) break;
        frac = next;
        scale *= 10;
      }
    }
    if (intDigits === '' && fracDigits === '') return invalid();
    const unitText = /^[^0-9.]*/.exec(s)![0];
    if (unitText === '') return fail(`time: missing unit in duration ${timeQuote(value)}`);
    s = s.slice(unitText.length);
    const unit = Object.hasOwn(UNIT_NANOS, unitText) ? UNIT_NANOS[unitText] : undefined;
    if (unit === undefined) return fail(`time: unknown unit ${timeQuote(unitText)} in duration ${timeQuote(value)}`);
    if (whole > TWO_63 / unit) return invalid();
    let v = whole * unit;
    if (frac > 0n) {
      // Go uses float64 here, so fractions of an hour are nanosecond-accurate but not beyond.
      v += BigInt(Math.trunc(Number(frac) * (Number(unit) / scale)));
      if (v > TWO_63) return invalid();
    }
    total += v;
    if (total > TWO_63) return invalid();
  }
  if (!neg && total > TWO_63 - 1n) return invalid();
  return ok(Number(neg ? -total : total));
}

/** time.Duration.String(): `0s`, `1.5s`, `2h45m0s`, `1µs`, `-500ms`. A bigint keeps all 64 bits. */
export function formatGoDuration(nanos: number | bigint): string {
  if (typeof nanos === 'number' && !Number.isFinite(nanos)) throw new RangeError(`formatGoDuration: ${nanos} is not a finite duration`);
  let u = typeof nanos === 'bigint' ? nanos : BigInt(Math.trunc(nanos));
  const neg = u < 0n;
  if (neg) u = -u;
  if (u === 0n) return '0s';
  let out: string;
  if (u < 1_000_000_000n) {
    // Below one second Go switches to the largest sub-second unit, with a fraction.
    const [prec, unit]: [number, string] = u < 1000n ? [0, 'ns'] : u < 1_000_000n ? [3, 'µs'] : [6, 'ms'];
    const [frac, rest] = fraction(u, prec);
    out = `${rest}${frac}${unit}`;
  } else {
    const [frac, secs] = fraction(u, 9);
    out = `${secs % 60n}${frac}s`;
    const mins = secs / 60n;
    if (mins > 0n) {
      out = `${mins % 60n}m${out}`;
      const hours = mins / 60n;
      // Go stops at hours: days have no fixed length.
      if (hours > 0n) out = `${hours}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** Splits v into v / 10^prec and its fraction as `.ddd` without trailing zeros (empty when zero). */
function fraction(v: bigint, prec: number): [string, bigint] {
  const div = 10n ** BigInt(prec);
  const digits = (v % div).toString().padStart(prec, '0').replace(/0+$/, '');
  return [digits === '' ? '' : `.${digits}`, v / div];
}

/** Go's `%q` of a []string, as Kuma's error messages print name lists: `["a" "b"]`. */
export const goQuoteList = (names: readonly string[]): string => `[${names.map(goQuote).join(' ')}]`;

/** strconv.Quote: Go's `%q`. Printable runes stay, others become \n, \xNN, \uNNNN or \UNNNNNNNN. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    let cp = ch.codePointAt(0)!;
    // A lone surrogate can't come from valid UTF-8; Go would already hold U+FFFD there.
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    const r = String.fromCodePoint(cp);
    if (r === '"' || r === '\\') out += `\\${r}`;
    else if (r === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(r)) out += r;
    else if (ESCAPES[cp] !== undefined) out += ESCAPES[cp];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

const ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' };
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** The time package's own quote: ASCII below 0x20 and every non-ASCII byte become \xNN. */
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || cp >= 0x80) {
      for (const byte of new TextEncoder().encode(ch)) out += `\\x${hex(byte, 2)}`;
    } else {
      out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
    }
  }
  return `${out}"`;
}
