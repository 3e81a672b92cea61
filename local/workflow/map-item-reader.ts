/**
 * A Distributed Map's ItemReader on the local side: `arn:aws:states:::s3:getObject`
 * with `ReaderConfig.InputType` JSON, read through the S3 SDK from the endpoint
 * the run uses. As in Step Functions, an object that is missing, unreadable or
 * not a JSON array fails the Map with `States.ItemReaderFailed`. Readers the
 * local runner does not implement (CSV, manifests, listObjectsV2) are refused
 * by name rather than misread.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { RunOptions } from 'aws-local-stepfunctions';
import { evaluatePayloadTemplate } from './payload-template.ts';
import { StatesError } from './states-error.ts';

type Context = NonNullable<RunOptions['context']>;

export interface ItemReaderField {
  readonly Resource: string;
  readonly Parameters?: Readonly<Record<string, unknown>>;
  readonly ReaderConfig?: {
    readonly InputType?: string;
    readonly MaxItems?: number;
    readonly MaxItemsPath?: string;
  };
}

const GET_OBJECT = 'arn:aws:states:::s3:getObject';

/** Throws at once for a reader this runner cannot read the way Step Functions would. */
export function checkItemReader(stateName: string, reader: ItemReaderField): void {
  const inputType = reader.ReaderConfig?.InputType;
  if (reader.Resource !== GET_OBJECT || inputType !== 'JSON') {
    throw new Error(
      `Map ${stateName}: the local runner reads items only with ${GET_OBJECT} and InputType JSON, not ${reader.Resource} ${inputType ?? '(no InputType)'}`,
    );
  }
}

export async function readMapItems(
  reader: ItemReaderField,
  input: unknown,
  context: Context,
  s3: S3Client,
): Promise<unknown[]> {
  const parameters = (await evaluatePayloadTemplate(reader.Parameters ?? {}, input, context)) as {
    Bucket?: unknown;
    Key?: unknown;
    VersionId?: unknown;
  };
  const where = `s3://${String(parameters.Bucket)}/${String(parameters.Key)}`;
  let text: string;
  try {
    const object = await s3.send(
      new GetObjectCommand({
        Bucket: String(parameters.Bucket),
        Key: String(parameters.Key),
        ...(typeof parameters.VersionId === 'string' && { VersionId: parameters.VersionId }),
      }),
    );
    text = (await object.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new StatesError(
      'States.ItemReaderFailed',
      `Attempting to read the items from ${where} failed: ${reason}`,
    );
  }
  let items: unknown;
  try {
    items = JSON.parse(text);
  } catch {
    throw new StatesError('States.ItemReaderFailed', `The items at ${where} are not valid JSON`);
  }
  if (!Array.isArray(items))
    throw new StatesError('States.ItemReaderFailed', `The items at ${where} are not a JSON array`);
  const maxItems = await maxItemsOf(reader, input, context);
  return maxItems > 0 ? items.slice(0, maxItems) : items;
}

/** `MaxItems` (or `MaxItemsPath`); 0 reads every item. */
async function maxItemsOf(reader: ItemReaderField, input: unknown, context: Context): Promise<number> {
  const config = reader.ReaderConfig;
  if (config?.MaxItemsPath) {
    const { max } = (await evaluatePayloadTemplate({ 'max.$': config.MaxItemsPath }, input, context)) as {
      max: unknown;
    };
    return Number(max);
  }
  return config?.MaxItems ?? 0;
}
