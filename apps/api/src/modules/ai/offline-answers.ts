import { formatNanoUsd, personalityDefinitions, type AiPurpose } from '@aiceo/shared/ai';
import { planDefinitions, usageResourceLabels } from '@aiceo/shared/plans';
import { describeLastActivity, formatCents, STALE_LEAD_DAYS } from './business-facts';
import { plural, type OrgFacts } from './org-context';

/** What an offline answer is about, from the owner's words. */
export type OfflineTopic = 'summary' | 'usage' | 'team' | 'goals' | 'leads' | 'greeting' | 'help';

const TOPICS: [OfflineTopic, RegExp][] = [
  ['usage', /\b(usage|limit|limits|quota|plan|billing|upgrade|credits?|spend|cost)\b/i],
  ['team', /\b(team|members?|people|staff|who|employees?|roles?)\b/i],
  ['goals', /\b(goals?|strategy|priorit(y|ies)|focus|next steps?|plan of action)\b/i],
  ['leads', /\b(leads?|follow[- ]?ups?|prospects?|customers?|sales|pipeline|deals?|crm)\b/i],
  ['summary', /\b(summary|summari[sz]e|overview|status|how are we|how is|report|business|doing|update)\b/i],
  ['greeting', /^\s*(hi|hello|hey|good (morning|afternoon|evening))\b/i],
];

export const offlineTopicOf = (question: string): OfflineTopic =>
  TOPICS.find(([, pattern]) => pattern.test(question))?.[0] ?? 'help';

const OPENERS = {
  coachty: "Let's look at this together, one step at a time.",
  hustlebot: "Here's the scoreboard. Let's move.",
  luxuryscaler: 'A considered view of where things stand.',
  custom: 'Here is what your data says.',
} as const;

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const usageLines = (facts: OrgFacts): string[] =>
  facts.usage.resources.map(
    (r) =>
      `- ${capitalise(usageResourceLabels[r.resource].other)}: **${r.used} of ${r.limit}** used (${r.remaining} left)`,
  );

const nextSteps = (facts: OrgFacts): string[] => {
  const steps: string[] = [];
  const tight = facts.usage.resources.filter((r) => r.limit > 0 && r.used / r.limit >= 0.8);
  for (const r of tight)
    steps.push(
      `You have used ${Math.round((r.used / r.limit) * 100)}% of your ${usageResourceLabels[r.resource].other}; consider upgrading before ${facts.usage.resetsAt.slice(0, 10)}.`,
    );
  if (facts.settings.goals.length === 0)
    steps.push('Set two or three goals in AI settings so I can plan work around them.');
  if (facts.pipeline.staleCount > 0)
    steps.push(
      `Follow up ${plural(facts.pipeline.staleCount, 'stale lead')}, starting with ${facts.pipeline.stale[0]?.name ?? 'the oldest'}.`,
    );
  if (facts.content.scheduled === 0)
    steps.push('Nothing is scheduled to post: draft and schedule a LinkedIn post for this week.');
  if (facts.team.total === 1) steps.push('You are the only member; invite a teammate from Settings to share the load.');
  if (!facts.settings.industry) steps.push('Tell me your industry in AI settings so my suggestions fit your market.');
  if (steps.length === 0)
    steps.push(
      `Pick the goal that matters most this month: "${facts.settings.goals[0] ?? ''}", and ask me to break it into tasks.`,
    );
  return steps.map((step) => `- ${step}`);
};

const sections: Record<OfflineTopic, (facts: OrgFacts) => string[]> = {
  summary: (facts) => [
    `**${facts.org.name}** is on the **${planDefinitions[facts.org.plan].name}** plan with **${plural(facts.team.total, 'member')}**.`,
    '',
    '**This month so far**',
    ...usageLines(facts),
    `- Credits balance: **${facts.creditBalance}**`,
    `- AI spend: **${formatNanoUsd(facts.aiSpendThisMonthNanoUsd)}**`,
    '',
    '**Pipeline and content**',
    facts.pipeline.total === 0
      ? '- No leads in the CRM yet.'
      : `- ${plural(facts.pipeline.total, 'lead')}, ${formatCents(facts.pipeline.openValueCents)} open, ${facts.pipeline.staleCount} going stale`,
    `- Posts: ${facts.content.publishedThisMonth} published this month, ${facts.content.scheduled} scheduled, ${facts.content.drafts} drafts`,
    '',
    '**Goals**',
    ...(facts.settings.goals.length > 0 ? facts.settings.goals.map((g) => `- ${g}`) : ['- None set yet.']),
    '',
    '**Suggested next steps**',
    ...nextSteps(facts),
  ],
  usage: (facts) => [
    `You are on the **${planDefinitions[facts.org.plan].name}** plan. Counters reset on ${facts.usage.resetsAt.slice(0, 10)}.`,
    '',
    ...usageLines(facts),
    `- Credits balance: **${facts.creditBalance}**`,
    `- AI spend this month: **${formatNanoUsd(facts.aiSpendThisMonthNanoUsd)}**`,
  ],
  team: (facts) => [
    `**${facts.org.name}** has **${plural(facts.team.total, 'member')}**: ${facts.team.byRole.owner} owner, ${plural(facts.team.byRole.admin, 'admin')} and ${facts.team.byRole.member} other.`,
    '',
    ...facts.team.people.map((p) => `- ${p.name} (${p.role})`),
  ],
  goals: (facts) =>
    facts.settings.goals.length > 0
      ? [
          'Your goals, in the order you set them:',
          '',
          ...facts.settings.goals.map((g, i) => `${i + 1}. ${g}`),
          '',
          '**Suggested next steps**',
          ...nextSteps(facts),
        ]
      : [
          'You have not set any goals yet. Add them in AI settings and I will plan around them.',
          '',
          '**Suggested next steps**',
          ...nextSteps(facts),
        ],
  leads: (facts) => {
    const { pipeline } = facts;
    if (pipeline.total === 0)
      return [
        'There are no leads in your CRM yet, so there is nobody to follow up. Add or import leads and I will watch for the ones going stale.',
      ];
    return [
      `You have **${plural(pipeline.total, 'lead')}**; **${formatCents(pipeline.openValueCents)}** is open in the pipeline and **${formatCents(pipeline.wonValueCents)}** won.`,
      '',
      ...(pipeline.staleCount === 0
        ? [`No open lead has gone ${STALE_LEAD_DAYS} days without contact. Keep it up.`]
        : [
            `**${plural(pipeline.staleCount, 'lead')}** ${pipeline.staleCount === 1 ? 'has' : 'have'} gone quiet for ${STALE_LEAD_DAYS}+ days. Follow up first with:`,
            '',
            ...pipeline.stale.map(
              (lead) =>
                `- **${lead.name}**${lead.company ? ` (${lead.company})` : ''}, ${lead.stage}, quiet ${lead.daysQuiet} days, ${describeLastActivity(lead)}. Suggested message: "Hi ${lead.name.split(' ')[0]}, ${lead.lastActivity ? `following up on our ${lead.lastActivity.kind.replace('_', ' ')}` : 'I wanted to reach out'}: is now a good time to talk next steps?"`,
            ),
          ]),
    ];
  },
  greeting: (facts) => [
    `Hello! I am ${facts.settings.name}, the AI CEO of ${facts.org.name}.`,
    '',
    'Ask me for a **summary of the business**, your **plan and usage**, your **team** or your **goals**.',
  ],
  help: (facts) => [
    'Without an AI provider I cannot answer free-form questions, but here is what I can tell you from your data:',
    '',
    `- ${plural(facts.team.total, 'member')}, ${planDefinitions[facts.org.plan].name} plan`,
    ...usageLines(facts),
    '',
    'Ask for a **summary**, **usage**, **team** or **goals**; or configure a provider (OPENAI_API_KEY) for full answers.',
  ],
};

/**
 * The offline answer: deterministic Markdown built from the org's real data, always opening
 * with a line that says it is a template and not a model.
 */
export const offlineAnswer = (options: { facts: OrgFacts; purpose: AiPurpose; question: string }): string => {
  const { facts, question } = options;
  const topic = offlineTopicOf(question);
  const persona = facts.settings.personality;
  const opener =
    persona === 'custom' ? OPENERS.custom : `${OPENERS[persona]} (${personalityDefinitions[persona].name})`;
  return [
    `_Offline mode: this answer is a template filled with ${facts.org.name}'s live data, not a model._`,
    '',
    opener,
    '',
    ...sections[topic](facts),
  ].join('\n');
};
