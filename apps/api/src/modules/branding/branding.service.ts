import type { Branding, UpdateBrandingInput } from '@aiceo/shared/branding';
import type { Deps } from '../../deps';
import { notFound } from '../../http/app-error';
import { addressOf } from '../../lib/mailer';

const brandingSelect = {
  name: true,
  brandColor: true,
  logoUrl: true,
  emailFromName: true,
  emailReplyTo: true,
} as const;

type BrandingRow = { name: string; brandColor: string; logoUrl: string; emailFromName: string; emailReplyTo: string };

const toBranding = ({ env }: Pick<Deps, 'env'>, { name, ...row }: BrandingRow): Branding => ({
  orgName: name,
  ...row,
  sendingAddress: addressOf(env.MAIL_FROM),
});

/** The org's email branding; the website chat uses its colour and logo too. */
export const getBranding = async (deps: Pick<Deps, 'db' | 'env'>, { orgId }: { orgId: string }): Promise<Branding> => {
  const row = await deps.db.organization.findFirst({ where: { id: orgId }, select: brandingSelect });
  if (!row) throw notFound('Organisation');
  return toBranding(deps, row);
};

export const updateBranding = async (
  deps: Pick<Deps, 'db' | 'env' | 'clock'>,
  { orgId, input }: { orgId: string; input: UpdateBrandingInput },
): Promise<Branding> => {
  const { count } = await deps.db.organization.updateMany({
    where: { id: orgId },
    data: {
      brandColor: input.brandColor,
      logoUrl: input.logoUrl,
      emailFromName: input.emailFromName,
      emailReplyTo: input.emailReplyTo,
      updatedAt: deps.clock.now(),
    },
  });
  if (count === 0) throw notFound('Organisation');
  return getBranding(deps, { orgId });
};
