/**
 * The AWS SDK clients, created once per module so that a warm Lambda container
 * reuses their connections and credentials across invocations (STYLE: no
 * `new XClient()` in a handler body).
 *
 * Endpoints are deliberately absent here: the SDK itself reads
 * `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>`, which is how the local
 * cloud, LocalStack or moto are reached with the very same code.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';

/**
 * IAM is a global service and STS works in every region, so neither needs the
 * caller to pick one; a fixed fallback keeps them usable where no region is set
 * (a developer shell, the local cloud).
 */
export function globalServiceRegion(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_REGION || 'us-east-1';
}

export const iamClient = new IAMClient({ region: globalServiceRegion() });

/**
 * IAM for CreateAccessKey alone, with one attempt. The SDK would repeat a
 * create whose answer was lost (a reset, a timeout, a 5xx): IAM then holds a
 * second new key while the first one's secret is gone with the connection.
 * Failing at once lets the CreateKey step's own retry reconcile instead: it
 * deletes the keys Plan did not see, then creates one.
 */
export const iamCreateKeyClient = new IAMClient({ region: globalServiceRegion(), maxAttempts: 1 });

export const secretsManagerClient = new SecretsManagerClient({});

export const dynamoDbClient = new DynamoDBClient({});

/** Starts on-demand rotations (the HTTP endpoint). */
export const sfnClient = new SFNClient({});
