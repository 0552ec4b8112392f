/**
 * Test helpers for the YAML layer: a seeded random generator of JSON values and YAML-ish strings that hit the
 * quoting and layout rules, and random ResourceList text in the layouts people write. Used by tests only.
 */
import type { JsonValue } from './object.ts';

/** A small deterministic PRNG (mulberry32), so that failures reproduce. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const WORDS = [
  '', ' ', 'a', 'yes', 'No', 'on', 'OFF', 'y', 'n', '~', 'null', 'Null', 'true', 'False', '0', '-0', '+1', '007', '0x1F', '0o17',
  '1.0', '.5', '1e3', '1_000', '12:30', '2001-12-14', '.inf', '-.Inf', '.NaN', '<<', '=', '-', '?', ':', '- a', '? a', 'a: b',
  'a #b', 'a#b', '#a', '---', '--- a', '...', '%x', '@x', '`x', '!x', '&x', '*x', '|', '>', "'x'", '"x"', "it's", 'say "hi"',
  'both \' and "', '[a]', '{a: 1}', 'a, b', 'a,b', 'x:', 'x: ', 'http://a.b/c', 'nginx:1.27', 'docker.io/kumahq/kuma-dp:2.14.3',
  '/tmp/x', '--flag=1', 'a\nb', 'a\n', '\na', 'a\n\nb\n', 'a\n\n', '  lead', 'trail  ', 'a \nb', 'a\n b', 'line\n  indented\n',
  'tab\tin', '\ttab', 'é', 'ü\u00a0', '\u0085', '\u2028', 'ctl\u0001', 'del\u007f', '😀', 'x'.repeat(50), `${'y'.repeat(45)}\nz`,
  'long text with spaces that goes on and on for a while, more than forty characters\nsecond line', 'a\\b', '\\n', 'k8s.io/x=y',
];

const CHARS = 'abcXYZ019 :#-?\'"\n\t\\{}[],&*!|>%@`~._/=+é\u00a0\u0085\u2028\u0001😀';

export function randomString(next: () => number): string {
  if (next() < 0.5) return WORDS[Math.floor(next() * WORDS.length)]!;
  const length = Math.floor(next() * 12);
  let out = '';
  for (let i = 0; i < length; i++) out += [...CHARS][Math.floor(next() * [...CHARS].length)];
  return out;
}

const NUMBERS = [0, 1, -1, 42, 8080, 3.5, -0.25, 1e21, 1e-7, -0, 123456789012, NaN, Infinity, -Infinity, 0.1];

export function randomValue(next: () => number, depth = 0): JsonValue {
  const r = next();
  if (depth < 4 && r < 0.2) {
    const n = Math.floor(next() * 4);
    return Array.from({ length: n }, () => randomValue(next, depth + 1));
  }
  if (depth < 4 && r < 0.4) {
    const n = Math.floor(next() * 4);
    const out: { [key: string]: JsonValue } = {};
    for (let i = 0; i < n; i++) out[next() < 0.7 ? ['name', 'image', 'a', 'b', 'yes', '1', 'x y'][Math.floor(next() * 7)]! : randomString(next)] = randomValue(next, depth + 1);
    return out;
  }
  if (r < 0.75) return randomString(next);
  if (r < 0.88) return NUMBERS[Math.floor(next() * NUMBERS.length)]!;
  if (r < 0.95) return next() < 0.5;
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Random ResourceList text: mostly what kpt writes, with the layouts people write mixed in (comments in odd
// places, blank lines, every scalar style, flow collections, wide lists), so that the readers and the writer
// meet every layout.

/** Scalars of every style, and odd spellings (octal, hex, escapes) that must come out as they went in. */
const SCALARS = ['web', 'nginx:1.27', '/etc/x', '8080', '1.0', 'true', 'True', 'yes', 'no', '~', 'null', 'a b', 'x#y', '-a', 'a:b', '1_000', '12:30', '2001-12-14', 'é', '"on"', '"8080"', '"a\\tb"', '"a\\nb"', '"é"', '"it\'s"', "'single'", "'it''s'", "''", '""', '"a \\" b"', '"#x"', "'yes'", '-1.50', '0o17', '.inf'];
const ODD_SCALARS = ['007', '0x1F', '1e3', '.5', '+1', '.NaN', '"\\x41"', '"\\u00e9"', '"\\/"', "'a''b'"];
const BLOCKS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['|', ['line one', 'line two']], ['|-', ['a', '', 'b']], ['|', ['# not a comment', 'y']], ['|2', ['  indented', 'x']], ['>', ['a', '', 'b']],
  ['>-', ['x']], ['|', ['tab\there']], ['|-', ['x: 1', 'y: [2]']],
];
const ODD_BLOCKS: ReadonlyArray<readonly [string, readonly string[]]> = [['|', ['  indented']], ['|+', ['x']], ['>', ['line one', 'line two']], ['|2', ['x']]];
const FLOWS = ['[]', '{}', '[a, b]', '{a: 1}', '["x y", 2]', '{a: [1, 2]}', '{}', '[]'];

export interface TextOptions {
  /** Probability of each layout quirk (0 for plain kpt-style text). */
  readonly quirks: number;
}

export function randomResourceList(next: () => number, options: TextOptions): string {
  const q = options.quirks;
  const chance = (p: number): boolean => next() < p;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const comment = (): string => pick([' c', ' a comment', ' TODO: x', 'tight', ' two  spaces', ' # nested']);
  const lines: string[] = [];
  const before = (col: number): void => {
    if (chance(0.05 + q * 0.3)) lines.push('');
    if (chance(0.1 + q * 0.3)) lines.push(`${' '.repeat(chance(q * 0.3) ? Math.max(0, col + pick([-2, 2, 1])) : col)}#${comment()}`);
    if (chance(q * 0.05)) lines.push('');
  };
  const trailing = (): string => (chance(q * 0.3) ? `${chance(0.1) ? '  ' : ' '}#${comment()}` : '');
  const scalar = (): string => (chance(q * 0.1) ? pick(ODD_SCALARS) : pick(SCALARS));
  /** A value after `key:` at column `col` (the key's). */
  const value = (prefix: string, col: number, depth: number): void => {
    const r = next();
    if (depth < 4 && r < 0.25) {
      lines.push(`${prefix}:${chance(q * 0.05) ? ` #${comment()}` : ''}`);
      const inner = col + (chance(q * 0.1) ? 4 : 2);
      if (chance(0.2)) before(inner);
      map(inner, depth + 1);
    } else if (depth < 4 && r < 0.45) {
      lines.push(`${prefix}:`);
      const dashes = col + (chance(0.1 + q * 0.2) ? 2 : 0);
      if (chance(0.3)) before(dashes);
      seq(dashes, depth + 1);
    } else if (r < 0.5) {
      const [style, body] = chance(q * 0.1) ? pick(ODD_BLOCKS) : pick(BLOCKS);
      lines.push(`${prefix}: ${style}${trailing()}`);
      const pad = ' '.repeat(col + 2);
      for (const l of body) lines.push(l ? pad + l : '');
      if (chance(q * 0.3)) lines.push('');
    } else if (r < 0.55) {
      lines.push(`${prefix}: ${chance(q * 0.1) ? '[ a ]' : pick(FLOWS)}${trailing()}`);
    } else if (r < 0.6) {
      lines.push(`${prefix}:${trailing()}`);
    } else {
      lines.push(`${prefix}: ${scalar()}${trailing()}`);
    }
    if (chance(q * 0.1)) lines.push(`${' '.repeat(Math.max(0, col + pick([0, 2, 4, -2])))}#${comment()}`);
  };
  const keys = ['name', 'image', 'a', 'b', 'yes', 'x y', '"quoted"', "'single'", 'k8s.io/name', 'port', 'env', 'value', 'args'];
  const map = (col: number, depth: number, first?: string, taken: readonly string[] = []): void => {
    const used = new Set<string>(taken);
    const n = 1 + Math.floor(next() * 4);
    for (let i = 0; i < n; i++) {
      let key = pick(keys);
      if (used.has(key) && !chance(q * 0.05)) continue;
      used.add(key);
      if (i === 0 && first !== undefined) {
        value(`${first}${key}`, col, depth);
        continue;
      }
      before(col);
      value(`${' '.repeat(col)}${key}`, col, depth);
    }
  };
  const seq = (col: number, depth: number): void => {
    const n = 1 + Math.floor(next() * 3);
    for (let i = 0; i < n; i++) {
      if (i > 0) before(col);
      const dash = `${' '.repeat(col)}- `;
      if (chance(0.5) && depth < 4) map(col + 2, depth + 1, dash);
      else lines.push(`${dash}${scalar()}${trailing()}`);
    }
  };
  if (chance(q * 0.2)) lines.push(`#${comment()}`);
  lines.push('apiVersion: config.kubernetes.io/v1', 'kind: ResourceList', 'items:');
  if (chance(q * 0.2)) lines.push(`#${comment()}`);
  const items = 1 + Math.floor(next() * 4);
  lines.push('- apiVersion: v1', '  kind: Namespace', '  metadata:', '    name: shop', '    labels:', '      kuma.io/sidecar-injection: enabled');
  for (let i = 0; i < items; i++) {
    if (chance(q * 0.3)) lines.push('');
    if (chance(q * 0.3)) lines.push(`#${comment()}`);
    const head = chance(q * 0.2) ? `- #${comment()}\n  ` : '- ';
    lines.push(`${head}apiVersion: apps/v1`, '  kind: Deployment', '  metadata:', `    name: web-${i}`, '    namespace: shop');
    if (chance(0.5)) {
      lines.push('    annotations:');
      map(6, 3);
    }
    lines.push('  spec:', '    template:', '      metadata:', '        labels:', `          app: web-${i}${trailing()}`);
    if (chance(0.3)) map(8, 3, undefined, ['labels']);
    lines.push('      spec:');
    if (chance(0.3)) map(8, 3);
    lines.push('        containers:', `        - name: web${trailing()}`, '          image: nginx');
    if (chance(0.5)) map(10, 3, undefined, ['name', 'image']);
    if (chance(0.3)) {
      lines.push(`  extra${i}:`);
      map(4, 2);
    }
  }
  if (chance(q * 0.2)) lines.push('functionConfig:', '  apiVersion: v1', '  kind: ConfigMap', '  metadata:', '    name: fc', '  data:', '    meshes: default');
  if (chance(q * 0.2)) lines.push('', `#${comment()}`);
  return `${lines.join('\n')}\n`;
}
