/**
 * A `kind: List` (or a typed list such as `PodList`) inside the ResourceList: the transforms see only top-level
 * items, so what it holds is not injected. kpt and kustomize expand Lists before a function sees them, so one
 * here was written by hand or by another tool; it is reported rather than silently passed over. Injecting inside
 * it would need every transform (Namespaces, Services and Dataplanes too) and the reconciler to look into Lists.
 */
import { isObject, type KubeObject } from '../krm/object.ts';
import type { Result } from '../krm/result.ts';
import { warning } from '../krm/result.ts';
import type { Transform } from './transform.ts';

const isList = (object: KubeObject): boolean =>
  typeof object.kind === 'string' && (object.kind === 'List' || /^[A-Z]\w*List$/.test(object.kind)) && Array.isArray(object.items);

function entryName(entry: unknown): string {
  if (!isObject(entry)) return 'an entry that is not an object';
  const metadata = isObject(entry.metadata) ? entry.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? `${metadata.namespace}/` : '';
  return `${typeof entry.kind === 'string' ? entry.kind : 'an object'}${name ? ` ${namespace}${name}` : ''}`;
}

export const reportLists: Transform = (items) => {
  const results: Result[] = [];
  for (const object of items) {
    if (!isList(object)) continue;
    const entries = object.items as unknown[];
    if (entries.length === 0) continue;
    const shown = entries.slice(0, 3).map(entryName).join(', ') + (entries.length > 3 ? `, and ${entries.length - 3} more` : '');
    results.push(
      warning(
        'LIST_NOT_EXPANDED',
        `this ${String(object.kind)} holds ${entries.length === 1 ? `1 object (${shown}), which is` : `${entries.length} objects (${shown}), which are`} not injected: kuma-inject only looks at the ResourceList's own items. Expand the List into separate items (kpt and kustomize always do), or inject the file with the CLI (\`kuma-inject FILE\`), which expands Lists`,
        object,
        { field: 'items' },
      ),
    );
  }
  return { items, results };
};
