import type { OutcomeAction } from '@aiceo/shared/agentic';

export const outcomeActionLabels: Record<OutcomeAction, { title: string; one: string; many: string }> = {
  followup: { title: 'Follow-ups', one: 'follow-up', many: 'follow-ups' },
  campaign: { title: 'Campaigns', one: 'campaign', many: 'campaigns' },
  post: { title: 'Posts', one: 'post', many: 'posts' },
};

const dimensionLabels: Record<string, string> = {
  tone: 'Tone',
  channel: 'Channel',
  weekday: 'Weekday',
  topic: 'Topic',
};

/** "Tone: friendly". */
export const variantLabel = (dimension: string, value: string): string =>
  `${dimensionLabels[dimension] ?? dimension.charAt(0).toUpperCase() + dimension.slice(1)}: ${value}`;

/** The ranking score (successes + 1) / (attempts + 2) as a percentage. */
export const scorePercent = (score: number): number => Math.round(Math.min(Math.max(score, 0), 1) * 100);
