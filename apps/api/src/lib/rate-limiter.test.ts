import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { createLogger } from './logger';
import { createDatabaseRateLimiter, createRedisRateLimiter, type RateLimiter } from './rate-limiter';
import { createDeps } from '../runtime';
import { testEnv } from '../testing/test-app';
import { createTestDatabase, type TestDatabase } from '../testing/test-db';
import { describeWithRedis, TEST_REDIS_URL } from '../testing/test-redis';

const log = createLogger({ level: 'silent' });
const WINDOW = { limit: 3, windowSeconds: 60 };
// Unique per run: Redis keys outlive the test (until their window ends).
const newKey = () => `test:${randomBytes(6).toString('hex')}`;

/** The contract every store keeps; `getLimiter` is read when the tests run, after beforeAll. */
const limiterContract = (getLimiter: () => RateLimiter) => {
  it('when a key is hit past its limit, then the hit over it is refused with the seconds left in its window', async () => {
    // Arrange
    const limiter = getLimiter();
    const key = newKey();
    // Act
    const results = [];
    for (let i = 0; i < WINDOW.limit + 1; i++) results.push(await limiter.hit(key, WINDOW));
    // Assert
    expect(results.slice(0, WINDOW.limit)).toEqual(Array(WINDOW.limit).fill({ allowed: true }));
    const over = results[WINDOW.limit];
    expect(over).toMatchObject({ allowed: false });
    const retryAfter = over && !over.allowed ? over.retryAfterSeconds : 0;
    expect(retryAfter).toBeGreaterThan(WINDOW.windowSeconds - 5);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW.windowSeconds);
  });

  it('when a key is peeked, then nothing is counted, and the peek refuses once the hits reach the limit', async () => {
    // Arrange
    const limiter = getLimiter();
    const key = newKey();
    // Act
    const peeksOnEmpty = [];
    for (let i = 0; i < WINDOW.limit + 2; i++) peeksOnEmpty.push((await limiter.peek(key, WINDOW)).allowed);
    const belowLimit = [];
    for (let i = 0; i < WINDOW.limit; i++) {
      const peek = await limiter.peek(key, WINDOW);
      const hit = await limiter.hit(key, WINDOW);
      belowLimit.push([peek.allowed, hit.allowed]);
    }
    const atLimit = await limiter.peek(key, WINDOW);
    // Assert
    expect(peeksOnEmpty.every(Boolean)).toBe(true);
    expect(belowLimit).toEqual(Array(WINDOW.limit).fill([true, true]));
    expect(atLimit).toMatchObject({ allowed: false, retryAfterSeconds: expect.any(Number) });
  });

  it('when a full key is reset, then it starts again from zero', async () => {
    // Arrange
    const limiter = getLimiter();
    const key = newKey();
    for (let i = 0; i < WINDOW.limit + 1; i++) await limiter.hit(key, WINDOW);
    // Act
    await limiter.reset(key);
    const afterReset = [];
    for (let i = 0; i < WINDOW.limit; i++) afterReset.push((await limiter.hit(key, WINDOW)).allowed);
    // Assert
    expect(afterReset).toEqual(Array(WINDOW.limit).fill(true));
    expect(await limiter.peek(key, WINDOW)).toMatchObject({ allowed: false });
  });

  it('when 20 hits on one key arrive at once, then exactly the limit of them are allowed', async () => {
    // Arrange
    const limiter = getLimiter();
    const key = newKey();
    // Act
    const results = await Promise.all(
      Array.from({ length: 20 }, () => limiter.hit(key, { limit: 5, windowSeconds: 60 })),
    );
    // Assert
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
  });

  it('when a window passes in real time, then the key is allowed again', async () => {
    // Arrange
    const limiter = getLimiter();
    const key = newKey();
    const oneSecond = { limit: 1, windowSeconds: 1 };
    await limiter.hit(key, oneSecond);
    const over = await limiter.hit(key, oneSecond);
    // Act
    await new Promise((resolve) => setTimeout(resolve, over.allowed ? 0 : over.retryAfterSeconds * 1000 + 50));
    const afterWindow = await limiter.hit(key, oneSecond);
    // Assert
    expect(over).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(afterWindow).toEqual({ allowed: true });
  });
};

describe('database rate limiter (table RateLimiterFlexible, via Prisma)', () => {
  let testDb: TestDatabase;
  let limiter: RateLimiter;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    limiter = createDatabaseRateLimiter({ prisma: testDb.database.prisma, log });
  });
  afterAll(() => testDb.drop());

  limiterContract(() => limiter);

  it('when buckets have expired, then the next hit deletes them, so rows do not pile up', async () => {
    // Arrange
    const prisma = testDb.database.prisma;
    const sweeping = createDatabaseRateLimiter({ prisma, log, sweepEveryMs: 0 });
    const expired = { points: 7, expire: new Date(Date.now() - 1_000) };
    await prisma.rateLimiterFlexible.createMany({
      data: [
        { key: 'rl:gone:1', ...expired },
        { key: 'rl:gone:2', ...expired },
      ],
    });
    const live = newKey();
    // Act
    await sweeping.hit(live, WINDOW);
    // Assert
    expect(await prisma.rateLimiterFlexible.count({ where: { key: { startsWith: 'rl:gone:' } } })).toBe(0);
    expect(await prisma.rateLimiterFlexible.count({ where: { key: `rl:${live}` } })).toBe(1);
  });

  it('when the last sweep is recent, then a hit leaves expired rows for the next sweep', async () => {
    // Arrange
    const prisma = testDb.database.prisma;
    const sweeping = createDatabaseRateLimiter({ prisma, log, sweepEveryMs: 60_000 });
    await sweeping.hit(newKey(), WINDOW);
    await prisma.rateLimiterFlexible.create({
      data: { key: 'rl:later:1', points: 1, expire: new Date(Date.now() - 1_000) },
    });
    // Act
    await sweeping.hit(newKey(), WINDOW);
    // Assert
    expect(await prisma.rateLimiterFlexible.count({ where: { key: 'rl:later:1' } })).toBe(1);
  });
});

describeWithRedis(`Redis rate limiter (${TEST_REDIS_URL})`, () => {
  let redis: Redis;
  let limiter: RateLimiter;
  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
    limiter = createRedisRateLimiter({ redis });
  });
  afterAll(() => limiter.close());

  limiterContract(() => limiter);

  it('when a key is hit, then Redis holds it with a time to live of its window, so it expires by itself', async () => {
    // Arrange
    const key = newKey();
    // Act
    await limiter.hit(key, WINDOW);
    // Assert
    const ttl = await redis.pttl(`rl:${key}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(WINDOW.windowSeconds * 1000);
  });
});

describe('rate limiter from REDIS_URL when Redis does not answer', () => {
  let testDb: TestDatabase;
  let limiter: RateLimiter;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    // Port 1: nothing listens there, so every connection is refused.
    limiter = createDeps({
      env: testEnv({ REDIS_URL: 'redis://127.0.0.1:1' }),
      database: testDb.database,
      log,
    }).rateLimiter;
  });
  afterAll(async () => {
    await limiter.close();
    await testDb.drop();
  });

  it("when Redis refuses connections, then the limits (and resets) still work, in this instance's memory", async () => {
    // Arrange
    const key = newKey();
    // Act
    const results = [];
    for (let i = 0; i < WINDOW.limit + 1; i++) results.push((await limiter.hit(key, WINDOW)).allowed);
    const peek = await limiter.peek(key, WINDOW);
    await limiter.reset(key);
    const afterReset = await limiter.hit(key, WINDOW);
    // Assert
    expect(results).toEqual([true, true, true, false]);
    expect(peek).toMatchObject({ allowed: false });
    expect(afterReset).toEqual({ allowed: true });
    expect(await testDb.database.prisma.rateLimiterFlexible.count()).toBe(0);
  });
});
