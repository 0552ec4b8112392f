/**
 * `kumaVersion` and `kubernetesVersion` written as YAML numbers. YAML reads an unquoted `2.10` as the number 2.1
 * and `1.30` as 1.3: the trailing zero is gone, so a number whose minor has one digit (2.1, 1.3, 2.7) or none (3)
 * may stand for another version than it reads as, and is an error that says to write it quoted. A number whose minor has
 * two digits or more (2.14, 1.31) could only have lost a zero from a three-digit minor, which no version has, so it
 * is taken as exactly the text YAML read ("2.14"): kubectl and Helm users often write those unquoted. One rule, for
 * both fields and both config forms, applied before the schema, whose version fields are strings.
 */
import type { ConfigFieldNames } from './config-field-names.ts';
import type { JsonObject, KubeObject } from './krm/object.ts';
import { type Result, error } from './krm/result.ts';
import { KNOWN_VERSIONS } from './kuma/releases.ts';

/** The spec fields that hold a version. */
export const VERSION_FIELDS: readonly string[] = ['kumaVersion', 'kubernetesVersion'];

export type VersionText = { ok: true; text: string } | { ok: false; error: string };

/**
 * The version a YAML number stands for, or why it cannot be told. `key` is the spec field, `field` that field as the
 * user writes it (for the message). Only a one-digit fraction says what YAML read: it may be a longer one YAML
 * shortened (`2.10` reads as 2.1). An integer or an exponent may have been written in many ways (`3`, `0x1F`,
 * `1e3`), and the value alone does not tell which, so the message only names the number. The YAML layer keeps a
 * scalar's text in its source tree (krm/tree.ts), but settings get the functionConfig as plain values.
 */
export function versionOfNumber(value: number, key: string, field: string): VersionText {
  const read = String(value);
  if (/^\d+\.\d{2,}$/.test(read)) return { ok: true, text: read };
  const head = `\`${field}\` is the number ${read}`;
  // No number names a release for sure ("3.0-preview" is none): the releases themselves are the advice.
  const releases = `write it quoted, one of ${KNOWN_VERSIONS}`;
  if (/^\d+\.\d$/.test(read)) {
    const advice = key === 'kumaVersion' ? releases : `quote it, "${read}0", or "${read}" if that is the version you mean`;
    return { ok: false, error: `${head} (YAML reads ${read}0 unquoted as ${read}): ${advice}` };
  }
  return { ok: false, error: `${head}: ${key === 'kumaVersion' ? releases : 'write the version quoted'}` };
}

/** The spec with each version given as a number replaced by its text, and an error for each number that is ambiguous. */
export function versionsAsText(spec: JsonObject, names: ConfigFieldNames, object: KubeObject): { spec: JsonObject; results: Result[] } {
  const out: JsonObject = { ...spec };
  const results: Result[] = [];
  for (const key of VERSION_FIELDS) {
    const value = spec[key];
    if (typeof value !== 'number') continue;
    const field = names.field(key);
    const version = versionOfNumber(value, key, field);
    if (version.ok) out[key] = version.text;
    else results.push(error('INVALID_CONFIG', version.error, object, { field }));
  }
  return { spec: out, results };
}
