/**
 * S3's REST answers: XML bodies in the 2006-03-01 namespace, errors as a bare
 * `<Error>` document, and the `x-amz-request-id` header the SDK reads.
 */
import type { CloudApiError } from '../cloud-api-error.ts';
import type { WireResponse } from '../http/wire-response.ts';
import { escapeXml } from '../http/xml-writer.ts';
import type { ListPage, ListRequest } from './s3-listing.ts';
import type { StoredS3Object } from './s3-state.ts';

const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

const element = (name: string, value: string | number) => `<${name}>${escapeXml(String(value))}</${name}>`;

export function s3Response(
  requestId: string,
  status = 200,
  body = '',
  headers: Record<string, string> = {},
): WireResponse {
  return {
    status,
    headers: {
      'x-amz-request-id': requestId,
      ...(body && { 'content-type': 'application/xml' }),
      ...headers,
    },
    body,
  };
}

export function s3ErrorResponse(error: CloudApiError, requestId: string, method: string): WireResponse {
  // HEAD answers carry no body: the SDK names the error by status (NotFound, Forbidden).
  if (method === 'HEAD') return s3Response(requestId, error.status);
  const extra = Object.entries(error.extra)
    .map(([name, value]) => element(name, String(value)))
    .join('');
  const body =
    `${XML_DECLARATION}<Error>${element('Code', error.code)}${element('Message', error.message)}` +
    `${extra}${element('RequestId', requestId)}</Error>`;
  return s3Response(requestId, error.status, body);
}

function contents(object: StoredS3Object): string {
  return (
    `<Contents>${element('Key', object.key)}${element('LastModified', object.lastModified)}` +
    `${element('ETag', object.etag)}${element('Size', object.size)}` +
    `${element('StorageClass', 'STANDARD')}</Contents>`
  );
}

export function listObjectsV2Xml(
  bucket: string,
  request: ListRequest & { readonly maxKeys: number },
  page: ListPage,
): string {
  const token = request.continuationToken;
  const next = page.nextContinuationToken;
  const optional = (name: string, value: string | undefined) =>
    value === undefined ? '' : element(name, value);
  return (
    `${XML_DECLARATION}<ListBucketResult xmlns="${S3_NAMESPACE}">${element('Name', bucket)}` +
    `${element('Prefix', request.prefix ?? '')}${optional('Delimiter', request.delimiter)}` +
    `${optional('StartAfter', request.startAfter)}` +
    `${element('KeyCount', page.objects.length + page.commonPrefixes.length)}` +
    `${element('MaxKeys', request.maxKeys)}${element('IsTruncated', String(next !== undefined))}` +
    page.objects.map(contents).join('') +
    page.commonPrefixes
      .map((prefix) => `<CommonPrefixes>${element('Prefix', prefix)}</CommonPrefixes>`)
      .join('') +
    optional('ContinuationToken', token) +
    optional('NextContinuationToken', next) +
    '</ListBucketResult>'
  );
}

/** ListBuckets: every bucket of the one local account, with the account as owner. */
export function listBucketsXml(
  owner: string,
  buckets: readonly { readonly name: string; readonly region: string; readonly createdDate: string }[],
): string {
  return (
    `${XML_DECLARATION}<ListAllMyBucketsResult xmlns="${S3_NAMESPACE}">` +
    `<Owner>${element('ID', owner)}${element('DisplayName', owner)}</Owner><Buckets>` +
    buckets
      .map(
        (bucket) =>
          `<Bucket>${element('Name', bucket.name)}${element('CreationDate', bucket.createdDate)}` +
          `${element('BucketRegion', bucket.region)}</Bucket>`,
      )
      .join('') +
    '</Buckets></ListAllMyBucketsResult>'
  );
}
