/**
 * A fake Secrets Manager with the staging-label rules the rotation depends on:
 * - PutSecretValue's ClientRequestToken (the version id) must be 32–64
 *   characters; the call is idempotent for the same value and refuses a
 *   different one; the first version of a secret gets AWSCURRENT
 *   automatically, whatever stages were asked for;
 * - UpdateSecretVersionStage must name the version a label moves away from,
 *   moving AWSCURRENT drags AWSPREVIOUS to the version it left, and
 *   AWSCURRENT cannot simply be removed;
 * - DescribeSecret lists only versions that still carry a label;
 * - PutResourcePolicy replaces the policy; TagResource and UpdateSecret's
 *   Description keep what the rotation recorded, and both need the secret.
 */
import type {
  SecretDescription,
  SecretManagement,
  SecretSelector,
  SecretStore,
  StoredCredential,
} from '../../../lambdas/rotation/ports.ts';
import type { Provider } from '../../../lambdas/rotation/rotation-state.ts';
import type { SecretAccessPolicy } from '../../../lambdas/rotation/secret-access-policy.ts';
import { type CallLog, serviceError } from './call-log.ts';

/** PutSecretValue refuses a ClientRequestToken outside these bounds. */
export const CLIENT_REQUEST_TOKEN_LENGTH = { min: 32, max: 64 } as const;

interface FakeSecret {
  readonly tags: { readonly provider: Provider; readonly principal: string };
  /** Insertion-ordered; the value is kept as the JSON string Secrets Manager stores. */
  readonly versions: Map<string, { readonly value: string; readonly stages: Set<string> }>;
  policy?: SecretAccessPolicy;
  management?: SecretManagement;
}

export class InMemorySecrets implements SecretStore {
  readonly secrets = new Map<string, FakeSecret>();
  private readonly log: CallLog;

  constructor(log: CallLog) {
    this.log = log;
  }

  /** Seeds a managed secret whose AWSCURRENT version holds `credential`, without logging a call. */
  seed(name: string, versionId: string, credential: StoredCredential, stages = ['AWSCURRENT']): void {
    const secret = this.secrets.get(name) ?? {
      tags: { provider: 'aws', principal: name },
      versions: new Map(),
    };
    for (const version of secret.versions.values()) for (const stage of stages) version.stages.delete(stage);
    secret.versions.set(versionId, { value: JSON.stringify(credential), stages: new Set(stages) });
    this.secrets.set(name, secret);
  }

  stagesOf(name: string, versionId: string): string[] {
    return [...(this.secrets.get(name)?.versions.get(versionId)?.stages ?? [])].sort();
  }

  describe(name: string): Promise<SecretDescription | undefined> {
    return this.log.run('secrets.describe', false, [name], () => {
      const secret = this.secrets.get(name);
      if (!secret) return undefined;
      const versions = [...secret.versions]
        .filter(([, version]) => version.stages.size > 0)
        .map(([versionId, version]) => ({ versionId, stages: [...version.stages] }));
      return { name, versions };
    });
  }

  readCredential(name: string, selector: SecretSelector): Promise<StoredCredential | undefined> {
    return this.log.run('secrets.readCredential', false, [name, selector], () => {
      const versions = [...(this.secrets.get(name)?.versions ?? new Map()).entries()];
      const found = versions.find(([versionId, version]) =>
        'versionId' in selector ? versionId === selector.versionId : version.stages.has(selector.stage),
      );
      return found ? (JSON.parse(found[1].value) as StoredCredential) : undefined;
    });
  }

  create(name: string, tags: FakeSecret['tags']): Promise<void> {
    return this.log.run('secrets.create', true, [name, tags], () => {
      if (this.secrets.has(name))
        throw serviceError('ResourceExistsException', `secret ${name} already exists`);
      this.secrets.set(name, { tags, versions: new Map() });
    });
  }

  putPending(name: string, versionId: string, credential: StoredCredential): Promise<void> {
    // Only the key id is logged: the log is test output too.
    return this.log.run('secrets.putPending', true, [name, versionId, credential.AccessKeyId], () => {
      if (
        versionId.length < CLIENT_REQUEST_TOKEN_LENGTH.min ||
        versionId.length > CLIENT_REQUEST_TOKEN_LENGTH.max
      )
        throw serviceError(
          'ValidationException',
          `ClientRequestToken ${versionId} must be ${CLIENT_REQUEST_TOKEN_LENGTH.min}-${CLIENT_REQUEST_TOKEN_LENGTH.max} characters long`,
        );
      const secret = this.mustGet(name);
      const value = JSON.stringify(credential);
      const existing = secret.versions.get(versionId);
      if (existing?.value === value) return;
      if (existing) throw serviceError('ResourceExistsException', `version ${versionId} holds other data`);
      const stages = new Set(['AWSPENDING']);
      if (secret.versions.size === 0) stages.add('AWSCURRENT');
      for (const version of secret.versions.values()) version.stages.delete('AWSPENDING');
      secret.versions.set(versionId, { value, stages });
    });
  }

  moveStage(
    name: string,
    stage: string,
    move: { readonly toVersionId?: string; readonly fromVersionId?: string },
  ): Promise<void> {
    return this.log.run('secrets.moveStage', true, [name, stage, move], () => {
      const secret = this.mustGet(name);
      const holder = [...secret.versions].find(([, version]) => version.stages.has(stage))?.[0];
      const invalid = (message: string) => serviceError('InvalidParameterException', message);
      if (move.toVersionId === undefined && stage === 'AWSCURRENT')
        throw invalid('AWSCURRENT can only be moved, not removed');
      if (move.fromVersionId !== undefined && move.fromVersionId !== holder)
        throw invalid(`${stage} is not attached to version ${move.fromVersionId}`);
      if (move.toVersionId === undefined) return void secret.versions.get(holder ?? '')?.stages.delete(stage);
      const target = secret.versions.get(move.toVersionId);
      if (!target) throw serviceError('ResourceNotFoundException', `no version ${move.toVersionId}`);
      if (holder !== undefined && holder !== move.toVersionId && move.fromVersionId !== holder)
        throw invalid(`${stage} is attached to ${holder}: RemoveFromVersionId must name it`);
      if (holder !== undefined) secret.versions.get(holder)?.stages.delete(stage);
      target.stages.add(stage);
      if (stage === 'AWSCURRENT' && holder !== undefined && holder !== move.toVersionId) {
        for (const version of secret.versions.values()) version.stages.delete('AWSPREVIOUS');
        secret.versions.get(holder)?.stages.add('AWSPREVIOUS');
      }
    });
  }

  /** The secret's resource policy, undefined when none was put. */
  policyOf(name: string): SecretAccessPolicy | undefined {
    return this.secrets.get(name)?.policy;
  }

  /** What the rotation recorded on the secret, undefined when nothing was. */
  managementOf(name: string): SecretManagement | undefined {
    return this.secrets.get(name)?.management;
  }

  putAccessPolicy(name: string, policy: SecretAccessPolicy): Promise<void> {
    return this.log.run('secrets.putAccessPolicy', true, [name, policy], () => {
      this.mustGet(name).policy = policy;
    });
  }

  recordManagement(name: string, management: SecretManagement): Promise<void> {
    return this.log.run('secrets.recordManagement', true, [name, management], () => {
      this.mustGet(name).management = management;
    });
  }

  private mustGet(name: string): FakeSecret {
    const secret = this.secrets.get(name);
    if (!secret) throw serviceError('ResourceNotFoundException', `secret ${name} does not exist`);
    return secret;
  }
}
