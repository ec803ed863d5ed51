import { customPersonalitySchema, type CustomPersonality, type Personality } from '@aiceo/shared/ai';
import { leadStages, type LeadStage } from '@aiceo/shared/leads';
import {
  playbookDescription,
  playbookOf,
  playbooks,
  type ApplyPlaybookResult,
  type OrgPlaybook,
  type Playbook,
  type PlaybookChange,
  type UpdateContentThemesInput,
  type updateStageLabelsInputSchema,
} from '@aiceo/shared/playbooks';
import {
  defaultStageLabels,
  playbookKeySchema,
  resolveStageLabels,
  stageLabelKey,
  storableStageLabels,
  type PlaybookKey,
  type StageLabels,
} from '@aiceo/shared/stage-labels';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import { Prisma } from '../../generated/prisma/client';
import { notFound } from '../../http/app-error';
import { DEFAULT_AI_SETTINGS } from '../ai/ai-settings.service';

// A playbook is a starting point written into the org's own settings (AI settings, stage names,
// finance categories); nothing reads the playbook at run time except the suggested goals. So an
// owner's edit always wins, and applying another playbook only fills what is empty or still the
// previous playbook's value.

type Db = Deps['db'] | Prisma.TransactionClient;
type OrgOptions = { orgId: string };

/** The AI settings a playbook touches, as stored (contentThemes has no database default: may be null). */
type SettingsRow = {
  personality: Personality;
  customPersonality: Prisma.JsonValue;
  industry: string;
  companyDescription: string;
  goals: string[];
  tone: string;
  contentThemes: string[] | null;
};
const settingsSelect = {
  personality: true,
  customPersonality: true,
  industry: true,
  companyDescription: true,
  goals: true,
  tone: true,
  contentThemes: true,
} satisfies Prisma.AiSettingsSelect;

const fieldNames: Record<PlaybookChange['field'], string> = {
  personality: 'personality',
  tone: 'tone',
  industry: 'industry',
  companyDescription: 'company description',
  goals: 'AI CEO goals',
  contentThemes: 'content themes',
  stageLabels: 'stage names',
  financeCategories: 'finance categories',
};

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value, i) => value === b[i]);

const samePersona = (
  a: { personality: Personality; customPersonality: unknown },
  b: { personality: Personality; customPersonality: CustomPersonality | null },
) =>
  a.personality === b.personality &&
  (a.personality !== 'custom' || sameTraits(a.customPersonality, b.customPersonality));

// JSONB hands keys back in its own order, so traits compare field by field.
const sameTraits = (a: unknown, b: CustomPersonality | null): boolean => {
  const parsed = customPersonalitySchema.safeParse(a);
  if (!parsed.success || !b) return !parsed.success && !b;
  return (Object.keys(b) as (keyof CustomPersonality)[]).every((key) => parsed.data[key] === b[key]);
};

type Decision<T> = { value: T; change: PlaybookChange };

/**
 * One field: the next playbook's value when the current one is empty, or still what the previous
 * playbook (or, without one, the default) put there; otherwise the owner wrote it, and it stays.
 */
const decide = <T>(options: {
  field: PlaybookChange['field'];
  current: T;
  next: T;
  previous: T | null;
  fallback: T;
  isEmpty: (value: T) => boolean;
  same: (a: T, b: T) => boolean;
}): Decision<T> => {
  const { field, current, next, previous, fallback, isEmpty, same } = options;
  const name = fieldNames[field];
  if (same(current, next))
    return { value: current, change: { field, outcome: 'unchanged', detail: `The ${name} already fit` } };
  const untouched = isEmpty(current) || same(current, previous ?? fallback);
  if (!untouched) return { value: current, change: { field, outcome: 'kept', detail: `Kept your own ${name}` } };
  return { value: next, change: { field, outcome: 'set', detail: `Set the ${name} from the playbook` } };
};

const text = { isEmpty: (v: string) => v.trim() === '', same: (a: string, b: string) => a === b };
const list = { isEmpty: (v: string[]) => v.length === 0, same: sameList };

/** Stage by stage: a stage keeps a name the owner gave it; names stay unique whatever happens. */
const decideStageLabels = (options: {
  current: StageLabels;
  next: StageLabels;
  previous: StageLabels | null;
}): Decision<StageLabels> => {
  const { current, next, previous } = options;
  const value: StageLabels = { ...current };
  const kept: LeadStage[] = [];
  for (const stage of leadStages) {
    const untouched =
      current[stage] === defaultStageLabels[stage] || (previous !== null && current[stage] === previous[stage]);
    if (untouched) value[stage] = next[stage];
    else if (current[stage] !== next[stage]) kept.push(stage);
  }
  const unique = new Set(leadStages.map((stage) => stageLabelKey(value[stage]))).size === leadStages.length;
  // A new name that clashes with one the owner kept would make two stages look alike: keep all as they are.
  const final = unique ? value : { ...current };
  const renamed = leadStages.filter((stage) => final[stage] !== current[stage]);
  const field = 'stageLabels' as const;
  if (!unique) {
    return {
      value: final,
      change: {
        field,
        outcome: 'kept',
        detail: 'Kept your stage names: the playbook’s would clash with names you gave',
      },
    };
  }
  if (renamed.length === 0 && kept.length === 0) {
    return { value: final, change: { field, outcome: 'unchanged', detail: 'The stage names already fit' } };
  }
  if (renamed.length === 0) {
    return { value: final, change: { field, outcome: 'kept', detail: 'Kept the stage names you gave' } };
  }
  const keptWords = kept.length > 0 ? `; kept your own names for ${kept.map((s) => `“${current[s]}”`).join(', ')}` : '';
  return {
    value: final,
    change: {
      field,
      outcome: 'set',
      detail: `Named ${renamed.length} of ${leadStages.length} stages from the playbook${keptWords}`,
    },
  };
};

const storedPlaybook = (key: string | null): Playbook | null => {
  const parsed = playbookKeySchema.safeParse(key);
  return parsed.success ? playbookOf(parsed.data) : null;
};

/**
 * Writes a playbook into an org in the caller's transaction: AI settings (persona, tone, industry,
 * description, goals, content themes), stage names, missing finance categories, and the org's
 * playbook key. Answers what was set and what was kept.
 */
export const writePlaybook = async (
  tx: Db,
  { orgId, userId, key }: OrgOptions & { userId: string | null; key: PlaybookKey },
): Promise<PlaybookChange[]> => {
  const next = playbookOf(key);
  const [org, settings] = await Promise.all([
    tx.organization.findFirst({ where: { id: orgId }, select: { name: true, playbook: true, stageLabels: true } }),
    tx.aiSettings.findFirst({ where: { orgId }, select: settingsSelect }),
  ]);
  if (!org) throw notFound('Organisation');
  const previous = storedPlaybook(org.playbook);
  const row: SettingsRow = settings ?? { ...DEFAULT_AI_SETTINGS, customPersonality: null, contentThemes: [] };

  const persona = decide({
    field: 'personality',
    current: { personality: row.personality, customPersonality: row.customPersonality as CustomPersonality | null },
    next: { personality: next.personality, customPersonality: next.customPersonality },
    previous: previous ? { personality: previous.personality, customPersonality: previous.customPersonality } : null,
    fallback: { personality: DEFAULT_AI_SETTINGS.personality, customPersonality: null },
    isEmpty: () => settings === null,
    same: samePersona,
  });
  const tone = decide({
    field: 'tone',
    current: row.tone,
    next: next.tone,
    previous: previous?.tone ?? null,
    fallback: '',
    ...text,
  });
  const industry = decide({
    field: 'industry',
    current: row.industry,
    next: next.industry,
    previous: previous?.industry ?? null,
    fallback: '',
    ...text,
  });
  const description = decide({
    field: 'companyDescription',
    current: row.companyDescription,
    next: playbookDescription(next, org.name),
    previous: previous ? playbookDescription(previous, org.name) : null,
    fallback: '',
    ...text,
  });
  const titles = (p: Playbook) => p.suggestedGoals.map((g) => g.title);
  const goals = decide({
    field: 'goals',
    current: row.goals,
    next: titles(next),
    previous: previous ? titles(previous) : null,
    fallback: [],
    ...list,
  });
  const themes = decide({
    field: 'contentThemes',
    current: row.contentThemes ?? [],
    next: next.contentThemes,
    previous: previous?.contentThemes ?? null,
    fallback: [],
    ...list,
  });
  const stages = decideStageLabels({
    current: resolveStageLabels(org.stageLabels),
    next: next.stageLabels,
    previous: previous?.stageLabels ?? null,
  });

  const data = {
    personality: persona.value.personality,
    customPersonality:
      persona.value.personality === 'custom' && persona.value.customPersonality
        ? persona.value.customPersonality
        : Prisma.DbNull,
    tone: tone.value,
    industry: industry.value,
    companyDescription: description.value,
    goals: goals.value,
    contentThemes: themes.value,
    updatedById: userId,
  };
  await tx.aiSettings.upsert({
    where: { orgId },
    create: { orgId, name: DEFAULT_AI_SETTINGS.name, ...data },
    update: data,
    select: { orgId: true },
  });
  const stored = storableStageLabels(stages.value);
  await tx.organization.update({
    where: { id: orgId },
    data: { playbook: key, stageLabels: stored ?? Prisma.DbNull },
    select: { id: true },
  });
  const added = await addFinanceCategories(tx, { orgId, playbook: next });
  const categories: PlaybookChange = {
    field: 'financeCategories',
    outcome: added.length > 0 ? 'set' : 'unchanged',
    detail:
      added.length > 0
        ? `Added ${added.length} finance ${added.length === 1 ? 'category' : 'categories'}: ${added.join(', ')} (none removed)`
        : 'No finance categories to add: the org has all of the playbook’s',
  };
  return [
    persona.change,
    tone.change,
    industry.change,
    description.change,
    goals.change,
    themes.change,
    stages.change,
    categories,
  ];
};

/** Adds the playbook's categories the org does not have by name (archived ones count as had). */
const addFinanceCategories = async (tx: Db, { orgId, playbook }: OrgOptions & { playbook: Playbook }) => {
  const names = playbook.financeCategories.map((c) => c.name);
  if (names.length === 0) return [];
  const present = await tx.financeCategory.findMany({ where: { orgId, name: { in: names } }, select: { name: true } });
  const have = new Set(present.map((c) => c.name));
  const missing = playbook.financeCategories.filter((c) => !have.has(c.name));
  // Position 0 puts the industry's own categories first in each kind; the default chart keeps its keys.
  await tx.financeCategory.createMany({
    data: missing.map((c) => ({ orgId, name: c.name, kind: c.kind, position: 0 })),
    skipDuplicates: true,
  });
  return missing.map((c) => c.name);
};

/** The org's playbook and what is in force now. */
export const getOrgPlaybook = async (deps: Pick<Deps, 'db'>, { orgId }: OrgOptions): Promise<OrgPlaybook> => {
  const { db } = deps;
  const [org, settings] = await Promise.all([
    db.organization.findFirst({ where: { id: orgId }, select: { playbook: true, stageLabels: true } }),
    db.aiSettings.findFirst({ where: { orgId }, select: { contentThemes: true } }),
  ]);
  if (!org) throw notFound('Organisation');
  const playbook = storedPlaybook(org.playbook);
  const titles = playbook?.suggestedGoals.map((g) => g.title) ?? [];
  const names = playbook?.financeCategories.map((c) => c.name) ?? [];
  const [goals, categories] = await Promise.all([
    titles.length > 0
      ? db.goal.findMany({
          where: { orgId, title: { in: titles }, status: { not: 'cancelled' } },
          select: { title: true },
        })
      : [],
    names.length > 0
      ? db.financeCategory.findMany({ where: { orgId, name: { in: names } }, select: { name: true } })
      : [],
  ]);
  const goalTitles = new Set(goals.map((g) => g.title));
  const categoryNames = new Set(categories.map((c) => c.name));
  const stageLabels = resolveStageLabels(org.stageLabels);
  return {
    playbook,
    stages: leadStages.map((stage) => ({ stage, label: stageLabels[stage], defaultLabel: defaultStageLabels[stage] })),
    stageLabels,
    contentThemes: settings?.contentThemes ?? [],
    suggestedGoals: (playbook?.suggestedGoals ?? []).map((g) => ({ ...g, added: goalTitles.has(g.title) })),
    financeCategories: (playbook?.financeCategories ?? []).map((c) => ({ ...c, present: categoryNames.has(c.name) })),
  };
};

export const listPlaybooks = () => ({ items: [...playbooks] });

/** Applies a playbook to an existing org in one transaction; never deletes anything. */
export const applyPlaybook = async (
  deps: Pick<Deps, 'db'>,
  { orgId, userId, key }: OrgOptions & { userId: string | null; key: PlaybookKey },
): Promise<ApplyPlaybookResult> => {
  const changes = await deps.db.$transaction((tx) => writePlaybook(tx, { orgId, userId, key }));
  return { current: await getOrgPlaybook(deps, { orgId }), changes };
};

export const updateStageLabels = async (
  deps: Pick<Deps, 'db'>,
  { orgId, input }: OrgOptions & { input: z.output<typeof updateStageLabelsInputSchema> },
): Promise<OrgPlaybook> => {
  const labels: StageLabels = { ...defaultStageLabels };
  for (const stage of leadStages) labels[stage] = input.labels[stage] ?? defaultStageLabels[stage];
  const stored = storableStageLabels(labels);
  const { count } = await deps.db.organization.updateMany({
    where: { id: orgId },
    data: { stageLabels: stored ?? Prisma.DbNull },
  });
  if (count === 0) throw notFound('Organisation');
  return getOrgPlaybook(deps, { orgId });
};

export const updateContentThemes = async (
  deps: Pick<Deps, 'db'>,
  { orgId, userId, input }: OrgOptions & { userId: string | null; input: UpdateContentThemesInput },
): Promise<OrgPlaybook> => {
  await deps.db.aiSettings.upsert({
    where: { orgId },
    create: {
      orgId,
      name: DEFAULT_AI_SETTINGS.name,
      personality: DEFAULT_AI_SETTINGS.personality,
      goals: [],
      contentThemes: input.themes,
      updatedById: userId,
    },
    update: { contentThemes: input.themes, updatedById: userId },
    select: { orgId: true },
  });
  return getOrgPlaybook(deps, { orgId });
};
