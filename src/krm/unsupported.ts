/** Thrown by the hand-written reader for input outside what it reads: read-yaml.ts then reads the input. */
export class Unsupported extends Error {}

export function unsupported(why: string): never {
  throw new Unsupported(why);
}

/** How deep the hand-written reader nests before it leaves the input to read-yaml.ts. */
export const MAX_DEPTH = 200;
