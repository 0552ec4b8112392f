/**
 * The text of a scalar the function writes: strings plain where every YAML reader (1.1 and 1.2) reads them back as
 * the same string, else quoted (or a block scalar for multi-line text), numbers, booleans and null. Also the
 * comment helpers. Source scalars are never re-spelled: this is only for values the function creates.
 */
import type { JsonValue } from './object.ts';

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** The tests of the core schema's non-string tags, in the order `yaml` tries them. */
const NON_STRING_TESTS = [NULL, BOOL, INT_OCT, INT, INT_HEX, FLOAT_NAN, FLOAT_EXP, FLOAT];

/** A plain scalar could start a number, bool or null only if it starts with one of these (cheap pre-check). */
const MAYBE_NON_STRING = /^[-+.0-9~nNtTfF]|^$/;

/** Number text as `yaml` writes it: `.nan`/`.inf`, `-0`, JSON otherwise, padded to `minFractionDigits`. */
function numberText(value: number, minFractionDigits = 0): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value < 0 ? '-.inf' : '.inf';
  let text = Object.is(value, -0) ? '-0' : JSON.stringify(value);
  if (minFractionDigits > 0 && /^-?\d/.test(text) && !text.includes('e')) {
    let dot = text.indexOf('.');
    if (dot < 0) {
      dot = text.length;
      text += '.';
    }
    for (let missing = minFractionDigits - (text.length - dot - 1); missing > 0; missing--) text += '0';
  }
  return text;
}

/** Text of a number, boolean or null that we create (no source text to keep). */
export function createdScalarText(value: number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return numberText(value);
}

// ---------------------------------------------------------------------------------------------------------
// Strings

/**
 * Strings that are written plain whatever the context: they start with a letter that begins no YAML 1.1 or 1.2
 * keyword (y/n/t/f/o), or `/`, contain no space, `#` or other indicator, and do not end with `:`. Reading one
 * as a plain scalar gives the same string under both schemas, so neither quoting rule applies.
 */
const SIMPLE = /^[A-EG-MPQRSU-XZa-eg-mpqrsu-xz/][A-Za-z0-9_./:-]*$/;
export const isSimplePlain = (value: string): boolean => SIMPLE.test(value) && value.charCodeAt(value.length - 1) !== 58;

const SPACES: string[] = [];
/** `n` spaces (cached: indentation strings are asked for all the time). */
export function spaces(n: number): string {
  return (SPACES[n] ??= ' '.repeat(n));
}

export type StringStyle = 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

/** Where a string is written: the context indentation, and whether it is a map key. */
export interface StringContext {
  readonly indent: string;
  readonly implicitKey: boolean;
}

const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
/** A string that cannot be plain: leading indicator, `: `, ` #`, surrounding whitespace, a lone `-`/`?`. */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const MULTI_LINE_MIN = 40;
const DOUBLE_ESCAPES: Record<string, string> = {
  '0000': '\\0',
  '0007': '\\a',
  '000b': '\\v',
  '001b': '\\e',
  '0085': '\\N',
  '00a0': '\\_',
  '2028': '\\L',
  '2029': '\\P',
};

function doubleQuoted(value: string, ctx: StringContext): string {
  const json = JSON.stringify(value);
  const indent = ctx.indent || (DOCUMENT_MARKER.test(value) ? '  ' : '');
  let out = '';
  let from = 0;
  for (let i = 0; i < json.length; i++) {
    let ch = json[i];
    if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
      // A space before a line break is escaped, or folding would eat it.
      out += `${json.slice(from, i)}\\ `;
      i += 1;
      from = i;
      ch = '\\';
    }
    if (ch !== '\\') continue;
    const next = json[i + 1];
    if (next === 'u') {
      out += json.slice(from, i);
      const code = json.substring(i + 2, i + 6);
      out += DOUBLE_ESCAPES[code] ?? (code.startsWith('00') ? `\\x${code.substring(2)}` : json.substring(i, i + 6));
      i += 5;
      from = i + 1;
    } else if (next === 'n') {
      if (ctx.implicitKey || json[i + 2] === '"' || json.length < MULTI_LINE_MIN) {
        i += 1;
      } else {
        // A long string with line breaks is written over several lines; the first break is folded away.
        out += `${json.slice(from, i)}\n\n`;
        while (json[i + 2] === '\\' && json[i + 3] === 'n' && json[i + 4] !== '"') {
          out += '\n';
          i += 2;
        }
        out += indent;
        if (json[i + 2] === ' ') out += '\\';
        i += 1;
        from = i + 1;
      }
    } else {
      i += 1;
    }
  }
  return from ? out + json.slice(from) : json;
}

function singleQuoted(value: string, ctx: StringContext): string {
  if ((ctx.implicitKey && value.includes('\n')) || /[ \t]\n|\n[ \t]/.test(value)) return doubleQuoted(value, ctx);
  const indent = ctx.indent || (DOCUMENT_MARKER.test(value) ? '  ' : '');
  return `'${value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`)}'`;
}

function quoted(value: string, ctx: StringContext): string {
  const hasDouble = value.includes('"');
  const hasSingle = value.includes("'");
  return hasDouble && !hasSingle ? singleQuoted(value, ctx) : doubleQuoted(value, ctx);
}

/** A block scalar: literal unless folded was asked for; text a block scalar cannot hold as we write them is quoted. */
function blockString(value: string, style: StringStyle | undefined, ctx: StringContext, comment?: string): string {
  if (/\n[\t ]+$/.test(value)) return quoted(value, ctx);
  const indent = ctx.indent;
  if (indent === '') return quoted(value, ctx);
  const literal = style !== 'BLOCK_FOLDED';
  if (!value) return literal ? '|\n' : '>\n';
  let endStart = value.length;
  while (endStart > 0 && '\n\t '.includes(value[endStart - 1]!)) endStart--;
  let end = value.substring(endStart);
  const endNl = end.indexOf('\n');
  let chomp = '';
  if (endNl === -1) chomp = '-';
  else if (value === end || endNl !== end.length - 1) return quoted(value, ctx);
  let body = value;
  if (end) {
    body = value.slice(0, -end.length);
    if (end[end.length - 1] === '\n') end = end.slice(0, -1);
    end = end.replace(/(^|(?<!\n))\n+(?!\n|$)/g, `$&${indent}`);
  }
  let startsWithSpace = false;
  let startEnd = 0;
  let startNl = -1;
  for (; startEnd < body.length; startEnd++) {
    const ch = body[startEnd];
    if (ch === ' ') startsWithSpace = true;
    else if (ch === '\n') startNl = startEnd;
    else break;
  }
  let start = body.substring(0, startNl < startEnd ? startNl + 1 : startEnd);
  if (start) {
    body = body.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  let header = (startsWithSpace ? '2' : '') + chomp;
  if (comment) header += ` ${commentString(comment.replace(/ ?[\r\n]+/g, ' '))}`;
  if (!literal) {
    const folded = body
      .replace(/\n+/g, '\n$&')
      .replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, '$1$2')
      .replace(/\n+/g, `$&${indent}`);
    return `>${header}\n${indent}${start}${folded}${end}`;
  }
  return `|${header}\n${indent}${start}${body.replace(/\n+/g, `$&${indent}`)}${end}`;
}

/** Whether a plain `text` would read back as something other than a string (core schema). */
export const readsAsNonString = (text: string): boolean =>
  MAYBE_NON_STRING.test(text) && NON_STRING_TESTS.some((test) => test.test(text));

function plainString(value: string, style: StringStyle | undefined, ctx: StringContext, comment: string | undefined): string {
  const { implicitKey, indent } = ctx;
  if (implicitKey && value.includes('\n')) return quoted(value, ctx);
  if (NOT_PLAIN.test(value)) return implicitKey || !value.includes('\n') ? quoted(value, ctx) : blockString(value, style, ctx, comment);
  if (!implicitKey && style !== 'PLAIN' && value.includes('\n')) return blockString(value, style, ctx, comment);
  if (DOCUMENT_MARKER.test(value)) {
    if (indent === '') return quoted(value, ctx);
    if (implicitKey && indent === '  ') return quoted(value, ctx);
  }
  const text = value.includes('\n') ? value.replace(/\n+/g, `$&\n${indent}`) : value;
  return readsAsNonString(text) ? quoted(value, ctx) : text;
}

/**
 * The text `yaml` writes for a string scalar of the given style (undefined: a created node, written plain when
 * it can be). A block scalar's header comment is written with it, as `yaml` does.
 */
export function stringText(value: string, style: StringStyle | undefined, ctx: StringContext, comment?: string): string {
  let type = style;
  if (type !== 'QUOTE_DOUBLE' && CONTROL.test(value)) type = 'QUOTE_DOUBLE';
  switch (type) {
    case 'BLOCK_FOLDED':
    case 'BLOCK_LITERAL':
      return ctx.implicitKey ? quoted(value, ctx) : blockString(value, type, ctx, comment);
    case 'QUOTE_DOUBLE':
      return doubleQuoted(value, ctx);
    case 'QUOTE_SINGLE':
      return singleQuoted(value, ctx);
    default:
      return plainString(value, type, ctx, comment);
  }
}

// ---------------------------------------------------------------------------------------------------------
// YAML 1.1 quoting: strings we create are double-quoted where kubectl or Argo CD would read something else.

const YAML11_WORDS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|<<|=)$/;
const YAML11_INT = /^[-+]?(?:0b[01]+|0o?[0-7]+|0x[0-9a-fA-F]+|[0-9]+)$/;
const YAML11_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const YAML11_SPECIAL_FLOAT = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const YAML11_SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const YAML11_TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt \t]|$)/;
/** Strings that start like none of the YAML 1.1 patterns are never quoted (the common case, checked first). */
const YAML11_CANDIDATE = /^[-+.0-9_~<=yYnNtTfFoO]/;

export function needsQuotingForYaml11(value: string): boolean {
  if (!YAML11_CANDIDATE.test(value)) return false;
  if (YAML11_WORDS.test(value) || YAML11_SPECIAL_FLOAT.test(value)) return true;
  if (YAML11_SEXAGESIMAL.test(value) || YAML11_TIMESTAMP.test(value)) return true;
  const digits = value.replace(/_/g, '');
  return digits !== '' && (YAML11_INT.test(digits) || YAML11_FLOAT.test(digits));
}

// ---------------------------------------------------------------------------------------------------------
// Comments, as `yaml` writes them: the stored text is what follows `#`, lines joined with `\n`.

export const commentString = (text: string): string => text.replace(/^(?!$)(?: $)?/gm, '#');

export function indentComment(comment: string, indent: string): string {
  if (/^\n+$/.test(comment)) return comment.substring(1);
  return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
}

export function lineComment(text: string, indent: string, comment: string): string {
  if (text.endsWith('\n')) return indentComment(comment, indent);
  if (comment.includes('\n')) return `\n${indentComment(comment, indent)}`;
  return (text.endsWith(' ') ? '' : ' ') + comment;
}
