/**
 * How results name a config field: as the user wrote it, so that `field.path` points at what to fix. In the
 * KumaInject form that is `spec.<path>`. In the ConfigMap form it is the data key that set the field: the shorthand
 * if they used one (`data.nativeSidecars`), the dotted key (`data.lifecycle.preStop.seconds`), or the key whose
 * YAML text holds it (`data.controlPlane`); for a field no key set, the dotted key that would set it. The one
 * place that maps a spec path back to a ConfigMap key: every result about a config field is named here.
 */

export interface ConfigFieldNames {
  /** `spec.caCert`, or in the ConfigMap form `data.caCert`, `data.nativeSidecars`, `data.controlPlane`... */
  readonly field: (path: string) => string;
  /**
   * What of `path` lies inside the value of the key `field` names, for a message: `dpServer.port` when
   * `data.controlPlane` holds it as YAML text, '' when the key names the field itself.
   */
  readonly within: (path: string) => string;
  /**
   * How to write the field with `value`, for advice: `spec.lifecycle.gracePeriod.raise: true`; in the ConfigMap form
   * the key that sets exactly this field (`data.nativeSidecars: "false"`), else its dotted key, which wins over a
   * section's YAML text (`data.lifecycle.gracePeriod.raise: "true"`, not `data.lifecycle: true`). Values are strings there.
   */
  readonly setting: (path: string, value: string) => string;
}

/** The KumaInject form: every field by its own path under `spec`. */
export const SPEC_FIELD_NAMES: ConfigFieldNames = {
  field: (path) => (path ? `spec.${path}` : 'spec'),
  within: () => '',
  setting: (path, value) => `spec.${path}: ${value}`,
};

/**
 * A field's path from its steps, as results write it: names joined by dots, list indexes in brackets
 * (`workloadKinds[0].apiVersion`), so that the path reads as the user's YAML and not as a key named `0`.
 */
export function fieldPath(steps: readonly PropertyKey[]): string {
  let path = '';
  for (const step of steps) path += typeof step === 'number' ? `[${step}]` : path ? `.${String(step)}` : String(step);
  return path;
}

/** A ConfigMap key the user wrote and the spec path it sets (a shorthand's field, or the key itself). */
export interface WrittenKey {
  readonly key: string;
  readonly path: string;
}

/** Whether the field at `path` is `outer` or lies inside it (`namespaces.shop`, `workloadKinds[0]` inside `namespaces`, `workloadKinds`). */
const inside = (path: string, outer: string): boolean => path === outer || path.startsWith(`${outer}.`) || path.startsWith(`${outer}[`);

/**
 * The ConfigMap form, given its keys: the deepest key that set the field or a section holding it; else a key that
 * set a field inside it (a note on the `ebpf` section when only `controlPlane.runtime.kubernetes.injector.ebpf.enabled`
 * was written); else the field's dotted key.
 */
export function configMapFieldNames(keys: readonly WrittenKey[]): ConfigFieldNames {
  const holder = (path: string): WrittenKey | undefined => {
    let best: WrittenKey | undefined;
    for (const written of keys) if (inside(path, written.path) && (!best || written.path.length > best.path.length)) best = written;
    return best;
  };
  return {
    field: (path) => (path ? `data.${(holder(path) ?? keys.find((written) => inside(written.path, path)))?.key ?? path}` : 'data'),
    within: (path) => {
      const written = holder(path);
      return written ? path.slice(written.path.length).replace(/^\./, '') : '';
    },
    setting: (path, value) => {
      const written = holder(path);
      return `data.${written?.path === path ? written.key : path}: ${JSON.stringify(value)}`;
    },
  };
}

/** A message about the field at `path`, led by where in the key's value it is when that key holds more (`dpServer.port: ...`). */
export function withinMessage(names: ConfigFieldNames, path: string, message: string): string {
  const within = names.within(path);
  return within ? `\`${within}\`: ${message}` : message;
}
