/**
 * The embedded local cloud: the package's public API, and its only entry
 * point. Everything else under src/ is internal and may change.
 */
export type { CloudAccount } from './accounts/cloud-accounts.ts';
export { CloudApiError } from './cloud-api-error.ts';
export {
  type AwsServiceName,
  LOCAL_ACCOUNT_ID,
  LOCAL_ADMIN_CREDENTIALS,
  LOCAL_REGION,
  type ServiceName,
  type YandexServiceName,
} from './cloud-constants.ts';
export type { DynamoDbStore, TableDescription } from './dynamodb/dynamodb-store.ts';
export type { BusEvent, BusEventFilter, BusEventSpec, EventsStore } from './events/events-store.ts';
export type { FaultRule } from './faults.ts';
export type { RecordedRequest } from './http/cloud-router.ts';
export type { CreateGroupSpec, IamGroupStore } from './iam/iam-group-store.ts';
export type { CreateRoleSpec, IamRole, IamRoleStore, PolicyInput } from './iam/iam-role-store.ts';
export type { AccessKeyStatus, IamAccessKey, IamGroup, IamStore, IamUser } from './iam/iam-store.ts';
export {
  LOCAL_ADMIN_ROLE_NAME,
  LOCAL_ADMIN_ROLE_PATH,
  localAdminRoleArn,
} from './iam/local-admin-role.ts';
export type {
  AccountStatus as OrganizationAccountStatus,
  Organization,
  OrganizationAccount,
  OrganizationalUnit,
  OrganizationStore,
} from './organizations/organization-store.ts';
export { isValidBucketName } from './s3/bucket-names.ts';
export type { SecretDescription, SecretPolicy, SecretsStore, SecretValue } from './secrets/secrets-store.ts';
export { seedIamFleet } from './seed-iam-fleet.ts';
export { type SeedIamUserOptions, type SeedIamUserSpec, seedIamUser } from './seed-iam-user.ts';
export {
  type SeededOrganization,
  type SeedOrganizationAccount,
  type SeedOrganizationSpec,
  seedOrganization,
} from './seed-organization.ts';
export {
  DEFAULT_ROTATOR_SERVICE_ACCOUNT_ID,
  type SeedYandexRotatorIdentitySpec,
  seedYandexRotatorIdentity,
} from './seed-yandex-rotator-identity.ts';
export {
  type SeedYandexServiceAccountSpec,
  seedYandexServiceAccount,
} from './seed-yandex-service-account.ts';
export { SERVICE_TITLES, servedServicesText } from './served-services.ts';
export type {
  CreateTopicSpec,
  PublishSpec,
  SnsMessage,
  SnsMessageAttribute,
  SnsStore,
  SnsTopic,
} from './sns/sns-store.ts';
export { type LocalCloud, type LocalCloudOptions, startLocalCloud } from './start-local-cloud.ts';
export { AccountRefusedError, checkAccountId } from './state/account-of-state.ts';
export type { CloudState } from './state/cloud-state.ts';
export {
  LEGACY_JOURNAL_FILE_NAME,
  LEGACY_SNAPSHOT_FILE_NAME,
  readPersistedCloudState,
  STATE_DATABASE_FILE_NAME,
} from './state/cloud-state-store.ts';
export type { IamTokenRegistry, IssuedIamToken } from './yandex/iam-token-registry.ts';
export {
  DEFAULT_OPERATION_DELAY_MS as YANDEX_DEFAULT_OPERATION_DELAY_MS,
  YANDEX_STORAGE_REGION,
  YANDEX_TOKEN_AUDIENCE,
} from './yandex/yandex-constants.ts';
export type {
  YandexAccessKey,
  YandexAuthorizedKey,
  YandexServiceAccount,
  YandexStore,
} from './yandex/yandex-store.ts';
export type {
  AccessKeyJson as YandexAccessKeyJson,
  OperationJson as YandexOperationJson,
} from './yandex/yandex-views.ts';
