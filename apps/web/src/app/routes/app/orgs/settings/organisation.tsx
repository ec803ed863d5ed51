import { useNavigate } from 'react-router';
import { hasRole } from '@aiceo/shared/roles';
import { paths } from '@/config/paths';
import { useToast } from '@/components/ui/toast';
import { DeleteOrg } from '@/features/orgs/components/delete-org';
import { OrgSettingsForm } from '@/features/orgs/components/org-settings-form';
import { useCurrentOrg } from '@/hooks/use-current-org';

export const Component = () => {
  const org = useCurrentOrg();
  const navigate = useNavigate();
  const toast = useToast();
  const canEdit = org.role !== null && hasRole(org.role, 'admin');
  return (
    <div className="stack">
      <section className="card" aria-labelledby="org-heading">
        <h2 id="org-heading">Organisation</h2>
        <OrgSettingsForm key={org.updatedAt} org={org} canEdit={canEdit} />
      </section>
      {org.role === 'owner' ? (
        <section className="card danger-zone" aria-labelledby="danger-heading">
          <h2 id="danger-heading">Delete organisation</h2>
          <p>Deleting {org.name} removes everything in it for every member. This cannot be undone.</p>
          <DeleteOrg
            org={org}
            onDeleted={() => {
              toast(`${org.name} was deleted`);
              void navigate(paths.home.getHref(), { replace: true });
            }}
          />
        </section>
      ) : null}
    </div>
  );
};
