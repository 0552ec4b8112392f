/**
 * PEM blocks read by the rules of Go's `encoding/pem.Decode`, which kuma-dp's `AppendCertsFromPEM` uses: text
 * outside blocks is skipped, a block whose armour or base64 is broken is skipped, and the search goes on after
 * its BEGIN line. Kept apart from what a block means (ca-cert.ts) so each is small and testable alone.
 */

export interface PemBlock {
  readonly type: string;
  /** `Key: value` lines after the BEGIN line (Go skips a CERTIFICATE block that has any). */
  readonly headers: number;
  readonly bytes: Uint8Array;
}

/** A BEGIN line that did not make a block, and why: the caller names it instead of saying "not PEM". */
export interface BrokenPemBlock {
  readonly type: string;
  readonly reason: string;
}

export interface PemReading {
  readonly blocks: readonly PemBlock[];
  readonly broken: readonly BrokenPemBlock[];
}

const BEGIN = '-----BEGIN ';
const END = '\n-----END ';
const DASHES = '-----';

/** One line without its newline, the one CR before it and the trailing spaces and tabs Go trims; and what follows. */
function lineAt(text: string, from: number): { line: string; next: number } {
  const newline = text.indexOf('\n', from);
  const end = newline < 0 ? text.length : newline;
  // Go drops one CR before the newline, then trailing spaces and tabs: not every CR.
  return { line: text.slice(from, end).replace(/\r$/, '').replace(/[ \t]+$/, ''), next: newline < 0 ? text.length : newline + 1 };
}

/** Standard base64 with padding, newlines and CRs ignored (Go's StdEncoding.Decode); undefined when invalid. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const body = text.replace(/[\r\n]/g, '');
  if (body.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(body)) return undefined;
  const binary = atob(body);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Reads one block starting just after a BEGIN marker at `from`; a broken block says why. */
function blockAt(text: string, from: number): { block: PemBlock; next: number } | { broken: BrokenPemBlock } {
  const typeLine = lineAt(text, from);
  if (!typeLine.line.endsWith(DASHES)) return { broken: { type: typeLine.line, reason: 'its BEGIN line does not end in "-----"' } };
  const type = typeLine.line.slice(0, -DASHES.length);
  let at = typeLine.next;
  let headers = 0;
  for (;;) {
    if (at >= text.length) return { broken: { type, reason: 'it has no END line' } };
    const header = lineAt(text, at);
    if (!header.line.includes(':')) break;
    headers++;
    at = header.next;
  }
  // Without headers the END line may follow the BEGIN line directly, with no newline before it.
  const endAt = headers === 0 && text.startsWith(END.slice(1), at) ? at - 1 : text.indexOf(END, at);
  if (endAt < 0) return { broken: { type, reason: 'it has no END line' } };
  const trailerAt = endAt + END.length;
  const trailer = lineAt(text, trailerAt);
  if (trailer.line !== `${type}${DASHES}`) {
    return { broken: { type, reason: `its END line is "-----END ${trailer.line}", not "-----END ${type}-----"` } };
  }
  const bytes = decodeBase64(text.slice(at, Math.max(at, endAt)).replace(/[ \t]/g, ''));
  if (!bytes) return { broken: { type, reason: 'its body is not base64' } };
  return { block: { type, headers, bytes }, next: trailer.next };
}

/** Where the type of the next BEGIN line that starts a line at or after `from` begins, or -1. */
function markerAfter(text: string, from: number): number {
  const at = text.indexOf(`\n${BEGIN}`, from);
  return at < 0 ? -1 : at + 1 + BEGIN.length;
}

export function readPem(text: string): PemReading {
  const blocks: PemBlock[] = [];
  const broken: BrokenPemBlock[] = [];
  // A BEGIN marker counts at the very start or right after a newline.
  let marker = text.startsWith(BEGIN) ? BEGIN.length : markerAfter(text, 0);
  while (marker >= 0) {
    const read = blockAt(text, marker);
    let at: number;
    if ('broken' in read) {
      broken.push(read.broken);
      at = marker;
    } else {
      blocks.push(read.block);
      // The newline that ended the block may start the next BEGIN line.
      at = read.next - 1;
    }
    marker = markerAfter(text, at);
  }
  return { blocks, broken };
}
