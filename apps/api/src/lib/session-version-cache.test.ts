import { createFakeClock } from '../testing/test-app';
import { createSessionVersionCache } from './session-version-cache';

describe('createSessionVersionCache', () => {
  it('when a version was set, then it is served until the TTL has passed', () => {
    // Arrange
    const clock = createFakeClock();
    const cache = createSessionVersionCache({ ttlMs: 2_000, clock });
    // Act
    cache.set({ userId: 'u1', version: 3, stamp: cache.stamp() });
    const early = cache.get('u1');
    clock.advance(2_000);
    // Assert
    expect(early).toBe(3);
    expect(cache.get('u1')).toBeUndefined();
  });

  it('when the user is invalidated while a version is being read, then that (maybe stale) read is not kept', () => {
    // Arrange
    const cache = createSessionVersionCache({ ttlMs: 2_000, clock: createFakeClock() });
    const stamp = cache.stamp();
    // Act: a password change commits and invalidates between the read and the set.
    cache.invalidateUser('u1');
    cache.set({ userId: 'u1', version: 0, stamp });
    // Assert
    expect(cache.get('u1')).toBeUndefined();
  });

  it('when the TTL is 0, then nothing is kept', () => {
    // Arrange
    const cache = createSessionVersionCache({ ttlMs: 0, clock: createFakeClock() });
    // Act
    cache.set({ userId: 'u1', version: 1, stamp: cache.stamp() });
    // Assert
    expect(cache.get('u1')).toBeUndefined();
  });
});
