import OpenAI from 'openai';
import type { AiSource } from '@aiceo/shared/ai';

export type AiMessage = { role: 'system' | 'user' | 'assistant'; content: string };

/**
 * Structured output: the answer is JSON that fits `schema` (OpenAI's `response_format` with a
 * strict JSON schema; providers' OpenAI-compatible endpoints take the same field). The caller
 * still validates what comes back.
 */
export type AiResponseFormat = {
  type: 'json_schema';
  json_schema: { name: string; description?: string; strict: true; schema: Record<string, unknown> };
};

export type ProviderCall = {
  messages: AiMessage[];
  maxTokens: number;
  temperature?: number;
  /** Aborts the call (a user stop or the gateway's timeout). */
  signal: AbortSignal;
  /** When set, the answer streams and each piece arrives here as it comes. */
  onDelta?: (text: string) => void;
  responseFormat?: AiResponseFormat;
};

export type ProviderAnswer = {
  text: string;
  tokensIn: number;
  tokensOut: number;
  /** Milliseconds from the call to the first piece of text (streams only). */
  firstTokenMs: number | null;
};

/** One configured source of answers: a provider behind the OpenAI SDK, or offline mode. */
export type AiProviderClient = { id: AiSource; model: string; call(call: ProviderCall): Promise<ProviderAnswer> };

/** About four characters per token: used when a provider reports no usage (a stopped stream) and for budgets. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);
const promptTokens = (messages: AiMessage[]): number => estimateTokens(messages.map((m) => m.content).join('\n'));

export type OpenAiCompatibleConfig = {
  id: AiSource;
  apiKey: string;
  baseURL: string;
  model: string;
  timeoutMs: number;
};

/**
 * A provider reached through the official openai SDK at any OpenAI-compatible base URL
 * (OpenAI, Anthropic's, xAI's and Mistral's compatible endpoints, or a local fake). The SDK's
 * own retries are off: the gateway retries, so that every attempt is seen and recorded.
 */
export const createOpenAiCompatibleProvider = (config: OpenAiCompatibleConfig): AiProviderClient => {
  const client = new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseURL,
    maxRetries: 0,
    timeout: config.timeoutMs,
  });

  const complete = async ({
    messages,
    maxTokens,
    temperature,
    signal,
    responseFormat,
  }: ProviderCall): Promise<ProviderAnswer> => {
    const completion = await client.chat.completions.create(
      {
        model: config.model,
        messages,
        max_tokens: maxTokens,
        ...(temperature === undefined ? {} : { temperature }),
        ...(responseFormat ? { response_format: responseFormat } : {}),
      },
      { signal },
    );
    const text = completion.choices[0]?.message.content ?? '';
    return {
      text,
      tokensIn: completion.usage?.prompt_tokens ?? promptTokens(messages),
      tokensOut: completion.usage?.completion_tokens ?? estimateTokens(text),
      firstTokenMs: null,
    };
  };

  const stream = async ({
    messages,
    maxTokens,
    temperature,
    signal,
    onDelta,
    responseFormat,
  }: ProviderCall): Promise<ProviderAnswer> => {
    const startedAt = performance.now();
    const chunks = await client.chat.completions.create(
      {
        model: config.model,
        messages,
        max_tokens: maxTokens,
        stream: true,
        stream_options: { include_usage: true },
        ...(temperature === undefined ? {} : { temperature }),
        ...(responseFormat ? { response_format: responseFormat } : {}),
      },
      { signal },
    );
    let text = '';
    let firstTokenMs: number | null = null;
    let usage: { prompt_tokens: number; completion_tokens: number } | null = null;
    for await (const chunk of chunks) {
      if (chunk.usage) usage = chunk.usage;
      const piece = chunk.choices[0]?.delta.content;
      if (!piece) continue;
      firstTokenMs ??= Math.round(performance.now() - startedAt);
      text += piece;
      onDelta?.(piece);
    }
    // The SDK ends an aborted stream quietly, as if the answer were complete; it is not.
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
    return {
      text,
      tokensIn: usage?.prompt_tokens ?? promptTokens(messages),
      tokensOut: usage?.completion_tokens ?? estimateTokens(text),
      firstTokenMs,
    };
  };

  return { id: config.id, model: config.model, call: (call) => (call.onDelta ? stream(call) : complete(call)) };
};

export const OFFLINE_MODEL = 'offline-templates';

/**
 * Offline mode: the caller's template answer over the org's data, sent word by word like a
 * model's stream. It is labelled `offline` everywhere and costs nothing.
 */
export const createOfflineProvider = (options: {
  wordDelayMs: number;
  answer: (messages: AiMessage[]) => string;
}): AiProviderClient => ({
  id: 'offline',
  model: OFFLINE_MODEL,
  call: async ({ messages, signal, onDelta }) => {
    const startedAt = performance.now();
    const text = options.answer(messages);
    let sent = '';
    let firstTokenMs: number | null = null;
    for (const piece of text.match(/\S+\s*|\s+/g) ?? []) {
      if (signal.aborted) break;
      if (onDelta) {
        firstTokenMs ??= Math.round(performance.now() - startedAt);
        onDelta(piece);
        if (options.wordDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, options.wordDelayMs));
      }
      sent += piece;
    }
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
    return { text: sent, tokensIn: promptTokens(messages), tokensOut: estimateTokens(sent), firstTokenMs };
  },
});
