/**
 * A loopback fake of the Yandex Cloud APIs the adapters call: the IAM token
 * exchange (the JWT is verified with the authorized key's public key), the
 * AWS-compatible AccessKey service with paging and Operations. It records every
 * request as it arrived on the wire, and `failNext` scripts faults.
 */

import type { KeyObject } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import { type FakeAccessKey, handleAccessKeys } from './fake-access-key-routes.ts';

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly bodyText: string;
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  /** Sent as is instead of `body`, for non-JSON answers. */
  readonly raw?: string;
  /** @default application/json */
  readonly contentType?: string;
}

/** A reply, or one built from the request (to echo what was sent, as a careless server might). */
export type ScriptedReply = Reply | ((call: RecordedCall) => Reply);

export interface FakeOperation {
  readonly id: string;
  /** GETs it takes until the operation reads done; until then it answers done:false. */
  pendingPolls: number;
  readonly result: { readonly error: { code: number; message: string } } | { readonly response: unknown };
}

export const TOKEN_PATH = '/iam/v1/tokens';

export function status(httpStatus: number, code: number, message: string): Reply {
  return { status: httpStatus, body: { code, message, details: [] } };
}

export class FakeYandexApi {
  readonly calls: RecordedCall[] = [];
  readonly keys = new Map<string, FakeAccessKey>();
  readonly serviceAccounts = new Set<string>();
  readonly operations = new Map<string, FakeOperation>();
  readonly issuedTokens: string[] = [];
  readonly revokedTokens = new Set<string>();
  /** How long an issued token lives. */
  tokenLifetimeMs = 12 * 3600_000;
  /** GETs a new operation takes to finish; 0 means it is done in the answer that starts it. */
  operationPolls = 0;
  /** Set to check each exchanged JWT's signature, issuer and audience. */
  publicKey: KeyObject | undefined;
  private readonly faults: Array<{ match: (call: RecordedCall) => boolean; replies: ScriptedReply[] }> = [];
  private counter = 0;
  url = '';
  private closeServer: () => Promise<void> = async () => {};

  static async start(): Promise<FakeYandexApi> {
    const api = new FakeYandexApi();
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'http://fake');
        const call: RecordedCall = {
          method: request.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: request.headers,
          bodyText: Buffer.concat(chunks).toString('utf8'),
        };
        api.calls.push(call);
        void api.handle(call).then((reply) => {
          const text = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
          response.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json' });
          response.end(text);
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    api.closeServer = () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    return api;
  }

  close(): Promise<void> {
    return this.closeServer();
  }

  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}${String(this.counter).padStart(17, '0')}`;
  }

  /** The next calls matching `match` get these replies, one each, before normal service resumes. */
  failNext(match: (call: RecordedCall) => boolean, ...replies: ScriptedReply[]): void {
    this.faults.push({ match, replies: [...replies] });
  }

  callsTo(method: string, pathPrefix: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method && call.path.startsWith(pathPrefix));
  }

  startOperation(result: FakeOperation['result']): unknown {
    const operation: FakeOperation = { id: this.nextId('op'), pendingPolls: this.operationPolls, result };
    this.operations.set(operation.id, operation);
    return this.render(operation);
  }

  private render(operation: FakeOperation): unknown {
    const base = { id: operation.id, description: 'fake', createdAt: '2024-01-01T00:00:00Z' };
    return operation.pendingPolls > 0
      ? { ...base, done: false }
      : { ...base, done: true, ...operation.result };
  }

  private async handle(call: RecordedCall): Promise<Reply> {
    const fault = this.faults.find((candidate) => candidate.replies.length > 0 && candidate.match(call));
    const scripted = fault?.replies.shift();
    if (scripted) return typeof scripted === 'function' ? scripted(call) : scripted;
    if (call.method === 'POST' && call.path === TOKEN_PATH) return this.exchange(call);
    const token = call.headers.authorization?.replace(/^Bearer /, '') ?? '';
    if (!this.issuedTokens.includes(token) || this.revokedTokens.has(token))
      return status(401, 16, 'The token is invalid');
    const operationMatch = /^\/operations\/([^/]+)$/.exec(call.path);
    if (operationMatch && call.method === 'GET') {
      const operation = this.operations.get(decodeURIComponent(operationMatch[1] ?? ''));
      if (!operation) return status(404, 5, 'Operation not found');
      operation.pendingPolls = Math.max(0, operation.pendingPolls - 1);
      return { status: 200, body: this.render(operation) };
    }
    return handleAccessKeys(this, call) ?? status(404, 5, `no route for ${call.method} ${call.path}`);
  }

  private async exchange(call: RecordedCall): Promise<Reply> {
    const { jwt } = JSON.parse(call.bodyText) as { jwt: string };
    if (this.publicKey) {
      const verified = await jwtVerify(jwt, this.publicKey, {
        audience: 'https://iam.api.cloud.yandex.net/iam/v1/tokens',
        algorithms: ['PS256'],
      }).catch(() => undefined);
      if (!verified) return status(401, 16, 'The JWT is invalid');
    }
    const iamToken = `t1.fake-iam-token-${this.issuedTokens.length + 1}`;
    this.issuedTokens.push(iamToken);
    return {
      status: 200,
      body: { iamToken, expiresAt: new Date(Date.now() + this.tokenLifetimeMs).toISOString() },
    };
  }
}
