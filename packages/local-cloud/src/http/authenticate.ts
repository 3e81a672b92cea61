/**
 * Decides who signed a request and in which account it acts. The admin key is
 * trusted as is (it stands for the Lambda role); a key issued by local IAM
 * (in any account) must be Active, a session's key must come with its token
 * and be unexpired (signing-keys.ts), and the SigV4 signature must verify
 * against the issued secret, exactly the checks that make STS
 * GetCallerIdentity a real proof that a new key works.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { ServiceName } from '../cloud-constants.ts';
import type { CallContext } from './call-context.ts';
import { type Signers, signingKeyOf } from './signing-keys.ts';
import { type ReceivedRequest, type SigV4Authorization, signatureMatches } from './sigv4-verifier.ts';

type AuthFailure = 'missing' | 'malformed' | 'unknown-key' | 'expired' | 'bad-signature';

const SIGNATURE_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const TOKEN_MESSAGE = 'The security token included in the request is invalid.';
const EXPIRED_MESSAGE = 'The security token included in the request is expired';

/** Query services (IAM, STS) and JSON services name the same failures differently. */
function authError(failure: AuthFailure, protocol: 'query' | 'json'): CloudApiError {
  const query = protocol === 'query';
  switch (failure) {
    case 'missing':
      return query
        ? new CloudApiError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403)
        : new CloudApiError('MissingAuthenticationTokenException', 'Missing Authentication Token', 400);
    case 'malformed':
      return new CloudApiError(
        query ? 'IncompleteSignature' : 'IncompleteSignatureException',
        'Authorization header requires a valid AWS4-HMAC-SHA256 Credential, SignedHeaders and Signature.',
        query ? 403 : 400,
      );
    case 'unknown-key':
      return query
        ? new CloudApiError('InvalidClientTokenId', TOKEN_MESSAGE, 403)
        : new CloudApiError('UnrecognizedClientException', TOKEN_MESSAGE, 400);
    case 'expired':
      return query
        ? new CloudApiError('ExpiredToken', EXPIRED_MESSAGE, 403)
        : new CloudApiError('ExpiredTokenException', EXPIRED_MESSAGE, 400);
    case 'bad-signature':
      return query
        ? new CloudApiError('SignatureDoesNotMatch', SIGNATURE_MESSAGE, 403)
        : new CloudApiError('InvalidSignatureException', SIGNATURE_MESSAGE, 400);
  }
}

export async function authenticate(
  request: ReceivedRequest,
  authorization: SigV4Authorization | 'malformed' | undefined,
  call: { readonly service: ServiceName; readonly protocol: 'query' | 'json' },
  signers: Signers,
): Promise<CallContext> {
  if (authorization === undefined) throw authError('missing', call.protocol);
  if (authorization === 'malformed') throw authError('malformed', call.protocol);
  if (call.protocol === 'json' && authorization.service !== call.service)
    throw new CloudApiError(
      'InvalidSignatureException',
      `Credential should be scoped to correct service: '${call.service}'.`,
    );
  const key = signingKeyOf(request, authorization.accessKeyId, signers);
  if (typeof key === 'string') throw authError(key, call.protocol);
  if (key.kind === 'admin')
    return { caller: { kind: 'admin' }, accountId: key.accountId, region: authorization.region };
  if (!(await signatureMatches(request, authorization, key.secretAccessKey)))
    throw authError('bad-signature', call.protocol);
  return { caller: key.caller, accountId: key.accountId, region: authorization.region };
}
