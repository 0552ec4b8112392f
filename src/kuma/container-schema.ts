/**
 * The Kubernetes core/v1 Container shape, to check a container after ContainerPatches. Kuma decodes the patched
 * JSON back into a Go struct: wrong types are errors there and here; unknown fields are dropped silently there,
 * and here too, but reported. Only structure and types are checked, not values (the API server does that).
 */
import { z } from 'zod';

const intOrString = z.union([z.number().int(), z.string()]);
const str = z.string();
const int = z.number().int();
const bool = z.boolean();
const strings = z.array(z.string());
const quantities = z.record(z.string(), z.union([z.string(), z.number()]));

const keyRef = z.object({ name: str.optional(), key: str, optional: bool.optional() });
const fieldRef = z.object({ apiVersion: str.optional(), fieldPath: str });
const resourceFieldRef = z.object({ containerName: str.optional(), resource: str, divisor: z.union([str, z.number()]).optional() });

const handler = {
  exec: z.object({ command: strings.optional() }).optional(),
  httpGet: z
    .object({
      path: str.optional(),
      port: intOrString,
      host: str.optional(),
      scheme: str.optional(),
      httpHeaders: z.array(z.object({ name: str, value: str })).optional(),
    })
    .optional(),
  tcpSocket: z.object({ port: intOrString, host: str.optional() }).optional(),
};

const probe = z.object({
  ...handler,
  grpc: z.object({ port: int, service: str.optional() }).optional(),
  initialDelaySeconds: int.optional(),
  timeoutSeconds: int.optional(),
  periodSeconds: int.optional(),
  successThreshold: int.optional(),
  failureThreshold: int.optional(),
  terminationGracePeriodSeconds: int.optional(),
});

const lifecycleHandler = z.object({ ...handler, sleep: z.object({ seconds: int }).optional() });

export const containerSchema = z.object({
  name: str,
  image: str.optional(),
  command: strings.optional(),
  args: strings.optional(),
  workingDir: str.optional(),
  ports: z
    .array(
      z.object({
        name: str.optional(),
        hostPort: int.optional(),
        containerPort: int,
        protocol: str.optional(),
        hostIP: str.optional(),
      }),
    )
    .optional(),
  envFrom: z
    .array(
      z.object({
        prefix: str.optional(),
        configMapRef: z.object({ name: str.optional(), optional: bool.optional() }).optional(),
        secretRef: z.object({ name: str.optional(), optional: bool.optional() }).optional(),
      }),
    )
    .optional(),
  env: z
    .array(
      z.object({
        name: str,
        value: str.optional(),
        valueFrom: z
          .object({
            fieldRef: fieldRef.optional(),
            resourceFieldRef: resourceFieldRef.optional(),
            configMapKeyRef: keyRef.optional(),
            secretKeyRef: keyRef.optional(),
            fileKeyRef: z.object({ volumeName: str, path: str, key: str, optional: bool.optional() }).optional(),
          })
          .optional(),
      }),
    )
    .optional(),
  resources: z
    .object({
      limits: quantities.optional(),
      requests: quantities.optional(),
      claims: z.array(z.object({ name: str, request: str.optional() })).optional(),
    })
    .optional(),
  resizePolicy: z.array(z.object({ resourceName: str, restartPolicy: str })).optional(),
  restartPolicy: str.optional(),
  restartPolicyRules: z.array(z.record(z.string(), z.unknown())).optional(),
  volumeMounts: z
    .array(
      z.object({
        name: str,
        readOnly: bool.optional(),
        recursiveReadOnly: str.optional(),
        mountPath: str,
        subPath: str.optional(),
        mountPropagation: str.optional(),
        subPathExpr: str.optional(),
      }),
    )
    .optional(),
  volumeDevices: z.array(z.object({ name: str, devicePath: str })).optional(),
  livenessProbe: probe.optional(),
  readinessProbe: probe.optional(),
  startupProbe: probe.optional(),
  lifecycle: z
    .object({ postStart: lifecycleHandler.optional(), preStop: lifecycleHandler.optional(), stopSignal: str.optional() })
    .optional(),
  terminationMessagePath: str.optional(),
  terminationMessagePolicy: str.optional(),
  imagePullPolicy: str.optional(),
  securityContext: z
    .object({
      capabilities: z.object({ add: strings.optional(), drop: strings.optional() }).optional(),
      privileged: bool.optional(),
      seLinuxOptions: z.object({ user: str.optional(), role: str.optional(), type: str.optional(), level: str.optional() }).optional(),
      windowsOptions: z
        .object({
          gmsaCredentialSpecName: str.optional(),
          gmsaCredentialSpec: str.optional(),
          runAsUserName: str.optional(),
          hostProcess: bool.optional(),
        })
        .optional(),
      runAsUser: int.optional(),
      runAsGroup: int.optional(),
      runAsNonRoot: bool.optional(),
      readOnlyRootFilesystem: bool.optional(),
      allowPrivilegeEscalation: bool.optional(),
      procMount: str.optional(),
      seccompProfile: z.object({ type: str, localhostProfile: str.optional() }).optional(),
      appArmorProfile: z.object({ type: str, localhostProfile: str.optional() }).optional(),
    })
    .optional(),
  stdin: bool.optional(),
  stdinOnce: bool.optional(),
  tty: bool.optional(),
});

export type ContainerCheck =
  | { ok: true; container: Record<string, unknown>; dropped: string[] }
  | { ok: false; path: string; message: string };

/** JSON-pointer-ish path of a zod issue, such as `/securityContext/runAsUser`. */
const pointer = (path: readonly PropertyKey[]): string => `/${path.map(String).join('/')}`;

/** Checks types, and removes (and lists) fields that a Go decoder would drop. */
export function checkContainer(value: unknown): ContainerCheck {
  const strict = containerSchema.safeParse(value);
  if (strict.success) {
    const dropped = unknownPaths(value, containerSchema);
    return { ok: true, container: strict.data as Record<string, unknown>, dropped };
  }
  const issue = strict.error.issues[0]!;
  return { ok: false, path: pointer(issue.path), message: issue.message };
}

/** Paths of keys in `value` that the schema does not know (zod's default object strips them). */
function unknownPaths(value: unknown, schema: z.ZodType, prefix = ''): string[] {
  const def = schema as unknown as { def?: { type?: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; innerType?: z.ZodType } };
  const kind = def.def?.type;
  if (kind === 'optional' && def.def?.innerType) return unknownPaths(value, def.def.innerType, prefix);
  if (kind === 'object' && def.def?.shape && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const shape = def.def.shape;
    return Object.entries(value).flatMap(([key, child]) =>
      key in shape ? unknownPaths(child, shape[key]!, `${prefix}/${key}`) : [`${prefix}/${key}`],
    );
  }
  if (kind === 'array' && def.def?.element && Array.isArray(value)) {
    return value.flatMap((child, index) => unknownPaths(child, def.def!.element!, `${prefix}/${index}`));
  }
  return [];
}
