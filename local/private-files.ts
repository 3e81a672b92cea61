/**
 * Files under the state dir, written so that another `akr` process on the
 * same directory never reads half a file and two writers never mix theirs:
 * each file is written whole to a temp name of its own, then moved into
 * place in one step. The state dir holds the local cloud's secrets, so what
 * is created here is the owner's alone (folders 0700, files 0600).
 */

import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';

export const PRIVATE_DIRECTORY_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `path` and its missing parents, each 0700; a folder that exists keeps its mode. */
export function makePrivateDirectory(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
}

/**
 * Writes `text` to `path` in one step: readers see the old file or the new
 * one, never part of either.
 * @param exclusive refuse (EEXIST) when `path` already exists, atomically:
 *   of two processes creating the same file, exactly one succeeds.
 */
export function writeFileAtomically(
  path: string,
  text: string,
  options: { readonly exclusive?: boolean } = {},
): void {
  const temp = `${path}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  writeFileSync(temp, text, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  try {
    if (options.exclusive) linkSync(temp, path);
    else renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * `writeFileAtomically` off the event loop: a runner saving thousands of
 * records waits for the disk on libuv's threads, not on its own.
 */
export async function writeFileAtomicallyAsync(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  await writeFile(temp, text, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
