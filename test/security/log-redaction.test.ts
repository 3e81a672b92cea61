/**
 * The Lambdas' logger cannot print a credential, even when a call logs an
 * object that carries one: secret-named fields are dropped at any depth and
 * credential-shaped text is masked, while ids stay readable.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  isSecretField,
  REDACTED,
  redactError,
  redactText,
} from '../../lambdas/observability/log-redaction.ts';
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

  it('masks an AWS secret access key in free text, and keeps hex digests and ids readable', () => {
    // Act
    const masked = redactText(`signing with AKIAEXAMPLE000000001:${AWS_SECRET} failed`);
    const sha1 = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';

    // Assess
    expect(masked).toBe(`signing with AKIAEXAMPLE000000001:${REDACTED} failed`);
    expect(redactText(`digest ${sha1}`)).toBe(`digest ${sha1}`);
    expect(redactText(`?key=${AWS_SECRET}&next=1`)).toBe(`?key=${REDACTED}&next=1`);
    expect(
      redactText('secret access-key-rotator/aws/alice version 0f5c6e1e-1b53-4c5f-9d4e-0a5d1c2b3a49'),
    ).toBe('secret access-key-rotator/aws/alice version 0f5c6e1e-1b53-4c5f-9d4e-0a5d1c2b3a49');
  });

  it('masks a Yandex static key secret in free text, not its 25-character id', () => {
    expect(redactText(`key YCAJEexamplekeyid0000001 secret ${YANDEX_SECRET}`)).toBe(
      `key YCAJEexamplekeyid0000001 secret ${REDACTED}`,
    );
  });

  it('masks the value of a credential serialized inside a string field, however it was quoted', () => {
    // Prepare: values no shape rule knows, so only the name around them can give them away.
    const secret = 'not-shaped-like-any-key';
    const document = JSON.stringify({
      Version: 1,
      AccessKeyId: 'AKIAEXAMPLE000000001',
      SecretAccessKey: secret,
    });

    // Act
    logger.info('stored', {
      body: document,
      twice: JSON.stringify({ SecretString: document }),
      query: `Action=Create&aws_secret_access_key=${secret}&UserName=alice`,
      ini: `aws_secret_access_key = ${secret}
aws_session_token=${secret}`,
      yandex: `{"private_key": "${secret}", "id": "ajeauthkey"}`,
    });

    // Assess
    const output = lines.join('');
    expect(output).not.toContain(secret);
    expect(output).toContain('AKIAEXAMPLE000000001');
    expect(output).toContain('UserName=alice');
    expect(output).toContain('ajeauthkey');
  });

  it('masks secrets inside an error message and stack in place, keeping its name', () => {
    // Prepare
    const error = new Error(
      `request {"SecretAccessKey":"abc-def"} rejected; token ${IAM_TOKEN} and ${AWS_SECRET}`,
    );
    error.name = 'ValidationException';

    // Act
    redactError(error);

    // Assess
    expect(error.name).toBe('ValidationException');
    for (const text of [error.message, error.stack ?? '']) {
      for (const secret of ['abc-def', IAM_TOKEN, AWS_SECRET]) expect(text).not.toContain(secret);
    }
    expect(error.message).toBe(
      `request {"SecretAccessKey":"${REDACTED}"} rejected; token ${REDACTED} and ${REDACTED}`,
    );
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
