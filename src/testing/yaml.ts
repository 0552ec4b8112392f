/**
 * Inline YAML for table-driven tests: a tagged template that removes the common indentation, and `yaml`,
 * which also parses the text into a plain value.
 */
import { parseYamlText } from '../krm/resource-list.ts';

export function dedent(strings: TemplateStringsArray | string, ...values: unknown[]): string {
  const raw = typeof strings === 'string' ? strings : strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').replace(/\n\s*$/, '\n').split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}

/** Parses dedented YAML; throws on invalid YAML, since a test's own fixture is broken then. */
export function yaml<T = any>(strings: TemplateStringsArray | string, ...values: unknown[]): T {
  const parsed = parseYamlText(dedent(strings, ...values));
  if (!parsed.ok) throw new Error(`test fixture is not valid YAML: ${parsed.error}`);
  return parsed.value as T;
}
