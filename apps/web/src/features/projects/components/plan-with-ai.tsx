import { useId, useRef, useState } from 'react';
import type { ProjectPlan } from '@aiceo/shared/projects';
import { ActionError } from '@/components/ui/action-error';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { useAddMilestones } from '../api/add-milestones';
import { usePlanProject } from '../api/plan-project';
import { formatDay, plural } from '../format';
import './projects.css';

type SuggestionsProps = {
  plan: ProjectPlan;
  chosen: ReadonlySet<number>;
  onToggle: (index: number, isChosen: boolean) => void;
};

const Suggestions = ({ plan, chosen, onToggle }: SuggestionsProps) => (
  <>
    <p className="muted" data-testid="plan-source">
      {plan.source === 'offline'
        ? 'Written by the offline writer (no AI provider is configured): a sound starting plan to adjust.'
        : 'Suggested by the AI from the project’s name, description and dates. Untick what you do not want.'}
    </p>
    <ul className="plan-suggestions" aria-label="Suggested milestones">
      {plan.milestones.map((milestone, index) => (
        <li key={index}>
          <label className="check plan-suggestion">
            <input type="checkbox" checked={chosen.has(index)} onChange={(e) => onToggle(index, e.target.checked)} />
            <span>
              <strong>{milestone.title}</strong>
              {milestone.dueDate ? <span className="muted"> · due {formatDay(milestone.dueDate)}</span> : null}
              {milestone.description ? <span className="plan-suggestion-text">{milestone.description}</span> : null}
              {milestone.deliverables.length > 0 ? (
                <span className="plan-suggestion-text muted">Deliverables: {milestone.deliverables.join(', ')}</span>
              ) : null}
            </span>
          </label>
        </li>
      ))}
    </ul>
  </>
);

type PlanWithAiProps = { orgId: string; projectId: string };

/** "Plan with AI": the AI suggests milestones, the owner keeps the ones they want (nothing is saved before). */
export const PlanWithAi = ({ orgId, projectId }: PlanWithAiProps) => {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const id = useId();
  const plan = usePlanProject(orgId, projectId);
  const add = useAddMilestones(orgId, projectId);
  const toast = useToast();
  const [brief, setBrief] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<number>>(new Set());
  const suggested = plan.data;

  const suggest = () =>
    plan.mutate(brief.trim(), { onSuccess: (result) => setChosen(new Set(result.milestones.map((_m, i) => i))) });
  const addChosen = async () => {
    if (!suggested) return;
    const milestones = suggested.milestones.filter((_m, index) => chosen.has(index));
    try {
      await add.mutateAsync(milestones);
      toast(`${plural(milestones.length, 'milestone')} added`);
      dialogRef.current?.close();
    } catch {
      // The error shows in the dialog (add.error).
    }
  };
  const onToggle = (index: number, isChosen: boolean) =>
    setChosen((all) => {
      const next = new Set(all);
      if (isChosen) next.add(index);
      else next.delete(index);
      return next;
    });

  return (
    <>
      <Button variant="secondary" size="small" aria-haspopup="dialog" onClick={() => dialogRef.current?.showModal()}>
        Plan with AI
      </Button>
      <dialog
        ref={dialogRef}
        aria-labelledby={`${id}-title`}
        className="project-dialog"
        onClose={() => {
          plan.reset();
          add.reset();
          setChosen(new Set());
        }}
      >
        <h2 id={`${id}-title`}>Plan with AI</h2>
        <div className="form">
          <div className="field">
            <label htmlFor={`${id}-brief`}>Anything the plan should know (optional)</label>
            <textarea
              id={`${id}-brief`}
              rows={3}
              maxLength={2_000}
              value={brief}
              placeholder="e.g. Launch before the trade fair on 3 March; the client signs off each design."
              onChange={(event) => setBrief(event.target.value)}
            />
          </div>
          {plan.error ? <ActionError error={plan.error} inDialog /> : null}
          {suggested ? (
            suggested.milestones.length === 0 ? (
              <p className="muted">No milestones came back; add a few words above and try again.</p>
            ) : (
              <Suggestions plan={suggested} chosen={chosen} onToggle={onToggle} />
            )
          ) : null}
          {add.error ? <ActionError error={add.error} inDialog /> : null}
          <div className="actions dialog-actions">
            <Button variant="secondary" onClick={() => dialogRef.current?.close()}>
              Close
            </Button>
            <Button
              variant={suggested ? 'secondary' : 'primary'}
              isPending={plan.isPending}
              pendingLabel="Planning…"
              onClick={suggest}
            >
              {suggested ? 'Suggest again' : 'Suggest milestones'}
            </Button>
            {suggested && suggested.milestones.length > 0 ? (
              <Button
                disabled={chosen.size === 0}
                isPending={add.isPending}
                pendingLabel="Adding…"
                onClick={() => void addChosen()}
              >
                Add selected ({chosen.size})
              </Button>
            ) : null}
          </div>
        </div>
      </dialog>
    </>
  );
};
