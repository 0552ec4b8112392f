import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dedent } from '../testing/yaml.ts';
import { readFast, writeFast } from './fast-list.ts';
import type { KubeObject } from './object.ts';

const edits = suite('fast-reconcile: edits keep what did not change');

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';

/** Reads one item, applies `edit` to a copy of it, and writes the list with the fast path. */
function edited(item: string, edit: (object: any) => void): string {
  const list = readFast(HEAD + item);
  const object = structuredClone(list.items[0]!.object) as KubeObject;
  edit(object);
  const out = writeFast(list, [{ kind: 'changed', item: list.items[0]!, object }], [], () => {
    throw new Error('no flow edits here');
  });
  return out.slice(HEAD.length);
}

const cases: Array<{ name: string; item: string; edit: (o: any) => void; expected: string }> = [
  {
    name: 'a changed value keeps the comments around it; a new key goes last, before the closing comment, its value YAML-1.1-quoted',
    item: dedent`
      - apiVersion: v1 # api
        kind: ConfigMap
        metadata:
          name: a
        data:
          # about x
          x: "1" # one
          # closing
    `,
    edit: (o) => {
      o.data.x = '2';
      o.data.y = 'yes';
    },
    expected: dedent`
      - apiVersion: v1 # api
        kind: ConfigMap
        metadata:
          name: a
        data:
          # about x
          x: "2" # one
          y: "yes"
          # closing
    `,
  },
  {
    name: 'a deleted key takes its comments with it',
    item: dedent`
      - apiVersion: v1
        kind: ConfigMap
        metadata:
          name: a
        data:
          a: "1"
          # about b
          b: "2"
    `,
    edit: (o) => {
      delete o.data.b;
    },
    expected: dedent`
      - apiVersion: v1
        kind: ConfigMap
        metadata:
          name: a
        data:
          a: "1"
    `,
  },
  {
    name: 'list items are matched by name: a new one first, the old one keeps its comment',
    item: dedent`
      - apiVersion: v1
        kind: Pod
        metadata:
          name: a
        spec:
          containers:
          # the app
          - name: app # main
            image: app:1
    `,
    edit: (o) => {
      o.spec.containers[0].image = 'app:2';
      o.spec.containers.unshift({ name: 'sidecar', args: ['--on', 'on'] });
    },
    expected: dedent`
      - apiVersion: v1
        kind: Pod
        metadata:
          name: a
        spec:
          containers:
          - name: sidecar
            args:
            - --on
            - "on"
          # the app
          - name: app # main
            image: app:2
    `,
  },
  {
    name: 'a replaced quoted string keeps its quotes; a replaced node keeps its comment',
    item: dedent`
      - apiVersion: v1
        kind: ConfigMap
        metadata:
          name: a
        data:
          q: 'x'
          n: 1 # count
    `,
    edit: (o) => {
      o.data.q = 'y';
      o.data.n = { a: 1 };
    },
    expected: dedent`
      - apiVersion: v1
        kind: ConfigMap
        metadata:
          name: a
        data:
          q: 'y'
          n:
            a: 1
            # count
    `,
  },
  {
    name: 'a key added by an edit is not quoted for YAML 1.1, its value is',
    item: dedent`
      - apiVersion: v1
        kind: ConfigMap
        metadata:
          name: a
    `,
    edit: (o) => {
      o.data = { on: 'on', list: { yes: 'no' } };
    },
    expected: dedent`
      - apiVersion: v1
        kind: ConfigMap
        metadata:
          name: a
        data:
          "on": "on"
          list:
            "yes": "no"
    `,
  },
];

for (const c of cases) {
  edits(c.name, () => {
    assert.fixture(edited(c.item, c.edit), c.expected);
  });
}

edits.run();
