/** Thrown by the hand-written reader for input outside what it reads: read-yaml.ts then reads the input. */
export class Unsupported extends Error {}

export function unsupported(why: string): never {
  throw new Unsupported(why);
}
