/**
 * The Lambdas' logger cannot print a credential, even when a call logs an
 * object that carries one: secret-named fields are dropped at any depth and
 * credential-shaped text is masked, while ids stay readable.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isSecretField, REDACTED, redactText } from '../../lambdas/observability/log-redaction.ts';
import { logger } from '../../lambdas/observability/logger.ts';

const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const YANDEX_SECRET = 'YCOZ1xk4Ha0DsT-2hN_examplesecret0000000q';
const PEM =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----';
const JWT = 'eyJhbGciOiJQUzI1NiIsImtpZCI6ImFqZSJ9.eyJpc3MiOiJhamUiLCJhdWQiOiJ4In0.c2lnbmF0dXJlLXBhcnQ';
const IAM_TOKEN = 't1.9euelZqLzZWSnpKZk5bKx5WPmpOKzO3rnpWak5yPlp6Lyw';
const SECRETS = [
  AWS_SECRET,
  YANDEX_SECRET,
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
  JWT,
  IAM_TOKEN,
];

let lines: string[] = [];
beforeEach(() => {
  lines = [];
  // Powertools writes info lines to stdout and errors to stderr.
  for (const stream of [process.stdout, process.stderr])
    vi.spyOn(stream, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
});
afterEach(() => vi.restoreAllMocks());

describe('log redaction', () => {
  it('drops secret-named fields at any depth, whatever their case or separators', () => {
    logger.info('created', {
      created: { AccessKeyId: 'AKIAEXAMPLE000000001', SecretAccessKey: AWS_SECRET },
      yandex: { accessKey: { keyId: 'YCexamplekeyid00000001' }, secret: YANDEX_SECRET },
      authorizedKey: { id: 'ajeauthkey', private_key: PEM, privateKey: PEM },
      exchange: { jwt: JWT, iamToken: IAM_TOKEN, 'secret-access-key': AWS_SECRET },
      list: [{ SecretString: JSON.stringify({ SecretAccessKey: AWS_SECRET }) }],
      secretName: 'access-key-rotator/aws/alice',
    });

    const output = lines.join('');
    for (const secret of SECRETS) expect(output).not.toContain(secret);
    expect(output).toContain(REDACTED);
    expect(output).toContain('AKIAEXAMPLE000000001');
    expect(output).toContain('YCexamplekeyid00000001');
    expect(output).toContain('access-key-rotator/aws/alice');
  });

  it('masks credential-shaped text in messages, errors and persistent keys', () => {
    logger.appendKeys({ sessionToken: IAM_TOKEN });
    logger.error(`exchange failed for ${JWT} with Bearer ${IAM_TOKEN}`, {
      error: new Error(`could not parse ${PEM}`),
    });
    logger.removeKeys(['sessionToken']);

    const output = lines.join('');
    for (const secret of SECRETS) expect(output).not.toContain(secret);
    expect(output).toContain('exchange failed for');
  });

  it('knows secrets by name, not ids', () => {
    expect(
      ['SecretAccessKey', 'secret_access_key', 'private_key', 'iamToken', 'jwt', 'Authorization'].map(
        isSecretField,
      ),
    ).toEqual([true, true, true, true, true, true]);
    expect(
      ['AccessKeyId', 'newKeyId', 'secretName', 'secretVersionId', 'rotationId'].some(isSecretField),
    ).toBe(false);
    expect(redactText('key AKIAEXAMPLE000000001 rotated')).toBe('key AKIAEXAMPLE000000001 rotated');
  });
});
