/**
 * A call the local cloud does not emulate is answered the way its service
 * answers an unknown operation (InvalidAction on the Query services,
 * UnknownOperationException on the JSON ones), with a message that says
 * plainly which operation is missing, so nobody mistakes it for their bug.
 * (DynamoDB, Secrets Manager and S3 are tested beside their calls.)
 */
import { ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { ListPoliciesCommand } from '@aws-sdk/client-iam';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { CreateAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { DeleteTopicCommand } from '@aws-sdk/client-sns';
import { GetFederationTokenCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfig, rejectionOf, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';

describe('operations the local cloud does not emulate', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud();
  });
  afterAll(() => t.close());

  it.each([
    ['IAM', () => t.iam.send(new ListPoliciesCommand({})), 'InvalidAction', 'IAM ListPolicies'],
    [
      'STS',
      () => t.sts.send(new GetFederationTokenCommand({ Name: 'someone' })),
      'InvalidAction',
      'STS GetFederationToken',
    ],
    [
      'Organizations',
      () =>
        new OrganizationsClient(clientConfig(t.cloud)).send(
          new CreateAccountCommand({ AccountName: 'new', Email: 'new@example.com' }),
        ),
      'UnknownOperationException',
      'Organizations CreateAccount',
    ],
    [
      'SNS',
      () => t.sns.send(new DeleteTopicCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:t' })),
      'InvalidAction',
      'SNS DeleteTopic',
    ],
    [
      'EventBridge',
      () => t.events.send(new ListRulesCommand({})),
      'UnknownOperationException',
      'EventBridge ListRules',
    ],
  ])('%s answers with %s naming the operation', async (_service, call, code, operation) => {
    const refused = await rejectionOf(call());

    expect(refused).toMatchObject({
      name: code,
      status: 400,
      message: `${operation} is not emulated by the local cloud`,
    });
  });

  it('names the service of a request no emulated service claims', async () => {
    const lambda = new LambdaClient(clientConfig(t.cloud));
    try {
      const refused = await rejectionOf(lambda.send(new ListFunctionsCommand({})));

      expect(refused.name).toBe('UnknownOperationException');
      expect(refused.message).toMatch(
        /^GET \/2015-03-31\/functions.* \(signed for service 'lambda'\) is not emulated/,
      );
    } finally {
      lambda.destroy();
    }
  });
});
