import { atListenPort, EnvError, loadEnv } from './env';

const JWT_SECRET = 'a-secret-that-is-at-least-32-characters-long';
const TOKEN_ENCRYPTION_KEY = 'ab'.repeat(32);

/** The thrown error, so a test can assert on its message as well as its type. */
const envErrorOf = (source: Record<string, string | undefined>): EnvError => {
  try {
    loadEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error('expected loadEnv to throw an EnvError');
};

describe('loadEnv', () => {
  it('when nothing is set, then applies the documented defaults', () => {
    // Act
    const env = loadEnv({});

    // Assert
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      PGLITE_DATA_DIR: './.data/pglite',
      BCRYPT_COST: 12,
      MIGRATE_ON_START: true,
      PRIVATE_MODE: false,
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.JWT_SECRET).toBeUndefined();
  });

  it('when values are valid, then coerces numbers and booleans', () => {
    const env = loadEnv({
      PORT: '8080',
      BCRYPT_COST: '10',
      PRIVATE_MODE: '1',
      MIGRATE_ON_START: 'false',
      DATABASE_URL: 'postgresql://u@127.0.0.1:5432/app',
    });

    expect(env).toMatchObject({
      PORT: 8080,
      BCRYPT_COST: 10,
      PRIVATE_MODE: true,
      MIGRATE_ON_START: false,
      DATABASE_URL: 'postgresql://u@127.0.0.1:5432/app',
    });
  });

  it('when a value is an empty string, then it counts as unset and takes the default', () => {
    const env = loadEnv({ PORT: '', DATABASE_URL: '', JWT_SECRET: '', BCRYPT_COST: '', PGLITE_DATA_DIR: '' });

    expect(env).toMatchObject({ PORT: 3000, BCRYPT_COST: 12, PGLITE_DATA_DIR: './.data/pglite' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.JWT_SECRET).toBeUndefined();
  });

  it('when the result is returned, then it is frozen', () => {
    expect(Object.isFrozen(loadEnv({}))).toBe(true);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://root:hunter2secret@db/app'],
    ['DATABASE_URL', 'not a url hunter2secret'],
    ['BODY_LIMIT', '10 gigabytes-hunter2secret'],
    ['BCRYPT_COST', '99'],
    ['LOG_LEVEL', 'loud-hunter2secret'],
  ])('when %s is malformed (%s), then throws an EnvError naming the variable and not its value', (name, value) => {
    const error = envErrorOf({ [name]: value });

    expect(error.message).toContain(name);
    expect(error.message).not.toContain(value);
    expect(error.message).not.toContain('hunter2secret');
    // One line, so the process can print it as one.
    expect(error.message).not.toContain('\n');
  });

  it('when several variables are malformed, then names every one of them in one message', () => {
    const error = envErrorOf({ PORT: 'abc', BODY_LIMIT: 'huge', DATABASE_URL: 'nope' });

    expect(error.message).toMatch(/PORT/);
    expect(error.message).toMatch(/BODY_LIMIT/);
    expect(error.message).toMatch(/DATABASE_URL/);
  });

  it('when AI_ROUTING or AI_PRICES cannot be read, then boot fails naming the variable and the reason', () => {
    expect(envErrorOf({ AI_ROUTING: 'chat=openai>gemini' }).message).toBe(
      'Invalid environment: AI_ROUTING: unknown provider "gemini" (one of openai, anthropic, xai, mistral)',
    );
    expect(envErrorOf({ AI_PRICES: '{"m": [1]}' }).message).toContain('AI_PRICES: "m" needs [input, output]');
    expect(envErrorOf({ OPENAI_BASE_URL: 'not a url' }).message).toContain('OPENAI_BASE_URL');
  });

  it('when NODE_ENV is production and JWT_SECRET is missing or empty, then fails naming JWT_SECRET', () => {
    expect(envErrorOf({ NODE_ENV: 'production' }).message).toContain('JWT_SECRET');
    expect(envErrorOf({ NODE_ENV: 'production', JWT_SECRET: '' }).message).toContain('JWT_SECRET');
  });

  it('when JWT_SECRET is too short, then fails without echoing it', () => {
    const error = envErrorOf({ JWT_SECRET: 'short-secret' });

    expect(error.message).toContain('JWT_SECRET');
    expect(error.message).not.toContain('short-secret');
  });

  it('when NODE_ENV is production with a JWT_SECRET, then loads', () => {
    expect(loadEnv({ NODE_ENV: 'production', JWT_SECRET, TOKEN_ENCRYPTION_KEY }).JWT_SECRET).toBe(JWT_SECRET);
  });

  it('when NODE_ENV is production without TOKEN_ENCRYPTION_KEY, or the key is not 32 bytes, then fails naming it without echoing it', () => {
    expect(envErrorOf({ NODE_ENV: 'production', JWT_SECRET }).message).toContain(
      'TOKEN_ENCRYPTION_KEY: is required in production',
    );
    const error = envErrorOf({ TOKEN_ENCRYPTION_KEY: 'too-short-key' });
    expect(error.message).toContain('TOKEN_ENCRYPTION_KEY');
    expect(error.message).not.toContain('too-short-key');
  });

  it('when LINKEDIN_CLIENT_ID is set without its secret, then fails naming LINKEDIN_CLIENT_SECRET', () => {
    expect(envErrorOf({ LINKEDIN_CLIENT_ID: '86abc' }).message).toContain('LINKEDIN_CLIENT_SECRET');
    expect(loadEnv({ LINKEDIN_CLIENT_ID: '86abc', LINKEDIN_CLIENT_SECRET: 'shh' }).LINKEDIN_VERSION).toBe('202411');
  });
});

describe('FRONTEND_URL, the base of every link the app makes', () => {
  it('when unset, then it is this server on PORT', () => {
    expect(loadEnv({}).FRONTEND_URL).toBe('http://localhost:3000');
    expect(loadEnv({ PORT: '3100' }).FRONTEND_URL).toBe('http://localhost:3100');
  });

  it('when unset and PORT=0, then the port really bound replaces 0; a set FRONTEND_URL is kept', () => {
    // Arrange
    const picked = loadEnv({ PORT: '0' });
    const set = loadEnv({ PORT: '0', FRONTEND_URL: 'https://app.example.com' });

    // Act + Assert
    expect(atListenPort(picked, 41234)).toMatchObject({ PORT: 41234, FRONTEND_URL: 'http://localhost:41234' });
    expect(atListenPort(set, 41234)).toMatchObject({ PORT: 41234, FRONTEND_URL: 'https://app.example.com' });
    expect(atListenPort(loadEnv({ PORT: '3100' }), 3100).FRONTEND_URL).toBe('http://localhost:3100');
  });
});
