/**
 * The BEHAVIOUR table as Markdown, for function/README.md ("What each release does differently"): one row per
 * switch, one column per release, and the first sentence of the switch's doc comment. Generated from the table and
 * the comments in its files, so the reference cannot drift from the code (src/docs.test.ts checks it).
 */
import { BEHAVIOUR, MINORS } from './releases.ts';

/** The files (in src/kuma/) whose doc comments describe the switches. */
export const BEHAVIOUR_FILES = ['behaviour.ts', 'converter-behaviour.ts'] as const;

/** Each switch's first sentence, read from the doc comment above it in the source text of BEHAVIOUR_FILES. */
export function switchSummaries(source: string): Map<string, string> {
  const out = new Map<string, string>();
  const entry = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*\n\s*([A-Za-z0-9]+):/g;
  for (let match = entry.exec(source); match; match = entry.exec(source)) {
    const text = match[1]!.split('\n').map((line) => line.replace(/^\s*\*\s?/, '').trim()).join(' ').trim();
    const sentence = /^(.*?\.)(\s|$)/.exec(text)?.[1] ?? text;
    out.set(match[2]!, sentence.replace(/\|/g, '\\|'));
  }
  return out;
}

function cell(value: unknown): string {
  if (value === true) return 'yes';
  if (value === false) return '–';
  if (Array.isArray(value)) return value.map((v) => `\`${String(v)}\``).join(', ');
  return `\`${String(value)}\``;
}

export function behaviourTable(source: string): string {
  const summaries = switchSummaries(source);
  const rows = Object.entries(BEHAVIOUR).map(([name, values]) => {
    const byRelease = values as Record<string, unknown>;
    return `| \`${name}\` | ${MINORS.map((m) => cell(byRelease[m])).join(' | ')} | ${summaries.get(name) ?? ''} |`;
  });
  return [`| switch | ${MINORS.join(' | ')} | what it does |`, `| --- | ${MINORS.map(() => '---').join(' | ')} | --- |`, ...rows].join('\n');
}
