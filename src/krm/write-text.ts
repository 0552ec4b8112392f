/**
 * Text helpers of the writer: lines, the comment lines that belong to an entry, splices applied to a stretch of
 * source, re-indentation, line ends. Pure functions of text and offsets; they know no nodes.
 */
import { spaces } from './scalar-text.ts';

export interface Splice {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

export const eol = (text: string, p: number): number => {
  const end = text.indexOf('\n', p);
  return end === -1 ? text.length : end;
};

export const lineStartOf = (text: string, p: number): number => text.lastIndexOf('\n', p - 1) + 1;

export const onlySpacesBefore = (text: string, p: number): boolean => /^ *$/.test(text.slice(lineStartOf(text, p), p));

/** Comment lines directly above the line of `p` (no blank line between) at column `col`: where they start. */
export function attachedStart(text: string, p: number, col: number): number {
  let start = lineStartOf(text, p);
  let first = p;
  for (;;) {
    if (start === 0) return first;
    const prev = lineStartOf(text, start - 1);
    const line = text.slice(prev, start - 1);
    if (line.length > col && /^ *$/.test(line.slice(0, col)) && line[col] === '#') {
      first = prev + col;
      start = prev;
    } else return first;
  }
}


/**
 * The comment lines right after `end` that stand right of column `col` (blank lines between them included): they
 * belong to the last entry of the collection at `col`, and go when it goes. Where they end (or `end`).
 */
export function trailingComments(text: string, end: number, col: number): number {
  let last = end;
  let p = eol(text, end) + 1;
  while (p < text.length) {
    const lineEnd = eol(text, p);
    const line = text.slice(p, lineEnd);
    const content = line.trimStart();
    if (content !== '' && (content[0] !== '#' || line.length - content.length <= col)) break;
    if (content !== '') last = lineEnd;
    p = lineEnd + 1;
  }
  return last;
}

/** The comments (`# …`) in a stretch of text between two nodes. */
export function commentsIn(text: string, from: number, to: number): string[] {
  const out: string[] = [];
  for (const line of text.slice(from, to).split('\n')) {
    const at = line.indexOf('#');
    if (at !== -1 && /^[ \t]*$/.test(line.slice(0, at))) out.push(line.slice(at).trimEnd());
  }
  return out;
}

/** Applies splices (sorted, not overlapping) to the text from `from` to `to`. */
export function applySplices(text: string, from: number, to: number, splices: readonly Splice[]): string {
  if (splices.length === 0) return text.slice(from, to);
  // A few large pieces (the root around its items) are concatenated, which copies nothing; many small ones are
  // joined into one flat string instead of a tree of pieces that would live until the output is written.
  if (splices.length <= 2 && to - from > 1 << 20) {
    let out = '';
    let at = from;
    for (const splice of splices) {
      out += text.slice(at, splice.from) + splice.text;
      at = splice.to;
    }
    return out + text.slice(at, to);
  }
  const parts: string[] = [];
  let at = from;
  for (const splice of splices) {
    parts.push(text.slice(at, splice.from), splice.text);
    at = splice.to;
  }
  parts.push(text.slice(at, to));
  return parts.join('');
}

/** Moves every line after the first `delta` columns right (or left, as far as it has spaces). */
export function shift(text: string, delta: number): string {
  if (delta === 0) return text;
  if (delta > 0) return text.replace(/\n(?!\n)/g, `\n${spaces(delta)}`);
  return text.replace(new RegExp(`\\n {1,${-delta}}`, 'g'), '\n');
}

/** Where the comment and blank lines after `end` stop: the start of the next line with content, or the end. */
export function gapEnd(text: string, end: number): number {
  let p = eol(text, end) + 1;
  while (p < text.length) {
    const lineEnd = eol(text, p);
    const content = text.slice(p, lineEnd).trimStart();
    if (content !== '' && content[0] !== '#') return p;
    p = lineEnd + 1;
  }
  return Math.min(p, text.length);
}

/** Text written into a source whose lines end in CRLF gets CRLF too (the source's own lines keep theirs). */
export function matchLineEnds(source: string, written: string): string {
  const crlf = source.indexOf('\r\n');
  if (crlf === -1 || crlf > source.indexOf('\n')) return written;
  return written.replace(/(?<!\r)\n/g, '\r\n');
}
