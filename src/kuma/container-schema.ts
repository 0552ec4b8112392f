/**
 * The Kubernetes core/v1 Container shape, to check a container after ContainerPatches and before injection. Kuma
 * decodes the patched JSON back into a Go struct: wrong types are errors there and here; unknown fields are
 * dropped silently there, and here too, but reported; the fields come out in the struct's order. Only structure
 * and types are checked, not values (the API server does that).
 *
 * The shape is plain data walked by a small checker rather than a zod schema: it runs on every container of
 * every workload, and building and first running a zod schema of this size was a tenth of a small run. Messages
 * are zod's (`Invalid input: expected string, received number`), except that a field taking two types names
 * both where zod said only `Invalid input`.
 */
import { isObject } from '../krm/object.ts';

type Scalar = 'string' | 'int' | 'boolean' | 'int-or-string' | 'string-or-number' | 'any';
type Shape = Scalar | ListShape | MapShape | ObjectShape;
interface ListShape {
  readonly list: Shape;
}
interface MapShape {
  readonly map: Shape;
}
interface ObjectShape {
  readonly fields: Readonly<Record<string, Shape>>;
  /** Fields that must be present (all others are optional). */
  readonly required: readonly string[];
}

const list = (of: Shape): ListShape => ({ list: of });
const map = (of: Shape): MapShape => ({ map: of });
/** An object; a field whose name ends in `!` is required (the `!` is not part of the name). */
function object(fields: Record<string, Shape>): ObjectShape {
  const entries = Object.entries(fields).map(([key, shape]): [string, Shape, boolean] =>
    key.endsWith('!') ? [key.slice(0, -1), shape, true] : [key, shape, false],
  );
  return { fields: Object.fromEntries(entries.map(([key, shape]) => [key, shape])), required: entries.filter(([, , req]) => req).map(([key]) => key) };
}

const keyRef = object({ name: 'string', 'key!': 'string', optional: 'boolean' });
const handler = {
  exec: object({ command: list('string') }),
  httpGet: object({
    path: 'string',
    'port!': 'int-or-string',
    host: 'string',
    scheme: 'string',
    httpHeaders: list(object({ 'name!': 'string', 'value!': 'string' })),
  }),
  tcpSocket: object({ 'port!': 'int-or-string', host: 'string' }),
};
const probe = object({
  ...handler,
  grpc: object({ 'port!': 'int', service: 'string' }),
  initialDelaySeconds: 'int',
  timeoutSeconds: 'int',
  periodSeconds: 'int',
  successThreshold: 'int',
  failureThreshold: 'int',
  terminationGracePeriodSeconds: 'int',
});
const lifecycleHandler = object({ ...handler, sleep: object({ 'seconds!': 'int' }) });
const profile = object({ 'type!': 'string', localhostProfile: 'string' });

/** Go's core/v1 Container, field for field in the struct's order. */
export const CONTAINER: ObjectShape = object({
  'name!': 'string',
  image: 'string',
  command: list('string'),
  args: list('string'),
  workingDir: 'string',
  ports: list(object({ name: 'string', hostPort: 'int', 'containerPort!': 'int', protocol: 'string', hostIP: 'string' })),
  envFrom: list(
    object({
      prefix: 'string',
      configMapRef: object({ name: 'string', optional: 'boolean' }),
      secretRef: object({ name: 'string', optional: 'boolean' }),
    }),
  ),
  env: list(
    object({
      'name!': 'string',
      value: 'string',
      valueFrom: object({
        fieldRef: object({ apiVersion: 'string', 'fieldPath!': 'string' }),
        resourceFieldRef: object({ containerName: 'string', 'resource!': 'string', divisor: 'string-or-number' }),
        configMapKeyRef: keyRef,
        secretKeyRef: keyRef,
        fileKeyRef: object({ 'volumeName!': 'string', 'path!': 'string', 'key!': 'string', optional: 'boolean' }),
      }),
    }),
  ),
  resources: object({
    limits: map('string-or-number'),
    requests: map('string-or-number'),
    claims: list(object({ 'name!': 'string', request: 'string' })),
  }),
  resizePolicy: list(object({ 'resourceName!': 'string', 'restartPolicy!': 'string' })),
  restartPolicy: 'string',
  restartPolicyRules: list(map('any')),
  volumeMounts: list(
    object({
      'name!': 'string',
      readOnly: 'boolean',
      recursiveReadOnly: 'string',
      'mountPath!': 'string',
      subPath: 'string',
      mountPropagation: 'string',
      subPathExpr: 'string',
    }),
  ),
  volumeDevices: list(object({ 'name!': 'string', 'devicePath!': 'string' })),
  livenessProbe: probe,
  readinessProbe: probe,
  startupProbe: probe,
  lifecycle: object({ postStart: lifecycleHandler, preStop: lifecycleHandler, stopSignal: 'string' }),
  terminationMessagePath: 'string',
  terminationMessagePolicy: 'string',
  imagePullPolicy: 'string',
  securityContext: object({
    capabilities: object({ add: list('string'), drop: list('string') }),
    privileged: 'boolean',
    seLinuxOptions: object({ user: 'string', role: 'string', type: 'string', level: 'string' }),
    windowsOptions: object({ gmsaCredentialSpecName: 'string', gmsaCredentialSpec: 'string', runAsUserName: 'string', hostProcess: 'boolean' }),
    runAsUser: 'int',
    runAsGroup: 'int',
    runAsNonRoot: 'boolean',
    readOnlyRootFilesystem: 'boolean',
    allowPrivilegeEscalation: 'boolean',
    procMount: 'string',
    seccompProfile: profile,
    appArmorProfile: profile,
  }),
  stdin: 'boolean',
  stdinOnce: 'boolean',
  tty: 'boolean',
});

export type ContainerCheck =
  | { ok: true; container: Record<string, unknown>; dropped: string[] }
  | { ok: false; path: string; message: string };

/** The first problem found: its path (such as `/ports/0/containerPort`) and message. */
class ShapeError {
  readonly path: string;
  readonly message: string;
  constructor(path: string, message: string) {
    this.path = path;
    this.message = message;
  }
}

const received = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value;
};

const mismatch = (path: string, expected: string, value: unknown): ShapeError =>
  new ShapeError(path, `Invalid input: expected ${expected}, received ${received(value)}`);

/** An integer a Go int64 field and JSON agree on; a float or a non-number is a type error. */
function checkInt(value: unknown, path: string, expected: string): ShapeError | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return mismatch(path, expected === 'int' ? 'number' : expected, value);
  if (!Number.isInteger(value)) return mismatch(path, expected, value);
  if (value > Number.MAX_SAFE_INTEGER) return new ShapeError(path, `Too big: expected int to be <=${Number.MAX_SAFE_INTEGER}`);
  if (value < Number.MIN_SAFE_INTEGER) return new ShapeError(path, `Too small: expected int to be >=${Number.MIN_SAFE_INTEGER}`);
  return undefined;
}

function checkScalar(shape: Scalar, value: unknown, path: string): ShapeError | undefined {
  switch (shape) {
    case 'any':
      return undefined;
    case 'string':
    case 'boolean':
      return typeof value === shape ? undefined : mismatch(path, shape, value);
    case 'int':
      return checkInt(value, path, 'int');
    case 'int-or-string':
      return typeof value === 'string' ? undefined : checkInt(value, path, 'int or string');
    case 'string-or-number':
      return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? undefined : mismatch(path, 'string or number', value);
  }
}

/** The value as the shape keeps it (known fields only, in the shape's order); throws the first ShapeError. */
function decode(shape: Shape, value: unknown, path: string): unknown {
  if (typeof shape === 'string') {
    const problem = checkScalar(shape, value, path);
    if (problem) throw problem;
    return value;
  }
  if ('list' in shape) {
    if (!Array.isArray(value)) throw mismatch(path, 'array', value);
    return value.map((item, index) => decode(shape.list, item, `${path}/${index}`));
  }
  if (!isObject(value)) throw mismatch(path, 'map' in shape ? 'record' : 'object', value);
  const out: Record<string, unknown> = {};
  if ('map' in shape) {
    // defineProperty, so that a `__proto__` key stays a key.
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(out, key, { value: decode(shape.map, item, `${path}/${key}`), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  for (const [key, field] of Object.entries(shape.fields)) {
    const item = value[key];
    // A missing required field fails as `undefined` does in decode (`expected string, received undefined`).
    if (item !== undefined || shape.required.includes(key)) out[key] = decode(field, item, `${path}/${key}`);
  }
  return out;
}

/** Paths of keys in `value` that the shape does not know, in the value's own order. */
function unknownPaths(shape: Shape, value: unknown, path: string): string[] {
  if (typeof shape === 'string') return [];
  if ('list' in shape) return Array.isArray(value) ? value.flatMap((item, index) => unknownPaths(shape.list, item, `${path}/${index}`)) : [];
  if (!isObject(value)) return [];
  if ('map' in shape) return Object.entries(value).flatMap(([key, item]) => unknownPaths(shape.map, item, `${path}/${key}`));
  return Object.entries(value).flatMap(([key, item]) => {
    return Object.hasOwn(shape.fields, key) ? unknownPaths(shape.fields[key]!, item, `${path}/${key}`) : [`${path}/${key}`];
  });
}

type Decoded = { ok: true; container: Record<string, unknown> } | { ok: false; path: string; message: string };

function decodeContainer(value: unknown): Decoded {
  try {
    return { ok: true, container: decode(CONTAINER, value, '') as Record<string, unknown> };
  } catch (caught) {
    if (!(caught instanceof ShapeError)) throw caught;
    return { ok: false, path: caught.path || '/', message: caught.message };
  }
}

/** Checks types, and removes (and lists) fields that a Go decoder would drop. */
export function checkContainer(value: unknown): ContainerCheck {
  const decoded = decodeContainer(value);
  return decoded.ok ? { ...decoded, dropped: unknownPaths(CONTAINER, value, '') } : decoded;
}

/** The fields of an object shape as entries, made once per shape. */
const fieldEntries = new WeakMap<ObjectShape, ReadonlyArray<readonly [string, Shape]>>();
function entriesOf(shape: ObjectShape): ReadonlyArray<readonly [string, Shape]> {
  let entries = fieldEntries.get(shape);
  if (!entries) fieldEntries.set(shape, (entries = Object.entries(shape.fields)));
  return entries;
}

/** A problem found below `segment`: its path gets the segment in front. */
const below = (problem: ShapeError, segment: string): ShapeError => new ShapeError(`/${segment}${problem.path}`, problem.message);

/**
 * The first problem decode would throw, found in the same order, without building the decoded value or the path
 * of every field on the way (a path is made only for the problem).
 */
function problemIn(shape: Shape, value: unknown): ShapeError | undefined {
  if (typeof shape === 'string') return checkScalar(shape, value, '');
  if ('list' in shape) {
    if (!Array.isArray(value)) return mismatch('', 'array', value);
    for (let i = 0; i < value.length; i++) {
      const problem = problemIn(shape.list, value[i]);
      if (problem) return below(problem, String(i));
    }
    return undefined;
  }
  if (!isObject(value)) return mismatch('', 'map' in shape ? 'record' : 'object', value);
  if ('map' in shape) {
    for (const [key, item] of Object.entries(value)) {
      const problem = problemIn(shape.map, item);
      if (problem) return below(problem, key);
    }
    return undefined;
  }
  for (const [key, field] of entriesOf(shape)) {
    const item = value[key];
    if (item === undefined && !shape.required.includes(key)) continue;
    const problem = problemIn(field, item);
    if (problem) return below(problem, key);
  }
  return undefined;
}

/** The first type problem of a container, or undefined: the check alone, for a container that is not rewritten. */
export function containerProblem(value: unknown): { path: string; message: string } | undefined {
  const problem = problemIn(CONTAINER, value);
  return problem ? { path: problem.path || '/', message: problem.message } : undefined;
}
