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

export async function startHungEndpoint(): Promise<HungEndpoint> {
  const requests: string[] = [];
  const held: IncomingMessage[] = [];
  const server = createServer((request) => {
    const target = request.headers['x-amz-target'];
    requests.push(`${request.method} ${request.url}${target ? ` ${target}` : ''}`);
    held.push(request);
    request.resume();
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
