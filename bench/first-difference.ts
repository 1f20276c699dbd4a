import { isDeepStrictEqual } from 'node:util';

/** Where two JSON values first differ, as "path: left ≠ right"; null when they are equal. */
export function firstDifference(left: unknown, right: unknown, path = '$'): string | null {
  if (isDeepStrictEqual(left, right)) return null;
  const bothObjects = typeof left === 'object' && left !== null && typeof right === 'object' && right !== null;
  if (bothObjects && Array.isArray(left) === Array.isArray(right)) {
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    for (const key of keys) {
      const difference = firstDifference((left as any)[key], (right as any)[key], `${path}.${key}`);
      if (difference) return difference;
    }
  }
  const show = (value: unknown) => (value === undefined ? 'missing' : JSON.stringify(value)?.slice(0, 200));
  return `${path}: ${show(left)} ≠ ${show(right)}`;
}
