/**
 * Creates the SNS topics the template declares on the local endpoint (named
 * by their logical id, as the runner's ARNs name them), so notifications
 * reach a topic as they would in a deployment.
 */
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import type { CfnTemplate } from './template-intrinsics.ts';

export async function provisionTopics(template: CfnTemplate): Promise<void> {
  const topics = Object.entries(template.Resources).filter(
    ([, resource]) => resource.Type === 'AWS::SNS::Topic',
  );
  if (topics.length === 0) return;
  const client = new SNSClient({});
  try {
    // CreateTopic is idempotent for an existing name.
    for (const [logicalId] of topics) await client.send(new CreateTopicCommand({ Name: logicalId }));
  } finally {
    client.destroy();
  }
}
