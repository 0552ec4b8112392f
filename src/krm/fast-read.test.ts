import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Document, Scalar, parseDocument, type Node as YamlNode } from 'yaml';
import { parseFlow } from './fast-flow.ts';
import { readFast, writeFast } from './fast-list.ts';
import { type StringStyle, Unsupported, resolvePlain, stringText } from './fast-scalar.ts';
import { STRINGIFY, WORDS, random, randomString } from './fast-testing.ts';

const scalars = suite('fast-read: scalars as yaml reads and writes them');

const same = (a: unknown, b: unknown): boolean => (typeof a === 'number' && typeof b === 'number' ? Object.is(a, b) : a === b);

/** yaml's value and reprint of `text` as a plain map value, or undefined when it is not one plain scalar. */
function yamlPlain(text: string): { value: unknown; reprint: string } | undefined {
  const doc = parseDocument(`k: ${text}\n`);
  if (doc.errors.length > 0) return undefined;
  const node = (doc.contents as { items?: Array<{ value: YamlNode }> }).items?.[0]?.value as Scalar | undefined;
  if (!(node instanceof Scalar) || node.type !== 'PLAIN' || node.source !== text) return undefined;
  return { value: node.value, reprint: doc.toString(STRINGIFY).slice(3, -1) };
}

const PLAINS = [
  '', '~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'yes', 'no', 'on', 'off', 'y',
  '0', '-0', '+0', '007', '+12', '-12', '12345678901234567890', '0o17', '0o018', '0O17', '0x1F', '0x1f', '0xG', '0X1F', '0b101',
  '1.0', '1.50', '1.', '.5', '-.5', '+1.5', '1e3', '1E3', '1e+3', '1.5e-3', '.5e1', '1.e2', '1_000', '1,000', '.inf', '-.inf',
  '+.inf', '.Inf', '.INF', '.NaN', '.nan', '.NAN', 'nan', 'inf', '12:30', '1:20:30', '2001-12-14', '0.1', '100m', '64Mi', '1e',
  'e3', '-', '--', '-a', '.', '..', 'a.b', 'v1', 'x-', '0.0.1',
];

scalars('plain scalars resolve and write back as yaml does (core schema)', () => {
  const next = random(3);
  const alphabet = '0123456789+-._eExXoOnNaAfFiItTrRuUlLsS~: ';
  const candidates = [...PLAINS];
  for (let i = 0; i < 3000; i++) {
    const length = 1 + Math.floor(next() * 6);
    let text = '';
    for (let j = 0; j < length; j++) text += alphabet[Math.floor(next() * alphabet.length)];
    candidates.push(text.trim());
  }
  let compared = 0;
  for (const text of candidates) {
    const expected = yamlPlain(text);
    if (!expected) continue;
    compared++;
    const ours = resolvePlain(text);
    assert.ok(same(ours.value, expected.value), `value of ${JSON.stringify(text)}: ${String(ours.value)} vs ${String(expected.value)}`);
    const reprint = typeof ours.value === 'string' ? stringText(ours.value, 'PLAIN', { indent: '  ', implicitKey: false }) : ours.reprint;
    assert.is(reprint, expected.reprint, `reprint of ${JSON.stringify(text)}`);
  }
  assert.ok(compared > 1000, `only ${compared} plain scalars compared`);
});

scalars('strings in every style write as yaml writes them, as values and as keys', () => {
  const next = random(11);
  const values = [...WORDS, ...Array.from({ length: 1500 }, () => randomString(next))];
  const styles: StringStyle[] = ['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'];
  let compared = 0;
  for (const value of values) {
    for (const style of styles) {
      // Keys are never block scalars (yaml would write an explicit `? |` key, which we never read or create).
      for (const asKey of style.startsWith('BLOCK') ? [false] : [false, true]) {
        const doc = new Document({ a: { b: asKey ? { [value]: 1 } : value } });
        const outer = doc.contents as unknown as { items: Array<{ value: { items: Array<{ value: YamlNode & { items: Array<{ key: Scalar }> } }> } }> };
        const inner = outer.items[0]!.value.items[0]!;
        const scalar = (asKey ? inner.value.items[0]!.key : inner.value) as unknown as Scalar;
        scalar.type = style;
        let ours: string;
        try {
          const text = stringText(value, style, { indent: '    ', implicitKey: asKey });
          ours = asKey ? `a:\n  b:\n    ${text}: 1\n` : `a:\n  b: ${text}\n`;
        } catch (caught) {
          if (caught instanceof Unsupported) continue;
          throw caught;
        }
        compared++;
        assert.is(ours, doc.toString(STRINGIFY), `${style}${asKey ? ' key' : ''} ${JSON.stringify(value)}`);
      }
    }
  }
  assert.ok(compared > 10_000, `only ${compared} compared`);
});

scalars('flow collections read as yaml reads them', () => {
  const flows = [
    '[a, b]', '[1, 2.5, true, null, ~]', '["x y", "on"]', '{a: 1}', '{a: [1, 2], b: {c: d}}', '[[], {}]', '["--port=8080", "-v"]',
    '{"a b": c}', '[a,b]', '[ a ]', "['x']", '{a: 1, a: 2}', '[a b, c]', '[0x1F]', '[&x a, *x]', '[!!str 1]', '{a: }', '[a:b]',
    '["a\\tb"]', '[-a, .5, 1e3]',
  ];
  for (const source of flows) {
    const doc = parseDocument(source, { uniqueKeys: true });
    const clean = doc.errors.length === 0 && doc.warnings.length === 0 && !/[&*!]/.test(source) && doc.toString(STRINGIFY) === `${source}\n`;
    try {
      const value = parseFlow(source);
      assert.ok(clean, `${source} should be left to the yaml path`);
      assert.equal(value, doc.toJS(), source);
    } catch (caught) {
      if (!(caught instanceof Unsupported)) throw caught;
      assert.not.ok(clean, `${source} should be read`);
    }
  }
});

scalars.run();

const layouts = suite('fast-read: which layouts it reads');

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';

/** Item texts it must read, with the same values as yaml (they are what yaml writes). */
const READS: Array<[string, string]> = [
  ['plain item', '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n'],
  ['comments and blank lines', '# head\n- apiVersion: v1\n  kind: ConfigMap # k\n\n  # about metadata\n  metadata:\n    name: a\n  data:\n    # first\n    x: "1"\n\n    y: |\n      text\n    # closing\n'],
  ['kpt head comment', '- # head\n  # more\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n'],
  ['lists and closing comments', '- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n  spec:\n    containers:\n    # first\n    - name: a\n      args: ["-v", "--x=1"]\n      env: []\n    - name: b\n    # closing\n    volumes: []\n'],
  ['block scalars', '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n  data:\n    a: |-\n      x\n\n      y\n    b: >\n      p1\n\n      p2\n    c: |2\n        lead\n      x\n    d: | # c\n      # not a comment\n'],
  ['a comment after the items, above the next root key', '- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n# c\nfunctionConfig: {}\n'],
  ['scalar styles', "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: 'a'\n    labels:\n      \"k\": \"v\\tw\"\n      n: 1.50\n      b: True\n      e:\n      z: ~\n"],
];

/** Item texts it must leave to yaml (yaml reads them, but would write them differently or we do not cover them). */
const LEAVES: Array<[string, string]> = [
  ['four-space indentation', '- apiVersion: v1\n  kind: Pod\n  metadata:\n      name: a\n'],
  ['anchor and alias', '- apiVersion: v1\n  kind: Pod\n  metadata: &m\n    name: a\n  x: *m\n'],
  ['tag', '- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: !!str a\n'],
  ['multi-line plain', '- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n      b\n'],
  ['multi-line quoted', '- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: "a\n      b"\n'],
  ['two spaces before a comment', '- apiVersion: v1\n  kind: Pod  # c\n  metadata:\n    name: a\n'],
  ['comment after key with a map', '- apiVersion: v1\n  kind: Pod\n  metadata: # c\n    name: a\n'],
  ['comment deeper than the next key', '- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n      # deeper\n  spec: {}\n'],
  ['two blank lines', '- apiVersion: v1\n  kind: Pod\n\n\n  metadata:\n    name: a\n'],
  ['trailing spaces', '- apiVersion: v1 \n  kind: Pod\n  metadata:\n    name: a\n'],
  ['tab', '- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\tb\n'],
  ['duplicate key', '- apiVersion: v1\n  kind: Pod\n  kind: Pod\n  metadata:\n    name: a\n'],
  ['non-canonical number', '- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n  x: 0x1F\n'],
  ['escape yaml rewrites', '- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: "\\x41"\n'],
  ['keep chomping', '- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n  x: |+\n    a\n'],
  ['multi-line folded paragraph', '- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n  x: >\n    a\n    b\n'],
  ['complex key', '- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n  ? x\n  : y\n'],
  ['empty value with a comment below', '- apiVersion: v1\n  kind: Pod\n  metadata:\n    name:\n    # c\n    x: 1\n'],
  ['non-string key', '- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n  8080: x\n'],
];

function yamlValue(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true });
  assert.is(doc.errors.length, 0, `${text}: ${doc.errors[0]?.message}`);
  return doc.toJS();
}

for (const [name, items] of READS) {
  layouts(`reads ${name}`, () => {
    const text = HEAD + items;
    const list = readFast(text);
    assert.equal(list.root, yamlValue(text));
    // (The kpt form `- # comment` is what the ResourceList writer makes of an item comment, not yaml itself.)
    if (!name.startsWith('kpt')) assert.is(parseDocument(text).toString(STRINGIFY), text, 'the case must be what yaml writes');
  });
}

layouts('reads wide lists (dashes under the key), and writes them compact as yaml does', () => {
  const text = `${HEAD}- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n  spec:\n    containers:\n      # the app\n      - name: a\n        args:\n          - |\n            x\n          - y\n        env: []\n      # closing\n    volumes:\n    - name: v\n`;
  const list = readFast(text);
  assert.equal(list.root, yamlValue(text));
  assert.is(list.items[0]!.verbatim, false);
  const unchanged = list.items.map((item) => ({ kind: 'unchanged' as const, item }));
  assert.is(writeFast(list, unchanged, [], () => ''), parseDocument(text).toString(STRINGIFY));
});

for (const [name, items] of LEAVES) {
  layouts(`leaves ${name} to yaml`, () => {
    const text = HEAD + items;
    try {
      readFast(text);
    } catch (caught) {
      assert.instance(caught, Unsupported);
      return;
    }
    assert.unreachable(`read ${name}`);
  });
}

for (const [name, text] of [
  ['CRLF', HEAD.replace(/\n/g, '\r\n')],
  ['a BOM', `\ufeff${HEAD}- a: 1\n`],
  ['two documents', `${HEAD}- a: 1\n---\n${HEAD}`],
  ['a document marker', `---\n${HEAD}- a: 1\n`],
  ['no final line break', `${HEAD}- a: 1`],
  ['JSON', '{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": []}\n'],
  ['flow items', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n'],
] as const) {
  layouts(`leaves ${name} to yaml`, () => {
    assert.throws(() => readFast(text), (caught: unknown) => caught instanceof Unsupported);
  });
}

layouts.run();
