/**
 * `akr rotate --access-key-id … [--account …] [--emergency]` on a deployment:
 * started as `<key id>-<day>` with the key id (and account) as its input, the
 * principal left to Plan to find; each flag that is wrong, alone or with
 * another, is VALIDATION_ERROR naming that flag, exit 2, nothing started.
 */
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { rotateCommand } from '../../cli/commands/rotate-command.ts';
import { executionNameFor } from '../../cli/execution-name.ts';

const sfn = mockClient(SFNClient);
const ROTATION_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:Rotation';
const KEY = 'AKIAEXPOSED000000001';

function run(options: Record<string, unknown>) {
  const errors: string[] = [];
  const output = { line: () => undefined, error: (text: string) => errors.push(text) };
  const all = { provider: 'aws', stateMachineArn: ROTATION_ARN, stateDir: '.akr', ...options };
  return rotateCommand(all, output).then((exit) => ({ exit, errors: errors.join('\n') }));
}

function started() {
  return sfn.commandCalls(StartExecutionCommand).map((call) => ({
    name: call.args[0].input.name,
    input: JSON.parse(call.args[0].input.input ?? '{}') as unknown,
  }));
}

beforeEach(() => {
  sfn.reset();
  sfn.on(StartExecutionCommand).callsFake(({ stateMachineArn, name }) => ({
    executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`,
    startDate: new Date(),
  }));
});

describe('akr rotate --access-key-id', () => {
  it('starts <key id>-<day> with the key, the member account and emergency as its input', async () => {
    // Act
    const { exit, errors } = await run({ accessKeyId: KEY, account: '111122223333', emergency: true });

    // Assess
    expect(errors).toBe('');
    expect(exit).toBe(0);
    expect(started()).toEqual([
      {
        name: executionNameFor(KEY, new Date()),
        input: { accessKeyId: KEY, account: '111122223333', emergency: true },
      },
    ]);
  });

  it('takes a Yandex YC key id and a resource id', async () => {
    // Act
    const keyId = await run({ provider: 'yandex', accessKeyId: 'YCAJEexposed-key_0001' });
    const resourceId = await run({ provider: 'yandex', accessKeyId: 'ajeexposedkey0000001' });

    // Assess
    expect([keyId.exit, resourceId.exit]).toEqual([0, 0]);
    expect(started().map((start) => start.input)).toEqual([
      { accessKeyId: 'YCAJEexposed-key_0001' },
      { accessKeyId: 'ajeexposedkey0000001' },
    ]);
  });
});

describe('akr rotate refuses, naming the flag, and starts nothing', () => {
  it.each([
    ['neither --principal nor --access-key-id', {}, '--principal'],
    ['an AWS key id of 15 characters', { accessKeyId: 'AKIA00000000001' }, '--access-key-id'],
    ['an AWS key id with a dash', { accessKeyId: 'AKIA-EXPOSED-000001' }, '--access-key-id'],
    [
      'a Yandex key id of 51 characters',
      { provider: 'yandex', accessKeyId: 'Y'.repeat(51) },
      '--access-key-id',
    ],
    ['--emergency with --grace', { accessKeyId: KEY, emergency: true, grace: '1h' }, '--grace'],
    ['--emergency with --grace 0s', { principal: 'alice', emergency: true, grace: '0s' }, '--grace'],
    ['--account that is not 12 digits', { accessKeyId: KEY, account: '1111-2222-3333' }, '--account'],
    [
      '--account with --principal',
      { principal: 'alice', accessKeyId: KEY, account: '111122223333' },
      '--account',
    ],
    ['--account without --access-key-id', { principal: 'alice', account: '111122223333' }, '--account'],
    [
      '--account on Yandex',
      { provider: 'yandex', accessKeyId: 'YCAJE0001', account: '111122223333' },
      '--account',
    ],
  ])('%s', async (_case, options, flag) => {
    // Act
    const { exit, errors } = await run(options);

    // Assess
    expect(exit).toBe(2);
    expect(errors).toMatch(new RegExp(`VALIDATION_ERROR: ${flag}: `));
    expect(started()).toEqual([]);
  });

  it('never echoes a malformed key id, which may be a pasted secret', async () => {
    // Act
    const { errors } = await run({ accessKeyId: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });

    // Assess
    expect(errors).toContain('--access-key-id: must be an AWS access key id');
    expect(errors).not.toContain('wJalrXUtnFEMI');
  });
});
