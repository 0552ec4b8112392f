/**
 * Input bytes to text, refusing what is not UTF-8 instead of turning it into U+FFFD: a manifest whose bytes were
 * silently changed would be injected and written back altered. Every front end (KRM stdin, CLI files and stdin,
 * the legacy kustomize plugin's stdin and config) decodes through here, once, where main.ts reads the bytes.
 * A UTF-8 byte order mark is accepted and kept, as `Buffer.toString('utf8')` kept it.
 */

export type Decoded = { ok: true; text: string } | { ok: false; message: string };

/** Names the object that holds a line of the text (the bytes decoded with U+FFFD in place of the bad ones). */
export type LineLocator = (text: string, line: number) => string | undefined;

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Length of the well-formed sequence starting at `i` (Unicode Table 3-7), or 0 when the byte there starts none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  const inRange = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < bytes.length && bytes[i + k]! >= lo && bytes[i + k]! <= hi;
  if (b0 >= 0xc2 && b0 <= 0xdf) return inRange(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const second = b0 === 0xe0 ? inRange(1, 0xa0) : b0 === 0xed ? inRange(1, 0x80, 0x9f) : inRange(1);
    return second && inRange(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const second = b0 === 0xf0 ? inRange(1, 0x90) : b0 === 0xf4 ? inRange(1, 0x80, 0x8f) : inRange(1);
    return second && inRange(2) && inRange(3) ? 4 : 0;
  }
  return 0;
}

/** Where the first ill-formed sequence starts: its 0-based byte offset (as hexdump shows it) and 1-based line. */
export function firstInvalidByte(bytes: Uint8Array): { offset: number; byte: number; line: number } | undefined {
  let line = 1;
  for (let i = 0; i < bytes.length; ) {
    const length = sequenceLength(bytes, i);
    if (length === 0) return { offset: i, byte: bytes[i]!, line };
    if (bytes[i] === 0x0a) line++;
    i += length;
  }
  return undefined;
}

export function decodeUtf8(bytes: Uint8Array, locate?: LineLocator): Decoded {
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    const bad = firstInvalidByte(bytes);
    const object = bad && locate ? locate(new TextDecoder().decode(bytes), bad.line) : undefined;
    const where = bad ? `invalid byte 0x${bad.byte.toString(16).padStart(2, '0')} at byte ${bad.offset} (line ${bad.line}${object ? `, in ${object}` : ''})` : 'an invalid byte sequence';
    return { ok: false, message: `input is not UTF-8: ${where}` };
  }
}
