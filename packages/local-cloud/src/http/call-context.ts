/**
 * What an action handler knows about the call besides its parameters: who
 * signed it, the account it acts in, and for which region. Handlers return a
 * plain result object that the protocol layer renders (XML for Query, JSON
 * for the JSON protocols).
 */

export type Caller =
  /** Signed with LOCAL_ADMIN_CREDENTIALS: behaves like a role session (temporary credentials). */
  | { readonly kind: 'admin' }
  | { readonly kind: 'user'; readonly userName: string; readonly accessKeyId: string }
  /** Signed with credentials STS AssumeRole issued: a session of a role in `CallContext.accountId`. */
  | {
      readonly kind: 'session';
      readonly accessKeyId: string;
      readonly roleName: string;
      readonly rolePath: string;
      readonly roleId: string;
      readonly sessionName: string;
    };

export interface CallContext {
  readonly caller: Caller;
  /** The account the call acts in: the signing user's or role's; the home account for the admin key. */
  readonly accountId: string;
  /** From the SigV4 credential scope. */
  readonly region: string;
}

export type QueryParams = Readonly<Record<string, string>>;
export type QueryAction = (params: QueryParams, context: CallContext) => unknown;

export type JsonInput = Readonly<Record<string, unknown>>;
export type JsonAction = (input: JsonInput, context: CallContext) => unknown;
