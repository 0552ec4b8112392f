/**
 * Text of the values the function creates: block YAML at a given indentation (sequences under their key at the
 * key's column, or indented under it to match a file written that way), or JSON for flow context. Strings a YAML
 * 1.1 reader (kubectl, Argo CD) would read as something else are double-quoted. Nothing here reads source text.
 */
import { type StringStyle, createdScalarText, isSimplePlain, needsQuotingForYaml11, readsAsNonString, spaces, stringText } from './scalar-text.ts';
import { unsupported } from './unsupported.ts';
import type { JsonValue } from './object.ts';
import { RecentResults, sameInOrder } from './recent.ts';

/** How block sequences stand under their key: at its column (`compact`, kpt's default) or two further (`wide`). */
export type SeqIndent = 'compact' | 'wide';

/** YAML's limit on an implicit key. */
const MAX_IMPLICIT_KEY = 1024;

/**
 * Text of a string we create: double-quoted where YAML 1.1 would read it as something else (`quote11`), unless a
 * replaced node's quote style is kept (`style`).
 */
export function createdString(value: string, indent: string, implicitKey: boolean, quote11 = true, style?: StringStyle, comment?: string): string {
  const plain = style === undefined && comment === undefined;
  if (plain && isSimplePlain(value)) return value;
  // The same values come back for every workload (sidecar args, annotations): a one-line value's text does not
  // depend on where it stands, so it is computed once.
  const cacheable = plain && quote11 && !implicitKey && indent !== '' && value.length < 256;
  if (cacheable) {
    const text = valueCache.get(value);
    if (text !== undefined) return text;
  }
  const type = style ?? (quote11 && needsQuotingForYaml11(value) ? 'QUOTE_DOUBLE' : undefined);
  const text = stringText(value, type, { indent, implicitKey }, comment);
  if (cacheable && !value.includes('\n') && valueCache.size < 50_000) valueCache.set(value, text);
  return text;
}

const valueCache = new Map<string, string>();
const keyCache = new Map<string, string>();

/** A created key: keys do not depend on their indentation unless they look like a document marker. */
function createdKey(key: string, indent: string, quote11: boolean): string {
  if (!quote11 || /^(?:%|---|\.\.\.)/m.test(key)) return explicitIfLong(createdString(key, indent, true, quote11), indent);
  let text = keyCache.get(key);
  if (text === undefined) {
    text = explicitIfLong(createdString(key, indent, true), indent);
    if (keyCache.size < 10_000 && text[0] !== '?') keyCache.set(key, text);
  }
  return text;
}

/** A key longer than YAML allows an implicit key to be is written as an explicit one: `? key`, `:` below it. */
const explicitIfLong = (text: string, indent: string): string => (text.length > MAX_IMPLICIT_KEY ? `? ${text}\n${indent.slice(2)}` : text);

const isJsonObject = (value: unknown): value is { [key: string]: JsonValue } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A value we create, written at context indentation `indent` (the first line is not indented: it follows a `- `,
 * a `key: ` or the start of a line at that indentation). `closed`: the text must not end in a block scalar, since
 * what follows it (comment lines indented under it) would read as the scalar's content.
 */
export function printCreated(value: JsonValue, indent: string, seqIndent: SeqIndent = 'compact', closed = false): string {
  if (typeof value === 'string') {
    const text = createdString(value, indent, false);
    return closed && (text[0] === '|' || text[0] === '>') ? createdString(value, indent, false, true, 'QUOTE_DOUBLE') : text;
  }
  if (Array.isArray(value)) return value.length === 0 ? '[]' : createdSeq(value, indent, seqIndent, closed);
  if (isJsonObject(value)) return createdMap(value, indent, seqIndent, closed);
  if (value === undefined) unsupported('an undefined value');
  return createdScalarText(value);
}

function createdSeq(items: readonly JsonValue[], indent: string, seqIndent: SeqIndent, closed: boolean): string {
  const itemIndent = `${indent}  `;
  let out = '';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += `\n${indent}`;
    out += `- ${printCreatedItem(items[i]!, itemIndent, seqIndent, closed && i === items.length - 1)}`;
  }
  return out;
}

/** Named maps of five keys or more (containers) printed lately, by name and layout. */
const recentItems = new RecentResults<string>(sameInOrder);

/** printCreated of a list item: a container the same as the last one of its name and layout is not printed again. */
export function printCreatedItem(value: JsonValue, indent: string, seqIndent: SeqIndent, closed: boolean): string {
  if (!isJsonObject(value) || typeof value.name !== 'string' || Object.keys(value).length < 5) return printCreated(value, indent, seqIndent, closed);
  return recentItems.get(`${indent.length}/${seqIndent}/${closed ? 1 : 0}/${value.name}`, value, () => printCreated(value, indent, seqIndent, closed));
}

function createdMap(map: { [key: string]: JsonValue }, indent: string, seqIndent: SeqIndent, closed: boolean): string {
  // A transform may leave `{ ...x, key: undefined }`: such a key is not written.
  const keys = Object.keys(map);
  let last = keys.length - 1;
  while (last >= 0 && map[keys[last]!] === undefined) last--;
  if (last < 0) return '{}';
  const keyIndent = `${indent}  `;
  let out = '';
  for (let i = 0; i <= last; i++) {
    const value = map[keys[i]!];
    if (value === undefined) continue;
    if (out !== '') out += `\n${indent}`;
    out += `${createdKeyText(keys[i]!, keyIndent)}:${valueAfterKey(value, indent, seqIndent, closed && i === last)}`;
  }
  return out;
}

/** What follows `key:` for a created value of a block map at indentation `indent` (`closed` as in printCreated). */
export function valueAfterKey(value: JsonValue, indent: string, seqIndent: SeqIndent, closed = false): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    const seq = seqIndent === 'wide' ? `${indent}  ` : indent;
    return `\n${seq}${createdSeq(value, seq, seqIndent, closed)}`;
  }
  if (isJsonObject(value)) {
    const inner = `${indent}  `;
    const body = createdMap(value, inner, seqIndent, closed);
    return body === '{}' ? ' {}' : `\n${inner}${body}`;
  }
  return ` ${printCreated(value, `${indent}  `, seqIndent, closed)}`;
}

/** A key we create, quoted where YAML 1.1 would read it as something else. */
export const createdKeyText = (key: string, indent: string): string => createdKey(key, indent, true);

/**
 * A value we create in flow context (inside `[...]` or `{...}`): JSON where the collection is JSON (and JSON is
 * read alike by every YAML reader), else flow YAML with strings plain where that is safe. `indent` and `step`
 * lay out a multi-line collection (as `kubectl get -o json` writes it); `step` 0 writes one line.
 */
export function flowCreated(value: JsonValue, indent: string, step: number, json: boolean): string {
  if (value === undefined) unsupported('an undefined value');
  if (step > 0 && typeof value === 'object' && value !== null && (Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0)) {
    return multiLine(value, indent, spaces(step), json);
  }
  return oneLine(value, json);
}

/** Words that read back as the same string in flow context under YAML 1.1 and 1.2 (no indicator, no `:`). */
const FLOW_PLAIN = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;

/** A flow scalar: JSON, or plain where a plain word reads back as the same string under YAML 1.1 and 1.2. */
function flowScalar(value: JsonValue, json: boolean): string {
  // JSON has no infinity or NaN; YAML's spelling keeps a copied value what it was (a JSON text stays YAML).
  if (typeof value === 'number' && !Number.isFinite(value)) return createdScalarText(value);
  if (typeof value === 'string' && !json && FLOW_PLAIN.test(value) && !needsQuotingForYaml11(value) && !readsAsNonString(value)) return value;
  return JSON.stringify(value);
}

function oneLine(value: JsonValue, json: boolean): string {
  if (Array.isArray(value)) return `[${value.map((v) => oneLine(v, json)).join(', ')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    return `{${keys.map((k) => `${flowScalar(k, json)}: ${oneLine(value[k]!, json)}`).join(', ')}}`;
  }
  return flowScalar(value, json);
}

function multiLine(value: JsonValue, indent: string, step: string, json: boolean): string {
  const inner = indent + step;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + multiLine(v, inner, step, json)).join(',\n')}\n${indent}]`;
  }
  if (isJsonObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    if (keys.length === 0) return '{}';
    return `{\n${keys.map((k) => `${inner}${flowScalar(k, json)}: ${multiLine(value[k]!, inner, step, json)}`).join(',\n')}\n${indent}}`;
  }
  return flowScalar(value, json);
}
