/**
 * ContainerPatch resources (spec §9): reading them from the input, resolving the names a pod template asks for,
 * and applying their JSON patches to kuma-sidecar and the init container. Only patches in the control plane's
 * system namespace count, as Kuma's validating webhook admits no others.
 */
import type { JsonObject, KubeObject } from '../krm/object.ts';
import { isKind, isObject, metadataOf } from '../krm/object.ts';
import { checkContainer } from './container-schema.ts';
import { fail } from './failure.ts';
import { type JsonPatchOp, applyJsonPatch } from './json-patch.ts';
import { goQuoteList } from './values.ts';

export interface ContainerPatchSet {
  readonly names: readonly string[];
  readonly sidecar: readonly JsonPatchOp[];
  readonly init: readonly JsonPatchOp[];
  /** The patches themselves, in order, to say which one did what. */
  readonly patches?: readonly ParsedContainerPatch[];
}

export interface ParsedContainerPatch {
  readonly name: string;
  readonly namespace: string;
  readonly sidecar: readonly JsonPatchOp[];
  readonly init: readonly JsonPatchOp[];
}

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy']);

export const isContainerPatch = (object: KubeObject): boolean =>
  isKind(object, 'kuma.io', 'ContainerPatch') && object.apiVersion === 'kuma.io/v1alpha1';

/** Reads one ContainerPatch; `value` fields are JSON text, as in the CRD. */
export function parseContainerPatch(object: KubeObject): { ok: true; patch: ParsedContainerPatch } | { ok: false; field: string; message: string } {
  const metadata = metadataOf(object);
  const spec = isObject(object.spec) ? object.spec : {};
  const blocks: Record<'sidecarPatch' | 'initPatch', JsonPatchOp[]> = { sidecarPatch: [], initPatch: [] };
  for (const key of ['sidecarPatch', 'initPatch'] as const) {
    const raw = spec[key];
    if (raw === undefined || raw === null) continue;
    if (!Array.isArray(raw)) return { ok: false, field: `spec.${key}`, message: 'must be a list of JSON patch operations' };
    for (const [index, entry] of raw.entries()) {
      const field = `spec.${key}[${index}]`;
      if (!isObject(entry)) return { ok: false, field, message: 'must be an object with `op` and `path`' };
      if (typeof entry.op !== 'string' || !OPS.has(entry.op)) {
        return { ok: false, field: `${field}.op`, message: `must be one of add, remove, replace, move, copy, not ${JSON.stringify(entry.op ?? null)}` };
      }
      if (typeof entry.path !== 'string' || (entry.path !== '' && !entry.path.startsWith('/'))) {
        return { ok: false, field: `${field}.path`, message: 'must be a JSON pointer such as "/securityContext/privileged"' };
      }
      const op: JsonPatchOp = { op: entry.op, path: entry.path };
      if (entry.op === 'move' || entry.op === 'copy') {
        if (typeof entry.from !== 'string') return { ok: false, field: `${field}.from`, message: `is required for "${entry.op}"` };
        op.from = entry.from;
      }
      if (entry.op === 'add' || entry.op === 'replace') {
        if (typeof entry.value !== 'string') {
          return { ok: false, field: `${field}.value`, message: 'must be a string holding JSON, such as "false" or \'{"name":"X"}\'' };
        }
        try {
          op.value = JSON.parse(entry.value) as unknown;
        } catch {
          return { ok: false, field: `${field}.value`, message: `is not valid JSON: ${JSON.stringify(entry.value)}` };
        }
      }
      blocks[key].push(op);
    }
  }
  return {
    ok: true,
    patch: {
      name: String(metadata.name ?? ''),
      namespace: String(metadata.namespace ?? ''),
      sidecar: blocks.sidecarPatch,
      init: blocks.initPatch,
    },
  };
}


/** The patches a template asks for: config defaults first, then its annotation; a missing one fails injection. */
export function resolveContainerPatches(
  names: readonly string[],
  available: ReadonlyMap<string, ParsedContainerPatch>,
  systemNamespace: string,
  elsewhere: ReadonlyMap<string, readonly string[]>,
  field: string,
): ContainerPatchSet {
  const missing = names.filter((n) => !available.has(n));
  if (missing.length > 0) {
    const hints = missing
      .filter((n) => elsewhere.has(n))
      .map((n) => `"${n}" exists in ${elsewhere.get(n)!.map((ns) => `"${ns}"`).join(', ')}, but only ContainerPatches in "${systemNamespace}" count`);
    fail(
      `it appears some expected container patches are missing: ${goQuoteList(missing)}${hints.length ? ` (${hints.join('; ')})` : ''}`,
      field,
      'CONTAINER_PATCH_MISSING',
    );
  }
  const found = names.map((n) => available.get(n)!);
  return { names, sidecar: found.flatMap((p) => p.sidecar), init: found.flatMap((p) => p.init), patches: found };
}

/** Applies one concatenated patch; the result must still be a Container (Kuma decodes it back into one). */
export function applyContainerPatches(
  container: JsonObject,
  ops: readonly JsonPatchOp[],
  names: readonly string[],
  warn: (message: string) => void,
): JsonObject {
  if (ops.length === 0) return container;
  const prefix = `could not apply patches ${goQuoteList(names)}`;
  const patched = applyJsonPatch(container, ops);
  if (!patched.ok) return fail(`${prefix}: ${patched.cause}`, undefined, 'CONTAINER_PATCH_FAILED');
  const checked = checkContainer(patched.value);
  if (!checked.ok) {
    return fail(`${prefix}: the patched container is not a valid Container at ${checked.path}: ${checked.message}`, undefined, 'CONTAINER_PATCH_FAILED');
  }
  if (checked.dropped.length > 0) {
    warn(
      `ContainerPatches ${goQuoteList(names)} set ${checked.dropped.map((p) => `\`${p}\``).join(', ')} on \`${String(container.name)}\`, which a Container does not have: Kuma drops ${checked.dropped.length > 1 ? 'them' : 'it'}, and so does this function`,
    );
  }
  return checked.container as JsonObject;
}

const securityOf = (container: JsonObject): JsonObject => (isObject(container.securityContext) ? container.securityContext : {});
const capabilitiesOf = (security: JsonObject, key: 'add' | 'drop'): string[] => {
  const caps = isObject(security.capabilities) ? security.capabilities[key] : undefined;
  return Array.isArray(caps) ? caps.filter((c): c is string => typeof c === 'string') : [];
};

/** How a patch weakened a container's security context: more privilege than Kuma gives it. Empty when it did not. */
export function privilegeRaises(before: JsonObject, after: JsonObject): string[] {
  const was = securityOf(before);
  const now = securityOf(after);
  const raises: string[] = [];
  if (now.privileged === true && was.privileged !== true) raises.push('`privileged: true`');
  if (now.allowPrivilegeEscalation !== false && was.allowPrivilegeEscalation === false) raises.push('allows privilege escalation');
  if (now.runAsUser === 0 && was.runAsUser !== 0) raises.push('`runAsUser: 0` (root)');
  if (now.runAsUser === undefined && typeof was.runAsUser === 'number' && was.runAsUser !== 0) raises.push('removes `runAsUser`, so the image may run it as root');
  if (now.runAsNonRoot !== true && was.runAsNonRoot === true) raises.push('drops `runAsNonRoot`');
  const added = capabilitiesOf(now, 'add').filter((c) => !capabilitiesOf(was, 'add').includes(c));
  if (added.length > 0) raises.push(`adds capabilities ${added.join(', ')}`);
  const undropped = capabilitiesOf(was, 'drop').filter((c) => !capabilitiesOf(now, 'drop').includes(c));
  if (undropped.length > 0) raises.push(`no longer drops ${undropped.join(', ')}`);
  return raises;
}

/** The patches whose operations can reach the security context (or replace the whole container). */
export function patchesTouchingSecurity(patches: readonly ParsedContainerPatch[], target: 'sidecar' | 'init'): string[] {
  const touches = (op: JsonPatchOp): boolean =>
    [op.path, ...(op.from === undefined ? [] : [op.from])].some((p) => p === '' || p === '/' || p.startsWith('/securityContext'));
  return patches.filter((p) => p[target].some(touches)).map((p) => p.name);
}
