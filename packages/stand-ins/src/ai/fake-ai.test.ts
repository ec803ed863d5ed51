import OpenAI, {
  APIConnectionTimeoutError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  RateLimitError,
} from 'openai';
import { sameRealmFetch, startFakeAi, type FakeAi } from './fake-ai';

const API_KEY = 'sk-fake-test';

describe('fake AI provider (through the openai SDK)', () => {
  let fake: FakeAi;
  const clientFor = (namespace: string, options: { apiKey?: string; timeout?: number } = {}) =>
    new OpenAI({
      apiKey: options.apiKey ?? API_KEY,
      baseURL: fake.baseUrlFor(namespace),
      maxRetries: 0,
      timeout: options.timeout ?? 5_000,
      fetch: sameRealmFetch,
    });
  const ask = (client: OpenAI, text: string) =>
    client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: text }] });

  beforeAll(async () => {
    fake = await startFakeAi({ apiKey: API_KEY });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('when asked without streaming, then answers a chat.completion echoing the last user message with deterministic usage', async () => {
    // Arrange
    const client = clientFor('a');
    // Act
    const completion = await client.chat.completions.create({
      model: 'gpt-test',
      messages: [
        { role: 'system', content: 'Be brief' },
        { role: 'user', content: 'Hello there' },
      ],
    });
    // Assert
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-test');
    expect(completion.choices[0]?.message).toMatchObject({ role: 'assistant', content: 'Fake reply to: Hello there' });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    // ceil((8 + 11) / 4) = 5; "Fake |reply |to: |Hello |there" = 5 pieces.
    expect(completion.usage).toEqual({ prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 });
    expect(fake.requests('a')).toMatchObject([
      { namespace: 'a', model: 'gpt-test', stream: false, headers: { authorization: `Bearer ${API_KEY}` } },
    ]);
  });

  it('when the last user message holds [[reply:...]], then answers exactly that text', async () => {
    // Act
    const completion = await ask(clientFor('a'), 'Please say [[reply:{"score": 7}]] and nothing else');
    // Assert
    expect(completion.choices[0]?.message.content).toBe('{"score": 7}');
  });

  it('when streaming with include_usage, then the pieces join into the reply and a usage chunk comes last', async () => {
    // Arrange
    const client = clientFor('a');
    // Act
    const stream = await client.chat.completions.create({
      model: 'fake-model',
      messages: [{ role: 'user', content: 'Stream this please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    // Assert
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('Fake reply to: Stream this please');
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks.some((c) => c.choices[0]?.finish_reason === 'stop')).toBe(true);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toEqual({ prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 });
    expect(fake.requests('a')[0]?.stream).toBe(true);
  });

  it('when the namespace is rate limited for 1 request, then the SDK throws RateLimitError once and the next request succeeds', async () => {
    // Arrange
    const client = clientFor('a');
    fake.setMode('a', 'rate-limit', { times: 1, retryAfterSeconds: 3 });
    // Act
    const failure = await ask(client, 'first').catch((error: unknown) => error);
    const success = await ask(client, 'second');
    // Assert
    expect(failure).toBeInstanceOf(RateLimitError);
    expect(failure).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'requests' });
    expect((failure as RateLimitError).headers.get('retry-after')).toBe('3');
    expect(success.choices[0]?.message.content).toBe('Fake reply to: second');
    expect(fake.requests('a')).toHaveLength(2);
  });

  it('when the namespace is in server-error mode, then the SDK throws InternalServerError until the mode is changed', async () => {
    // Arrange
    const client = clientFor('a');
    fake.setMode('a', 'server-error');
    // Act
    const first = await ask(client, 'one').catch((error: unknown) => error);
    const second = await ask(client, 'two').catch((error: unknown) => error);
    fake.setMode('a', 'ok');
    const third = await ask(client, 'three');
    // Assert
    expect(first).toBeInstanceOf(InternalServerError);
    expect(second).toMatchObject({ status: 500, type: 'server_error' });
    expect(third.choices[0]?.message.content).toBe('Fake reply to: three');
  });

  it('when the namespace is slow or hangs past the SDK timeout, then the SDK throws APIConnectionTimeoutError', async () => {
    // Arrange
    const client = clientFor('a', { timeout: 100 });
    fake.setMode('a', 'slow', { delayMs: 1_000, times: 1 });
    fake.setMode('b', 'hang');
    // Act
    const slow = await ask(client, 'slow').catch((error: unknown) => error);
    const hang = await ask(clientFor('b', { timeout: 100 }), 'hang').catch((error: unknown) => error);
    // Assert
    expect(slow).toBeInstanceOf(APIConnectionTimeoutError);
    expect(hang).toBeInstanceOf(APIConnectionTimeoutError);
    expect(fake.requests('b')).toHaveLength(1);
  });

  it('when slow has a short delay within the timeout, then the answer arrives after the delay', async () => {
    // Arrange
    fake.setMode('a', 'slow', { delayMs: 150 });
    const started = Date.now();
    // Act
    const completion = await ask(clientFor('a'), 'patience');
    // Assert
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(completion.choices[0]?.message.content).toBe('Fake reply to: patience');
  });

  it('when the client aborts a stream midway, then the server stays healthy and answers the next request', async () => {
    // Arrange
    const client = clientFor('a');
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      {
        model: 'fake-model',
        messages: [{ role: 'user', content: 'one two three four five six seven eight nine ten' }],
        stream: true,
      },
      { signal: controller.signal, headers: { 'x-fake-token-delay-ms': '20' } },
    );
    // Act
    const received: string[] = [];
    const consumed = (async () => {
      for await (const chunk of stream) {
        received.push(chunk.choices[0]?.delta.content ?? '');
        if (received.length === 3) controller.abort();
      }
    })().catch((error: unknown) => error);
    await consumed;
    const next = await ask(client, 'still there?');
    // Assert
    expect(received.length).toBeLessThan(8);
    expect(next.choices[0]?.message.content).toBe('Fake reply to: still there?');
  });

  it('when one namespace fails, then the others still answer', async () => {
    // Arrange
    fake.setMode('a', 'server-error');
    // Act
    const failed = await ask(clientFor('a'), 'hello').catch((error: unknown) => error);
    const answered = await ask(clientFor('b'), 'hello');
    // Assert
    expect(failed).toBeInstanceOf(InternalServerError);
    expect(answered.choices[0]?.message.content).toBe('Fake reply to: hello');
    expect(fake.requests('a')).toHaveLength(1);
    expect(fake.requests('b')).toHaveLength(1);
    expect(fake.requests()).toHaveLength(2);
  });

  it('when the API key is wrong, then the SDK throws AuthenticationError with code invalid_api_key', async () => {
    // Act
    const failure = await ask(clientFor('a', { apiKey: 'sk-wrong' }), 'hello').catch((error: unknown) => error);
    // Assert
    expect(failure).toBeInstanceOf(AuthenticationError);
    expect(failure).toMatchObject({ status: 401, code: 'invalid_api_key', type: 'invalid_request_error' });
    expect(fake.requests('a')[0]?.headers.authorization).toBe('Bearer sk-wrong');
  });

  it('when the body lacks messages, then answers 400 in OpenAI error format', async () => {
    // Act
    const failure = await clientFor('a')
      .post('/chat/completions', { body: { model: 'fake-model' } })
      .catch((error: unknown) => error);
    const badJson = await fetch(`${fake.baseUrlFor('a')}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}` },
      body: '{nope',
    });
    // Assert
    expect(failure).toBeInstanceOf(BadRequestError);
    expect(failure).toMatchObject({ status: 400, param: 'messages', code: 'missing_required_parameter' });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { type: 'invalid_request_error', param: null, code: null } });
  });

  it('when listing models without a namespace, then the default provider answers the model list', async () => {
    // Arrange
    const client = new OpenAI({ apiKey: API_KEY, baseURL: `${fake.url}/v1`, maxRetries: 0 });
    // Act
    const models = await client.models.list();
    const completion = await ask(client, 'hi');
    // Assert
    expect(models.data.map((m) => m.id)).toEqual(['fake-model', 'fake-model-mini']);
    expect(completion.choices[0]?.message.content).toBe('Fake reply to: hi');
    expect(fake.requests('default')).toHaveLength(1);
  });

  it('when driven over the HTTP control endpoints, then mode, request log and reset work', async () => {
    // Arrange
    const post = (path: string, body?: unknown) =>
      fetch(`${fake.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      });
    // Act
    const setMode = await post('/__fake/mode', { namespace: 'c', mode: 'rate-limit', times: 1 });
    const limited = await ask(clientFor('c'), 'first').catch((error: unknown) => error);
    const logged = (await (await fetch(`${fake.url}/__fake/requests?namespace=c`)).json()) as unknown[];
    const badMode = await post('/__fake/mode', { namespace: 'c', mode: 'sleepy' });
    await post('/__fake/reset');
    const afterReset = (await (await fetch(`${fake.url}/__fake/requests`)).json()) as unknown[];
    // Assert
    expect(setMode.status).toBe(200);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(logged).toMatchObject([
      { namespace: 'c', model: 'fake-model', messages: [{ role: 'user', content: 'first' }] },
    ]);
    expect(badMode.status).toBe(400);
    expect(afterReset).toEqual([]);
  });

  describe('structured output (response_format json_schema)', () => {
    const schema = {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'email', 'budget', 'timeline', 'score', 'tags'],
      properties: {
        name: { type: ['string', 'null'] },
        email: { type: ['string', 'null'] },
        budget: { type: ['string', 'null'] },
        timeline: { type: ['string', 'null'] },
        score: { type: 'integer' },
        tags: { type: 'array', items: { type: 'string' } },
      },
    };
    const askJson = (client: OpenAI, text: string) =>
      client.chat.completions.create({
        model: 'fake-model',
        messages: [{ role: 'user', content: text }],
        response_format: { type: 'json_schema', json_schema: { name: 'fields', strict: true, schema } },
      });

    it('when asked for JSON against a schema, then every property gets a value of its type, some read from the message', async () => {
      // Act
      const completion = await askJson(
        clientFor('json'),
        "I'm Dana from Acme, dana@acme.test; our budget is about $5k and we want it within 3 months",
      );
      // Assert
      expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({
        name: 'Dana',
        email: 'dana@acme.test',
        budget: '$5k',
        timeline: 'within 3 months',
        score: 0,
        tags: [],
      });
      expect(fake.requests('json')[0]?.responseFormat).toMatchObject({ type: 'json_schema' });
    });

    it('when the message carries a [[json:...]] marker, then that JSON is the answer', async () => {
      // Act
      const completion = await askJson(clientFor('json'), 'x [[json:{"name":"Kim","score":3}]] y');
      // Assert
      expect(completion.choices[0]?.message.content).toBe('{"name":"Kim","score":3}');
    });
  });
});
