/**
 * An error the local cloud returns on the wire, with the AWS error code and
 * HTTP status the real service uses, so SDK clients raise the same exception
 * classes they would against AWS.
 */
export class CloudApiError extends Error {
  override readonly name = 'CloudApiError';
  readonly code: string;
  readonly status: number;
  /** Extra members of the error shape, e.g. `Item` on ConditionalCheckFailedException. */
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, status = 400, extra: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.status = status;
    this.extra = extra;
  }
}
