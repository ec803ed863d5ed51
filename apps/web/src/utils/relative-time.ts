import { useSyncExternalStore } from 'react';

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'always' });
const units: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

const MINUTE_MS = 60_000;
// A future time this close is the server's clock running a little ahead of this one, not a plan.
const SKEW_MS = 30_000;

export type RelativeOptions = {
  /**
   * The time is something that already happened (created, started, finished): a time ahead of
   * this browser's clock is clock skew and reads "just now", never "in 11 seconds".
   */
  past?: boolean;
};

/**
 * "5 minutes ago", "in 3 days", "just now" (under a minute ago, or a few seconds ahead);
 * `—` when there is no time. Whole units are counted down, so "1 minute ago" lasts until 2.
 */
export const formatRelative = (
  iso: string | null | undefined,
  now: number = Date.now(),
  { past = false }: RelativeOptions = {},
): string => {
  if (!iso) return '—';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '—';
  const ms = past ? Math.min(time - now, 0) : time - now;
  if (ms < 0 ? -ms < MINUTE_MS : ms < SKEW_MS) return 'just now';
  if (ms > 0 && ms < MINUTE_MS) return 'in under a minute';
  const seconds = Math.abs(ms) / 1000;
  for (const [unit, size] of units)
    if (seconds >= size) return relative.format(Math.sign(ms) * Math.floor(seconds / size), unit);
  return 'just now';
};

/** How often a relative time must be renewed to stay true: every 5 s near now, else every 30 s. */
export const tickFor = (iso: string | null | undefined, now: number): number => {
  const time = iso ? Date.parse(iso) : Number.NaN;
  return !Number.isNaN(time) && Math.abs(time - now) < 2 * MINUTE_MS ? 5_000 : 30_000;
};

// One shared clock per period: every relative time on screen moves on the same tick, with one
// timer per period whatever the number of rows.
type Channel = { now: number; listeners: Set<() => void>; timer: ReturnType<typeof setInterval> | null };
const channels = new Map<number, Channel>();

const channelOf = (everyMs: number): Channel => {
  let channel = channels.get(everyMs);
  if (!channel) {
    channel = { now: Date.now(), listeners: new Set(), timer: null };
    channels.set(everyMs, channel);
  }
  return channel;
};

const tick = (channel: Channel) => {
  channel.now = Date.now();
  for (const listener of channel.listeners) listener();
};

// A background tab's timers are slowed down: coming back renews every clock at once.
const onVisible = () => {
  if (document.visibilityState === 'visible') for (const channel of channels.values()) tick(channel);
};

const subscribeTo = (everyMs: number) => (listener: () => void) => {
  const channel = channelOf(everyMs);
  channel.listeners.add(listener);
  if (channel.timer === null) {
    // The same listener is added once however often this runs.
    document.addEventListener('visibilitychange', onVisible);
    channel.timer = setInterval(() => tick(channel), everyMs);
  }
  // A newcomer must not start from the last tick's time (up to a period old); a list mounting
  // many rows at once renews it only once.
  if (Date.now() - channel.now > 1_000) tick(channel);
  return () => {
    channel.listeners.delete(listener);
    if (channel.listeners.size === 0 && channel.timer !== null) {
      clearInterval(channel.timer);
      channel.timer = null;
    }
  };
};

const subscribers = new Map<number, (listener: () => void) => () => void>();
const subscriberOf = (everyMs: number) => {
  let subscribe = subscribers.get(everyMs);
  if (!subscribe) {
    subscribe = subscribeTo(everyMs);
    subscribers.set(everyMs, subscribe);
  }
  return subscribe;
};

/** The current time (ms), renewed every `everyMs` so that what is computed from it on screen stays true. */
export const useNow = (everyMs = 30_000): number =>
  useSyncExternalStore(subscriberOf(everyMs), () => channelOf(everyMs).now);

/** `iso` relative to the clock now ("5 minutes ago", "in 3 days"), renewed faster while it is near now. */
export const useRelativeTime = (iso: string | null | undefined, options: RelativeOptions = {}): string => {
  const slow = useNow(30_000);
  const now = useNow(tickFor(iso, slow));
  return formatRelative(iso, Math.max(now, slow), options);
};
