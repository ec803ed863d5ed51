import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Insight, InsightAction } from '@aiceo/shared/agentic';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { formatDateTime } from '@/utils/format';
import { formatRelative } from '@/utils/relative-time';
import type { InsightDecision } from '../api/decide-insight';
import { formatConfidence, insightActionLabels, insightKindLabels, insightStatusLabels } from '../format';
import './insights.css';

type InsightCardProps = {
  orgId: string;
  insight: Insight;
  now: number;
  /** Admins and owners act on insights; members only read them. */
  canDecide: boolean;
  /** The decision under way on this insight, if any. */
  pending: InsightDecision | null;
  onDecide: (decision: InsightDecision) => void;
  /** The live status of a task an action created. */
  taskStatus: (taskId: string) => ReactNode;
};

const hasProposals = (actions: readonly InsightAction[]) =>
  actions.some((action) => action.kind === 'task_proposed' || action.kind === 'task_skipped');
const hasCreatedTasks = (actions: readonly InsightAction[]) =>
  actions.some((action) => action.kind === 'task_created' && action.taskId);

const ActionItem = ({
  orgId,
  action,
  taskStatus,
}: {
  orgId: string;
  action: InsightAction;
  taskStatus: (taskId: string) => ReactNode;
}) => (
  <li data-action-kind={action.kind}>
    <span className={`badge${action.kind === 'task_created' ? ' good' : ''}`}>{insightActionLabels[action.kind]}</span>
    {action.taskId ? (
      <Link to={paths.orgs.tasks.getHref(orgId, action.taskId)}>{action.title}</Link>
    ) : (
      <span>{action.title}</span>
    )}
    {action.taskId ? taskStatus(action.taskId) : null}
    {action.reason ? <p className="reason muted">{action.reason}</p> : null}
  </li>
);

/** One thing the AI CEO noticed: why, how sure it is, and what it did or proposes. */
export const InsightCard = ({ orgId, insight, now, canDecide, pending, onDecide, taskStatus }: InsightCardProps) => {
  const kind = insightKindLabels[insight.kind];
  const headingId = `insight-${insight.id}-title`;
  const isOpen = insight.status === 'open';
  const canAccept = isOpen;
  const canUndo = (isOpen || insight.status === 'accepted') && hasCreatedTasks(insight.actions);
  return (
    <article
      className="card insight-card"
      aria-labelledby={headingId}
      data-kind={insight.kind}
      data-status={insight.status}
    >
      <div className="insight-head">
        <span className="insight-kind">
          <span aria-hidden="true">{kind.icon}</span> {kind.label}
        </span>
        <span className="badge" title="How sure the AI CEO is">
          {formatConfidence(insight.confidence)} confidence
        </span>
        <span className={`badge${insight.status === 'accepted' ? ' good' : ''}`} data-testid="insight-status">
          {insightStatusLabels[insight.status]}
        </span>
        <span className="spacer" />
        <time className="muted" dateTime={insight.createdAt} title={formatDateTime(insight.createdAt)}>
          {formatRelative(insight.createdAt, now)}
        </time>
      </div>
      <h2 id={headingId}>{insight.title}</h2>
      <p>{insight.reason}</p>
      {insight.actions.length > 0 ? (
        <ul className="insight-actions" aria-label="What the AI CEO did">
          {insight.actions.map((action, index) => (
            <ActionItem
              key={action.taskId ?? `${action.kind}-${index}`}
              orgId={orgId}
              action={action}
              taskStatus={taskStatus}
            />
          ))}
        </ul>
      ) : null}
      {canDecide && (canAccept || isOpen || canUndo) ? (
        <div className="actions">
          {canAccept ? (
            <Button
              size="small"
              isPending={pending === 'accept'}
              pendingLabel="Accepting…"
              disabled={pending !== null}
              onClick={() => onDecide('accept')}
              aria-label={`Accept: ${insight.title}`}
            >
              {hasProposals(insight.actions) ? 'Accept and create tasks' : 'Accept'}
            </Button>
          ) : null}
          {isOpen ? (
            <Button
              variant="secondary"
              size="small"
              isPending={pending === 'dismiss'}
              pendingLabel="Dismissing…"
              disabled={pending !== null}
              onClick={() => onDecide('dismiss')}
              aria-label={`Dismiss: ${insight.title}`}
            >
              Dismiss
            </Button>
          ) : null}
          {canUndo ? (
            <Button
              variant="ghost"
              size="small"
              isPending={pending === 'undo'}
              pendingLabel="Undoing…"
              disabled={pending !== null}
              onClick={() => onDecide('undo')}
              aria-label={`Undo: ${insight.title}`}
            >
              Undo
            </Button>
          ) : null}
        </div>
      ) : null}
    </article>
  );
};
