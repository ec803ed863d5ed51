import { useMemo } from 'react';
import { Link } from 'react-router';
import type { Dashboard } from '@aiceo/shared/dashboard';
import { formatMoney } from '@aiceo/shared/money';
import { ChartPanel } from '@/components/charts/chart-panel';
import { useStageLabels } from '@/hooks/use-stage-labels';
import { hrefOf } from './business-tiles';

// Month and week keys are calendar dates of the org's timezone: shown in UTC so that no browser
// timezone moves them.
const utc = (day: string) => new Date(`${day.length === 7 ? `${day}-01` : day}T00:00:00Z`);
const monthLong = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthShort = new Intl.DateTimeFormat(undefined, { month: 'short', timeZone: 'UTC' });
const dayShort = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

type BusinessChartsProps = { orgId: string; dashboard: Dashboard };

/** Revenue vs costs (when money is shown), pipeline by stage, leads by source and posts per week. */
export const BusinessCharts = ({ orgId, dashboard }: BusinessChartsProps) => {
  // The org's own stage names (the stored stage stays the key).
  const stageLabels = useStageLabels(orgId);
  const { currency, charts, pipeline } = dashboard;
  const money = useMemo(() => (minor: number) => formatMoney(minor, currency, { compact: true }), [currency]);
  const moneyFull = useMemo(() => (minor: number) => formatMoney(minor, currency, { whole: true }), [currency]);

  const revenue = useMemo(() => {
    const months = charts.revenueVsCosts;
    if (!months) return null;
    return {
      rows: months.map((m) => ({ label: monthLong.format(utc(m.month)), axisLabel: monthShort.format(utc(m.month)) })),
      series: [
        { label: 'Revenue', values: months.map((m) => m.incomeMinor), color: 'chart-2' as const },
        { label: 'Costs', values: months.map((m) => m.expenseMinor), color: 'chart-3' as const },
      ],
      income: months.reduce((sum, m) => sum + m.incomeMinor, 0),
      expense: months.reduce((sum, m) => sum + m.expenseMinor, 0),
    };
  }, [charts.revenueVsCosts]);

  const stages = useMemo(
    () => ({
      rows: pipeline.stages.map((s) => ({
        label: `${stageLabels[s.stage]} (${s.count} ${s.count === 1 ? 'lead' : 'leads'})`,
        axisLabel: stageLabels[s.stage],
      })),
      series: [{ label: 'Deal value', values: pipeline.stages.map((s) => s.valueMinor), color: 'chart-1' as const }],
    }),
    [pipeline.stages, stageLabels],
  );

  const sources = useMemo(
    () => ({
      rows: charts.leadsBySource.map((s) => {
        const label = s.source === '' ? 'No source' : s.source;
        return { label, axisLabel: label };
      }),
      series: [{ label: 'Leads', values: charts.leadsBySource.map((s) => s.count), color: 'chart-2' as const }],
      total: charts.leadsBySource.reduce((sum, s) => sum + s.count, 0),
    }),
    [charts.leadsBySource],
  );

  const weeks = useMemo(
    () => ({
      rows: charts.postsPerWeek.map((w) => ({ label: w.label, axisLabel: dayShort.format(utc(w.weekStart)) })),
      series: [
        { label: 'Posts published', values: charts.postsPerWeek.map((w) => w.published), color: 'chart-1' as const },
      ],
      total: charts.postsPerWeek.reduce((sum, w) => sum + w.published, 0),
    }),
    [charts.postsPerWeek],
  );

  const more = (to: string, words: string) => (
    <p className="chart-more">
      <Link to={to}>{words}</Link>
    </p>
  );

  return (
    <div className="grid charts dashboard-charts">
      {revenue ? (
        <ChartPanel
          title="Revenue and costs, last 12 months"
          summary={`${moneyFull(revenue.income)} in, ${moneyFull(revenue.expense)} out`}
          kind="bar"
          rows={revenue.rows}
          rowHeader="Month"
          series={revenue.series}
          formatValue={money}
          ariaLabel={`Revenue and costs per month over the last 12 months: ${moneyFull(revenue.income)} revenue and ${moneyFull(revenue.expense)} costs. The numbers are in the table below.`}
          footer={dashboard.money ? more(hrefOf(orgId, dashboard.money.link), 'Open Money') : null}
        />
      ) : null}
      <ChartPanel
        title="Pipeline by stage"
        summary={`${moneyFull(pipeline.openValueMinor)} open in ${pipeline.openCount} ${pipeline.openCount === 1 ? 'deal' : 'deals'}`}
        kind="bar"
        rows={stages.rows}
        rowHeader="Stage"
        series={stages.series}
        formatValue={money}
        ariaLabel={`Deal value per pipeline stage: ${moneyFull(pipeline.openValueMinor)} open. The numbers are in the table below.`}
        footer={more(hrefOf(orgId, pipeline.link), 'Open the board')}
      />
      <ChartPanel
        title="Leads by source"
        summary={`${sources.total} ${sources.total === 1 ? 'lead' : 'leads'} in all`}
        kind="bar"
        rows={sources.rows}
        rowHeader="Source"
        series={sources.series}
        ariaLabel={`Leads per source: ${sources.total} in all. The numbers are in the table below.`}
        footer={more(hrefOf(orgId, dashboard.newLeads.link), 'Open leads')}
      />
      <ChartPanel
        title="Posts per week"
        summary={`${weeks.total} published in the last 12 weeks`}
        kind="bar"
        rows={weeks.rows}
        rowHeader="Week"
        series={weeks.series}
        ariaLabel={`Posts published per week over the last 12 weeks: ${weeks.total} in all. The numbers are in the table below.`}
        footer={more(hrefOf(orgId, dashboard.posts.link), 'Open content')}
      />
    </div>
  );
};
