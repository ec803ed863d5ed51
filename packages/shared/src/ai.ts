import { z } from 'zod';
import { isoDateSchema, isoDaySchema, pageQuerySchema, pageSchema } from './common';
import { defineEndpoint, orgAuth } from './contract';

/** Providers the API can be configured with; each is reached through an OpenAI-compatible endpoint. */
export const aiProviders = ['openai', 'anthropic', 'xai', 'mistral'] as const;
export type AiProvider = (typeof aiProviders)[number];
export const aiProviderSchema = z.enum(aiProviders);

/** Who answered a call: a configured provider, or the built-in offline mode (templates over the org's data). */
export const aiSources = [...aiProviders, 'offline'] as const;
export type AiSource = (typeof aiSources)[number];
export const aiSourceSchema = z.enum(aiSources);

export const aiProviderLabels: Record<AiSource, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  xai: 'xAI Grok',
  mistral: 'Mistral',
  offline: 'Offline mode',
};

/** What a call is for; the routing table picks providers per purpose. */
/** `sales_chat`: the website chat's sales rep, talking to visitors (not the owner). */
export const aiPurposes = ['chat', 'analysis', 'creative', 'reasoning', 'summary', 'sales_chat'] as const;
export type AiPurpose = (typeof aiPurposes)[number];
export const aiPurposeSchema = z.enum(aiPurposes);

/** How one provider call ended. */
export const aiCallOutcomes = ['success', 'stopped', 'timeout', 'rate_limited', 'server_error', 'error'] as const;
export type AiCallOutcome = (typeof aiCallOutcomes)[number];
export const aiCallOutcomeSchema = z.enum(aiCallOutcomes);

export const personalityPresets = ['coachty', 'hustlebot', 'luxuryscaler'] as const;
export type PersonalityPreset = (typeof personalityPresets)[number];
export const personalities = [...personalityPresets, 'custom'] as const;
export type Personality = (typeof personalities)[number];
export const personalitySchema = z.enum(personalities);

export type PersonalityTraits = {
  businessStyle: string;
  riskTolerance: string;
  pricingStrategy: string;
  marketingApproach: string;
  tone: string;
};

export type PersonalityDefinition = PersonalityTraits & {
  name: string;
  tagline: string;
  /** How the assistant introduces its stance in every prompt. */
  promptPrefix: string;
};

/** The presets of the original design (seeds/001): style, risk and tone shape every prompt. */
export const personalityDefinitions: Record<PersonalityPreset, PersonalityDefinition> = {
  coachty: {
    name: 'CoachTy',
    tagline: 'A supportive mentor for sustainable growth',
    businessStyle: 'sustainable growth, relationship building',
    riskTolerance: 'medium',
    pricingStrategy: 'premium but accessible',
    marketingApproach: 'authentic storytelling, testimonials',
    tone: 'warm, encouraging, practical',
    promptPrefix: 'As CoachTy, a supportive business mentor,',
  },
  hustlebot: {
    name: 'HustleBot',
    tagline: 'Aggressive scaling and quick wins',
    businessStyle: 'aggressive scaling, quick wins, high volume',
    riskTolerance: 'high',
    pricingStrategy: 'competitive pricing, volume sales',
    marketingApproach: 'viral content, influencer partnerships',
    tone: 'energetic, direct, action-first',
    promptPrefix: 'As HustleBot, a relentless growth operator,',
  },
  luxuryscaler: {
    name: 'LuxuryScaler',
    tagline: 'Premium positioning and exclusivity',
    businessStyle: 'premium positioning, exclusivity',
    riskTolerance: 'medium-high',
    pricingStrategy: 'premium pricing, value-based',
    marketingApproach: 'luxury branding, exclusivity marketing',
    tone: 'polished, confident, understated',
    promptPrefix: 'As LuxuryScaler, a premium brand strategist,',
  },
};

const traitSchema = z.string().trim().min(1, 'Describe this trait').max(200);
export const customPersonalitySchema = z.object({
  businessStyle: traitSchema,
  riskTolerance: traitSchema,
  pricingStrategy: traitSchema,
  marketingApproach: traitSchema,
  tone: traitSchema,
});
export type CustomPersonality = z.infer<typeof customPersonalitySchema>;

/** The traits in force: a preset's, or the custom ones. */
export const personalityTraits = (personality: Personality, custom: CustomPersonality | null): PersonalityTraits => {
  if (personality === 'custom') {
    return (
      custom ?? {
        businessStyle: 'balanced',
        riskTolerance: 'medium',
        pricingStrategy: 'value-based',
        marketingApproach: 'clear and helpful',
        tone: 'professional',
      }
    );
  }
  const { businessStyle, riskTolerance, pricingStrategy, marketingApproach, tone } =
    personalityDefinitions[personality];
  return { businessStyle, riskTolerance, pricingStrategy, marketingApproach, tone };
};

export const MAX_CONTENT_THEMES = 8;
/** What the org's posts are about ("Seasonal menus and local produce"): guidance for drafting, not a rule. */
export const contentThemesSchema = z
  .array(
    z
      .string()
      .trim()
      .min(3, 'Write a theme of at least 3 characters')
      .max(120, 'Keep a theme to 120 characters or fewer'),
  )
  .max(MAX_CONTENT_THEMES, `At most ${MAX_CONTENT_THEMES} themes`)
  .refine((themes) => new Set(themes.map((t) => t.toLowerCase())).size === themes.length, 'Each theme only once');

/** An org's AI CEO: who it is and what it works towards; shapes every prompt. */
export const aiSettingsSchema = z.object({
  /** The assistant's name as the owner addresses it. */
  name: z.string(),
  personality: personalitySchema,
  /** Set when `personality` is `custom`. */
  customPersonality: customPersonalitySchema.nullable(),
  industry: z.string(),
  /** What the business does, in the owner's words. */
  companyDescription: z.string(),
  goals: z.array(z.string()),
  /** Extra tone guidance on top of the personality's (may be empty). */
  tone: z.string(),
  /** What posts are about (from the playbook, editable); drafting uses them as guidance. */
  contentThemes: z.array(z.string()),
  updatedAt: isoDateSchema.nullable(),
});
export type AiSettings = z.infer<typeof aiSettingsSchema>;

export const updateAiSettingsInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter a name').max(60),
    personality: personalitySchema,
    customPersonality: customPersonalitySchema.nullable().default(null),
    industry: z.string().trim().max(100).default(''),
    companyDescription: z.string().trim().max(1000).default(''),
    goals: z.array(z.string().trim().min(1, 'A goal cannot be empty').max(300)).max(10, 'At most 10 goals').default([]),
    tone: z.string().trim().max(200).default(''),
    /** Left out: the themes stay as they are. */
    contentThemes: contentThemesSchema.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.personality === 'custom' && !input.customPersonality) {
      ctx.addIssue({ code: 'custom', path: ['customPersonality'], message: 'Describe the custom personality' });
    }
  });
export type UpdateAiSettingsInput = z.input<typeof updateAiSettingsInputSchema>;

/** A configured provider as clients may see it (never its key). */
export const aiProviderStatusSchema = z.object({
  id: aiProviderSchema,
  label: z.string(),
  model: z.string(),
});

/** Whether the AI runs on real providers or offline, and which provider serves each purpose, in fallback order. */
export const aiStatusSchema = z.object({
  mode: z.enum(['online', 'offline']),
  providers: z.array(aiProviderStatusSchema),
  routing: z.array(z.object({ purpose: aiPurposeSchema, providers: z.array(aiSourceSchema) })),
});
export type AiStatus = z.infer<typeof aiStatusSchema>;

/** What the assistant is told about the organisation: the same text every prompt carries. */
export const aiContextSchema = z.object({
  text: z.string(),
  /** Estimated tokens of `text` (about 4 characters per token). */
  tokens: z.number().int(),
  budget: z.number().int(),
  sections: z.array(z.object({ title: z.string(), included: z.boolean() })),
});
export type AiContext = z.infer<typeof aiContextSchema>;

/** Money in AI accounting is in nano-dollars (1e-9 USD): exact for token prices to a thousandth of a dollar per million. */
export const aiCallSchema = z.object({
  id: z.uuid(),
  requestId: z.string(),
  attempt: z.number().int(),
  provider: aiSourceSchema,
  model: z.string(),
  purpose: aiPurposeSchema,
  outcome: aiCallOutcomeSchema,
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  costNanoUsd: z.number().int(),
  latencyMs: z.number().int(),
  error: z.string().nullable(),
  userId: z.uuid().nullable(),
  createdAt: isoDateSchema,
});
export type AiCall = z.infer<typeof aiCallSchema>;

export const aiCallsQuerySchema = pageQuerySchema.extend({
  provider: aiSourceSchema.optional(),
  purpose: aiPurposeSchema.optional(),
  outcome: aiCallOutcomeSchema.optional(),
});

const usageTotalsSchema = z.object({
  calls: z.number().int(),
  failedCalls: z.number().int(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  costNanoUsd: z.number().int(),
});

export const aiUsageQuerySchema = z
  .object({ from: isoDaySchema.optional(), to: isoDaySchema.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' });

/** AI spend of an org over a date range (UTC days, both ends included). */
export const aiUsageSchema = z.object({
  from: isoDaySchema,
  to: isoDaySchema,
  totals: usageTotalsSchema,
  byModel: z.array(
    usageTotalsSchema.extend({ provider: aiSourceSchema, model: z.string(), avgLatencyMs: z.number().int() }),
  ),
  byPurpose: z.array(usageTotalsSchema.extend({ purpose: aiPurposeSchema })),
  byDay: z.array(usageTotalsSchema.extend({ day: isoDaySchema })),
});
export type AiUsage = z.infer<typeof aiUsageSchema>;

/** Formats nano-dollars as dollars, with more digits for sub-cent amounts. */
export const formatNanoUsd = (nano: number): string => {
  const usd = nano / 1e9;
  if (usd === 0) return '$0.00';
  if (Math.abs(usd) < 0.01) return `$${usd.toFixed(6)}`;
  return `$${usd.toFixed(2)}`;
};

const tag = 'AI CEO';
const orgParams = z.object({ orgId: z.uuid() });
export const aiEndpoints = {
  getSettings: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/ai/settings',
    summary: "The org's AI CEO settings (defaults until saved)",
    tag,
    auth: orgAuth('member', 'read'),
    params: orgParams,
    status: 200,
    response: aiSettingsSchema,
  }),
  updateSettings: defineEndpoint({
    method: 'PUT',
    path: '/api/orgs/:orgId/ai/settings',
    summary: 'Save the AI CEO settings (admin+)',
    tag,
    auth: orgAuth('admin', 'write'),
    params: orgParams,
    body: updateAiSettingsInputSchema,
    status: 200,
    response: aiSettingsSchema,
  }),
  status: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/ai/status',
    summary: 'Online or offline mode, configured providers and routing',
    tag,
    auth: orgAuth('member', 'read'),
    params: orgParams,
    status: 200,
    response: aiStatusSchema,
  }),
  context: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/ai/context',
    summary: 'What the AI CEO is told about the organisation (admin+)',
    tag,
    auth: orgAuth('admin', 'read'),
    params: orgParams,
    status: 200,
    response: aiContextSchema,
  }),
  usage: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/ai/usage',
    summary: 'AI calls, tokens and cost by model, purpose and day (admin+)',
    tag,
    auth: orgAuth('admin', 'read'),
    params: orgParams,
    query: aiUsageQuerySchema,
    status: 200,
    response: aiUsageSchema,
  }),
  calls: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/ai/calls',
    summary: 'Every AI provider call, newest first (admin+)',
    tag,
    auth: orgAuth('admin', 'read'),
    params: orgParams,
    query: aiCallsQuerySchema,
    status: 200,
    response: pageSchema(aiCallSchema),
  }),
};
