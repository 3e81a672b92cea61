/**
 * Paths into the state tree (plain objects and arrays, as JSON makes them).
 */

export type Container = Record<string, unknown>;

export function isContainer(value: unknown): value is Container {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return Array.isArray(value) || prototype === Object.prototype || prototype === null;
}

export function resolve(root: object, path: readonly string[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (!isContainer(node)) return undefined;
    node = node[key];
  }
  return node;
}
