/**
 * The `akr` command line: one commander program, one module per command,
 * each imported only when it runs (lazy-commands.ts).
 */
import { Command, Option } from 'commander';
import { AKR_VERSION } from './akr-version.ts';
import { type CliOutput, processOutput } from './cli-output.ts';
import {
  abortCommand,
  diagramCommand,
  evidenceCommand,
  fleetCommand,
  localCloudCommand,
  resumeCommand,
  rollbackCommand,
  rotateCommand,
  statusCommand,
} from './lazy-commands.ts';
import { reportUsageErrors } from './usage-errors.ts';

export function createAkrProgram(
  output: CliOutput = processOutput,
  setExitCode = (code: number) => {
    process.exitCode = code;
  },
): Command {
  const program = reportUsageErrors(
    new Command('akr')
      .description('access-key-rotator: rotate long-lived access keys with a Step Functions workflow')
      .version(AKR_VERSION, '-V, --version', 'print the akr version')
      .showHelpAfterError(),
    output,
  );

  program
    .command('rotate')
    .description('rotate the access key of one principal, or of the owner of one key')
    .option('--principal <name>', 'IAM user name (aws) or service-account id (yandex) to rotate')
    .option(
      '--access-key-id <id>',
      'the key to rotate away from (AKIA…, Yandex YC… or aje…); its owner is the principal unless --principal names it',
    )
    .option('--account <id>', 'aws, with --access-key-id alone: the member account that holds the key')
    .option(
      '--emergency',
      'a leaked key: revoke the old key right after Publish (aws Inactive, yandex deleted); no --grace',
    )
    .addOption(new Option('--provider <provider>', 'cloud of the principal: aws or yandex').default('aws'))
    .option('--local', 'run the synthesized workflow locally (embedded cloud, or AWS_ENDPOINT_URL if set)')
    .option('--grace <duration>', 'grace period before the old key is retired, e.g. 5s, 7d (default 7d)')
    .option('--deletion-delay <duration>', 'delay between retiring and deleting the old key (default 7d)')
    .option(
      '--dry-run',
      "report what would happen and change nothing; named dryrun-<principal>-<time>, never the day's name",
    )
    .option(
      '--name <execution-name>',
      'real runs only, not starting with dryrun- (default <principal>-<yyyy-mm-dd>, once a day)',
    )
    .option('--wait', 'without --local: follow the execution and print each step')
    .option(
      '--state-machine-arn <arn>',
      'without --local: the deployed state machine (or AKR_STATE_MACHINE_ARN)',
    )
    .option('--json', 'print one JSON document instead of progress lines')
    .option('--state-dir <dir>', 'local state directory', '.akr')
    .addHelpText(
      'after',
      '\nWith --local, Ctrl+C or SIGTERM stops the run where it is (exit 130/143) and keeps the execution:\n' +
        'akr resume --local --name <execution> finishes it, akr abort --local --principal <name> undoes it safely.',
    )
    .action(async (options) => setExitCode(await rotateCommand(options, output)));

  program
    .command('fleet')
    .description(
      'rotate every principal that is due (the scheduled run), or report who would be with --dry-run',
    )
    .addOption(new Option('--provider <provider>', 'aws or yandex').default('aws'))
    .option('--local', 'run the synthesized fleet workflow locally')
    .option(
      '--dry-run',
      'report what would be rotated and why; change nothing, start no rotation (named dryrun-fleet-<provider>-<time>)',
    )
    .option('--grace <duration>', 'grace period for every rotation, e.g. 5s, 7d')
    .option('--deletion-delay <duration>', 'deletion delay for every rotation')
    .option('--max-key-age-days <days>', 'policy: no key stays Active longer than this (default 90)')
    .option('--accounts <ids>', 'AWS multi-account: this run rotates only these accounts (comma list)')
    .option(
      '--exclude-accounts <ids>',
      'AWS multi-account: this run leaves these accounts alone (comma list)',
    )
    .option(
      '--organizational-units <ids>',
      'AWS organization scope: this run rotates only the accounts in these OUs (comma list of ou-…)',
    )
    .option(
      '--name <execution-name>',
      'real runs only, not starting with dryrun- (default fleet-<provider>-<time>)',
    )
    .option('--wait', 'without --local: follow the execution to its end')
    .option(
      '--state-machine-arn <arn>',
      'without --local: the fleet state machine (or AKR_FLEET_STATE_MACHINE_ARN)',
    )
    .option('--json', 'print one JSON document')
    .option('--state-dir <dir>', 'local state directory', '.akr')
    .action(async (options) => setExitCode(await fleetCommand(options, output)));

  program
    .command('status')
    .description(
      'rotations in flight: the step each is in, when its wait ends, and for an interrupted local one the akr resume / akr abort command to run',
    )
    .option('--principal <name>', 'only this principal')
    .option('--local', 'read the local executions in the state directory')
    .option(
      '--state-machine-arn <arn>',
      'without --local: the rotation state machine (or AKR_STATE_MACHINE_ARN)',
    )
    .option('--json', 'print one JSON document')
    .option('--state-dir <dir>', 'local state directory', '.akr')
    .action(async (options) => setExitCode(await statusCommand(options, output)));

  program
    .command('rollback')
    .description('during the deletion delay: re-activate the old key and stop the rotation')
    .requiredOption('--principal <name>', 'the principal whose rotation to roll back')
    .option('--local', 'roll back a local rotation')
    .option(
      '--state-machine-arn <arn>',
      'without --local: the rotation state machine (or AKR_STATE_MACHINE_ARN)',
    )
    .option(
      '--reactivate-function <name>',
      'without --local: the ReactivateOldKey function (or AKR_REACTIVATE_FUNCTION_NAME)',
    )
    .option('--json', 'print one JSON document')
    .option('--state-dir <dir>', 'local state directory', '.akr')
    .action(async (options) => setExitCode(await rollbackCommand(options, output)));

  program
    .command('resume')
    .description(
      'continue an interrupted local rotation from the state it stopped in (akr status names them)',
    )
    .option('--principal <name>', 'the principal whose interrupted rotation to continue')
    .option('--name <execution-name>', 'the interrupted execution to continue')
    .addOption(new Option('--provider <provider>', 'aws or yandex').default('aws'))
    .option('--local', 'local executions (required: a deployed execution goes on by itself)')
    .option('--json', 'print one JSON document')
    .option('--state-dir <dir>', 'local state directory', '.akr')
    .action(async (options) => setExitCode(await resumeCommand(options, output)));

  program
    .command('abort')
    .description(
      'stop an interrupted or running local rotation safely: roll back before Publish, keep both keys usable after; records it and releases the lock',
    )
    .option('--principal <name>', 'the principal whose rotation to abort')
    .option('--name <execution-name>', 'the execution to abort')
    .addOption(new Option('--provider <provider>', 'aws or yandex').default('aws'))
    .option('--local', 'local executions (required)')
    .option('--json', 'print one JSON document')
    .option('--state-dir <dir>', 'local state directory', '.akr')
    .action(async (options) => setExitCode(await abortCommand(options, output)));

  program
    .command('evidence')
    .description('compliance evidence: rotation records, key inventory, schedule runs and control findings')
    .option('--since <when>', 'how far back: a duration (90d, 12h) or a date (2026-01-01)', '90d')
    .option('--format <format>', 'md, html, json or csv (csv: the evidence records)', 'md')
    .option('--out <file>', 'write the report to this file instead of stdout')
    .option('--local', 'read the local executions and cloud in the state directory')
    .option('--provider <provider>', 'only this provider: aws or yandex')
    .option(
      '--max-key-age-days <days>',
      'policy: an Active key older than this is non-compliant (default 90)',
    )
    .option(
      '--state-machine-arn <arn>',
      'without --local: the rotation state machine (or AKR_STATE_MACHINE_ARN)',
    )
    .option(
      '--fleet-state-machine-arn <arn>',
      'without --local: the fleet state machine (or AKR_FLEET_STATE_MACHINE_ARN)',
    )
    .option('--state-dir <dir>', 'local state directory', '.akr')
    .action(async (options) => setExitCode(await evidenceCommand(options, output)));

  program
    .command('local-cloud')
    .description('serve the embedded local cloud for other tools until interrupted')
    .option('--port <port>', 'port on 127.0.0.1', '4566')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--state-dir <dir>', 'local state directory', '.akr')
    .option('--account <id>', "AWS account id to serve as (default: the state's own, else 000000000000)")
    .action(async (options) => setExitCode(await localCloudCommand(options, output)));

  program
    .command('diagram')
    .description('print the rotation workflow as a Mermaid flowchart, from the synthesized definition')
    .action(async () => setExitCode(await diagramCommand(output)));

  return program;
}
