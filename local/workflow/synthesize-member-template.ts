/**
 * The member-account stack (`AccessKeyRotatorMember`) synthesized for a
 * local world, so the member roles the demo, the benchmark and the tests put
 * in the embedded cloud are the very role `cdk deploy` or a StackSet would
 * create: the same trust policy, the same permissions. Only the member stack
 * is built, with the world's settings and the hub's account id; it has no
 * assets, so nothing is bundled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { MemberRotationRoleStack } from '../../lib/member/member-rotation-role-stack.ts';
import { MEMBER_STACK_NAME } from '../../lib/rotator-app.ts';
import { cdkJsonContext } from '../../lib/settings/cdk-json-context.ts';
import { memberStackPropsFromContext } from '../../lib/settings/rotator-context.ts';
import type { CfnTemplate } from './template-intrinsics.ts';
import type { WorldSettings } from './world-settings.ts';

export function synthesizeMemberTemplate(
  repoRoot: string,
  worldSettings: WorldSettings,
  hubAccountId: string,
): CfnTemplate {
  const outdir = mkdtempSync(join(tmpdir(), 'akr-member-synth-'));
  try {
    const app = new App({
      context: {
        ...cdkJsonContext(join(repoRoot, 'cdk.json')),
        ...worldSettings,
        'akr:hubAccountId': hubAccountId,
      },
      outdir,
    });
    const stack = new MemberRotationRoleStack(app, MEMBER_STACK_NAME, memberStackPropsFromContext(app.node));
    const template = app.synth().getStackByName(stack.stackName).template as CfnTemplate;
    return { Resources: template.Resources };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
