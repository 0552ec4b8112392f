import { suite } from 'uvu';
import { objectAtLine } from './krm/stream.ts';
import * as assert from 'uvu/assert';
import { decodeUtf8, firstInvalidByte } from './utf8.ts';

const utf8 = suite('utf8');

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

utf8('well-formed text decodes as Buffer.toString did, a byte order mark kept', () => {
  for (const text of ['', 'kind: Pod\n', 'name: café ✓ 🚀\n', '\uFEFFapiVersion: v1\n']) {
    const decoded = decodeUtf8(Buffer.from(text, 'utf8'));
    assert.equal(decoded, { ok: true, text: Buffer.from(text, 'utf8').toString('utf8') });
  }
});

const CASES: ReadonlyArray<readonly [string, Uint8Array, string]> = [
  ['a lone 0xff', bytes('a: 1\nb: ', [0xff], '\n'), 'invalid byte 0xff at byte 8 (line 2)'],
  ['a Latin-1 é on line 3', bytes('a: 1\nb: 2\nc: caf', [0xe9], '\n'), 'invalid byte 0xe9 at byte 16 (line 3)'],
  ['a continuation byte alone', bytes([0x80]), 'invalid byte 0x80 at byte 0 (line 1)'],
  ['an overlong encoding of /', bytes('x', [0xc0, 0xaf]), 'invalid byte 0xc0 at byte 1 (line 1)'],
  ['a UTF-16 surrogate', bytes('ok ✓ ', [0xed, 0xa0, 0x80]), 'invalid byte 0xed at byte 7 (line 1)'],
  ['a sequence cut short at the end', bytes('é\n', [0xe2, 0x82]), 'invalid byte 0xe2 at byte 3 (line 2)'],
  ['a code point above U+10FFFF', bytes([0xf4, 0x90, 0x80, 0x80]), 'invalid byte 0xf4 at byte 0 (line 1)'],
];

for (const [name, input, where] of CASES) {
  utf8(`refuses ${name}, naming the first invalid byte, its offset and its line`, () => {
    assert.equal(decodeUtf8(input), { ok: false, message: `input is not UTF-8: ${where}` });
  });
}

utf8('firstInvalidByte agrees with the fatal decoder on every 1- and 2-byte input', () => {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let a = 0; a < 256; a++) {
    for (let b = 0; b < 256; b++) {
      for (const input of [Uint8Array.of(a), Uint8Array.of(a, b)]) {
        let valid = true;
        try {
          decoder.decode(input);
        } catch {
          valid = false;
        }
        assert.is(firstInvalidByte(input) === undefined, valid, `bytes ${[...input].join(',')}`);
      }
    }
  }
});

utf8('a bad byte is placed in the object that holds it: an item of a ResourceList, a List entry, a document', () => {
  const bad = (text: string): Uint8Array => {
    const bytes = Buffer.from(text.replace('@', 'caf'), 'utf8');
    return Buffer.concat([bytes.subarray(0, bytes.indexOf('caf') + 3), Buffer.from([0xe9]), bytes.subarray(bytes.indexOf('caf') + 3)]);
  };
  const cases: Array<[string, string]> = [
    ['apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b, namespace: shop}\n  data: {k: "@"}\n', 'ConfigMap shop/b'],
    ['apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: s}\n  stringData: {k: "@"}\n', 'Secret s'],
    ['apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: x}\nspec: {hostname: "@"}\n', 'Pod x/p'],
  ];
  for (const [text, object] of cases) {
    const decoded = decodeUtf8(bad(text), objectAtLine);
    assert.is(decoded.ok, false);
    if (!decoded.ok) assert.match(decoded.message, new RegExp(`^input is not UTF-8: invalid byte 0xe9 at byte \\d+ \\(line \\d+, in ${object}\\)$`));
  }
  const binary = decodeUtf8(Uint8Array.of(0x89, 0x50, 0x4e, 0x47), objectAtLine);
  assert.equal(binary, { ok: false, message: 'input is not UTF-8: invalid byte 0x89 at byte 0 (line 1)' });
});

utf8.run();
