import { useMemo } from 'react';
import type { Activity } from '@aiceo/shared/dashboard';
import { ChartPanel } from '@/components/charts/chart-panel';
import type { ChartColor } from '@/components/charts/time-series-chart';

const dayLong = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const dayShort = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

type Metric = 'signIns' | 'apiCalls' | 'membersJoined';
const charts: readonly { metric: Metric; title: string; kind: 'line' | 'bar'; color: ChartColor }[] = [
  { metric: 'signIns', title: 'Sign-ins', kind: 'line', color: 'chart-1' },
  { metric: 'apiCalls', title: 'API calls', kind: 'line', color: 'chart-2' },
  { metric: 'membersJoined', title: 'Members joined', kind: 'bar', color: 'chart-3' },
];

export const StatCards = ({ totals }: { totals: Activity['totals'] }) => (
  <dl className="grid stats" aria-label="Totals now">
    {[
      { label: 'Members', value: totals.members },
      { label: 'Admins and owners', value: totals.admins },
      { label: 'Pending invitations', value: totals.pendingInvitations },
      { label: 'Active API keys', value: totals.activeApiKeys },
    ].map((stat) => (
      <div key={stat.label} className="card stat">
        <dt>{stat.label}</dt>
        <dd>{stat.value}</dd>
      </div>
    ))}
  </dl>
);

export const ActivityCharts = ({ activity }: { activity: Activity }) => {
  const rows = useMemo(
    () =>
      activity.series.map((day) => {
        const date = new Date(`${day.date}T00:00:00Z`);
        return { label: dayLong.format(date), axisLabel: dayShort.format(date) };
      }),
    [activity.series],
  );
  const panels = useMemo(
    () =>
      charts.map((chart) => {
        const values = activity.series.map((day) => day[chart.metric]);
        const total = values.reduce((sum, n) => sum + n, 0);
        return { ...chart, total, series: [{ label: chart.title, values, color: chart.color }] };
      }),
    [activity.series],
  );
  const quiet = panels.every((panel) => panel.total === 0);
  return (
    <>
      {quiet ? (
        <p className="alert warning" style={{ marginBottom: '1rem' }}>
          No activity in the last {activity.days} days yet.
        </p>
      ) : null}
      <div className="grid charts">
        {panels.map((panel) => (
          <ChartPanel
            key={panel.metric}
            title={panel.title}
            summary={`${panel.total} in the last ${activity.days} days`}
            kind={panel.kind}
            rows={rows}
            series={panel.series}
            ariaLabel={`${panel.title} per day over the last ${activity.days} days: ${panel.total} in total. The numbers are in the table below.`}
          />
        ))}
      </div>
    </>
  );
};
