import { useNavigate } from 'react-router';
import { paths } from '@/config/paths';
import { PageHeader } from '@/components/ui/page-header';
import { useToast } from '@/components/ui/toast';
import { CreateOrgForm } from '@/features/orgs/components/create-org-form';

export const Component = () => {
  const navigate = useNavigate();
  const toast = useToast();
  return (
    <>
      <PageHeader
        title="Create organisation"
        description="You become its owner. To join an existing one, open the invitation link you were sent."
      />
      <div className="card">
        <CreateOrgForm
          onSuccess={(org) => {
            toast(`${org.name} is ready`);
            void navigate(paths.orgs.dashboard.getHref(org.id));
          }}
        />
      </div>
    </>
  );
};
