import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { attributionModels, type AttributionModel, type RevenueBySource } from '@aiceo/shared/attribution';
import { hasRole } from '@aiceo/shared/roles';
import { paths } from '@/config/paths';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, QueryView } from '@/components/ui/states';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { useRevenue } from '../api/get-revenue';
import { periodPresets, presetLabels, presetRange, todayIn, type PeriodPreset } from '../period';
import { RevenueCell } from './revenue-cell';
import { SourceTable } from './source-table';
import '../attribution.css';

const MODEL_LABELS: Record<AttributionModel, string> = { first: 'First touch', last: 'Last touch' };

const isPreset = (value: string | null): value is PeriodPreset =>
  (periodPresets as readonly string[]).includes(value ?? '');
const isModel = (value: string | null): value is AttributionModel =>
  (attributionModels as readonly string[]).includes(value ?? '');

/** Period and model live in the URL, so a view can be shared and survives a reload. */
const useSourcesView = () => {
  const [search, setSearch] = useSearchParams();
  const period = search.get('period');
  const model = search.get('model');
  const set = (key: string, value: string) =>
    setSearch(
      (current) => {
        const next = new URLSearchParams(current);
        next.set(key, value);
        return next;
      },
      { replace: true },
    );
  return {
    preset: isPreset(period) ? period : ('90d' as const),
    model: isModel(model) ? model : ('first' as const),
    setPreset: (value: PeriodPreset) => set('period', value),
    setModel: (value: AttributionModel) => set('model', value),
  };
};

const HowCreditWorks = ({ model }: { model: AttributionModel }) => (
  <details className="card source-help">
    <summary>How credit is given</summary>
    <ul>
      <li>
        Every link we publish for you (posts, campaign and follow-up emails, the website chat) carries tags that name
        the post or campaign. When someone arrives through one and talks to your website chat, the lead remembers where
        they came from: their <strong>first</strong> visit and their <strong>latest</strong> one.
      </li>
      <li>
        {model === 'first'
          ? 'First touch gives each lead to the source that brought them the first time.'
          : 'Last touch gives each lead to the source of their most recent visit before they got in touch.'}{' '}
        Switch to see the other view; each lead is counted once either way.
      </li>
      <li>
        <strong>Leads</strong> are people who became leads in the period. A <strong>won</strong> lead earns the payments
        you matched to it in Money → Transactions, by payment date. If it has no matched payment, its deal value counts
        instead, dated by the lead&rsquo;s last change (stage changes have no history yet). Never both.
      </li>
      <li>Amounts in different currencies are shown separately, never added together.</li>
      <li>
        &ldquo;Not tracked&rdquo; are leads added by hand or imported; &ldquo;Direct&rdquo; are visits with no tags and
        no referring site.
      </li>
    </ul>
  </details>
);

const NoData = ({ orgId }: { orgId: string }) => (
  <EmptyState title="No leads from this period yet">
    <p>Sources fill in as people find you through what you publish. To get data:</p>
    <ul className="source-steps">
      <li>
        Publish a post with a link to your website: <Link to={paths.orgs.content.getHref(orgId)}>write a post</Link>.
      </li>
      <li>
        Put the website chat on your site, so visitors become leads with their source:{' '}
        <Link to={paths.orgs.settings.websiteChat.getHref(orgId)}>set up the website chat</Link>.
      </li>
      <li>
        When a deal is won, mark the lead won and match its payment in{' '}
        <Link to={paths.orgs.money.transactions.getHref(orgId)}>Transactions</Link>.
      </li>
    </ul>
  </EmptyState>
);

const Totals = ({ report }: { report: RevenueBySource }) => (
  <dl className="source-totals" aria-label="Totals for the period">
    <div>
      <dt>Leads</dt>
      <dd>{report.totals.leads}</dd>
    </div>
    <div>
      <dt>Won</dt>
      <dd>{report.totals.won}</dd>
    </div>
    <div>
      <dt>Revenue</dt>
      <dd>
        <RevenueCell row={report.totals} />
      </dd>
    </div>
  </dl>
);

const Report = ({ orgId, report }: { orgId: string; report: RevenueBySource }) => (
  <>
    <Totals report={report} />
    <SourceTable
      orgId={orgId}
      title="By channel"
      nameHeader="Channel"
      rows={report.channels}
      empty="No leads in this period."
    />
    <SourceTable
      orgId={orgId}
      title="By post"
      nameHeader="Post"
      rows={report.posts}
      empty="No lead came from a post in this period. Posts published from here carry the tags that make this work."
    />
    <SourceTable
      orgId={orgId}
      title="By campaign"
      nameHeader="Campaign"
      rows={report.campaigns}
      empty="No lead came from an email campaign in this period."
    />
  </>
);

const Sources = ({ orgId, timeZone }: { orgId: string; timeZone: string }) => {
  const id = useId();
  const view = useSourcesView();
  const range = presetRange(view.preset, todayIn(timeZone));
  const report = useRevenue(orgId, { ...range, model: view.model });
  return (
    <>
      <PageHeader
        title="Sources"
        description="What each channel, post and campaign brought in: leads, won deals and revenue."
      />
      <div className="source-toolbar">
        <div className="field">
          <label htmlFor={`${id}-period`}>Period</label>
          <select
            id={`${id}-period`}
            value={view.preset}
            onChange={(event) => view.setPreset(event.target.value as PeriodPreset)}
          >
            {periodPresets.map((preset) => (
              <option key={preset} value={preset}>
                {presetLabels[preset]}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="source-model">
          <legend>Give credit to</legend>
          {attributionModels.map((model) => (
            <label key={model}>
              <input
                type="radio"
                name={`${id}-model`}
                value={model}
                checked={view.model === model}
                onChange={() => view.setModel(model)}
              />
              {MODEL_LABELS[model]}
            </label>
          ))}
        </fieldset>
      </div>
      <HowCreditWorks model={view.model} />
      <QueryView
        query={report}
        loadingLabel="Loading sources…"
        errorTitle="Could not load the sources"
        isEmpty={(data) => data.totals.leads === 0 && data.totals.won === 0}
        empty={<NoData orgId={orgId} />}
      >
        {(data) => <Report orgId={orgId} report={data} />}
      </QueryView>
    </>
  );
};

/** Revenue by source. Money is admin+ (the API answers 403 to members): a member sees why instead. */
export const SourcesPage = ({ orgId }: { orgId: string }) => {
  const org = useCurrentOrg();
  if (org.role === null || !hasRole(org.role, 'admin'))
    return (
      <>
        <PageHeader title="Sources" />
        <EmptyState title="Only admins and owners see sources">
          <p>
            Sources show what each post and campaign earned, which is money: it is for the admins and owners of{' '}
            {org.name}. Ask one of them if you need a figure.
          </p>
        </EmptyState>
      </>
    );
  return <Sources orgId={orgId} timeZone={org.timezone} />;
};
