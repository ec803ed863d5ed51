import type { AiProvider } from '@aiceo/shared/ai';
import type { Env } from '../../config/env';
import { createAiGateway, type AiGateway } from './gateway';
import { parsePrices } from './pricing';
import { createOpenAiCompatibleProvider, type AiProviderClient } from './provider';
import { parseRouting } from './routing';

type ProviderSettings = { id: AiProvider; apiKey: string | undefined; baseURL: string; model: string };

const providerSettings = (env: Env): ProviderSettings[] => [
  { id: 'openai', apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL },
  { id: 'anthropic', apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL, model: env.ANTHROPIC_MODEL },
  { id: 'xai', apiKey: env.XAI_API_KEY, baseURL: env.XAI_BASE_URL, model: env.XAI_MODEL },
  { id: 'mistral', apiKey: env.MISTRAL_API_KEY, baseURL: env.MISTRAL_BASE_URL, model: env.MISTRAL_MODEL },
];

/** The AI service as the environment configures it: every provider with a key, offline mode without any. */
export const createAiGatewayFromEnv = (env: Env): AiGateway => {
  const providers: AiProviderClient[] = providerSettings(env).flatMap(({ id, apiKey, baseURL, model }) =>
    apiKey ? [createOpenAiCompatibleProvider({ id, apiKey, baseURL, model, timeoutMs: env.AI_TIMEOUT_MS })] : [],
  );
  return createAiGateway({
    providers,
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
