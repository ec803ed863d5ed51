import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import type { ChatStreamEvent } from '@aiceo/shared/chat';
import { chatStreamEventSchema } from '@aiceo/shared/chat';
import { startFakeAi, type FakeAi } from '@aiceo/stand-ins/ai/fake-ai';
import { addMember, bearer, seedOrg, seedUser, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { CHECKPOINT_MS } from './chat.service';

// Two providers (OpenAI and Anthropic) reached through the real openai SDK over HTTP, both
// served by the local fake, which answers word by word with a small pause between words.
let fake: FakeAi;
let t: TestContext;
let server: Server;
let origin: string;
beforeAll(async () => {
  fake = await startFakeAi({ tokenDelayMs: 15, apiKey: 'test-key' });
  t = await createTestContext({
    env: {
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: fake.baseUrlFor('openai'),
      OPENAI_MODEL: 'gpt-4o-mini',
      ANTHROPIC_API_KEY: 'test-key',
      ANTHROPIC_BASE_URL: fake.baseUrlFor('anthropic'),
      ANTHROPIC_MODEL: 'claude-sonnet-4-20250514',
      AI_MAX_RETRIES: '1',
      AI_RETRY_BASE_MS: '5',
      AI_TIMEOUT_MS: '400',
    },
  });
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
  await fake.close();
});
afterEach(() => fake.reset());

const base = (org: SeededOrg) => `/api/orgs/${org.id}/chat/conversations`;
const newConversation = async (org: SeededOrg) =>
  (await request(t.app).post(base(org)).set(bearer(org.owner.token)).send({})).body.id as string;
const send = (org: SeededOrg, conversationId: string, content: string) =>
  request(t.app)
    .post(`${base(org)}/${conversationId}/messages`)
    .set(bearer(org.owner.token))
    .send({ content });
const words = (count: number) => Array.from({ length: count }, (_, i) => `word${i}`).join(' ');

/** Opens a real streamed request and hands back its events as they arrive. */
const openStream = async (org: SeededOrg, conversationId: string, content: string) => {
  const controller = new AbortController();
  const res = await fetch(`${origin}${base(org)}/${conversationId}/messages`, {
    method: 'POST',
    headers: { ...bearer(org.owner.token), 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ content }),
    signal: controller.signal,
  });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const next = async (): Promise<ChatStreamEvent | null> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame.split('\n').find((line) => line.startsWith('data: '));
        if (data) return chatStreamEventSchema.parse(JSON.parse(data.slice(6)));
        continue;
      }
      const { value, done } = await reader.read();
      if (done) return null;
      buffer += value;
    }
  };
  const until = async (type: ChatStreamEvent['type']) => {
    for (let event = await next(); event; event = await next()) if (event.type === type) return event;
    throw new Error(`stream ended before ${type}`);
  };
  return { status: res.status, next, until, abort: () => controller.abort() };
};

const waitFor = async <T>(read: () => Promise<T>, isDone: (value: T) => boolean, timeoutMs = 5_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isDone(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe('chat through configured providers', () => {
  it('when the owner chats, then the prompt carries the personality, settings and org data, and nothing of another organisation', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Northwind Roasters' });
    const colleague = await addMember(t.deps, {
      orgId: org.id,
      role: 'member',
      user: await seedUser(t.deps, { name: 'Priya Raman' }),
    });
    const other = await seedOrg(t.deps, {
      name: 'Globex Secret Labs',
      owner: await seedUser(t.deps, { name: 'Zed Confidential' }),
    });
    await request(t.app)
      .put(`/api/orgs/${org.id}/ai/settings`)
      .set(bearer(org.owner.token))
      .send({
        name: 'Max',
        personality: 'hustlebot',
        industry: 'Specialty coffee',
        goals: ['Open a second cafe'],
        tone: 'no jargon',
      });
    const conversationId = await newConversation(org);
    // Act
    const res = await send(org, conversationId, 'What should I focus on?');
    // Assert
    expect(res.status).toBe(201);
    const [call] = fake.requests('openai');
    const system = call?.messages[0]?.content ?? '';
    expect(call?.messages[0]?.role).toBe('system');
    expect(system).toContain('You are Max, the AI CEO of Northwind Roasters, with the HustleBot personality');
    expect(system).toContain('Business style: aggressive scaling, quick wins, high volume');
    expect(system).toContain('Risk tolerance: high');
    expect(system).toContain('Tone: energetic, direct, action-first; also: no jargon');
    expect(system).toContain('Industry: Specialty coffee');
    expect(system).toContain('1. Open a second cafe');
    expect(system).toContain('2 members: 1 owner, 0 admins, 1 other');
    expect(system).toContain(`- ${org.owner.name} (owner)\n- ${colleague.name} (member)`);
    expect(system).toContain('AI messages: 1 of 50 used');
    for (const secret of [other.name, other.owner.name, other.owner.email, other.id])
      expect(JSON.stringify(call)).not.toContain(secret);
    expect(call?.messages.at(-1)).toEqual({ role: 'user', content: 'What should I focus on?' });
  });

  it("when an answer completes, then its call is recorded with tokens, price-table cost and latency, and nothing enters the org's books", async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const conversationId = await newConversation(org);
    // Act
    const first = await send(org, conversationId, '[[reply:Ship the spring menu this week.]]');
    const second = await send(org, conversationId, '[[reply:Then raise prices by five percent.]]');
    // Assert
    expect(first.body.assistantMessage).toMatchObject({
      content: 'Ship the spring menu this week.',
      provider: 'openai',
      model: 'gpt-4o-mini',
      status: 'complete',
    });
    expect(second.status).toBe(201);
    const calls = await t.deps.db.aiCall.findMany({ where: { orgId: org.id }, orderBy: { createdAt: 'asc' } });
    expect(calls).toHaveLength(2);
    const requests = fake.requests('openai');
    for (const [i, call] of calls.entries()) {
      const sentChars = requests[i]!.messages.reduce((sum, m) => sum + m.content.length, 0);
      // The fake counts prompt tokens as ceil(chars / 4) and one completion token per word.
      expect(call).toMatchObject({
        provider: 'openai',
        model: 'gpt-4o-mini',
        purpose: 'chat',
        outcome: 'success',
        tokensIn: Math.ceil(sentChars / 4),
        tokensOut: 6,
      });
      // gpt-4o-mini: $0.15 in and $0.60 out per million tokens = 150 and 600 nano-dollars per token.
      expect(call.costNanoUsd).toBe(BigInt(call.tokensIn * 150 + call.tokensOut * 600));
      expect(call.latencyMs).toBeGreaterThanOrEqual(0);
    }
    const total = calls.reduce((sum, c) => sum + c.costNanoUsd, 0n);
    expect(await t.deps.db.financeTransaction.count({ where: { orgId: org.id } })).toBe(0);
    const usage = await request(t.app).get(`/api/orgs/${org.id}/ai/usage`).set(bearer(org.owner.token));
    expect(usage.body.totals).toEqual({
      calls: 2,
      failedCalls: 0,
      tokensIn: calls[0]!.tokensIn + calls[1]!.tokensIn,
      tokensOut: 12,
      costNanoUsd: Number(total),
    });
    expect(usage.body.byModel).toEqual([
      expect.objectContaining({ provider: 'openai', model: 'gpt-4o-mini', calls: 2, costNanoUsd: Number(total) }),
    ]);
  });

  it('when the first provider keeps failing with 500, then it is retried once and the answer comes from the fallback, every attempt recorded', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const conversationId = await newConversation(org);
    fake.setMode('openai', 'server-error');
    // Act
    const res = await send(org, conversationId, '[[reply:From the fallback.]]');
    // Assert
    expect(res.status).toBe(201);
    expect(res.body.assistantMessage).toMatchObject({
      provider: 'anthropic',
      model: 'claude-sonnet-4-20250514',
      content: 'From the fallback.',
    });
    const calls = await t.deps.db.aiCall.findMany({ where: { orgId: org.id }, orderBy: { attempt: 'asc' } });
    expect(calls.map((c) => [c.attempt, c.provider, c.outcome])).toEqual([
      [1, 'openai', 'server_error'],
      [2, 'openai', 'server_error'],
      [3, 'anthropic', 'success'],
    ]);
    expect(new Set(calls.map((c) => c.requestId)).size).toBe(1);
  });

  it('when the provider answers 429 once, then the retry on the same provider answers', async () => {
    const org = await seedOrg(t.deps);
    const conversationId = await newConversation(org);
    fake.setMode('openai', 'rate-limit', { times: 1 });
    const res = await send(org, conversationId, '[[reply:After the wait.]]');
    expect(res.body.assistantMessage).toMatchObject({ provider: 'openai', content: 'After the wait.' });
    const calls = await t.deps.db.aiCall.findMany({ where: { orgId: org.id }, orderBy: { attempt: 'asc' } });
    expect(calls.map((c) => [c.provider, c.outcome])).toEqual([
      ['openai', 'rate_limited'],
      ['openai', 'success'],
    ]);
  });

  it('when the provider is too slow, then each attempt times out and the fallback answers', async () => {
    const org = await seedOrg(t.deps);
    const conversationId = await newConversation(org);
    fake.setMode('openai', 'slow', { delayMs: 3_000 });
    const res = await send(org, conversationId, '[[reply:Fast one.]]');
    expect(res.body.assistantMessage).toMatchObject({ provider: 'anthropic', content: 'Fast one.' });
    const calls = await t.deps.db.aiCall.findMany({ where: { orgId: org.id }, orderBy: { attempt: 'asc' } });
    expect(calls.map((c) => [c.provider, c.outcome])).toEqual([
      ['openai', 'timeout'],
      ['openai', 'timeout'],
      ['anthropic', 'success'],
    ]);
    expect(calls[0]!.latencyMs).toBeGreaterThanOrEqual(400);
  });

  it('when every provider fails, then the answer is stored as failed, the AI message is given back, and JSON gets 503 while a stream gets an error event', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const conversationId = await newConversation(org);
    fake.setMode('openai', 'server-error');
    fake.setMode('anthropic', 'server-error');
    // Act
    const json = await send(org, conversationId, 'hello?');
    const stream = await openStream(org, conversationId, 'anyone?');
    const errorEvent = await stream.until('error');
    // Assert
    expect(json.status).toBe(503);
    expect(json.body.error).toMatchObject({
      code: 'UNAVAILABLE',
      message: 'No AI provider could answer (tried OpenAI, Anthropic)',
    });
    expect(errorEvent).toMatchObject({
      type: 'error',
      error: { code: 'UNAVAILABLE' },
      message: { status: 'failed', error: 'No AI provider could answer (tried OpenAI, Anthropic)' },
    });
    const detail = await request(t.app)
      .get(`${base(org)}/${conversationId}`)
      .set(bearer(org.owner.token));
    expect(detail.body.messages.map((m: { status: string }) => m.status)).toEqual([
      'complete',
      'failed',
      'complete',
      'failed',
    ]);
    expect((await t.deps.db.usageCounter.findFirst({ where: { orgId: org.id, resource: 'aiMessages' } }))?.used).toBe(
      0,
    );
    expect(await t.deps.db.aiCall.count({ where: { orgId: org.id, outcome: 'server_error' } })).toBe(8);
  });

  it('when the client disconnects mid-answer, then the server writes the answer to the end and stores both messages', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const conversationId = await newConversation(org);
    const reply = words(40);
    // Act
    const stream = await openStream(org, conversationId, `[[reply:${reply}]]`);
    const start = await stream.until('assistant-start');
    await stream.until('delta');
    stream.abort();
    // Assert
    const answerId = start.type === 'assistant-start' ? start.message.id : '';
    const saved = await waitFor(
      () => t.deps.db.chatMessage.findUniqueOrThrow({ where: { id: answerId } }),
      (m) => m.status !== 'streaming',
    );
    expect(saved).toMatchObject({ status: 'complete', content: reply, provider: 'openai' });
    expect(await t.deps.db.chatMessage.count({ where: { conversationId } })).toBe(2);
  });

  it('when the user stops an answer, then the stream ends with it stopped, the partial text is kept, and the call is recorded as stopped', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const conversationId = await newConversation(org);
    const reply = words(60);
    const stream = await openStream(org, conversationId, `[[reply:${reply}]]`);
    const start = await stream.until('assistant-start');
    const answerId = start.type === 'assistant-start' ? start.message.id : '';
    await stream.until('delta');
    // Act: while it streams, a second send is refused; then stop.
    const busy = await send(org, conversationId, 'and another thing');
    const stopped = await request(t.app)
      .post(`${base(org)}/${conversationId}/messages/${answerId}/stop`)
      .set(bearer(org.owner.token));
    const done = await stream.until('done');
    // Assert
    expect(busy.status).toBe(409);
    expect(stopped.status).toBe(200);
    expect(stopped.body.status).toBe('stopped');
    expect(stopped.body.content.length).toBeGreaterThan(0);
    expect(reply.startsWith(stopped.body.content)).toBe(true);
    expect(stopped.body.content.length).toBeLessThan(reply.length);
    expect(done.type === 'done' && done.message).toMatchObject({
      id: answerId,
      status: 'stopped',
      content: stopped.body.content,
    });
    const calls = await t.deps.db.aiCall.findMany({ where: { orgId: org.id } });
    expect(calls).toEqual([expect.objectContaining({ outcome: 'stopped', error: null })]);
    expect(calls[0]!.tokensOut).toBeGreaterThan(0);
  });

  it('when another instance marks the answer stopped in the database, then the writer notices at its next checkpoint and stops', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const conversationId = await newConversation(org);
    const stream = await openStream(org, conversationId, `[[reply:${words(200)}]]`);
    const start = await stream.until('assistant-start');
    const answerId = start.type === 'assistant-start' ? start.message.id : '';
    await stream.until('delta');
    // Act
    await t.deps.db.chatMessage.update({ where: { id: answerId }, data: { status: 'stopped' } });
    const startedAt = Date.now();
    const done = await stream.until('done');
    // Assert
    expect(Date.now() - startedAt).toBeLessThan(CHECKPOINT_MS + 1_000);
    expect(done.type === 'done' && done.message.status).toBe('stopped');
  });

  it('when the conversation is deleted while an answer streams, then the stream still ends cleanly and the server keeps serving', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const conversationId = await newConversation(org);
    const stream = await openStream(org, conversationId, `[[reply:${words(100)}]]`);
    await stream.until('delta');
    // Act
    const removed = await request(t.app)
      .delete(`${base(org)}/${conversationId}`)
      .set(bearer(org.owner.token));
    const end = await stream.until('done');
    const next = await request(t.app).get(base(org)).set(bearer(org.owner.token));
    // Assert
    expect(removed.status).toBe(204);
    expect(end.type === 'done' && end.message.status).toBe('stopped');
    expect(next.status).toBe(200);
    expect(await t.deps.db.chatMessage.count({ where: { conversationId } })).toBe(0);
  });
});
