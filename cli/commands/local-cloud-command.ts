/**
 * `akr local-cloud`: serves the embedded local cloud over the state in `.akr/`
 * so other tools (the aws CLI, SDKs, tests) can use it, until interrupted.
 */
import { LOCAL_ADMIN_CREDENTIALS, startLocalCloud } from '../../local/cloud/index.ts';
import { type CliOutput, reportError } from '../cli-output.ts';

export interface LocalCloudOptions {
  readonly port: string;
  readonly host: string;
  readonly stateDir: string;
}

export async function localCloudCommand(options: LocalCloudOptions, output: CliOutput): Promise<number> {
  try {
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      return reportError(output, new Error(`--port: "${options.port}" is not a port number`), false);
    }
    const cloud = await startLocalCloud({ port, host: options.host, stateDir: options.stateDir });
    output.line(
      `Local cloud (IAM, STS, Secrets Manager, DynamoDB) on ${cloud.endpoint}, state in ${options.stateDir}`,
    );
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
