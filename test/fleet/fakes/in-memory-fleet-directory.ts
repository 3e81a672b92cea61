/**
 * A fake FleetDirectory: principals with a path, tags and groups, and their
 * keys with a status and a creation date the test chooses. It records every
 * call on the shared CallLog, and how many listKeys calls were in flight at
 * once, so a test can prove the concurrency bound.
 */
import type { FleetDirectory, FleetPrincipal } from '../../../lambdas/fleet/fleet-ports.ts';
import type { AccessKeyStatus, AccessKeySummary } from '../../../lambdas/rotation/ports.ts';
import { PrincipalNotFoundError } from '../../../lambdas/rotation/rotation-errors.ts';
import type { CallLog } from '../../rotation/fakes/call-log.ts';

interface FakePrincipal {
  readonly info: FleetPrincipal;
  readonly keys: AccessKeySummary[];
}

export class InMemoryFleetDirectory implements FleetDirectory {
  readonly provider = 'aws';
  /** The most listKeys calls that were ever running at the same time. */
  maxListKeysInFlight = 0;
  private listKeysInFlight = 0;
  private readonly principals = new Map<string, FakePrincipal>();
  private readonly vanished = new Set<string>();
  private readonly log: CallLog;
  private sequence = 0;

  constructor(log: CallLog) {
    this.log = log;
  }

  /** Listed in the order added, deliberately not sorted. */
  addPrincipal(principal: string, info: Partial<Omit<FleetPrincipal, 'principal'>> = {}): this {
    this.principals.set(principal, {
      info: { principal, path: info.path ?? '/', tags: info.tags ?? {}, groups: info.groups ?? [] },
      keys: [],
    });
    return this;
  }

  addKey(principal: string, createdAt: string, status: AccessKeyStatus = 'Active'): string {
    this.sequence += 1;
    const keyId = `AKIAFLEET${String(this.sequence).padStart(11, '0')}`;
    this.mustGet(principal).keys.push({ keyId, status, createdAt });
    return keyId;
  }

  /** The principal is still listed, but is deleted before its keys are read. */
  vanish(principal: string): void {
    this.vanished.add(principal);
  }

  async *listPrincipals(): AsyncIterable<FleetPrincipal> {
    const infos = await this.log.run('directory.listPrincipals', false, [], () =>
      [...this.principals.values()].map((p) => p.info),
    );
    yield* infos;
  }

  async listKeys(principal: string): Promise<AccessKeySummary[]> {
    this.listKeysInFlight += 1;
    this.maxListKeysInFlight = Math.max(this.maxListKeysInFlight, this.listKeysInFlight);
    try {
      // A real call takes time: without this pause every call would finish before the next began.
      await new Promise((resolve) => setTimeout(resolve, 1));
      return await this.log.run('directory.listKeys', false, [principal], () => {
        if (this.vanished.has(principal))
          throw new PrincipalNotFoundError(`IAM user ${principal} does not exist`);
        return this.mustGet(principal).keys.map((key) => ({ ...key }));
      });
    } finally {
      this.listKeysInFlight -= 1;
    }
  }

  private mustGet(principal: string): FakePrincipal {
    const found = this.principals.get(principal);
    if (!found) throw new PrincipalNotFoundError(`IAM user ${principal} does not exist`);
    return found;
  }
}
