import { useParams, type LoaderFunctionArgs } from 'react-router';
import { SourcesPage } from '@/features/attribution/components/sources-page';
import { requireUser } from '@/lib/auth';

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await requireUser({ request });
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  return <SourcesPage orgId={orgId} />;
};
