/**
 * kuma-inject's own record of an injection: what it added and changed, so that a re-run can strip it. The
 * central property: stripping an injected template gives back the template as it was, unless the user edited
 * a value the injection wrote (then that value is the user's, kept and listed).
 */
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { settingsWith } from '../testing/fixtures.ts';
import type { JsonObject } from '../krm/object.ts';
import { loadSettings, type Settings } from '../settings.ts';
import { yaml } from '../testing/yaml.ts';
import { injectPodTemplate } from './inject-pod.ts';
import { RECORD_ANNOTATION } from './metadata.ts';
import { type InjectionRecord, hashValue, recordInjection, serializeRecord, storeRecord, stripInjection } from './record.ts';
import { parseRecord, readRecord } from './record-check.ts';
import { applyLifecycle } from '../lifecycle/apply.ts';

const NATIVE = settingsWith();
const LEGACY = settingsWith({ controlPlane: { experimental: { sidecarContainers: false } } });
const CNI_LEGACY = settingsWith({ controlPlane: { experimental: { sidecarContainers: false }, runtime: { kubernetes: { injector: { cniEnabled: true } } } } });

/** What inject-sidecars does: inject, record the difference, and store the record on the template. */
function injectAndRecord(before: JsonObject, settings: Settings = NATIVE): JsonObject {
  const after = injectPodTemplate(before, { settings, mesh: 'default', patches: { names: [], sidecar: [], init: [] }, warn: () => {} });
  const record = recordInjection(before, after);
  const metadata = after.metadata as JsonObject;
  return { ...after, metadata: { ...metadata, annotations: { ...(metadata.annotations as JsonObject), [RECORD_ANNOTATION]: serializeRecord(record) } } };
}

function strip(injected: JsonObject): { template: JsonObject; keptEdits: string[] } {
  const reading = readRecord(injected);
  if (!reading) throw new Error('no record on the injected template');
  if (!reading.ok) throw new Error(`the record does not fit: ${reading.problem}`);
  return stripInjection(injected, reading.record);
}

/** A YAML round trip, as between two runs of the function. */
const roundTrip = (value: JsonObject): JsonObject => JSON.parse(JSON.stringify(value)) as JsonObject;

const annotationsOf = (t: JsonObject): JsonObject => (t.metadata as JsonObject).annotations as JsonObject;
const specOf = (t: JsonObject): JsonObject => t.spec as JsonObject;

// ---------------------------------------------------------------------------------------------------------
const roundtrip = suite('record: strip(inject(x)) == x');

const templates: Array<{ name: string; input: JsonObject; settings?: Settings }> = [
  { name: 'a template without metadata', input: { spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
  {
    name: 'a bare template with no annotations, labels, volumes or init containers',
    input: yaml`
      metadata: {name: web}
      spec:
        containers: [{name: app, image: nginx}]
    `,
  },
  {
    name: 'the same in the legacy layout',
    input: yaml`
      metadata: {name: web}
      spec:
        containers: [{name: app, image: nginx}]
    `,
    settings: LEGACY,
  },
  {
    name: 'a template whose own annotations Kuma overwrites, with probes that get rewritten',
    input: yaml`
      metadata:
        labels: {app: web}
        annotations:
          team: a
          kuma.io/sidecar-uid: "1000"
          kuma.io/transparent-proxying: disabled
          kubectl.kubernetes.io/default-container: app
      spec:
        volumes: [{name: data, emptyDir: {}}]
        initContainers: [{name: migrate, image: busybox}]
        containers:
        - name: app
          image: nginx
          ports: [{name: http, containerPort: 8080}]
          readinessProbe: {httpGet: {path: /ready, port: http}, timeoutSeconds: 5}
          livenessProbe: {tcpSocket: {port: 8080}}
          startupProbe: {exec: {command: ["true"]}}
        - name: worker
          image: worker
    `,
  },
  {
    name: 'a template with a user native sidecar whose probes get rewritten (fixture 35)',
    input: yaml`
      metadata:
        labels: {run: busybox}
      spec:
        initContainers:
        - name: busybox
          image: busybox
          restartPolicy: Always
          readinessProbe: {httpGet: {path: /metrics, port: 3001}}
        containers:
        - {name: init, image: busybox}
    `,
  },
  {
    name: 'a CNI gateway in the legacy layout (no init container added)',
    input: yaml`
      metadata:
        annotations: {kuma.io/gateway: enabled}
        labels: {kuma.io/mesh: default}
      spec:
        containers: [{name: gw, image: kong}]
    `,
    settings: CNI_LEGACY,
  },
  {
    name: 'a template with empty maps and lists of its own, which are kept',
    input: yaml`
      metadata: {annotations: {}, labels: {}}
      spec:
        volumes: []
        initContainers: []
        containers: [{name: app, image: nginx}]
    `,
  },
];


for (const c of templates) {
  roundtrip(c.name, () => {
    const before = structuredClone(c.input);
    const injected = roundTrip(injectAndRecord(c.input, c.settings));
    assert.is.not(JSON.stringify(injected), JSON.stringify(before), 'injection changed something');
    const { template, keptEdits } = strip(injected);
    assert.equal(template, before);
    assert.equal(keptEdits, []);
  });
}

// ---------------------------------------------------------------------------------------------------------
const content = suite('recordInjection');

content('lists what injection added and changed (native layout)', () => {
  const before: JsonObject = yaml`
    metadata:
      labels: {app: web}
      annotations: {kuma.io/sidecar-uid: "1000"}
    spec:
      containers:
      - name: app
        readinessProbe: {httpGet: {path: /ready, port: 8080}}
  `;
  const after = injectPodTemplate(before, { settings: NATIVE, mesh: 'default', patches: { names: [], sidecar: [], init: [] }, warn: () => {} });
  const record = recordInjection(before, after);
  assert.is(record.v, 1);
  assert.equal(record.containers, []);
  assert.equal(record.initContainers, ['kuma-init', 'kuma-sidecar']);
  assert.equal(record.volumes, ['kuma-init-tmp', 'kuma-sidecar-tmp']);
  assert.equal(record.labels, { 'kuma.io/mesh': [null, hashValue('default')] });
  assert.equal(record.annotations['kuma.io/sidecar-uid'], ['1000', hashValue('5678')]);
  assert.equal(record.annotations['kuma.io/sidecar-injected'], [null, hashValue('true')]);
  assert.equal(record.probes, {
    'app/readinessProbe': [{ httpGet: { path: '/ready', port: 8080 } }, hashValue({ httpGet: { path: '/8080/ready', port: 9001 } })],
  });
  assert.equal(record.created, ['spec.initContainers', 'spec.volumes']);
});

content('in the legacy layout, kuma-sidecar is an added container', () => {
  const before: JsonObject = { metadata: {}, spec: { containers: [{ name: 'app' }] } };
  const after = injectPodTemplate(before, { settings: LEGACY, mesh: 'default', patches: { names: [], sidecar: [], init: [] }, warn: () => {} });
  const record = recordInjection(before, after);
  assert.equal(record.containers, ['kuma-sidecar']);
  assert.equal(record.initContainers, ['kuma-init']);
  assert.equal(record.created, ['metadata.annotations', 'metadata.labels', 'spec.initContainers', 'spec.volumes']);
});

content('does not list an annotation whose value did not change', () => {
  const before: JsonObject = { metadata: { annotations: { 'kuma.io/sidecar-uid': '5678' } }, spec: { containers: [{ name: 'app' }] } };
  const after = injectPodTemplate(before, { settings: NATIVE, mesh: 'default', patches: { names: [], sidecar: [], init: [] }, warn: () => {} });
  assert.is(recordInjection(before, after).annotations['kuma.io/sidecar-uid'], undefined);
});

// ---------------------------------------------------------------------------------------------------------
const edits = suite('stripInjection: user edits');

const BEFORE = (): JsonObject => yaml`
  metadata:
    labels: {app: web}
  spec:
    containers:
    - name: app
      readinessProbe: {httpGet: {path: /ready, port: 8080}}
`;

edits('an edited injected annotation is kept and listed', () => {
  const injected = roundTrip(injectAndRecord(BEFORE()));
  annotationsOf(injected)['kuma.io/virtual-probes-port'] = '9999';
  const { template, keptEdits } = strip(injected);
  assert.equal(keptEdits, ['metadata.annotations[kuma.io/virtual-probes-port]']);
  assert.equal(annotationsOf(template), { 'kuma.io/virtual-probes-port': '9999' });
  assert.equal(specOf(template), specOf(BEFORE()));
});

edits('an edited annotation that replaced a user value keeps the edit, not the old value', () => {
  const before = BEFORE();
  (before.metadata as JsonObject).annotations = { 'kuma.io/sidecar-uid': '1000' };
  const injected = roundTrip(injectAndRecord(before));
  annotationsOf(injected)['kuma.io/sidecar-uid'] = '2000';
  const { template, keptEdits } = strip(injected);
  assert.equal(keptEdits, ['metadata.annotations[kuma.io/sidecar-uid]']);
  assert.is(annotationsOf(template)['kuma.io/sidecar-uid'], '2000');
});

edits('an edited mesh label is kept', () => {
  const injected = roundTrip(injectAndRecord(BEFORE()));
  ((injected.metadata as JsonObject).labels as JsonObject)['kuma.io/mesh'] = 'demo';
  const { template, keptEdits } = strip(injected);
  assert.equal(keptEdits, ['metadata.labels[kuma.io/mesh]']);
  assert.equal((template.metadata as JsonObject).labels, { app: 'web', 'kuma.io/mesh': 'demo' });
});

edits('an edited rewritten probe is kept and listed with its field path', () => {
  const injected = roundTrip(injectAndRecord(BEFORE()));
  const app = (specOf(injected).containers as JsonObject[])[0]!;
  app.readinessProbe = { httpGet: { path: '/8080/ready', port: 9001 }, periodSeconds: 30 };
  const { template, keptEdits } = strip(injected);
  assert.equal(keptEdits, ['spec.containers[0].readinessProbe']);
  assert.equal((specOf(template).containers as JsonObject[])[0]!.readinessProbe, { httpGet: { path: '/8080/ready', port: 9001 }, periodSeconds: 30 });
});

edits('an unrelated annotation added after injection stays, and keeps the created map', () => {
  const injected = roundTrip(injectAndRecord({ spec: { containers: [{ name: 'app' }] }, metadata: {} }));
  annotationsOf(injected)['example.com/owner'] = 'me';
  const { template, keptEdits } = strip(injected);
  assert.equal(keptEdits, []);
  assert.equal(template, { metadata: { annotations: { 'example.com/owner': 'me' } }, spec: { containers: [{ name: 'app' }] } });
});

edits('a container the user added after injection stays', () => {
  const injected = roundTrip(injectAndRecord(BEFORE(), LEGACY));
  (specOf(injected).containers as JsonObject[]).push({ name: 'debug', image: 'busybox' });
  const { template } = strip(injected);
  assert.equal(specOf(template).containers, [...(specOf(BEFORE()).containers as JsonObject[]), { name: 'debug', image: 'busybox' }]);
});

edits('removes the record annotation itself', () => {
  const injected = roundTrip(injectAndRecord(BEFORE()));
  assert.type(annotationsOf(injected)[RECORD_ANNOTATION], 'string');
  const { template } = strip(injected);
  assert.is((template.metadata as JsonObject).annotations, undefined);
});

edits('created lists that still hold something are kept', () => {
  const injected = roundTrip(injectAndRecord(BEFORE()));
  (specOf(injected).volumes as JsonObject[]).push({ name: 'mine', emptyDir: {} });
  const { template } = strip(injected);
  assert.equal(specOf(template).volumes, [{ name: 'mine', emptyDir: {} }]);
  assert.is(specOf(template).initContainers, undefined);
});

// ---------------------------------------------------------------------------------------------------------
const io = suite('record: serialization and hashing');

/** FNV-1a 32-bit, written from its definition, over UTF-16 code units as the module hashes them. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

io('the reference FNV-1a matches its published test vector', () => {
  assert.is(fnv1a(''), '811c9dc5');
  assert.is(fnv1a('a'), 'e40c292c');
  assert.is(fnv1a('foobar'), 'bf9cf968');
});

io('hashValue is FNV-1a of sorted-key JSON', () => {
  assert.is(hashValue({ b: 1, a: [true, 'x'] }), fnv1a('{"a":[true,"x"],"b":1}'));
  assert.is(hashValue('5678'), fnv1a('"5678"'));
  assert.is(hashValue(undefined), fnv1a('null'));
});

io('hashValue ignores key order at every depth, and sees value changes', () => {
  assert.is(hashValue({ a: { x: 1, y: 2 }, b: 3 }), hashValue({ b: 3, a: { y: 2, x: 1 } }));
  assert.is.not(hashValue({ a: 1 }), hashValue({ a: 2 }));
  assert.is.not(hashValue(['a', 'b']), hashValue(['b', 'a']));
  assert.match(hashValue({ any: 'thing' }), /^[0-9a-f]{8}$/);
});

/** Sorted-key JSON written the plain way: what hashValue and serializeRecord must agree with. */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    return `{${Object.keys(object).sort().map((k) => `${JSON.stringify(k)}:${sortedJson(object[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Strings with what JSON escapes: quotes, backslashes, control characters, surrogate pairs and lone surrogates. */
const trickyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.array(fc.constantFrom('a', '"', '\\', '\n', '\u0001', '\ud83d\ude00', '\ud83d', '\ude00', '\u2028', 'é', ' ', ':'), { maxLength: 8 }).map((parts) => parts.join('')),
);
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, trickyString, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(trickyString, tie('value'), { maxKeys: 4 }),
})).value;

io('hashValue is FNV-1a of the sorted-key JSON for any value, and serializeRecord writes that JSON', () => {
  fc.assert(
    fc.property(jsonValue, (value) => {
      assert.is(hashValue(value), fnv1a(sortedJson(value)));
      assert.is(serializeRecord(value as unknown as InjectionRecord), sortedJson(value));
    }),
    { numRuns: 2000 },
  );
});

const RECORD: InjectionRecord = {
  v: 1,
  containers: [],
  initContainers: ['kuma-init', 'kuma-sidecar'],
  volumes: ['kuma-init-tmp'],
  annotations: { b: [null, '00000001'], a: ['x', '00000002'] },
  labels: {},
  probes: {},
  created: ['spec.initContainers'],
};

io('serializeRecord writes sorted-key JSON that reads back the same', () => {
  const text = serializeRecord(RECORD);
  assert.ok(text.startsWith('{"annotations":{"a":["x","00000002"],"b":[null,"00000001"]},"containers":[],"created":'));
  assert.is(serializeRecord(JSON.parse(text) as InjectionRecord), text);
  assert.equal(parseRecord(text), { ok: true, record: RECORD });
});

io('readRecord gives undefined for a template without the record annotation', () => {
  assert.is(readRecord({}), undefined);
  assert.is(readRecord({ metadata: { annotations: { a: 'b' } } }), undefined);
});

roundtrip.run();
content.run();
edits.run();
io.run();

const containerEdits = suite('record: hand edits of injected containers');
containerEdits('lists an injected container that was edited after injection', () => {
  const before: JsonObject = { spec: { containers: [{ name: 'app', image: 'nginx' }] } };
  const settings = NATIVE;
  const injected = injectPodTemplate(structuredClone(before), { settings, mesh: 'default', patches: { names: [], sidecar: [], init: [] }, warn: () => {} });
  const record = recordInjection(before, injected);
  assert.equal(stripInjection(injected, record).editedContainers, []);
  const edited = structuredClone(injected);
  const sidecar = ((edited.spec as JsonObject).initContainers as JsonObject[]).find((c) => c.name === 'kuma-sidecar')!;
  sidecar.image = 'my/kuma-dp:dev';
  assert.equal(stripInjection(edited, record).editedContainers, ['kuma-sidecar']);
});
containerEdits.run();

// ---------------------------------------------------------------------------------------------------------
// The lifecycle step changes more than injection does: container lifecycles, the grace period, and containers
// moved into native sidecars. The record covers those too, with the same round-trip property.

const LIFECYCLE = settingsWith({
  lifecycle: { gracePeriod: { raise: true }, nativeSidecars: { adopt: ['cloudsql-proxy', 'vault-agent'] } },
});
const LIFECYCLE_LEGACY = settingsWith({
  kubernetesVersion: '1.29',
  controlPlane: { experimental: { sidecarContainers: false } },
  lifecycle: { gracePeriod: { raise: true }, nativeSidecars: { adopt: ['cloudsql-proxy', 'vault-agent'] } },
});

/** What inject-sidecars does with the lifecycle step: inject (or not), apply it, record, store. */
function changeAndRecord(before: JsonObject, settings: Settings, inMesh = true): JsonObject {
  const injected = inMesh
    ? injectPodTemplate(before, { settings, mesh: 'default', patches: { names: [], sidecar: [], init: [] }, warn: () => {} })
    : before;
  const after = applyLifecycle(injected, { settings, inMesh, longRunning: true }).template;
  return storeRecord(after, recordInjection(before, after));
}

const lifecycleTemplates: Array<{ name: string; input: JsonObject; settings: Settings; inMesh?: boolean }> = [
  {
    name: 'preStop sleeps, one container with a postStart of its own, the grace period raised from unset',
    input: yaml`
      metadata: {labels: {app: web}}
      spec:
        containers:
        - {name: app, image: nginx}
        - {name: worker, image: worker, lifecycle: {postStart: {exec: {command: [warm]}}}}
    `,
    settings: LIFECYCLE,
  },
  {
    name: 'the grace period raised from a value of the user’s, a container with its own preStop',
    input: yaml`
      spec:
        terminationGracePeriodSeconds: 20
        containers:
        - {name: app, image: nginx, lifecycle: {preStop: {exec: {command: [/drain]}}}}
        - {name: other, image: other}
    `,
    settings: LIFECYCLE,
  },
  {
    name: 'two sidecars adopted from the first and last positions, with init containers of the user’s',
    input: yaml`
      metadata: {annotations: {team: a}}
      spec:
        initContainers: [{name: migrate, image: migrate}]
        containers:
        - {name: cloudsql-proxy, image: proxy, startupProbe: {tcpSocket: {port: 5432}}}
        - {name: app, image: app}
        - {name: debug, image: busybox}
        - {name: vault-agent, image: vault}
    `,
    settings: LIFECYCLE,
  },
  {
    name: 'a sidecar adopted in the legacy layout on Kubernetes 1.29 (kuma-sidecar stays a container)',
    input: yaml`
      spec:
        containers:
        - {name: app, image: app}
        - {name: cloudsql-proxy, image: proxy, restartPolicy: Never}
    `,
    settings: LIFECYCLE_LEGACY,
  },
  {
    name: 'outside the mesh: a sidecar adopted in a template without metadata or init containers',
    input: { spec: { containers: [{ name: 'app' }, { name: 'vault-agent', image: 'vault' }] } },
    settings: LIFECYCLE,
    inMesh: false,
  },
  {
    name: 'a container named `constructor` (an Object.prototype member) is an ordinary name',
    input: yaml`
      spec:
        initContainers: [{name: tostring, image: x}]
        containers:
        - {name: constructor, image: app, lifecycle: {preStop: {exec: {command: [/drain]}}}}
        - {name: vault-agent, image: vault}
        - {name: app, image: other}
    `,
    settings: LIFECYCLE,
  },
  {
    name: 'outside the mesh: a template with labels and an empty annotations map of its own',
    input: yaml`
      metadata: {labels: {app: x}, annotations: {}}
      spec:
        initContainers: []
        containers: [{name: app}, {name: cloudsql-proxy}]
    `,
    settings: LIFECYCLE,
    inMesh: false,
  },
];

const lifecycleRoundTrip = suite('record: strip(lifecycle(inject(x))) == x');
for (const c of lifecycleTemplates) {
  lifecycleRoundTrip(c.name, () => {
    const before = structuredClone(c.input);
    const changed = roundTrip(changeAndRecord(c.input, c.settings, c.inMesh));
    assert.is.not(JSON.stringify(changed), JSON.stringify(before), 'the lifecycle step changed something');
    const { template, keptEdits } = strip(changed);
    assert.equal(template, before);
    assert.equal(keptEdits, []);
  });
}
lifecycleRoundTrip.run();

const lifecycleContent = suite('recordInjection: lifecycle changes');

lifecycleContent('records container lifecycles, the grace period and the moved containers with their positions', () => {
  const before: JsonObject = yaml`
    spec:
      containers:
      - {name: cloudsql-proxy, image: proxy}
      - {name: app, image: app, lifecycle: {postStart: {exec: {command: [warm]}}}}
      - {name: vault-agent, image: vault, restartPolicy: Never}
  `;
  const injected = injectPodTemplate(before, { settings: LIFECYCLE, mesh: 'default', patches: { names: [], sidecar: [], init: [] }, warn: () => {} });
  const after = applyLifecycle(injected, { settings: LIFECYCLE, inMesh: true, longRunning: true }).template;
  const record = recordInjection(before, after);
  assert.equal(record.moved, { 'cloudsql-proxy': [0, null], 'vault-agent': [2, 'Never'] });
  assert.equal(record.initContainers, ['kuma-init', 'kuma-sidecar'], 'moved containers are not listed as added');
  assert.equal(record.lifecycle, {
    app: [{ postStart: { exec: { command: ['warm'] } } }, hashValue({ postStart: { exec: { command: ['warm'] } }, preStop: { sleep: { seconds: 15 } } })],
  });
  assert.equal(record.spec, { terminationGracePeriodSeconds: [null, hashValue(50)] });
  assert.equal(record.created, ['metadata', 'metadata.annotations', 'metadata.labels', 'spec.initContainers', 'spec.volumes']);
});

lifecycleContent('a template without lifecycle changes has none of the new keys', () => {
  const before: JsonObject = { spec: { containers: [{ name: 'app' }] } };
  const after = injectPodTemplate(before, { settings: NATIVE, mesh: 'default', patches: { names: [], sidecar: [], init: [] }, warn: () => {} });
  const record = recordInjection(before, after);
  assert.equal([record.lifecycle, record.spec, record.moved], [undefined, undefined, undefined]);
});

lifecycleContent('storeRecord writes the serialized record into the annotation', () => {
  const record = recordInjection({ spec: {} }, { spec: {} });
  const stored = storeRecord({ spec: {} }, record);
  assert.equal(stored, { spec: {}, metadata: { annotations: { [RECORD_ANNOTATION]: serializeRecord(record) } } });
});
lifecycleContent.run();

const lifecycleEdits = suite('stripInjection: user edits of lifecycle changes');

const SIMPLE = (): JsonObject => yaml`
  spec:
    containers:
    - {name: app, image: app}
    - {name: cloudsql-proxy, image: proxy}
`;

lifecycleEdits('an edited preStop is kept as the user’s and listed', () => {
  const changed = roundTrip(changeAndRecord(SIMPLE(), LIFECYCLE));
  const app = (specOf(changed).containers as JsonObject[])[0]!;
  app.lifecycle = { preStop: { sleep: { seconds: 45 } } };
  const { template, keptEdits } = strip(changed);
  assert.equal(keptEdits, ['spec.containers[0].lifecycle']);
  assert.equal((specOf(template).containers as JsonObject[])[0]!.lifecycle, { preStop: { sleep: { seconds: 45 } } });
});

lifecycleEdits('an edited grace period is kept, with its field path', () => {
  const changed = roundTrip(changeAndRecord(SIMPLE(), LIFECYCLE));
  specOf(changed).terminationGracePeriodSeconds = 90;
  const { template, keptEdits } = strip(changed);
  assert.equal(keptEdits, ['spec.terminationGracePeriodSeconds']);
  assert.is(specOf(template).terminationGracePeriodSeconds, 90);
});

lifecycleEdits('an adopted sidecar edited by the user moves back with the edit', () => {
  const changed = roundTrip(changeAndRecord(SIMPLE(), LIFECYCLE));
  const proxy = (specOf(changed).initContainers as JsonObject[]).find((c) => c.name === 'cloudsql-proxy')!;
  proxy.image = 'proxy:2';
  const { template } = strip(changed);
  assert.equal(specOf(template).containers, [{ name: 'app', image: 'app' }, { name: 'cloudsql-proxy', image: 'proxy:2' }]);
  assert.is(specOf(template).initContainers, undefined);
});

lifecycleEdits('an adopted sidecar the user moved back by hand, or deleted, is left as it is', () => {
  const changed = roundTrip(changeAndRecord(SIMPLE(), LIFECYCLE));
  const spec = specOf(changed);
  spec.initContainers = (spec.initContainers as JsonObject[]).filter((c) => c.name !== 'cloudsql-proxy');
  // Straight to stripInjection: readRecord refuses a record naming a container the template no longer has.
  const parsed = parseRecord(String(annotationsOf(changed)[RECORD_ANNOTATION]));
  if (!parsed.ok) throw new Error(parsed.problem);
  const { template } = stripInjection(changed, parsed.record);
  assert.equal((specOf(template).containers as JsonObject[]).map((c) => c.name), ['app']);
});
lifecycleEdits.run();

// hashValue feeds the canonical JSON to FNV-1a as it walks; it must equal the hash of the JSON text itself,
// which every record written so far holds.
import { random as seeded, randomValue } from '../krm/yaml-fuzz.ts';
import { hashValue as streamedHash } from './record.ts';

function referenceHash(value: unknown): string {
  const canonical = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
    if (typeof v === 'object' && v !== null) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
    return JSON.stringify(v ?? null);
  };
  let hash = 0x811c9dc5;
  for (const ch of canonical(value)) for (let i = 0; i < ch.length; i++) hash = Math.imul(hash ^ ch.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

const hashing = suite('record hash');
hashing('the streamed hash equals FNV-1a of the canonical JSON text, on 2,000 random values', () => {
  const next = seeded(99);
  for (let i = 0; i < 2000; i++) {
    const value = randomValue(next);
    assert.is(streamedHash(value), referenceHash(value), JSON.stringify(value));
  }
});
hashing.run();
