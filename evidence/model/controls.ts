/**
 * The controls the report maps its findings to, with the benchmark numbers
 * auditors look them up by. Kept in one place so the report, its tests and
 * the README name them identically.
 */
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import { REVOKE_WITHIN_MINUTES } from './exposure-response.ts';

export type ControlId =
  | 'KEY-ROTATION'
  | 'ONE-ACTIVE-KEY'
  | 'ROTATION-SCHEDULE'
  | 'EXPOSED-KEY-REVOKED'
  | 'ACCOUNTS-READ';

export interface Control {
  readonly id: ControlId;
  readonly title: string;
  readonly references: readonly string[];
  /** How the report evaluates it, in a sentence. */
  readonly evaluation: string;
}

export const CONTROLS: Readonly<Record<ControlId, Control>> = {
  'KEY-ROTATION': {
    id: 'KEY-ROTATION',
    title: 'Ensure access keys are rotated every 90 days or less',
    references: [
      'CIS AWS Foundations Benchmark 1.14 (v1.3–v4)',
      'CIS AWS Foundations Benchmark 2.12 (v7)',
      'AWS Security Hub IAM.3',
      'AWS Config rule access-keys-rotated',
    ],
    evaluation:
      'every Active key is at most maxKeyAgeDays old (exactly maxKeyAgeDays is compliant); exempt principals are listed, not failed',
  },
  'ONE-ACTIVE-KEY': {
    id: 'ONE-ACTIVE-KEY',
    title: 'Ensure there is only one active access key for any single principal',
    references: ['CIS AWS Foundations Benchmark 1.13 (v1.4–v3)'],
    evaluation:
      "at most one Active key per principal, except inside an in-flight rotation's grace window (from CreateKey to RetireOldKey), which is expected and documented",
  },
  'ROTATION-SCHEDULE': {
    id: 'ROTATION-SCHEDULE',
    title: 'The scheduled rotation runs daily',
    references: ['Auditor evidence: proof that the rotation job runs on schedule'],
    evaluation: 'a successful fleet run at least every 25 hours over the period, per provider',
  },
  'EXPOSED-KEY-REVOKED': {
    id: 'EXPOSED-KEY-REVOKED',
    title: `An exposed access key is revoked within ${REVOKE_WITHIN_MINUTES} minutes of its exposure report`,
    references: [
      'AWS Health AWS_RISK_CREDENTIALS_EXPOSED: an exposed key is to be rotated at once',
      'Auditor evidence: time to revoke per incident',
    ],
    evaluation: `each emergency rotation's exposed key stopped working (AWS: Inactive; Yandex: deleted, a static key's only revocation) at most ${REVOKE_WITHIN_MINUTES} minutes after the exposure was reported, and was not re-activated; one in flight is expected until then`,
  },
  // Only in organization-wide reports: a single-account report reads one account, or fails as it always has.
  'ACCOUNTS-READ': {
    id: 'ACCOUNTS-READ',
    title: 'Every account in scope was read',
    references: ['Auditor evidence: an account that could not be read gives no evidence of compliance'],
    evaluation:
      "each account in scope (the organization's ACTIVE accounts or the configured list, minus excluded ones, and the hub) had its IAM users and keys read through the member role",
  },
};

export type Severity = 'high' | 'medium' | 'low' | 'info';

export interface Finding {
  readonly controlId: ControlId;
  /** `expected`: the documented exception (a rotation's grace window), shown but not counted against the control. */
  readonly outcome: 'finding' | 'expected';
  readonly severity: Severity;
  readonly provider: Provider | null;
  readonly principal: string | null;
  readonly keyIds: readonly string[];
  readonly detail: string;
  /**
   * The AWS account it belongs to, in organization-wide reports only (null: org-wide, or not AWS).
   * @default - absent: a single-account report names no account
   */
  readonly account?: string | null;
}

export interface ControlResult {
  readonly controlId: ControlId;
  readonly title: string;
  readonly references: readonly string[];
  /** How many keys, principals or schedules were looked at. */
  readonly evaluated: number;
  readonly compliant: number;
  readonly exempt: number;
  readonly expected: number;
  readonly findings: number;
}
