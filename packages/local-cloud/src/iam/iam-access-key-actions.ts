/**
 * IAM access key actions over the Query protocol: the calls a rotation makes.
 * `UserName` may be omitted only when an IAM user signs the call.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { QueryAction } from '../http/call-context.ts';
import { pageOf } from './iam-paging.ts';
import { accessKeyMetadataShape, targetUserName } from './iam-shapes.ts';
import type { IamStore } from './iam-store.ts';
import {
  ACCESS_KEY_ID_RULE,
  checkMaxItems,
  checkStatus,
  MARKER_RULE,
  optionalString,
  requiredString,
} from './iam-validation.ts';

export function iamAccessKeyActions(iam: IamStore): Record<string, QueryAction> {
  return {
    CreateAccessKey: (params, context) => {
      const key = iam.createAccessKey(targetUserName(params, context));
      return { AccessKey: { ...accessKeyMetadataShape(key), SecretAccessKey: key.secretAccessKey } };
    },

    ListAccessKeys: (params, context) => {
      const userName = targetUserName(params, context);
      const marker = optionalString(params.Marker, 'marker', MARKER_RULE);
      const maxItems = checkMaxItems(params.MaxItems);
      // Paging needs a stable order, and the id is the only unique one.
      const keys = iam.listAccessKeys(userName).sort((a, b) => (a.accessKeyId < b.accessKeyId ? -1 : 1));
      const page = pageOf(keys, (key) => key.accessKeyId, marker, maxItems);
      return {
        AccessKeyMetadata: page.items.map(accessKeyMetadataShape),
        IsTruncated: page.isTruncated,
        Marker: page.marker,
      };
    },

    UpdateAccessKey: (params, context) => {
      const accessKeyId = requiredString(params.AccessKeyId, 'accessKeyId', ACCESS_KEY_ID_RULE);
      const status = checkStatus(params.Status);
      iam.updateAccessKey(targetUserName(params, context), accessKeyId, status);
      return undefined;
    },

    DeleteAccessKey: (params, context) => {
      const accessKeyId = requiredString(params.AccessKeyId, 'accessKeyId', ACCESS_KEY_ID_RULE);
      iam.deleteAccessKey(targetUserName(params, context), accessKeyId);
      return undefined;
    },

    GetAccessKeyLastUsed: (params) => {
      const accessKeyId = requiredString(params.AccessKeyId, 'accessKeyId', ACCESS_KEY_ID_RULE);
      const key = iam.findAccessKey(accessKeyId);
      if (!key)
        throw new CloudApiError(
          'NoSuchEntity',
          `The Access Key with id ${accessKeyId} cannot be found.`,
          404,
        );
      return {
        UserName: key.userName,
        AccessKeyLastUsed: {
          LastUsedDate: key.lastUsed?.date,
          ServiceName: key.lastUsed?.serviceName ?? 'N/A',
          Region: key.lastUsed?.region ?? 'N/A',
        },
      };
    },
  };
}
