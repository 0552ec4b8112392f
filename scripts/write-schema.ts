/** Renders function/config.schema.json from the zod schema of the typed functionConfig (never edit it by hand). */
import { z } from 'zod';
import { kumaInjectSchema } from '../src/config.ts';

export function writeSchema(): string {
  const schema = z.toJSONSchema(kumaInjectSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'KumaInject functionConfig' }, null, 2)}\n`;
}
