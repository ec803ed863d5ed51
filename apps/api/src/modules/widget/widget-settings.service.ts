import { widgetOfferSchema, type WidgetOffer } from '@aiceo/shared/widget';
import { emptyWidgetOffer, type UpdateWidgetSettingsInput, type WidgetSettings } from '@aiceo/shared/widget-inbox';
import type { Prisma } from '../../generated/prisma/client';
import type { Deps } from '../../deps';
import { randomToken } from '../../lib/crypto';

const settingsSelect = {
  enabled: true,
  domains: true,
  greeting: true,
  offer: true,
  publicKey: true,
  keyRotatedAt: true,
  updatedAt: true,
} satisfies Prisma.WidgetSettingsSelect;
type SettingsRow = Prisma.WidgetSettingsGetPayload<{ select: typeof settingsSelect }>;

/** A new public key: 24 random bytes, recognisable by its prefix in a page's source. */
export const newWidgetKey = (): string => `wk_${randomToken(24)}`;

/** The line the owner pastes into their site, pointing at this installation's widget script. */
export const embedSnippet = (env: Pick<Deps['env'], 'FRONTEND_URL'>, publicKey: string): string =>
  `<script src="${env.FRONTEND_URL.replace(/\/+$/, '')}/widget.js" data-key="${publicKey}" async></script>`;

// A stored offer that no longer parses (written by hand, an older shape) shows as empty rather than failing the page.
const offerOf = (stored: unknown): WidgetOffer => {
  const parsed = widgetOfferSchema.safeParse(stored);
  return parsed.success ? parsed.data : emptyWidgetOffer;
};

const toSettings = (env: Deps['env'], row: SettingsRow): WidgetSettings => ({
  enabled: row.enabled,
  domains: row.domains,
  greeting: row.greeting,
  offer: offerOf(row.offer),
  publicKey: row.publicKey,
  embedSnippet: embedSnippet(env, row.publicKey),
  keyRotatedAt: row.keyRotatedAt?.toISOString() ?? null,
  updatedAt: row.updatedAt.toISOString(),
});

/**
 * The org's widget row, made on first use (switched off, no domains, a fresh key). Two first
 * requests at once both land on the one row: the loser's insert is skipped, not an error.
 */
const ensureSettingsRow = async ({ db, clock }: Pick<Deps, 'db' | 'clock'>, orgId: string): Promise<void> => {
  const existing = await db.widgetSettings.findUnique({ where: { orgId }, select: { orgId: true } });
  if (existing) return;
  await db.widgetSettings.createMany({
    data: [{ orgId, publicKey: newWidgetKey(), domains: [], updatedAt: clock.now() }],
    skipDuplicates: true,
  });
};

export const getWidgetSettings = async (
  deps: Pick<Deps, 'db' | 'clock' | 'env'>,
  { orgId }: { orgId: string },
): Promise<WidgetSettings> => {
  await ensureSettingsRow(deps, orgId);
  const row = await deps.db.widgetSettings.findUniqueOrThrow({ where: { orgId }, select: settingsSelect });
  return toSettings(deps.env, row);
};

export const updateWidgetSettings = async (
  deps: Pick<Deps, 'db' | 'clock' | 'env'>,
  { orgId, userId, input }: { orgId: string; userId: string | null; input: UpdateWidgetSettingsInput },
): Promise<WidgetSettings> => {
  await ensureSettingsRow(deps, orgId);
  const row = await deps.db.widgetSettings.update({
    where: { orgId },
    data: {
      ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
      ...(input.domains === undefined ? {} : { domains: input.domains }),
      ...(input.greeting === undefined ? {} : { greeting: input.greeting }),
      ...(input.offer === undefined ? {} : { offer: input.offer }),
      updatedById: userId,
      updatedAt: deps.clock.now(),
    },
    select: settingsSelect,
  });
  return toSettings(deps.env, row);
};

/** A new key at once: resolveWidgetKey stops finding the old one with this write. */
export const rotateWidgetKey = async (
  deps: Pick<Deps, 'db' | 'clock' | 'env'>,
  { orgId, userId }: { orgId: string; userId: string | null },
): Promise<WidgetSettings> => {
  await ensureSettingsRow(deps, orgId);
  const now = deps.clock.now();
  const row = await deps.db.widgetSettings.update({
    where: { orgId },
    data: { publicKey: newWidgetKey(), keyRotatedAt: now, updatedById: userId, updatedAt: now },
    select: settingsSelect,
  });
  return toSettings(deps.env, row);
};
