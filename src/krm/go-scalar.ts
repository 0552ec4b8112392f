/**
 * What a Go reader (kubectl and Argo CD: sigs.k8s.io/yaml over go-yaml v2, YAML 1.1 rules) makes of a scalar, so
 * that the values the function sees are the values the cluster will get: `0755` is 493, `0x1F` is 31, `yes` and
 * `on` are true, `1e400` is a string. Checked case by case against `kubectl annotate --local -o json`
 * (go-scalar.test.ts). Only reading: the writer never re-spells a scalar it did not change.
 */
import type { JsonValue } from './object.ts';

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUES = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE']);
const FALSES = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE']);
const SPECIAL_FLOATS: ReadonlyMap<string, number> = new Map([
  ['.inf', Infinity], ['.Inf', Infinity], ['.INF', Infinity],
  ['+.inf', Infinity], ['+.Inf', Infinity], ['+.INF', Infinity],
  ['-.inf', -Infinity], ['-.Inf', -Infinity], ['-.INF', -Infinity],
  ['.nan', NaN], ['.NaN', NaN], ['.NAN', NaN],
]);

/** Go's strconv.ParseInt(s, 0, 64) and ParseUint syntax: sign, then 0x / 0o / 0b / 0 (octal) / decimal digits. */
const GO_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|(0[0-7]*)|([1-9][0-9]*))$/;
/** go-yaml v2's yamlStyleFloat: the only floats it accepts after the integer forms fail. */
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** The integer a Go int parse gives, as a number; undefined when the text is no Go integer or overflows uint64. */
function goInteger(text: string): number | undefined {
  const match = GO_INT.exec(text);
  if (!match) return undefined;
  const [, sign, hex, oct, bin, octLegacy, dec] = match;
  let magnitude: bigint;
  if (hex !== undefined) magnitude = BigInt(`0x${hex}`);
  else if (oct !== undefined) magnitude = BigInt(`0o${oct}`);
  else if (bin !== undefined) magnitude = BigInt(`0b${bin}`);
  else if (octLegacy !== undefined) magnitude = octLegacy.length > 1 ? BigInt(`0o${octLegacy.slice(1)}`) : 0n;
  else magnitude = BigInt(dec!);
  // ParseInt takes -2^63..2^63-1; past that, only a non-negative value fits ParseUint.
  if (sign === '-' ? magnitude > INT64_MAX + 1n : magnitude > UINT64_MAX) return undefined;
  const value = Number(magnitude);
  return sign === '-' ? -value : value;
}

/** A plain (unquoted, untagged) scalar as go-yaml v2 resolves it. `<<` (merge) is the reader's business. */
export function resolveGoPlain(text: string): JsonValue {
  if (NULLS.has(text)) return null;
  if (TRUES.has(text)) return true;
  if (FALSES.has(text)) return false;
  const special = SPECIAL_FLOATS.get(text);
  if (special !== undefined) return special;
  const c = text.charCodeAt(0);
  // go-yaml only tries numbers for scalars that start with a sign, a dot or a digit.
  if (!(c === 43 || c === 45 || c === 46 || (c >= 48 && c <= 57))) return text;
  const plain = text.includes('_') ? text.replace(/_/g, '') : text;
  const integer = goInteger(plain);
  if (integer !== undefined) return integer;
  if (YAML_FLOAT.test(plain)) {
    const value = Number(plain);
    if (Number.isFinite(value)) return value;
  }
  return text;
}

/**
 * A scalar with an explicit tag (`!!str 12`, `!!float 1`, `!!binary …`). `text` is the scalar's value as a string
 * (for a plain scalar, its source). Local and non-specific tags (`!foo`, `!`) give the text unresolved, as go-yaml
 * does for an interface{} target; `!!binary` is its decoded bytes as a string, as kubectl sends it.
 */
export function resolveGoTagged(tag: string, text: string, plain: boolean): JsonValue {
  const refuse = (kind: string): never => {
    throw new TagMismatch(`\`${tag} ${text}\` is not ${kind}, which Go refuses`);
  };
  switch (tag) {
    case '!!str':
    case 'tag:yaml.org,2002:str':
      return text;
    case '!!binary':
    case 'tag:yaml.org,2002:binary':
      return decodeBase64(text);
    case '!!int':
    case 'tag:yaml.org,2002:int': {
      const value = resolveGoPlain(text);
      return typeof value === 'number' && Number.isInteger(value) ? value : refuse('an integer');
    }
    case '!!float':
    case 'tag:yaml.org,2002:float': {
      const value = resolveGoPlain(text);
      return typeof value === 'number' ? value : refuse('a number');
    }
    case '!!bool':
    case 'tag:yaml.org,2002:bool': {
      const value = resolveGoPlain(text);
      return typeof value === 'boolean' ? value : refuse('a boolean');
    }
    case '!!null':
    case 'tag:yaml.org,2002:null':
      return resolveGoPlain(text) === null ? null : refuse('null');
    default:
      // A local (`!foo`) or non-specific (`!`) tag: go-yaml gives the text as it is.
      return text;
  }
}

/** A tagged scalar whose text is not of its tag's kind (`!!int 1.5`): Go refuses the document. */
export class TagMismatch extends Error {}

/**
 * A plain map key as sigs.k8s.io/yaml turns it into a JSON key: booleans as `true`/`false`, integers exactly (from
 * their text, so beyond 2^53 too), floats as Go's FormatFloat(f, 'g', -1, 32) with `.inf`/`.nan`. A null key is
 * refused by Go: undefined.
 */
export function goKey(text: string): string | undefined {
  const value = resolveGoPlain(text);
  if (typeof value === 'string') return value;
  if (value === null) return undefined;
  if (typeof value === 'boolean') return String(value);
  const plain = text.includes('_') ? text.replace(/_/g, '') : text;
  const match = GO_INT.exec(plain);
  if (match) return exactInteger(match);
  return goFloat32(value as number);
}

/** The key text of a tagged key's value (`!!str 12: a`, `!!int 7: b`). */
export const goKeyString = (value: JsonValue): string => (typeof value === 'string' ? value : String(value));

function exactInteger(match: RegExpExecArray): string {
  const [, sign, hex, oct, bin, octLegacy, dec] = match;
  const magnitude =
    hex !== undefined ? BigInt(`0x${hex}`) : oct !== undefined ? BigInt(`0o${oct}`) : bin !== undefined ? BigInt(`0b${bin}`) : octLegacy !== undefined ? (octLegacy.length > 1 ? BigInt(`0o${octLegacy.slice(1)}`) : 0n) : BigInt(dec!);
  return `${sign === '-' && magnitude !== 0n ? '-' : ''}${magnitude}`;
}

/** Go's strconv.FormatFloat(f, 'g', -1, 32): the shortest digits that give the same float32. */
function goFloat32(f: number): string {
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  if (Number.isNaN(f)) return '.nan';
  const f32 = Math.fround(f);
  let digits = 1;
  while (digits < 9 && Math.fround(Number(f32.toPrecision(digits))) !== f32) digits++;
  const [mantissa, exponentText] = Number(f32.toPrecision(digits)).toExponential(digits - 1).split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= digits) return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  return String(Number(f32.toPrecision(digits)));
}

/** Base64 (line breaks allowed) to text; bytes that are not UTF-8 become U+FFFD, as Go's JSON encoder writes them. */
function decodeBase64(text: string): string {
  let bytes: string;
  try {
    bytes = atob(text.replace(/\s+/g, ''));
  } catch {
    return text; // Go refuses it; the function keeps the text and never changes it
  }
  return new TextDecoder().decode(Uint8Array.from(bytes, (c) => c.charCodeAt(0)));
}
