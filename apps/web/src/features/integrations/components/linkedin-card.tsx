import type { Integration, LinkedinCallbackOutcome } from '@aiceo/shared/integrations';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { formatDateTime } from '@/utils/format';
import { useConnectLinkedin } from '../api/connect-linkedin';
import { useDisconnectLinkedin } from '../api/disconnect-linkedin';
import './integrations.css';

const DAY_MS = 86_400_000;

/** "expires in 12 days", "expires today", "expired 3 days ago". */
const expiryText = (iso: string, now = Date.now()): string => {
  const ms = new Date(iso).getTime() - now;
  const days = Math.round(Math.abs(ms) / DAY_MS);
  const span = days === 1 ? '1 day' : `${days} days`;
  if (ms < 0) return days === 0 ? 'expired today' : `expired ${span} ago`;
  return days === 0 ? 'expires today' : `expires in ${span}`;
};

export const callbackNotices: Record<LinkedinCallbackOutcome, { tone: 'success' | 'error' | 'warning'; text: string }> =
  {
    connected: { tone: 'success', text: 'LinkedIn is connected: scheduled posts will be published on it.' },
    denied: { tone: 'warning', text: 'LinkedIn was not connected: the consent was cancelled.' },
    expired: { tone: 'error', text: 'That connect link had expired or was already used; start again.' },
    invalid: { tone: 'error', text: 'That connect link is not valid; start again.' },
    error: { tone: 'error', text: 'LinkedIn refused the connection; try again in a moment.' },
  };

type LinkedinCardProps = { orgId: string; integration: Integration | undefined; canManage: boolean };

/** LinkedIn's connection: who posts, until when the token lasts, the last problem; admins connect and disconnect. */
export const LinkedinCard = ({ orgId, integration, canManage }: LinkedinCardProps) => {
  const toast = useToast();
  const connect = useConnectLinkedin(orgId);
  const disconnect = useDisconnectLinkedin(orgId);
  const isConnected = integration?.connected === true;
  return (
    <section className="card integration-card" aria-labelledby="linkedin-heading" data-connected={isConnected}>
      <div className="page-header">
        <h2 id="linkedin-heading">LinkedIn</h2>
        <span className={`badge ${isConnected ? 'good' : ''}`}>{isConnected ? 'Connected' : 'Not connected'}</span>
      </div>
      {integration?.mode === 'local-stand-in' ? (
        <p className="muted">This server talks to its local LinkedIn stand-in, not linkedin.com.</p>
      ) : null}
      {integration?.mode === 'not-configured' ? (
        <p className="alert" role="status">
          LinkedIn is not set up on this server (it has no LinkedIn app credentials), so accounts cannot be connected
          and nothing is published to LinkedIn.
        </p>
      ) : null}
      {isConnected ? (
        <dl className="integration-facts">
          <div>
            <dt>Account</dt>
            <dd data-testid="linkedin-account">{integration.accountName ?? 'Unknown account'}</dd>
          </div>
          {integration.expiresAt ? (
            <div>
              <dt>Access</dt>
              <dd title={formatDateTime(integration.expiresAt)}>{expiryText(integration.expiresAt)}</dd>
            </div>
          ) : null}
        </dl>
      ) : integration?.mode === 'not-configured' ? null : (
        <p>Connect a LinkedIn account to publish your scheduled posts on it.</p>
      )}
      {integration?.lastError ? (
        <p className="alert error" role="alert">
          <strong>Last problem:</strong> {integration.lastError}
        </p>
      ) : null}
      {connect.isError ? (
        <p className="alert error" role="alert">
          {errorMessage(connect.error)}
        </p>
      ) : null}
      {canManage && integration?.mode !== 'not-configured' ? (
        <div className="actions">
          {isConnected ? (
            <>
              <Button
                variant="secondary"
                onClick={() => connect.mutate()}
                isPending={connect.isPending || connect.isSuccess}
                pendingLabel="Opening LinkedIn…"
              >
                Reconnect
              </Button>
              <ConfirmButton
                title="Disconnect LinkedIn?"
                description="Scheduled posts will fail until an account is connected again."
                confirmLabel="Disconnect"
                pendingLabel="Disconnecting…"
                size="normal"
                onConfirm={async () => {
                  await disconnect.mutateAsync();
                  toast('LinkedIn disconnected');
                }}
              >
                Disconnect
              </ConfirmButton>
            </>
          ) : (
            <Button
              onClick={() => connect.mutate()}
              isPending={connect.isPending || connect.isSuccess}
              pendingLabel="Opening LinkedIn…"
            >
              Connect LinkedIn
            </Button>
          )}
        </div>
      ) : canManage ? null : (
        <p className="muted">Only admins and owners can connect or disconnect accounts.</p>
      )}
    </section>
  );
};
