/** `build()` on the first call, the same value after: for what is costly to make and not always needed. */
export function once<T>(build: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: build() }).value;
}
