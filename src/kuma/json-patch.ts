/**
 * RFC 6902 patches applied as github.com/evanphx/json-patch/v5 v5.9.11 applies Kuma's ContainerPatches
 * (EnsurePathExistsOnAdd, negative indices), quirks and error texts included, never mutating the input.
 * Not fast-json-patch: that creates no parents, rejects negative indices and words errors differently.
 * Values arrive as parsed JSON: decoding ContainerPatch `value` strings is the caller's job.
 */
import { goQuote } from './values.ts';
import { jsonEqual } from '../krm/object.ts';

export type JsonPatchOp = { op: string; path: string; value?: unknown; from?: string };

/** `cause` is evanphx's own message (what Kuma prints after `could not apply patches [...]: `). */
export type JsonPatchFailure = { ok: false; error: string; index: number; cause: string };
export type JsonPatchResult = { ok: true; value: unknown } | JsonPatchFailure;

type Obj = Record<string, unknown>;
type Container = unknown[] | Obj;
/** `self` is what evanphx returns for the key "" on the root: a detached copy of the document it started from. */
type State = { doc: unknown; self: unknown };
/** `node` undefined or null is Go's nil node: present, but not something a path can descend into. */
type Got = { ok: true; node: unknown } | { ok: false; error: string; missing: boolean };
type Step = string | undefined; // an error message, or undefined on success

const MISSING = 'missing value';
const INVALID = 'invalid state detected';
const MAX_PADDING = 100_000; // evanphx would pad any length; a typo like /a/99999999/b must not exhaust memory

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;
const clone = (v: unknown): unknown => (v === undefined ? null : structuredClone(v));
const decode = (token: string) => token.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
const badIndex = (text: string) => `Unable to access invalid index: ${text}: invalid index referenced`;

export function applyJsonPatch(document: unknown, ops: readonly JsonPatchOp[]): JsonPatchResult {
  if (!isContainer(document)) return failure(-1, 'document', '', 'the document must be a JSON object or array');
  const state: State = { doc: structuredClone(document), self: structuredClone(document) };
  for (const [index, op] of ops.entries()) {
    const cause = applyOne(state, op);
    if (cause !== undefined) return failure(index, op.op, op.path, cause);
  }
  return { ok: true, value: state.doc };
}

function failure(index: number, op: string, path: string, cause: string): JsonPatchFailure {
  return { ok: false, error: `operation ${index} (${op} ${path}): ${cause}`, index, cause };
}

function applyOne(state: State, op: JsonPatchOp): Step {
  const { path } = op;
  // Kuma's ToJsonPatch always sends `from`, as "" when the block has none.
  const from = op.from ?? '';
  switch (op.op) {
    case 'add': {
      if (op.value === undefined) return `${op.op} needs a value`;
      if (path === '') return replaceRoot(state, op.value, true);
      const ensured = ensurePathExists(state, path);
      if (ensured !== undefined) return ensured;
      const target = findObject(state, path);
      if (!target) return `add operation does not apply: doc is missing path: "${path}": ${MISSING}`;
      const added = add(target.c, target.key, clone(op.value));
      return added && `error in add for path: '${path}': ${added}`;
    }
    case 'remove': {
      const target = findObject(state, path);
      if (!target) return `remove operation does not apply: doc is missing path: "${path}": ${MISSING}`;
      const removed = remove(target.c, target.key);
      return removed && `error in remove for path: '${path}': ${removed}`;
    }
    case 'replace': {
      if (op.value === undefined) return `${op.op} needs a value`;
      if (path === '') return replaceRoot(state, op.value, false);
      const target = findObject(state, path);
      if (!target) return `replace operation does not apply: doc is missing path: ${path}: ${MISSING}`;
      if (!get(state, target.c, target.key).ok) return `replace operation does not apply: doc is missing key: ${path}: ${MISSING}`;
      const set = replace(target.c, target.key, clone(op.value));
      return set && `error in remove for path: '${path}': ${set}`; // sic: evanphx says "remove" here
    }
    case 'move': {
      if (from === '') return `unable to move entire document to another path: ${INVALID}`;
      const source = findObject(state, from);
      if (!source) return `move operation does not apply: doc is missing from path: ${from}: ${MISSING}`;
      const got = get(state, source.c, source.key);
      if (!got.ok) return `error in move for path: '${source.key}': ${got.error}`;
      const removed = remove(source.c, source.key);
      if (removed) return `error in move for path: '${source.key}': ${removed}`;
      const target = findObject(state, path);
      if (!target) return `move operation does not apply: doc is missing destination path: ${path}: ${MISSING}`;
      const added = add(target.c, target.key, got.node ?? null);
      return added && `error in move for path: '${path}': ${added}`;
    }
    case 'copy': {
      const source = findObject(state, from);
      if (!source) return `copy operation does not apply: doc is missing from path: "${from}": ${MISSING}`;
      const got = get(state, source.c, source.key);
      if (!got.ok) return `error in copy for from: '${from}': ${got.error}`;
      const target = findObject(state, path);
      if (!target) return `copy operation does not apply: doc is missing destination path: ${path}: ${MISSING}`;
      const added = add(target.c, target.key, clone(got.node));
      return added && `error while adding value during copy: ${added}`;
    }
    case 'test':
      return test(state, path, op.value);
    default:
      return `Unexpected kind: ${op.op}`;
  }
}

/** add "" swaps in a new document (and `self`); replace "" does too but leaves evanphx with no `self`. */
function replaceRoot(state: State, value: unknown, isAdd: boolean): Step {
  if (!isContainer(value) && !(value === null && !isAdd)) {
    if (!isAdd) return 'replace operation value must be object or array: %!w(<nil>)'; // sic: Go's text for a nil %w
    // Approximates Go's decoding error; only the kind of value varies.
    const kind = value === null ? 'null' : typeof value === 'boolean' ? 'bool' : typeof value;
    return `json: cannot unmarshal ${kind} into Go value of type map[string]*jsonpatch.lazyNode`;
  }
  state.doc = clone(value);
  state.self = isAdd ? clone(value) : undefined;
  return undefined;
}

function test(state: State, path: string, expected: unknown): Step {
  const failed = `testing value ${path} failed: test failed`;
  if (path === '') return jsonEqual(state.doc, expected) ? undefined : failed;
  const target = findObject(state, path);
  if (!target) return `test operation does not apply: is missing path: ${path}: ${MISSING}`;
  const got = get(state, target.c, target.key);
  // A missing object key counts as null; a bad array index is an error.
  if (!got.ok && !got.missing) return `error in test for path: '${path}': ${got.error}`;
  const actual = got.ok ? got.node : undefined;
  if (actual == null || expected == null) return actual == null && expected == null ? undefined : failed;
  return jsonEqual(actual, expected) ? undefined : failed;
}

/** findObject: the container holding the last token. Tokens before the first "/" are ignored, as in Go. */
function findObject(state: State, path: string): { c: Container; key: string } | undefined {
  const split = path.split('/');
  if (!isContainer(state.doc)) return undefined;
  if (split.length < 2) return path === '' ? { c: state.doc, key: '' } : undefined;
  let c: Container = state.doc;
  for (const part of split.slice(1, -1)) {
    const got = get(state, c, decode(part));
    if (!got.ok || !isContainer(got.node)) return undefined;
    c = got.node;
  }
  return { c, key: decode(split[split.length - 1]!) };
}

/**
 * Creates the missing parents of an add's path: an array when the next token is a number or "-"
 * (padded with nulls up to that index; -1 counts as 0), an object otherwise.
 */
function ensurePathExists(state: State, path: string): Step {
  const parts = path.split('/').slice(1);
  if (!isContainer(state.doc)) return undefined;
  let c: Container = state.doc;
  for (let pi = 0; pi < parts.length - 1; pi++) {
    const part = parts[pi]!;
    const got = get(state, c, decode(part));
    if (got.ok && got.node != null) {
      if (!isContainer(got.node)) return INVALID;
      c = got.node;
      continue;
    }
    const own = atoi(part);
    if (own.ok && Array.isArray(c) && own.n >= c.length + 1) {
      if (own.n > MAX_PADDING) return `refusing to pad an array to index ${own.text}`;
      while (c.length < own.n) c.push(null);
    }
    const next = parts[pi + 1]!;
    const nextIndex = atoi(next);
    let created: Container;
    if (nextIndex.ok || next === '-') {
      let pad = nextIndex.ok ? nextIndex.n : 0;
      if (pad < -1) return `Unable to ensure path for negative index other than -1: ${nextIndex.ok ? nextIndex.text : ''}: invalid index referenced`;
      if (pad > MAX_PADDING) return `refusing to pad an array to index ${nextIndex.ok ? nextIndex.text : ''}`;
      pad = Math.max(pad, 0);
      created = Array.from({ length: pad }, () => null);
    } else {
      created = {};
    }
    // evanphx inserts under the *undecoded* token and ignores failures here; findObject reports them later.
    add(c, part, created);
    c = created;
  }
  return undefined;
}

function get(state: State, c: Container, key: string): Got {
  // evanphx answers "" with the container's `self`, which only the root has.
  if (key === '') return { ok: true, node: c === state.doc ? state.self : undefined };
  if (!Array.isArray(c)) {
    if (Object.hasOwn(c, key)) return { ok: true, node: c[key] };
    return { ok: false, error: `unable to get nonexistent key: ${key}: ${MISSING}`, missing: true };
  }
  const index = arrayIndex(c.length, key);
  if (!index.ok) return { ok: false, error: index.error, missing: false };
  if (index.n >= c.length) return { ok: false, error: badIndex(index.text), missing: false };
  return { ok: true, node: c[index.n] };
}

/** Object: set or overwrite. Array: insert; "-" and -1 append, other negatives count from len+1. */
function add(c: Container, key: string, value: unknown): Step {
  if (!Array.isArray(c)) return setOwn(c, key, value);
  if (key === '-') {
    c.push(value);
    return undefined;
  }
  const index = atoi(key);
  if (!index.ok) return `value was not a proper array index: '${key}': ${index.error}`;
  const size = c.length + 1;
  if (index.n >= size || index.n < -size) return badIndex(index.text);
  c.splice(index.n < 0 ? index.n + size : index.n, 0, value);
  return undefined;
}

function remove(c: Container, key: string): Step {
  if (!Array.isArray(c)) {
    if (!Object.hasOwn(c, key)) return `unable to remove nonexistent key: ${key}: ${MISSING}`;
    delete c[key];
    return undefined;
  }
  const index = atoi(key);
  if (!index.ok) return index.error;
  if (index.n >= c.length || index.n < -c.length) return badIndex(index.text);
  c.splice(index.n < 0 ? index.n + c.length : index.n, 1);
  return undefined;
}

/** Only called after `get` succeeded, so the index is known to be in range. */
function replace(c: Container, key: string, value: unknown): Step {
  if (!Array.isArray(c)) return setOwn(c, key, value);
  const index = arrayIndex(c.length, key);
  if (!index.ok) return index.error;
  c[index.n] = value;
  return undefined;
}

function setOwn(c: Obj, key: string, value: unknown): Step {
  // defineProperty: assigning to `__proto__` would change the prototype instead of adding a key.
  Object.defineProperty(c, key, { value, writable: true, enumerable: true, configurable: true });
  return undefined;
}

/** An index for get/replace: negative ones count from the end (-1 is the last element). */
function arrayIndex(length: number, key: string): Atoi {
  const index = atoi(key);
  if (!index.ok || index.n >= 0) return index;
  if (index.n < -length) return { ok: false, error: badIndex(index.text) };
  return { ...index, n: index.n + length };
}

type Atoi = { ok: true; n: number; text: string } | { ok: false; error: string };

/** strconv.Atoi on a 64-bit platform: optional sign, decimal digits (leading zeros allowed), int64 range. */
function atoi(s: string): Atoi {
  const fail = (reason: string): Atoi => ({ ok: false, error: `strconv.Atoi: parsing ${goQuote(s)}: ${reason}` });
  const digits = s[0] === '+' || s[0] === '-' ? s.slice(1) : s;
  if (!/^[0-9]+$/.test(digits)) return fail('invalid syntax');
  const n = s[0] === '-' ? -BigInt(digits) : BigInt(digits);
  if (n > (1n << 63n) - 1n || n < -(1n << 63n)) return fail('value out of range');
  return { ok: true, n: Number(n), text: n.toString() };
}

