/**
 * A small validator over the subset of JSON Schema that function/config.schema.json uses (type, enum, const,
 * properties, required, additionalProperties, items, propertyNames, minimum, maximum, minLength, minItems,
 * pattern): enough to point at a wrong field in the editor before the run says INVALID_CONFIG.
 */

export interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | SchemaNode;
  readonly items?: SchemaNode;
  readonly propertyNames?: SchemaNode;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly minItems?: number;
  readonly pattern?: string;
  readonly default?: unknown;
}

export interface SchemaProblem {
  readonly path: string;
  readonly message: string;
}

const own = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(value: unknown, wanted: string | readonly string[]): boolean {
  const actual = typeOf(value);
  const list = typeof wanted === 'string' ? [wanted] : wanted;
  return list.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

const join = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : /^[A-Za-z_][\w-]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${key}]`;

export function checkSchema(value: unknown, schema: SchemaNode, path = ''): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const where = path || '(top level)';
  if (schema.type !== undefined && !typeMatches(value, schema.type)) {
    const wanted = typeof schema.type === 'string' ? schema.type : schema.type.join(' or ');
    return [{ path: where, message: `should be ${wanted}, not ${typeOf(value)}` }];
  }
  if (schema.const !== undefined && value !== schema.const) problems.push({ path: where, message: `should be ${JSON.stringify(schema.const)}` });
  if (schema.enum && !schema.enum.includes(value)) {
    problems.push({ path: where, message: `should be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}` });
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) problems.push({ path: where, message: `should be at least ${schema.minimum}` });
    if (schema.maximum !== undefined && value > schema.maximum) problems.push({ path: where, message: `should be at most ${schema.maximum}` });
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) problems.push({ path: where, message: `should not be empty` });
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) problems.push({ path: where, message: `should match ${schema.pattern}` });
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) problems.push({ path: where, message: `should have at least ${schema.minItems} item(s)` });
    if (schema.items) value.forEach((item, i) => problems.push(...checkSchema(item, schema.items!, join(path, i))));
  }
  if (typeOf(value) === 'object') problems.push(...checkObject(value as Record<string, unknown>, schema, path));
  return problems;
}

function checkObject(value: Record<string, unknown>, schema: SchemaNode, path: string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const properties = schema.properties ?? {};
  for (const key of schema.required ?? []) {
    if (!own(value, key)) problems.push({ path: join(path, key), message: 'is required' });
  }
  for (const key of Object.keys(value)) {
    const child = value[key];
    if (schema.propertyNames) problems.push(...checkSchema(key, schema.propertyNames, join(path, key)).map((p) => ({ ...p, message: `name ${p.message}` })));
    if (own(properties, key)) problems.push(...checkSchema(child, properties[key]!, join(path, key)));
    else if (schema.additionalProperties === false) problems.push({ path: join(path, key), message: `is not a field here (known: ${Object.keys(properties).join(', ')})` });
    else if (typeof schema.additionalProperties === 'object') problems.push(...checkSchema(child, schema.additionalProperties, join(path, key)));
  }
  return problems;
}

/** The fields the schema knows at `path` (for the editor's hints): name, type and enum or default. */
export function fieldsAt(schema: SchemaNode, path: readonly string[]): Array<{ name: string; hint: string }> {
  let node: SchemaNode | undefined = schema;
  for (const key of path) node = node?.properties && own(node.properties, key) ? node.properties[key] : undefined;
  if (!node?.properties) return [];
  return Object.entries(node.properties).map(([name, child]) => ({ name, hint: hintOf(child) }));
}

function hintOf(node: SchemaNode): string {
  const type = node.type === undefined ? 'any' : typeof node.type === 'string' ? node.type : node.type.join(' | ');
  if (node.enum) return node.enum.map((e) => JSON.stringify(e)).join(' | ');
  return node.default !== undefined && typeof node.default !== 'object' ? `${type}, default ${JSON.stringify(node.default)}` : type;
}
