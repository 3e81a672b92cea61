import { describe, expect, it } from 'vitest';
import { readArchivedEvidence } from '../../lambdas/adapters/aws/read-evidence-archive.ts';
import type { EvidenceArchive } from '../../lambdas/rotation/ports.ts';
import type { EvidenceRecord, Provider } from '../../lambdas/rotation/rotation-state.ts';
import { CallLog, InMemoryArchive } from '../support/in-memory-ports.ts';

function recordOf(provider: Provider, principal: string, rotationId: string): EvidenceRecord {
  return {
    rotationId,
    provider,
    principal,
    executionArn: `arn:aws:states:eu-west-1:123456789012:execution:akr-${provider}:${rotationId}`,
    status: 'SUCCEEDED',
    oldKeyId: null,
    newKeyId: 'KEY1',
    startedAt: '2030-01-01T00:00:00.000Z',
    newKeyCreatedAt: null,
    verifiedAt: null,
    publishedAt: null,
    oldKeyLastUsedAt: null,
    retiredAt: null,
    deletedAt: null,
    failure: null,
  };
}

describe('readArchivedEvidence', () => {
  it('collects the records of one provider, or of all', async () => {
    const archive = new InMemoryArchive(new CallLog());
    const aws = recordOf('aws', 'alice', 'a-1');
    const yandex = recordOf('yandex', 'aje1', 'y-1');
    await archive.put(aws);
    await archive.put(yandex);
    expect(await readArchivedEvidence(archive, { provider: 'aws', bucket: 'b' })).toEqual({
      records: [aws],
      warnings: [],
    });
    expect((await readArchivedEvidence(archive, { bucket: 'b' })).records).toEqual([aws, yandex]);
  });

  it('turns an unreadable archive into a warning, keeping what was read', async () => {
    const first = recordOf('aws', 'alice', 'a-1');
    const broken: EvidenceArchive = {
      async put() {},
      async *list() {
        yield first;
        throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
      },
    };
    const read = await readArchivedEvidence(broken, { bucket: 'akr-evidence' });
    expect(read.records).toEqual([first]);
    expect(read.warnings).toEqual([
      'evidence archive s3://akr-evidence could not be read: AccessDenied: Access Denied',
    ]);
  });
});
