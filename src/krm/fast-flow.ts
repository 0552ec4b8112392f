/**
 * Single-line flow collections (`[a, b]`, `{a: 1}`) for the fast reader. The common ones (plain words, numbers,
 * double-quoted strings, nested flow collections, written as `yaml` writes them) are read here; any other goes
 * to `yaml`, with a check that `yaml` would write it back unchanged and that it has no anchors, aliases or tags.
 */
import { isAlias, parseDocument, visit } from 'yaml';
import { isSimplePlain, resolvePlain, stringText, unsupported } from './fast-scalar.ts';
import type { JsonValue } from './object.ts';

const STRINGIFY = { lineWidth: 0, minContentWidth: 0, indentSeq: false, flowCollectionPadding: false } as const;

/** The value of a flow collection written as `source` (one line, no comment). */
export function parseFlow(source: string): JsonValue {
  if (source === '[]') return [];
  if (source === '{}') return {};
  const reader = new FlowReader(source);
  const value = reader.value();
  if (value !== undefined && reader.at === source.length) return value;
  return viaYaml(source);
}

/** Reads the canonical subset; undefined for anything else (then `yaml` decides). */
class FlowReader {
  at = 0;
  private depth = 0;
  private readonly source: string;

  constructor(source: string) {
    this.source = source;
  }

  value(): JsonValue | undefined {
    const c = this.source[this.at];
    if (c === '[' || c === '{') {
      // Deep nesting is left to `yaml`, which reports it.
      if (++this.depth > 64) return undefined;
      const value = c === '[' ? this.seq() : this.map();
      this.depth--;
      return value;
    }
    if (c === '"') return this.quoted(false);
    return this.plain();
  }

  private seq(): JsonValue[] | undefined {
    const out: JsonValue[] = [];
    this.at++;
    if (this.source[this.at] === ']') {
      this.at++;
      return out;
    }
    for (;;) {
      const item = this.value();
      if (item === undefined) return undefined;
      out.push(item);
      if (this.source[this.at] === ']') {
        this.at++;
        return out;
      }
      if (!this.source.startsWith(', ', this.at)) return undefined;
      this.at += 2;
    }
  }

  private map(): { [key: string]: JsonValue } | undefined {
    const out: { [key: string]: JsonValue } = {};
    this.at++;
    if (this.source[this.at] === '}') {
      this.at++;
      return out;
    }
    for (;;) {
      const key = this.source[this.at] === '"' ? this.quoted(true) : this.plainKey();
      if (typeof key !== 'string' || key === '__proto__' || Object.prototype.hasOwnProperty.call(out, key)) return undefined;
      if (!this.source.startsWith(': ', this.at)) return undefined;
      this.at += 2;
      const value = this.value();
      if (value === undefined) return undefined;
      out[key] = value;
      if (this.source[this.at] === '}') {
        this.at++;
        return out;
      }
      if (!this.source.startsWith(', ', this.at)) return undefined;
      this.at += 2;
    }
  }

  private word(): string {
    const match = /^[^,[\]{}:"' #]+/.exec(this.source.slice(this.at));
    return match ? match[0] : '';
  }

  private plainKey(): string | undefined {
    const word = this.word();
    if (!isSimplePlain(word)) return undefined;
    this.at += word.length;
    return word;
  }

  private plain(): JsonValue | undefined {
    const word = this.word();
    if (word === '') return undefined;
    const resolved = resolvePlain(word);
    if (typeof resolved.value === 'string' ? !isSimplePlain(word) : resolved.reprint !== word) return undefined;
    this.at += word.length;
    return resolved.value;
  }

  private quoted(implicitKey: boolean): string | undefined {
    const end = this.source.indexOf('"', this.at + 1);
    if (end === -1) return undefined;
    const text = this.source.slice(this.at, end + 1);
    if (text.includes('\\')) return undefined;
    const value = text.slice(1, -1);
    if (stringText(value, 'QUOTE_DOUBLE', { indent: '  ', implicitKey }) !== text) return undefined;
    this.at = end + 1;
    return value;
  }
}

function viaYaml(source: string): JsonValue {
  const doc = parseDocument(source, { uniqueKeys: true });
  if (doc.errors.length > 0 || doc.warnings.length > 0) unsupported('a flow collection `yaml` does not read cleanly');
  let plain = true;
  visit(doc, {
    Node: (_, node) => {
      if (isAlias(node) || ('anchor' in node && node.anchor) || node.tag) plain = false;
    },
  });
  if (!plain || doc.toString(STRINGIFY) !== `${source}\n`) unsupported('a flow collection `yaml` would write differently');
  return doc.toJS() as JsonValue;
}
