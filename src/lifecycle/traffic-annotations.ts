/**
 * Offline validation of the traffic-exclusion annotations that Kuma copies into kuma-init's flags (or the CNI
 * config) without checking them: a bad value only shows when the Pod fails to start. The rules are kumactl's
 * (v2.14.3 transparent-proxy config), stricter only where kumactl would accept a value iptables then rejects.
 */
import { ANNOTATION } from '../kuma/metadata.ts';
import type { Parsed } from '../kuma/values.ts';
import { annotationField } from '../kuma/failure.ts';
import type { LifecycleNote } from './note.ts';
import { type Range, parseAddress, parsePort, parseRange } from './net.ts';

export interface AnnotationProblem {
  readonly key: string;
  readonly message: string;
}

export interface UidExclusion {
  readonly protocols: ReadonlyArray<'tcp' | 'udp'>;
  /** Undefined: every port. */
  readonly ports?: readonly Range[];
  readonly uids: Range;
}

/** Comma-separated items, each trimmed, empty ones dropped (kumactl's Ports and IP list readers). */
const items = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

function validatePorts(value: string): string | undefined {
  for (const item of items(value)) {
    if (/^\d+-\d+$/.test(item)) return `"${item}" is a range, and this annotation takes single ports only: list them`;
    const port = parsePort(item);
    if (!port.ok) return port.error;
  }
  return undefined;
}

function validateAddresses(value: string): string | undefined {
  for (const item of items(value)) {
    const address = parseAddress(item);
    if (!address.ok) return address.error;
  }
  return undefined;
}

/** One `[<protocols>:][<ports>:]<uids>` entry; `*` or empty protocols and ports mean all. */
function parseUidEntry(entry: string): Parsed<UidExclusion> {
  const fail = (error: string): Parsed<UidExclusion> => ({ ok: false, error });
  if (entry === '') return fail('an entry is empty: remove the extra ";"');
  const parts = entry.split(':');
  if (parts.length > 3) return fail(`"${entry}" has ${parts.length} parts, and an entry is [<protocols>:][<ports>:]<uids>, such as "tcp:443:1234"`);
  const [protocolText, portText, uidText] = parts.length === 3 ? parts : parts.length === 2 ? ['*', ...parts] : ['*', '*', ...parts];
  const protocols: Array<'tcp' | 'udp'> = [];
  if (protocolText === '' || protocolText === '*') protocols.push('tcp', 'udp');
  else {
    for (const raw of protocolText!.split(',').filter((s) => s.trim() !== '')) {
      const protocol = raw.trim().toLowerCase();
      if (protocol !== 'tcp' && protocol !== 'udp') return fail(`"${raw}" in "${entry}" is not a protocol: use tcp, udp or *`);
      protocols.push(protocol);
    }
  }
  let ports: Range[] | undefined;
  if (portText !== '' && portText !== '*') {
    ports = [];
    // kumactl does not trim here: " 443" is refused at Pod start, so it is refused here too.
    for (const item of portText!.split(',').filter((s) => s.trim() !== '')) {
      const range = parseRange(item, 'port');
      if (!range.ok) return fail(`${range.error} (in "${entry}")`);
      ports.push(range.value);
    }
  }
  if (uidText === '*') return fail(`"${entry}" excludes every UID ("*"), which kuma-init refuses: name the UID or a range such as "1000-1999"`);
  if (uidText === '') return fail(`"${entry}" names no UID: an entry ends with the UID or UID range`);
  if (uidText!.includes(',')) return fail(`"${uidText}" in "${entry}" lists UIDs, and an entry takes one UID or one range: write one entry per UID, separated by ";"`);
  const uids = parseRange(uidText!, 'UID');
  if (!uids.ok) return fail(`${uids.error} (in "${entry}")`);
  return { ok: true, value: ports ? { protocols, ports, uids: uids.value } : { protocols, uids: uids.value } };
}

/** `traffic.kuma.io/exclude-outbound-ports-for-uids`: entries separated by `;`. */
export function parseExcludePortsForUids(value: string): Parsed<UidExclusion[]> {
  if (value.trim() === '') return { ok: false, error: 'it is empty: remove the annotation or give at least one entry such as "tcp:443:1234"' };
  const out: UidExclusion[] = [];
  for (const entry of value.split(';')) {
    const parsed = parseUidEntry(entry);
    if (!parsed.ok) return parsed;
    out.push(parsed.value);
  }
  return { ok: true, value: out };
}

/** Whether some entry excludes this UID's outbound traffic (on any port and protocol). */
export const excludesUid = (exclusions: readonly UidExclusion[], uid: number): boolean =>
  exclusions.some((e) => e.uids.from <= uid && uid <= e.uids.to);

const VALIDATORS: ReadonlyArray<[string, (value: string) => string | undefined]> = [
  [ANNOTATION.excludeInboundPorts, validatePorts],
  [ANNOTATION.excludeOutboundPorts, validatePorts],
  [
    ANNOTATION.excludeOutboundPortsForUids,
    (value) => {
      const parsed = parseExcludePortsForUids(value);
      return parsed.ok ? undefined : parsed.error;
    },
  ],
  [ANNOTATION.excludeInboundIps, validateAddresses],
  [ANNOTATION.excludeOutboundIps, validateAddresses],
];

/** One problem per invalid annotation among the five, in a fixed order. */
export function validateTrafficAnnotations(annotations: Readonly<Record<string, string>>): AnnotationProblem[] {
  const problems: AnnotationProblem[] = [];
  for (const [key, validate] of VALIDATORS) {
    const value = annotations[key];
    if (value === undefined) continue;
    const reason = validate(value);
    if (reason !== undefined) problems.push({ key, message: `\`${key}\` is "${value}": ${reason}` });
  }
  return problems;
}

/** The per-protocol spellings Kuma 2.9 removed; older docs (seed 000) still show them. */
const REMOVED_FOR_UIDS: ReadonlyArray<[string, 'tcp' | 'udp']> = [
  ['traffic.kuma.io/exclude-outbound-tcp-ports-for-uids', 'tcp'],
  ['traffic.kuma.io/exclude-outbound-udp-ports-for-uids', 'udp'],
];

/** A warning for each removed per-protocol annotation, which Kuma 2.14 ignores, with the current spelling. */
export function removedExclusionAnnotations(annotations: Readonly<Record<string, string>>): LifecycleNote[] {
  const found = REMOVED_FOR_UIDS.filter(([key]) => annotations[key] !== undefined);
  if (found.length === 0) return [];
  const entries = found.flatMap(([key, protocol]) =>
    annotations[key]!.split(';')
      .filter((e) => e !== '')
      .map((e) => `${protocol}:${e}`),
  );
  const current = annotations[ANNOTATION.excludeOutboundPortsForUids];
  const value = [...(current ? [current] : []), ...entries].join(';');
  return found.map(([key]) => ({
    severity: 'warning',
    code: 'DEPRECATED_ANNOTATION',
    field: annotationField(key),
    message: `\`${key}\` was removed in Kuma 2.9 and is ignored, so it excludes nothing: use \`${ANNOTATION.excludeOutboundPortsForUids}: "${value}"\``,
  }));
}
