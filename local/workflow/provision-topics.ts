/**
 * Creates the SNS topics the template declares on the local endpoint (named
 * by their logical id, as the runner's ARNs name them), so notifications
 * reach a topic as they would in a deployment. Each call is bounded (see
 * call-timeouts.ts), so an endpoint that never answers fails the run naming
 * the call instead of holding it.
 */
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { boundedRequestHandler } from '../../lambdas/adapters/aws/bounded-request-handler.ts';
import { callAws } from '../../lambdas/adapters/aws/transient-errors.ts';
import type { CfnTemplate } from './template-intrinsics.ts';

export async function provisionTopics(template: CfnTemplate): Promise<void> {
  const topics = Object.entries(template.Resources).filter(
    ([, resource]) => resource.Type === 'AWS::SNS::Topic',
  );
  if (topics.length === 0) return;
  const client = new SNSClient({ requestHandler: boundedRequestHandler() });
  try {
    // CreateTopic is idempotent for an existing name.
    for (const [logicalId] of topics)
      await callAws('SNS CreateTopic', () => client.send(new CreateTopicCommand({ Name: logicalId })));
  } finally {
    client.destroy();
  }
}
