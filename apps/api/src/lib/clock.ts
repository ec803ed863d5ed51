/** What time it is: the system clock in the app, a settable one in tests. */
export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };
