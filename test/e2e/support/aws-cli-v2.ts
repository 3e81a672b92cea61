/**
 * The AWS CLI v2 from Debian's `awscli` package, run as a user's shell would
 * run it, except that its environment is built from nothing: no AWS_PROFILE,
 * no credentials, no config from the outer shell. PATH has only the system
 * directories, so an `aws` a profile's `credential_process` runs is this v2
 * too, never the Python v1 that may sit earlier on the outer PATH.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureAptPackage } from '../../support/apt-package.ts';

export const AWS_CLI_V2 = '/usr/bin/aws';
export const CURL = '/usr/bin/curl';

export function ensureAwsCliV2AndCurl(): void {
  ensureAptPackage({
    name: 'awscli',
    binary: AWS_CLI_V2,
    neededFor: 'to test the local cloud with the AWS CLI v2',
  });
  ensureAptPackage({
    name: 'curl',
    binary: CURL,
    neededFor: 'to test the local cloud with curl --aws-sigv4',
  });
}

export interface CliCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A home for the CLI: an AWS config file holding `config` and an empty
 * credentials file, so only what the test wrote there is read.
 */
export function cliHome(home: string, config = ''): NodeJS.ProcessEnv {
  const configFile = join(home, 'aws-config');
  const credentialsFile = join(home, 'aws-credentials');
  writeFileSync(configFile, config);
  writeFileSync(credentialsFile, '');
  return {
    PATH: '/usr/bin:/bin',
    HOME: home,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_REGION: 'us-east-1',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

export function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): CliRun {
  const done = spawnSync(command, args, { env, encoding: 'utf8', timeout: 60_000 });
  return { status: done.status, stdout: done.stdout, stderr: `${done.stderr}${done.error?.message ?? ''}` };
}

/** `aws <args>` signed with `credentials` (none: whatever the profile in the config file gives). */
export function aws(env: NodeJS.ProcessEnv, args: readonly string[], credentials?: CliCredentials): CliRun {
  const signing = credentials && {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };
  return run(AWS_CLI_V2, [...args, '--output', 'json'], { ...env, ...signing });
}
