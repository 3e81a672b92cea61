/**
 * Safe by default: with no setting at all, an AWS deployment rotates only the
 * users that carry the opt-in tag, in the functions' settings and in the IAM
 * condition on every key change; only an explicit `off` lifts both.
 */
import { describe, expect, it } from 'vitest';
import { ENV, readSettings } from '../../lambdas/config/environment.ts';
import type { TemplateResource } from '../cdk/synthesized-rotator.ts';
import { synthesizeRotator } from '../cdk/synthesized-rotator.ts';
import { identityStatements, listOf } from './support/template-policies.ts';

const KEY_CHANGES = new Set(['iam:CreateAccessKey', 'iam:UpdateAccessKey', 'iam:DeleteAccessKey']);

/** Each key-change action granted anywhere, with the condition of the statement granting it. */
function keyChangeConditions(resources: Readonly<Record<string, TemplateResource>>): [string, unknown][] {
  return identityStatements(resources).flatMap(({ statement }) =>
    listOf(statement.Action)
      .filter((action) => KEY_CHANGES.has(action))
      .map((action): [string, unknown] => [action, statement.Condition]),
  );
}

const DEFAULT_TAG = { key: 'access-key-rotator:rotate', value: 'true' };

describe('the opt-in tag by default', () => {
  it.each([
    ['unset', {}],
    ['empty', { [ENV.optInTag]: '' }],
  ])('is required by the functions when the variable is %s', (_case, env) => {
    expect(readSettings({ [ENV.provider]: 'aws', ...env }).optInTag).toEqual(DEFAULT_TAG);
  });

  it('is lifted only by an explicit off, and never applies to Yandex service accounts', () => {
    expect(readSettings({ [ENV.provider]: 'aws', [ENV.optInTag]: 'off' }).optInTag).toBeUndefined();
    expect(readSettings({ [ENV.provider]: 'yandex', [ENV.optInTag]: '' }).optInTag).toBeUndefined();
    expect(readSettings({ [ENV.provider]: 'aws', [ENV.optInTag]: 'team=a' }).optInTag).toEqual({
      key: 'team',
      value: 'a',
    });
  });

  it('guards CreateAccessKey, UpdateAccessKey and DeleteAccessKey in a deployment with no settings', () => {
    // Act
    const conditions = keyChangeConditions(synthesizeRotator({}).resources);

    // Assess: every key change of every AWS function, the tag condition on each.
    expect(conditions.map(([action]) => action).sort()).toEqual(
      expect.arrayContaining(['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:UpdateAccessKey']),
    );
    for (const [action, condition] of conditions) {
      expect(condition, action).toEqual({
        StringEquals: { 'iam:ResourceTag/access-key-rotator:rotate': 'true' },
      });
    }
  });

  it('drops the condition, and tells the functions so, only when the deployment says off', () => {
    // Act
    const { resources } = synthesizeRotator({ 'akr:optInTag': 'off' });

    // Assess
    for (const [action, condition] of keyChangeConditions(resources))
      expect(condition, action).toBeUndefined();
    const awsEnvironments = Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::Lambda::Function')
      .map((fn) => (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables)
      .filter((variables) => variables[ENV.provider] === 'aws');
    expect(awsEnvironments.length).toBeGreaterThan(0);
    for (const variables of awsEnvironments) expect(variables[ENV.optInTag]).toBe('off');
  });
});
