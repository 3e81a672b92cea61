/**
 * `akr evidence`: the compliance evidence report. It reads the rotation and
 * fleet executions (locally from `.akr/`, or the deployed state machines),
 * rebuilds one evidence record per rotation, takes the current key
 * inventory, and writes the report as Markdown, HTML, JSON or CSV, to
 * `--out` or stdout. Progress goes to stderr, so stdout stays the report.
 *
 * A multi-account deployment's report covers every account in scope, each
 * member account read through the member role; an account that cannot be
 * read is in the report as UNREADABLE, a finding (evidence/model/account-reads.ts).
 *
 * Exit codes: 0 the report was written; 1 it was written but a source or an
 * account could not be read (it says which), or it could not be written;
 * 2 bad input.
 */
import { writeFileSync } from 'node:fs';
import { S3Client } from '@aws-sdk/client-s3';
import { buildEvidenceReport, type EvidenceReport } from '../../evidence/model/evidence-report.ts';
import { counted } from '../../evidence/model/plural.ts';
import { renderCsv, renderJson } from '../../evidence/report/render-data-formats.ts';
import { renderHtml } from '../../evidence/report/render-html.ts';
import { renderMarkdown } from '../../evidence/report/render-markdown.ts';
import { notRevokedAlerts } from '../../evidence/report/report-text.ts';
import { boundedRequestHandler } from '../../lambdas/adapters/aws/bounded-request-handler.ts';
import { readArchivedEvidence } from '../../lambdas/adapters/aws/read-evidence-archive.ts';
import { s3ClientOptions, s3EvidenceArchive } from '../../lambdas/adapters/aws/s3-evidence-archive.ts';
import { ENV } from '../../lambdas/config/environment.ts';
import { readFleetSettings } from '../../lambdas/config/fleet-environment.ts';
import { type CliOutput, reportError } from '../cli-output.ts';
import {
  DEFAULT_SINCE,
  type Format,
  parseFormat,
  parseMaxKeyAgeDays,
  parseProvider,
  parseSince,
  stateMachineArns,
} from '../evidence/evidence-options.ts';
import { readEvidenceScope, scopeEnvironment } from '../evidence/evidence-scope.ts';
import { gatherSources } from '../evidence/gather-sources.ts';
import { parseReportDestination } from '../evidence/report-destination.ts';

export interface EvidenceOptions {
  readonly since?: string;
  readonly format?: string;
  readonly out?: string;
  readonly local?: boolean;
  readonly provider?: string;
  readonly maxKeyAgeDays?: string;
  readonly stateMachineArn?: string;
  readonly fleetStateMachineArn?: string;
  readonly stateDir: string;
  /** Tests shorten the pause between API pages. */
  readonly pauseMs?: number;
}

export const EVIDENCE_FORMATS: Readonly<Record<Format, (report: EvidenceReport) => string>> = {
  md: renderMarkdown,
  html: renderHtml,
  json: renderJson,
  csv: renderCsv,
};

export async function evidenceCommand(
  options: EvidenceOptions,
  output: CliOutput,
  now: Date = new Date(),
): Promise<number> {
  try {
    const format = parseFormat(options.format);
    const provider = parseProvider(options.provider);
    const since = parseSince(options.since ?? DEFAULT_SINCE, now);
    const maxKeyAgeDays = parseMaxKeyAgeDays(options.maxKeyAgeDays, readFleetSettings().maxKeyAgeDays);
    if (options.out !== undefined) parseReportDestination(options.out, options.stateDir);
    readEvidenceScope(
      await scopeEnvironment({
        local: Boolean(options.local),
        stateDir: options.stateDir,
        progress: (text) => output.error(text),
      }),
    );
    const sources = await gatherSources({
      local: Boolean(options.local),
      stateDir: options.stateDir,
      provider,
      since,
      stateMachineArns: stateMachineArns(Boolean(options.local), options),
      progress: (text) => output.error(text),
      ...(options.pauseMs !== undefined && { pauseMs: options.pauseMs }),
    });
    // Deployed: the S3 archive (AKR_EVIDENCE_BUCKET, the stack's EvidenceBucketName) reaches past the
    // 90 days of history. Locally, the archive in `.akr/` is already part of the sources.
    const bucket = options.local ? undefined : process.env[ENV.evidenceBucket];
    const archived = bucket
      ? await readArchivedEvidence(s3EvidenceArchive(evidenceS3Client(), bucket), { bucket, provider })
      : { records: [], warnings: [] };
    const report = buildEvidenceReport({
      ...sources,
      archive: [...sources.archive, ...archived.records],
      warnings: [...sources.warnings, ...archived.warnings],
      since,
      until: now,
      maxKeyAgeDays,
      defaultProvider: provider,
      ...(sources.organization && { organization: sources.organization }),
    });
    const text = EVIDENCE_FORMATS[format](report);
    if (options.out) writeFileSync(options.out, text);
    else output.line(text.replace(/\n$/, ''));
    for (const warning of report.warnings) output.error(`warning: ${warning}`);
    for (const account of report.accounts?.filter((a) => a.status === 'UNREADABLE') ?? [])
      output.error(`account ${account.account} UNREADABLE: ${account.cause}; ${account.action}`);
    // An exposed key that still works is the one thing an operator must not miss in a long report.
    for (const alert of notRevokedAlerts(report)) output.error(alert);
    const { rotations, findings } = report.summary;
    const refused = rotations.refused ? `, ${counted(rotations.refused, 'refused attempt')}` : '';
    output.error(
      `Evidence (${format}) ${options.out ? `written to ${options.out}` : 'written to stdout'}: ${counted(rotations.total, 'rotation')}${refused}, ${counted(report.inventory.length, 'principal')}${accountsRead(report)}${exposures(report)}, ${counted(findings, 'finding')}`,
    );
    return sources.incomplete || archived.warnings.length > 0 ? 1 : 0;
  } catch (error) {
    return reportError(output, error, false);
  }
}

/** Organization-wide: ", 3 accounts (1 unreadable)"; nothing for a single account. */
function accountsRead(report: EvidenceReport): string {
  const accounts = report.organization?.accounts;
  return accounts ? ` in ${counted(accounts.inScope, 'account')} (${accounts.unreadable} unreadable)` : '';
}

/** ", 2 emergency rotations (1 not revoked)"; nothing when there were none. */
function exposures(report: EvidenceReport): string {
  const { incidents, notRevoked } = report.summary.exposures;
  return incidents > 0 ? `, ${counted(incidents, 'emergency rotation')} (${notRevoked} not revoked)` : '';
}

/** Created on use: the CLI reads the archive once per run, and only when a bucket is configured. */
function evidenceS3Client(): S3Client {
  return new S3Client({ ...s3ClientOptions(), maxAttempts: 5, requestHandler: boundedRequestHandler() });
}
