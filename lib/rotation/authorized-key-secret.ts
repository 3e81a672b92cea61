/**
 * Where the Yandex rotator's own credential lives: a Secrets Manager secret
 * holding its service-account authorized key, which every Yandex function reads
 * to obtain an IAM token. The grant names that one secret: a name becomes
 * `…:secret:<name>-??????` (Secrets Manager appends a six-character suffix),
 * an ARN is used exactly as given.
 */
import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { secretName } from '../../lambdas/config/environment.ts';
import { PROVIDERS } from '../rotator-providers.ts';

/** The characters Secrets Manager allows in a secret name. */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN = /^arn:[a-z-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:([A-Za-z0-9/_+=.@-]+)$/;

/** The ARN (or ARN pattern) to grant `secretsmanager:GetSecretValue` on for `nameOrArn`. */
export function authorizedKeySecretArn(
  scope: IConstruct,
  nameOrArn: string,
  secretNamePrefix: string,
): string {
  // A reference such as `secret.secretArn` resolves to an exact ARN at deploy time.
  if (Token.isUnresolved(nameOrArn)) return nameOrArn;
  const arn = SECRET_ARN.exec(nameOrArn);
  const name = arn ? (arn[1] ?? '') : nameOrArn;
  if (!arn && (nameOrArn.startsWith('arn:') || !SECRET_NAME.test(nameOrArn))) {
    throw new Error(
      `yandex.authorizedKeySecret must be a secret name or a Secrets Manager secret ARN, got "${nameOrArn}"`,
    );
  }
  for (const provider of PROVIDERS) {
    const managed = secretName(secretNamePrefix, provider, '');
    // The rotation functions may create and overwrite secrets there; the rotator's own key must be out of reach.
    if (name.startsWith(managed)) {
      throw new Error(`yandex.authorizedKeySecret must not be under ${managed}, got "${nameOrArn}"`);
    }
  }
  if (arn) return nameOrArn;
  return Stack.of(scope).formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    resourceName: `${name}-??????`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}
