import { EnvError } from '../config/env';
import { reportError } from '../http/error-middleware';
import type { Logger } from './logger';

type ShutdownOptions = {
  log: Logger;
  /** Past this, the process exits 1 with whatever is still running. */
  timeoutMs: number;
  /** What the process finishes before it exits (close the server, finish tasks, close the database). */
  stop: (signal: string) => Promise<void>;
};

/**
 * The one way a process (API, worker) ends: on SIGTERM or SIGINT, `stop` runs once, then the
 * process exits 0; if it takes longer than the timeout, exit 1. Unhandled rejections are reported.
 */
export const exitGracefullyOnSignals = ({ log, timeoutMs, stop }: ShutdownOptions): void => {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => {
      log.error('shutdown timed out; exiting');
      log.flush();
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    await stop(signal);
    log.info('bye');
    log.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('unhandledRejection', (error) => reportError({ log }, error, { source: 'unhandledRejection' }));
};

/** For `main().catch`: one clear line for configuration mistakes, the full error otherwise. */
export const exitOnStartFailure =
  (what: string) =>
  (error: unknown): never => {
    if (error instanceof EnvError) process.stderr.write(`${error.message}\n`);
    else
      process.stderr.write(
        `${what} failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    process.exit(1);
  };
