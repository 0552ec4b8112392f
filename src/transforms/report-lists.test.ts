import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { run } from '../run.ts';
import { dedent } from '../testing/yaml.ts';
import { TEST_CA } from '../testing/test-ca.ts';

const lists = suite('report-lists');

const resourceList = (items: string): string =>
  `${dedent`
    apiVersion: config.kubernetes.io/v1
    kind: ResourceList
    functionConfig: {apiVersion: kuma-inject.dev/v1alpha1, kind: KumaInject, metadata: {name: c}, spec: {caCert: ${JSON.stringify(TEST_CA)}}}
  `}items:\n${items}\n`;

const POD = (name: string) => `{apiVersion: v1, kind: Pod, metadata: {name: ${name}, namespace: apps, labels: {kuma.io/sidecar-injection: enabled}}, spec: {containers: [{name: app, image: nginx}]}}`;

const CASES: ReadonlyArray<{ name: string; item: string; warning?: RegExp }> = [
  {
    name: 'a v1 List of one Pod',
    item: `- {apiVersion: v1, kind: List, metadata: {name: bundle}, items: [${POD('p')}]}`,
    warning: /^warning: List bundle: items: this List holds 1 object \(Pod apps\/p\), which is not injected: .*Expand the List into separate items \(kpt and kustomize always do\)/,
  },
  {
    name: 'a typed PodList of five',
    item: `- {apiVersion: v1, kind: PodList, metadata: {name: pods}, items: [${['a', 'b', 'c', 'd', 'e'].map(POD).join(', ')}]}`,
    warning: /^warning: PodList pods: items: this PodList holds 5 objects \(Pod apps\/a, Pod apps\/b, Pod apps\/c, and 2 more\), which are not injected: /,
  },
  { name: 'an empty List', item: '- {apiVersion: v1, kind: List, metadata: {name: none}, items: []}' },
  { name: 'a kind that only ends in "List" without items', item: '- {apiVersion: example.com/v1, kind: AllowList, metadata: {name: a}, spec: {}}' },
];

for (const c of CASES) {
  lists(c.name, () => {
    const output = run(resourceList(c.item));
    const found = output.stderr.filter((line) => /not injected: kuma-inject only looks/.test(line));
    if (!c.warning) {
      assert.equal(found, []);
      return;
    }
    assert.is(found.length, 1, output.stderr.join('\n'));
    assert.match(found[0]!, c.warning);
    assert.is(output.exitCode, 0, 'a warning, not an error');
    assert.not.match(output.stdout, /kuma-sidecar/, 'nothing inside the List was injected');
    assert.ok(output.results.some((r) => r.severity === 'warning' && r.field?.path === 'items'), 'the result names the field');
  });
}

lists('a Pod beside the List is still injected', () => {
  const output = run(resourceList(`- {apiVersion: v1, kind: List, metadata: {name: bundle}, items: [${POD('inside')}]}\n- ${POD('outside')}`));
  assert.match(output.stdout, /kuma-sidecar/);
  assert.is(output.stderr.filter((line) => line.includes('not injected: kuma-inject only looks')).length, 1);
});

lists.run();
