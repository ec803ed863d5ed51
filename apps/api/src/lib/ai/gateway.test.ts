import { aiProviders, type AiPurpose } from '@aiceo/shared/ai';
import { startFakeAi, type FakeAi } from '@aiceo/stand-ins/ai/fake-ai';
import { AiFailure, backoffMs, createAiGateway, type AiGatewayOptions } from './gateway';
import { DEFAULT_PRICES } from './pricing';
import { createOpenAiCompatibleProvider, type AiProviderClient } from './provider';
import { DEFAULT_ROUTING, parseRouting } from './routing';

// The gateway over four providers, each a namespace of the local fake, called through the real SDK.
let fake: FakeAi;
beforeAll(async () => {
  fake = await startFakeAi({ apiKey: 'good-key' });
});
afterAll(() => fake.close());
afterEach(() => fake.reset());

const providerFor = (id: (typeof aiProviders)[number], apiKey = 'good-key'): AiProviderClient =>
  createOpenAiCompatibleProvider({ id, apiKey, baseURL: fake.baseUrlFor(id), model: `${id}-model`, timeoutMs: 5_000 });

const gateway = (overrides: Partial<AiGatewayOptions> = {}) =>
  createAiGateway({
    providers: aiProviders.map((id) => providerFor(id)),
    routing: DEFAULT_ROUTING,
    prices: DEFAULT_PRICES,
    timeoutMs: 10_000, // generous: a loaded CI machine once took over 1 s for one local reply; timeout tests set their own
    maxRetries: 1,
    retryBaseMs: 1,
    retryMaxMs: 50,
    maxOutputTokens: 256,
    offlineWordDelayMs: 0,
    ...overrides,
  });

const ask = (purpose: AiPurpose, content = '[[reply:ok]]') => ({
  purpose,
  messages: [{ role: 'user' as const, content }],
  offlineAnswer: () => 'offline answer',
});

describe('AI gateway', () => {
  it.each([
    ['chat', 'openai'],
    ['analysis', 'anthropic'],
    ['creative', 'openai'],
    ['reasoning', 'xai'],
    ['summary', 'mistral'],
  ] as const)('when the purpose is %s, then %s answers', async (purpose, expected) => {
    const result = await gateway().run(ask(purpose));
    expect(result).toMatchObject({ provider: expected, model: `${expected}-model`, text: 'ok', outcome: 'success' });
    expect(fake.requests().map((r) => r.namespace)).toEqual([expected]);
  });

  it('when AI_ROUTING sends analysis to Mistral, then Mistral answers analysis', async () => {
    const result = await gateway({ routing: parseRouting('analysis=mistral>openai') }).run(ask('analysis'));
    expect(result.provider).toBe('mistral');
  });

  it('when providers fail in turn, then each is retried once and the next takes over in routing order', async () => {
    fake.setMode('openai', 'server-error');
    fake.setMode('anthropic', 'rate-limit');
    const result = await gateway().run(ask('chat'));
    expect(result.provider).toBe('mistral');
    expect(result.attempts.map((a) => [a.attempt, a.provider, a.outcome])).toEqual([
      [1, 'openai', 'server_error'],
      [2, 'openai', 'server_error'],
      [3, 'anthropic', 'rate_limited'],
      [4, 'anthropic', 'rate_limited'],
      [5, 'mistral', 'success'],
    ]);
  });

  it('when a provider refuses the key (401), then it is not retried and the next provider answers', async () => {
    const ai = gateway({ providers: [providerFor('openai', 'wrong-key'), providerFor('anthropic')] });
    const result = await ai.run(ask('chat'));
    expect(result.attempts.map((a) => [a.provider, a.outcome, a.error])).toEqual([
      ['openai', 'error', 'refused (401)'],
      ['anthropic', 'success', null],
    ]);
  });

  it('when the only provider times out on every attempt, then the run fails with every attempt listed', async () => {
    fake.setMode('openai', 'hang');
    const ai = gateway({ providers: [providerFor('openai')], timeoutMs: 150 });
    const failure = await ai.run(ask('chat')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AiFailure);
    expect((failure as AiFailure).attempts.map((a) => a.outcome)).toEqual(['timeout', 'timeout']);
    expect((failure as AiFailure).message).toBe('No AI provider could answer (tried OpenAI)');
  });

  it('when a stream breaks after text reached the caller, then it does not fall back (the answer would change mid-sentence)', async () => {
    const breaking: AiProviderClient = {
      id: 'openai',
      model: 'gpt-4o-mini',
      call: async ({ onDelta }) => {
        onDelta?.('Half an ');
        throw Object.assign(new Error('socket hang up'), {});
      },
    };
    const ai = gateway({ providers: [breaking, providerFor('anthropic')] });
    const deltas: string[] = [];
    const failure = (await ai
      .run({ ...ask('chat'), onDelta: (d) => deltas.push(d) })
      .catch((error: unknown) => error)) as AiFailure;
    expect(failure).toBeInstanceOf(AiFailure);
    expect(failure.partialText).toBe('Half an ');
    expect(failure.attempts).toHaveLength(1);
    expect(fake.requests('anthropic')).toHaveLength(0);
  });

  it('when the caller stops during a backoff, then the run ends as stopped without further attempts', async () => {
    fake.setMode('openai', 'server-error');
    const controller = new AbortController();
    const ai = gateway({ providers: [providerFor('openai')], retryBaseMs: 5_000, retryMaxMs: 5_000 });
    setTimeout(() => controller.abort(), 100);
    const startedAt = Date.now();
    const result = await ai.run({ ...ask('chat'), signal: controller.signal });
    expect(result.outcome).toBe('stopped');
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    expect(fake.requests('openai')).toHaveLength(1);
  });

  it('when no provider is configured, then the offline answer streams word by word, labelled offline, costing nothing', async () => {
    const ai = gateway({ providers: [] });
    const deltas: string[] = [];
    const result = await ai.run({
      ...ask('chat'),
      offlineAnswer: () => 'Three members, free plan.',
      onDelta: (d) => deltas.push(d),
    });
    expect(ai.status().mode).toBe('offline');
    expect(deltas).toEqual(['Three ', 'members, ', 'free ', 'plan.']);
    expect(result).toMatchObject({
      provider: 'offline',
      model: 'offline-templates',
      text: 'Three members, free plan.',
    });
    expect(result.attempts[0]).toMatchObject({ provider: 'offline', costNanoUsd: 0, outcome: 'success' });
  });

  it.each([
    [1, null, 100],
    [2, null, 200],
    [3, null, 400],
    [6, null, 1_000],
    [1, 700, 700],
    [1, 30_000, 1_000],
  ])(
    'when retry %i follows a Retry-After of %p ms, then it waits %i ms (base 100, cap 1000)',
    (retry, retryAfterMs, expected) => {
      expect(backoffMs({ retry, baseMs: 100, maxMs: 1_000, retryAfterMs })).toBe(expected);
    },
  );
});

describe('AI gateway: budget tier and cost estimate', () => {
  const cheap = (id: (typeof aiProviders)[number]): AiProviderClient =>
    createOpenAiCompatibleProvider({
      id,
      apiKey: 'good-key',
      baseURL: fake.baseUrlFor(id),
      model: 'gpt-4o-mini',
      timeoutMs: 5_000,
    });
  const priced = () =>
    gateway({
      providers: [
        createOpenAiCompatibleProvider({
          id: 'openai',
          apiKey: 'good-key',
          baseURL: fake.baseUrlFor('openai'),
          model: 'gpt-4.1',
          timeoutMs: 5_000,
        }),
        createOpenAiCompatibleProvider({
          id: 'anthropic',
          apiKey: 'good-key',
          baseURL: fake.baseUrlFor('anthropic'),
          model: 'claude-sonnet-4-20250514',
          timeoutMs: 5_000,
        }),
      ],
      budgetProviders: [cheap('openai'), cheap('anthropic')],
    });

  it('when the tier is budget, then the cheaper model answers and the result says so', async () => {
    const standard = await priced().run(ask('chat'));
    const budget = await priced().run({ ...ask('chat'), tier: 'budget' });
    expect(standard).toMatchObject({ model: 'gpt-4.1', tier: 'standard' });
    expect(budget).toMatchObject({ model: 'gpt-4o-mini', tier: 'budget' });
    expect(fake.requests('openai').map((r) => r.model)).toEqual(['gpt-4.1', 'gpt-4o-mini']);
  });

  it('when a cost is estimated, then it is the prompt plus the largest answer at the dearest model the route may use', () => {
    const messages = [{ role: 'user' as const, content: 'x'.repeat(400) }]; // 100 tokens
    // Claude Sonnet ($3 / $15 per million) is dearer than GPT-4.1 ($2 / $8) and follows it on the chat route.
    expect(priced().estimateCostNanoUsd({ purpose: 'chat', messages, maxTokens: 50 })).toBe(100 * 3_000 + 50 * 15_000);
    expect(priced().estimateCostNanoUsd({ purpose: 'chat', messages, maxTokens: 50, tier: 'budget' })).toBe(
      100 * 150 + 50 * 600,
    );
    expect(gateway({ providers: [] }).estimateCostNanoUsd({ purpose: 'chat', messages })).toBe(0);
  });
});
