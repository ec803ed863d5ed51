import { aiProviders, aiPurposes, type AiProvider, type AiPurpose, type AiSource } from '@aiceo/shared/ai';

export type RoutingTable = Record<AiPurpose, AiProvider[]>;

/**
 * `standard`: each provider's configured model. `budget`: its cheaper model, used once an org has
 * spent most of its monthly AI budget (the margin guard, modules/ai-budget).
 */
export const aiTiers = ['standard', 'budget'] as const;
export type AiTier = (typeof aiTiers)[number];

/** The cheaper model of each provider for the budget tier; *_BUDGET_MODEL in the environment overrides it. */
export const DEFAULT_BUDGET_MODELS: Record<AiProvider, string> = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-3-5-haiku-latest',
  xai: 'grok-3-mini',
  mistral: 'mistral-small-latest',
};

/** Who is best at what (seed 000: analysis to Anthropic, creative to OpenAI, reasoning to Grok). */
export const DEFAULT_ROUTING: RoutingTable = {
  chat: ['openai', 'anthropic', 'mistral', 'xai'],
  analysis: ['anthropic', 'openai', 'mistral', 'xai'],
  creative: ['openai', 'mistral', 'anthropic', 'xai'],
  reasoning: ['xai', 'anthropic', 'openai', 'mistral'],
  summary: ['mistral', 'openai', 'anthropic', 'xai'],
  // The website's sales rep: conversational like the owner's chat.
  sales_chat: ['openai', 'anthropic', 'mistral', 'xai'],
};

const isPurpose = (value: string): value is AiPurpose => (aiPurposes as readonly string[]).includes(value);
const isProvider = (value: string): value is AiProvider => (aiProviders as readonly string[]).includes(value);

/**
 * Reads `chat=openai>anthropic;analysis=anthropic` over the defaults. Throws with a readable
 * message on an unknown purpose or provider, so a typo fails at boot rather than routing silently.
 */
export const parseRouting = (text: string | undefined): RoutingTable => {
  const table: RoutingTable = { ...DEFAULT_ROUTING };
  if (!text?.trim()) return table;
  for (const rule of text
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [purpose, list, ...rest] = rule.split('=').map((part) => part.trim());
    if (!purpose || !list || rest.length > 0) throw new Error(`"${rule}" is not purpose=provider>provider`);
    if (!isPurpose(purpose)) throw new Error(`unknown purpose "${purpose}" (one of ${aiPurposes.join(', ')})`);
    const providers = list.split('>').map((name) => name.trim());
    const unknown = providers.find((name) => !isProvider(name));
    if (unknown !== undefined) throw new Error(`unknown provider "${unknown}" (one of ${aiProviders.join(', ')})`);
    table[purpose] = [...new Set(providers as AiProvider[])];
  }
  return table;
};

/**
 * The providers to try for a purpose, in order: the table's preference among the configured
 * ones, then every other configured provider as a last fallback. Offline when none is configured.
 */
export const routeFor = (options: {
  purpose: AiPurpose;
  table: RoutingTable;
  configured: readonly AiProvider[];
}): AiSource[] => {
  const { purpose, table, configured } = options;
  if (configured.length === 0) return ['offline'];
  const preferred = table[purpose].filter((provider) => configured.includes(provider));
  const rest = configured.filter((provider) => !preferred.includes(provider));
  return [...preferred, ...rest];
};
