/**
 * Every KumaInject a document shows in a ```yaml block loads as it is written, with no error: what a user pastes
 * works (a placeholder for the CA, say, would be an INVALID_CONFIG). A warning such as NO_CA_CERT is allowed, since
 * the examples cannot carry the user's own CA.
 */
import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isObject, type KubeObject } from './krm/object.ts';
import { parseYamlText } from './krm/resource-list.ts';
import { loadSettings } from './settings.ts';

const configs = suite('configs in the docs');
const DOCUMENTS = ['README.md', 'function/README.md', 'testdata/kuma-inject-simple/README.md', 'testdata/kuma-inject-advanced/README.md'];

/** The KumaInject objects of a document's ```yaml blocks, with the line each block starts on. */
function kumaInjects(file: string): Array<{ line: number; object: KubeObject }> {
  const text = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
  const found: Array<{ line: number; object: KubeObject }> = [];
  for (const match of text.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)) {
    const line = text.slice(0, match.index).split('\n').length;
    for (const part of match[1]!.split(/^---$/m)) {
      if (!/^kind: KumaInject$/m.test(part)) continue;
      const parsed = parseYamlText(part);
      assert.ok(parsed.ok, `${file}:${line}: ${parsed.ok ? '' : parsed.error}`);
      if (parsed.ok && isObject(parsed.value)) found.push({ line, object: parsed.value as KubeObject });
    }
  }
  return found;
}

configs('the documents show KumaInject configs to check', () => {
  assert.ok(DOCUMENTS.flatMap(kumaInjects).length >= 4);
});

for (const file of DOCUMENTS) {
  for (const { line, object } of kumaInjects(file)) {
    configs(`${file}:${line}: the KumaInject loads without an error`, () => {
      const loaded = loadSettings(object);
      const errors = loaded.results.filter((r) => r.severity === 'error').map((r) => `${r.field?.path}: ${r.message}`);
      assert.equal(errors, [], `${file}:${line}`);
      assert.ok(loaded.ok);
    });
  }
}

configs.run();
