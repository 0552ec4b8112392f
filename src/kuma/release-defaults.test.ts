/**
 * The config-key table and the per-release defaults against what they describe: kuma-inject's own config schema
 * (always), and Kuma's Go config structs and kuma-cp.defaults.yaml at each release's tag (when Kuma's source is
 * at hand, else a visible skip).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { z } from 'zod/mini';
import { configSchemas } from '../config.ts';
import { isObject } from '../krm/object.ts';
import { haveKumaSource, kumaFile } from '../testing/kuma-source.ts';
import { inSpan, MINORS, type Minor } from './minors.ts';
import { CONFIG_KEY_RELEASES, keysRemovedIn30, releaseConfigDefaults } from './release-defaults.ts';
import { RELEASE_TAGS } from './releases.ts';

const keys = suite('CONFIG_KEY_RELEASES and the release defaults');

type JsonSchema = { properties?: Record<string, JsonSchema> };
/** Every key path of the schema, sections included; lists and maps are leaves. */
function pathsOf(schema: JsonSchema, prefix = ''): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, child]) => [`${prefix}${key}`, ...pathsOf(child, `${prefix}${key}.`)]);
}
/** The leaf values of a config tree, by path. */
function leavesOf(tree: unknown, prefix = ''): Array<[string, unknown]> {
  if (!isObject(tree)) return [[prefix.slice(0, -1), tree]];
  return Object.entries(tree).flatMap(([key, value]) => leavesOf(value, `${prefix}${key}.`));
}
const valueAt = (tree: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (isObject(node) && Object.hasOwn(node, key) ? node[key] : undefined), tree);

const SCHEMA_PATHS = new Set(pathsOf(z.toJSONSchema(configSchemas().controlPlaneSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema));

keys('every row names a key of the config schema, once, with a span that runs forwards', () => {
  const seen = new Set<string>();
  for (const [path, support] of CONFIG_KEY_RELEASES) {
    assert.ok(SCHEMA_PATHS.has(path), `${path} is not a controlPlane key of the schema`);
    assert.not.ok(seen.has(path), `${path} twice`);
    seen.add(path);
    assert.ok(MINORS.some((m) => inSpan(support, m)), `${path}: no release has it`);
    assert.not.ok(inSpan(support, '2.7') && inSpan(support, '3.0-preview'), `${path}: every release has it, so it needs no row`);
    if (support.replacement !== undefined) assert.ok(support.until !== undefined, `${path}: a replacement for a key no release removes`);
  }
});

keys('what 3.0 removes, on 2.14, is every row that ends at 2.14', () => {
  const ending = CONFIG_KEY_RELEASES.filter(([, s]) => s.until === '2.14').map(([path]) => path);
  assert.equal(keysRemovedIn30('2.14').map((k) => k.path), ending);
  assert.ok(ending.length > 0);
});

keys('each release\'s defaults set keys of the schema that the release\'s kuma-cp has', () => {
  for (const minor of MINORS) {
    for (const [path] of leavesOf(releaseConfigDefaults(minor))) {
      assert.ok(SCHEMA_PATHS.has(path), `${minor}: ${path} is not a controlPlane key of the schema`);
      const row = CONFIG_KEY_RELEASES.find(([key]) => path === key || path.startsWith(`${key}.`));
      if (row) assert.ok(inSpan(row[1], minor), `${minor}: a default for ${path}, which Kuma ${minor} does not have`);
    }
  }
});

// Kuma's config structs: where each controlPlane prefix starts.
const ROOTS: ReadonlyArray<readonly [prefix: string, file: string, struct: string]> = [
  ['runtime.kubernetes.', 'pkg/config/plugins/runtime/k8s/config.go', 'KubernetesRuntimeConfig'],
  ['bootstrapServer.', 'pkg/config/xds/bootstrap/config.go', 'BootstrapServerConfig'],
  ['experimental.', 'pkg/config/app/kuma-cp/config.go', 'ExperimentalConfig'],
];

/** Each struct of a Go file: its fields' json names and types; `json:",inline"` and untagged embeddings under ''. */
function goStructs(source: string): Map<string, Array<[json: string, type: string]>> {
  const out = new Map<string, Array<[string, string]>>();
  for (const [, name, body] of source.matchAll(/^type (\w+) struct \{\n([\s\S]*?)^\}/gm)) {
    const fields: Array<[string, string]> = [];
    for (const line of body!.split('\n')) {
      const named = /^\s+\w+\s+([^\s`]+)\s+`json:"([^",]*)/.exec(line);
      const embedded = /^\s+([\w.*]+)\s*(?:`json:",inline"`)?\s*$/.exec(line);
      if (named) fields.push([named[2]!, named[1]!]);
      else if (embedded) fields.push(['', embedded[1]!]);
    }
    out.set(name!, fields);
  }
  return out;
}

/** Whether the json path resolves through the structs from `root`. */
function hasPath(structs: Map<string, Array<[string, string]>>, root: string, path: readonly string[]): boolean {
  const typeName = (type: string): string => type.replace(/^[*[\]]+/, '').split('.').at(-1)!;
  const field = (struct: string, json: string): string | undefined => {
    for (const [name, type] of structs.get(struct) ?? []) {
      if (name === json) return type;
      const inner = name === '' ? field(typeName(type), json) : undefined;
      if (inner !== undefined) return inner;
    }
    return undefined;
  };
  let struct = root;
  for (const step of path) {
    const type = field(struct, step);
    if (type === undefined) return false;
    struct = typeName(type);
  }
  return true;
}

const structsRead = new Map<string, Map<string, Array<[string, string]>>>();
/** Whether the release's kuma-cp has the key, read from its Go structs; undefined outside the roots. */
function kumaHas(minor: Minor, path: string): boolean | undefined {
  const root = ROOTS.find(([prefix]) => path.startsWith(prefix));
  if (!root) return undefined;
  const where = `${RELEASE_TAGS[minor].tag}:${root[1]}`;
  if (!structsRead.has(where)) {
    const source = kumaFile(RELEASE_TAGS[minor].tag, root[1]);
    assert.ok(source, where);
    structsRead.set(where, goStructs(source));
  }
  return hasPath(structsRead.get(where)!, root[2], path.slice(root[0].length).split('.'));
}

keys('every row agrees with the Go config structs of each release', () => {
  if (!haveKumaSource('the config-key table against Kuma\'s config structs')) return;
  for (const [path, support] of CONFIG_KEY_RELEASES) {
    for (const minor of MINORS) assert.is(kumaHas(minor, path), inSpan(support, minor), `${path} at ${minor}`);
  }
});

keys('every schema key that some release\'s kuma-cp lacks has a row (itself or a parent)', () => {
  if (!haveKumaSource('the config-key table\'s completeness against Kuma\'s config structs')) return;
  for (const path of SCHEMA_PATHS) {
    const lacking = MINORS.filter((m) => kumaHas(m, path) === false);
    if (lacking.length === 0) continue;
    const row = CONFIG_KEY_RELEASES.find(([key]) => path === key || path.startsWith(`${key}.`));
    assert.ok(row, `${path}: absent from Kuma ${lacking.join(', ')}, and not in the table`);
  }
});

keys('each release\'s defaults are its kuma-cp.defaults.yaml values', () => {
  if (!haveKumaSource('the release defaults against Kuma\'s kuma-cp.defaults.yaml')) return;
  for (const minor of MINORS) {
    const text = kumaFile(RELEASE_TAGS[minor].tag, 'pkg/config/app/kuma-cp/kuma-cp.defaults.yaml');
    assert.ok(text, `kuma-cp.defaults.yaml at ${RELEASE_TAGS[minor].tag}`);
    const kuma: unknown = parse(text);
    for (const [path, value] of leavesOf(releaseConfigDefaults(minor))) {
      assert.equal(valueAt(kuma, path), value, `${minor}: ${path}`);
    }
  }
});

keys.run();
