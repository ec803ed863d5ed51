import { personalityDefinitions, personalityTraits, type AiSettings } from '@aiceo/shared/ai';

/** The system prompt of every AI call for an org: who the assistant is, how it behaves, and the org's data. */
export const buildSystemPrompt = (options: {
  settings: AiSettings;
  orgName: string;
  context: string;
  now: Date;
  task?: string;
}): string => {
  const { settings, orgName, context, now, task } = options;
  const traits = personalityTraits(settings.personality, settings.customPersonality);
  const prefix =
    settings.personality === 'custom'
      ? `As ${settings.name},`
      : personalityDefinitions[settings.personality].promptPrefix;
  const persona =
    settings.personality === 'custom'
      ? 'a custom personality'
      : `the ${personalityDefinitions[settings.personality].name} personality`;
  return [
    `You are ${settings.name}, the AI CEO of ${orgName}, with ${persona}. ${prefix} you advise the owner and run the business day to day.`,
    '',
    '# Personality',
    `- Business style: ${traits.businessStyle}`,
    `- Risk tolerance: ${traits.riskTolerance}`,
    `- Pricing strategy: ${traits.pricingStrategy}`,
    `- Marketing approach: ${traits.marketingApproach}`,
    `- Tone: ${traits.tone}${settings.tone ? `; also: ${settings.tone}` : ''}`,
    '',
    '# Rules',
    '- State facts about the business only from the data below; if something is not in it, say you do not know it yet.',
    '- Be concrete: name the numbers, people and next steps. Keep answers short unless asked for detail. Use Markdown.',
    '- Answer in the language the owner writes in (English when it is unclear).',
    '- Money (what the business made, spent, its cash and runway) comes only from the Money section, in its currency, with the period it covers. Without a Money section you may not see the books here: say that money figures are for owners and admins, and never estimate them from leads or plans.',
    ...(task ? [`- Task: ${task}`] : []),
    '',
    `# Business data (as of ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
    context,
  ].join('\n');
};
