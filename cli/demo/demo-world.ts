/**
 * Where `npm run demo` keeps its world: the state directory every `akr`
 * command reads by default (`.akr`), so the README's Operate commands see
 * the demo's rotations right after it. The demo starts afresh each time,
 * but it only ever replaces a world it made itself: a marker file says so.
 * A state directory holding anything else (your own local rotations) is
 * left exactly as it is, and the demo says how to go on.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateDirectory, writeFileAtomically } from '../../local/private-files.ts';

export const DEMO_WORLD_MARKER = 'demo-world.json';
/** Where versions before this one kept the demo's world, inside the default state dir. */
const OLDER_DEMO_FOLDER = 'demo';

export type DemoWorld =
  | { readonly ready: true; readonly replaced?: string }
  | { readonly ready: false; readonly reason: string };

function executionCount(stateDir: string): number {
  const executions = join(stateDir, 'executions');
  return existsSync(executions) ? readdirSync(executions).filter((name) => name.endsWith('.json')).length : 0;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Empties `stateDir` for a new demo world when it is absent, empty or the demo's own; refuses otherwise. */
export function prepareDemoWorld(stateDir: string, now = new Date()): DemoWorld {
  const entries = existsSync(stateDir) ? readdirSync(stateDir) : [];
  let replaced: string | undefined;
  if (entries.includes(DEMO_WORLD_MARKER)) {
    replaced = `the previous demo world in ${stateDir}/ (${plural(executionCount(stateDir), 'execution')}, yours in it too)`;
  } else if (entries.length === 1 && entries[0] === OLDER_DEMO_FOLDER) {
    replaced = `the previous demo world in ${join(stateDir, OLDER_DEMO_FOLDER)}/`;
  } else if (entries.length > 0) {
    const count = executionCount(stateDir);
    return {
      ready: false,
      reason:
        `${stateDir}/ holds local state the demo did not make (${plural(count, 'execution')}, ${entries.join(', ')}), and the demo leaves it as it is. ` +
        `Move it aside (mv ${stateDir} ${stateDir}.saved) and run npm run demo again, or give the demo a directory of its own: ` +
        'npm run demo -- --state-dir <dir>, then pass --state-dir <dir> to the akr commands.',
    };
  }
  rmSync(stateDir, { recursive: true, force: true });
  makePrivateDirectory(stateDir);
  writeFileAtomically(
    join(stateDir, DEMO_WORLD_MARKER),
    `${JSON.stringify({ madeBy: 'npm run demo', createdAt: now.toISOString(), note: 'the next npm run demo replaces this directory' })}\n`,
  );
  return replaced === undefined ? { ready: true } : { ready: true, replaced };
}
