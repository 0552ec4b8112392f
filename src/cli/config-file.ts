/**
 * Reads the functionConfig of the CLI (`-c FILE`) and of the legacy kustomize plugin (its config file): one YAML
 * document holding a KumaInject or a ConfigMap, the same objects kpt and kustomize pass. It only parses; the
 * settings validate the content, and a `config.kubernetes.io/function` annotation is just metadata to them.
 */
import type { KubeObject } from '../krm/object.ts';
import { isObject } from '../krm/object.ts';
import { parseYamlText } from '../krm/resource-list.ts';

export type ConfigFileOutcome = { ok: true; functionConfig: KubeObject } | { ok: false; message: string };

export function readConfigFile(name: string, text: string): ConfigFileOutcome {
  const parsed = parseYamlText(text.replace(/^\uFEFF/, ''));
  if (!parsed.ok) return { ok: false, message: `config file ${name} ${parsed.error}` };
  if (!isObject(parsed.value)) {
    return { ok: false, message: `config file ${name} must hold one object, a kuma-inject.dev/v1alpha1 KumaInject or a v1 ConfigMap` };
  }
  return { ok: true, functionConfig: parsed.value };
}
