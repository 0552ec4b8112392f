/**
 * `kumaVersion` and `kubernetesVersion` written as YAML numbers. YAML reads an unquoted `2.10` as the number 2.1
 * and `1.30` as 1.3: the trailing zero is gone, so a number whose minor has one digit (2.1, 1.3, 2.7) or none (3)
 * may stand for another version than it reads as, and is an error that says to quote it. A number whose minor has
 * two digits or more (2.14, 1.31) could only have lost a zero from a three-digit minor, which no version has, so it
 * is taken as exactly the text YAML read ("2.14"): kubectl and Helm users often write those unquoted. One rule, for
 * both fields and both config forms, applied before the schema, whose version fields are strings.
 */
import type { ConfigFieldNames } from './config-field-names.ts';
import type { JsonObject, KubeObject } from './krm/object.ts';
import { type Result, error } from './krm/result.ts';

/** The spec fields that hold a version. */
export const VERSION_FIELDS: readonly string[] = ['kumaVersion', 'kubernetesVersion'];

export type VersionText = { ok: true; text: string } | { ok: false; error: string };

/** The version a YAML number stands for, or why it cannot be told (`field` as the user writes it, for the message). */
export function versionOfNumber(value: number, field: string): VersionText {
  const read = String(value);
  if (/^\d+\.\d{2,}$/.test(read)) return { ok: true, text: read };
  const head = `\`${field}\` is the number ${read}`;
  if (/^\d+\.\d$/.test(read)) {
    return { ok: false, error: `${head} (YAML reads ${read}0 unquoted as ${read}): quote it, "${read}0", or "${read}" if that is the version you mean` };
  }
  if (/^\d+$/.test(read)) return { ok: false, error: `${head} (YAML reads ${read}.0 unquoted as ${read}): quote it, "${read}.0"` };
  return { ok: false, error: `${head}, which is no version: write the version quoted` };
}

/** The spec with each version given as a number replaced by its text, and an error for each number that is ambiguous. */
export function versionsAsText(spec: JsonObject, names: ConfigFieldNames, object: KubeObject): { spec: JsonObject; results: Result[] } {
  const out: JsonObject = { ...spec };
  const results: Result[] = [];
  for (const key of VERSION_FIELDS) {
    const value = spec[key];
    if (typeof value !== 'number') continue;
    const field = names.field(key);
    const version = versionOfNumber(value, field);
    if (version.ok) out[key] = version.text;
    else results.push(error('INVALID_CONFIG', version.error, object, { field }));
  }
  return { spec: out, results };
}
