import { describe, expect, it } from 'vitest';
import { parseStartRotationRequest } from '../../lambdas/http/start-rotation-request.ts';
import { ValidationError } from '../../lambdas/rotation/rotation-errors.ts';
import { TEST_SETTINGS } from '../support/in-memory-ports.ts';

function refusal(body: string | undefined): ValidationError {
  try {
    parseStartRotationRequest(body, TEST_SETTINGS);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseStartRotationRequest', () => {
  it.each([
    ['aws', 'Alice.Smith+ci@example.com'],
    ['yandex', 'ajeservice0000000001'],
  ] as const)('accepts a %s principal', (provider, principal) => {
    // Act
    const request = parseStartRotationRequest(JSON.stringify({ provider, principal }), TEST_SETTINGS);

    // Assess
    expect(request).toEqual({
      provider,
      input: { principal },
      subject: principal,
      label: `principal ${principal}`,
    });
  });

  it('validates the principal by the rules of the provider asked for, not of the deployment', () => {
    // Prepare: the settings say aws; the request says yandex.
    const body = JSON.stringify({ provider: 'yandex', principal: 'Alice' });

    // Act
    const error = refusal(body);

    // Assess
    expect(error.field).toBe('principal');
    expect(error.message).toMatch(/service-account id/);
  });

  it.each([
    ['no body', undefined, 'body'],
    ['an empty body', '  ', 'body'],
    ['JSON that does not parse', '{"provider": "aws", ', 'body'],
    ['a JSON array', '[]', 'body'],
    ['a JSON string', '"alice"', 'body'],
    ['JSON null', 'null', 'body'],
    ['an unknown field', '{"provider":"aws","principal":"alice","dryRun":true}', 'dryRun'],
    [
      'a duration, which only the deployment sets',
      '{"provider":"aws","principal":"a","gracePeriodSeconds":0}',
      'gracePeriodSeconds',
    ],
    ['no provider', '{"principal":"alice"}', 'provider'],
    ['an unknown provider', '{"provider":"gcp","principal":"alice"}', 'provider'],
    ['a provider in capitals', '{"provider":"AWS","principal":"alice"}', 'provider'],
    ['no principal', '{"provider":"aws"}', 'principal'],
    ['a principal that is a number', '{"provider":"aws","principal":42}', 'principal'],
    ['an empty principal', '{"provider":"aws","principal":""}', 'principal'],
    ['an IAM name with a space', '{"provider":"aws","principal":"alice smith"}', 'principal'],
    [
      'an IAM name of 129 characters',
      JSON.stringify({ provider: 'aws', principal: 'a'.repeat(129) }),
      'principal',
    ],
    ['a Yandex id with capitals', '{"provider":"yandex","principal":"AJE1"}', 'principal'],
  ])('refuses %s, naming the field', (_case, body, field) => {
    // Act
    const error = refusal(body);

    // Assess
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  });

  it('does not quote the body back when it is not JSON', () => {
    // Act
    const error = refusal('{"provider":"aws","principal":"s3cr3t-token-xyz"');

    // Assess
    expect(error.message).not.toContain('s3cr3t');
  });
});
