import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ActionError } from '@/components/ui/action-error';
import { Link, useNavigate } from 'react-router';
import { formatMoney } from '@aiceo/shared/money';
import { pricingUnitLabels, type ServiceTemplate } from '@aiceo/shared/proposals';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { paths } from '@/config/paths';
import { useCreateProposal } from '../api/create-proposal';
import { useServiceTemplatesPick } from '../api/list-service-templates';
import { useLeadChoice, useLeadChoices } from '../api/search-leads';
import './proposals.css';

type NewProposalDialogProps = {
  orgId: string;
  /** Opens the dialog at once with this lead chosen (the lead page's "New proposal"). */
  leadId: string | null;
  /** Called when the dialog closes, e.g. to drop `?lead=` from the address. */
  onClosed?: () => void;
};

const templatePrice = (template: ServiceTemplate) =>
  `${formatMoney(template.priceMinor, template.currency)}${
    template.pricingModel === 'fixed' ? '' : ` per ${pricingUnitLabels[template.pricingModel].one}`
  }`;

const LeadChooser = ({
  orgId,
  chosenId,
  onChoose,
  error,
}: {
  orgId: string;
  chosenId: string | null;
  onChoose: (leadId: string | null) => void;
  error: string | undefined;
}) => {
  const id = useId();
  const [q, setQ] = useState('');
  const chosen = useLeadChoice(orgId, chosenId);
  const choices = useLeadChoices(orgId, q);
  if (chosenId) {
    return (
      <div className="field">
        <span className="label" id={`${id}-label`} style={{ fontWeight: 600 }}>
          Lead
        </span>
        <div className="chosen-lead" aria-labelledby={`${id}-label`} data-testid="chosen-lead">
          <span>
            {chosen.data ? (
              <>
                <strong>{chosen.data.name}</strong>
                {chosen.data.company ? <span className="muted"> · {chosen.data.company}</span> : null}
                <br />
                <span className="muted">{chosen.data.email ?? 'No email address yet: add one before sending'}</span>
              </>
            ) : chosen.isError ? (
              'This lead was not found'
            ) : (
              'Loading the lead…'
            )}
          </span>
          <Button size="small" variant="secondary" onClick={() => onChoose(null)}>
            Change lead
          </Button>
        </div>
      </div>
    );
  }
  const items = choices.data?.items ?? [];
  return (
    <fieldset className="field" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>Lead</legend>
      <label htmlFor={`${id}-q`} className="visually-hidden">
        Find a lead
      </label>
      <input
        id={`${id}-q`}
        type="search"
        autoComplete="off"
        placeholder="Find a lead by name, email or company"
        value={q}
        onChange={(event) => setQ(event.target.value)}
      />
      {choices.isSuccess && items.length === 0 ? (
        <p className="hint">
          {q.trim() ? `No lead matches “${q.trim()}”.` : 'No leads yet: add one on the Leads page.'}
        </p>
      ) : null}
      {items.length > 0 ? (
        <ul className="pick-list" aria-label="Leads">
          {items.map((lead) => (
            <li key={lead.id}>
              <label>
                <input type="radio" name="leadId" value={lead.id} onChange={() => onChoose(lead.id)} />
                <span className="pick-text">
                  <span>{lead.name}</span>
                  <span className="muted">{[lead.company, lead.email].filter(Boolean).join(' · ')}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p className="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
};

const TemplateChooser = ({
  orgId,
  ticked,
  onToggle,
}: {
  orgId: string;
  ticked: readonly string[];
  onToggle: (templateId: string) => void;
}) => {
  const templates = useServiceTemplatesPick(orgId);
  const items = templates.data?.items ?? [];
  return (
    <fieldset className="field">
      <legend>Services</legend>
      {templates.isPending ? <p className="hint">Loading the service templates…</p> : null}
      {templates.isError ? (
        <p className="hint">The service templates could not be loaded; add lines in the editor.</p>
      ) : null}
      {templates.isSuccess && items.length === 0 ? (
        <p className="hint">
          No service templates yet. <Link to={paths.orgs.services.getHref(orgId)}>Describe what you sell</Link> once, or
          start empty and add lines by hand.
        </p>
      ) : null}
      {items.length > 0 ? (
        <>
          <p className="hint">Each ticked service becomes a line at its usual quantity; change it in the editor.</p>
          <ul className="pick-list" aria-label="Service templates">
            {items.map((template) => (
              <li key={template.id}>
                <label>
                  <input
                    type="checkbox"
                    name="templateIds"
                    value={template.id}
                    checked={ticked.includes(template.id)}
                    onChange={() => onToggle(template.id)}
                  />
                  <span className="pick-text">
                    <span>{template.name}</span>
                    <span className="muted">{templatePrice(template)}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </fieldset>
  );
};

/**
 * "New proposal": choose the lead (given when started from a lead), tick services, and the AI
 * writes the cover letter; Create opens the editor.
 */
export const NewProposalDialog = ({ orgId, leadId, onClosed }: NewProposalDialogProps) => {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const navigate = useNavigate();
  const toast = useToast();
  const create = useCreateProposal(orgId);
  const [chosenLead, setChosenLead] = useState<string | null>(leadId);
  const [ticked, setTicked] = useState<string[]>([]);
  const [writeCoverLetter, setWriteCoverLetter] = useState(true);
  const [leadError, setLeadError] = useState<string | undefined>();
  const isLeavingRef = useRef(false);

  // Started from a lead (?lead=<id>): the dialog opens by itself with that lead chosen.
  const [seenLeadId, setSeenLeadId] = useState(leadId);
  if (leadId !== seenLeadId) {
    setSeenLeadId(leadId);
    if (leadId) setChosenLead(leadId);
  }
  useEffect(() => {
    if (!leadId) return;
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, [leadId]);

  const toggle = (templateId: string) =>
    setTicked((all) => (all.includes(templateId) ? all.filter((id) => id !== templateId) : [...all, templateId]));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!chosenLead) {
      setLeadError('Choose the lead this proposal is for');
      return;
    }
    setLeadError(undefined);
    create.mutate(
      { leadId: chosenLead, templateIds: ticked, writeCoverLetter },
      {
        onSuccess: (proposal) => {
          // The editor opens next: closing must not also rewrite the address (dropping ?lead=).
          isLeavingRef.current = true;
          dialogRef.current?.close();
          toast(
            proposal.coverLetterSource === 'offline'
              ? `${proposal.title || 'Proposal'} created; the offline writer drafted the cover letter`
              : `${proposal.title || 'Proposal'} created`,
          );
          void navigate(paths.orgs.proposal.getHref(orgId, proposal.id));
        },
      },
    );
  };

  return (
    <>
      <Button onClick={() => dialogRef.current?.showModal()} aria-haspopup="dialog">
        New proposal
      </Button>
      <dialog
        ref={dialogRef}
        aria-labelledby={titleId}
        className="proposal-dialog"
        onClose={() => {
          create.reset();
          setLeadError(undefined);
          if (!isLeavingRef.current) onClosed?.();
        }}
      >
        <h2 id={titleId}>New proposal</h2>
        <form className="form" onSubmit={submit} noValidate aria-label="New proposal">
          {create.isError ? <ActionError error={create.error} inDialog /> : null}
          <LeadChooser orgId={orgId} chosenId={chosenLead} onChoose={setChosenLead} error={leadError} />
          <TemplateChooser orgId={orgId} ticked={ticked} onToggle={toggle} />
          <div className="field">
            <label className="check">
              <input
                type="checkbox"
                name="writeCoverLetter"
                checked={writeCoverLetter}
                aria-describedby={`${titleId}-ai-hint`}
                onChange={(event) => setWriteCoverLetter(event.target.checked)}
              />
              Let the AI write the cover letter
            </label>
            <p className="hint" id={`${titleId}-ai-hint`}>
              From the lead’s notes and activities and the services; counts one AI message.
            </p>
          </div>
          <div className="actions" style={{ justifyContent: 'flex-end' }}>
            <Button variant="secondary" onClick={() => dialogRef.current?.close()}>
              Cancel
            </Button>
            <Button
              type="submit"
              isPending={create.isPending}
              pendingLabel={writeCoverLetter ? 'Writing the letter…' : 'Creating…'}
            >
              Create
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
};
