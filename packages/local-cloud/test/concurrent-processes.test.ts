/**
 * Several processes on one state dir, as several `akr` commands run at once:
 * real child processes, each with its own local cloud on the dir, writing
 * over the wire at the same moment.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readPersistedCloudState, startLocalCloud } from '../src/index.ts';
import { CloudStateStore } from '../src/state/cloud-state-store.ts';
import { tempStateDir } from './local-cloud-fixture.ts';
import { COUNTER_TABLE, GO_FILE, startWriter } from './support/concurrent-writers.ts';

const PROCESSES = 8;
const WRITES_PER_PROCESS = 50;

describe('several processes on one state dir', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it(`loses none of ${PROCESSES} processes × ${WRITES_PER_PROCESS} user creations and conditional counter increments`, async () => {
    // Prepare
    const stateDir = tempStateDir();
    dirs.push(stateDir);
    const setup = await startLocalCloud({ stateDir });
    setup.dynamodb.createTable({
      tableName: COUNTER_TABLE,
      keySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      attributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    });
    setup.dynamodb.putItem(COUNTER_TABLE, { id: { S: 'shared' }, n: { N: '0' } });
    await setup.close();
    const writers = Array.from({ length: PROCESSES }, (_, n) =>
      startWriter(stateDir, String(n), String(WRITES_PER_PROCESS)),
    );
    children.push(...writers.map((writer) => writer.child));
    await Promise.all(writers.map((writer) => writer.said('ready')));

    // Act
    writeFileSync(join(stateDir, GO_FILE), '');
    const results = await Promise.all(writers.map((writer) => writer.done));

    // Assess
    const state = readPersistedCloudState(stateDir);
    const made = results.reduce((sum, result) => sum + result.users + result.increments, 0);
    const usersKept = Object.keys(state.iam.users).filter((name) => name.startsWith('writer-')).length;
    const counter = Number(Object.values(state.dynamodb.tables[COUNTER_TABLE]?.items ?? {})[0]?.n?.N);
    const conflicts = results.reduce((sum, result) => sum + result.conflicts, 0);
    console.info(
      `${PROCESSES} processes: ${usersKept + counter} of ${made} writes kept (${usersKept} users, counter ${counter}; ${conflicts} conditional puts refused and retried)`,
    );
    expect(usersKept).toBe(PROCESSES * WRITES_PER_PROCESS);
    // Two puts conditional on the same value can never both succeed: every increment is counted once.
    expect(counter).toBe(PROCESSES * WRITES_PER_PROCESS);
  }, 180_000);

  it('lets go of the write lock when the process holding it is killed, keeping none of its change', async () => {
    // Prepare
    const stateDir = tempStateDir();
    dirs.push(stateDir);
    const store = new CloudStateStore(stateDir);
    const holder = startWriter(stateDir, 'holder', 'hold-lock');
    children.push(holder.child);
    await holder.said('holding');

    // Act
    holder.child.kill('SIGKILL');
    await new Promise((resolveExit) => holder.child.on('exit', resolveExit));
    const started = performance.now();
    store.mutate((draft) => {
      draft.iam.users.after = {
        userName: 'after',
        userId: 'AIDAAFTER',
        path: '/',
        createDate: 'd',
        tags: {},
      };
    });
    const waitedMs = performance.now() - started;
    store.close();

    // Assess
    expect(waitedMs).toBeLessThan(5000);
    expect(Object.keys(readPersistedCloudState(stateDir).iam.users)).toEqual(['after']);
  }, 60_000);
});
