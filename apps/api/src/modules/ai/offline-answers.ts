import { formatNanoUsd, personalityDefinitions, type AiPurpose } from '@aiceo/shared/ai';
import { formatMoney } from '@aiceo/shared/money';
import { planDefinitions, usageResourceLabels } from '@aiceo/shared/plans';
import { describeLastActivity, describeNet, describeRunway, formatCents, STALE_LEAD_DAYS } from './business-facts';
import { plural, type OrgFacts } from './org-context';

/** What an offline answer is about, from the owner's words. */
export type OfflineTopic = 'summary' | 'money' | 'usage' | 'team' | 'goals' | 'leads' | 'greeting' | 'help';

/** Words that are only about the books. */
const MONEY_WORDS =
  /\b(money|profits?|profitable|revenues?|income|earn(ed|ing|ings|s)?|cash|runway|p&l|p and l|margins?|books|turnover|bottom line|expenses?|financials?)\b|\bhow much (did|do|have|has) we (make|made|earn)\b/i;
/** Words about money that may also mean the AI's own cost ("AI spend", "what did the AI cost"). */
const SPENDING_WORDS = /\b(spend|spent|spending|costs?|burn|bank|finances?)\b/i;
const PLAN_WORDS = /\b(ai|credits?|tokens?|quota|usage|limits?|plan|billing|upgrade)\b/i;

const TOPICS: [OfflineTopic, (question: string) => boolean][] = [
  ['money', (q) => MONEY_WORDS.test(q) || (SPENDING_WORDS.test(q) && !PLAN_WORDS.test(q))],
  ['usage', (q) => /\b(usage|limit|limits|quota|plan|billing|upgrade|credits?|spend|cost)\b/i.test(q)],
  ['team', (q) => /\b(team|members?|people|staff|who|employees?|roles?)\b/i.test(q)],
  ['goals', (q) => /\b(goals?|strategy|priorit(y|ies)|focus|next steps?|plan of action)\b/i.test(q)],
  ['leads', (q) => /\b(leads?|follow[- ]?ups?|prospects?|customers?|sales|pipeline|deals?|crm)\b/i.test(q)],
  [
    'summary',
    (q) => /\b(summary|summari[sz]e|overview|status|how are we|how is|report|business|doing|update)\b/i.test(q),
  ],
  ['greeting', (q) => /^\s*(hi|hello|hey|good (morning|afternoon|evening))\b/i.test(q)],
];

export const offlineTopicOf = (question: string): OfflineTopic =>
  TOPICS.find(([, matches]) => matches(question))?.[0] ?? 'help';

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

/** This month from the books, against last month, with cash and runway; or why there is nothing to tell. */
const moneyAnswer = (facts: OrgFacts): string[] => {
  if (facts.money.access === 'hidden')
    return [
      `${facts.org.name}'s money figures are for its owners and admins, so I cannot share them in your chat. Ask an owner or admin, or ask me about leads, content, goals or the team.`,
    ];
  const { snapshot } = facts.money;
  const { currency, monthToDate, lastMonth } = snapshot;
  const money = (minor: number) => formatMoney(minor, currency);
  if (snapshot.transactionCount === 0)
    return [
      `There are no transactions in ${facts.org.name}'s books yet, so I cannot tell what the business made or spent.`,
      '',
      'Import a bank statement on the **Money** page (the CSV export of your bank, no mapping needed) or connect Stripe, and I will answer from the books.',
    ];
  const change = monthToDate.netMinor - lastMonth.netMinor;
  const net = monthToDate.netMinor;
  return [
    `**This month so far** (to ${snapshot.today}, in ${currency}):`,
    `- Income: **${money(monthToDate.incomeMinor)}**`,
    `- Expenses: **${money(monthToDate.expenseMinor)}**`,
    `- ${net >= 0 ? 'Profit' : 'Loss'}: **${money(Math.abs(net))}**`,
    '',
    `**Last month**: income ${money(lastMonth.incomeMinor)}, expenses ${money(lastMonth.expenseMinor)}, ${describeNet(lastMonth.netMinor, currency)}.`,
    change === 0
      ? 'So far this month the result equals the whole of last month.'
      : `So far this month the result is **${money(Math.abs(change))} ${change > 0 ? 'above' : 'below'}** the whole of last month.`,
    ...(snapshot.topExpenseCategories.length > 0
      ? [
          `Biggest expenses this month: ${snapshot.topExpenseCategories.map((c) => `${c.name} ${money(c.amountMinor)}`).join(', ')}.`,
        ]
      : []),
    '',
    `**Cash**: ${money(snapshot.cashMinor)}. **Runway**: ${describeRunway(snapshot.runway, currency)}.`,
    ...(snapshot.uncategorisedCount > 0
      ? [
          '',
          `${plural(snapshot.uncategorisedCount, 'transaction')} still ${snapshot.uncategorisedCount === 1 ? 'has' : 'have'} no category: categorise them on the Money page so the figures by category are complete.`,
        ]
      : []),
  ];
};

/** The summary's money block, for a viewer who may see the books and when there are any. */
const moneySummary = (facts: OrgFacts): string[] => {
  if (facts.money.access === 'hidden' || facts.money.snapshot.transactionCount === 0) return [];
  const { currency, monthToDate, cashMinor, runway } = facts.money.snapshot;
  const money = (minor: number) => formatMoney(minor, currency);
  return [
    '',
    '**Money this month so far**',
    `- Income ${money(monthToDate.incomeMinor)}, expenses ${money(monthToDate.expenseMinor)}, ${describeNet(monthToDate.netMinor, currency)}`,
    `- Cash ${money(cashMinor)}; runway ${describeRunway(runway, currency)}`,
  ];
};

const sections: Record<OfflineTopic, (facts: OrgFacts) => string[]> = {
  money: moneyAnswer,
  summary: (facts) => [
    `**${facts.org.name}** is on the **${planDefinitions[facts.org.plan].name}** plan with **${plural(facts.team.total, 'member')}**.`,
    '',
    '**This month so far**',
    ...usageLines(facts),
    `- Credits balance: **${facts.creditBalance}**`,
    `- AI spend: **${formatNanoUsd(facts.aiSpendThisMonthNanoUsd)}**`,
    ...moneySummary(facts),
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
    'Ask me for a **summary of the business**, your **money** (what you made this month), your **plan and usage**, your **team** or your **goals**.',
  ],
  help: (facts) => [
    'Without an AI provider I cannot answer free-form questions, but here is what I can tell you from your data:',
    '',
    `- ${plural(facts.team.total, 'member')}, ${planDefinitions[facts.org.plan].name} plan`,
    ...usageLines(facts),
    '',
    'Ask for a **summary**, **money**, **usage**, **team** or **goals**; or configure a provider (OPENAI_API_KEY) for full answers.',
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
