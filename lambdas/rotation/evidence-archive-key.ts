/**
 * Where an evidence record lives in the archive:
 * `evidence/<provider>/<principal>/<rotationId>.json`. The key depends only
 * on the rotation, so a retried Record step writes the same object again
 * (idempotent) and a principal's history is one prefix to list.
 */
import type { EvidenceRecord, Provider } from './rotation-state.ts';

export const EVIDENCE_KEY_PREFIX = 'evidence/';

/** The prefix of every record of `provider`, or of one principal of it. */
export function evidencePrefix(provider?: Provider, principal?: string): string {
  if (provider === undefined) return EVIDENCE_KEY_PREFIX;
  if (principal === undefined) return `${EVIDENCE_KEY_PREFIX}${provider}/`;
  return `${EVIDENCE_KEY_PREFIX}${provider}/${principal}/`;
}

export function evidenceObjectKey(
  record: Pick<EvidenceRecord, 'provider' | 'principal' | 'rotationId'>,
): string {
  return `${evidencePrefix(record.provider, record.principal)}${record.rotationId}.json`;
}

/** The object body: the record as JSON, one line, ids and timestamps only (invariant 2). */
export function evidenceObjectBody(record: EvidenceRecord): string {
  return `${JSON.stringify(record)}\n`;
}
