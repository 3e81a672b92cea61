/**
 * Where `akr evidence --out` may write. The report is read from the state
 * directory (executions, the local cloud's store, evidence records), so a
 * path inside it, through `..` or a symbolic link too, is refused before
 * anything is read: a report written there would destroy the state it reports on.
 */
import { lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { ValidationError } from '../../lambdas/rotation/rotation-errors.ts';

/**
 * The path `path` names once every link is followed, for a file that may not
 * exist yet: a dangling link is followed too, since writing through it would
 * create its target.
 */
function realTarget(path: string, links = 0): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    if (links < 40 && lstatSync(absolute, { throwIfNoEntry: false })?.isSymbolicLink())
      return realTarget(resolve(dirname(absolute), readlinkSync(absolute)), links + 1);
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(realTarget(parent, links), basename(absolute));
  }
}

export function parseReportDestination(out: string, stateDir: string): string {
  if (out === '') throw new ValidationError('--out', 'must be a file path');
  const target = realTarget(out);
  const state = realTarget(stateDir);
  if (target === state || target.startsWith(`${state}${sep}`))
    throw new ValidationError(
      '--out',
      `"${out}" is inside the state directory ${stateDir}, which the report is read from; write the report elsewhere`,
    );
  if (statSync(target, { throwIfNoEntry: false })?.isDirectory())
    throw new ValidationError('--out', `"${out}" is a directory; name a file`);
  return out;
}
