import { useEffect, useState } from 'react';

type Countdown = { deadline: number; startedAt: number } | null;

/**
 * Seconds until `deadline` (ms since the epoch), ticking once a second; null without one. Time is
 * never read before `startedAt`, so the render that brings a new deadline does not count from a
 * stale clock.
 */
export const useSecondsLeft = (countdown: Countdown): number | null => {
  const [now, setNow] = useState(() => Date.now());
  const deadline = countdown?.deadline ?? null;
  useEffect(() => {
    if (deadline === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [deadline]);
  if (!countdown) return null;
  return Math.max(0, Math.ceil((countdown.deadline - Math.max(now, countdown.startedAt)) / 1_000));
};

/** "9 more minutes" (whole minutes still left), "1 more minute", "45 more seconds". */
export const timeLeftText = (seconds: number): string => {
  if (seconds >= 120) return `${Math.floor(seconds / 60)} more minutes`;
  if (seconds >= 60) return '1 more minute';
  return seconds === 1 ? '1 more second' : `${seconds} more seconds`;
};
