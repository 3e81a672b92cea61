/**
 * An endpoint that accepts every connection, reads the request and never
 * answers: what a black-holed load balancer or a stuck proxy looks like to a
 * client. Only the client's own timeout can end a call to it.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HungEndpoint {
  readonly url: string;
  /** Requests that reached it, in arrival order: method, path and JSON target, if any. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

/** STS's answer, so a caller gets past learning the account and hangs on its next call. */
function callerIdentityXml(accountId: string): string {
  return (
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
    `<Arn>arn:aws:iam::${accountId}:user/hung</Arn><UserId>AIDAHUNGENDPOINT00001</UserId>` +
    `<Account>${accountId}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`
  );
}

/** @param options.answerStsAs answer STS GetCallerIdentity (signed for `sts`) as this account; hang the rest. */
export async function startHungEndpoint(
  options: { readonly answerStsAs?: string } = {},
): Promise<HungEndpoint> {
  const requests: string[] = [];
  const held: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    const target = request.headers['x-amz-target'];
    requests.push(`${request.method} ${request.url}${target ? ` ${target}` : ''}`);
    request.resume();
    const { answerStsAs } = options;
    if (answerStsAs && /\/sts\/aws4_request/.test(String(request.headers.authorization))) {
      response.writeHead(200, { 'content-type': 'text/xml' }).end(callerIdentityXml(answerStsAs));
      return;
    }
    held.push(request);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
