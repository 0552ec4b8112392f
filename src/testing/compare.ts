/** Semantic comparison of parsed YAML values for conformance tests: maps by key, lists in order. */

const describe = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text === undefined ? 'absent' : text.length > 160 ? `${text.slice(0, 157)}...` : text;
};

/** The first path where `expected` and `actual` differ, with both values; undefined when they are equal. */
export function firstDifference(expected: unknown, actual: unknown, path = ''): string | undefined {
  if (expected === actual) return undefined;
  const bothObjects = typeof expected === 'object' && typeof actual === 'object' && expected !== null && actual !== null;
  if (!bothObjects || Array.isArray(expected) !== Array.isArray(actual)) {
    return `${path || '.'}: expected ${describe(expected)}, got ${describe(actual)}`;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      const diff = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (diff) return diff;
    }
    return undefined;
  }
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  for (const key of new Set([...Object.keys(e), ...Object.keys(a)])) {
    const diff = firstDifference(e[key], a[key], `${path}.${key}`);
    if (diff) return diff;
  }
  return undefined;
}
