/**
 * A principal names its account (`111122223333/alice`) or not (`alice`, the
 * hub's). Malformed principals and member accounts outside the deployment's
 * scope are refused with VALIDATION_ERROR naming `principal`, before any
 * port is called; `<hub id>/alice` is the hub's alice.
 */
import { describe, expect, it } from 'vitest';
import { readAccountScope } from '../../lambdas/config/account-scope.ts';
import type { RotatorAccounts, RotatorSettings } from '../../lambdas/config/environment.ts';
import { ValidationError } from '../../lambdas/rotation/rotation-errors.ts';
import { parseRotationInput, validatePrincipal } from '../../lambdas/rotation/validate-rotation-input.ts';
import { TEST_SETTINGS } from '../support/in-memory-ports.ts';

const HUB = '999988887777';
const MEMBER = '111122223333';

function settingsWith(env: NodeJS.ProcessEnv, hubAccountId: string | undefined = HUB) {
  const accounts: RotatorAccounts = { hubAccountId, scope: readAccountScope(env) };
  return { ...TEST_SETTINGS, accounts };
}

function refusal(
  principal: unknown,
  settings: RotatorSettings = settingsWith({ AKR_ACCOUNTS: MEMBER }),
): ValidationError {
  try {
    parseRotationInput({ principal }, settings);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error(`${String(principal)} was accepted`);
}

describe('a member principal', () => {
  it('is accepted for a listed account, and kept with its account', () => {
    // Act
    const input = parseRotationInput(
      { principal: `${MEMBER}/alice` },
      settingsWith({ AKR_ACCOUNTS: MEMBER }),
    );

    // Assess
    expect(input.principal).toBe(`${MEMBER}/alice`);
  });

  it('is accepted for any account not excluded when the scope is the organization', () => {
    // Act
    const input = parseRotationInput(
      { principal: '444455556666/bob' },
      settingsWith({ AKR_ACCOUNTS: 'organization', AKR_EXCLUDED_ACCOUNTS: MEMBER }),
    );

    // Assess
    expect(input.principal).toBe('444455556666/bob');
  });

  it("of the hub's own id is the hub's user, under its bare name", () => {
    // Act
    const input = parseRotationInput({ principal: `${HUB}/alice` }, settingsWith({}));

    // Assess
    expect(input.principal).toBe('alice');
  });

  it.each([
    ['a/b/c', 'must be <user> or <account-id>/<user>, with one "/" at most'],
    ['1234/alice', 'account "1234" before the "/" must be a 12-digit AWS account id'],
    ['11112222333a/alice', 'account "11112222333a" before the "/" must be a 12-digit AWS account id'],
    [`${MEMBER}/`, 'must name a user after the "/"'],
    [`${MEMBER}/alice smith`, 'must be <account-id>/<user> with <user> an IAM user name'],
    ['/alice', 'account "" before the "/" must be a 12-digit AWS account id'],
  ])('%s is refused, naming principal', (principal, reason) => {
    // Act
    const error = refusal(principal);

    // Assess
    expect(error.field).toBe('principal');
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toContain(reason);
  });

  it.each([
    [
      'the deployment rotates the hub only',
      {},
      'this deployment rotates its own account only (akr:accounts)',
    ],
    [
      'the account is not listed',
      { AKR_ACCOUNTS: '444455556666' },
      'is not one of the accounts this deployment rotates',
    ],
    [
      'the account is excluded',
      { AKR_ACCOUNTS: 'organization', AKR_EXCLUDED_ACCOUNTS: MEMBER },
      'is excluded from this deployment (akr:excludeAccounts)',
    ],
  ])('outside the scope is refused when %s', (_case, env, reason) => {
    // Act
    const error = refusal(`${MEMBER}/alice`, settingsWith(env));

    // Assess
    expect(error.field).toBe('principal');
    expect(error.message).toMatch(new RegExp(`^principal: account ${MEMBER} `));
    expect(error.message).toContain(reason);
    expect(error.message).toContain('nothing was changed');
  });

  it('is refused by settings without accounts (a deployment that predates them): the hub only', () => {
    // Act
    const error = refusal(`${MEMBER}/alice`, TEST_SETTINGS);

    // Assess
    expect(error.message).toContain('rotates its own account only');
  });
});

describe('the --principal check before the deployment is known', () => {
  it('accepts the member form and refuses malformed ones, naming principal', () => {
    expect(validatePrincipal(`${MEMBER}/alice`, 'aws')).toBe(`${MEMBER}/alice`);
    expect(() => validatePrincipal('a/b/c', 'aws')).toThrow(
      /^principal: must be <user> or <account-id>\/<user>/,
    );
  });

  it('leaves Yandex service accounts as they were: no accounts there', () => {
    expect(() => validatePrincipal(`${MEMBER}/aje1`, 'yandex')).toThrow(/Yandex service-account id/);
  });
});
