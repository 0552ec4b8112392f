/** The reference documents every config field and every result code: adding one without docs fails here. */
import { readFileSync } from 'node:fs';
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

docs.run();
