import { contentThemesSchema, customPersonalitySchema, updateAiSettingsInputSchema } from './ai';
import { defaultFinanceCategories } from './finance';
import { createGoalInputSchema } from './goals';
import { leadStages } from './leads';
import { playbooks, updateStageLabelsInputSchema } from './playbooks';
import { playbookKeys, resolveStageLabels, storableStageLabels } from './stage-labels';

describe('playbooks', () => {
  it('when listed, then there is one per key, in the order of the keys', () => {
    expect(playbooks.map((p) => p.key)).toEqual([...playbookKeys]);
  });

  it.each(playbooks.map((p) => [p.key, p] as const))(
    'when %s is written into an org, then every part passes the API’s own validation',
    (_key, p) => {
      expect(updateStageLabelsInputSchema.safeParse({ labels: p.stageLabels }).success).toBe(true);
      expect(contentThemesSchema.safeParse(p.contentThemes).success).toBe(true);
      expect(p.contentThemes.length).toBeGreaterThanOrEqual(4);
      expect(p.contentThemes.length).toBeLessThanOrEqual(6);
      expect(p.suggestedGoals.length).toBeGreaterThanOrEqual(3);
      expect(p.suggestedGoals.length).toBeLessThanOrEqual(4);
      for (const goal of p.suggestedGoals) {
        const input = {
          title: goal.title,
          description: goal.description,
          ...(goal.metric ? { metric: goal.metric, target: goal.target } : {}),
        };
        expect(createGoalInputSchema.safeParse(input).success).toBe(true);
      }
      const settings = updateAiSettingsInputSchema.safeParse({
        name: 'Atlas',
        personality: p.personality,
        customPersonality: p.customPersonality,
        industry: p.industry,
        companyDescription: p.companyDescription.replaceAll('{name}', 'x'.repeat(100)),
        goals: p.suggestedGoals.map((g) => g.title),
        tone: p.tone,
        contentThemes: p.contentThemes,
      });
      expect(settings.success).toBe(true);
      if (p.personality === 'custom') expect(customPersonalitySchema.safeParse(p.customPersonality).success).toBe(true);
      // A playbook category named like a default one would push the default to "Sales (default)".
      const defaults = new Set(defaultFinanceCategories.map((c) => c.name.toLowerCase()));
      expect(p.financeCategories.filter((c) => defaults.has(c.name.toLowerCase()))).toEqual([]);
      expect(new Set(p.financeCategories.map((c) => c.name)).size).toBe(p.financeCategories.length);
    },
  );
});

describe('stage labels', () => {
  it('when stored labels are partly bad, then the good ones are used and the rest fall back to defaults', () => {
    const labels = resolveStageLabels({ new: 'Enquiry', won: '<script>', lost: 42, closed: 'x' });
    expect(labels).toEqual({
      new: 'Enquiry',
      contacted: 'Contacted',
      qualified: 'Qualified',
      proposal: 'Proposal',
      won: 'Won',
      lost: 'Lost',
    });
    expect(resolveStageLabels(null).new).toBe('New');
    expect(resolveStageLabels('nonsense').new).toBe('New');
  });

  it('when labels equal the defaults, then nothing is stored; otherwise only the renamed stages', () => {
    expect(storableStageLabels(resolveStageLabels(null))).toBeNull();
    expect(storableStageLabels({ ...resolveStageLabels(null), won: 'Booked' })).toEqual({ won: 'Booked' });
    expect(leadStages).toHaveLength(6);
  });
});
