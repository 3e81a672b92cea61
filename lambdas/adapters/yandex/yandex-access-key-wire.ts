/**
 * The AccessKey resource as the Yandex IAM API sends it
 * (`/iam/aws-compatibility/v1/accessKeys`), and how the rules see it. Every
 * field is optional on the wire: the API omits empty ones.
 */
import type { AccessKeySummary } from '../../rotation/ports.ts';
import { isRetiredDescription } from './yandex-descriptions.ts';

export interface YandexAccessKey {
  /** The resource id the API addresses the key by. */
  readonly id: string;
  readonly serviceAccountId?: string;
  readonly createdAt?: string;
  readonly description?: string;
  /** The AWS-style key id (`YC…`) consumers sign with. */
  readonly keyId?: string;
  readonly lastUsedAt?: string;
}

export interface YandexAccessKeyPage {
  readonly accessKeys?: readonly YandexAccessKey[];
  readonly nextPageToken?: string;
}

/** Create's answer: the only time the secret is ever sent. */
export interface YandexCreatedAccessKey {
  readonly accessKey?: YandexAccessKey;
  readonly secret?: string;
}

/** Keys have no status: the rotator's retired marker in the description reads as Inactive. */
export function toSummary(key: YandexAccessKey): AccessKeySummary {
  return {
    keyId: key.keyId ?? '',
    status: isRetiredDescription(key.description) ? 'Inactive' : 'Active',
    createdAt: key.createdAt ?? '',
  };
}
