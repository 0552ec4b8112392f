/**
 * Two items with the same group, kind, namespace and name are an error: kustomize refuses them, kubectl apply
 * would apply one over the other, and which of the two a transform changed would be a guess.
 */
import type { KubeObject } from '../krm/object.ts';
import { identityKey, identityOf, isObject } from '../krm/object.ts';
import type { Result } from '../krm/result.ts';
import { error } from '../krm/result.ts';
import type { Transform } from './transform.ts';

export const checkDuplicates: Transform = (items) => {
  const seen = new Map<string, KubeObject>();
  const results: Result[] = [];
  for (const object of items) {
    const id = identityOf(object);
    if (!id.kind || !id.name || !isObject(object.metadata) || typeof object.metadata.name !== 'string') continue;
    const key = identityKey(id);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, object);
      continue;
    }
    const where = first && isObject(first.metadata) ? first.metadata.annotations : undefined;
    const path = isObject(where) && typeof where['internal.config.kubernetes.io/path'] === 'string' ? ` (first in ${where['internal.config.kubernetes.io/path']})` : '';
    results.push(
      error('INVALID_INPUT', `${id.kind} "${id.namespace ? `${id.namespace}/` : ''}${id.name}" appears more than once${path}: each object must be unique`, object, {
        field: 'metadata.name',
      }),
    );
  }
  return { items, results };
};
