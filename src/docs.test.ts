/** The reference documents every config field and every result code: adding one without docs fails here. */
import { readFileSync, writeFileSync } from 'node:fs';
import { BEHAVIOUR } from './kuma/releases.ts';
import { BEHAVIOUR_FILES, behaviourTable } from './kuma/release-table.ts';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { z } from 'zod/mini';
import { CONFIG_MAP_KEYS, CONFIG_MAP_SHORTHANDS, configSchemas } from './config.ts';
import { configMapKeyTable } from './config-map-table.ts';
import { RESULT_CODES } from './krm/result.ts';

const docs = suite('function/README.md');
const readme = readFileSync(new URL('../function/README.md', import.meta.url), 'utf8');

type JsonSchema = { properties?: Record<string, JsonSchema>; items?: JsonSchema; additionalProperties?: JsonSchema | boolean };

/** Leaf field paths of the typed config, such as `spec.controlPlane.runtime.kubernetes.injector.sidecarContainer.uid`. */
function leafPaths(schema: JsonSchema, prefix: string): string[] {
  const children = Object.entries(schema.properties ?? {});
  if (children.length === 0) return [prefix];
  return children.flatMap(([key, child]) => leafPaths(child.items ?? child, prefix ? `${prefix}.${key}` : key));
}

const schema = z.toJSONSchema(configSchemas().kumaInjectSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
const fields = leafPaths(schema.properties!.spec!, 'spec');

docs('has the config fields to check', () => {
  assert.ok(fields.length > 60, `only ${fields.length} fields found`);
});

for (const field of fields) {
  const name = field.split('.').pop()!;
  docs(`documents ${field}`, () => {
    assert.ok(readme.includes(`\`${name}\``) || readme.includes(`.${name}\``) || readme.includes(`.${name},`), `\`${name}\` is not in function/README.md`);
  });
}

for (const key of Object.keys(CONFIG_MAP_KEYS)) {
  docs(`documents the ConfigMap key ${key}`, () => assert.ok(readme.includes(`| \`${key}\` |`)));
}

for (const code of RESULT_CODES) {
  docs(`documents the result code ${code}`, () => assert.ok(readme.includes(`\`${code}\``)));
}

docs('the repository carries the license package.json names, and every image reference names the package version as is', () => {
  const root = new URL('../', import.meta.url);
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { license: string; version: string };
  assert.is(pkg.license, 'Apache-2.0');
  assert.match(readFileSync(new URL('LICENSE', root), 'utf8'), /^\s*Apache License\s+Version 2\.0, January 2004/);
  const files = ['README.md', 'function/README.md', 'testdata/kuma-inject-simple/README.md', 'testdata/kuma-inject-advanced/README.md', 'testdata/kuma-inject-imperative/README.md'];
  for (const file of files) {
    const text = readFileSync(new URL(file, root), 'utf8');
    for (const [, tag] of text.matchAll(/kuma-inject(?:-cmp)?:(v?[0-9][^\s`'")]*)/g)) assert.is(tag, pkg.version, `${file}: image tag ${tag}`);
  }
});

const README_URL = new URL('../function/README.md', import.meta.url);

/**
 * The text of function/README.md between a generated table's markers (`<!-- name: ... -->`, `<!-- name end -->`)
 * is `table`; UPDATE=1 rewrites it to be. The file is read again, so two tables rewritten in one run both stay.
 */
function assertGenerated(name: string, table: string): void {
  const text = readFileSync(README_URL, 'utf8');
  const startMarker = new RegExp(`<!-- ${name}: [^\n]*-->`).exec(text);
  const end = text.indexOf(`<!-- ${name} end -->`);
  assert.ok(startMarker && end > startMarker.index, `function/README.md has the generated ${name} between its markers`);
  const from = startMarker.index + startMarker[0].length;
  const current = text.slice(from, end).trim();
  if (current !== table && process.env.UPDATE === '1') {
    writeFileSync(README_URL, `${text.slice(0, from)}\n${table}\n${text.slice(end)}`);
    return;
  }
  assert.is(current, table, `function/README.md's ${name} is stale: UPDATE=1 npm run test:unit -- docs`);
}

docs('the table of what each release does differently is the BEHAVIOUR table itself', () => {
  const source = BEHAVIOUR_FILES.map((file) => readFileSync(new URL(`./kuma/${file}`, import.meta.url), 'utf8')).join('\n');
  const table = behaviourTable(source);
  assertGenerated('behaviour-table', table);
  for (const name of Object.keys(BEHAVIOUR)) assert.ok(table.includes(`| \`${name}\` |`), name);
});

docs('the ConfigMap key table is CONFIG_MAP_KEYS itself', () => {
  const table = configMapKeyTable();
  assertGenerated('config-map-keys', table);
  for (const [key, path] of Object.entries(CONFIG_MAP_SHORTHANDS)) assert.ok(table.includes(`| \`${key}\` |`) && table.includes(path.replace(/^controlPlane\./, '')), key);
});

docs.run();
