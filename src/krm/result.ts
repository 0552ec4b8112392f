/**
 * KRM function results: what a user can fix is a value, collected and returned, never thrown.
 * Each result carries a stable `code` (written as `tags.code`), so that scripts can match on it.
 */
import type { KubeObject } from './object.ts';
import { identityOf, sourceFileOf } from './object.ts';

export type Severity = 'error' | 'warning' | 'info';

/** Every result code, in the order the reference documents them. Scripts may match on these. */
export const RESULT_CODES = [
  'INVALID_INPUT',
  'YAML_ANCHOR_CONFLICT',
  'LIST_NOT_EXPANDED',
  'INVALID_CONFIG',
  'CONFIG_FILE_IGNORED',
  'KUMA_PATCH_NOT_MODELLED',
  'CONFIG_KEY_NOT_IN_RELEASE',
  'NOT_MODELLED_FOR_RELEASE',
  'NO_CA_CERT',
  'CA_CERT_BLOCK_SKIPPED',
  'LEGACY_LAYOUT',
  'KUBERNETES_VERSION_FROM_HOST',
  'INJECTED',
  'SIDECAR_PRESENT',
  'INVALID_ANNOTATION',
  'INVALID_LABEL',
  'NAMESPACE_UNKNOWN',
  'NAMESPACE_LABEL_MISSING',
  'POD_LABEL_NOT_ENABLED',
  'MESH_NOT_FOUND',
  'MESH_UNVERIFIED',
  'SIDECAR_UID_CONFLICT',
  'INIT_CONTAINER_SIDECAR_UID',
  'DEPRECATED_ANNOTATION',
  'MESH_LABEL_IGNORED',
  'ANNOTATION_OVERRIDDEN',
  'ANNOTATION_NOT_IN_RELEASE',
  'REMOVED_IN_3_0',
  'INVALID_WORKLOAD',
  'INJECTION_FAILED',
  'CONTAINER_PATCH_MISSING',
  'CONTAINER_PATCH_FAILED',
  'CONTAINER_PATCH_IGNORED',
  'CONTAINER_PATCH_INVALID',
  'CONTAINER_PATCH_PRIVILEGED',
  'CONTAINER_PATCH_REFUSED',
  'TRANSPARENT_PROXY_CONFIG_MISSING',
  'UPGRADED',
  'USER_EDIT_KEPT',
  'INJECTED_CONTAINER_EDITED',
  'INJECTION_RECORD_INVALID',
  'PRESTOP_KEPT',
  'GRACE_PERIOD_SHORT',
  'GRACE_PERIOD_RAISED',
  'JOB_LEGACY_LAYOUT',
  'SIDECAR_ADOPTED',
  'SIDECAR_ADOPTION_REFUSED',
  'SIDECAR_STARTUP_PROBE_MISSING',
  'INIT_CONTAINER_INTERCEPTED',
  'WAIT_FOR_DATAPLANE_READY',
  'DATAPLANE_GENERATED',
  'DATAPLANE_FAILED',
  'DATAPLANE_MERGED',
  'DATAPLANE_OWNER_MISSING',
  'DATAPLANE_NAME_CONFLICT',
  'MESH_NAMESPACE_CONFLICT',
  'MESH_NAMESPACE_UNLABELED',
  'POLICY_TARGET_MISSING',
  'DIRECT_ACCESS_INVALID',
  'DIRECT_ACCESS_ALL',
] as const;

export type ResultCode = (typeof RESULT_CODES)[number];

export interface FieldRef {
  path: string;
  currentValue?: unknown;
  proposedValue?: unknown;
}

export interface Result {
  message: string;
  severity: Severity;
  code: ResultCode;
  resourceRef?: { apiVersion: string; kind: string; name: string; namespace?: string };
  field?: FieldRef;
  file?: { path: string; index?: number };
}

type ResultOptions = { field?: string | FieldRef };

function make(severity: Severity, code: ResultCode, message: string, object?: KubeObject, options: ResultOptions = {}): Result {
  const result: Result = { message, severity, code };
  if (object) {
    const id = identityOf(object);
    result.resourceRef = { apiVersion: id.apiVersion, kind: id.kind, name: id.name };
    if (id.namespace) result.resourceRef.namespace = id.namespace;
    const file = sourceFileOf(object);
    if (file) result.file = file;
  }
  if (options.field !== undefined) {
    result.field = typeof options.field === 'string' ? { path: options.field } : options.field;
  }
  return result;
}

export const error = (code: ResultCode, message: string, object?: KubeObject, options?: ResultOptions): Result =>
  make('error', code, message, object, options);
export const warning = (code: ResultCode, message: string, object?: KubeObject, options?: ResultOptions): Result =>
  make('warning', code, message, object, options);
export const info = (code: ResultCode, message: string, object?: KubeObject, options?: ResultOptions): Result =>
  make('info', code, message, object, options);

export const hasErrors = (results: readonly Result[]): boolean => results.some((r) => r.severity === 'error');

/** One line for stderr: `error: Deployment demo/web: spec.template...: message`. */
export function formatResultLine(result: Result): string {
  const ref = result.resourceRef;
  const where = ref ? `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}` : '';
  const file = result.file ? ` (${result.file.path}${result.file.index ? `#${result.file.index}` : ''})` : '';
  const field = result.field ? `${result.field.path}: ` : '';
  const head = where ? `${where}${file}: ` : '';
  return `${result.severity}: ${head}${field}${result.message}`.replace(/\s*\n\s*/g, ' ');
}

/** The KRM v1 shape of a result, as written into `ResourceList.results`. */
export function toKrmResult(result: Result): Record<string, unknown> {
  const out: Record<string, unknown> = { message: result.message, severity: result.severity };
  if (result.resourceRef) out.resourceRef = result.resourceRef;
  if (result.field) out.field = result.field;
  if (result.file) out.file = result.file;
  out.tags = { code: result.code };
  return out;
}
