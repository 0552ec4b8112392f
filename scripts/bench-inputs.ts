/**
 * The benchmark's inputs, generated deterministically (no randomness: the same text on every machine):
 * ResourceLists of N workloads of mixed kinds, each with a Service, in labelled namespaces, with comments, as
 * kpt or kustomize hand them to a function; one Pod with 50 containers and 2,000 env vars; one Deployment, without and with a functionConfig.
 * The workload lists come in four shapes: block YAML, JSON, flow-style YAML, and block YAML with anchors and aliases.
 */
import { parse } from 'yaml';
import { TEST_CA } from '../src/testing/test-ca.ts';

const KINDS = ['Deployment', 'StatefulSet', 'Deployment', 'DaemonSet', 'Job', 'Deployment', 'CronJob', 'ReplicaSet'] as const;
const NAMESPACES = 10;

/** Indents every non-empty line of `text` by `n` spaces. */
const indent = (text: string, n: number): string =>
  text
    .split('\n')
    .map((line) => (line ? ' '.repeat(n) + line : line))
    .join('\n');

function namespaces(): string {
  let out = '';
  for (let ns = 0; ns < NAMESPACES; ns++) {
    // Eight namespaces opt in, one opts out, one says nothing: some workloads stay untouched.
    const label = ns < 8 ? '\n    labels:\n      kuma.io/sidecar-injection: enabled' : ns === 8 ? '\n    labels:\n      kuma.io/sidecar-injection: disabled' : '';
    out += `- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: shop-${ns}${label}\n`;
  }
  return out;
}

/** The pod template (metadata and spec) of workload `i`, at column 0. */
function podTemplate(i: number, kind: string, anchors: boolean): string {
  const app = `app-${i}`;
  const batch = kind === 'Job' || kind === 'CronJob';
  const port = 8000 + (i % 100);
  let spec = `${batch ? 'restartPolicy: OnFailure\n' : ''}containers:
- name: ${app}
  image: registry.example.com/team-${i % 17}/${app}:1.${i % 10}
  args: ["--port=${port}"]
  ports:
  - containerPort: ${port}
  env:
  - name: FEATURE_FLAG
    value: "on" # quoted: YAML 1.1 reads a bool
`;
  if (!batch) spec += `  readinessProbe:\n    httpGet:\n      path: /ready\n      port: ${port}\n`;
  if (anchors) spec += i === 0 ? `  resources: &res\n${indent(SHARED_RESOURCES, 4)}` : '  resources: *res\n';
  spec += `  volumeMounts:\n  - name: config\n    mountPath: /etc/${app}\n`;
  if (i % 8 === 0) spec += `# a helper next to the app\n- name: log-shipper\n  image: docker.io/fluent/fluent-bit:3.1\n  resources: {}\n`;
  spec += `volumes:\n- name: config\n  configMap:\n    name: ${app}-config\n`;
  return `metadata:
  labels:
    app: ${app} # selected by the Service
  annotations:
    prometheus.io/scrape: "true"
spec:
${indent(spec, 2)}`;
}

/** What the anchors shape defines once, in the first workload, and aliases in every other (as charts do). */
const SHARED_LABELS = 'app.kubernetes.io/part-of: shop\napp.kubernetes.io/managed-by: Helm\n';
const SHARED_RESOURCES = 'requests:\n  cpu: 100m\n  memory: 128Mi\nlimits:\n  memory: 256Mi\n';

/** Workload `i` with its Service (and ConfigMap); with `anchors`, its labels and the app's resources are the shared ones. */
function workload(i: number, anchors = false): string {
  const kind = KINDS[i % KINDS.length]!;
  const namespace = `shop-${i % NAMESPACES}`;
  const app = `app-${i}`;
  const apiVersion = kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1';
  const labels = !anchors ? `labels:\n      app: ${app}\n` : i === 0 ? `labels: &labels\n${indent(SHARED_LABELS, 6)}` : 'labels: *labels\n';
  let out = `# workload ${i}: ${kind}\n- apiVersion: ${apiVersion}\n  kind: ${kind}\n  metadata:\n    name: ${app}\n    namespace: ${namespace}\n    ${labels}  spec:\n`;
  const template = podTemplate(i, kind, anchors);
  if (kind === 'CronJob') {
    out += `    schedule: "*/${5 + (i % 10)} * * * *"\n    jobTemplate:\n      spec:\n        backoffLimit: 2\n        template:\n${indent(template, 10)}`;
  } else if (kind === 'Job') {
    out += `    backoffLimit: 3\n    template:\n${indent(template, 6)}`;
  } else {
    if (kind !== 'DaemonSet') out += `    replicas: ${1 + (i % 3)} # scaled by the HPA\n`;
    if (kind === 'StatefulSet') out += `    serviceName: ${app}\n`;
    out += `    selector:\n      matchLabels:\n        app: ${app}\n    template:\n${indent(template, 6)}`;
  }
  out += `- apiVersion: v1\n  kind: Service\n  metadata:\n    name: ${app}\n    namespace: ${namespace}\n  spec:\n    selector:\n      app: ${app}\n    ports:\n    - port: 80\n      targetPort: ${8000 + (i % 100)}\n`;
  if (i % 20 === 0) {
    out += `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${app}-config\n    namespace: ${namespace}\n  data:\n    config.yaml: |\n      listen: 0.0.0.0:${8000 + (i % 100)}\n      upstream: app-${i + 1}\n`;
  }
  // A blank line between groups of ten, as in files people edit.
  return i % 10 === 9 ? `${out}\n` : out;
}

/** A ResourceList of `n` workloads (each with a Service; every twentieth with a ConfigMap) in ten namespaces. */
export function workloadList(n: number, anchors = false): string {
  let out = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
  out += namespaces();
  for (let i = 0; i < n; i++) out += workload(i, anchors);
  return out.replace(/\n\n$/, '\n');
}

export const SHAPES = ['block', 'json', 'flow', 'anchors'] as const;
export type Shape = (typeof SHAPES)[number];
export const SHAPE_LABELS: Readonly<Record<Shape, string>> = { block: 'block', json: 'JSON', flow: 'flow', anchors: 'anchors' };

/**
 * The `n` workloads in one shape. JSON and flow carry the same objects as block (flow keeps the comment before each
 * workload; JSON has none); anchors carries the block text with shared workload labels and app resources.
 */
export function workloadListAs(shape: Shape, n: number): string {
  switch (shape) {
    case 'block':
      return workloadList(n);
    case 'anchors':
      return workloadList(n, true);
    case 'json':
      // What `kubectl get -o json` writes: the whole list, two-space indented.
      return `${JSON.stringify(parse(workloadList(n)), null, 2)}\n`;
    case 'flow':
      return flowList(parse(workloadList(n)) as ResourceList);
  }
}

interface ResourceList {
  readonly apiVersion: string;
  readonly kind: string;
  readonly items: ReadonlyArray<Record<string, unknown>>;
}

const PLAIN = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
/** Words a YAML 1.1 or 1.2 reader may take for a bool or null. */
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null)$/i;

const flowScalar = (value: unknown): string =>
  typeof value === 'string' ? (PLAIN.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value)) : String(value);

/** Widest line of a flow collection that is written on one line. */
const FLOW_WIDTH = 120;

/** `value` as one line of flow YAML. */
function flowLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flowLine).join(', ')}]`;
  if (value === null || typeof value !== 'object') return flowScalar(value);
  return `{${Object.entries(value).map(([key, v]) => `${flowScalar(key)}: ${flowLine(v)}`).join(', ')}}`;
}

/** `value` as flow YAML on one line where it fits, else one entry a line, indented two spaces deeper than `pad`. */
function flow(value: unknown, pad: string): string {
  const line = flowLine(value);
  if (pad.length + line.length <= FLOW_WIDTH || value === null || typeof value !== 'object') return line;
  const inner = `${pad}  `;
  const parts = Array.isArray(value)
    ? value.map((v) => flow(v, inner))
    : Object.entries(value).map(([key, v]) => `${flowScalar(key)}: ${flow(v, inner)}`);
  return Array.isArray(value) ? `[${parts.join(`,\n${inner}`)}]` : `{${parts.join(`,\n${inner}`)}}`;
}

/** Items that are not workloads (no comment before them). */
const WORKLOAD_COMPANIONS = new Set(['Namespace', 'Service', 'ConfigMap']);

/** The list in block style, each item a flow map (small ones on one line), the comment and blank lines of block kept. */
function flowList(list: ResourceList): string {
  let out = `apiVersion: ${list.apiVersion}\nkind: ${list.kind}\nitems:\n`;
  let workloads = 0;
  for (const item of list.items) {
    const kind = String(item.kind);
    if (!WORKLOAD_COMPANIONS.has(kind)) out += `${workloads > 0 && workloads % 10 === 0 ? '\n' : ''}# workload ${workloads++}: ${kind}\n`;
    out += `- ${flow(item, '  ')}\n`;
  }
  return out;
}

/** One Pod with 50 containers; the first has 2,000 env vars (the case that once took istioctl 12 s). */
export function bigPodList(): string {
  let containers = '';
  for (let c = 0; c < 50; c++) {
    const env = c === 0 ? 2000 : 3;
    containers += `    - name: c${c}\n      image: registry.example.com/big/c${c}:1.0\n      ports:\n      - containerPort: ${10000 + c}\n      readinessProbe:\n        httpGet:\n          path: /ready\n          port: ${10000 + c}\n      env:\n`;
    for (let e = 0; e < env; e++) containers += `      - name: VAR_${c}_${e}\n        value: "value-${e}"\n`;
  }
  return `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: v1
  kind: Namespace
  metadata:
    name: big
    labels:
      kuma.io/sidecar-injection: enabled
- apiVersion: v1
  kind: Pod
  metadata:
    name: big
    namespace: big
  spec:
    containers:
${containers}`;
}

/** The smallest useful input: one Deployment in a labelled namespace (for cold start). */
export function oneDeploymentList(): string {
  return `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: v1
  kind: Namespace
  metadata:
    name: shop
    labels:
      kuma.io/sidecar-injection: enabled
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
    namespace: shop
  spec:
    selector:
      matchLabels:
        app: web
    template:
      metadata:
        labels:
          app: web
      spec:
        containers:
        - name: web
          image: nginx:1.27
`;
}

/** The one Deployment with a typical functionConfig (Kubernetes version, mesh, CA), which zod validates. */
export function oneDeploymentWithConfigList(): string {
  return `${oneDeploymentList()}functionConfig:
  apiVersion: kuma-inject.dev/v1alpha1
  kind: KumaInject
  metadata:
    name: inject
  spec:
    kubernetesVersion: "1.31"
    meshes: [default]
    caCert: ${JSON.stringify(TEST_CA)}
`;
}
