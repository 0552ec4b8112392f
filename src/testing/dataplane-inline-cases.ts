/**
 * Test support for src/testing/conformance.ts (not part of the bundle): converter cases whose objects are Go
 * literals in Kuma's pod_converter_test.go rather than files, written out as YAML test data.
 */
import type { DataplaneCase } from './dataplane-conformance-inputs.ts';
import { yaml } from './yaml.ts';

/**
 * v2.7.29 "when Dataplane cannot be generated" / "Pod with a Service but mismatching ports": none of the
 * Service's TCP ports lands on a container, which 2.7 reports instead of writing the service-less inbound. The
 * Go Service has no metadata; it is named and placed in the Pod's namespace here (a reconcile needs both).
 */
export const MISMATCH_PORTS_ERROR_2_7: DataplaneCase = {
  name: 'mismatch-ports-error',
  pod: '(inline)',
  inline: {
    pod: yaml`
      metadata:
        namespace: demo
        name: example
        labels: {app: example, version: "0.1"}
      spec:
        containers:
          - ports: []
          - ports:
              - containerPort: 7070
              - {containerPort: 6060, name: metrics}
      status:
        podIP: 192.168.0.1
    `,
    services: [
      yaml`
        metadata: {namespace: demo, name: example}
        spec:
          clusterIP: 192.168.0.1
          ports:
            - {protocol: UDP, port: 80, targetPort: 8080}
            - {protocol: SCTP, port: 443, targetPort: 8443}
            - {protocol: TCP, port: 7070, targetPort: api}
            - {port: 6060, targetPort: diagnostics}
      `,
    ],
  },
  expectedError: "A service that selects pod example was found, but it doesn't match any container ports.",
};
