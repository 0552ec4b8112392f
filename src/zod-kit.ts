/**
 * The zod/mini building blocks the functionConfig schemas share (src/config.ts, src/lifecycle/config.ts,
 * src/dataplane/config.ts). zod/mini, not classic zod: its schemas are plain objects without bound methods,
 * several times cheaper to build, and the schemas are built on every run that has a functionConfig.
 */
import { z } from 'zod/mini';
import { once } from './once.ts';

// zod/mini has no default locale; jitless skips compiling a parser that runs once per process.
const configure = once(() => z.config({ ...z.locales.en(), jitless: true }));

/** Schemas made by `build` on first use (a run without a functionConfig needs none), with zod configured. */
export function lazySchemas<T>(build: () => T): () => T {
  return once(() => {
    configure();
    return build();
  });
}

export const integer = (min: number, max?: number) => z.number().check(z.int(), z.minimum(min), ...(max === undefined ? [] : [z.maximum(max)]));
export const nonEmpty = () => z.string().check(z.minLength(1));
export const text = (value: string) => z._default(z.string(), value);
export const flag = (value: boolean) => z._default(z.boolean(), value);
export const strings = (value: string[]) => z._default(z.array(z.string()), value);
export const stringMap = (value: Record<string, string>) => z._default(z.record(z.string(), z.string()), value);

// A section absent from the input is parsed from `{}`, which gives its defaults (valid: no key is required).
const absent = {} as never;
/** A section whose keys are all known. */
export const section = <T extends z.core.$ZodLooseShape>(shape: T) => z.prefault(z.strictObject(shape), absent);
/** A section of a kuma-cp config document: keys we don't read are kept. */
export const cpSection = <T extends z.core.$ZodLooseShape>(shape: T) => z.prefault(z.looseObject(shape), absent);
