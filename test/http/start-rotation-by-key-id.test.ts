/**
 * `POST /rotations` naming a key instead of a principal, and the emergency
 * flag: the execution input is the body's fields as they are, the execution
 * is named `<key id>-<minute>`, and every field that is wrong is a 400
 * VALIDATION_ERROR naming it, with nothing started. Whether the key is ours
 * is Plan's to find out (an unknown key is refused there, before any change).
 */
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { stepFunctionsRotationStarter } from '../../lambdas/adapters/aws/step-functions-rotation-starter.ts';
import { readAccountScope } from '../../lambdas/config/account-scope.ts';
import type { RotatorSettings } from '../../lambdas/config/environment.ts';
import type { RotationStart } from '../../lambdas/http/rotation-starter.ts';
import { answerStartRotation } from '../../lambdas/http/start-rotation-endpoint.ts';
import { TEST_SETTINGS } from '../support/in-memory-ports.ts';

const NOW = new Date('2025-02-01T09:30:45.678Z');
const HUB = '123456789012';
const MEMBER = '111122223333';
const KEY = 'AKIAEXPOSED000000001';
const SETTINGS: RotatorSettings = {
  ...TEST_SETTINGS,
  accounts: { hubAccountId: HUB, scope: readAccountScope({ AKR_ACCOUNTS: MEMBER }) },
};

let starts: RotationStart[];
const logs: Record<string, unknown>[] = [];

async function post(body: unknown) {
  const ports = {
    starter: {
      async start(start: RotationStart) {
        starts.push(start);
        return { executionArn: `arn:exec:${start.executionName}`, startDate: NOW };
      },
    },
    clock: { now: () => NOW },
    settings: SETTINGS,
    log: { info: (_message: string, fields: Record<string, unknown>) => logs.push(fields), error: () => {} },
  };
  const answer = await answerStartRotation(
    { method: 'POST', path: '/rotations', body: JSON.stringify(body) },
    ports,
  );
  return { status: answer.statusCode, json: JSON.parse(answer.body) as Record<string, unknown> };
}

beforeEach(() => {
  starts = [];
});

describe('POST /rotations by key id', () => {
  it('starts <key id>-<minute> with the key and emergency as the input, labelled by the key', async () => {
    // Act
    const answer = await post({ provider: 'aws', accessKeyId: KEY, emergency: true });

    // Assess
    expect(answer.status).toBe(202);
    expect(answer.json).toEqual({
      success: true,
      data: { id: `${KEY}-2025-02-01T0930`, created_at: NOW.toISOString() },
    });
    expect(starts).toEqual([
      {
        provider: 'aws',
        executionName: `${KEY}-2025-02-01T0930`,
        input: { accessKeyId: KEY, emergency: true },
        label: `access key ${KEY}`,
      },
    ]);
  });

  it('names the member account the key is in, and takes a Yandex key id on Yandex', async () => {
    // Act
    const member = await post({ provider: 'aws', accessKeyId: KEY, account: MEMBER });
    const yandex = await post({ provider: 'yandex', accessKeyId: 'YCAJEexposed-key_0001' });

    // Assess
    expect([member.status, yandex.status]).toEqual([202, 202]);
    expect(starts.map((start) => start.input)).toEqual([
      { accessKeyId: KEY, account: MEMBER },
      { accessKeyId: 'YCAJEexposed-key_0001' },
    ]);
  });

  it('starts an emergency rotation of a principal under its own name', async () => {
    // Act
    const answer = await post({ provider: 'aws', principal: `${HUB}/alice`, emergency: true });

    // Assess
    expect(answer.status).toBe(202);
    expect(starts.map(({ executionName, input }) => ({ executionName, input }))).toEqual([
      { executionName: 'alice-2025-02-01T0930', input: { principal: 'alice', emergency: true } },
    ]);
  });

  it.each([
    ['neither principal nor accessKeyId', { provider: 'aws', emergency: true }, 'principal'],
    ['an AWS key id of 15 characters', { provider: 'aws', accessKeyId: 'AKIA00000000001' }, 'accessKeyId'],
    ['an AWS key id with a slash', { provider: 'aws', accessKeyId: 'AKIA/EXPOSED/00000001' }, 'accessKeyId'],
    ['a key id that is a number', { provider: 'aws', accessKeyId: 1234567890123456 }, 'accessKeyId'],
    ['emergency as a string', { provider: 'aws', accessKeyId: KEY, emergency: 'true' }, 'emergency'],
    ['an account of 11 digits', { provider: 'aws', accessKeyId: KEY, account: '11112222333' }, 'account'],
    ['an account with a principal', { provider: 'aws', principal: 'alice', account: MEMBER }, 'account'],
    ['an account on Yandex', { provider: 'yandex', accessKeyId: 'YCAJE0001', account: MEMBER }, 'account'],
    ['an account out of scope', { provider: 'aws', accessKeyId: KEY, account: '444455556666' }, 'account'],
    ['a grace period', { provider: 'aws', accessKeyId: KEY, gracePeriodSeconds: 0 }, 'gracePeriodSeconds'],
  ])('refuses %s with 400 naming the field, starting nothing', async (_case, body, field) => {
    // Act
    const answer = await post(body);

    // Assess
    expect(answer.status).toBe(400);
    const error = answer.json.error as { code: string; message: string };
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message.startsWith(`${field}: `)).toBe(true);
    expect(starts).toEqual([]);
  });
});

describe('the Step Functions starter', () => {
  const sfn = mockClient(SFNClient);
  const starter = stepFunctionsRotationStarter(new SFNClient({ region: 'eu-west-1' }), {
    aws: 'arn:aws:states:eu-west-1:123456789012:stateMachine:akr-aws',
  });
  beforeEach(() => sfn.reset());

  it('writes the input as it is given', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: NOW });
    const input = {
      accessKeyId: KEY,
      account: MEMBER,
      emergency: true,
      exposureReportedAt: NOW.toISOString(),
    };

    // Act
    await starter.start({ provider: 'aws', executionName: `${KEY}-x`, input, label: `access key ${KEY}` });

    // Assess
    expect(JSON.parse(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input ?? '')).toEqual(input);
  });

  it('names the target by its label when the name was already started', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));

    // Act
    const outcome = starter.start({
      provider: 'aws',
      executionName: `${KEY}-2025-02-01T0930`,
      input: { accessKeyId: KEY },
      label: `access key ${KEY}`,
    });

    // Assess
    await expect(outcome).rejects.toMatchObject({
      code: 'ROTATION_ALREADY_STARTED',
      message: `rotation ${KEY}-2025-02-01T0930 of aws access key ${KEY} was already started; wait a minute to start another`,
    });
  });
});
