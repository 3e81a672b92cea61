/**
 * Turns a step's needs (rotation-steps.ts) into IAM statements, each scoped to
 * what the rotator may touch: users under one path (and, optionally, carrying
 * an opt-in tag), secrets under one prefix, one KMS key and one lock table.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { secretName } from '../lambdas/config/environment.ts';
import { acknowledgeWildcardResource } from './nag-acknowledgements.ts';
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
  /** IAM path of the users in scope, `/` or `/like/this/`. */
  readonly userPath: string;
  /**
   * @default - no tag is required
   */
  readonly optInTag?: OptInTag;
  readonly secretNamePrefix: string;
  readonly secretsKey: kms.IKey;
  readonly lockTable: dynamodb.ITable;
}

/** The actions that change a user's keys: the opt-in tag guards these. */
const MUTATING_IAM_ACTIONS: ReadonlySet<IamUserAction> = new Set([
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
  /** `arn:<partition>:iam::<account>:user<userPath>*` */
  readonly userArnPattern: string;
  /** `arn:<partition>:secretsmanager:<region>:<account>:secret:<prefix>/aws/*` */
  readonly secretArnPattern: string;
  private readonly props: RotationAccessProps;

  constructor(scope: Construct, props: RotationAccessProps) {
    if (!/^\/([\u0021-\u007e]+\/)?$/.test(props.userPath)) {
      throw new Error(`userPath must be "/" or "/path/", got "${props.userPath}"`);
    }
    const stack = Stack.of(scope);
    this.props = props;
    this.userArnPattern = stack.formatArn({
      service: 'iam',
      region: '',
      resource: 'user',
      resourceName: `${props.userPath.slice(1)}*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this.secretArnPattern = stack.formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      resourceName: secretName(props.secretNamePrefix, 'aws', '*'),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /** Grants `grantee` exactly the actions in `access`, and the KMS use its secret actions imply. */
  grant(grantee: iam.IGrantable, access: StepAccess): void {
    const reads = access.iam.filter((action) => !MUTATING_IAM_ACTIONS.has(action));
    const writes = access.iam.filter((action) => MUTATING_IAM_ACTIONS.has(action));
    if (access.iam.length > 0) {
      this.acknowledge(
        grantee,
        this.userArnPattern,
        `Any IAM user under path ${this.props.userPath} may be rotated: the path is the scope itself` +
          (this.props.optInTag ? ', and the opt-in tag condition guards every key change.' : '.'),
      );
    }
    if (access.secrets.length > 0) {
      this.acknowledge(
        grantee,
        this.secretArnPattern,
        `One secret per principal under ${secretName(this.props.secretNamePrefix, 'aws', '')}: names are known only at run time and Secrets Manager appends a random suffix.`,
      );
    }
    if (reads.length > 0) {
      iam.Grant.addToPrincipal({ grantee, actions: reads, resourceArns: [this.userArnPattern] });
    }
    if (writes.length > 0) {
      iam.Grant.addToPrincipal({
        grantee,
        actions: writes,
        resourceArns: [this.userArnPattern],
        conditions: this.optInCondition(),
      });
    }
    if (access.secrets.length > 0) {
      iam.Grant.addToPrincipal({
        grantee,
        actions: [...access.secrets],
        resourceArns: [this.secretArnPattern],
      });
    }
    if (access.secrets.some((action) => SECRET_WRITES.has(action))) {
      this.props.secretsKey.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt');
    } else if (access.secrets.includes('secretsmanager:GetSecretValue')) {
      this.props.secretsKey.grant(grantee, 'kms:Decrypt');
    }
    if (access.lock.length > 0) this.props.lockTable.grant(grantee, ...access.lock);
  }

  private acknowledge(grantee: iam.IGrantable, resource: string, reason: string): void {
    const principal = grantee.grantPrincipal;
    if (Construct.isConstruct(principal)) acknowledgeWildcardResource(principal, resource, reason);
  }

  private optInCondition(): Record<string, Record<string, string>> | undefined {
    const tag = this.props.optInTag;
    if (!tag) return undefined;
    const conditionKey = `iam:ResourceTag/${tag.key}`;
    return tag.value === undefined
      ? { StringLike: { [conditionKey]: '*' } }
      : { StringEquals: { [conditionKey]: tag.value } };
  }
}
