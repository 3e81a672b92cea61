/**
 * The loopback HTTP listener: collects each request's body, hands it to the
 * router and writes the response (or, for an injected fault, destroys the
 * connection without one). Closing also drops idle keep-alive sockets,
 * which SDK clients hold open and would otherwise keep the server alive.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReceivedRequest } from './sigv4-verifier.ts';
import type { WireResponse } from './wire-response.ts';

export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function listen(
  host: string,
  port: number,
  handle: (request: ReceivedRequest) => Promise<WireResponse>,
): Promise<RunningServer> {
  const server: Server = createServer((request, response) => {
    readBody(request)
      .then((body) =>
        handle({
          method: request.method ?? 'GET',
          url: request.url ?? '/',
          headers: request.headers,
          headersDistinct: request.headersDistinct,
          body,
        }),
      )
      .then(
        (wire) => {
          // The caller's own timeout ends it; closing the cloud drops it with the other sockets.
          if (wire.neverAnswer) return;
          if (wire.dropConnection) {
            request.socket.destroy();
            return;
          }
          // A HEAD answer states the length of the body it leaves out (S3 HeadObject).
          const length =
            request.method === 'HEAD' && wire.headers['content-length'] !== undefined
              ? wire.headers['content-length']
              : Buffer.byteLength(wire.body);
          response.writeHead(wire.status, { ...wire.headers, 'content-length': length });
          response.end(wire.body);
        },
        (error: unknown) => {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end(`local cloud failure: ${String(error)}`);
        },
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
