import type { z } from 'zod';
import { customPersonalitySchema, type AiSettings, type updateAiSettingsInputSchema } from '@aiceo/shared/ai';
import type { Deps } from '../../deps';
import { Prisma } from '../../generated/prisma/client';

/** What an org's AI CEO is until an admin saves settings. */
export const DEFAULT_AI_SETTINGS: AiSettings = {
  name: 'Atlas',
  personality: 'coachty',
  customPersonality: null,
  industry: '',
  companyDescription: '',
  goals: [],
  tone: '',
  contentThemes: [],
  updatedAt: null,
};

const settingsSelect = {
  name: true,
  personality: true,
  customPersonality: true,
  industry: true,
  companyDescription: true,
  goals: true,
  tone: true,
  contentThemes: true,
  updatedAt: true,
} satisfies Prisma.AiSettingsSelect;
type SettingsRow = Prisma.AiSettingsGetPayload<{ select: typeof settingsSelect }>;

const toSettings = ({ customPersonality, contentThemes, updatedAt, ...row }: SettingsRow): AiSettings => {
  const custom = customPersonalitySchema.safeParse(customPersonality);
  return {
    ...row,
    customPersonality: custom.success ? custom.data : null,
    // The column has no database default: rows written before it existed hold null.
    contentThemes: contentThemes ?? [],
    updatedAt: updatedAt.toISOString(),
  };
};

export const getAiSettings = async ({ db }: Pick<Deps, 'db'>, { orgId }: { orgId: string }): Promise<AiSettings> => {
  const row = await db.aiSettings.findUnique({ where: { orgId }, select: settingsSelect });
  return row ? toSettings(row) : DEFAULT_AI_SETTINGS;
};

type UpdateOptions = { orgId: string; userId: string | null; input: z.output<typeof updateAiSettingsInputSchema> };

export const updateAiSettings = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, userId, input }: UpdateOptions,
): Promise<AiSettings> => {
  // Custom traits are kept only while the personality is custom, so a preset never carries stale ones.
  const data = {
    ...input,
    customPersonality: input.personality === 'custom' && input.customPersonality ? input.customPersonality : undefined,
    updatedById: userId,
  };
  const row = await db.aiSettings.upsert({
    where: { orgId },
    // Themes left out of the input stay as they are; a new row always gets a value (no DB default).
    create: { orgId, ...data, contentThemes: input.contentThemes ?? [] },
    update: { ...data, customPersonality: data.customPersonality ?? Prisma.DbNull },
    select: settingsSelect,
  });
  return toSettings(row);
};
