/**
 * Identity of the home account (the default one) and region the local cloud simulates. The admin
 * key follows the LocalStack convention so tools configured for LocalStack
 * work here unchanged.
 */
export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_REGION = 'us-east-1';

/** Accepted without a signature check: it stands for the Lambda execution role. */
export const LOCAL_ADMIN_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

export type AwsServiceName =
  | 'iam'
  | 'sts'
  | 'secretsmanager'
  | 'dynamodb'
  | 'sns'
  | 'events'
  | 's3'
  | 'organizations';
/** The Yandex Cloud side, served on the same endpoint (see yandex/). */
export type YandexServiceName = 'yandex-iam' | 'yandex-operation' | 'yandex-storage';
export const YANDEX_SERVICE_NAMES: readonly YandexServiceName[] = [
  'yandex-iam',
  'yandex-operation',
  'yandex-storage',
];
export type ServiceName = AwsServiceName | YandexServiceName;
