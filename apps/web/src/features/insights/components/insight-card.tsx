import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Insight, InsightAction } from '@aiceo/shared/agentic';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { RelativeTime } from '@/components/ui/relative-time';
import type { InsightDecision } from '../api/decide-insight';
import {
  approvalNoteOf,
  formatConfidence,
  insightActionLabels,
  insightKindLabels,
  insightStatusLabels,
} from '../format';
import { InsightWork } from './insight-work';
import './insights.css';

type InsightCardProps = {
  orgId: string;
  insight: Insight;
  /** Admins and owners act on insights; members only read them. */
  canDecide: boolean;
  /** The decision under way on this insight, if any. */
  pending: InsightDecision | null;
  onDecide: (decision: InsightDecision) => void;
  /** The live status of a task an action created. */
  taskStatus: (taskId: string) => ReactNode;
  /** When the first of the insight's queued tasks may start. */
  firstRunAt: string | null;
  approvalsHref: string;
};

const hasProposals = (actions: readonly InsightAction[]) =>
  actions.some((action) => action.kind === 'task_proposed' || action.kind === 'task_skipped');

// What the insight's outward actions (emails, posts, campaigns) wait for, said once per card
// (unless their reasons already say it).
const approvalNotesOf = (actions: readonly InsightAction[]): string[] =>
  actions.some((action) => /approv/i.test(action.reason))
    ? []
    : [
        ...new Set(
          actions
            .filter((action) => action.kind !== 'warning' && action.kind !== 'task_cancelled')
            .map((action) => approvalNoteOf(action.taskType))
            .filter((note): note is string => note !== null),
        ),
      ];

// "Undone" would not be true of an insight whose work had all run before the undo.
const statusLabelOf = (insight: Insight): string | null =>
  insight.status === 'undone' && insight.work.state === 'done' ? null : insightStatusLabels[insight.status];

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

type DecisionButtonsProps = Pick<InsightCardProps, 'insight' | 'pending' | 'onDecide'>;

const DecisionButtons = ({ insight, pending, onDecide }: DecisionButtonsProps) => {
  const isOpen = insight.status === 'open';
  // The API says whether undo would still cancel something (a queued task or a pending approval).
  const canUndo = insight.undoable && (isOpen || insight.status === 'accepted');
  if (!isOpen && !canUndo) return null;
  return (
    <div className="actions">
      {isOpen ? (
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
  );
};

/** One thing the AI CEO noticed: why, how sure it is, what it did or proposes, and where that work stands. */
export const InsightCard = ({
  orgId,
  insight,
  canDecide,
  pending,
  onDecide,
  taskStatus,
  firstRunAt,
  approvalsHref,
}: InsightCardProps) => {
  const kind = insightKindLabels[insight.kind];
  const headingId = `insight-${insight.id}-title`;
  const statusLabel = statusLabelOf(insight);
  const isLive = insight.status === 'open' || insight.status === 'accepted';
  const notes = isLive ? approvalNotesOf(insight.actions) : [];
  return (
    <article
      className="card insight-card"
      aria-labelledby={headingId}
      data-kind={insight.kind}
      data-status={insight.status}
      data-work-state={insight.work.state}
    >
      <div className="insight-head">
        <span className="insight-kind">
          <span aria-hidden="true">{kind.icon}</span> {kind.label}
        </span>
        <span className="badge" title="How sure the AI CEO is">
          {formatConfidence(insight.confidence)} confidence
        </span>
        {statusLabel ? (
          <span className={`badge${insight.status === 'accepted' ? ' good' : ''}`} data-testid="insight-status">
            {statusLabel}
          </span>
        ) : null}
        <span className="spacer" />
        <RelativeTime iso={insight.createdAt} past className="muted" />
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
      {notes.map((note) => (
        <p key={note} className="insight-approval-note muted">
          {note}
        </p>
      ))}
      <InsightWork insight={insight} firstRunAt={firstRunAt} approvalsHref={approvalsHref} />
      {insight.decisionSummary && (insight.status === 'dismissed' || insight.status === 'undone') ? (
        <p className="insight-decision" data-testid="insight-decision">
          {insight.decisionSummary}
        </p>
      ) : null}
      {canDecide ? <DecisionButtons insight={insight} pending={pending} onDecide={onDecide} /> : null}
    </article>
  );
};
