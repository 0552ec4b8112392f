/** The reference documents every config field and every result code: adding one without docs fails here. */
import { readFileSync, writeFileSync } from 'node:fs';
import { BEHAVIOUR } from './kuma/releases.ts';
import { BEHAVIOUR_FILES, behaviourTable } from './kuma/release-table.ts';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { z } from 'zod/mini';
import { CONFIG_MAP_KEYS, configSchemas } from './config.ts';
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

const TABLE_START = '<!-- behaviour-table: generated from src/kuma/behaviour.ts by src/kuma/release-table.ts; UPDATE=1 npm run test:unit -- docs rewrites it -->';
const TABLE_END = '<!-- behaviour-table end -->';

docs('the table of what each release does differently is the BEHAVIOUR table itself', () => {
  const source = BEHAVIOUR_FILES.map((file) => readFileSync(new URL(`./kuma/${file}`, import.meta.url), 'utf8')).join('\n');
  const table = behaviourTable(source);
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  assert.ok(start >= 0 && end > start, 'function/README.md has the generated table between its markers');
  const current = readme.slice(start + TABLE_START.length, end).trim();
  if (current !== table && process.env.UPDATE === '1') {
    const url = new URL('../function/README.md', import.meta.url);
    writeFileSync(url, `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`);
    return;
  }
  assert.is(current, table, 'function/README.md\'s release table is stale: UPDATE=1 npm run test:unit -- docs');
  for (const name of Object.keys(BEHAVIOUR)) assert.ok(table.includes(`| \`${name}\` |`), name);
});

docs.run();
