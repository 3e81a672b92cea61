/**
 * The account behind an AWS endpoint that is not the embedded cloud
 * (LocalStack, moto, another `akr local-cloud`, a real account): the local
 * runner builds the ARNs the template references (topics, tables, state
 * machines) in it, so they must name the account the endpoint serves, as
 * CloudFormation's `AWS::AccountId` would. STS GetCallerIdentity says which,
 * bounded like every other call (call-timeouts.ts).
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { boundedRequestHandler } from '../lambdas/adapters/aws/bounded-request-handler.ts';
import { callAws, failureOf } from '../lambdas/adapters/aws/transient-errors.ts';

/** The endpoint could not say whose it is: a local run there would address resources in the wrong account. */
export class EndpointAccountError extends Error {
  override readonly name = 'EndpointAccountError';
}

/** @throws EndpointAccountError naming the endpoint, what failed and what to do next. */
export async function accountBehindEndpoint(endpoint: string): Promise<string> {
  const client = new STSClient({ endpoint, requestHandler: boundedRequestHandler() });
  try {
    const identity = await callAws('STS GetCallerIdentity', () =>
      client.send(new GetCallerIdentityCommand({})),
    );
    if (!identity.Account) throw new Error('STS GetCallerIdentity answered no Account');
    return identity.Account;
  } catch (error) {
    const reason = error instanceof Error && !('$metadata' in error) ? error.message : failureOf(error);
    throw new EndpointAccountError(
      `reading the account behind AWS_ENDPOINT_URL=${endpoint} failed: ${reason}. Check that ${endpoint} ` +
        'answers STS GetCallerIdentity with the credentials in the environment, or unset AWS_ENDPOINT_URL ' +
        'to use the embedded local cloud',
      { cause: error },
    );
  }
}
