/**
 * The hub a deployed report reads from, when AKR_HUB_ACCOUNT_ID does not say
 * it: the account of the credentials the CLI runs with (STS
 * GetCallerIdentity, bounded), which for an operator of the hub is the hub.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { boundedRequestHandler } from '../../lambdas/adapters/aws/bounded-request-handler.ts';
import { globalServiceRegion } from '../../lambdas/adapters/aws/global-service-region.ts';
import { failureOf } from '../../lambdas/adapters/aws/transient-errors.ts';

export async function hubAccountOfCaller(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const client = new STSClient({ region: globalServiceRegion(env), requestHandler: boundedRequestHandler() });
  try {
    const identity = await client.send(new GetCallerIdentityCommand({}));
    if (!identity.Account) throw new Error('STS GetCallerIdentity answered no Account');
    return identity.Account;
  } catch (error) {
    throw new Error(
      `the hub account could not be learned (STS GetCallerIdentity ${failureOf(error)}): set AKR_HUB_ACCOUNT_ID to the account the stack is deployed to`,
      { cause: error },
    );
  } finally {
    client.destroy();
  }
}
