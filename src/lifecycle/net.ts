/**
 * Offline parsers for the values kuma-init accepts: IPv4/IPv6 addresses and CIDRs (as Go's net.ParseIP and
 * net.ParseCIDR read them: no zones, no IPv4 leading zeros), ports 1–65535 and 16-bit values or ranges.
 * Each returns a reason for the first problem, or the parsed value; none throws or looks at annotations.
 */
import type { Parsed } from '../kuma/values.ts';

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const no = <T>(error: string): Parsed<T> => ({ ok: false, error });

function isIPv4(text: string): boolean {
  const parts = text.split('.');
  // Go rejects leading zeros ("010.0.0.1"), which other tools read as octal.
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

function isIPv6(text: string): boolean {
  if (text.includes('%')) return false; // zones ("fe80::1%eth0") are not accepted by net.ParseIP
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (half: string): string[] | undefined => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return false;
  const all = [...head, ...tail];
  let width = 0;
  // An embedded IPv4 address may only end the text ("::ffff:192.0.2.1", not "1.2.3.4::").
  const lastEndsText = halves.length === 1 || tail.length > 0;
  for (const [i, group] of all.entries()) {
    if (i === all.length - 1 && lastEndsText && group.includes('.')) {
      if (!isIPv4(group)) return false;
      width += 2;
    } else if (/^[0-9a-fA-F]{1,4}$/.test(group)) {
      width += 1;
    } else {
      return false;
    }
  }
  // `::` stands for at least one group of zeros; without it, all eight groups are written.
  return halves.length === 2 ? width <= 7 : width === 8;
}

/** An IP address, v4 or v6, or a CIDR (`10.0.0.0/8`, `fe80::/10`; host bits may be set, as Go allows). */
export function parseAddress(text: string): Parsed<{ family: 4 | 6; cidr: boolean }> {
  const slash = text.indexOf('/');
  const ip = slash === -1 ? text : text.slice(0, slash);
  const family = isIPv4(ip) ? 4 : isIPv6(ip) ? 6 : undefined;
  if (family === undefined) return no(`"${text}" is not an IP address or CIDR (such as 10.0.0.1, 172.16.0.0/16, fe80::1 or fe80::/10)`);
  if (slash === -1) return ok({ family, cidr: false });
  const bits = text.slice(slash + 1);
  const max = family === 4 ? 32 : 128;
  if (!/^(0|[1-9]\d*)$/.test(bits) || Number(bits) > max) {
    return no(`"${text}" has prefix length "${bits}", and an IPv${family} prefix length is a number from 0 to ${max}`);
  }
  return ok({ family, cidr: true });
}

/** A port: a decimal number from 1 to 65535 (leading zeros are read as decimal, as Go does). */
export function parsePort(text: string): Parsed<number> {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 65535) return no(`"${text}" is not a port (a number from 1 to 65535)`);
  return ok(Number(text));
}

export interface Range {
  readonly from: number;
  readonly to: number;
}

/**
 * A single value or an inclusive range `a-b` with a <= b, each part in [min, 65535]: kuma-init reads both ports
 * and UIDs as 16-bit numbers, so a UID above 65535 is refused at Pod start.
 */
export function parseRange(text: string, what: 'port' | 'UID'): Parsed<Range> {
  const min = what === 'port' ? 1 : 0;
  const parts = text.split('-');
  const describe = what === 'port' ? 'a port (a number from 1 to 65535)' : 'a UID (a number from 0 to 65535, as kuma-init reads UIDs)';
  if (parts.length > 2) return no(`"${text}" is not ${describe} or a range of two`);
  const values: number[] = [];
  for (const part of parts) {
    if (!/^\d+$/.test(part) || Number(part) < min || Number(part) > 65535) {
      return no(parts.length === 1 ? `"${text}" is not ${describe}` : `"${text}" is not a range of ${what}s: "${part}" is not ${describe}`);
    }
    values.push(Number(part));
  }
  const [from, to = from] = values as [number, number?];
  if (from > to) return no(`the range "${text}" ends before it starts: write "${to}-${from}"`);
  return ok({ from, to });
}
