import { Link, useParams, type LoaderFunctionArgs } from 'react-router';
import { paths } from '@/config/paths';
import { PageHeader } from '@/components/ui/page-header';
import { ImportWizard } from '@/features/leads/components/import-wizard';
import { requireUser } from '@/lib/auth';

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await requireUser({ request });
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  return (
    <>
      <p>
        <Link to={paths.orgs.leads.list.getHref(orgId)}>← All leads</Link>
      </p>
      <PageHeader
        title="Import leads"
        description="Bring leads in from a CSV file exported from a spreadsheet or another CRM."
      />
      <ImportWizard orgId={orgId} />
    </>
  );
};
