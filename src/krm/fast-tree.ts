/**
 * The shapes the fast YAML path works with: source nodes (what the reader found, with the offsets of the text
 * `yaml` would write for them and the comments attached as `yaml` attaches them), and output nodes (a source
 * node edited by a reconcile, or a value we create). Types only; the printer and the reader give them meaning.
 */
import type { StringStyle } from './fast-scalar.ts';
import type { JsonValue } from './object.ts';

/** Comments and blank lines around a node, as `yaml` stores them: text after `#`, lines joined with `\n`. */
export interface Decorations {
  /** A blank line before the node. */
  sb: boolean;
  /** Comment lines above the node. */
  cb: string | undefined;
  /** A scalar's trailing comment, or the comment lines that end a block collection. */
  comment: string | undefined;
}

/**
 * A node read from the input. `start`/`end` delimit exactly the text `yaml` writes for the node (for a block
 * collection, its entries and closing comment; for a block scalar, header and body; never a trailing comment of
 * a scalar), which is also its source text, since the reader only accepts what `yaml` writes back unchanged.
 */
export type SourceNode = SourceScalar | SourceMap | SourceSeq | SourceFlow;

interface SourceBase extends Decorations {
  readonly start: number;
  readonly end: number;
  /**
   * Its source text is its output. Not so for a wide sequence (`- ` indented under its key: `yaml` writes it
   * compact, two columns left), for what it contains over several lines, and for the nodes around it: those are
   * written from their parts, at the new indentation.
   */
  readonly verbatim: boolean;
}

export interface SourceScalar extends SourceBase {
  readonly k: 'scalar';
  readonly style: StringStyle;
  /** The parsed value; `empty` marks a null written as nothing at all (`key:`), which prints as ''. */
  readonly value: JsonValue;
  readonly empty: boolean;
}

export interface SourceMap extends SourceBase {
  readonly k: 'map';
  readonly pairs: SourcePair[];
}

export interface SourceSeq extends SourceBase {
  readonly k: 'seq';
  readonly items: SourceNode[];
}

/** A single-line flow collection (`[a, b]`, `{a: 1}`): kept as text, never edited by the fast path. */
export interface SourceFlow extends SourceBase {
  readonly k: 'flow';
  readonly empty: boolean;
}

export interface SourcePair {
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  /** Blank line and comments above the key line. */
  readonly keySb: boolean;
  readonly keyCb: string | undefined;
  readonly value: SourceNode;
  /** End of the pair's text: its value, and the value's trailing comment when the value does not print it. */
  readonly end: number;
}

/** A map edited by a reconcile: its own decorations, and pairs old (maybe edited) and new. */
export interface EditedMap extends Decorations {
  readonly k: 'emap';
  readonly pairs: OutputPair[];
}

export interface EditedSeq extends Decorations {
  readonly k: 'eseq';
  readonly items: OutputNode[];
}

/**
 * A value we create (`yaml`'s createNode plus YAML 1.1 quoting), maybe carrying the decorations of the node it
 * replaces, and the quote style of a replaced quoted string.
 */
export interface CreatedNode extends Decorations {
  readonly k: 'created';
  readonly value: JsonValue;
  readonly style: StringStyle | undefined;
}

/** A flow collection of the input that a reconcile changed: `yaml` writes it, still in flow style, on one line. */
export interface EditedFlow extends Decorations {
  readonly k: 'eflow';
  readonly text: string;
}

export type OutputNode = SourceNode | EditedMap | EditedSeq | EditedFlow | CreatedNode;

export type OutputPair =
  /** A pair of the input whose value did not change: written as its source text. */
  | { readonly k: 'same'; readonly pair: SourcePair }
  /** A pair of the input whose value changed: its key as written, a new value. */
  | { readonly k: 'edited'; readonly pair: SourcePair; readonly value: OutputNode }
  /** A pair a reconcile added: the key is not YAML-1.1-quoted (only values are), as in the `yaml` path. */
  | { readonly k: 'added'; readonly key: string; readonly value: OutputNode };
