import type { Org } from '@aiceo/shared/orgs';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { useDeleteOrg } from '../api/delete-org';

export const DeleteOrg = ({ org, onDeleted }: { org: Org; onDeleted: () => void }) => {
  const remove = useDeleteOrg(org.id);
  return (
    <ConfirmButton
      size="normal"
      title={`Delete ${org.name}?`}
      description="Its members, invitations and API keys are deleted with it, at once and for good."
      confirmLabel="Delete organisation"
      pendingLabel="Deleting…"
      onConfirm={() => remove.mutateAsync().then(onDeleted)}
    >
      Delete organisation
    </ConfirmButton>
  );
};
