/**
 * The KeyVerifier of a Lambda serving Yandex Cloud: a signed Object Storage
 * call with the new key, or none at all where Storage is out of reach.
 */
import type { RotatorSettings } from '../../config/environment.ts';
import type { KeyVerifier } from '../../rotation/ports.ts';
import { s3KeyVerifier } from './s3-key-verifier.ts';
import { yandexEndpoints } from './yandex-endpoints.ts';

/**
 * For deployments that cannot reach Object Storage (AKR_VERIFY_NEW_KEY=false):
 * the key was just returned by the IAM API, and only the signed check is skipped.
 */
export const skippedKeyVerifier: KeyVerifier = {
  async verify() {},
};

export function yandexKeyVerifier(
  settings: Pick<RotatorSettings, 'verifyNewKey'>,
  env: NodeJS.ProcessEnv = process.env,
): KeyVerifier {
  return settings.verifyNewKey ? s3KeyVerifier(yandexEndpoints(env).storage) : skippedKeyVerifier;
}
