/**
 * `POST /rotations` served on loopback for clients that are not ours (curl):
 * the endpoint's own code (parseHttpRequest, answerStartRotation) behind a
 * plain HTTP server, its starter port a local runner instead of Step
 * Functions. A start answers as StartExecution does, at once; the rotation
 * runs on, and `runs` holds each one to its end.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RotatorSettings } from '../../../lambdas/config/environment.ts';
import { parseHttpRequest } from '../../../lambdas/http/http-exchange.ts';
import type { RotationStart, RotationStarter } from '../../../lambdas/http/rotation-starter.ts';
import { answerStartRotation } from '../../../lambdas/http/start-rotation-endpoint.ts';
import type { LocalRotationResult, LocalRotator } from '../../../local/local-rotation.ts';

export interface LocalRotationEndpoint {
  /** e.g. `http://127.0.0.1:40123` */
  readonly url: string;
  /** Every start the endpoint made, in order. */
  readonly starts: readonly RotationStart[];
  /** Each started rotation, to its end. */
  readonly runs: readonly Promise<LocalRotationResult>[];
  close(): Promise<void>;
}

function bodyOf(request: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    let text = '';
    request.on('data', (chunk) => {
      text += chunk;
    });
    request.on('end', () => done(text));
    request.on('error', fail);
  });
}

/** The Function URL event (payload 2.0) as far as parseHttpRequest reads it. */
function functionUrlEvent(request: IncomingMessage, body: string) {
  return {
    rawPath: new URL(request.url ?? '/', 'http://localhost').pathname,
    requestContext: { http: { method: request.method } },
    body: body === '' ? undefined : body,
    isBase64Encoded: false,
  };
}

export async function serveLocalRotationEndpoint(
  rotator: LocalRotator,
  settings: RotatorSettings,
): Promise<LocalRotationEndpoint> {
  const starts: RotationStart[] = [];
  const runs: Promise<LocalRotationResult>[] = [];
  const starter: RotationStarter = {
    async start(start) {
      starts.push(start);
      runs.push(rotator.rotate({ name: start.executionName, input: start.input }));
      return {
        executionArn: `${rotator.stateMachineArn.replace(':stateMachine:', ':execution:')}:${start.executionName}`,
        startDate: new Date(),
      };
    },
  };
  const ports = {
    starter,
    clock: { now: () => new Date() },
    settings,
    log: { info: () => {}, error: () => {} },
  };
  const server = createServer(async (request, response) => {
    const event = functionUrlEvent(request, await bodyOf(request));
    const answer = await answerStartRotation(parseHttpRequest(event), ports);
    response.writeHead(answer.statusCode, answer.headers).end(answer.body);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    starts,
    runs,
    close: () => new Promise((closed) => server.close(() => closed())),
  };
}
