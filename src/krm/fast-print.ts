/**
 * Writes output nodes as block YAML, byte for byte as `yaml`'s stringifier does with { lineWidth: 0,
 * minContentWidth: 0, indentSeq: false, flowCollectionPadding: false } (blank lines, comments above and after
 * nodes, compact sequences under keys, `{}`/`[]` for empty collections). Source nodes that did not change are
 * written as their source text; values we create are written like `yaml`'s createNode plus YAML 1.1 quoting.
 * It knows nothing of ResourceLists or of how nodes were matched.
 */
import type { CreatedNode, OutputNode, OutputPair } from './fast-tree.ts';
import {
  type StringStyle,
  commentString,
  createdScalarText,
  indentComment,
  isSimplePlain,
  lineComment,
  needsQuotingForYaml11,
  stringText,
  unsupported,
} from './fast-scalar.ts';
import type { JsonValue } from './object.ts';

/** `yaml` writes a key longer than this as an explicit `? key`, which the fast path does not do. */
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
  if (!quote11 || /^(?:%|---|\.\.\.)/m.test(key)) return checkedKey(createdString(key, indent, true, quote11));
  let text = keyCache.get(key);
  if (text === undefined) {
    text = checkedKey(createdString(key, indent, true));
    if (keyCache.size < 10_000) keyCache.set(key, text);
  }
  return text;
}

const checkedKey = (text: string): string => (text.length > MAX_IMPLICIT_KEY ? unsupported('a key longer than 1024 characters') : text);

const isJsonObject = (value: unknown): value is { [key: string]: JsonValue } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value we create, written at context indentation `indent` (the first line is not indented). */
export function printCreated(value: JsonValue, indent: string): string {
  if (typeof value === 'string') return createdString(value, indent, false);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : createdSeq(value, indent);
  if (isJsonObject(value)) return createdMap(value, indent);
  if (value === undefined) unsupported('an undefined value');
  return createdScalarText(value);
}

function createdSeq(items: readonly JsonValue[], indent: string): string {
  const itemIndent = `${indent}  `;
  let out = '';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += `\n${indent}`;
    out += `- ${printCreated(items[i]!, itemIndent)}`;
  }
  return out;
}

function createdMap(map: { [key: string]: JsonValue }, indent: string): string {
  let out = '';
  let first = true;
  for (const key in map) {
    // createNode skips undefined values (a transform may leave `{ ...x, key: undefined }`).
    if (!Object.prototype.hasOwnProperty.call(map, key) || map[key] === undefined) continue;
    if (!first) out += `\n${indent}`;
    first = false;
    out += createdPair(createdKey(key, `${indent}  `, true), map[key]!, indent);
  }
  return first ? '{}' : out;
}

/** `key: value` for a created value: collections go on the next lines, a sequence at the key's column. */
function createdPair(keyText: string, value: JsonValue, indent: string): string {
  if (Array.isArray(value)) return value.length === 0 ? `${keyText}: []` : `${keyText}:\n${indent}${createdSeq(value, indent)}`;
  if (isJsonObject(value)) {
    const inner = `${indent}  `;
    const body = createdMap(value, inner);
    return body === '{}' ? `${keyText}: {}` : `${keyText}:\n${inner}${body}`;
  }
  return `${keyText}: ${printCreated(value, `${indent}  `)}`;
}

// ---------------------------------------------------------------------------------------------------------
// Nodes with decorations: the general case, a port of `yaml`'s block collection and pair layout.

const isCollection = (node: OutputNode): boolean =>
  node.k === 'map' || node.k === 'seq' || node.k === 'flow' || node.k === 'eflow' || node.k === 'emap' || node.k === 'eseq' ||
  (node.k === 'created' && typeof node.value === 'object' && node.value !== null);

/** `yaml` writes a block sequence under a key at the key's column (indentSeq: false). */
const isBlockSeq = (node: OutputNode): boolean => node.k === 'seq' || node.k === 'eseq' || (node.k === 'created' && Array.isArray(node.value));

/** Whether `yaml` would treat the collection as flow: a flow node, or an empty one. */
function isFlowish(node: OutputNode): boolean {
  switch (node.k) {
    case 'flow':
    case 'eflow':
      return true;
    case 'emap':
      return node.pairs.length === 0;
    case 'eseq':
      return node.items.length === 0;
    case 'created':
      return Array.isArray(node.value) ? node.value.length === 0 : isJsonObject(node.value) && !Object.values(node.value).some((v) => v !== undefined);
    default:
      return false;
  }
}

/** Whether the node's own text includes its `comment` (collections, block scalars), so the parent must not add it. */
function printsOwnComment(node: OutputNode, text: string): boolean {
  switch (node.k) {
    case 'map':
    case 'seq':
    case 'emap':
    case 'eseq':
      return true;
    case 'flow':
    case 'eflow':
      return false;
    case 'scalar':
      return node.style === 'BLOCK_LITERAL' || node.style === 'BLOCK_FOLDED';
    case 'created':
      return typeof node.value === 'object' && node.value !== null ? true : text[0] === '|' || text[0] === '>';
  }
}

function commentBlock(comment: string | undefined, indent: string): string {
  return comment ? `\n${indentComment(commentString(comment), indent)}` : '';
}

export class Printer {
  private readonly src: string;

  constructor(src: string) {
    this.src = src;
  }

  /** The text `yaml` writes for the node at context indentation `indent`, without the node's comments above it. */
  node(node: OutputNode, indent: string): string {
    switch (node.k) {
      case 'flow':
        return this.src.slice(node.start, node.end);
      case 'scalar':
        if (node.verbatim) return this.src.slice(node.start, node.end);
        return stringText(node.value as string, node.style, { indent, implicitKey: false }, node.comment);
      case 'map':
        if (node.verbatim) return this.src.slice(node.start, node.end);
        return this.map(
          node.pairs.map((pair) => ({ k: 'same', pair })),
          node.comment,
          indent,
        );
      case 'seq':
        return node.verbatim ? this.src.slice(node.start, node.end) : this.seq(node.items, node.comment, indent);
      case 'emap':
        return this.map(node.pairs, node.comment, indent);
      case 'eseq':
        return this.seq(node.items, node.comment, indent);
      case 'eflow':
        return node.text;
      case 'created':
        return this.created(node, indent);
    }
  }

  private created(node: CreatedNode, indent: string): string {
    const { value, comment } = node;
    if (typeof value === 'string') return createdString(value, indent, false, true, node.style, comment);
    if (Array.isArray(value) || isJsonObject(value)) {
      let text = printCreated(value, indent);
      if (comment) text += commentBlock(comment, indent);
      return text;
    }
    return printCreated(value, indent);
  }

  /** Joins collection lines as `yaml` does: an empty line stays empty, others get the indentation. */
  private static join(lines: readonly string[], indent: string): string {
    let out = lines[0]!;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      out += line ? `\n${indent}${line}` : '\n';
    }
    return out;
  }

  private static decorate(lines: string[], sb: boolean, cb: string | undefined, indent: string): void {
    if (sb) lines.push('');
    if (cb) lines.push(indentComment(commentString(cb), indent).trimStart());
  }

  map(pairs: readonly OutputPair[], comment: string | undefined, indent: string): string {
    if (pairs.length === 0) return `{}${commentBlock(comment, indent)}`;
    const lines: string[] = [];
    for (const pair of pairs) {
      if (pair.k === 'added') {
        lines.push(this.pair(createdKey(pair.key, `${indent}  `, false), pair.value, indent));
        continue;
      }
      const source = pair.pair;
      Printer.decorate(lines, source.keySb, source.keyCb, indent);
      if (pair.k === 'same' && source.value.verbatim) lines.push(this.src.slice(source.keyStart, source.end));
      else lines.push(this.pair(this.src.slice(source.keyStart, source.keyEnd), pair.k === 'same' ? source.value : pair.value, indent));
    }
    return Printer.join(lines, indent) + commentBlock(comment, indent);
  }

  seq(items: readonly OutputNode[], comment: string | undefined, indent: string): string {
    if (items.length === 0) return `[]${commentBlock(comment, indent)}`;
    const itemIndent = `${indent}  `;
    const lines: string[] = [];
    for (const item of items) {
      Printer.decorate(lines, item.sb, item.cb, indent);
      let text = this.node(item, itemIndent);
      if (item.comment && !printsOwnComment(item, text)) text += lineComment(text, itemIndent, commentString(item.comment));
      lines.push(`- ${text}`);
    }
    return Printer.join(lines, indent) + commentBlock(comment, indent);
  }

  /** `key: value` with the value's comments and blank line, for a map at indentation `indent`. */
  pair(keyText: string, value: OutputNode, indent: string): string {
    const valueIndent = isBlockSeq(value) ? indent : `${indent}  `;
    const valueText = this.node(value, valueIndent);
    const { sb, cb, comment } = value;
    let ws = ' ';
    if (sb || cb) {
      ws = sb ? '\n' : '';
      if (cb) ws += `\n${indentComment(commentString(cb), valueIndent)}`;
      if (valueText === '') {
        if (ws === '\n' && comment) ws = '\n\n';
      } else ws += `\n${valueIndent}`;
    } else if (isCollection(value)) {
      if (!isFlowish(value) || valueText.includes('\n')) ws = `\n${valueIndent}`;
    } else if (valueText === '' || valueText[0] === '\n') {
      ws = '';
    }
    let text = `${keyText}:${ws}${valueText}`;
    if (comment && !printsOwnComment(value, valueText)) text += lineComment(text, valueIndent, commentString(comment));
    return text;
  }
}
