/**
 * `akr status --local` agrees with the lock table: a lock whose execution has
 * ended (a failed rollback leaves one until its lease ends) is reported with
 * that lease, where Plan would refuse a new rotation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCloud } from '@access-key-rotator/local-cloud';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statusCommand } from '../../cli/commands/status-command.ts';
import { ExecutionHistoryStore } from '../../local/workflow/execution-history-store.ts';

const ARN = 'arn:aws:states:us-east-1:000000000000:execution:Rotation:alice-2026-12-01';
let stateDir: string;

function captured() {
  const lines: string[] = [];
  return {
    lines,
    output: { line: (text: string) => lines.push(text), error: (text: string) => lines.push(text) },
  };
}

async function holdLock(principal: string, executionArn: string, expiresAt: Date): Promise<void> {
  const cloud = await startLocalCloud({ stateDir });
  try {
    if (!cloud.dynamodb.findTable('LockTable'))
      cloud.dynamodb.createTable({
        tableName: 'LockTable',
        keySchema: [{ AttributeName: 'lockId', KeyType: 'HASH' }],
        attributeDefinitions: [{ AttributeName: 'lockId', AttributeType: 'S' }],
      });
    cloud.dynamodb.putItem('LockTable', {
      lockId: { S: `aws#${principal}` },
      rotationId: { S: executionArn.split(':').at(-1) ?? '' },
      executionArn: { S: executionArn },
      acquiredAt: { S: '2026-12-01T00:00:00.000Z' },
      expiresAt: { S: expiresAt.toISOString() },
    });
  } finally {
    await cloud.close();
  }
}

function recordEnded(executionArn: string): void {
  new ExecutionHistoryStore(stateDir).create({
    executionArn,
    stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:Rotation',
    name: executionArn.split(':').at(-1) ?? '',
    status: 'FAILED',
    input: { principal: 'alice' },
    startDate: '2026-12-01T00:00:00.000Z',
    stopDate: '2026-12-01T00:01:00.000Z',
    error: 'States.TaskFailed',
    events: [],
  });
}

beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'akr-status-locks-'));
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

describe('akr status --local and the lock table', () => {
  it('reports a lock whose execution ended, with the lease that frees it', async () => {
    const expiresAt = new Date(Date.now() + 36 * 86_400_000);
    await holdLock('alice', ARN, expiresAt);
    recordEnded(ARN);

    const status = captured();
    expect(await statusCommand({ local: true, stateDir }, status.output)).toBe(0);
    const text = status.lines.join('\n');
    expect(text).toContain('No rotation in flight.');
    expect(text).toContain('aws/alice  lock held by alice-2026-12-01, whose execution has ended FAILED');
    expect(text).toContain(`until its lease ends at ${expiresAt.toISOString()}`);

    const json = captured();
    await statusCommand({ local: true, stateDir, json: true }, json.output);
    const document = JSON.parse(json.lines.join('\n'));
    expect(document.locksWithoutRun).toMatchObject([
      { principal: 'alice', provider: 'aws', executionStatus: 'FAILED', expiresAt: expiresAt.toISOString() },
    ]);
  });

  it('leaves out expired locks and other principals', async () => {
    await holdLock('alice', ARN, new Date(Date.now() - 1000));
    await holdLock('bob', `${ARN.replace('alice', 'bob')}`, new Date(Date.now() + 86_400_000));

    const forAlice = captured();
    await statusCommand({ local: true, stateDir, principal: 'alice', json: true }, forAlice.output);
    expect(JSON.parse(forAlice.lines.join('\n')).locksWithoutRun).toEqual([]);

    const all = captured();
    await statusCommand({ local: true, stateDir, json: true }, all.output);
    const locks = JSON.parse(all.lines.join('\n')).locksWithoutRun;
    expect(locks.map((lock: { principal: string }) => lock.principal)).toEqual(['bob']);
    expect(locks[0].executionStatus).toBeUndefined();
  });
});
