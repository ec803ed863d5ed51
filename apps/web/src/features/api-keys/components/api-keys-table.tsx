import type { ApiKey } from '@aiceo/shared/api-keys';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { actionsHeader, DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { useToast } from '@/components/ui/toast';
import { capitalize, formatDate, formatDateTime } from '@/utils/format';
import { useRevokeApiKey } from '../api/revoke-api-key';

export const ApiKeysTable = ({ orgId, apiKeys }: { orgId: string; apiKeys: readonly ApiKey[] }) => {
  const revoke = useRevokeApiKey(orgId);
  const toast = useToast();
  const columns: DataTableColumn<ApiKey>[] = [
    { header: 'Name', isRowHeader: true, cell: (key) => key.name },
    { header: 'Key', cell: (key) => <code>{key.prefix}_…</code> },
    { header: 'Scopes', cell: (key) => key.scopes.map(capitalize).join(', ') },
    {
      header: 'Created',
      cell: (key) => (
        <>
          {formatDate(key.createdAt)}
          {key.createdBy ? <span className="muted"> by {key.createdBy.name}</span> : null}
        </>
      ),
    },
    { header: 'Last used', cell: (key) => (key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Never') },
    {
      header: 'Status',
      cell: (key) =>
        key.revokedAt ? <span className="badge bad">Revoked</span> : <span className="badge good">Active</span>,
    },
    {
      header: actionsHeader,
      cell: (key) =>
        key.revokedAt ? null : (
          <ConfirmButton
            aria-label={`Revoke key ${key.name}`}
            title={`Revoke the key “${key.name}”?`}
            description="Requests made with it fail at once. This cannot be undone."
            confirmLabel="Revoke"
            pendingLabel="Revoking…"
            onConfirm={() => revoke.mutateAsync(key.id).then(() => toast(`Key “${key.name}” revoked`))}
          >
            Revoke
          </ConfirmButton>
        ),
    },
  ];
  return <DataTable caption="API keys" columns={columns} rows={apiKeys} />;
};
