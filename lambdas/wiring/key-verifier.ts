/**
 * How this deployment proves a new key signs, for the provider it serves
 * (AKR_PROVIDER): STS on AWS, Object Storage on Yandex. Both verifiers build
 * their client per call, with the key under test, so nothing is built here
 * (a member principal's key is checked to sign in its own account);
 * both SDKs are loaded, as for the access keys.
 */

import { stsKeyVerifier } from '../adapters/aws/sts-key-verifier.ts';
import { yandexKeyVerifier } from '../adapters/yandex/yandex-key-verifier.ts';
import { rotatorSettings } from '../config/container-settings.ts';
import type { KeyVerifier } from '../rotation/ports.ts';
import { hubAccountId } from './member-accounts.ts';

export const keyVerifier: KeyVerifier =
  rotatorSettings.provider === 'yandex'
    ? yandexKeyVerifier(rotatorSettings)
    : stsKeyVerifier(undefined, hubAccountId);
