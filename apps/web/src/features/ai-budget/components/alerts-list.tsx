import type { PlatformAlert } from '@aiceo/shared/ai-budget';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/states';
import { useReadPlatformAlert } from '../api/read-platform-alert';

const when = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** Alerts for the platform admins (AI budgets at 50, 80 and 100%, and raises), newest first. */
export const AlertsList = ({ alerts }: { alerts: PlatformAlert[] }) => {
  const read = useReadPlatformAlert();
  if (alerts.length === 0) return <EmptyState title="No alerts" />;
  return (
    <ul className="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {alerts.map((alert) => (
        <li
          key={alert.id}
          className="card"
          data-alert={alert.id}
          style={{ display: 'flex', gap: '0.75rem', flexWrap: 'wrap', alignItems: 'baseline' }}
        >
          <div style={{ flex: '1 1 16rem', minWidth: 0, overflowWrap: 'anywhere' }}>
            {alert.readAt ? null : <strong>New: </strong>}
            {alert.message}
            <div className="muted">{when.format(new Date(alert.createdAt))}</div>
          </div>
          {alert.readAt ? null : (
            <Button
              size="small"
              variant="secondary"
              isPending={read.isPending && read.variables === alert.id}
              pendingLabel="Marking…"
              onClick={() => read.mutate(alert.id)}
            >
              Mark read
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
};
