/**
 * On a deployment, `akr rotate --dry-run` and `akr fleet --dry-run` start the
 * state machine under a dry-run name, so the day's name stays free for the real run.
 */
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { fleetCommand } from '../../cli/commands/fleet-command.ts';
import { rotateCommand } from '../../cli/commands/rotate-command.ts';

const sfn = mockClient(SFNClient);
const ROTATION_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:Rotation';
const FLEET_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:Fleet';
const quiet = { line: () => undefined, error: () => undefined };
const today = () => new Date().toISOString().slice(0, 10);

function startedNames(): (string | undefined)[] {
  return sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input.name);
}

beforeEach(() => {
  sfn.reset();
  sfn.on(StartExecutionCommand).callsFake(({ stateMachineArn, name }) => ({
    executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`,
    startDate: new Date(),
  }));
});

describe('a deployed dry run', () => {
  it('rotate --dry-run starts dryrun-<principal>-<time>, and the real rotate still gets <principal>-<day>', async () => {
    // Act
    const common = { principal: 'alice', provider: 'aws', stateMachineArn: ROTATION_ARN, stateDir: '.akr' };
    const dryRunExit = await rotateCommand({ ...common, dryRun: true }, quiet);
    const realExit = await rotateCommand(common, quiet);

    // Assess
    expect([dryRunExit, realExit]).toEqual([0, 0]);
    const [dryRun, real] = startedNames();
    expect(dryRun).toMatch(/^dryrun-alice-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/);
    expect(real).toBe(`alice-${today()}`);
    expect(JSON.parse(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input ?? '{}')).toEqual({
      principal: 'alice',
      dryRun: true,
    });
  });

  it('fleet --dry-run starts dryrun-fleet-<provider>-<time>; the real fleet run starts fleet-<provider>-<time>', async () => {
    const common = { provider: 'yandex', stateMachineArn: FLEET_ARN, stateDir: '.akr' };
    const dryRunExit = await fleetCommand({ ...common, dryRun: true }, quiet);
    const realExit = await fleetCommand(common, quiet);

    expect([dryRunExit, realExit]).toEqual([0, 0]);
    const [dryRun, real] = startedNames();
    expect(dryRun).toMatch(/^dryrun-fleet-yandex-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/);
    expect(real).toMatch(/^fleet-yandex-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/);
  });

  it('refuses --name with --dry-run before anything is started, exit 2', async () => {
    const exit = await rotateCommand(
      {
        principal: 'alice',
        provider: 'aws',
        stateMachineArn: ROTATION_ARN,
        stateDir: '.akr',
        dryRun: true,
        name: 'x',
      },
      quiet,
    );

    expect(exit).toBe(2);
    expect(startedNames()).toEqual([]);
  });
});
