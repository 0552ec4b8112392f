/**
 * Every KumaInject field in the ConfigMap form (`kpt fn eval -- dataplanes.mode=off`): a data key that is a
 * field's dotted path under `spec` (`lifecycle.preStop.seconds`, `refusePrivilegedPatches`, `workloadKinds`) sets
 * that field. The field's type comes from the spec schema itself, so a new field is reachable with no second
 * edit: "true"/"false" for flags, digits for numbers, comma-separated or YAML for lists, YAML for maps and objects.
 * The shorthand keys of CONFIG_MAP_KEYS (config.ts) keep their own meaning.
 */
import { z } from 'zod/mini';
import { configSchemas } from './config.ts';
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

/** The schema of the field at a dotted path under `spec`, or undefined when there is none. */
export function fieldAt(path: readonly string[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = spec();
  for (const key of path) {
    // Never a step onto an object's prototype: no Kubernetes name or field is one of these.
    if (!node || FORBIDDEN.has(key)) return undefined;
    if (node.properties && Object.hasOwn(node.properties, key)) node = node.properties[key];
    // A map keyed by user data (namespaces, say): one segment names an entry.
    else if (isObject(node.additionalProperties) && Object.keys(node.additionalProperties).length > 0) node = node.additionalProperties;
    else return undefined;
  }
  return node;
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
      const parts = text === '' ? [] : text.split(',').map((p) => p.trim());
      return { ok: true, value: itemTypes.includes('integer') || itemTypes.includes('number') ? parts.map(Number) : parts };
    }
  }
  if (types.includes('array') || types.includes('object') || (types.length === 0 && node.properties)) {
    const parsed = parseYamlText(raw);
    if (!parsed.ok) return { ok: false, error: `value ${parsed.error}` };
    return { ok: true, value: (parsed.value ?? (types.includes('array') ? [] : {})) as JsonValue };
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
