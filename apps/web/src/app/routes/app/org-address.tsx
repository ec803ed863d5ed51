import { Link, Navigate, useParams } from 'react-router';
import { paths } from '@/config/paths';
import { EmptyState, QueryView } from '@/components/ui/states';
import { useOrgs } from '@/features/orgs/api/list-orgs';

/** An organisation's web address (`/o/<slug>`): its members land on its dashboard. */
export const Component = () => {
  const slug = (useParams().slug ?? '').toLowerCase();
  const orgs = useOrgs();
  return (
    <QueryView query={orgs} loadingLabel="Opening the organisation…">
      {(data) => {
        const org = data.items.find((item) => item.slug === slug);
        if (org) return <Navigate to={paths.orgs.dashboard.getHref(org.id)} replace />;
        return (
          <EmptyState title="No organisation of yours has this address">
            <p>
              Check the address, or ask someone in the organisation to invite you.{' '}
              <Link to={paths.home.getHref()}>Go to your organisations</Link>
            </p>
          </EmptyState>
        );
      }}
    </QueryView>
  );
};
