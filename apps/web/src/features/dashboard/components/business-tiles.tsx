import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Dashboard, DashboardLink } from '@aiceo/shared/dashboard';
import type { Runway } from '@aiceo/shared/finance-reports';
import { formatMoney } from '@aiceo/shared/money';
import { paths } from '@/config/paths';
import './dashboard.css';

/** The page a tile opens, from the link the API gives it. */
export const hrefOf = (orgId: string, link: DashboardLink): string => {
  const withSearch = (href: string) => (link.search ? `${href}?${link.search}` : href);
  switch (link.page) {
    case 'leads':
      return paths.orgs.leads.list.getHref(orgId, link.search);
    case 'leadsBoard':
      return withSearch(paths.orgs.leads.board.getHref(orgId));
    case 'money':
      return withSearch(paths.orgs.money.root.getHref(orgId));
    case 'content':
      return withSearch(paths.orgs.content.getHref(orgId));
    case 'campaigns':
      return withSearch(paths.orgs.campaigns.getHref(orgId));
    case 'tasks':
      return withSearch(paths.orgs.tasks.getHref(orgId));
    case 'insights':
      return withSearch(paths.orgs.insights.getHref(orgId));
    case 'approvals':
      return withSearch(paths.orgs.approvals.getHref(orgId));
    case 'billing':
      return withSearch(paths.orgs.settings.billing.getHref(orgId));
  }
};

const plural = (n: number, one: string, other = `${one}s`) => `${n} ${n === 1 ? one : other}`;

const runwayWords = (runway: Runway): { value: string; note: string } => {
  if (runway.kind === 'cash_flow_positive') return { value: 'Growing', note: 'Cash-flow positive' };
  if (runway.kind === 'no_data' || runway.months === null) return { value: '—', note: 'Not enough history yet' };
  const months = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(runway.months);
  return { value: `${months} ${runway.months === 1 ? 'month' : 'months'}`, note: 'At the last months’ burn' };
};

type TileProps = { testId: string; label: string; value: ReactNode; note?: ReactNode; to: string; tone?: 'alert' };

const Tile = ({ testId, label, value, note, to, tone }: TileProps) => (
  <li>
    <Link to={to} className={`card tile${tone ? ` tile-${tone}` : ''}`} data-testid={`tile-${testId}`}>
      <span className="tile-label">{label}</span>
      <span className="tile-value">{value}</span>
      {note ? <span className="tile-note">{note}</span> : null}
    </Link>
  </li>
);

/** The business at a glance: one tile per figure, each a link to its page. Money tiles only when the API sends money. */
export const BusinessTiles = ({ orgId, dashboard }: { orgId: string; dashboard: Dashboard }) => {
  const { currency } = dashboard;
  const money = (minor: number, signed = false) => formatMoney(minor, currency, { whole: true, signed });
  const to = (link: DashboardLink) => hrefOf(orgId, link);
  const { pipeline, dealsWon, newLeads, posts, emails, tasks, insights, approvals, aiMessages } = dashboard;
  const runway = dashboard.money ? runwayWords(dashboard.money.runway) : null;
  return (
    <ul className="grid dashboard-tiles" aria-label="The business at a glance">
      <Tile
        testId="pipeline"
        label="Open pipeline"
        value={money(pipeline.openValueMinor)}
        note={plural(pipeline.openCount, 'open deal')}
        to={to(pipeline.link)}
      />
      <Tile
        testId="deals-won"
        label="Deals won this month"
        value={dealsWon.count}
        note={money(dealsWon.valueMinor)}
        to={to(dealsWon.link)}
      />
      <Tile
        testId="new-leads"
        label="New leads this month"
        value={newLeads.thisMonth}
        note={`Last month: ${newLeads.lastMonth}`}
        to={to(newLeads.link)}
      />
      {dashboard.money && runway ? (
        <>
          <Tile
            testId="cash"
            label="Cash"
            value={money(dashboard.money.cashMinor)}
            note="All accounts, today"
            to={to(dashboard.money.link)}
          />
          <Tile
            testId="profit"
            label={dashboard.money.monthToDate.netMinor < 0 ? 'Loss this month' : 'Profit this month'}
            value={money(dashboard.money.monthToDate.netMinor, true)}
            note={`In ${money(dashboard.money.monthToDate.incomeMinor)} · out ${money(dashboard.money.monthToDate.expenseMinor)}`}
            to={to(dashboard.money.link)}
          />
          <Tile testId="runway" label="Runway" value={runway.value} note={runway.note} to={to(dashboard.money.link)} />
        </>
      ) : null}
      <Tile
        testId="posts"
        label="Posts published this month"
        value={posts.publishedThisMonth}
        note={`${posts.scheduled} scheduled`}
        to={to(posts.link)}
      />
      <Tile
        testId="emails"
        label="Emails sent this month"
        value={emails.sentThisMonth}
        note="Campaign emails"
        to={to(emails.link)}
      />
      <Tile
        testId="tasks-due"
        label="Tasks due today"
        value={tasks.due}
        note="Pending, due by tonight"
        to={to(tasks.dueLink)}
      />
      <Tile
        testId="tasks-failed"
        label="Tasks failed"
        value={tasks.failed}
        note="In the last 7 days"
        to={to(tasks.failedLink)}
        {...(tasks.failed > 0 ? { tone: 'alert' as const } : {})}
      />
      <Tile testId="insights" label="Open insights" value={insights.open} note="To look at" to={to(insights.link)} />
      <Tile
        testId="approvals"
        label="Approvals waiting"
        value={approvals.waiting}
        note="Need your yes or no"
        to={to(approvals.link)}
        {...(approvals.waiting > 0 ? { tone: 'alert' as const } : {})}
      />
      <Tile
        testId="ai-messages"
        label="AI messages left"
        value={aiMessages.remaining}
        note={`of ${aiMessages.limit} this month`}
        to={to(aiMessages.link)}
      />
    </ul>
  );
};
