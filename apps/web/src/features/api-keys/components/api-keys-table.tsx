import type { ApiKey } from '@aiceo/shared/api-keys';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { useToast } from '@/components/ui/toast';
import { capitalize, formatDate, formatDateTime } from '@/utils/format';
import { useRevokeApiKey } from '../api/revoke-api-key';

export const ApiKeysTable = ({ orgId, apiKeys }: { orgId: string; apiKeys: readonly ApiKey[] }) => {
  const revoke = useRevokeApiKey(orgId);
  const toast = useToast();
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">API keys</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">Scopes</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {apiKeys.map((key) => (
            <tr key={key.id}>
              <th scope="row">{key.name}</th>
              <td>
                <code>{key.prefix}_…</code>
              </td>
              <td>{key.scopes.map(capitalize).join(', ')}</td>
              <td>
                {formatDate(key.createdAt)}
                {key.createdBy ? <span className="muted"> by {key.createdBy.name}</span> : null}
              </td>
              <td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Never'}</td>
              <td>{key.revokedAt ? <span className="badge bad">Revoked</span> : <span className="badge good">Active</span>}</td>
              <td>
                {key.revokedAt ? null : (
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
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};
