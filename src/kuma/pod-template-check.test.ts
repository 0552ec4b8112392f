import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { yaml } from '../testing/yaml.ts';
import { podTemplateProblems } from './pod-template-check.ts';

const check = suite('podTemplateProblems');

const fine = [
  { name: 'a minimal template', template: yaml`spec: {containers: [{name: app}]}` },
  {
    name: 'a full template',
    template: yaml`
      metadata: {labels: {app: web, version: "1.0"}, annotations: {a: b}}
      spec:
        initContainers: [{name: init, image: busybox}]
        containers:
          - name: app
            image: nginx
            ports: [{name: http, containerPort: 8080}]
            readinessProbe: {httpGet: {path: /, port: http}}
            env: [{name: A, value: "1"}, {name: B, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
        volumes: [{name: data, emptyDir: {}}]
    `,
  },
  { name: 'null labels', template: yaml`metadata: {labels: null}\nspec: {containers: [{name: app}]}` },
];
for (const c of fine) check(`accepts ${c.name}`, () => assert.equal(podTemplateProblems(c.template), []));

const broken: Array<{ name: string; template: any; field: string; message: RegExp }> = [
  { name: 'no spec', template: yaml`metadata: {}`, field: 'spec', message: /pod spec/ },
  { name: 'a spec that is a list', template: { spec: [] }, field: 'spec', message: /not a list/ },
  { name: 'no containers', template: yaml`spec: {}`, field: 'spec.containers', message: /must list the containers/ },
  { name: 'containers that are a map', template: yaml`spec: {containers: {name: app}}`, field: 'spec.containers', message: /list of containers, not a object/ },
  { name: 'a container that is a string', template: yaml`spec: {containers: [app]}`, field: 'spec.containers[0]', message: /a container \(a map\)/ },
  { name: 'a container without a name', template: yaml`spec: {containers: [{image: x}]}`, field: 'spec.containers[0].name', message: /expected string/ },
  { name: 'ports that are a map', template: yaml`spec: {containers: [{name: a, ports: {http: 80}}]}`, field: 'spec.containers[0].ports', message: /expected array/ },
  { name: 'a containerPort that is a name', template: yaml`spec: {containers: [{name: a, ports: [{containerPort: http}]}]}`, field: 'spec.containers[0].ports[0].containerPort', message: /expected number/ },
  { name: 'a probe that is a string', template: yaml`spec: {containers: [{name: a, readinessProbe: "yes"}]}`, field: 'spec.containers[0].readinessProbe', message: /expected object/ },
  { name: 'env that is a map', template: yaml`spec: {containers: [{name: a, env: {A: "1"}}]}`, field: 'spec.containers[0].env', message: /expected array/ },
  { name: 'an init container list that is a string', template: yaml`spec: {containers: [{name: a}], initContainers: x}`, field: 'spec.initContainers', message: /list of containers/ },
  { name: 'volumes that are a map', template: yaml`spec: {containers: [{name: a}], volumes: {data: {}}}`, field: 'spec.volumes', message: /list of volumes/ },
  { name: 'a volume without a name', template: yaml`spec: {containers: [{name: a}], volumes: [{emptyDir: {}}]}`, field: 'spec.volumes[0]', message: /string `name`/ },
  { name: 'a label that is a number', template: yaml`metadata: {labels: {version: 1.0}}\nspec: {containers: [{name: a}]}`, field: 'metadata.labels[version]', message: /must be a string, not a number: quote it/ },
  { name: 'an annotation that is a bool', template: yaml`metadata: {annotations: {kuma.io/gateway: true}}\nspec: {containers: [{name: a}]}`, field: 'metadata.annotations[kuma.io/gateway]', message: /not a boolean/ },
  { name: 'labels that are a list', template: yaml`metadata: {labels: [a]}\nspec: {containers: [{name: a}]}`, field: 'metadata.labels', message: /map of strings/ },
  { name: 'metadata that is a string', template: { metadata: 'x', spec: { containers: [{ name: 'a' }] } }, field: 'metadata', message: /must be a map/ },
];
for (const c of broken) {
  check(`reports ${c.name}`, () => {
    const problems = podTemplateProblems(c.template);
    assert.ok(problems.some((p) => p.field === c.field && c.message.test(p.message)), JSON.stringify(problems));
  });
}

check.run();
