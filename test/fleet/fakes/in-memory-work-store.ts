/**
 * The fleet's work bucket in memory, for rule tests: objects kept as the JSON
 * text S3 would hold, so a test reads back exactly what was written.
 */
import type { FleetWorkStore } from '../../../lambdas/fleet/fleet-ports.ts';

export class InMemoryWorkStore implements FleetWorkStore {
  readonly bucket: string;
  readonly objects = new Map<string, string>();
  readonly puts: string[] = [];

  constructor(bucket = 'akr-fleet-work') {
    this.bucket = bucket;
  }

  async putJson(key: string, value: unknown): Promise<void> {
    this.objects.set(key, JSON.stringify(value));
    this.puts.push(key);
  }

  async getJson(key: string): Promise<unknown> {
    const text = this.objects.get(key);
    if (text === undefined) throw Object.assign(new Error(`NoSuchKey: ${key}`), { name: 'NoSuchKey' });
    return JSON.parse(text);
  }

  /** Every due principal the run wrote, account after account as in `accounts.json`. */
  duePrincipals(accountsKey: string): string[] {
    const text = this.objects.get(accountsKey);
    if (text === undefined) return [];
    const accounts = JSON.parse(text) as { itemsKey: string }[];
    return accounts.flatMap(({ itemsKey }) =>
      (JSON.parse(this.objects.get(itemsKey) ?? '[]') as { principal: string }[]).map(
        (item) => item.principal,
      ),
    );
  }
}
