/**
 * Checks the shape of a pod template before anything is injected into it: the lists and maps injection reads
 * and writes must have the types Kubernetes gives them, or injection would drop or garble what the user wrote.
 * Only structure and types are checked (the API server checks values), and only where injection looks.
 */
import type { JsonObject } from '../krm/object.ts';
import { isObject } from '../krm/object.ts';
import { containerProblem } from './container-schema.ts';

export interface ShapeProblem {
  /** Path under the pod template, such as `spec.containers[0].ports`. */
  readonly field: string;
  readonly message: string;
}

const typeName = (value: unknown): string => (Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`);

function stringMapProblems(value: unknown, field: string): ShapeProblem[] {
  if (value === undefined || value === null) return [];
  if (!isObject(value)) return [{ field, message: `must be a map of strings, not ${typeName(value)}` }];
  return Object.entries(value)
    .filter(([, v]) => typeof v !== 'string')
    .map(([k, v]) => ({ field: `${field}[${k}]`, message: `must be a string, not ${typeName(v)}: quote it` }));
}

function containerListProblems(value: unknown, field: string, required: boolean): ShapeProblem[] {
  if (value === undefined || value === null) {
    return required ? [{ field, message: 'must list the containers of the pod' }] : [];
  }
  if (!Array.isArray(value)) return [{ field, message: `must be a list of containers, not ${typeName(value)}` }];
  return value.flatMap((container, index): ShapeProblem[] => {
    const at = `${field}[${index}]`;
    if (!isObject(container)) return [{ field: at, message: `must be a container (a map), not ${typeName(container)}` }];
    const problem = containerProblem(container);
    if (!problem) return [];
    const sub = problem.path.split('/').filter(Boolean);
    const path = sub.reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : `${acc}.${part}`), at);
    return [{ field: path, message: problem.message.replace(/^Invalid input: /, '') }];
  });
}

/** Problems that make the template unsafe to inject; empty when it is fine. */
export function podTemplateProblems(template: JsonObject): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  const metadata = template.metadata;
  if (metadata !== undefined && metadata !== null && !isObject(metadata)) {
    problems.push({ field: 'metadata', message: `must be a map, not ${typeName(metadata)}` });
  } else if (isObject(metadata)) {
    problems.push(...stringMapProblems(metadata.labels, 'metadata.labels'), ...stringMapProblems(metadata.annotations, 'metadata.annotations'));
  }
  const spec = template.spec;
  if (!isObject(spec)) return [...problems, { field: 'spec', message: `must be a pod spec (a map), not ${spec === undefined ? 'absent' : typeName(spec)}` }];
  problems.push(...containerListProblems(spec.containers, 'spec.containers', true), ...containerListProblems(spec.initContainers, 'spec.initContainers', false));
  const volumes = spec.volumes;
  if (volumes !== undefined && volumes !== null) {
    if (!Array.isArray(volumes)) problems.push({ field: 'spec.volumes', message: `must be a list of volumes, not ${typeName(volumes)}` });
    else {
      volumes.forEach((volume, index) => {
        if (!isObject(volume) || typeof volume.name !== 'string') {
          problems.push({ field: `spec.volumes[${index}]`, message: 'must be a volume with a string `name`' });
        }
      });
    }
  }
  return problems;
}
