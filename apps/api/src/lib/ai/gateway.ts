import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import {
  aiProviderLabels,
  aiPurposes,
  type AiCallOutcome,
  type AiProvider,
  type AiPurpose,
  type AiSource,
  type AiStatus,
} from '@aiceo/shared/ai';
import { AppError } from '../../http/app-error';
import { costNanoUsd, priceFor, type PriceTable } from './pricing';
import {
  createOfflineProvider,
  estimateTokens,
  type AiMessage,
  type AiProviderClient,
  type AiResponseFormat,
} from './provider';
import { routeFor, type AiTier, type RoutingTable } from './routing';

/** One provider attempt, as recorded for cost accounting. */
export type AiAttempt = {
  attempt: number;
  provider: AiSource;
  model: string;
  outcome: AiCallOutcome;
  tokensIn: number;
  tokensOut: number;
  costNanoUsd: number;
  latencyMs: number;
  firstTokenMs: number | null;
  error: string | null;
};

export type AiRunRequest = {
  purpose: AiPurpose;
  messages: AiMessage[];
  maxTokens?: number;
  temperature?: number;
  /** A user's stop: the answer so far is kept and the run ends as `stopped`. */
  signal?: AbortSignal;
  /** Streams the answer piece by piece; without it the provider answers in one piece. */
  onDelta?: (text: string) => void;
  /** The offline answer (a template over the org's real data), used only when no provider is configured. */
  offlineAnswer: (messages: AiMessage[]) => string;
  /** `budget`: each provider's cheaper model (an org past most of its AI budget); `standard` by default. */
  tier?: AiTier;
  /** Structured output (JSON against a schema); offline, `offlineAnswer` must return such JSON itself. */
  responseFormat?: AiResponseFormat;
};

/** What a run's cost is estimated from before it is sent. */
export type AiEstimateRequest = Pick<AiRunRequest, 'purpose' | 'messages' | 'maxTokens' | 'tier'>;

export type AiRunResult = {
  text: string;
  provider: AiSource;
  model: string;
  outcome: 'success' | 'stopped';
  tier: AiTier;
  attempts: AiAttempt[];
};

/** Every provider failed (or the stream broke mid-answer); `attempts` still need recording. */
export class AiFailure extends AppError {
  constructor(
    message: string,
    readonly attempts: AiAttempt[],
    readonly partialText: string,
  ) {
    super('UNAVAILABLE', message, {
      attempts: attempts.map(({ provider, outcome, error }) => ({ provider, outcome, error })),
    });
  }
}

export type AiGateway = {
  status(): AiStatus;
  run(request: AiRunRequest): Promise<AiRunResult>;
  /**
   * The most a run can cost, in nano-dollars: the prompt's estimated tokens plus the largest
   * answer allowed, priced at the dearest model its route may use. 0 in offline mode. Failed
   * attempts cost nothing unless text was streamed, and then there is no fallback, so no run's
   * attempts together cost more than this (as far as the token estimate holds).
   */
  estimateCostNanoUsd(request: AiEstimateRequest): number;
};

export type AiGatewayOptions = {
  providers: AiProviderClient[];
  /** The same providers with their cheaper models (the budget tier); the standard ones when left out. */
  budgetProviders?: AiProviderClient[];
  routing: RoutingTable;
  prices: PriceTable;
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  maxOutputTokens: number;
  offlineWordDelayMs: number;
};

type Failure = { outcome: AiCallOutcome; retryable: boolean; retryAfterMs: number | null; message: string };

const TIMED_OUT = 'the provider sent nothing for too long';

const retryAfterOf = (error: APIError): number | null => {
  const ms = Number(error.headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const seconds = Number(error.headers?.get('retry-after'));
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
};

/** Timeouts, 429s, 5xx and broken connections are worth retrying; anything else moves on to the next provider. */
const classify = (error: unknown, timedOut: boolean): Failure => {
  if (timedOut || error instanceof APIConnectionTimeoutError)
    return { outcome: 'timeout', retryable: true, retryAfterMs: null, message: TIMED_OUT };
  if (error instanceof APIError && error.status === 429)
    return {
      outcome: 'rate_limited',
      retryable: true,
      retryAfterMs: retryAfterOf(error),
      message: 'rate limited (429)',
    };
  if (error instanceof APIError && typeof error.status === 'number' && error.status >= 500) {
    return { outcome: 'server_error', retryable: true, retryAfterMs: null, message: `server error (${error.status})` };
  }
  if (error instanceof APIConnectionError)
    return { outcome: 'error', retryable: true, retryAfterMs: null, message: 'could not connect' };
  if (error instanceof APIError && typeof error.status === 'number')
    return { outcome: 'error', retryable: false, retryAfterMs: null, message: `refused (${error.status})` };
  return {
    outcome: 'error',
    retryable: false,
    retryAfterMs: null,
    message: error instanceof Error ? error.message : String(error),
  };
};

const sleep = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
  new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** Backoff before retry n (1-based): base * 2^(n-1), capped; a provider's Retry-After wins up to the cap. */
export const backoffMs = (options: {
  retry: number;
  baseMs: number;
  maxMs: number;
  retryAfterMs: number | null;
}): number => Math.min(options.maxMs, options.retryAfterMs ?? options.baseMs * 2 ** (options.retry - 1));

/**
 * The one AI service: picks providers for the request's purpose, retries each with backoff
 * on timeouts, 429s and 5xx, then falls back to the next. Once text has reached the caller
 * a failure cannot fall back (the answer would change mid-sentence), so it ends the run.
 */
export const createAiGateway = (options: AiGatewayOptions): AiGateway => {
  const configured = options.providers
    .map((provider) => provider.id)
    .filter((id): id is AiProvider => id !== 'offline');
  const byId = new Map(options.providers.map((provider) => [provider.id, provider]));
  const budgetById = new Map((options.budgetProviders ?? options.providers).map((provider) => [provider.id, provider]));
  const providerFor = (source: AiSource, tier: AiTier) => (tier === 'budget' ? budgetById : byId).get(source);

  const attemptOnce = async (
    provider: AiProviderClient,
    request: AiRunRequest,
    attempt: number,
    sent: { text: string },
  ) => {
    const startedAt = performance.now();
    const controller = new AbortController();
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new Error(TIMED_OUT));
      }, options.timeoutMs);
    };
    const stop = () => controller.abort(new Error('stopped'));
    request.signal?.addEventListener('abort', stop, { once: true });
    if (request.signal?.aborted) stop();
    arm();
    const price = priceFor(options.prices, provider.model);
    const base = { attempt, provider: provider.id, model: provider.model };
    const latency = () => Math.round(performance.now() - startedAt);
    let firstTokenMs: number | null = null;
    try {
      const answer = await provider.call({
        messages: request.messages,
        maxTokens: request.maxTokens ?? options.maxOutputTokens,
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        ...(request.responseFormat ? { responseFormat: request.responseFormat } : {}),
        signal: controller.signal,
        ...(request.onDelta
          ? {
              onDelta: (piece: string) => {
                arm();
                firstTokenMs ??= latency();
                sent.text += piece;
                request.onDelta?.(piece);
              },
            }
          : {}),
      });
      const cost = costNanoUsd({ price, tokensIn: answer.tokensIn, tokensOut: answer.tokensOut });
      const record: AiAttempt = {
        ...base,
        outcome: 'success',
        tokensIn: answer.tokensIn,
        tokensOut: answer.tokensOut,
        costNanoUsd: cost,
        latencyMs: latency(),
        firstTokenMs,
        error: null,
      };
      return { ok: true as const, text: answer.text, record };
    } catch (error) {
      // Tokens already streamed were generated (and billed by the provider) even though the call failed.
      const tokensOut = estimateTokens(sent.text);
      const tokensIn = sent.text ? estimateTokens(request.messages.map((m) => m.content).join('\n')) : 0;
      const cost = costNanoUsd({ price, tokensIn, tokensOut });
      const isStop = request.signal?.aborted === true && !timedOut;
      const failure: Failure = isStop
        ? { outcome: 'stopped', retryable: false, retryAfterMs: null, message: 'stopped by the user' }
        : classify(error, timedOut);
      const record: AiAttempt = {
        ...base,
        outcome: failure.outcome,
        tokensIn,
        tokensOut,
        costNanoUsd: cost,
        latencyMs: latency(),
        firstTokenMs,
        error: isStop ? null : failure.message,
      };
      return { ok: false as const, failure, record };
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', stop);
    }
  };

  const estimateCostNanoUsd = (request: AiEstimateRequest): number => {
    const route = routeFor({ purpose: request.purpose, table: options.routing, configured });
    const tokensIn = estimateTokens(request.messages.map((m) => m.content).join('\n'));
    const tokensOut = request.maxTokens ?? options.maxOutputTokens;
    let most = 0;
    for (const source of route) {
      const provider = source === 'offline' ? undefined : providerFor(source, request.tier ?? 'standard');
      if (!provider) continue;
      const price = priceFor(options.prices, provider.model);
      most = Math.max(most, costNanoUsd({ price, tokensIn, tokensOut }));
    }
    return most;
  };

  const run = async (request: AiRunRequest): Promise<AiRunResult> => {
    const tier = request.tier ?? 'standard';
    const route = routeFor({ purpose: request.purpose, table: options.routing, configured });
    const attempts: AiAttempt[] = [];
    const sent = { text: '' };
    for (const source of route) {
      const provider =
        source === 'offline'
          ? createOfflineProvider({ wordDelayMs: options.offlineWordDelayMs, answer: request.offlineAnswer })
          : providerFor(source, tier);
      if (!provider) continue;
      for (let retry = 0; retry <= options.maxRetries; retry += 1) {
        const result = await attemptOnce(provider, request, attempts.length + 1, sent);
        attempts.push(result.record);
        if (result.ok)
          return {
            text: result.text,
            provider: provider.id,
            model: provider.model,
            outcome: 'success',
            tier,
            attempts,
          };
        if (result.failure.outcome === 'stopped')
          return { text: sent.text, provider: provider.id, model: provider.model, outcome: 'stopped', tier, attempts };
        if (sent.text)
          throw new AiFailure(
            `${aiProviderLabels[provider.id]} broke off the answer: ${result.failure.message}`,
            attempts,
            sent.text,
          );
        if (!result.failure.retryable || retry === options.maxRetries) break;
        await sleep(
          backoffMs({
            retry: retry + 1,
            baseMs: options.retryBaseMs,
            maxMs: options.retryMaxMs,
            retryAfterMs: result.failure.retryAfterMs,
          }),
          request.signal,
        );
        if (request.signal?.aborted)
          return { text: '', provider: provider.id, model: provider.model, outcome: 'stopped', tier, attempts };
      }
    }
    const tried = [...new Set(attempts.map((a) => aiProviderLabels[a.provider]))].join(', ');
    throw new AiFailure(`No AI provider could answer (tried ${tried || 'none'})`, attempts, '');
  };

  const status = (): AiStatus => ({
    mode: configured.length > 0 ? 'online' : 'offline',
    providers: options.providers
      .filter((p) => p.id !== 'offline')
      .map((p) => ({ id: p.id as AiProvider, label: aiProviderLabels[p.id], model: p.model })),
    routing: aiPurposes.map((purpose) => ({
      purpose,
      providers: routeFor({ purpose, table: options.routing, configured }),
    })),
  });

  return { status, run, estimateCostNanoUsd };
};
