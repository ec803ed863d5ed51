import { z } from 'zod';
import {
  contentThemesSchema,
  customPersonalitySchema,
  personalitySchema,
  type CustomPersonality,
  type Personality,
} from './ai';
import { defineEndpoint, orgAuth, userAuth } from './contract';
import { goalMetricSchema, type GoalMetric } from './goals';
import { leadStages, type LeadStage } from './leads';
import {
  defaultStageLabels,
  playbookKeySchema,
  stageLabelKey,
  stageLabelSchema,
  stageLabelsSchema,
  type PlaybookKey,
  type StageLabels,
} from './stage-labels';

export { playbookKeys, playbookKeySchema, type PlaybookKey } from './stage-labels';

/** A goal a playbook suggests; "Add this goal" sends it to the goal-create endpoint as it is. */
export type PlaybookGoal = {
  /** Stable within its playbook. */
  key: string;
  title: string;
  description: string;
  /** A live number to measure it by (money targets in minor units of the org currency), or null for a plan. */
  metric: GoalMetric | null;
  target: number | null;
  /** Days from the day it is added to its target date. */
  days: number;
};

export type PlaybookFinanceCategory = { name: string; kind: 'income' | 'expense' };

/** One industry's starting setup: who the AI CEO is, the pipeline's words, what posts are about, the books' categories. */
export type Playbook = {
  key: PlaybookKey;
  name: string;
  /** One line on who it is for. */
  pitch: string;
  personality: Personality;
  /** Set when `personality` is `custom`. */
  customPersonality: CustomPersonality | null;
  /** Extra tone guidance, on top of the personality's. */
  tone: string;
  /** What the AI settings' industry becomes. */
  industry: string;
  /** The company description to start from; `{name}` is the organisation's name. Empty: none. */
  companyDescription: string;
  stageLabels: StageLabels;
  contentThemes: string[];
  /** Added next to the default chart (never replacing it), so reports keep their keys. */
  financeCategories: PlaybookFinanceCategory[];
  suggestedGoals: PlaybookGoal[];
};

const goal = (
  key: string,
  title: string,
  metric: GoalMetric | null,
  target: number | null,
  days: number,
  description = '',
) => ({
  key,
  title,
  description,
  metric,
  target,
  days,
});
const income = (name: string): PlaybookFinanceCategory => ({ name, kind: 'income' });
const expense = (name: string): PlaybookFinanceCategory => ({ name, kind: 'expense' });
const labels = (...names: [string, string, string, string, string, string]): StageLabels => ({
  new: names[0],
  contacted: names[1],
  qualified: names[2],
  proposal: names[3],
  won: names[4],
  lost: names[5],
});

/** The eight playbooks, in the order the create form shows them; `other` is the default. */
export const playbooks: readonly Playbook[] = [
  {
    key: 'consultancy',
    name: 'Consultancy',
    pitch: 'Advice sold by the day or the project: win engagements through trust and referrals.',
    personality: 'custom',
    customPersonality: {
      businessStyle: 'expertise-led, long client relationships',
      riskTolerance: 'low to medium',
      pricingStrategy: 'value-based day rates and fixed-price projects',
      marketingApproach: 'thought leadership, case studies, referrals',
      tone: 'clear, calm, evidence-based',
    },
    tone: 'Plain English, no buzzwords; back every claim with a number or an example.',
    industry: 'Consulting',
    companyDescription:
      '{name} is a consultancy that helps clients solve business problems through focused advisory projects.',
    stageLabels: labels('Enquiry', 'First call', 'Scoping', 'Proposal sent', 'Engaged', 'Not now'),
    contentThemes: [
      'Lessons from recent client work',
      'Common mistakes we see and how to avoid them',
      'Frameworks and checklists clients can use',
      'Industry trends and what they mean for clients',
      'Client results and case studies',
    ],
    financeCategories: [
      income('Consulting fees'),
      income('Retainers'),
      expense('Subcontractors'),
      expense('Client travel'),
      expense('Training and certifications'),
    ],
    suggestedGoals: [
      goal('engagements', 'Win 3 new engagements this quarter', 'deals_won', 3, 90),
      goal('pipeline', 'Build an open pipeline worth 50,000', 'pipeline_value', 5_000_000, 60),
      goal('enquiries', 'Get 15 new enquiries', 'new_leads', 15, 60),
      goal('posts', 'Publish 8 expert posts', 'posts_published', 8, 60),
    ],
  },
  {
    key: 'agency',
    name: 'Agency',
    pitch: 'Creative, marketing or digital work for clients, sold as projects and retainers.',
    personality: 'hustlebot',
    customPersonality: null,
    tone: 'Confident and creative; show the work and keep it short.',
    industry: 'Creative and marketing agency',
    companyDescription: '{name} is an agency that delivers creative, marketing and digital projects for its clients.',
    stageLabels: labels('New brief', 'Intro call', 'Discovery', 'Pitch', 'Signed', 'Lost'),
    contentThemes: [
      'Behind the scenes of our projects',
      'Before and after: client work',
      'Tips clients can use today',
      'Our process and how we work',
      'Team and culture',
      'Industry news with our take',
    ],
    financeCategories: [
      income('Project fees'),
      income('Monthly retainers'),
      expense('Freelancers'),
      expense('Stock assets and licences'),
      expense('Production costs'),
    ],
    suggestedGoals: [
      goal('retainers', 'Sign 2 new retainer clients', 'deals_won', 2, 90),
      goal('pipeline', 'Grow the open pipeline to 80,000', 'pipeline_value', 8_000_000, 60),
      goal('portfolio', 'Post 12 portfolio pieces', 'posts_published', 12, 60),
      goal('enquiries', 'Get 20 new enquiries', 'new_leads', 20, 90),
    ],
  },
  {
    key: 'online_shop',
    name: 'Online shop',
    pitch: 'Products sold online: repeat customers, wholesale buyers and partnerships.',
    personality: 'hustlebot',
    customPersonality: null,
    tone: 'Friendly and upbeat; talk about the product, not the shop.',
    industry: 'E-commerce',
    companyDescription: '{name} is an online shop selling its products directly to customers.',
    stageLabels: labels('New contact', 'Reached out', 'Interested', 'Offer sent', 'Ordered', 'No sale'),
    contentThemes: [
      'New arrivals and product launches',
      'How customers use our products',
      'Behind the scenes: making and packing',
      'Seasonal offers and gift ideas',
      'Customer reviews and photos',
    ],
    financeCategories: [
      income('Online sales'),
      income('Wholesale orders'),
      expense('Stock purchases'),
      expense('Shipping and packaging'),
      expense('Marketplace fees'),
    ],
    suggestedGoals: [
      goal('revenue', 'Reach 10,000 in sales this quarter', 'revenue', 1_000_000, 90),
      goal('wholesale', 'Win 5 wholesale accounts', 'deals_won', 5, 90),
      goal('posts', 'Publish 12 product posts', 'posts_published', 12, 60),
    ],
  },
  {
    key: 'local_services',
    name: 'Local services',
    pitch: 'Trades, home and personal services: quick quotes, bookings and word of mouth.',
    personality: 'coachty',
    customPersonality: null,
    tone: 'Down to earth and reliable; say when, where and how much.',
    industry: 'Local services',
    companyDescription: '{name} provides local services to homes and businesses in its area.',
    stageLabels: labels('Enquiry', 'Called back', 'Site visit', 'Quote sent', 'Booked', 'Lost'),
    contentThemes: [
      'Jobs we finished this week',
      'Seasonal maintenance tips',
      'Answers to common customer questions',
      'Meet the team',
      'Customer reviews',
    ],
    financeCategories: [
      income('Jobs and call-outs'),
      income('Maintenance contracts'),
      expense('Materials and parts'),
      expense('Vehicle and fuel'),
      expense('Tools'),
    ],
    suggestedGoals: [
      goal('jobs', 'Book 15 jobs this month', 'deals_won', 15, 30),
      goal('enquiries', 'Get 30 new enquiries', 'new_leads', 30, 60),
      goal('revenue', 'Earn 15,000 this quarter', 'revenue', 1_500_000, 90),
    ],
  },
  {
    key: 'saas',
    name: 'SaaS',
    pitch: 'Software sold by subscription: sign-ups, demos, trials and retention.',
    personality: 'custom',
    customPersonality: {
      businessStyle: 'product-led growth, quick experiments',
      riskTolerance: 'medium-high',
      pricingStrategy: 'tiered monthly and annual plans',
      marketingApproach: 'useful content, free trials, product updates',
      tone: 'clear, helpful, a little technical',
    },
    tone: 'Clear and concrete; lead with the problem the product solves.',
    industry: 'Software (SaaS)',
    companyDescription: '{name} builds software that customers use by subscription.',
    stageLabels: labels('Sign-up', 'Reached out', 'Demo', 'Trial', 'Paying', 'Lost'),
    contentThemes: [
      'Product updates and new features',
      'How customers use the product',
      'Problems we solve, explained',
      'Building in public: numbers and lessons',
      'Tips and tutorials',
    ],
    financeCategories: [
      income('Setup fees'),
      income('Enterprise contracts'),
      expense('Hosting and infrastructure'),
      expense('Developer tools'),
      expense('Support tools'),
    ],
    suggestedGoals: [
      goal('trials', 'Convert 10 trials to paying customers', 'deals_won', 10, 60),
      goal('signups', 'Get 50 new sign-ups', 'new_leads', 50, 30),
      goal('updates', 'Announce 6 product updates', 'posts_published', 6, 60),
      goal('revenue', 'Reach 5,000 in revenue', 'revenue', 500_000, 90),
    ],
  },
  {
    key: 'coaching',
    name: 'Coaching',
    pitch: 'Coaching and training for people or teams: discovery calls, programmes, referrals.',
    personality: 'coachty',
    customPersonality: null,
    tone: 'Warm and encouraging; speak to one person, not an audience.',
    industry: 'Coaching and training',
    companyDescription:
      '{name} offers coaching and training that helps clients reach their personal and professional goals.',
    stageLabels: labels('Enquiry', 'Intro chat', 'Good fit', 'Offer made', 'Client', 'Not now'),
    contentThemes: [
      'Client stories and transformations',
      'One practical tip a week',
      'Mindset and habits',
      'Answers to questions clients ask',
      'Upcoming workshops and programmes',
    ],
    financeCategories: [
      income('Coaching sessions'),
      income('Programmes and courses'),
      income('Workshops'),
      expense('Venue hire'),
      expense('Course platform'),
      expense('Supervision and training'),
    ],
    suggestedGoals: [
      goal('clients', 'Sign 5 new clients this month', 'deals_won', 5, 30),
      goal('enquiries', 'Get 20 new enquiries', 'new_leads', 20, 60),
      goal('posts', 'Publish 12 posts in a month', 'posts_published', 12, 30),
    ],
  },
  {
    key: 'cafe_restaurant',
    name: 'Café or restaurant',
    pitch: 'Food and drink: regulars, events, catering and local buzz.',
    personality: 'custom',
    customPersonality: {
      businessStyle: 'community-focused, regulars first',
      riskTolerance: 'low to medium',
      pricingStrategy: 'fair menu prices, premium events and catering',
      marketingApproach: 'local social media, photos, events',
      tone: 'warm, friendly, appetising',
    },
    tone: 'Warm and welcoming; make people hungry.',
    industry: 'Food and drink',
    companyDescription:
      '{name} is a café and restaurant serving its local community, with events and catering on request.',
    stageLabels: labels('Enquiry', 'Replied', 'Tasting booked', 'Quote sent', 'Booked', 'Declined'),
    contentThemes: [
      "Today's specials and new dishes",
      'Behind the counter: our team and suppliers',
      'Events, live music and private hire',
      'Seasonal menus and local produce',
      'Guest reviews and photos',
    ],
    financeCategories: [
      income('Food sales'),
      income('Drink sales'),
      income('Catering and events'),
      expense('Ingredients and stock'),
      expense('Kitchen equipment'),
      expense('Delivery app fees'),
    ],
    suggestedGoals: [
      goal('events', 'Book 6 events or catering jobs this quarter', 'deals_won', 6, 90),
      goal('revenue', 'Take 20,000 this month', 'revenue', 2_000_000, 30),
      goal('posts', 'Post 16 times this month', 'posts_published', 16, 30),
      goal('enquiries', 'Get 25 event enquiries', 'new_leads', 25, 60),
    ],
  },
  {
    key: 'other',
    name: 'Other',
    pitch: 'A general start: the usual stage names, themes and categories; tune them to fit.',
    personality: 'coachty',
    customPersonality: null,
    tone: '',
    industry: '',
    companyDescription: '',
    stageLabels: { ...defaultStageLabels },
    contentThemes: [
      'What we do and who it is for',
      'Lessons from running the business',
      'Customer stories',
      'Tips for our customers',
    ],
    financeCategories: [],
    suggestedGoals: [
      goal('customers', 'Win 3 new customers', 'deals_won', 3, 60),
      goal('leads', 'Get 10 new leads', 'new_leads', 10, 30),
      goal('posts', 'Publish 8 posts', 'posts_published', 8, 60),
    ],
  },
];

/** The playbook of a key. */
export const playbookOf = (key: PlaybookKey): Playbook => {
  const found = playbooks.find((p) => p.key === key);
  if (!found) throw new Error(`Unknown playbook ${key}`);
  return found;
};

/** A playbook's company description for an organisation name. */
export const playbookDescription = (playbook: Playbook, orgName: string): string =>
  playbook.companyDescription.replaceAll('{name}', orgName);

// --- wire shapes ---------------------------------------------------------------------------

export const playbookGoalSchema = z.object({
  key: z.string(),
  title: z.string(),
  description: z.string(),
  metric: goalMetricSchema.nullable(),
  target: z.number().int().nullable(),
  days: z.number().int(),
});

export const playbookSchema = z.object({
  key: playbookKeySchema,
  name: z.string(),
  pitch: z.string(),
  personality: personalitySchema,
  customPersonality: customPersonalitySchema.nullable(),
  tone: z.string(),
  industry: z.string(),
  /** `{name}` stands for the organisation's name. */
  companyDescription: z.string(),
  stageLabels: stageLabelsSchema,
  contentThemes: z.array(z.string()),
  financeCategories: z.array(z.object({ name: z.string(), kind: z.enum(['income', 'expense']) })),
  suggestedGoals: z.array(playbookGoalSchema),
});

/** An organisation's playbook and what is in force now (the owner may have changed any of it). */
export const orgPlaybookSchema = z.object({
  /** Null for an organisation made before playbooks, until one is applied. */
  playbook: playbookSchema.nullable(),
  /** Every stage, in pipeline order: the stored key never changes, only its name here. */
  stages: z.array(z.object({ stage: z.enum(leadStages), label: z.string(), defaultLabel: z.string() })),
  stageLabels: stageLabelsSchema,
  /** What the AI writes posts about (AI settings). */
  contentThemes: z.array(z.string()),
  /** The playbook's goals; `added` once the org has a goal of that title that is not cancelled. */
  suggestedGoals: z.array(playbookGoalSchema.extend({ added: z.boolean() })),
  /** The playbook's finance categories; `present` when the org has a category of that name. */
  financeCategories: z.array(z.object({ name: z.string(), kind: z.enum(['income', 'expense']), present: z.boolean() })),
});
export type OrgPlaybook = z.infer<typeof orgPlaybookSchema>;

export const applyPlaybookInputSchema = z.object({ playbook: playbookKeySchema });
export type ApplyPlaybookInput = z.infer<typeof applyPlaybookInputSchema>;

/** What applying a playbook did to one part of the setup. */
export const playbookChangeSchema = z.object({
  field: z.enum([
    'personality',
    'tone',
    'industry',
    'companyDescription',
    'goals',
    'contentThemes',
    'stageLabels',
    'financeCategories',
  ]),
  /** set: written from the playbook; kept: the owner's own value stayed; unchanged: it already was the playbook's. */
  outcome: z.enum(['set', 'kept', 'unchanged']),
  /** In words, e.g. "Kept your tone: you wrote it yourself". */
  detail: z.string(),
});
export type PlaybookChange = z.infer<typeof playbookChangeSchema>;

export const applyPlaybookResultSchema = z.object({
  current: orgPlaybookSchema,
  changes: z.array(playbookChangeSchema),
});
export type ApplyPlaybookResult = z.infer<typeof applyPlaybookResultSchema>;

/**
 * New names for the stages; a stage left out goes back to its default name. Names are plain
 * words, at most 30 characters, and no two stages may share one (case does not count).
 */
export const updateStageLabelsInputSchema = z
  .object({
    labels: z.strictObject({
      new: stageLabelSchema.optional(),
      contacted: stageLabelSchema.optional(),
      qualified: stageLabelSchema.optional(),
      proposal: stageLabelSchema.optional(),
      won: stageLabelSchema.optional(),
      lost: stageLabelSchema.optional(),
    }),
  })
  .superRefine((input, ctx) => {
    const seen = new Map<string, LeadStage>();
    for (const stage of leadStages) {
      const label = input.labels[stage] ?? defaultStageLabels[stage];
      const other = seen.get(stageLabelKey(label));
      if (other) {
        ctx.addIssue({
          code: 'custom',
          path: ['labels', stage],
          message: `"${label}" is already the name of another stage; give each stage its own name`,
        });
      } else seen.set(stageLabelKey(label), stage);
    }
  });
export type UpdateStageLabelsInput = z.input<typeof updateStageLabelsInputSchema>;

export const updateContentThemesInputSchema = z.object({ themes: contentThemesSchema });
export type UpdateContentThemesInput = z.input<typeof updateContentThemesInputSchema>;

const tag = 'Playbooks';
const orgParams = z.object({ orgId: z.uuid() });
const admin = orgAuth('admin', 'write');
export const playbookEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/api/playbooks',
    summary: 'The industry playbooks to start an organisation from',
    tag,
    auth: userAuth,
    status: 200,
    response: z.object({ items: z.array(playbookSchema) }),
  }),
  get: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/playbook',
    summary: "The org's playbook, its stage names, content themes, suggested goals and categories",
    tag,
    auth: orgAuth('member', 'read'),
    params: orgParams,
    status: 200,
    response: orgPlaybookSchema,
  }),
  apply: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/playbook',
    summary:
      'Apply a playbook (admin+): sets what is empty or still the previous playbook’s, keeps what the owner wrote, adds missing finance categories, deletes nothing',
    tag,
    auth: admin,
    params: orgParams,
    body: applyPlaybookInputSchema,
    status: 200,
    response: applyPlaybookResultSchema,
  }),
  updateStageLabels: defineEndpoint({
    method: 'PUT',
    path: '/api/orgs/:orgId/stage-labels',
    summary: 'Rename the pipeline stages (admin+); the stored stages stay the same',
    tag,
    auth: admin,
    params: orgParams,
    body: updateStageLabelsInputSchema,
    status: 200,
    response: orgPlaybookSchema,
  }),
  updateContentThemes: defineEndpoint({
    method: 'PUT',
    path: '/api/orgs/:orgId/content-themes',
    summary: 'Set what the AI CEO writes posts about (admin+)',
    tag,
    auth: admin,
    params: orgParams,
    body: updateContentThemesInputSchema,
    status: 200,
    response: orgPlaybookSchema,
  }),
};
