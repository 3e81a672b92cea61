/**
 * The AWS CLI (Debian's `awscli`), installed by the test's set-up when
 * missing, run with an environment built from nothing: no profile, config or
 * credentials of the outer shell, only what the test gives.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const AWS_CLI = '/usr/bin/aws';

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** @throws Error when the CLI is missing and apt-get cannot install it: the test must fail, never skip. */
export function ensureAwsCli(): void {
  if (existsSync(AWS_CLI)) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', 'awscli'];
  let done = spawnSync('apt-get', install, { env, encoding: 'utf8', timeout: 900_000 });
  if (done.status !== 0) {
    spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'update'], { env, timeout: 900_000 });
    done = spawnSync('apt-get', install, { env, encoding: 'utf8', timeout: 900_000 });
  }
  if (!existsSync(AWS_CLI))
    throw new Error(
      `${AWS_CLI} is needed to test the local cloud with the AWS CLI and could not be installed ` +
        `(apt-get install -y awscli, as root): ${`${done.stdout ?? ''}${done.stderr ?? ''}`.slice(-600)}`,
    );
}

/**
 * `aws <args> --endpoint-url <endpoint> --output json`, signed with
 * `credentials`. Asynchronous, so a cloud served by this same process answers.
 */
export function aws(
  home: string,
  endpoint: string,
  credentials: { readonly accessKeyId: string; readonly secretAccessKey: string },
  args: readonly string[],
): Promise<CliRun> {
  const configFile = join(home, 'aws-config');
  const credentialsFile = join(home, 'aws-credentials');
  writeFileSync(configFile, '');
  writeFileSync(credentialsFile, '');
  const env = {
    PATH: '/usr/bin:/bin',
    HOME: home,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_REGION: 'us-east-1',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };
  return new Promise((done) => {
    execFile(
      AWS_CLI,
      [...args, '--endpoint-url', endpoint, '--output', 'json'],
      { env, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        done({ status, stdout, stderr: `${stderr}${status === null ? (error?.message ?? '') : ''}` });
      },
    );
  });
}
