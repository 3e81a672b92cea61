/** The DynamoDB client of the rotation lock, created once per container (see iam-clients.ts). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { boundedRequestHandler } from './bounded-request-handler.ts';

export const dynamoDbClient = new DynamoDBClient({ requestHandler: boundedRequestHandler() });
