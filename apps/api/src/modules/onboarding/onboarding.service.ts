import type { Onboarding, OnboardingStep, OnboardingStepKey } from '@aiceo/shared/onboarding';
import type { Deps } from '../../deps';
import { notFound } from '../../http/app-error';

type FactsRow = {
  dismissedAt: Date | null;
  playbook: string | null;
  described: boolean;
  leads: number;
  linkedin: boolean;
  linkedinExpired: boolean;
  statements: number;
  teammates: number;
  invitations: number;
  goals: number;
};

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * What the org has done of its first steps, read from its real data in one query (each part
 * filtered by the org): nothing is stored about a step, so deleting the data undoes it.
 */
const readFacts = async ({ db, clock }: Pick<Deps, 'db' | 'clock'>, orgId: string): Promise<FactsRow> => {
  const now = clock.now();
  // A LinkedIn connection counts while its token works or can be renewed (as the integrations page says).
  const [row] = await db.$queryRaw<FactsRow[]>`
    SELECT
      o."onboardingDismissedAt" AS "dismissedAt",
      o."playbook" AS "playbook",
      EXISTS (SELECT 1 FROM "AiSettings" s WHERE s."orgId" = o."id" AND btrim(s."companyDescription") <> '') AS "described",
      (SELECT COUNT(*)::int FROM "Lead" l WHERE l."orgId" = o."id") AS "leads",
      EXISTS (SELECT 1 FROM "Integration" i WHERE i."orgId" = o."id" AND i."provider" = 'linkedin'
        AND (i."accessTokenExpiresAt" > ${now}
          OR (i."refreshTokenEnc" IS NOT NULL AND (i."refreshTokenExpiresAt" IS NULL OR i."refreshTokenExpiresAt" > ${now})))
      ) AS "linkedin",
      EXISTS (SELECT 1 FROM "Integration" i WHERE i."orgId" = o."id" AND i."provider" = 'linkedin') AS "linkedinExpired",
      (SELECT COUNT(*)::int FROM "FinanceImport" f WHERE f."orgId" = o."id" AND f."status" = 'committed') AS "statements",
      (SELECT COUNT(*)::int FROM "Membership" m WHERE m."orgId" = o."id") - 1 AS "teammates",
      (SELECT COUNT(*)::int FROM "Invitation" v WHERE v."orgId" = o."id"
        AND v."acceptedAt" IS NULL AND v."revokedAt" IS NULL AND v."expiresAt" > ${now}) AS "invitations",
      (SELECT COUNT(*)::int FROM "Goal" g WHERE g."orgId" = o."id") AS "goals"
    FROM "Organization" o
    WHERE o."id" = ${orgId}::uuid`;
  if (!row) throw notFound('Organisation');
  return row;
};

const playbookName = (key: string) => key.replace(/[-_]+/g, ' ');

const teammateDetail = (teammates: number, invitations: number): string => {
  const parts = [
    ...(teammates > 0 ? [plural(teammates, 'teammate')] : []),
    ...(invitations > 0 ? [`${plural(invitations, 'invitation')} waiting`] : []),
  ];
  return parts.length > 0 ? parts.join(', ') : 'Just you so far';
};

const toOnboarding = (facts: FactsRow): Onboarding => {
  const step = (key: OnboardingStepKey, title: string, done: boolean, detail: string): OnboardingStep => ({
    key,
    title,
    detail,
    done,
  });
  const describeDetail =
    facts.playbook !== null && facts.described
      ? `Described, with the ${playbookName(facts.playbook)} playbook`
      : facts.playbook !== null
        ? `The ${playbookName(facts.playbook)} playbook is chosen`
        : facts.described
          ? 'Your AI CEO knows what the company does'
          : 'Not described yet';
  const steps = [
    step(
      'describe',
      'Describe your business or choose a playbook',
      facts.described || facts.playbook !== null,
      describeDetail,
    ),
    step(
      'leads',
      'Add or import your leads',
      facts.leads > 0,
      facts.leads > 0 ? plural(facts.leads, 'lead') : 'No leads yet',
    ),
    step(
      'linkedin',
      'Connect LinkedIn',
      facts.linkedin,
      facts.linkedin ? 'Connected' : facts.linkedinExpired ? 'Access expired: reconnect' : 'Not connected yet',
    ),
    step(
      'bank',
      'Import a bank statement',
      facts.statements > 0,
      facts.statements > 0 ? `${plural(facts.statements, 'statement')} imported` : 'No statement imported yet',
    ),
    step(
      'teammate',
      'Invite a teammate',
      facts.teammates > 0 || facts.invitations > 0,
      teammateDetail(facts.teammates, facts.invitations),
    ),
    step('goal', 'Set a goal', facts.goals > 0, facts.goals > 0 ? plural(facts.goals, 'goal') : 'No goal yet'),
  ];
  const doneCount = steps.filter((s) => s.done).length;
  return {
    dismissed: facts.dismissedAt !== null,
    complete: doneCount === steps.length,
    doneCount,
    total: steps.length,
    steps,
  };
};

/** The checklist of a new organisation: which first steps are done, in words. */
export const getOnboarding = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId }: { orgId: string },
): Promise<Onboarding> => toOnboarding(await readFacts(deps, orgId));

/** Puts the checklist away (dismissed) or brings it back. */
export const updateOnboarding = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId, dismissed }: { orgId: string; dismissed: boolean },
): Promise<Onboarding> => {
  const { count } = await deps.db.organization.updateMany({
    where: { id: orgId },
    data: { onboardingDismissedAt: dismissed ? deps.clock.now() : null },
  });
  if (count === 0) throw notFound('Organisation');
  return getOnboarding(deps, { orgId });
};
