/**
 * Every KumaInject field in the ConfigMap form (`kpt fn eval -- dataplanes.mode=off`): a data key that is a
 * field's dotted path under `spec` (`lifecycle.preStop.seconds`, `refusePrivilegedPatches`, `workloadKinds`) sets
 * that field. The field's type comes from the spec schema itself, so a new field is reachable with no second
 * edit: "true"/"false" for flags, digits for numbers, comma-separated or YAML for lists, YAML for maps and objects.
 * A shorthand key (CONFIG_MAP_SHORTHANDS, config.ts) is typed as the field it stands for.
 */
import { z } from 'zod/mini';
import { CONFIG_MAP_SHORTHANDS, configSchemas } from './config.ts';
import type { JsonObject, JsonValue } from './krm/object.ts';
import { isObject } from './krm/object.ts';
import { parseYamlText } from './krm/resource-list.ts';

interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
}

let specSchema: SchemaNode | undefined;
const spec = (): SchemaNode =>
  (specSchema ??= z.toJSONSchema(configSchemas().specSchema, { io: 'input', unrepresentable: 'any' }) as SchemaNode);

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** The schema of each entry when the node is a map keyed by user data (namespaces, say), else undefined. */
const entryOf = (node: SchemaNode): SchemaNode | undefined =>
  isObject(node.additionalProperties) && Object.keys(node.additionalProperties).length > 0 ? node.additionalProperties : undefined;

/** The schema of the field at a dotted path under `spec`, or undefined when there is none. */
export function fieldAt(path: readonly string[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = spec();
  for (const key of path) {
    // Never a step onto an object's prototype: no Kubernetes name or field is one of these.
    if (!node || FORBIDDEN.has(key)) return undefined;
    if (node.properties && Object.hasOwn(node.properties, key)) node = node.properties[key];
    // A map keyed by user data: one segment names an entry.
    else node = entryOf(node);
  }
  return node;
}

/**
 * The names of the fields beneath the field at `path` (the top-level spec fields for `[]`), for a "did you mean":
 * undefined beneath a map keyed by user data (any name is an entry), [] where no field is.
 */
export function fieldNamesAt(path: readonly string[]): readonly string[] | undefined {
  const node = fieldAt(path);
  if (!node) return [];
  if (node.properties) return Object.keys(node.properties);
  return entryOf(node) ? undefined : [];
}

/** The spec field a ConfigMap key sets: a shorthand's (CONFIG_MAP_SHORTHANDS), else the key as a dotted path; undefined when there is none. */
export function specPathOf(key: string): string[] | undefined {
  const path = (CONFIG_MAP_SHORTHANDS[key] ?? key).split('.');
  return fieldAt(path) ? path : undefined;
}

const typesOf = (node: SchemaNode): string[] => {
  if (node.anyOf) return node.anyOf.flatMap(typesOf);
  return Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
};

export type Coerced = { ok: true; value: JsonValue } | { ok: false; error: string };

/** A ConfigMap string as the value of a field of this schema. */
export function coerce(raw: string, node: SchemaNode): Coerced {
  const types = typesOf(node);
  const text = raw.trim();
  if (types.includes('boolean') && types.length === 1) {
    if (text === 'true' || text === 'false') return { ok: true, value: text === 'true' };
    return { ok: false, error: `must be "true" or "false", not "${raw}"` };
  }
  if ((types.includes('integer') || types.includes('number')) && !types.includes('string')) {
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) return { ok: false, error: `must be a number, not "${raw}"` };
    return { ok: true, value };
  }
  if (types.includes('array') && !text.startsWith('[') && !text.startsWith('-') && !text.includes('\n')) {
    const scalarItems = node.items && !typesOf(node.items).some((t) => t === 'object');
    if (scalarItems) {
      const itemTypes = node.items ? typesOf(node.items) : [];
      // Empty items are dropped: `a,b,` is a list of two (and no stray 0 in a list of ports).
      const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
      return { ok: true, value: itemTypes.includes('integer') || itemTypes.includes('number') ? parts.map(Number) : parts };
    }
  }
  if (types.includes('array') || types.includes('object') || (types.length === 0 && node.properties)) {
    const parsed = parseYamlText(raw);
    if (!parsed.ok) return { ok: false, error: `value ${parsed.error}` };
    const value = parsed.value ?? (types.includes('array') ? [] : {});
    if (!types.includes('array') && !isObject(value)) return { ok: false, error: 'must hold a YAML map' };
    return { ok: true, value: value as JsonValue };
  }
  return { ok: true, value: raw };
}

/** Sets `value` at `path` in `target`, making the maps on the way (keys come from the schema or a map entry). */
export function setAt(target: JsonObject, path: readonly string[], value: JsonValue): void {
  if (path.some((key) => FORBIDDEN.has(key))) return;
  let current = target;
  for (const key of path.slice(0, -1)) {
    if (!Object.hasOwn(current, key) || !isObject(current[key])) current[key] = {};
    current = current[key] as JsonObject;
  }
  current[path[path.length - 1]!] = value;
}
