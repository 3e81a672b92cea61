/**
 * A single-account deployment is the one it was before multi-account: the
 * stack reaches its functions for member accounts only through
 * grantHubAccountAccess, so the template built with that wiring switched off
 * is the template of old. With no account setting, the real template may
 * differ from it by AKR_HUB_ACCOUNT_ID on the AWS functions and the endpoint,
 * and by nothing else: no resource, property, policy or variable more.
 */
import { describe, expect, it, vi } from 'vitest';
import { ACCOUNT_ENV } from '../../lambdas/config/account-scope.ts';
import type * as HubAccountAccess from '../../lib/member/hub-account-access.ts';
import { resourcesOfType, synthesizeRotator, type TemplateResource } from './synthesized-rotator.ts';

const wiring = vi.hoisted(() => ({ enabled: true }));

vi.mock('../../lib/member/hub-account-access.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof HubAccountAccess>();
  return {
    ...actual,
    grantHubAccountAccess: (props: HubAccountAccess.HubAccountAccessProps) => {
      if (wiring.enabled) actual.grantHubAccountAccess(props);
    },
  };
});

function withoutWiring(context: Record<string, unknown>) {
  wiring.enabled = false;
  try {
    return synthesizeRotator(context);
  } finally {
    wiring.enabled = true;
  }
}

/** The resources with AKR_HUB_ACCOUNT_ID taken out of every function's environment, and the ids it was in. */
function withoutHubAccountId(resources: Readonly<Record<string, TemplateResource>>) {
  const copy = structuredClone(resources) as Record<string, TemplateResource>;
  const carriers: string[] = [];
  for (const [id, fn] of resourcesOfType(copy, 'AWS::Lambda::Function')) {
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    if (ACCOUNT_ENV.hubAccountId in variables) {
      expect(variables[ACCOUNT_ENV.hubAccountId], id).toEqual({ Ref: 'AWS::AccountId' });
      delete variables[ACCOUNT_ENV.hubAccountId];
      carriers.push(id);
    }
  }
  return { resources: copy, carriers };
}

describe('single-account template', () => {
  it.each([
    ['default settings', {}],
    [
      'AWS only, a user path and the opt-in tag off',
      { 'akr:providers': 'aws', 'akr:userPath': '/svc/', 'akr:optInTag': 'off' },
    ],
  ])('with %s differs from the one before multi-account by AKR_HUB_ACCOUNT_ID alone', (_, context) => {
    const before = withoutWiring(context);
    const after = synthesizeRotator(context);
    const { resources, carriers } = withoutHubAccountId(after.resources);
    expect(resources).toEqual(before.resources);
    expect(after.outputs).toEqual(before.outputs);
    // 9 rotation steps, the re-activation, Discover, Summarize, the endpoint and the leak response.
    expect(carriers).toHaveLength(14);
    const carried = carriers.map((id) => after.resources[id]?.Metadata?.['akr:provider']);
    expect(new Set(carried)).toEqual(new Set(['aws', 'any']));
  });

  it('is really compared: with member accounts the two differ beyond that variable', () => {
    const context = { 'akr:accounts': '222222222222' };
    const { resources } = withoutHubAccountId(synthesizeRotator(context).resources);
    expect(resources).not.toEqual(withoutWiring(context).resources);
  });
});
