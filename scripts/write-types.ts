/**
 * dist/lib.d.ts, the library's types, written from the same zod schema as function/config.schema.json (so a field
 * added to the config is typed without a second edit) and from the result codes. Needs no package at install time.
 */
import { z } from 'zod/mini';
import { configSchemas } from '../src/config.ts';
import { RESULT_CODES } from '../src/krm/result.ts';

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

/** The TypeScript type of an input (so every defaulted field is optional). */
export function typeOf(schema: JsonSchema, indent = ''): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map((s) => typeOf(s, indent)).join(' | ');
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return types.map((t) => typeOf({ ...schema, type: t }, indent)).join(' | ');
  const [type] = types;
  if (type === 'array') return `Array<${schema.items ? typeOf(schema.items, indent) : 'unknown'}>`;
  if (type === 'object' || schema.properties) {
    const inner = `${indent}  `;
    const required = new Set(schema.required ?? []);
    const fields = Object.entries(schema.properties ?? {}).map(([name, child]) => `${inner}${key(name)}${required.has(name) ? '' : '?'}: ${typeOf(child, inner)};`);
    const extra = schema.additionalProperties;
    if (extra && typeof extra === 'object' && Object.keys(extra).length > 0) fields.push(`${inner}[key: string]: ${typeOf(extra, inner)};`);
    else if (extra === true || (extra && typeof extra === 'object')) fields.push(`${inner}[key: string]: unknown;`);
    return fields.length === 0 ? 'Record<string, unknown>' : `{\n${fields.join('\n')}\n${indent}}`;
  }
  return type && SIMPLE[type] ? SIMPLE[type]! : 'unknown';
}

export function writeTypes(): string {
  const spec = z.toJSONSchema(configSchemas().specSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return `// kuma-inject's library types, generated from its config schema by scripts/write-types.ts at build time.

/** \`spec\` of a KumaInject functionConfig (every field has a default; see function/README.md). */
export type KumaInjectSpec = ${typeOf(spec)};

export interface KumaInjectConfig {
  apiVersion: 'kuma-inject.dev/v1alpha1';
  kind: 'KumaInject';
  metadata?: { name?: string; [key: string]: unknown };
  spec?: KumaInjectSpec;
}

/** The ConfigMap form: every value a string (function/README.md, "ConfigMap form"). */
export interface ConfigMapConfig {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata?: { name?: string; [key: string]: unknown };
  data?: Record<string, string>;
}

export type InjectConfig = KumaInjectSpec | KumaInjectConfig | ConfigMapConfig;

export type ResultCode = ${RESULT_CODES.map((c) => `'${c}'`).join(' | ')};

export interface Result {
  message: string;
  severity: 'error' | 'warning' | 'info';
  code: ResultCode;
  resourceRef?: { apiVersion: string; kind: string; name: string; namespace?: string };
  field?: { path: string; currentValue?: unknown; proposedValue?: unknown };
  file?: { path: string; index?: number };
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

export interface InjectOutput {
  /** False when any result is an error; the objects are then the input's, unchanged. */
  readonly ok: boolean;
  /** The input's objects in order (injected where Kuma would inject), then new ones (Dataplane previews). */
  readonly objects: KubeObject[];
  readonly results: Result[];
}

export interface InjectTextOutput extends InjectOutput {
  /** The YAML stream after the run, as the CLI writes it ('' when not ok). */
  readonly text: string;
}

/** Injects Kuma's sidecars into the pod templates of these objects, as the chosen Kuma release's webhook would. */
export declare function inject(input: readonly object[], config?: InjectConfig): InjectOutput;
/** The same on a YAML stream (multi-document, \`kind: List\`): untouched documents keep their bytes. */
export declare function inject(input: string, config?: InjectConfig): InjectTextOutput;

/** The Kuma releases \`kumaVersion\` accepts, oldest first. */
export declare const kumaReleases: readonly string[];
`;
}
