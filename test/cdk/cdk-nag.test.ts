/**
 * cdk-nag AwsSolutions over the whole app: nothing left unacknowledged, and
 * each acknowledgement names one exact wildcard finding with its reason.
 * (Every synth in these tests runs the checks too: a finding fails the synth.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRotatorApp, type RotatorApp } from '../../lib/rotator-app.ts';

let rotator: RotatorApp;
const outdir = mkdtempSync(join(tmpdir(), 'akr-cdk-nag-'));

function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

beforeAll(() => {
  // Prepare
  rotator = createRotatorApp({ context: { 'aws:cdk:bundling-stacks': [] }, outdir });
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding, and the synth passes validation', () => {
    const report = new AwsSolutionsChecks().validateScope(rotator.app);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
    expect(() => rotator.app.synth()).not.toThrow();
  });

  it('acknowledges only wildcard resources, one finding at a time, each with a reason', () => {
    const acknowledged = acknowledgements(rotator.app);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { path, id, reason } of acknowledged) {
      expect(id, path).toMatch(/^AwsSolutions-IAM5\[Resource::.+\]$/);
      expect(reason.length, `${path} ${id}`).toBeGreaterThan(40);
    }
  });

  it('acknowledges the user and secret scopes with the configured path and prefix', () => {
    const ids = acknowledgements(rotator.app).map(({ id }) => id);
    expect(ids).toContain('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*]');
    for (const provider of ['aws', 'yandex']) {
      expect(ids).toContain(
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:access-key-rotator/${provider}/*]`,
      );
    }
  });

  it('acknowledges no IAM user scope and no AWS secret on the Yandex rotator', () => {
    const yandex = acknowledgements(rotator.stack.rotator('yandex'));
    expect(yandex.length).toBeGreaterThan(0);
    for (const { path, id } of yandex) {
      expect(id, path).not.toContain(':iam::');
      expect(id, path).not.toContain('/aws/');
    }
  });

  it('acknowledges the user inventory on the AWS Discover role only, with its reason', () => {
    const inventory = acknowledgements(rotator.app).filter(({ reason }) =>
      reason.includes('GetAccountAuthorizationDetails'),
    );
    expect(inventory.map(({ path, id }) => [path, id])).toEqual([
      ['AccessKeyRotator/AwsFleet/DiscoverFunctionRole', 'AwsSolutions-IAM5[Resource::*]'],
    ]);
  });

  it('acknowledges the child execution wildcards on each fleet state machine', () => {
    for (const provider of ['aws', 'yandex'] as const) {
      const fleet = acknowledgements(rotator.stack.fleet(provider).workflow.stateMachine);
      const executions = fleet.filter(({ id }) => id.includes(':execution:'));
      expect(executions.map(({ id }) => id.replace(/^.*\}\]\}\]\}/, '')).sort(), provider).toEqual(
        ['*]', '/*:*]', ':*]'].sort(),
      );
    }
  });

  it('still catches a new wildcard nobody acknowledged', () => {
    // Act: a fresh app, so the shared one stays clean.
    const { app, stack } = createRotatorApp({ context: { 'aws:cdk:bundling-stacks': [] }, outdir });
    stack.rotator('yandex').functions.publish.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:DeleteSecret'],
        resources: ['arn:aws:secretsmanager:*'],
      }),
    );
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([
      'AwsSolutions-IAM5[Resource::arn:aws:secretsmanager:*]',
    ]);
  });
});

describe('cdk-nag AwsSolutions, multi-account', () => {
  let multi: RotatorApp;
  beforeAll(() => {
    // Prepare: an organization, secrets in the members, and the member-account stacks in the app.
    multi = createRotatorApp({
      context: {
        'aws:cdk:bundling-stacks': [],
        'akr:accounts': 'organization',
        'akr:secretLocation': 'member',
        'akr:hubAccountId': '123456789012',
      },
      outdir,
    });
  });

  it('reports no unacknowledged finding in the hub or the member-account stacks', () => {
    const report = new AwsSolutionsChecks().validateScope(multi.app);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
    expect(() => multi.app.synth()).not.toThrow();
    for (const { path, id, reason } of acknowledgements(multi.app)) {
      expect(id, path).toMatch(/^AwsSolutions-IAM5\[Resource::.+\]$/);
      expect(reason.length, `${path} ${id}`).toBeGreaterThan(40);
    }
  });

  it('acknowledges on the member role exactly its users, the inventory and its own secrets', () => {
    if (!multi.member || !multi.organizationListing) throw new Error('no member-account stacks');
    expect(
      acknowledgements(multi.member)
        .map(({ id }) => id)
        .sort(),
    ).toEqual(
      [
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:*:<AWS::AccountId>:secret:access-key-rotator/aws/<AWS::AccountId>/*]',
      ].sort(),
    );
    expect(acknowledgements(multi.organizationListing).map(({ id }) => id)).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
    ]);
  });
});
