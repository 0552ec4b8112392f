/**
 * The bad-input corpus (testdata/bad-input/): every case exits with the expected code, prints a stderr line naming
 * the resource and the field, never a stack trace, and writes either nothing or a complete ResourceList with the
 * expected error result. Runs the built bundle, as orchestrators do.
 */
import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isObject } from './krm/object.ts';
import { parseYamlText } from './krm/resource-list.ts';
import { execBundle } from './testing/bundle-process.ts';

const corpus = suite('bad-input corpus');
const dir = new URL('../testdata/bad-input/', import.meta.url);

interface Case {
  code: string;
  stderr: string;
  stdout: 'empty' | 'resource-list';
  exit: number;
  generated?: string;
}

const parsedCases = parseYamlText(readFileSync(new URL('cases.yaml', dir), 'utf8'));
if (!parsedCases.ok) throw new Error(`cases.yaml: ${parsedCases.error}`);
const cases = parsedCases.value as Record<string, Case>;

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';

function inputOf(name: string): Buffer {
  if (name === '47-deep-nesting') {
    const depth = 10_000;
    return Buffer.from(`${HEAD}- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: deep}\n  data:\n    x: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
  }
  if (name === '48-50MB-input') {
    const item = (i: number) => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c-${i}\n  data:\n    payload: "${'x'.repeat(400)}"\n`;
    const chunks: string[] = [HEAD];
    let size = HEAD.length;
    for (let i = 0; size < 50 * 1024 * 1024; i++) {
      const text = item(i);
      chunks.push(text);
      size += text.length;
    }
    chunks.push('- apiVersion: v1\n  kind: [broken\n');
    return Buffer.from(chunks.join(''));
  }
  return readFileSync(new URL(`${name}.yaml`, dir));
}

corpus('has at least 40 cases', () => assert.ok(Object.keys(cases).length >= 40, `${Object.keys(cases).length} cases`));

for (const [name, expected] of Object.entries(cases)) {
  corpus(name, async () => {
    const input = inputOf(name);
    const result = await execBundle(input);
    assert.is(result.code, expected.exit, `exit code; stderr:\n${result.stderr}`);
    assert.not.match(result.stderr, /\n\s+at \S+ \(|\.(c?js|ts):\d+:\d+/, 'no stack trace');
    const lines = result.stderr.split('\n').filter(Boolean);
    if (expected.exit === 0) {
      assert.equal(lines.filter((l) => l.startsWith('error')), [], 'no error lines');
    } else {
      const pattern = new RegExp(expected.stderr);
      assert.ok(lines.some((l) => pattern.test(l)), `no stderr line matches ${pattern}:\n${result.stderr}`);
      assert.ok(lines.every((l) => !l.includes('\n')), 'one line per problem');
    }
    if (expected.stdout === 'empty') {
      assert.is(result.stdout, '', 'nothing on stdout');
      return;
    }
    const parsed = parseYamlText(result.stdout);
    assert.ok(parsed.ok, 'stdout is a complete ResourceList');
    const value = (parsed as { value: { items?: unknown[]; results?: Array<{ severity: string; tags?: { code?: string } }> } }).value;
    const inputText = input.toString('utf8').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
    const inputParsed = parseYamlText(inputText);
    const inputItems = inputParsed.ok ? ((inputParsed.value as { items?: unknown[] }).items ?? []) : [];
    const identity = (o: unknown): string => JSON.stringify(isObject(o) ? [o.kind, isObject(o.metadata) ? [o.metadata.namespace, o.metadata.name] : null] : o);
    const outputIds = (value.items ?? []).map(identity);
    for (const item of inputItems) assert.ok(outputIds.includes(identity(item)), `input item ${identity(item)} is in the output`);
    assert.ok((value.items ?? []).length >= inputItems.length, 'no input item is lost');
    assert.ok(
      (value.results ?? []).some((r) => r.tags?.code === expected.code && (expected.exit === 0 || r.severity === 'error')),
      `no ${expected.code} result in ${JSON.stringify(value.results)}`,
    );
  });
}

corpus.run();
