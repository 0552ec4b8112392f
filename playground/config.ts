/**
 * The run's config: the release and Kubernetes version controls over the YAML editor's other KumaInject spec
 * fields, checked against the generated schema (function/config.schema.json), and the KumaInject file that the
 * CLI takes for the same run.
 */
import { parse, stringify } from 'yaml';
import schema from '../function/config.schema.json' with { type: 'json' };
import { type SchemaNode, type SchemaProblem, checkSchema, fieldsAt } from './schema-check.ts';

export const specSchema = (schema as { properties: { spec: SchemaNode } }).properties.spec;

export interface ComposedConfig {
  readonly spec: Record<string, unknown>;
  readonly problems: SchemaProblem[];
  /** The KumaInject document for `kuma-inject --previews -c FILE -`. */
  readonly file: string;
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function composeConfig(editorText: string, release: string, kubernetesVersion: string): ComposedConfig {
  let spec: Record<string, unknown> = {};
  const problems: SchemaProblem[] = [];
  try {
    const value: unknown = editorText.trim() === '' ? {} : parse(editorText);
    if (value === null || value === undefined) spec = {};
    else if (isPlain(value)) spec = value;
    else problems.push({ path: '(top level)', message: 'should be a mapping of KumaInject spec fields' });
  } catch (caught) {
    problems.push({ path: '(YAML)', message: caught instanceof Error ? caught.message.split('\n')[0]! : String(caught) });
  }
  spec = { ...spec };
  if (release) spec.kumaVersion = release;
  if (kubernetesVersion.trim()) spec.kubernetesVersion = kubernetesVersion.trim();
  problems.push(...checkSchema(spec, specSchema).map((p) => ({ ...p, path: `spec.${p.path}`.replace('spec.(top level)', 'spec') })));
  const file = stringify({ apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'playground' }, spec }, { lineWidth: 0 });
  return { spec, problems, file };
}

/** A functionConfig's spec split into the controls' values and the editor's YAML. */
export function splitFunctionConfig(functionConfig: Record<string, unknown>): { release?: string; kubernetesVersion?: string; editor: string } {
  const spec = isPlain(functionConfig.spec) ? { ...functionConfig.spec } : {};
  const release = typeof spec.kumaVersion === 'string' ? spec.kumaVersion : undefined;
  const k8s = spec.kubernetesVersion;
  delete spec.kumaVersion;
  delete spec.kubernetesVersion;
  const editor = Object.keys(spec).length > 0 ? stringify(spec, { lineWidth: 0 }) : '';
  return { ...(release ? { release } : {}), ...(typeof k8s === 'string' || typeof k8s === 'number' ? { kubernetesVersion: String(k8s) } : {}), editor };
}

/** The mapping keys enclosing the line at `offset` of YAML text, read from indentation (for the field hints). */
export function pathAtCursor(text: string, offset: number): string[] {
  const lines = text.slice(0, offset).split('\n');
  const current = lines.pop() ?? '';
  let indent = current.length - current.trimStart().length;
  const path: string[] = [];
  for (let i = lines.length - 1; i >= 0 && indent > 0; i--) {
    const line = lines[i]!;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const own = line.length - line.trimStart().length;
    const key = /^\s*([\w.-]+):\s*$/.exec(line);
    if (own < indent && key) {
      path.unshift(key[1]!);
      indent = own;
    } else if (own < indent) indent = own;
  }
  return path;
}

export const fieldHints = (path: readonly string[]): Array<{ name: string; hint: string }> => fieldsAt(specSchema, path);
