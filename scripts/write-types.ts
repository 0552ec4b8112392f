/**
 * The library's types, from the two places that declare them: src/lib-spec.ts, the KumaInject `spec` type,
 * written from the same zod schema as function/config.schema.json (so a field added to the config is typed
 * without a second edit); and dist/lib.d.ts, the declarations of src/lib.ts and all they reference (that spec
 * type, Result, the release table), bundled into one file that imports nothing.
 */
import { join } from 'node:path';
import { z } from 'zod/mini';
import { configSchemas } from '../src/config.ts';
import { bundleDeclarations } from './bundle-declarations.ts';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

const SIMPLE: Record<string, string> = { string: 'string', integer: 'number', number: 'number', boolean: 'boolean', null: 'null' };
const key = (name: string): string => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

/**
 * Fields whose accepted values the schema cannot say, as settings.ts checks them before zod runs: their type is
 * declared in src/lib.ts from the same table that check reads (by dotted path from `spec`).
 */
const DECLARED_TYPES: ReadonlyMap<string, string> = new Map([['kumaVersion', 'KumaVersion']]);

/** The TypeScript type of an input (so every defaulted field is optional). */
export function typeOf(schema: JsonSchema, indent = '', path = ''): string {
  const declared = DECLARED_TYPES.get(path);
  if (declared) return declared;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map((s) => typeOf(s, indent, path)).join(' | ');
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return types.map((t) => typeOf({ ...schema, type: t }, indent, path)).join(' | ');
  const [type] = types;
  if (type === 'array') return `Array<${schema.items ? typeOf(schema.items, indent, `${path}[]`) : 'unknown'}>`;
  if (type === 'object' || schema.properties) {
    const inner = `${indent}  `;
    const required = new Set(schema.required ?? []);
    const fields = Object.entries(schema.properties ?? {}).map(
      ([name, child]) => `${inner}${key(name)}${required.has(name) ? '' : '?'}: ${typeOf(child, inner, path ? `${path}.${name}` : name)};`,
    );
    const extra = schema.additionalProperties;
    if (extra && typeof extra === 'object' && Object.keys(extra).length > 0) fields.push(`${inner}[key: string]: ${typeOf(extra, inner, `${path}.*`)};`);
    else if (extra === true || (extra && typeof extra === 'object')) fields.push(`${inner}[key: string]: unknown;`);
    return fields.length === 0 ? 'Record<string, unknown>' : `{\n${fields.join('\n')}\n${indent}}`;
  }
  return type && SIMPLE[type] ? SIMPLE[type]! : 'unknown';
}

/** The text of src/lib-spec.ts. */
export function writeSpecTypes(): string {
  const spec = z.toJSONSchema(configSchemas().specSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const declared = [...new Set(DECLARED_TYPES.values())].sort().join(', ');
  return `// Generated from the config schema (src/config.ts) by scripts/write-types.ts at build time: never edit it by hand.
import type { ${declared} } from './lib.ts';

/** \`spec\` of a KumaInject functionConfig (every field has a default; see function/README.md). */
export type KumaInjectSpec = ${typeOf(spec)};
`;
}

/** The text of dist/lib.d.ts, from src/lib.ts as it is on disk (so write src/lib-spec.ts first). */
export function writeTypes(root: string): string {
  const header = `// kuma-inject's library types: the declarations of src/lib.ts and of what they reference, bundled by
// scripts/write-types.ts at build time (the KumaInjectSpec type is generated from the config schema).`;
  return bundleDeclarations(join(root, 'src', 'lib.ts'), header);
}
