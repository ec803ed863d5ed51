import type { Response } from 'express';

export type SseStream = {
  send(event: string, data: unknown): void;
  end(): void;
  /** False once the client has gone away. */
  isOpen(): boolean;
};

/** Keeps proxies from closing a stream that waits long for its first event. */
const KEEP_ALIVE_MS = 15_000;

/**
 * Starts a Server-Sent Events answer. Writes after the client left are dropped silently: the
 * work behind the stream goes on and is saved, only nobody is listening any more.
 */
export const openSse = (res: Response, status = 200): SseStream => {
  res.writeHead(status, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    // nginx buffers responses unless told otherwise.
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  const isOpen = () => !res.destroyed && !res.writableEnded;
  const keepAlive = setInterval(() => {
    if (isOpen()) res.write(': keep-alive\n\n');
  }, KEEP_ALIVE_MS);
  const stop = () => clearInterval(keepAlive);
  res.on('close', stop);
  return {
    send: (event, data) => {
      if (isOpen()) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end: () => {
      stop();
      if (isOpen()) res.end();
    },
    isOpen,
  };
};

/** True when the client asked for a stream (`Accept: text/event-stream`). */
export const wantsEventStream = (accept: string | undefined): boolean =>
  (accept ?? '').toLowerCase().includes('text/event-stream');
