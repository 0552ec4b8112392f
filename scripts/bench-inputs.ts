/**
 * The benchmark's inputs, generated deterministically (no randomness: the same text on every machine):
 * ResourceLists of N workloads of mixed kinds, each with a Service, in labelled namespaces, with comments, as
 * kpt or kustomize hand them to a function; one Pod with 50 containers and 2,000 env vars; one Deployment, without and with a functionConfig.
 */

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
function podTemplate(i: number, kind: string): string {
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

function workload(i: number): string {
  const kind = KINDS[i % KINDS.length]!;
  const namespace = `shop-${i % NAMESPACES}`;
  const app = `app-${i}`;
  const apiVersion = kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1';
  let out = `# workload ${i}: ${kind}\n- apiVersion: ${apiVersion}\n  kind: ${kind}\n  metadata:\n    name: ${app}\n    namespace: ${namespace}\n    labels:\n      app: ${app}\n  spec:\n`;
  const template = podTemplate(i, kind);
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
export function workloadList(n: number): string {
  let out = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
  out += namespaces();
  for (let i = 0; i < n; i++) out += workload(i);
  return out.replace(/\n\n$/, '\n');
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
    caCert: |
      -----BEGIN CERTIFICATE-----
      MIIBbench
      -----END CERTIFICATE-----
`;
}
