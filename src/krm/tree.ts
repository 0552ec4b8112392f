/**
 * The source tree both YAML readers build and the one writer edits: every node knows where its text is, so the
 * writer copies what did not change byte for byte and rewrites only the nodes that did. Values are computed
 * once, while reading, as a Go reader would (go-scalar.ts). Types only.
 */
import type { JsonValue } from './object.ts';

interface Base {
  /** The node's text: from its properties (`&anchor`, `!tag`) to its last character (no trailing comment). */
  readonly start: number;
  readonly end: number;
  /** The plain value, as Go reads it (aliases and merge keys resolved). */
  readonly value: JsonValue;
  /** `&name` on this node. */
  readonly anchor?: string;
}

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

export interface ScalarNode extends Base {
  readonly k: 'scalar';
  readonly style: ScalarStyle;
  /** Nothing at all was written (`key:`): `start === end`. */
  readonly empty: boolean;
}

export interface MapNode extends Base {
  readonly k: 'map';
  readonly flow: boolean;
  readonly pairs: readonly PairNode[];
  /** Column of a block map's keys. */
  readonly col: number;
  /** It takes keys from a merge (`<<: *base`): the writer replaces it whole when it changes. */
  readonly merged: boolean;
  /** Read for its value only (no pairs): readSubtree gives the full node. */
  readonly lazy?: boolean;
}

export interface PairNode {
  /** The key as Go reads it (a `y` key is "true"). */
  readonly key: string;
  readonly keyStart: number;
  /** Just after the `:`. */
  readonly colonEnd: number;
  readonly value: Node;
}

export interface SeqNode extends Base {
  readonly k: 'seq';
  readonly flow: boolean;
  readonly items: readonly Node[];
  /** Offsets of the dashes of a block sequence (its `col` is their column). */
  readonly dashes: readonly number[];
  readonly col: number;
  /** Read for its value only (no items): readSubtree gives the full node. */
  readonly lazy?: boolean;
}

export interface AliasNode extends Base {
  readonly k: 'alias';
  readonly name: string;
}

export type Node = ScalarNode | MapNode | SeqNode | AliasNode;

/** One YAML document of a stream. */
export interface DocNode {
  /** The whole document's text, from its first byte (comments, `---`) to the next document's first byte. */
  readonly start: number;
  readonly end: number;
  /** Undefined for a document without content (comments only). */
  readonly root: Node | undefined;
  /** Anchors that some alias uses: a node holding one must not be edited in place. */
  readonly usedAnchors: ReadonlySet<string>;
}

export interface Stream {
  readonly text: string;
  readonly docs: readonly DocNode[];
}
