import { Link } from 'react-router';
import type { OnboardingStep, OnboardingStepKey } from '@aiceo/shared/onboarding';
import { ActionError } from '@/components/ui/action-error';
import { Button } from '@/components/ui/button';
import { errorMessage } from '@/components/ui/states';
import { paths } from '@/config/paths';
import { useOnboarding } from '../api/get-onboarding';
import { useUpdateOnboarding } from '../api/update-onboarding';
import './dashboard.css';

/** Where each step is done, and a second way for some (leads: add one or import a file). */
const stepLinks = (
  orgId: string,
): Record<OnboardingStepKey, { to: string; words: string; alt?: { to: string; words: string } }> => ({
  describe: { to: paths.orgs.settings.playbook.getHref(orgId), words: 'Describe the business' },
  leads: {
    to: paths.orgs.leads.list.getHref(orgId),
    words: 'Add leads',
    alt: { to: paths.orgs.leads.import.getHref(orgId), words: 'import a file' },
  },
  linkedin: { to: paths.orgs.settings.integrations.getHref(orgId), words: 'Connect LinkedIn' },
  bank: { to: paths.orgs.money.import.getHref(orgId), words: 'Import a statement' },
  teammate: { to: paths.orgs.settings.invitations.getHref(orgId), words: 'Invite someone' },
  goal: { to: paths.orgs.goals.getHref(orgId), words: 'Set a goal' },
});

const Step = ({ orgId, step }: { orgId: string; step: OnboardingStep }) => {
  const link = stepLinks(orgId)[step.key];
  return (
    <li className={`onboarding-step${step.done ? ' done' : ''}`} data-testid={`onboarding-step-${step.key}`}>
      <span className="onboarding-mark" aria-hidden="true">
        {step.done ? '✓' : ''}
      </span>
      <div>
        <Link to={link.to}>{step.title}</Link>
        <span className="visually-hidden">{step.done ? ' (done)' : ' (to do)'}</span>
        <p className="muted">
          {step.detail}
          {link.alt && !step.done ? (
            <>
              {' · or '}
              <Link to={link.alt.to}>{link.alt.words}</Link>
            </>
          ) : null}
        </p>
      </div>
    </li>
  );
};

/**
 * The getting-started checklist at the top of the dashboard: progress and one link per step.
 * Hidden once complete or put away; an admin can put it away and bring it back.
 */
export const OnboardingCard = ({ orgId, isAdmin }: { orgId: string; isAdmin: boolean }) => {
  const onboarding = useOnboarding(orgId);
  const update = useUpdateOnboarding(orgId);

  if (onboarding.isPending) return null;
  if (onboarding.isError)
    return (
      <section className="card onboarding-card" aria-label="Getting started" role="status">
        <p className="muted" style={{ margin: 0 }}>
          The getting-started checklist could not load: {errorMessage(onboarding.error)}{' '}
          <Button variant="ghost" size="small" onClick={() => void onboarding.refetch()}>
            Try again
          </Button>
        </p>
      </section>
    );

  const data = onboarding.data;
  if (data.complete) return null;
  if (data.dismissed)
    return isAdmin ? (
      <div className="onboarding-restore">
        <Button
          variant="ghost"
          size="small"
          onClick={() => update.mutate(false)}
          isPending={update.isPending}
          pendingLabel="Bringing it back…"
        >
          Show the getting-started checklist ({data.doneCount} of {data.total} done)
        </Button>
        {update.error ? <ActionError error={update.error} /> : null}
      </div>
    ) : null;

  return (
    <section className="card onboarding-card" aria-labelledby="onboarding-heading" data-testid="onboarding-card">
      <div className="onboarding-head">
        <div>
          <h2 id="onboarding-heading">Getting started</h2>
          <p className="muted" data-testid="onboarding-progress">
            {data.doneCount} of {data.total} done
          </p>
        </div>
        {isAdmin ? (
          <Button
            variant="secondary"
            size="small"
            onClick={() => update.mutate(true)}
            isPending={update.isPending}
            pendingLabel="Putting away…"
          >
            Put away
          </Button>
        ) : null}
      </div>
      <progress
        max={data.total}
        value={data.doneCount}
        aria-label="Checklist progress"
        className="onboarding-progress"
      />
      {update.error ? <ActionError error={update.error} /> : null}
      <ol className="onboarding-steps">
        {data.steps.map((step) => (
          <Step key={step.key} orgId={orgId} step={step} />
        ))}
      </ol>
    </section>
  );
};
