/**
 * Turns a step's needs (rotation-steps.ts) into IAM statements, each scoped to
 * what one provider's rotator may touch: secrets under `<prefix>/<provider>/`,
 * one KMS key and one lock table; on AWS also users under one path (and,
 * optionally, carrying an opt-in tag). The KMS key's policy names every role
 * that uses it. Yandex keys are changed over the Yandex API, never through
 * AWS IAM: a Yandex function gets no `iam:` action at all and, only if it
 * calls the Yandex API, a read of the secret holding the rotator's authorized key.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { DEFAULT_SETTINGS, secretName } from '../../lambdas/config/environment.ts';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import type { MemberAccounts } from '../member/account-settings.ts';
import { acknowledgeWildcardResource } from '../platform/nag-acknowledgements.ts';
import { authorizedKeySecretArn } from './authorized-key-secret.ts';
import type { IamUserAction, SecretAction, StepAccess } from './rotation-steps.ts';

/** A tag an IAM user must carry before the rotator may change its keys. */
export interface OptInTag {
  readonly key: string;
  /**
   * @default - any value: the tag only has to be present
   */
  readonly value?: string;
}

export interface RotationAccessProps {
  /** Whose keys the granted functions rotate. */
  readonly provider: Provider;
  /**
   * AWS only: IAM path of the users in scope, `/` or `/like/this/`.
   * @default '/' (every user)
   */
  readonly userPath?: string;
  /**
   * AWS only: the resolved setting (RotationSettings.optInTag, whose default is a tag).
   * @default - no tag is required: the deployment turned it off
   */
  readonly optInTag?: OptInTag;
  readonly secretNamePrefix: string;
  readonly secretsKey: kms.IKey;
  readonly lockTable: dynamodb.ITable;
  /**
   * Yandex only, and required there: name or ARN of the secret holding the rotator's authorized key.
   * @default - none (AWS)
   */
  readonly authorizedKeySecret?: string;
}

/** The actions that change a user's keys: the opt-in tag guards these. */
export const MUTATING_IAM_ACTIONS: ReadonlySet<IamUserAction> = new Set([
  'iam:CreateAccessKey',
  'iam:UpdateAccessKey',
  'iam:DeleteAccessKey',
]);

/** Secrets Manager encrypts a new value with a data key generated under the secret's KMS key. */
const SECRET_WRITES: ReadonlySet<SecretAction> = new Set([
  'secretsmanager:CreateSecret',
  'secretsmanager:PutSecretValue',
]);

export class RotationAccess {
  readonly provider: Provider;
  /** AWS: `arn:<partition>:iam::<account>:user<userPath>*`; undefined for Yandex. */
  readonly userArnPattern?: string;
  /** `arn:<partition>:secretsmanager:<region>:<account>:secret:<prefix>/<provider>/*` */
  readonly secretArnPattern: string;
  /** Yandex: the authorized-key secret's ARN, or `…:secret:<name>-??????`; undefined for AWS. */
  readonly authorizedKeySecretArn?: string;
  private readonly props: RotationAccessProps;
  private readonly userPath: string;
  private readonly region: string;
  private readonly stack: Stack;

  constructor(scope: Construct, props: RotationAccessProps) {
    const stack = Stack.of(scope);
    this.props = props;
    this.provider = props.provider;
    this.region = stack.region;
    this.stack = stack;
    this.userPath = props.userPath ?? DEFAULT_SETTINGS.userPath;
    if (props.provider === 'aws') {
      if (props.authorizedKeySecret !== undefined) throw new Error('authorizedKeySecret is for Yandex only');
      checkUserPath(this.userPath);
      this.userArnPattern = stack.formatArn({
        service: 'iam',
        region: '',
        resource: 'user',
        resourceName: `${this.userPath.slice(1)}*`,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      });
    } else {
      if (props.authorizedKeySecret === undefined) throw new Error('Yandex needs an authorizedKeySecret');
      if (this.userPath !== DEFAULT_SETTINGS.userPath || props.optInTag) {
        throw new Error('userPath and optInTag scope AWS IAM users; Yandex has neither');
      }
      this.authorizedKeySecretArn = authorizedKeySecretArn(
        scope,
        props.authorizedKeySecret,
        props.secretNamePrefix,
      );
    }
    this.secretArnPattern = stack.formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      resourceName: secretName(props.secretNamePrefix, props.provider, '*'),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /** Grants `grantee` exactly the actions in `access` its provider uses, and the KMS use its secret actions imply. */
  grant(grantee: iam.IGrantable, access: StepAccess): void {
    if (this.userArnPattern !== undefined) this.grantUserActions(grantee, access.iam, this.userArnPattern);
    if (access.secrets.length > 0) {
      this.acknowledge(
        grantee,
        this.secretArnPattern,
        `One secret per principal under ${secretName(this.props.secretNamePrefix, this.provider, '')}: names are known only at run time and Secrets Manager appends a random suffix.`,
      );
      iam.Grant.addToPrincipal({
        grantee,
        actions: [...access.secrets],
        resourceArns: [this.secretArnPattern],
      });
    }
    if (access.secrets.some((action) => SECRET_WRITES.has(action))) {
      this.grantKeyUse(grantee, ['kms:GenerateDataKey', 'kms:Decrypt']);
    } else if (access.secrets.includes('secretsmanager:GetSecretValue')) {
      this.grantKeyUse(grantee, ['kms:Decrypt']);
    }
    if (access.lock.length > 0) this.props.lockTable.grant(grantee, ...access.lock);
    if (this.authorizedKeySecretArn !== undefined && access.callsKeyApi) {
      // A Yandex step that calls the Yandex API signs in: one read of the rotator's own key, nothing else.
      iam.Grant.addToPrincipal({
        grantee,
        actions: ['secretsmanager:GetSecretValue'],
        resourceArns: [this.authorizedKeySecretArn],
      });
    }
  }

  /**
   * Multi-account: lets `grantee` assume the member role of the accounts in
   * scope when its step touches what lives there: IAM users, and secrets when
   * they are kept in the member account. Listed accounts are named one by one;
   * an organization's accounts are known only at run time, so any account's
   * role of that name, within the organization when its id is given.
   * Multi-account is AWS only: a Yandex grantee gets nothing.
   */
  grantMemberRoleAssumption(grantee: iam.IGrantable, access: StepAccess, accounts: MemberAccounts): void {
    if (this.provider !== 'aws') return;
    const touchesMember =
      access.iam.length > 0 || (accounts.secretLocation === 'member' && access.secrets.length > 0);
    if (!touchesMember) return;
    const roleArn = (account: string) =>
      this.stack.formatArn({
        service: 'iam',
        region: '',
        account,
        resource: 'role',
        resourceName: accounts.memberRoleName,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      });
    const { source, organizationId } = accounts;
    const roles = source.kind === 'list' ? source.accounts.map(roleArn) : [roleArn('*')];
    if (source.kind === 'organization') {
      this.acknowledge(
        grantee,
        roleArn('*'),
        `The member role ${accounts.memberRoleName} of any account of the organization: its accounts are listed only at run time` +
          (organizationId ? `, and aws:ResourceOrgID keeps the roles within ${organizationId}.` : '.'),
      );
    }
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['sts:AssumeRole'],
      resourceArns: roles,
      conditions: organizationId ? { StringEquals: { 'aws:ResourceOrgID': organizationId } } : undefined,
    });
  }

  /**
   * The secrets' readers decrypt through Secrets Manager only, and only this
   * provider's secrets. Any principal of the account, as AWS's own
   * `aws/secretsmanager` key allows: a user may have no IAM policy at all,
   * and each secret's resource policy already decides who reads it (Secrets
   * Manager decrypts only for a GetSecretValue that policy let through). And
   * the configured readers, who may be in other accounts and so need the key
   * policy to name them: a role of the readers tag in another account that is
   * not configured cannot decrypt.
   */
  grantReadersDecrypt(configuredReaders: readonly string[]): void {
    const title = this.provider === 'aws' ? 'Aws' : 'Yandex';
    const onlyThrough = this.secretsManagerOnly();
    this.props.secretsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `${title}SecretsDecryptInTheAccountThroughSecretsManager`,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: {
          ...onlyThrough,
          StringEquals: { ...onlyThrough.StringEquals, 'kms:CallerAccount': this.stack.account },
        },
      }),
    );
    if (configuredReaders.length === 0) return;
    this.props.secretsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `${title}SecretReadersDecryptThroughSecretsManager`,
        principals: configuredReaders.map((reader) => new iam.ArnPrincipal(reader)),
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: onlyThrough,
      }),
    );
  }

  /**
   * Multi-account, secrets kept in the hub: a member account's user reads its
   * secret across accounts, so the key policy names the member accounts (for
   * their IAM policies to grant the use), or the organization. Without an
   * organization id an organization's accounts are unknown here: its users
   * then decrypt only as configured readers. Secrets kept in the member
   * account use that account's own key, which needs nothing from the hub.
   */
  grantMemberUsersDecrypt(accounts: MemberAccounts): void {
    if (this.provider !== 'aws' || accounts.secretLocation !== 'hub') return;
    const onlyThrough = this.secretsManagerOnly();
    const { source, organizationId } = accounts;
    if (source.kind === 'organization' && organizationId === undefined) return;
    this.props.secretsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'MemberUsersDecryptTheirSecretsThroughSecretsManager',
        principals:
          source.kind === 'list'
            ? source.accounts.map((account) => new iam.AccountPrincipal(account))
            : [new iam.AnyPrincipal()],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions:
          source.kind === 'list'
            ? onlyThrough
            : {
                ...onlyThrough,
                StringEquals: { ...onlyThrough.StringEquals, 'aws:PrincipalOrgID': String(organizationId) },
              },
      }),
    );
  }

  private secretsManagerOnly(): Record<string, Record<string, string>> {
    return {
      StringEquals: { 'kms:ViaService': `secretsmanager.${this.region}.amazonaws.com` },
      StringLike: { 'kms:EncryptionContext:SecretARN': this.secretArnPattern },
    };
  }

  /**
   * The role's own policy allows the key's use, and the key policy names the
   * role as one of its users: for use through Secrets Manager only, and only
   * on this provider's secrets (Secrets Manager puts the secret's ARN in the
   * encryption context). The account-root statement CDK writes stays, so the
   * key remains manageable and consumers granted through IAM keep reading.
   */
  private grantKeyUse(grantee: iam.IGrantable, actions: readonly string[]): void {
    this.props.secretsKey.grant(grantee, ...actions);
    this.props.secretsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [grantee.grantPrincipal],
        actions: [...actions],
        resources: ['*'],
        conditions: this.secretsManagerOnly(),
      }),
    );
  }

  private grantUserActions(grantee: iam.IGrantable, actions: readonly IamUserAction[], users: string): void {
    if (actions.length === 0) return;
    this.acknowledge(
      grantee,
      users,
      `Any IAM user under path ${this.userPath} may be rotated: the path is the scope itself` +
        (this.props.optInTag ? ', and the opt-in tag condition guards every key change.' : '.'),
    );
    const reads = actions.filter((action) => !MUTATING_IAM_ACTIONS.has(action));
    const writes = actions.filter((action) => MUTATING_IAM_ACTIONS.has(action));
    if (reads.length > 0) iam.Grant.addToPrincipal({ grantee, actions: reads, resourceArns: [users] });
    if (writes.length > 0) {
      iam.Grant.addToPrincipal({
        grantee,
        actions: writes,
        resourceArns: [users],
        conditions: optInCondition(this.props.optInTag),
      });
    }
  }

  private acknowledge(grantee: iam.IGrantable, resource: string, reason: string): void {
    const principal = grantee.grantPrincipal;
    if (Construct.isConstruct(principal)) acknowledgeWildcardResource(principal, resource, reason);
  }
}

/** An IAM path: `/`, or `/` segments `/` of printable ASCII. */
export function checkUserPath(path: string): string {
  if (/^\/([\u0021-\u007e]+\/)?$/.test(path)) return path;
  throw new Error(`userPath must be "/" or "/path/", got "${path}"`);
}

/** The condition a key change needs: the user carries the opt-in tag (any value, or the exact one). */
export function optInCondition(
  tag: OptInTag | undefined,
): Record<string, Record<string, string>> | undefined {
  if (!tag) return undefined;
  const conditionKey = `iam:ResourceTag/${tag.key}`;
  return tag.value === undefined
    ? { StringLike: { [conditionKey]: '*' } }
    : { StringEquals: { [conditionKey]: tag.value } };
}
