/**
 * `akr local-cloud`: serves the embedded local cloud over the state in `.akr/`
 * so other tools (the aws CLI, SDKs, tests) can use it, until interrupted.
 */

import {
  AccountRefusedError,
  checkAccountId,
  LOCAL_ADMIN_CREDENTIALS,
  type LocalCloud,
  servedServicesText,
  startLocalCloud,
} from '@access-key-rotator/local-cloud';
import { ValidationError } from '../../lambdas/rotation/rotation-errors.ts';
import { type CliOutput, reportError } from '../cli-output.ts';
import { parseWholeNumber } from '../option-parsers.ts';

export interface LocalCloudOptions {
  readonly port: string;
  readonly host: string;
  readonly stateDir: string;
  readonly account?: string;
}

/** The cloud refuses an account in its own words; here it is bad input to `--account`, which exits 2. */
async function startCloud(options: LocalCloudOptions, port: number): Promise<LocalCloud> {
  try {
    if (options.account !== undefined) checkAccountId(options.account, '--account');
    return await startLocalCloud({
      port,
      host: options.host,
      stateDir: options.stateDir,
      accountId: options.account,
    });
  } catch (error) {
    if (error instanceof AccountRefusedError) throw new ValidationError('--account', error.reason);
    throw error;
  }
}

export async function localCloudCommand(options: LocalCloudOptions, output: CliOutput): Promise<number> {
  try {
    const port = parseWholeNumber(options.port, '--port', { min: 0, max: 65_535 });
    if (options.host.trim() === '')
      throw new ValidationError('--host', 'must be an address such as 127.0.0.1');
    const cloud = await startCloud(options, port);
    // The list comes from the cloud's routers, so the banner names exactly what it serves.
    const services = servedServicesText(cloud.services);
    output.line(`Local cloud (${services}) on ${cloud.endpoint}, state in ${options.stateDir}`);
    output.line(`Account ${cloud.accountId}, region ${cloud.region}`);
    output.line('Use it from another shell:');
    output.line(`  export AWS_ENDPOINT_URL=${cloud.endpoint} AWS_REGION=${cloud.region}`);
    output.line(
      `  export AWS_ACCESS_KEY_ID=${LOCAL_ADMIN_CREDENTIALS.accessKeyId} AWS_SECRET_ACCESS_KEY=${LOCAL_ADMIN_CREDENTIALS.secretAccessKey}`,
    );
    output.line('Press Ctrl+C to stop.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await cloud.close();
    return 0;
  } catch (error) {
    return reportError(output, error, false);
  }
}
