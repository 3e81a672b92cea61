/**
 * The on-demand endpoint: one provider-neutral function behind a Function URL
 * that accepts only IAM-signed requests, told the ARN of each deployed
 * rotation state machine, and output as RotationEndpointUrl.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_ENV } from '../../lambdas/config/account-scope.ts';
import { FLEET_ENV } from '../../lambdas/config/fleet-environment.ts';
import {
  providerResources,
  renderIntrinsics,
  renderStateMachine,
  resourcesOfType,
  type SynthesizedRotator,
  synthesizeRotator,
  type TemplateResource,
} from './synthesized-rotator.ts';

let synthesized: SynthesizedRotator;
let endpointId: string;
let endpoint: TemplateResource;

beforeAll(() => {
  // Prepare
  synthesized = synthesizeRotator();
  const found = providerResources(synthesized.resources, 'AWS::Lambda::Function', 'any');
  expect(found).toHaveLength(1);
  [endpointId, endpoint] = found[0] as [string, TemplateResource];
});

describe('rotation endpoint', () => {
  it('bundles the http-start-rotation handler, marked provider-neutral', () => {
    expect(endpoint.Metadata).toEqual({
      'akr:entry': 'lambdas/handlers/http-start-rotation.ts',
      'akr:provider': 'any',
    });
  });

  it('has exactly one Function URL, on this function, requiring IAM authentication', () => {
    const urls = resourcesOfType(synthesized.resources, 'AWS::Lambda::Url');
    expect(urls.map(([, url]) => renderIntrinsics(url.Properties))).toEqual([
      { AuthType: 'AWS_IAM', TargetFunctionArn: `<${endpointId}.Arn>` },
    ]);
    const [urlId] = urls[0] ?? [];
    expect(renderIntrinsics(synthesized.outputs.RotationEndpointUrl)).toEqual({
      Value: `<${urlId}.FunctionUrl>`,
    });
  });

  it('is told each rotation state machine ARN and nothing of either provider’s settings', () => {
    expect(renderIntrinsics(endpoint.Properties.Environment)).toEqual({
      Variables: {
        [FLEET_ENV.awsStateMachineArn]: `<${renderStateMachine(synthesized.resources, 'aws').logicalId}>`,
        [FLEET_ENV.yandexStateMachineArn]: `<${renderStateMachine(synthesized.resources, 'yandex').logicalId}>`,
        POWERTOOLS_SERVICE_NAME: 'access-key-rotator',
        // Which account is the hub: `<hub-id>/<user>` is the hub's own user.
        [ACCOUNT_ENV.hubAccountId]: '<AWS::AccountId>',
      },
    });
  });

  it('allows no public invocation', () => {
    const permissions = resourcesOfType(synthesized.resources, 'AWS::Lambda::Permission');
    for (const [id, permission] of permissions) {
      expect(permission.Properties.FunctionUrlAuthType, id).not.toBe('NONE');
      expect(permission.Properties.Principal, id).not.toBe('*');
    }
  });
});
