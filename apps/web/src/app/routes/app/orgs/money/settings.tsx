import { useParams, type LoaderFunctionArgs } from 'react-router';
import { PageHeader } from '@/components/ui/page-header';
import { canSeeMoney } from '@/features/money/can-see-money';
import { reportSettingsQueryOptions } from '@/features/money/api/report-settings';
import { stripeConnectionQueryOptions } from '@/features/money/api/stripe-connection';
import { MoneySettingsForm } from '@/features/money/components/money-settings-form';
import { ReportScheduleCard } from '@/features/money/components/report-schedule-form';
import { StripeCard } from '@/features/money/components/stripe-card';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const orgId = params.orgId ?? '';
  if (await canSeeMoney({ request, orgId })) {
    void queryClient.prefetchQuery(stripeConnectionQueryOptions(orgId));
    void queryClient.prefetchQuery(reportSettingsQueryOptions(orgId));
  }
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  return (
    <>
      <PageHeader title="Money settings" description={`How ${org.name} keeps its books.`} />
      <div className="stack">
        <section className="card" aria-labelledby="money-settings-heading">
          <h2 id="money-settings-heading">Currency, timezone and fiscal year</h2>
          <MoneySettingsForm key={org.updatedAt} org={org} />
        </section>
        <StripeCard orgId={orgId} />
        <ReportScheduleCard orgId={orgId} />
      </div>
    </>
  );
};
