import { describe, expect, it } from 'vitest';
import type { RotationStart, RotationStarter } from '../../lambdas/http/rotation-starter.ts';
import { LeakResponseStartError, respondToExposure } from '../../lambdas/leak/respond-to-exposure.ts';
import { RotationAlreadyStartedError, TransientError } from '../../lambdas/rotation/rotation-errors.ts';
import { exposureEvent } from './exposure-fixture.ts';

const HUB = '123456789012';
const FIRST = 'AKIAFIRST00000000001';
const SECOND = 'AKIASECOND0000000002';

interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

function recordingLog() {
  const lines: LogLine[] = [];
  const at = (level: string) => (message: string, fields: Record<string, unknown>) =>
    lines.push({ level, message, fields });
  return { lines, log: { info: at('info'), warn: at('warn'), error: at('error') } };
}

/** A starter that records each start and answers with `outcome(start)`. */
function starter(outcome: (start: RotationStart) => Error | undefined = () => undefined) {
  const starts: RotationStart[] = [];
  const port: RotationStarter = {
    async start(start) {
      starts.push(start);
      const error = outcome(start);
      if (error) throw error;
      return {
        executionArn: `arn:aws:states:us-east-1:${HUB}:execution:akr:${start.executionName}`,
        startDate: new Date(),
      };
    },
  };
  return { starts, port };
}

describe('respondToExposure', () => {
  it('starts the AWS emergency rotation of each exposed key and logs it by execution name and key id', async () => {
    // Prepare
    const { starts, port } = starter();
    const { lines, log } = recordingLog();

    // Act
    const result = await respondToExposure(exposureEvent({ keyIds: [FIRST, SECOND] }), {
      starter: port,
      hubAccountId: HUB,
      log,
    });

    // Assess
    expect(starts).toEqual([
      {
        provider: 'aws',
        executionName: `${FIRST}-2026-12-02T1340`,
        input: { accessKeyId: FIRST, emergency: true, exposureReportedAt: '2026-12-02T13:40:07.000Z' },
        label: `access key ${FIRST}`,
      },
      {
        provider: 'aws',
        executionName: `${SECOND}-2026-12-02T1340`,
        input: { accessKeyId: SECOND, emergency: true, exposureReportedAt: '2026-12-02T13:40:07.000Z' },
        label: `access key ${SECOND}`,
      },
    ]);
    expect(result).toEqual({
      started: [`${FIRST}-2026-12-02T1340`, `${SECOND}-2026-12-02T1340`],
      alreadyStarted: [],
      ignored: [],
    });
    expect(lines.map((line) => [line.level, line.message, line.fields.accessKeyId])).toEqual([
      ['info', 'LeakResponse started', FIRST],
      ['info', 'LeakResponse started', SECOND],
    ]);
  });

  it('takes a rotation already started under that name (a redelivered event) as done', async () => {
    // Prepare
    const { port } = starter(() => new RotationAlreadyStartedError('rotation was already started'));
    const { lines, log } = recordingLog();

    // Act
    const result = await respondToExposure(exposureEvent(), { starter: port, hubAccountId: HUB, log });

    // Assess
    expect(result).toEqual({
      started: [],
      alreadyStarted: ['AKIAEXPOSEDEXAMPLE01-2026-12-02T1340'],
      ignored: [],
    });
    expect(lines.map((line) => line.message)).toEqual(['LeakResponse already started']);
  });

  it('ignores a malformed event, logging only its field, and starts nothing', async () => {
    // Prepare
    const { starts, port } = starter();
    const { lines, log } = recordingLog();

    // Act
    const result = await respondToExposure(exposureEvent({ account: 'not-an-account' }), {
      starter: port,
      hubAccountId: HUB,
      log,
    });

    // Assess
    expect(result).toEqual({ started: [], alreadyStarted: [], ignored: ['account'] });
    expect(starts).toEqual([]);
    expect(lines).toEqual([
      {
        level: 'warn',
        message: 'LeakResponse ignored the event',
        fields: { field: 'account', reason: 'account: must be a 12-digit AWS account id' },
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain('not-an-account');
  });

  it('starts every other key when one start fails, then fails naming key ids and error names only', async () => {
    // Prepare
    const { starts, port } = starter((start) =>
      start.input.accessKeyId === FIRST
        ? new TransientError('Step Functions StartExecution timed out')
        : undefined,
    );
    const { lines, log } = recordingLog();

    // Act
    const outcome = respondToExposure(exposureEvent({ keyIds: [FIRST, SECOND] }), {
      starter: port,
      hubAccountId: HUB,
      log,
    });

    // Assess
    await expect(outcome).rejects.toThrow(LeakResponseStartError);
    await expect(outcome).rejects.toThrow(
      `1 of 2 emergency rotations could not be started: ${FIRST} (TransientError); the invocation fails so that it is retried`,
    );
    expect(starts.map((start) => start.input.accessKeyId)).toEqual([FIRST, SECOND]);
    expect(lines.map((line) => [line.level, line.message, line.fields.errorName])).toEqual([
      ['error', 'LeakResponse start failed', 'TransientError'],
      ['info', 'LeakResponse started', undefined],
    ]);
  });
});
