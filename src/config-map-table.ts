/**
 * The ConfigMap key table of function/README.md ("ConfigMap form"), generated from CONFIG_MAP_KEYS so that the
 * reference lists the keys the code reads (src/docs.test.ts checks it; `UPDATE=1 npm run test:unit -- docs`
 * rewrites it). A flag's row says it takes "true"/"false", read from the field's schema.
 */
import { CONFIG_MAP_KEYS, type ConfigMapKeyInfo } from './config.ts';
import { fieldAt } from './config-map-paths.ts';

/** A shorthand's field as the reference names it: a kuma-cp key by its path in kuma-cp's config, any other by `spec.`. */
const fieldName = (path: string): string => (path.startsWith('controlPlane.') ? path.slice('controlPlane.'.length) : `spec.${path}`);

function meaning(key: string, info: ConfigMapKeyInfo): string {
  const path = info.sets ?? key;
  const flag = fieldAt(path.split('.'))?.type === 'boolean' ? '`"true"`/`"false"`: ' : '';
  return `${flag}${info.meaning ?? (info.sets ? `\`${fieldName(info.sets)}\`` : `as \`spec.${key}\``)}`;
}

export function configMapKeyTable(): string {
  const rows = Object.entries(CONFIG_MAP_KEYS as Record<string, ConfigMapKeyInfo>).map(([key, info]) => `| \`${key}\` | ${meaning(key, info)} |`);
  return ['| key | meaning |', '| --- | --- |', ...rows].join('\n');
}
