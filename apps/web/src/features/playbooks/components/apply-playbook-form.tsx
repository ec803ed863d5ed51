import { useState } from 'react';
import type { PlaybookChange, Playbook } from '@aiceo/shared/playbooks';
import type { PlaybookKey } from '@aiceo/shared/stage-labels';
import { PlaybookPicker } from '@/components/playbook-picker';
import { ActionError } from '@/components/ui/action-error';
import { Button } from '@/components/ui/button';
import { useApplyPlaybook } from '../api/apply-playbook';
import './playbooks.css';

const outcomeWords: Record<PlaybookChange['outcome'], string> = {
  set: 'Set',
  kept: 'Kept',
  unchanged: 'Already fit',
};

type ApplyPlaybookFormProps = { orgId: string; playbooks: readonly Playbook[]; current: PlaybookKey | null };

/** Choose another playbook; the answer lists, part by part, what was set and what was kept. */
export const ApplyPlaybookForm = ({ orgId, playbooks, current }: ApplyPlaybookFormProps) => {
  const apply = useApplyPlaybook(orgId);
  const [choice, setChoice] = useState<PlaybookKey>(current ?? 'other');
  const [changes, setChanges] = useState<PlaybookChange[] | null>(null);
  const chosen = playbooks.find((p) => p.key === choice);
  return (
    <div className="stack">
      <PlaybookPicker
        name="apply-playbook"
        legend="Playbook to apply"
        playbooks={playbooks}
        value={choice}
        onChange={(key) => {
          setChoice(key);
          setChanges(null);
        }}
        hint="Fills what is empty or still the previous playbook’s; keeps what you wrote yourself; adds missing finance categories and deletes nothing."
      />
      <div>
        <Button
          isPending={apply.isPending}
          pendingLabel="Applying…"
          onClick={() => apply.mutate({ playbook: choice }, { onSuccess: (result) => setChanges(result.changes) })}
        >
          Apply {chosen?.name ?? 'playbook'}
        </Button>
      </div>
      {apply.error ? <ActionError error={apply.error} /> : null}
      {changes ? (
        <div className="alert success" role="status">
          <p>
            <strong>{chosen?.name ?? 'The playbook'} applied.</strong>
          </p>
          <ul className="playbook-changes">
            {changes.map((change) => (
              <li key={change.field} data-outcome={change.outcome}>
                <span className={`badge ${change.outcome}`}>{outcomeWords[change.outcome]}</span> {change.detail}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
};
