import { z } from 'zod';
import { leadStages, type LeadStage } from './leads';

// Kept apart from playbooks.ts (which holds the playbooks' data) so that the org DTO, which
// every screen loads, pulls in only these few lines.

/** The industries an organisation can start from; `other` is the plain default. */
export const playbookKeys = [
  'consultancy',
  'agency',
  'online_shop',
  'local_services',
  'saas',
  'coaching',
  'cafe_restaurant',
  'other',
] as const;
export type PlaybookKey = (typeof playbookKeys)[number];
export const playbookKeySchema = z.enum(playbookKeys, {
  error: `Choose one of: ${playbookKeys.join(', ')}`,
});

/** The names the pipeline stages have until an organisation renames them. */
export const defaultStageLabels: Record<LeadStage, string> = {
  new: 'New',
  contacted: 'Contacted',
  qualified: 'Qualified',
  proposal: 'Proposal',
  won: 'Won',
  lost: 'Lost',
};

export const STAGE_LABEL_MAX = 30;

/** One stage's name: plain words (letters, digits, spaces and a little punctuation), up to 30 characters. */
export const stageLabelSchema = z
  .string({ error: 'Give the stage a name' })
  .trim()
  .overwrite((value) => value.replace(/\s+/g, ' '))
  .min(1, 'Give the stage a name')
  .max(STAGE_LABEL_MAX, `Keep a stage name to ${STAGE_LABEL_MAX} characters or fewer`)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} &'’+\-/.,()]*$/u, "Use plain words: letters, digits, spaces and & ' - / . , ( )");

/** Every stage with its name in this organisation (the stored stage key never changes). */
export const stageLabelsSchema = z.object({
  new: z.string(),
  contacted: z.string(),
  qualified: z.string(),
  proposal: z.string(),
  won: z.string(),
  lost: z.string(),
});
export type StageLabels = z.infer<typeof stageLabelsSchema>;

const storedLabelsSchema = z.record(z.string(), z.unknown());

/**
 * The labels in force from what is stored (Organization.stageLabels: only renamed stages, or
 * null). A stored value that is not a valid name falls back to the default, so a bad row can
 * never break a screen.
 */
export const resolveStageLabels = (stored: unknown): StageLabels => {
  const parsed = storedLabelsSchema.safeParse(stored);
  const labels: StageLabels = { ...defaultStageLabels };
  if (!parsed.success) return labels;
  for (const stage of leadStages) {
    const label = stageLabelSchema.safeParse(parsed.data[stage]);
    if (label.success) labels[stage] = label.data;
  }
  return labels;
};

/** What to store for a full set of labels: only those that differ from the defaults; null when none does. */
export const storableStageLabels = (labels: StageLabels): Partial<Record<LeadStage, string>> | null => {
  const renamed = Object.fromEntries(
    leadStages.flatMap((s) => (labels[s] === defaultStageLabels[s] ? [] : [[s, labels[s]]])),
  );
  return Object.keys(renamed).length > 0 ? renamed : null;
};

/** Names compare without case and surrounding space ("Won" and "won " clash). */
export const stageLabelKey = (label: string): string => label.trim().replace(/\s+/g, ' ').toLocaleLowerCase();
