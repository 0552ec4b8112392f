/**
 * Test support for src/testing/conformance.ts (not part of the bundle): the cluster of Kuma v2.14.3's
 * pod_controller_test.go, whose objects are Go literals there, written out as YAML test data, and the five
 * reconciles whose results are the goldens in testdata/kuma-fixtures/dataplane/pod_controller/.
 */
import { yaml } from './yaml.ts';
import { withContainerNames } from './dataplane-conformance-inputs.ts';

type Json = Record<string, unknown>;

const pod = (name: string, mesh: string, ports: number[][], extra: Json = {}): Json => withContainerNames({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    namespace: 'demo',
    name,
    annotations: { 'kuma.io/mesh': mesh, 'kuma.io/sidecar-injected': 'true', ...(extra as Record<string, string>) },
    labels: { app: mesh === 'poc-ms' ? 'sample-ms' : 'sample' },
    uid: `${name}-demo`,
  },
  spec: {
    containers: ports.map((list) => ({ ports: list.map((p) => (p === 6060 ? { containerPort: p, name: 'metrics' } : { containerPort: p })) })),
  },
  // The Go test's container status has no name and is not ready: every inbound is NotReady.
  status: { podIP: '192.168.0.1', containerStatuses: [{ state: {} }] },
});

/** The objects of the Go test's fake cluster that the reconciles read (its other Pods have no Dataplane yet). */
const CLUSTER: Json[] = yaml`
  - apiVersion: v1
    kind: Namespace
    metadata: {name: demo}
  - apiVersion: kuma.io/v1alpha1
    kind: Mesh
    metadata: {name: poc}
  - apiVersion: kuma.io/v1alpha1
    kind: Mesh
    metadata: {name: poc-ms}
    spec: {meshServices: {mode: Exclusive}}
  - apiVersion: v1
    kind: Service
    metadata: {namespace: demo, name: example-ms-1}
    spec:
      clusterIP: 192.168.0.1
      ports:
        - {port: 80, targetPort: 8080, appProtocol: http}
        - {protocol: TCP, port: 6061, targetPort: metrics}
      selector: {app: sample-ms}
  - apiVersion: v1
    kind: Service
    metadata: {namespace: demo, name: example-ms-2}
    spec:
      clusterIP: 192.168.0.1
      ports:
        - {port: 80, targetPort: 8080, appProtocol: http}
      selector: {app: sample-ms}
  - apiVersion: v1
    kind: Service
    metadata: {namespace: demo, name: example}
    spec:
      clusterIP: 192.168.0.1
      ports:
        - {port: 80, targetPort: 8080, appProtocol: http}
        - {protocol: TCP, port: 6061, targetPort: metrics}
      selector: {app: sample}
  - apiVersion: discovery.k8s.io/v1
    kind: EndpointSlice
    metadata: {namespace: demo, name: example-ip4, labels: {kubernetes.io/service-name: example}}
    addressType: IPv4
    endpoints:
      - addresses: [192.168.0.1]
        targetRef: {kind: Pod, name: pod-with-kuma-sidecar-and-ip, namespace: demo, uid: pod-with-kuma-sidecar-and-ip-demo}
  - apiVersion: v1
    kind: Service
    metadata: {namespace: demo, name: manual-example}
    spec:
      clusterIP: 192.168.0.1
      ports:
        - {port: 90, targetPort: 9090, appProtocol: http}
  - apiVersion: discovery.k8s.io/v1
    kind: EndpointSlice
    metadata: {namespace: demo, name: manual-example-ip4, labels: {kubernetes.io/service-name: manual-example}}
    addressType: IPv4
    endpoints:
      - addresses: [192.168.0.1]
        targetRef: {kind: Pod, name: pod-with-kuma-sidecar-and-ip, namespace: demo, uid: pod-with-kuma-sidecar-and-ip-demo}
  - apiVersion: v1
    kind: Service
    metadata: {namespace: demo, name: manual-example-no-target-ref}
    spec:
      clusterIP: 192.168.0.1
      ports:
        - {port: 90, targetPort: 9090, appProtocol: http}
  - apiVersion: discovery.k8s.io/v1
    kind: EndpointSlice
    metadata: {namespace: demo, name: manual-example-no-target-ref, labels: {kubernetes.io/service-name: manual-example-no-target-ref}}
    addressType: IPv4
    endpoints:
      - addresses: [192.168.0.1]
  - apiVersion: v1
    kind: Service
    metadata: {namespace: demo, name: ignored-service, annotations: {kuma.io/ignore: "true"}}
    spec:
      clusterIP: 192.168.0.1
      ports:
        - {port: 85, targetPort: 8080}
      selector: {app: sample}
`;

const WITH_IP = pod('pod-with-kuma-sidecar-and-ip', 'poc', [[8080], [6060], [9090]]);
const DUPLICATED = pod('pod-with-duplicated-inbound', 'poc-ms', [[8080], [6060], [9090]]);
const ADMIN_PORT = pod('pod-with-custom-admin-port', 'poc', [[8080]], { 'kuma.io/envoy-admin-port': '9999' });

const EXISTING_SPEC = yaml`
  networking:
    address: 192.168.0.1
    admin: {port: 9999}
    inbound:
      - port: 8080
        health: {}
        state: NotReady
        tags:
          app: sample
          kuma.io/protocol: http
          kuma.io/service: example_demo_svc_80
          k8s.kuma.io/service-name: example
          k8s.kuma.io/service-port: "80"
          k8s.kuma.io/namespace: demo
          kuma.io/zone: zone-1
    outbound:
      - address: 192.168.0.1
        port: 80
        tags: {kuma.io/service: example_demo_svc_80}
`;

const OWNER = {
  apiVersion: 'v1',
  blockOwnerDeletion: true,
  controller: true,
  kind: 'Pod',
  name: 'pod-with-custom-admin-port',
  uid: 'pod-with-custom-admin-port-demo',
};

export interface PodControllerCase {
  readonly name: string;
  readonly golden: string;
  readonly items: Json[];
}

/** The reconciles of the Go test, each with the cluster as it is then. PodConverter: zone mode, zone-1, no VIPs. */
export const POD_CONTROLLER_CASES: readonly PodControllerCase[] = [
  { name: 'dataplane-for-pod', golden: 'dataplane-for-pod.golden.yaml', items: [...CLUSTER, WITH_IP] },
  { name: 'dataplane-for-pod-ms', golden: 'dataplane-for-pod-ms.golden.yaml', items: [...CLUSTER, DUPLICATED] },
  {
    name: 'dataplane-update-after-service-register',
    golden: 'dataplane-update-after-service-register.golden.yaml',
    items: [
      ...CLUSTER,
      WITH_IP,
      { apiVersion: 'kuma.io/v1alpha1', kind: 'Dataplane', metadata: { namespace: 'demo', name: 'pod-with-kuma-sidecar-and-ip' }, spec: { networking: {} } },
    ],
  },
  {
    name: 'dataplane-not-changed',
    golden: 'dataplane-not-changed.yaml',
    items: [
      ...CLUSTER,
      ADMIN_PORT,
      {
        apiVersion: 'kuma.io/v1alpha1',
        kind: 'Dataplane',
        mesh: 'poc',
        metadata: {
          namespace: 'demo',
          name: 'pod-with-custom-admin-port',
          labels: {
            'k8s.kuma.io/namespace': 'demo',
            'kuma.io/display-name': 'pod-with-custom-admin-port',
            'kuma.io/zone': 'zone-1',
            'kuma.io/mesh': 'poc',
            'kuma.io/origin': 'zone',
            'kuma.io/env': 'kubernetes',
            'kuma.io/proxy-type': 'sidecar',
          },
          ownerReferences: [OWNER],
        },
        spec: EXISTING_SPEC,
      },
    ],
  },
  {
    name: 'dataplane-updated-on-label-add',
    golden: 'dataplane-updated-on-label-add.yaml',
    items: [
      ...CLUSTER,
      ADMIN_PORT,
      { apiVersion: 'kuma.io/v1alpha1', kind: 'Dataplane', mesh: 'poc', metadata: { namespace: 'demo', name: 'pod-with-custom-admin-port', ownerReferences: [OWNER] }, spec: EXISTING_SPEC },
    ],
  },
];

/** PodReconciler's converter in the Go test: zone mode, zone `zone-1`, KubeOutboundsAsVIPs false (zero value). */
export const POD_CONTROLLER_CONFIG: Json = {
  apiVersion: 'kuma-inject.dev/v1alpha1',
  kind: 'KumaInject',
  metadata: { name: 'dataplane-pod-controller' },
  spec: {
    controlPlane: {
      mode: 'zone',
      multizone: { zone: { name: 'zone-1' } },
      experimental: { kubeOutboundsAsVIPs: false },
      store: { kubernetes: { systemNamespace: 'kuma-system' } },
      runtime: { kubernetes: { injector: { nodeLabelsToCopy: [] } } },
    },
  },
};
