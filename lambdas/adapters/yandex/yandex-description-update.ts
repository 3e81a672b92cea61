/**
 * The one write Yandex allows on a static key besides deleting it: its
 * description, which is where retired-or-not lives (keys have no status). The
 * PATCH answers with an Operation, waited for here, so the caller knows the
 * description really changed before it says the key is retired or back.
 */
import type { OperationPoller, YandexOperation } from './operation-poller.ts';
import { isYandexError } from './yandex-errors.ts';
import type { YandexHttpClient } from './yandex-http-client.ts';

export interface DescriptionUpdate {
  /** The key's resource URL (`…/accessKeys/{id}`). */
  readonly url: string;
  /** The key's resource id and AWS-style key id, for error messages. */
  readonly id: string;
  readonly keyId: string;
  readonly description: string;
  /** What the change does, for errors ("retire access key X of Y"). */
  readonly subject: string;
}

/**
 * @returns false when the key is gone (NOT_FOUND from the PATCH or from its operation).
 * @throws YandexOperationError when the operation finished with another error.
 */
export async function updateDescription(
  http: YandexHttpClient,
  poller: OperationPoller,
  update: DescriptionUpdate,
): Promise<boolean> {
  return http
    .send<YandexOperation>({
      method: 'PATCH',
      url: update.url,
      operation: `Yandex AccessKey.Update ${update.id} (${update.keyId})`,
      // Without updateMask every other field would be reset to its default.
      body: { updateMask: 'description', description: update.description },
      idempotent: true,
    })
    .then((operation) => poller.waitFor(operation, update.subject))
    .then(
      () => true,
      (error: unknown) => {
        if (isYandexError(error, 'NOT_FOUND')) return false;
        throw error;
      },
    );
}
