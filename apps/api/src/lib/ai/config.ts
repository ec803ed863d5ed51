import type { AiProvider } from '@aiceo/shared/ai';
import type { Env } from '../../config/env';
import { createAiGateway, type AiGateway } from './gateway';
import { parsePrices } from './pricing';
import { createOpenAiCompatibleProvider, type AiProviderClient } from './provider';
import { parseRouting } from './routing';

type ProviderSettings = {
  id: AiProvider;
  apiKey: string | undefined;
  baseURL: string;
  model: string;
  /** The cheaper model of the budget tier. */
  budgetModel: string;
};

const providerSettings = (env: Env): ProviderSettings[] => [
  {
    id: 'openai',
    apiKey: env.OPENAI_API_KEY,
    baseURL: env.OPENAI_BASE_URL,
    model: env.OPENAI_MODEL,
    budgetModel: env.OPENAI_BUDGET_MODEL,
  },
  {
    id: 'anthropic',
    apiKey: env.ANTHROPIC_API_KEY,
    baseURL: env.ANTHROPIC_BASE_URL,
    model: env.ANTHROPIC_MODEL,
    budgetModel: env.ANTHROPIC_BUDGET_MODEL,
  },
  {
    id: 'xai',
    apiKey: env.XAI_API_KEY,
    baseURL: env.XAI_BASE_URL,
    model: env.XAI_MODEL,
    budgetModel: env.XAI_BUDGET_MODEL,
  },
  {
    id: 'mistral',
    apiKey: env.MISTRAL_API_KEY,
    baseURL: env.MISTRAL_BASE_URL,
    model: env.MISTRAL_MODEL,
    budgetModel: env.MISTRAL_BUDGET_MODEL,
  },
];

/** The AI service as the environment configures it: every provider with a key, offline mode without any. */
export const createAiGatewayFromEnv = (env: Env): AiGateway => {
  const configured = providerSettings(env).filter((settings) => settings.apiKey);
  const client = (settings: ProviderSettings, model: string): AiProviderClient =>
    createOpenAiCompatibleProvider({
      id: settings.id,
      apiKey: settings.apiKey ?? '',
      baseURL: settings.baseURL,
      model,
      timeoutMs: env.AI_TIMEOUT_MS,
    });
  const providers = configured.map((settings) => client(settings, settings.model));
  const budgetProviders = configured.map((settings, index) =>
    settings.budgetModel === settings.model ? providers[index]! : client(settings, settings.budgetModel),
  );
  return createAiGateway({
    providers,
    budgetProviders,
    routing: parseRouting(env.AI_ROUTING),
    prices: parsePrices(env.AI_PRICES),
    timeoutMs: env.AI_TIMEOUT_MS,
    maxRetries: env.AI_MAX_RETRIES,
    retryBaseMs: env.AI_RETRY_BASE_MS,
    retryMaxMs: env.AI_RETRY_MAX_MS,
    maxOutputTokens: env.AI_MAX_OUTPUT_TOKENS,
    offlineWordDelayMs: env.AI_OFFLINE_WORD_DELAY_MS,
  });
};
