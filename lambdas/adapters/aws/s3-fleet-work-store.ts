/**
 * The fleet's work bucket on S3: Discover writes the due items the
 * Distributed Maps read (ItemReader), Summarize reads what their ResultWriter
 * wrote and writes the run's results. Objects are JSON; encryption is the
 * bucket's default, so a request cannot pick a weaker one.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { FleetWorkStore } from '../../fleet/fleet-ports.ts';
import { callAws } from './transient-errors.ts';

export function s3FleetWorkStore(client: S3Client, bucket: string): FleetWorkStore {
  return {
    bucket,
    async putJson(key, value) {
      await callAws('S3 PutObject', () =>
        client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: JSON.stringify(value),
            ContentType: 'application/json',
          }),
        ),
      );
    },
    async getJson(key) {
      const read = await callAws('S3 GetObject', () =>
        client.send(new GetObjectCommand({ Bucket: bucket, Key: key })),
      );
      const text = (await read.Body?.transformToString('utf8')) ?? '';
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new Error(`s3://${bucket}/${key} is not JSON`);
      }
    },
  };
}

/** A deployment whose fleet functions have no work bucket fails on first use, naming the variable. */
export function missingFleetWorkStore(variable: string): FleetWorkStore {
  const refuse = async (): Promise<never> => {
    throw new Error(`${variable} is not set: the fleet needs its work bucket`);
  };
  return { bucket: '', putJson: refuse, getJson: refuse };
}
