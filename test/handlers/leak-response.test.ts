/**
 * The leak-response handler as Lambda runs it, its Step Functions client
 * mocked: the fixture event starts the emergency rotation named after the
 * key and the event's minute; a redelivered event is done; a malformed one is
 * logged by field and ignored; a failed start fails the invocation.
 */
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sdkError } from '../adapters/sdk-errors.ts';
import { exposureEvent } from '../leak/exposure-fixture.ts';
import {
  captureLogs,
  type LogCapture,
  lambdaContext,
  loadHandler,
  resetSdkMocks,
  type StepHandler,
  sfnMock,
} from './handler-harness.ts';

const HUB = '123456789012';
const MEMBER = '111111111111';
const STATE_MACHINE_ARN = `arn:aws:states:eu-west-1:${HUB}:stateMachine:akr-aws`;
const NAME = 'AKIAEXPOSEDEXAMPLE01-2026-12-02T1340';
let handler: StepHandler;
let logs: LogCapture;

beforeAll(async () => {
  vi.stubEnv('AKR_AWS_STATE_MACHINE_ARN', STATE_MACHINE_ARN);
  vi.stubEnv('AKR_HUB_ACCOUNT_ID', HUB);
  handler = await loadHandler('leak-response');
});
afterAll(() => vi.unstubAllEnvs());
beforeEach(() => {
  resetSdkMocks();
  sfnMock.on(StartExecutionCommand).resolves({
    executionArn: `arn:aws:states:eu-west-1:${HUB}:execution:akr-aws:${NAME}`,
    startDate: new Date('2026-12-02T13:40:09Z'),
  });
  logs = captureLogs();
});
afterEach(() => logs.restore());

function startInputs() {
  return sfnMock.commandCalls(StartExecutionCommand).map((call) => call.args[0].input);
}

describe('leak-response handler', () => {
  it('starts the emergency rotation of the exposed hub key, the input written as the contract says', async () => {
    // Act
    const result = await handler(exposureEvent(), lambdaContext);

    // Assess
    expect(result).toEqual({ started: [NAME], alreadyStarted: [], ignored: [] });
    expect(startInputs()).toEqual([
      {
        stateMachineArn: STATE_MACHINE_ARN,
        name: NAME,
        input:
          '{"accessKeyId":"AKIAEXPOSEDEXAMPLE01","emergency":true,"exposureReportedAt":"2026-12-02T13:40:07.000Z"}',
      },
    ]);
  });

  it("names the member account when the event is of one, and keeps the event's description out of the logs", async () => {
    // Act
    await handler(exposureEvent({ account: MEMBER }), lambdaContext);

    // Assess
    expect(JSON.parse(String(startInputs()[0]?.input))).toMatchObject({ account: MEMBER });
    expect(logs.text()).toContain('"message":"LeakResponse started"');
    expect(logs.text()).toContain(`"account":"${MEMBER}"`);
    expect(logs.text()).not.toContain('publicly available');
  });

  it('succeeds on a redelivered event whose rotation was already started', async () => {
    // Prepare
    sfnMock
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: `Execution Already Exists: '${NAME}'`, $metadata: {} }));

    // Act
    const result = await handler(exposureEvent(), lambdaContext);

    // Assess
    expect(result).toEqual({ started: [], alreadyStarted: [NAME], ignored: [] });
    expect(logs.text()).toContain('"message":"LeakResponse already started"');
  });

  it('ignores a malformed event, logging its field, and starts nothing', async () => {
    // Act
    const result = await handler({ ...exposureEvent(), time: 'soon' }, lambdaContext);

    // Assess
    expect(result).toEqual({ started: [], alreadyStarted: [], ignored: ['time'] });
    expect(startInputs()).toEqual([]);
    expect(logs.text()).toContain('"field":"time"');
  });

  it('fails the invocation when StartExecution is refused, naming the key and the error only', async () => {
    // Prepare
    const leaky = `User: arn:aws:sts::${HUB}:assumed-role/akr-leak is not authorized to perform: states:StartExecution`;
    sfnMock.on(StartExecutionCommand).rejects(sdkError('AccessDeniedException', leaky));

    // Act
    const outcome = handler(exposureEvent(), lambdaContext);

    // Assess
    await expect(outcome).rejects.toThrow(
      '1 of 1 emergency rotations could not be started: AKIAEXPOSEDEXAMPLE01 (AccessDeniedException)',
    );
    expect(logs.text()).toContain('"errorName":"AccessDeniedException"');
    expect(logs.text()).not.toContain('not authorized');
  });
});

describe('leak-response handler without AKR_HUB_ACCOUNT_ID', () => {
  beforeAll(async () => {
    vi.stubEnv('AKR_AWS_STATE_MACHINE_ARN', STATE_MACHINE_ARN);
    vi.stubEnv('AKR_HUB_ACCOUNT_ID', '');
    handler = await loadHandler('leak-response');
  });

  it('takes the hub to be the account the function runs in', async () => {
    // Prepare
    const context = {
      ...lambdaContext,
      invokedFunctionArn: `arn:aws:lambda:eu-west-1:${MEMBER}:function:akr-leak-response`,
    };

    // Act
    await handler(exposureEvent({ account: MEMBER }), context);

    // Assess
    expect(JSON.parse(String(startInputs()[0]?.input))).not.toHaveProperty('account');
  });
});
