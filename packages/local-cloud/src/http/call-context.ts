/**
 * What an action handler knows about the call besides its parameters: who
 * signed it and for which region. Handlers return a plain result object that
 * the protocol layer renders (XML for Query, JSON for the JSON protocols).
 */

export type Caller =
  /** Signed with LOCAL_ADMIN_CREDENTIALS: behaves like a role session (temporary credentials). */
  | { readonly kind: 'admin' }
  | { readonly kind: 'user'; readonly userName: string; readonly accessKeyId: string };

export interface CallContext {
  readonly caller: Caller;
  /** From the SigV4 credential scope. */
  readonly region: string;
}

export type QueryParams = Readonly<Record<string, string>>;
export type QueryAction = (params: QueryParams, context: CallContext) => unknown;

export type JsonInput = Readonly<Record<string, unknown>>;
export type JsonAction = (input: JsonInput, context: CallContext) => unknown;
