/**
 * Where `akr evidence --out` may write: anywhere but inside the state dir the
 * report reads. A report written over `cloud.db`, a history or an evidence
 * record would destroy the very evidence it was drawn from.
 */
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ValidationError } from '../../lambdas/rotation/rotation-errors.ts';

/** @throws ValidationError naming --out when `out` lies inside `stateDir`. */
export function checkReportDestination(out: string, stateDir: string): void {
  const state = realPath(resolve(stateDir));
  const target = realPath(resolve(out));
  const inside = relative(state, target);
  if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside)))
    throw new ValidationError(
      '--out',
      `${out} is inside the state dir ${stateDir} that the report reads; write the report elsewhere`,
    );
}

/** `path` with every symbolic link in its existing part resolved. */
function realPath(path: string): string {
  if (existsSync(path)) return realpathSync(path);
  const parent = dirname(path);
  return parent === path ? path : join(realPath(parent), basename(path));
}
