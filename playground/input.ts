/**
 * What the page runs: the input text as the CLI reads stdin (a multi-document stream, `kind: List` included),
 * except a ResourceList, whose items become the stream and whose functionConfig the page moves into its config
 * fields (the CLI reads a ResourceList on stdin as a KRM function, whose output is a ResourceList again).
 */
import { parseAllDocuments, stringify } from 'yaml';

export interface PreparedInput {
  /** The YAML stream handed to `inject()`. */
  readonly stream: string;
  /** The ResourceList's functionConfig, when the input is one that has it. */
  readonly functionConfig?: Record<string, unknown>;
  readonly isResourceList: boolean;
}

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

export function prepareInput(text: string): PreparedInput {
  const list = resourceListOf(text);
  if (!list) return { stream: text, isResourceList: false };
  const items = Array.isArray(list.items) ? list.items : [];
  const stream = items.map((item) => stringify(item, { lineWidth: 0 })).join('---\n');
  return isPlain(list.functionConfig) ? { stream, functionConfig: list.functionConfig, isResourceList: true } : { stream, isResourceList: true };
}

function resourceListOf(text: string): Plain | undefined {
  if (!/^kind:\s*ResourceList\s*$/m.test(text)) return undefined;
  try {
    const docs = parseAllDocuments(text);
    if (!Array.isArray(docs) || docs.length !== 1 || docs[0]!.errors.length > 0) return undefined;
    const value: unknown = docs[0]!.toJS();
    return isPlain(value) && value.kind === 'ResourceList' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The input's objects, `kind: List` expanded, as the run sees them (for the diff's "before"). */
export function objectsOf(stream: string): Plain[] {
  const out: Plain[] = [];
  try {
    for (const doc of parseAllDocuments(stream) as ReturnType<typeof parseAllDocuments> & unknown[]) {
      if (doc.errors.length > 0) continue;
      const value: unknown = doc.toJS();
      if (!isPlain(value)) continue;
      if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) out.push(...value.items.filter(isPlain));
      else out.push(value);
    }
  } catch {
    // Unreadable input: the run reports it as INVALID_INPUT.
  }
  return out;
}
