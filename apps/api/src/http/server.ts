import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';
import type { ErrorEnvelope } from '@aiceo/shared/errors';
import { EnvError } from '../config/env';

/**
 * What Node's HTTP parser refuses before Express sees the request (an address or headers over
 * Node's 16 KB limit, a malformed request line) gets the same JSON error envelope as everything
 * else, instead of Node's empty 431 or 400.
 */
const answerClientError = (error: NodeJS.ErrnoException, socket: Socket): void => {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const envelope: ErrorEnvelope = tooLarge
    ? {
        error: {
          code: 'PAYLOAD_TOO_LARGE',
          message: 'The address or the headers of the request are too large (at most 16 KB together)',
        },
      }
    : { error: { code: 'VALIDATION_FAILED', message: 'The request could not be read as HTTP' } };
  const body = JSON.stringify(envelope);
  const statusLine = tooLarge ? '413 Payload Too Large' : '400 Bad Request';
  socket.end(
    `HTTP/1.1 ${statusLine}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
  );
};

/** The app's HTTP server: main.ts listens on it, tests hand it to supertest. */
export const createHttpServer = (app: Express): Server => {
  const server = createServer(app);
  server.on('clientError', answerClientError);
  return server;
};

/**
 * main.ts's server: it listens before the app exists (so the app knows the port really bound), and
 * requests that arrive meanwhile wait, then go to the app that `serve` hands over.
 */
export const listenBeforeReady = async (options: {
  port: number;
  host: string;
}): Promise<{ server: Server; port: number; serve(app: RequestListener): void }> => {
  const waiting: [IncomingMessage, ServerResponse][] = [];
  const hold = (req: IncomingMessage, res: ServerResponse) => void waiting.push([req, res]);
  const server = createServer(hold);
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new EnvError(
              `PORT: ${options.port} is already in use on ${options.host}: stop what holds it, or set another PORT`,
            )
          : error,
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  return {
    server,
    port: typeof address === 'object' && address ? address.port : options.port,
    serve: (app) => {
      server.off('request', hold);
      server.on('request', app);
      for (const [req, res] of waiting.splice(0)) app(req, res);
    },
  };
};
