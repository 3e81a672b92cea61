/**
 * Reads what a Distributed Map's ResultWriter wrote, as AWS writes it:
 * `<prefix>/<map run id>/manifest.json` lists the result files by status
 * (`ResultFiles.SUCCEEDED|FAILED|PENDING: [{Key, Size}]`), and each result file
 * is a JSON array of child executions (`Status`, `Input` and `Output` as JSON
 * text, `Error` and `Cause` when it failed).
 *
 * One file at a time: memory holds one result file (AWS caps them at 5 GB,
 * but writes a new one every few thousand executions), never the whole run.
 */
import { ValidationError } from '../rotation/rotation-errors.ts';
import type { FleetWorkStore } from './fleet-ports.ts';
import type { MapResults } from './fleet-state.ts';

export interface MapRunRecord {
  /** SUCCEEDED, FAILED, TIMED_OUT, ABORTED, or PENDING for an item that never ran. */
  readonly status: string;
  readonly input: Record<string, unknown>;
  readonly output: Record<string, unknown>;
  readonly error?: string;
  readonly cause?: string;
}

const CATEGORIES = ['SUCCEEDED', 'FAILED', 'PENDING'] as const;

function asObject(value: unknown): Record<string, unknown> {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return {};
    }
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function resultFilesOf(manifest: unknown, key: string): Record<string, { Key?: unknown }[]> {
  const files = asObject(asObject(manifest).ResultFiles);
  if (Object.keys(asObject(manifest)).length === 0)
    throw new ValidationError('results', `${key} is not a Distributed Map result manifest`);
  return Object.fromEntries(
    CATEGORIES.map((category) => [category, Array.isArray(files[category]) ? files[category] : []]),
  );
}

/**
 * Normal path: every child execution the Map ran or left pending, file by file.
 * Failure path: ValidationError when the details point to another bucket or
 * to something that is not a manifest; a store error propagates (retried).
 */
export async function* readMapRunResults(
  store: FleetWorkStore,
  results: MapResults,
): AsyncIterable<MapRunRecord> {
  const { Bucket, Key } = results.ResultWriterDetails;
  if (Bucket !== store.bucket)
    throw new ValidationError(
      'results.ResultWriterDetails.Bucket',
      `must be the work bucket ${store.bucket}`,
    );
  const files = resultFilesOf(await store.getJson(Key), Key);
  for (const category of CATEGORIES)
    for (const file of files[category] ?? []) {
      const fileKey = text(file.Key);
      if (fileKey === undefined) continue;
      const records = await store.getJson(fileKey);
      if (!Array.isArray(records)) continue;
      for (const raw of records) {
        const record = asObject(raw);
        const error = text(record.Error);
        const cause = text(record.Cause);
        yield {
          status: category === 'PENDING' ? 'PENDING' : (text(record.Status) ?? category),
          input: asObject(record.Input),
          output: asObject(record.Output),
          ...(error !== undefined && { error }),
          ...(cause !== undefined && { cause }),
        };
      }
    }
}
