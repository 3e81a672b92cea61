/**
 * A committed change, as the store keeps it: the paths it wrote, in order,
 * each with the value it ended up with (`[{"p":[…path],"v":…},…]`, `v` absent
 * = delete). Replaying them onto the state the change started from rebuilds
 * the state it left. The SQLite store keeps one row of ops per change; older
 * versions kept one journal line each (legacy-state-files.ts).
 */
import { resolve } from './state-tree.ts';

/** Sets `p` to `v`, or deletes it when `v` is absent. */
export interface StateOp {
  readonly p: readonly string[];
  readonly v?: unknown;
}

/**
 * Applies `ops` in order onto `root`, in place.
 * @throws Error when an op's parent is missing: the ops do not follow this state.
 */
export function applyOps(root: object, ops: readonly StateOp[]): void {
  for (const { p, v } of ops) {
    const parentPath = p.slice(0, -1);
    const parent = resolve(root, parentPath);
    const key = p.at(-1);
    if (key === undefined || parent === null || typeof parent !== 'object')
      throw new Error(`state op for ${p.join('.')} does not fit the state`);
    const target = parent as Record<string, unknown>;
    if (v === undefined) delete target[key];
    else target[key] = v;
  }
}
