import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import Redis from 'ioredis';
import request from 'supertest';
import { createApp } from '../../app';
import { createPostgresDatabase, type Database } from '../../db/database';
import type { Deps } from '../../deps';
import { createLogger } from '../../lib/logger';
import { createDeps } from '../../runtime';
import { seedUser } from '../../testing/seed';
import { testEnv } from '../../testing/test-app';
import { createTestDatabase, type TestDatabase } from '../../testing/test-db';
import { describeWithRedis, TEST_REDIS_URL } from '../../testing/test-redis';

const PER_ACCOUNT = 5;
const limitsEnv = {
  LOGIN_RATE_LIMIT_PER_ACCOUNT: String(PER_ACCOUNT),
  LOGIN_RATE_LIMIT_PER_IP: '1000',
  TRUST_PROXY: '1',
};

type Instances = { apps: [Express, Express]; deps: [Deps, Deps] };

/**
 * Two API instances over one database. On PostgreSQL the second has its own pool and Prisma client
 * on the same database, like a second process; PGlite is one process's database, so both share it.
 */
const startInstances = async (options: { env?: Record<string, string> } = {}) => {
  const testDb: TestDatabase = await createTestDatabase();
  const second: Database = testDb.url ? createPostgresDatabase({ url: testDb.url, poolSize: 2 }) : testDb.database;
  const env = testEnv({ ...limitsEnv, ...options.env });
  const log = createLogger({ level: 'silent' });
  const deps: [Deps, Deps] = [
    createDeps({ env, database: testDb.database, log }),
    createDeps({ env, database: second, log }),
  ];
  const instances: Instances = { apps: [createApp(deps[0]), createApp(deps[1])], deps };
  const close = async () => {
    await Promise.all(deps.map((d) => d.rateLimiter.close()));
    if (second !== testDb.database) await second.close();
    await testDb.drop();
  };
  return { ...instances, close };
};

// A fresh random address per request: only the per-account limit is under test (and the Redis
// variant's keys outlive the test, so they must not collide with another run's).
const randomIp = () => `10.${[...randomBytes(3)].join('.')}`;
const login = (app: Express, body: { email: string; password: string }) =>
  request(app).post('/api/auth/login').set('x-forwarded-for', randomIp()).send(body);

const sharedLimitTests = (getInstances: () => Instances) => {
  it(`when wrong passwords alternate between two instances, then the ${PER_ACCOUNT + 1}th attempt overall answers 429 and the right password is refused on both`, async () => {
    // Arrange
    const { apps, deps } = getInstances();
    const user = await seedUser(deps[0]);
    const attempts: { instance: number; status: number }[] = [];
    // Act
    for (let i = 0; i < PER_ACCOUNT + 1; i++) {
      const res = await login(apps[i % 2]!, { email: user.email, password: 'wrong password' });
      attempts.push({ instance: (i % 2) + 1, status: res.status });
    }
    const rightOnFirst = await login(apps[0], user);
    const rightOnSecond = await login(apps[1], user);
    // Assert
    expect(attempts).toEqual([
      { instance: 1, status: 401 },
      { instance: 2, status: 401 },
      { instance: 1, status: 401 },
      { instance: 2, status: 401 },
      { instance: 1, status: 401 },
      { instance: 2, status: 429 },
    ]);
    for (const res of [rightOnFirst, rightOnSecond]) {
      expect(res.status).toBe(429);
      expect(res.body.error).toMatchObject({ code: 'RATE_LIMITED' });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('when a login succeeds on one instance, then the failures the other instance counted are forgotten', async () => {
    // Arrange
    const { apps, deps } = getInstances();
    const user = await seedUser(deps[0]);
    for (let i = 0; i < PER_ACCOUNT - 1; i++) await login(apps[0], { email: user.email, password: 'wrong password' });
    // Act
    const success = await login(apps[1], user);
    const failures = [];
    for (let i = 0; i < PER_ACCOUNT; i++) {
      failures.push((await login(apps[i % 2]!, { email: user.email, password: 'wrong password' })).status);
    }
    const blocked = await login(apps[0], user);
    // Assert
    expect(success.status).toBe(200);
    expect(failures).toEqual(Array(PER_ACCOUNT).fill(401));
    expect(blocked.status).toBe(429);
  });
};

describe('POST /api/auth/login per-account limit across two instances (limits in the database)', () => {
  let started: Awaited<ReturnType<typeof startInstances>>;
  beforeAll(async () => {
    started = await startInstances();
  });
  afterAll(() => started.close());

  sharedLimitTests(() => started);

  it('when the limits are kept in the database, then both instances wrote to one table', async () => {
    // Arrange
    const { apps, deps } = started;
    const user = await seedUser(deps[0]);
    // Act
    await login(apps[0], { email: user.email, password: 'wrong password' });
    await login(apps[1], { email: user.email, password: 'wrong password' });
    // Assert
    const rows = await deps[1].db.rateLimiterFlexible.findMany({
      where: { key: { endsWith: `:account:${user.email}` } },
      select: { points: true },
    });
    expect(rows).toEqual([{ points: 2 }]);
  });
});

describeWithRedis('POST /api/auth/login per-account limit across two instances (limits in Redis)', () => {
  let started: Awaited<ReturnType<typeof startInstances>>;
  beforeAll(async () => {
    // Each instance builds its own Redis client from REDIS_URL, as two processes would.
    started = await startInstances({ env: { REDIS_URL: TEST_REDIS_URL } });
  });
  afterAll(() => started.close());

  sharedLimitTests(() => started);

  it('when the limits are kept in Redis, then the count is in Redis and the database table stays empty', async () => {
    // Arrange
    const { apps, deps } = started;
    const user = await seedUser(deps[0]);
    const redis = new Redis(TEST_REDIS_URL);
    // Act
    await login(apps[0], { email: user.email, password: 'wrong password' });
    await login(apps[1], { email: user.email, password: 'wrong password' });
    // Assert
    const keys = await redis.keys(`*:account:${user.email}`);
    const counts = await Promise.all(keys.map((key) => redis.get(key)));
    redis.disconnect();
    expect(counts).toEqual(['2']);
    expect(await deps[0].db.rateLimiterFlexible.count()).toBe(0);
  });
});
