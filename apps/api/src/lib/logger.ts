import pino from 'pino';

export type Logger = pino.Logger;

// Anything that could carry a secret is censored wherever it appears in a log object.
export const REDACT_PATHS = [
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'key',
  'secret',
  'authorization',
  'cookie',
  'passwordHash',
  'tokenHash',
  'keyHash',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.key',
  '*.secret',
  '*.authorization',
  '*.cookie',
  '*.passwordHash',
  '*.tokenHash',
  '*.keyHash',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

export const createLogger = (options: { level: string; destination?: pino.DestinationStream }): Logger =>
  pino(
    {
      level: options.level,
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    // Async destination keeps logging off the request's hot path (see PLATFORM_NOTES).
    options.destination ?? pino.destination({ sync: false }),
  );
