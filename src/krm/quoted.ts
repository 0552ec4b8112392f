/**
 * Scalar bodies for the hand-written reader: single-line double- and single-quoted scalars with YAML's escapes,
 * and the folding of a `>` block scalar's lines. Pure text functions.
 */
import { unsupported } from './unsupported.ts';

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\x0b',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

/** The double-quoted scalar whose opening quote is at `p`, on one line: its value and the offset after it. */
export function readDoubleQuoted(text: string, p: number): { value: string; end: number } {
  let value = '';
  let i = p + 1;
  let from = i;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) break;
    if (c === 10 || Number.isNaN(c)) unsupported('a multi-line double-quoted scalar');
    if (c !== 92 /* \ */) {
      i++;
      continue;
    }
    value += text.slice(from, i);
    const e = text[i + 1];
    const simple = e === undefined ? undefined : ESCAPES[e];
    if (simple !== undefined) {
      value += simple;
      i += 2;
    } else if (e === 'x' || e === 'u') {
      const digits = e === 'x' ? 2 : 4;
      const hex = text.slice(i + 2, i + 2 + digits);
      if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) unsupported('a bad escape');
      value += String.fromCharCode(parseInt(hex, 16));
      i += 2 + digits;
    } else {
      unsupported('an escape the hand-written reader does not read');
    }
    from = i;
  }
  return { value: value + text.slice(from, i), end: i + 1 };
}

/** The single-quoted scalar whose opening quote is at `p`, on one line (`''` is a quote). */
export function readSingleQuoted(text: string, p: number): { value: string; end: number } {
  let value = '';
  let i = p + 1;
  let from = i;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 10 || Number.isNaN(c)) unsupported('a multi-line single-quoted scalar');
    if (c === 39 /* ' */) {
      if (text.charCodeAt(i + 1) !== 39) break;
      value += `${text.slice(from, i)}'`;
      i += 2;
      from = i;
      continue;
    }
    i++;
  }
  return { value: value + text.slice(from, i), end: i + 1 };
}

/** Folds the lines of a `>` scalar: lines of a paragraph are joined by a space, each blank line is a break. */
export function foldLines(lines: readonly string[]): string {
  let out = '';
  let blanks = 0;
  let started = false;
  for (const line of lines) {
    if (line === '') {
      blanks++;
      continue;
    }
    if (started) out += blanks > 0 ? '\n'.repeat(blanks) : ' ';
    else out += '\n'.repeat(blanks);
    out += line;
    blanks = 0;
    started = true;
  }
  return out;
}
