/**
 * A Distributed Map's ResultWriter (`arn:aws:states:::s3:putObject`) on the
 * local side, writing what Step Functions writes: under
 * `<Prefix>/<map run id>/`, result files `SUCCEEDED_<n>.json` and
 * `FAILED_<n>.json` (JSON arrays of the child executions as
 * DescribeExecution shows them, Input and Output as JSON strings) and
 * `manifest.json` listing them. The Map's output is then only where the
 * manifest is, so a Map of any size leaves a small state behind.
 *
 * Entries are serialized as children end and a file is written whenever one
 * reaches RESULT_FILE_BYTES, so a run of 20,000 children holds at most one
 * file's worth of results in memory. Step Functions starts a new file only
 * past 5 GB; a reader that follows the manifest (as it must) reads either.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { StatesError } from './states-error.ts';

export const RESULT_FILE_BYTES = 4 * 1024 * 1024;

export type ChildStatus = 'SUCCEEDED' | 'FAILED';

/** One child workflow execution, as a result file lists it. */
export interface ChildExecutionResult {
  readonly ExecutionArn: string;
  readonly Name: string;
  readonly StateMachineArn: string;
  readonly Status: 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';
  readonly StartDate: string;
  readonly StopDate: string;
  readonly Input: string;
  readonly InputDetails: { readonly Included: true };
  readonly Output?: string;
  readonly OutputDetails?: { readonly Included: true };
  readonly Error?: string;
  readonly Cause?: string;
}

export interface ResultFile {
  readonly Key: string;
  readonly Size: number;
}

export interface MapRunManifest {
  readonly DestinationBucket: string;
  readonly MapRunArn: string;
  readonly ResultFiles: {
    readonly FAILED: ResultFile[];
    readonly PENDING: ResultFile[];
    readonly SUCCEEDED: ResultFile[];
  };
}

export interface ResultWriterDetails {
  readonly Bucket: string;
  readonly Key: string;
}

export class MapRunResultWriter {
  private readonly pending: Record<ChildStatus, { entries: string[]; bytes: number }> = {
    SUCCEEDED: { entries: [], bytes: 0 },
    FAILED: { entries: [], bytes: 0 },
  };
  private readonly files: MapRunManifest['ResultFiles'] = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  /** Writes happen one after another, in order; the first failure is kept for `finish`. */
  private writes: Promise<void> = Promise.resolve();
  private failure: unknown;

  private readonly s3: S3Client;
  private readonly bucket: string;
  /** `<Prefix>/<map run id>`. */
  private readonly directory: string;
  private readonly mapRunArn: string;

  constructor(s3: S3Client, bucket: string, directory: string, mapRunArn: string) {
    this.s3 = s3;
    this.bucket = bucket;
    this.directory = directory;
    this.mapRunArn = mapRunArn;
  }

  add(status: ChildStatus, result: ChildExecutionResult): void {
    const serialized = JSON.stringify(result);
    const file = this.pending[status];
    file.entries.push(serialized);
    file.bytes += Buffer.byteLength(serialized) + 1;
    if (file.bytes >= RESULT_FILE_BYTES) this.writeFile(status);
  }

  /** Writes what is left and the manifest; `States.ResultWriterFailed` if any write failed. */
  async finish(): Promise<ResultWriterDetails> {
    for (const status of ['SUCCEEDED', 'FAILED'] as const)
      if (this.pending[status].entries.length > 0) this.writeFile(status);
    const manifest: MapRunManifest = {
      DestinationBucket: this.bucket,
      MapRunArn: this.mapRunArn,
      ResultFiles: this.files,
    };
    const key = `${this.directory}/manifest.json`;
    this.put(key, () => JSON.stringify(manifest));
    await this.writes;
    if (this.failure !== undefined) {
      const reason =
        this.failure instanceof Error
          ? `${this.failure.name}: ${this.failure.message}`
          : String(this.failure);
      throw new StatesError(
        'States.ResultWriterFailed',
        `Writing the results to s3://${this.bucket}/${this.directory} failed: ${reason}`,
      );
    }
    return { Bucket: this.bucket, Key: key };
  }

  private writeFile(status: ChildStatus): void {
    const file = this.pending[status];
    const body = `[${file.entries.join(',')}]`;
    this.pending[status] = { entries: [], bytes: 0 };
    const key = `${this.directory}/${status}_${this.files[status].length}.json`;
    this.files[status].push({ Key: key, Size: Buffer.byteLength(body) });
    this.put(key, () => body);
  }

  private put(key: string, body: () => string): void {
    this.writes = this.writes.then(async () => {
      if (this.failure !== undefined) return;
      try {
        await this.s3.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: key,
            Body: body(),
            ContentType: 'application/json',
          }),
        );
      } catch (error) {
        this.failure = error;
      }
    });
  }
}
