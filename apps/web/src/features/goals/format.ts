import { moneyGoalMetrics, type GoalLive, type GoalMetric, type GoalStatus } from '@aiceo/shared/goals';
import { formatMoney } from '@aiceo/shared/money';

export const goalStatusLabels: Record<GoalStatus, string> = {
  active: 'Active',
  completed: 'Completed',
  cancelled: 'Cancelled',
};
export const goalStatusTone: Record<GoalStatus, string> = {
  active: 'badge',
  completed: 'badge good',
  cancelled: 'badge',
};

/** What each metric counts, as the form offers it and as the live number names it. */
export const goalMetricLabels: Record<GoalMetric, { option: string; noun: string }> = {
  deals_won: { option: 'Deals won', noun: 'deals won' },
  revenue: { option: 'Revenue (income in the books)', noun: 'revenue' },
  posts_published: { option: 'Posts published', noun: 'posts published' },
  new_leads: { option: 'New leads', noun: 'new leads' },
  pipeline_value: { option: 'Pipeline value (open deals)', noun: 'pipeline value' },
};

export const isMoneyMetric = (metric: GoalMetric): boolean => moneyGoalMetrics.includes(metric);

/** A live number in its unit: "$1,250.00" for money, "3" for counts. */
export const formatGoalNumber = (live: Pick<GoalLive, 'unit' | 'currency'>, value: number): string =>
  live.unit === 'money' && live.currency ? formatMoney(value, live.currency) : new Intl.NumberFormat().format(value);
