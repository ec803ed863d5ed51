import { useMemo, useState } from 'react';
import type { ApprovalItem, BulkDecisionResult } from '@aiceo/shared/approvals';
import { Button } from '@/components/ui/button';
import { errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import {
  useApproveApproval,
  useBulkDecide,
  useEditApproval,
  useRejectApproval,
  type ContentEdit,
} from '../api/decide-approval';
import { plural } from '../format';
import { ApprovalCard } from './approval-card';
import { ApprovalEditor } from './approval-editor';
import { RejectButton } from './reject-button';

/** What went wrong with the last decision on an item, in the server's words (a 409 says what changed). */
type Problem = { title: string; message: string };
type Problems = Readonly<Record<string, Problem>>;
type BulkReport = { decision: 'approve' | 'reject'; done: number; total: number };

type ItemProps = {
  orgId: string;
  item: ApprovalItem;
  canDecide: boolean;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  problem: Problem | undefined;
  onProblem: (problem: Problem | null) => void;
};

const quoted = (title: string) => `“${title}”`;

/** One item with its buttons: approve, edit (then approve or save), reject. */
const InboxItem = ({ orgId, item, canDecide, selected, onSelect, problem, onProblem }: ItemProps) => {
  const approve = useApproveApproval(orgId);
  const reject = useRejectApproval(orgId);
  const edit = useEditApproval(orgId);
  const toast = useToast();
  const [isEditing, setEditing] = useState(false);
  const isWaiting = item.status === 'pending';
  const needsEdit = item.needsEdit && !item.edited;
  const busy = approve.isPending || reject.isPending || edit.isPending;

  // Every failure is kept next to the item (and above the list if the item leaves it), then rethrown for the form or dialog.
  const track = <T,>(promise: Promise<T>): Promise<T> => {
    onProblem(null);
    return promise.catch((error: unknown) => {
      onProblem({ title: item.title, message: errorMessage(error) });
      throw error;
    });
  };
  const onApprove = (content?: ContentEdit) =>
    track(approve.mutateAsync({ approvalId: item.id, content })).then(() => {
      setEditing(false);
      toast(`Approved ${quoted(item.title)}; queued to run`);
    });
  const onEdited = (intent: 'approve' | 'save', content: ContentEdit) =>
    intent === 'approve'
      ? onApprove(content)
      : track(edit.mutateAsync({ approvalId: item.id, content })).then(() => {
          setEditing(false);
          toast('Changes saved; it still waits for approval');
        });
  const onReject = (note: string) =>
    track(reject.mutateAsync({ approvalId: item.id, note })).then(() =>
      toast(`Rejected ${quoted(item.title)}; nothing was sent`),
    );

  const select =
    canDecide && isWaiting ? (
      <input
        type="checkbox"
        checked={selected}
        onChange={(event) => onSelect(event.target.checked)}
        aria-label={`Select ${item.title}`}
      />
    ) : null;
  const problemView = problem ? (
    <p className="alert error approval-outcome" role="alert" data-testid="approval-problem">
      {problem.message}
    </p>
  ) : null;

  const editorPending = approve.isPending ? 'approve' : edit.isPending ? 'save' : null;
  return (
    <li>
      <ApprovalCard orgId={orgId} item={item} select={select} problem={problemView}>
        {canDecide && isWaiting && isEditing ? (
          <ApprovalEditor item={item} pending={editorPending} onSubmit={onEdited} onCancel={() => setEditing(false)} />
        ) : null}
        {canDecide && isWaiting && !isEditing ? (
          <div className="actions">
            <Button
              size="small"
              isPending={approve.isPending}
              pendingLabel="Approving…"
              disabled={busy || needsEdit}
              title={needsEdit ? 'Edit it first: it was written offline from a template' : undefined}
              onClick={() => void onApprove().catch(() => undefined)}
              aria-label={`Approve: ${item.title}`}
            >
              Approve
            </Button>
            <Button
              variant="secondary"
              size="small"
              disabled={busy}
              onClick={() => setEditing(true)}
              aria-label={`${needsEdit ? 'Edit' : 'Edit then approve'}: ${item.title}`}
            >
              {needsEdit ? 'Edit' : 'Edit then approve'}
            </Button>
            <RejectButton
              label="Reject"
              aria-label={`Reject: ${item.title}`}
              title={`Reject ${quoted(item.title)}?`}
              description="Nothing is sent. Add a note if you want to remember why."
              disabled={busy}
              onReject={onReject}
            />
          </div>
        ) : null}
      </ApprovalCard>
    </li>
  );
};

type BulkBarProps = {
  orgId: string;
  waiting: readonly ApprovalItem[];
  selected: ReadonlySet<string>;
  onSelectAll: (all: boolean) => void;
  onResults: (decision: 'approve' | 'reject', result: BulkDecisionResult, ids: readonly string[]) => void;
};

/** Select several waiting items and approve or reject them at once. */
const BulkBar = ({ orgId, waiting, selected, onSelectAll, onResults }: BulkBarProps) => {
  const bulk = useBulkDecide(orgId);
  const toast = useToast();
  const ids = waiting.filter((item) => selected.has(item.id)).map((item) => item.id);
  const isAll = ids.length > 0 && ids.length === waiting.length;
  const decide = (decision: 'approve' | 'reject', note = '') =>
    bulk.mutateAsync({ ids, decision, note }).then((result) => onResults(decision, result, ids));
  return (
    <section className="approval-bulk" aria-label="Selected items" data-active={ids.length > 0}>
      <label className="check">
        <input type="checkbox" checked={isAll} onChange={(event) => onSelectAll(event.target.checked)} />
        Select all waiting
      </label>
      <span aria-live="polite">{plural(ids.length, 'selected', 'selected')}</span>
      <Button
        size="small"
        disabled={ids.length === 0}
        isPending={bulk.isPending && bulk.variables?.decision === 'approve'}
        pendingLabel="Approving…"
        onClick={() => void decide('approve').catch((error: unknown) => toast(errorMessage(error), 'error'))}
      >
        Approve selected
      </Button>
      <RejectButton
        label="Reject selected"
        title={`Reject ${plural(ids.length, 'item')}?`}
        description="Nothing is sent for any of them. The note, if any, is kept with each."
        disabled={ids.length === 0 || bulk.isPending}
        onReject={(note) => decide('reject', note)}
      />
    </section>
  );
};

const BulkSummary = ({ report, onClose }: { report: BulkReport; onClose: () => void }) => {
  const verb = report.decision === 'approve' ? 'Approved' : 'Rejected';
  const isAll = report.done === report.total;
  return (
    <div
      className={`alert ${isAll ? 'success' : 'warning'} approval-report`}
      role="status"
      data-testid="approval-bulk-report"
    >
      <p style={{ margin: 0 }}>
        {verb} {report.done} of {plural(report.total, 'item')}
        {isAll ? '.' : '; the others say why next to them.'}
        {report.decision === 'approve' && report.done > 0 ? ' Approved items are queued to run.' : ''}
      </p>
      <div className="actions">
        <Button variant="ghost" size="small" onClick={onClose}>
          Close
        </Button>
      </div>
    </div>
  );
};

/** Problems of items that have left the list shown (a 409 may cancel the item): said here, once. */
const LeftProblems = ({ problems, onClose }: { problems: [string, Problem][]; onClose: () => void }) => (
  <div className="alert error approval-report" role="alert" data-testid="approval-problems">
    <p style={{ margin: 0 }}>These could not be done:</p>
    <ul>
      {problems.map(([id, problem]) => (
        <li key={id}>
          {quoted(problem.title)}: {problem.message}
        </li>
      ))}
    </ul>
    <div className="actions">
      <Button variant="ghost" size="small" onClick={onClose}>
        Close
      </Button>
    </div>
  </div>
);

type ApprovalInboxProps = {
  orgId: string;
  items: readonly ApprovalItem[];
  /** Admins and owners decide; members only read. */
  canDecide: boolean;
};

const waitingFirst = (items: readonly ApprovalItem[]) =>
  [...items].sort((a, b) => Number(b.status === 'pending') - Number(a.status === 'pending'));

/** The inbox's items, waiting ones first, with single and bulk decisions for admins. */
export const ApprovalInbox = ({ orgId, items, canDecide }: ApprovalInboxProps) => {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [problems, setProblems] = useState<Problems>({});
  const [report, setReport] = useState<BulkReport | null>(null);
  const sorted = useMemo(() => waitingFirst(items), [items]);
  const waiting = sorted.filter((item) => item.status === 'pending');
  const shown = new Set(items.map((item) => item.id));
  const leftProblems = Object.entries(problems).filter(([id]) => !shown.has(id));

  const setProblem = (id: string, problem: Problem | null) =>
    setProblems((all) => {
      const { [id]: _dropped, ...rest } = all;
      return problem ? { ...rest, [id]: problem } : rest;
    });
  const toggle = (id: string, on: boolean) =>
    setSelected((all) => {
      const next = new Set(all);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const onResults = (decision: 'approve' | 'reject', result: BulkDecisionResult, ids: readonly string[]) => {
    const titleOf = (id: string) => items.find((item) => item.id === id)?.title ?? 'An item';
    setProblems((all) => {
      const next: Record<string, Problem> = { ...all };
      for (const id of ids) delete next[id];
      for (const answer of result.results)
        if (!answer.ok)
          next[answer.id] = { title: titleOf(answer.id), message: answer.error?.message ?? 'It could not be done' };
      return next;
    });
    setSelected(new Set());
    setReport({ decision, done: result.results.filter((answer) => answer.ok).length, total: ids.length });
  };

  return (
    <>
      {report ? <BulkSummary report={report} onClose={() => setReport(null)} /> : null}
      {leftProblems.length > 0 ? (
        <LeftProblems
          problems={leftProblems}
          onClose={() => setProblems((all) => Object.fromEntries(Object.entries(all).filter(([id]) => shown.has(id))))}
        />
      ) : null}
      {canDecide && waiting.length > 1 ? (
        <BulkBar
          orgId={orgId}
          waiting={waiting}
          selected={selected}
          onSelectAll={(all) => setSelected(new Set(all ? waiting.map((item) => item.id) : []))}
          onResults={onResults}
        />
      ) : null}
      <ul className="approval-feed" aria-label="Approval inbox">
        {sorted.map((item) => (
          <InboxItem
            key={item.id}
            orgId={orgId}
            item={item}
            canDecide={canDecide}
            selected={selected.has(item.id)}
            onSelect={(on) => toggle(item.id, on)}
            problem={problems[item.id]}
            onProblem={(problem) => setProblem(item.id, problem)}
          />
        ))}
      </ul>
    </>
  );
};
