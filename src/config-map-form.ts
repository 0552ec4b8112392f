/**
 * The ConfigMap form of the functionConfig (`kpt fn eval -- key=value`, Kptfile `configMap:`): its `data` as the
 * typed spec, before the schema validates it, with the keys written, which name the fields in results
 * (config-field-names.ts). Every key is a spec field by its dotted path or a shorthand for one, typed by that
 * field's schema (config-map-paths.ts). A key that sets a field inside another key's value wins over it, whatever
 * their order (`nativeSidecars` over the `experimental` map of `controlPlane`).
 */
import { CONFIG_MAP_KEYS } from './config.ts';
import { type ConfigFieldNames, type WrittenKey, configMapFieldNames } from './config-field-names.ts';
import { coerce, fieldAt, fieldNamesAt, setAt, specPathOf } from './config-map-paths.ts';
import { closestPath, suggestion } from './did-you-mean.ts';
import { type JsonObject, type JsonValue, type KubeObject, isObject } from './krm/object.ts';
import { type Result, error } from './krm/result.ts';
import { VERSION_FIELDS } from './version-number.ts';

export type ConfigMapSpec =
  | { readonly ok: true; readonly spec: JsonObject; readonly results: Result[]; readonly names: ConfigFieldNames }
  | { readonly ok: false; readonly results: Result[] };

/** The names a ConfigMap key may start with: the keys of CONFIG_MAP_KEYS and every top-level spec field. */
const firstNames = (): string[] => [...new Set([...Object.keys(CONFIG_MAP_KEYS), ...(fieldNamesAt([]) ?? [])])];

function unknownKeyError(key: string, object: KubeObject): Result {
  const guess = closestPath(key, (path) => (path.length === 0 ? firstNames() : fieldNamesAt(path)));
  const keys = Object.keys(CONFIG_MAP_KEYS).join(', ');
  const message = `unknown ConfigMap key \`${key}\`${suggestion(guess)}: the keys are ${keys}, and any spec field by its dotted path (\`dataplanes.mode\`, \`lifecycle.preStop.seconds\`)`;
  return error('INVALID_CONFIG', message, object, { field: `data.${key}` });
}

/**
 * Maps the ConfigMap's `data` (strings; a version may be a YAML number) onto the typed spec shape. No `data` (or
 * `data:` with nothing after it) is no settings; `data` that is no map is an error, as a `spec` that is none is.
 */
export function specFromConfigMap(object: KubeObject): ConfigMapSpec {
  const data = object.data ?? {};
  if (!isObject(data)) return { ok: false, results: [error('INVALID_CONFIG', 'must be a map of string keys to string values', object, { field: 'data' })] };
  const results: Result[] = [];
  const written: WrittenKey[] = [];
  const values: Array<{ path: string[]; value: JsonValue }> = [];
  for (const [key, raw] of Object.entries(data)) {
    const path = specPathOf(key);
    if (!path) {
      results.push(unknownKeyError(key, object));
      continue;
    }
    written.push({ key, path: path.join('.') });
    if (typeof raw === 'number' && path.length === 1 && VERSION_FIELDS.includes(path[0]!)) {
      values.push({ path, value: raw }); // checked as in the KumaInject form (version-number.ts)
    } else if (typeof raw !== 'string') {
      results.push(error('INVALID_CONFIG', 'ConfigMap values must be strings', object, { field: `data.${key}` }));
    } else {
      const coerced = coerce(raw, fieldAt(path)!);
      if (coerced.ok) values.push({ path, value: coerced.value });
      else results.push(error('INVALID_CONFIG', coerced.error, object, { field: `data.${key}` }));
    }
  }
  const spec: JsonObject = {};
  // Shallow keys first, so that a deeper one sets its field inside their value (sort is stable).
  for (const { path, value } of values.sort((a, b) => a.path.length - b.path.length)) setAt(spec, path, value);
  return { ok: true, spec, results, names: configMapFieldNames(written) };
}
