/**
 * The embedded local cloud: public API. Everything else under local/cloud/ is
 * internal and may change.
 */
export { CloudApiError } from './cloud-api-error.ts';
export {
  LOCAL_ACCOUNT_ID,
  LOCAL_ADMIN_CREDENTIALS,
  LOCAL_REGION,
  type ServiceName,
} from './cloud-constants.ts';
export type { DynamoDbStore, TableDescription } from './dynamodb/dynamodb-store.ts';
export type { FaultRule } from './faults.ts';
export type { RecordedRequest } from './http/cloud-router.ts';
export type { AccessKeyStatus, IamAccessKey, IamStore, IamUser } from './iam/iam-store.ts';
export type { SecretDescription, SecretsStore, SecretValue } from './secrets/secrets-store.ts';
export { type SeedIamUserSpec, seedIamUser } from './seed-iam-user.ts';
export { type LocalCloud, type LocalCloudOptions, startLocalCloud } from './start-local-cloud.ts';
export { STATE_FILE_NAME } from './state/cloud-state-store.ts';
