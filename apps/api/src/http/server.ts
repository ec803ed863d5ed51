import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';
import type { ErrorEnvelope } from '@aiceo/shared/errors';

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
