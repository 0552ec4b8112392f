/**
 * Typed reads of pod-template annotations with Kuma's parsing rules (GetEnabled, GetUint32, GetString...).
 * A present but unparsable value fails injection with Kuma's message and the annotation as the field.
 */
import { type Parsed, parseBool, parseUint32 } from './values.ts';
import { annotationField, fail } from './failure.ts';

export interface AnnotationReader {
  readonly raw: Readonly<Record<string, string>>;
  has(key: string): boolean;
  string(key: string): string | undefined;
  stringOr(key: string, fallback: string): string;
  bool(key: string): boolean | undefined;
  boolOr(key: string, fallback: boolean): boolean;
  uint32(key: string): number | undefined;
  uint32Or(key: string, fallback: number): number;
}

function unwrap<T>(key: string, parsed: Parsed<T>, wrap?: (message: string) => string): T {
  if (!parsed.ok) return fail(wrap ? wrap(parsed.error) : parsed.error, annotationField(key), 'INVALID_ANNOTATION');
  return parsed.value;
}

export function readAnnotations(annotations: Readonly<Record<string, string>>, wrap?: (message: string) => string): AnnotationReader {
  const has = (key: string): boolean => Object.prototype.hasOwnProperty.call(annotations, key);
  const string = (key: string): string | undefined => (has(key) ? annotations[key] : undefined);
  const bool = (key: string): boolean | undefined => {
    const value = string(key);
    return value === undefined ? undefined : unwrap(key, parseBool(key, value), wrap);
  };
  const uint32 = (key: string): number | undefined => {
    const value = string(key);
    return value === undefined ? undefined : unwrap(key, parseUint32(key, value), wrap);
  };
  return {
    raw: annotations,
    has,
    string,
    stringOr: (key, fallback) => string(key) ?? fallback,
    bool,
    boolOr: (key, fallback) => bool(key) ?? fallback,
    uint32,
    uint32Or: (key, fallback) => uint32(key) ?? fallback,
  };
}
