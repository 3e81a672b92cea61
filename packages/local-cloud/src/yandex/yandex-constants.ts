/**
 * The fixed values of the Yandex Cloud APIs the local cloud serves, taken
 * from the real services so a client configured for Yandex works unchanged.
 */

/** The only `aud` the token exchange accepts, exactly as Yandex IAM requires it. */
export const YANDEX_TOKEN_AUDIENCE = 'https://iam.api.cloud.yandex.net/iam/v1/tokens';

/** Object Storage signs in this region; other regions are refused as S3 refuses them. */
export const YANDEX_STORAGE_REGION = 'ru-central1';

/** An IAM token lives at most 12 h. */
export const IAM_TOKEN_LIFETIME_MS = 12 * 3600 * 1000;

/** A JWT may span at most one hour between `iat` and `exp`. */
export const JWT_MAX_LIFETIME_SECONDS = 3600;

/** Tolerated clock difference between the signer and us. */
export const JWT_CLOCK_SKEW_SECONDS = 60;

/** How long an Update or Delete operation stays `done:false`. */
export const DEFAULT_OPERATION_DELAY_MS = 300;

export const DESCRIPTION_MAX_LENGTH = 256;
export const ID_MAX_LENGTH = 50;
export const ACCESS_KEYS_PER_CLOUD = 1000;
export const PAGE_SIZE_DEFAULT = 100;
export const PAGE_SIZE_MAX = 1000;
