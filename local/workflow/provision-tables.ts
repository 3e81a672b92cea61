/**
 * Creates the DynamoDB tables the template declares on the local endpoint, so a
 * local run has what a deployment would have. Tables that exist are kept.
 * Each call is bounded (see call-timeouts.ts): a hung endpoint fails naming it.
 */
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { boundedRequestHandler } from '../../lambdas/adapters/aws/bounded-request-handler.ts';
import { callAws } from '../../lambdas/adapters/aws/transient-errors.ts';
import type { SynthesizedTable } from './synthesized-workflow.ts';

export async function provisionTables(tables: readonly SynthesizedTable[]): Promise<void> {
  const client = new DynamoDBClient({ requestHandler: boundedRequestHandler() });
  try {
    for (const table of tables) {
      try {
        await callAws('DynamoDB CreateTable', () =>
          client.send(
            new CreateTableCommand({
              TableName: table.logicalId,
              KeySchema: table.keySchema.map((key) => ({
                AttributeName: key.AttributeName,
                KeyType: key.KeyType as 'HASH' | 'RANGE',
              })),
              AttributeDefinitions: table.attributeDefinitions.map((attribute) => ({
                AttributeName: attribute.AttributeName,
                AttributeType: attribute.AttributeType as 'S' | 'N' | 'B',
              })),
              BillingMode: 'PAY_PER_REQUEST',
            }),
          ),
        );
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
      }
    }
  } finally {
    client.destroy();
  }
}
