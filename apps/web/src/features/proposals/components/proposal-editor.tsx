import { useId, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Proposal } from '@aiceo/shared/proposals';
import { ActionError } from '@/components/ui/action-error';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { PageHeader } from '@/components/ui/page-header';
import { useToast } from '@/components/ui/toast';
import { paths } from '@/config/paths';
import { ApiError } from '@/lib/api-client';
import { useDeleteProposal } from '../api/delete-proposal';
import { useUpdateProposal } from '../api/update-proposal';
import { useWriteCoverLetter } from '../api/write-cover-letter';
import { useServiceTemplatesPick } from '../api/list-service-templates';
import { proposalNumber } from '../format';
import { draftFromProposal, draftSignature, liveTotals, validateDraft, type ProposalDraft } from './draft-state';
import { ItemsEditor } from './items-editor';
import { LeaveGuard } from './leave-guard';
import { ProposalStatusBadge } from './proposal-status-badge';
import { PreviewButton } from './preview-button';
import { SendProposalDialog } from './send-proposal-dialog';
import { TotalsPanel } from './totals-panel';
import './proposals.css';

type ProposalEditorProps = { orgId: string; proposal: Proposal; canEdit: boolean };

const FieldError = ({ id, message }: { id: string; message: string | undefined }) =>
  message ? (
    <p className="error" id={id}>
      {message}
    </p>
  ) : null;

/** A draft: items with live totals, the cover letter (the AI can write it), terms; Save, Send, Preview. */
export const ProposalEditor = ({ orgId, proposal, canEdit }: ProposalEditorProps) => {
  const id = useId();
  const currency = proposal.currency;
  const [saved, setSaved] = useState(() => draftFromProposal(proposal));
  const [draft, setDraft] = useState<ProposalDraft>(saved);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [aiNote, setAiNote] = useState<string | null>(null);
  const allowLeave = useRef(false);
  const templates = useServiceTemplatesPick(orgId);
  const update = useUpdateProposal(orgId, proposal.id);
  const coverLetter = useWriteCoverLetter(orgId, proposal.id);
  const remove = useDeleteProposal(orgId);
  const navigate = useNavigate();
  const toast = useToast();

  const isDirty = useMemo(() => draftSignature(draft) !== draftSignature(saved), [draft, saved]);
  const live = useMemo(() => liveTotals(draft, currency), [draft, currency]);
  const set = <K extends keyof ProposalDraft>(field: K, value: ProposalDraft[K]) =>
    setDraft((current) => ({ ...current, [field]: value }));

  /** Saves what is typed; false (with the problems shown) when it cannot be saved. */
  const save = async (): Promise<boolean> => {
    const { body, errors: found } = validateDraft(draft, currency);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      document.querySelector<HTMLElement>('.proposal-editor [aria-invalid="true"]')?.focus();
      return false;
    }
    try {
      const stored = await update.mutateAsync(body);
      const next = draftFromProposal(stored);
      setSaved(next);
      setDraft(next);
      return true;
    } catch (error) {
      if (error instanceof ApiError) setErrors({ ...error.fieldErrors });
      return false;
    }
  };

  const writeLetter = async () => {
    setAiNote(null);
    if (isDirty && !(await save())) return;
    coverLetter.mutate(undefined, {
      onSuccess: (written) => {
        setDraft((current) => ({ ...current, coverLetter: written.coverLetter }));
        setSaved((current) => ({ ...current, coverLetter: written.coverLetter }));
        setAiNote(
          written.coverLetterSource === 'offline'
            ? 'Written by the offline writer (no AI provider answered) from the lead and the items; make it yours before sending.'
            : 'Written by the AI from the lead’s notes, activities and the items; read it before sending.',
        );
      },
    });
  };

  const err = (field: string) => errors[field];
  const errId = (field: string) => `${id}-${field}-error`;
  const described = (field: string) => (err(field) ? errId(field) : undefined);

  return (
    <div className="proposal-editor">
      <LeaveGuard isDirty={isDirty && canEdit} allowRef={allowLeave} />
      <p>
        <Link to={paths.orgs.proposals.getHref(orgId)}>← All proposals</Link>
      </p>
      <PageHeader
        title={saved.title || 'Untitled proposal'}
        description={
          <>
            <span className="mono">{proposalNumber(proposal.number)}</span> · <ProposalStatusBadge status="draft" /> ·
            for{' '}
            {proposal.leadId ? (
              <Link to={paths.orgs.leads.lead.getHref(orgId, proposal.leadId)}>{proposal.clientName}</Link>
            ) : (
              proposal.clientName
            )}
            {proposal.clientCompany ? ` (${proposal.clientCompany})` : ''}
          </>
        }
        actions={
          canEdit ? (
            <>
              <Button
                variant="secondary"
                disabled={!isDirty}
                isPending={update.isPending}
                onClick={() =>
                  void save().then((ok) => {
                    if (ok) toast('Proposal saved');
                  })
                }
              >
                {isDirty ? 'Save' : 'Saved'}
              </Button>
              <PreviewButton orgId={orgId} proposalId={proposal.id} beforePreview={isDirty ? save : undefined} />
              <SendProposalDialog
                orgId={orgId}
                proposal={proposal}
                label="Send"
                beforeSend={isDirty ? save : undefined}
              />
            </>
          ) : null
        }
      />
      {update.isError && !(update.error instanceof ApiError && Object.keys(update.error.fieldErrors).length > 0) ? (
        <ActionError error={update.error} />
      ) : null}
      {Object.keys(errors).length > 0 ? (
        <p className="alert error" role="alert" style={{ marginBottom: '1rem' }}>
          Check the highlighted fields before saving.
        </p>
      ) : null}
      <div className="proposal-layout proposal-doc">
        <section className="card stack proposal-main" aria-label="Proposal">
          <div className="field">
            <label htmlFor={`${id}-title`}>Title</label>
            <input
              id={`${id}-title`}
              value={draft.title}
              maxLength={200}
              disabled={!canEdit}
              aria-invalid={err('title') ? true : undefined}
              aria-describedby={described('title')}
              onChange={(event) => set('title', event.target.value)}
            />
            <FieldError id={errId('title')} message={err('title')} />
          </div>
          <ItemsEditor
            items={draft.items}
            amounts={live.totals.lines}
            currency={currency}
            templates={templates.data?.items ?? []}
            errors={errors}
            onChange={(items) => set('items', items)}
          />
        </section>
        <aside className="stack proposal-side" aria-label="Totals and validity">
          <section className="card stack">
            <h2>Totals</h2>
            <div className="percent-row">
              {(
                [
                  ['discount', 'discountPercent', 'Discount'],
                  ['tax', 'taxPercent', 'Tax'],
                  ['deposit', 'depositPercent', 'Deposit'],
                ] as const
              ).map(([field, path, label]) => (
                <div className="field percent-field" key={field}>
                  <label htmlFor={`${id}-${field}`}>{label} (%)</label>
                  <input
                    id={`${id}-${field}`}
                    inputMode="decimal"
                    value={draft[field]}
                    disabled={!canEdit}
                    aria-invalid={err(path) ? true : undefined}
                    aria-describedby={described(path)}
                    onChange={(event) => set(field, event.target.value)}
                  />
                  <FieldError id={errId(path)} message={err(path)} />
                </div>
              ))}
            </div>
            <TotalsPanel
              totals={live.totals}
              currency={currency}
              discountPercent={live.discountPercent}
              taxPercent={live.taxPercent}
              depositPercent={live.depositPercent}
            />
            <div className="field">
              <label htmlFor={`${id}-valid`}>Valid until</label>
              <input
                id={`${id}-valid`}
                type="date"
                value={draft.validUntil}
                disabled={!canEdit}
                aria-invalid={err('validUntil') ? true : undefined}
                aria-describedby={described('validUntil')}
                onChange={(event) => set('validUntil', event.target.value)}
              />
              <FieldError id={errId('validUntil')} message={err('validUntil')} />
            </div>
          </section>
          {canEdit ? (
            <ConfirmButton
              title="Delete this proposal?"
              description="The draft is deleted for good."
              confirmLabel="Delete proposal"
              pendingLabel="Deleting…"
              onConfirm={async () => {
                await remove.mutateAsync(proposal.id);
                allowLeave.current = true;
                toast('Proposal deleted');
                await navigate(paths.orgs.proposals.getHref(orgId));
              }}
            >
              Delete draft
            </ConfirmButton>
          ) : null}
        </aside>
        <section className="card stack proposal-more" aria-label="Cover letter and terms">
          <div className="field">
            <div className="field-head">
              <label htmlFor={`${id}-letter`}>Cover letter</label>
              {canEdit ? (
                <Button
                  size="small"
                  variant="secondary"
                  isPending={coverLetter.isPending}
                  pendingLabel="Writing…"
                  onClick={() => void writeLetter()}
                >
                  Write with AI
                </Button>
              ) : null}
            </div>
            <textarea
              id={`${id}-letter`}
              rows={10}
              value={draft.coverLetter}
              disabled={!canEdit}
              aria-invalid={err('coverLetter') ? true : undefined}
              aria-describedby={described('coverLetter')}
              placeholder="Why this proposal fits the client: what you understood, what you will do, what they get."
              onChange={(event) => set('coverLetter', event.target.value)}
            />
            <FieldError id={errId('coverLetter')} message={err('coverLetter')} />
            {aiNote ? (
              <p className="hint" role="status">
                {aiNote}
              </p>
            ) : null}
            {coverLetter.isError ? <ActionError error={coverLetter.error} /> : null}
          </div>
          <div className="field">
            <label htmlFor={`${id}-terms`}>Terms</label>
            <p className="hint" id={`${id}-terms-hint`}>
              The client ticks that they accept these.
            </p>
            <textarea
              id={`${id}-terms`}
              rows={6}
              value={draft.terms}
              disabled={!canEdit}
              aria-invalid={err('terms') ? true : undefined}
              aria-describedby={[`${id}-terms-hint`, described('terms')].filter(Boolean).join(' ')}
              placeholder="Payment terms, what is not included, how changes are handled."
              onChange={(event) => set('terms', event.target.value)}
            />
            <FieldError id={errId('terms')} message={err('terms')} />
          </div>
        </section>
      </div>
    </div>
  );
};
