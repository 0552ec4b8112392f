/** Build-time views of the zod schema: function/config.schema.json (never edit it by hand) and the default spec. */
import { z } from 'zod/mini';
import { configSchemas } from '../src/config.ts';

export function writeSchema(): string {
  const schema = z.toJSONSchema(configSchemas().kumaInjectSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'KumaInject functionConfig' }, null, 2)}\n`;
}

/** The spec that no functionConfig means, computed once at build time so a run without config skips zod. */
export function defaultSpec(): unknown {
  return configSchemas().specSchema.parse(undefined);
}

export { writeSpecTypes, writeTypes } from './write-types.ts';
