import request from 'supertest';
import { addMember, bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { parseSse } from '../../testing/sse';
import { createTestContext, type TestContext } from '../../testing/test-app';

// Offline mode (no provider configured): answers are templates over the org's real data.
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ env: { AI_OFFLINE_WORD_DELAY_MS: '0' } });
});
afterAll(() => t.close());

const base = (org: SeededOrg) => `/api/orgs/${org.id}/chat/conversations`;
const newConversation = async (org: SeededOrg, token = org.owner.token) => {
  const res = await request(t.app).post(base(org)).set(bearer(token)).send({});
  expect(res.status).toBe(201);
  return res.body.id as string;
};
const aiMessagesUsed = async (orgId: string) =>
  (await t.deps.db.usageCounter.findFirst({ where: { orgId, resource: 'aiMessages' }, select: { used: true } }))
    ?.used ?? 0;

describe('conversations', () => {
  it('when a member starts, renames, lists and deletes a conversation, then each answer reflects it', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    // Act
    const created = await request(t.app).post(base(org)).set(bearer(member.token)).send({ title: 'Pricing ideas' });
    const renamed = await request(t.app)
      .patch(`${base(org)}/${created.body.id}`)
      .set(bearer(member.token))
      .send({ title: 'Pricing' });
    const listed = await request(t.app).get(base(org)).set(bearer(member.token));
    const removed = await request(t.app)
      .delete(`${base(org)}/${created.body.id}`)
      .set(bearer(member.token));
    const after = await request(t.app)
      .get(`${base(org)}/${created.body.id}`)
      .set(bearer(member.token));
    // Assert
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Pricing ideas', lastMessageAt: null, preview: '' });
    expect(renamed.body.title).toBe('Pricing');
    expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
    expect(removed.status).toBe(204);
    expect(after.status).toBe(404);
  });

  it("when another member of the same org asks for someone's conversation, then it is 404 and absent from their list", async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const colleague = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const conversationId = await newConversation(org);
    // Act
    const read = await request(t.app)
      .get(`${base(org)}/${conversationId}`)
      .set(bearer(colleague.token));
    const send = await request(t.app)
      .post(`${base(org)}/${conversationId}/messages`)
      .set(bearer(colleague.token))
      .send({ content: 'hi' });
    const list = await request(t.app).get(base(org)).set(bearer(colleague.token));
    // Assert
    expect(read.status).toBe(404);
    expect(send.status).toBe(404);
    expect(list.body.items).toEqual([]);
  });

  it('when inputs are bad, then each route answers 400 with the field', async () => {
    const org = await seedOrg(t.deps);
    const conversationId = await newConversation(org);
    const auth = bearer(org.owner.token);
    const cases = [
      await request(t.app).post(base(org)).set(auth).send({ title: '' }),
      await request(t.app)
        .get(`${base(org)}?limit=0`)
        .set(auth),
      await request(t.app)
        .get(`${base(org)}?cursor=not-a-uuid`)
        .set(auth),
      await request(t.app)
        .get(`${base(org)}/not-a-uuid`)
        .set(auth),
      await request(t.app)
        .patch(`${base(org)}/${conversationId}`)
        .set(auth)
        .send({ title: 'x'.repeat(121) }),
      await request(t.app)
        .delete(`${base(org)}/nope`)
        .set(auth),
      await request(t.app)
        .post(`${base(org)}/${conversationId}/messages`)
        .set(auth)
        .send({ content: '   ' }),
      await request(t.app)
        .post(`${base(org)}/${conversationId}/messages`)
        .set(auth)
        .send({ content: 'x'.repeat(8001) }),
      await request(t.app)
        .post(`${base(org)}/${conversationId}/messages/bad/stop`)
        .set(auth),
      await request(t.app)
        .post(`${base(org)}/${conversationId}/messages/bad/retry`)
        .set(auth),
    ];
    for (const res of cases) {
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(await aiMessagesUsed(org.id)).toBe(0);
  });

  it('when conversations have messages, then the list shows the newest message of each as plain text, and rename keeps it', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const first = await newConversation(org);
    const second = await newConversation(org);
    await request(t.app)
      .post(`${base(org)}/${first}/messages`)
      .set(bearer(org.owner.token))
      .send({ content: 'hello' });
    // Act
    const listed = await request(t.app).get(base(org)).set(bearer(org.owner.token));
    const renamed = await request(t.app)
      .patch(`${base(org)}/${first}`)
      .set(bearer(org.owner.token))
      .send({ title: 'Greeting' });
    // Assert
    const byId = new Map(listed.body.items.map((c: { id: string; preview: string }) => [c.id, c.preview]));
    expect(byId.get(first)).toMatch(/^Offline mode: this answer is a template/);
    expect(byId.get(second)).toBe('');
    expect(renamed.body.preview).toBe(byId.get(first));
  });

  it('when an API key calls a chat route, then it is refused: conversations belong to people', async () => {
    const org = await seedOrg(t.deps);
    const created = await request(t.app)
      .post('/api/orgs/' + org.id + '/api-keys')
      .set(bearer(org.owner.token))
      .send({ name: 'k', scopes: ['read', 'write'] });
    const res = await request(t.app).get(base(org)).set(bearer(created.body.key));
    expect(res.status).toBe(403);
  });
});

describe('POST /api/orgs/:orgId/chat/conversations/:conversationId/messages (offline mode)', () => {
  it('when the owner asks for a summary as JSON, then both messages are stored and the answer is labelled offline and states real numbers', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Harbor Bakery' });
    await addMember(t.deps, { orgId: org.id, role: 'admin' });
    await addMember(t.deps, { orgId: org.id, role: 'member' });
    const conversationId = await newConversation(org);
    // Act
    const res = await request(t.app)
      .post(`${base(org)}/${conversationId}/messages`)
      .set(bearer(org.owner.token))
      .send({ content: 'Give me a summary of the business' });
    const detail = await request(t.app)
      .get(`${base(org)}/${conversationId}`)
      .set(bearer(org.owner.token));
    // Assert
    expect(res.status).toBe(201);
    const answer = res.body.assistantMessage;
    expect(answer).toMatchObject({
      role: 'assistant',
      status: 'complete',
      provider: 'offline',
      model: 'offline-templates',
      error: null,
    });
    expect(answer.content).toMatch(/^_Offline mode: this answer is a template/);
    expect(answer.content).toContain('**Harbor Bakery** is on the **Free** plan with **3 members**');
    // An offline answer is a template: it costs nothing and uses none of the plan's AI messages.
    expect(answer.content).toContain('AI messages: **0 of 50** used');
    expect(detail.body.messages.map((m: { role: string; status: string }) => [m.role, m.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ]);
    expect(detail.body.title).toBe('Give me a summary of the business');
    expect(await aiMessagesUsed(org.id)).toBe(0);
    expect(await t.deps.db.aiBudgetMonth.count({ where: { orgId: org.id } })).toBe(0);
    const calls = await t.deps.db.aiCall.findMany({ where: { orgId: org.id } });
    expect(calls).toEqual([
      expect.objectContaining({
        provider: 'offline',
        purpose: 'chat',
        outcome: 'success',
        costNanoUsd: 0n,
        userId: org.owner.id,
      }),
    ]);
  });

  it('when the client asks for a stream, then it gets user-message, assistant-start, deltas that add up to the answer, and done', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const conversationId = await newConversation(org);
    // Act
    const res = await request(t.app)
      .post(`${base(org)}/${conversationId}/messages`)
      .set(bearer(org.owner.token))
      .set('accept', 'text/event-stream')
      .send({ content: 'Who is on my team?' })
      .buffer(true);
    // Assert
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = parseSse(res.text);
    expect(events.map((e) => e.type).filter((type, i, all) => type !== 'delta' || all[i - 1] !== 'delta')).toEqual([
      'user-message',
      'assistant-start',
      'delta',
      'done',
    ]);
    const done = events.at(-1);
    const streamed = events.flatMap((e) => (e.type === 'delta' ? [e.text] : [])).join('');
    expect(done?.type === 'done' && done.message.content).toBe(streamed);
    expect(streamed).toContain(`${org.owner.name} (owner)`);
  });

  it('when the org has used its AI messages, then offline answers still come (they cost nothing) and the count stays', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const conversationId = await newConversation(org);
    const month = t.clock.now().toISOString().slice(0, 7);
    await t.deps.db.usageCounter.create({ data: { orgId: org.id, month, resource: 'aiMessages', used: 50 } });
    // Act
    const res = await request(t.app)
      .post(`${base(org)}/${conversationId}/messages`)
      .set(bearer(org.owner.token))
      .send({ content: 'hi' });
    // Assert
    expect(res.status).toBe(201);
    expect(res.body.assistantMessage).toMatchObject({ provider: 'offline', status: 'complete' });
    expect(await aiMessagesUsed(org.id)).toBe(50);
  });

  it('when several messages are sent to one conversation at once, then one answer is written at a time and the rest get 409 without using the plan', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const conversationId = await newConversation(org);
    // Act
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        request(t.app)
          .post(`${base(org)}/${conversationId}/messages`)
          .set(bearer(org.owner.token))
          .send({ content: `summary ${i}` }),
      ),
    );
    // Assert
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const answered = statuses.filter((s) => s === 201).length;
    // Offline answers use no AI messages.
    expect(await aiMessagesUsed(org.id)).toBe(0);
    expect(await t.deps.db.chatMessage.count({ where: { conversationId } })).toBe(answered * 2);
  });

  it('when a stopped answer is the last message, then retry writes it again; anything else is 409', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const conversationId = await newConversation(org);
    const first = await request(t.app)
      .post(`${base(org)}/${conversationId}/messages`)
      .set(bearer(org.owner.token))
      .send({ content: 'my goals?' });
    const answerId = first.body.assistantMessage.id as string;
    // Act
    const refused = await request(t.app)
      .post(`${base(org)}/${conversationId}/messages/${answerId}/retry`)
      .set(bearer(org.owner.token));
    await t.deps.db.chatMessage.update({ where: { id: answerId }, data: { status: 'stopped', content: 'Your go' } });
    const retried = await request(t.app)
      .post(`${base(org)}/${conversationId}/messages/${answerId}/retry`)
      .set(bearer(org.owner.token));
    const userRetry = await request(t.app)
      .post(`${base(org)}/${conversationId}/messages/${first.body.userMessage.id}/retry`)
      .set(bearer(org.owner.token));
    // Assert
    expect(refused.status).toBe(409);
    expect(retried.status).toBe(201);
    expect(retried.body).toMatchObject({ userMessage: null, assistantMessage: { id: answerId, status: 'complete' } });
    expect(retried.body.assistantMessage.content).toContain('You have not set any goals yet');
    expect(userRetry.status).toBe(409);
    expect(await aiMessagesUsed(org.id)).toBe(0);
  });

  it('when stop is called on a finished answer, then it is returned unchanged; an unknown message is 404', async () => {
    const org = await seedOrg(t.deps);
    const conversationId = await newConversation(org);
    const sent = await request(t.app)
      .post(`${base(org)}/${conversationId}/messages`)
      .set(bearer(org.owner.token))
      .send({ content: 'hello' });
    const stopped = await request(t.app)
      .post(`${base(org)}/${conversationId}/messages/${sent.body.assistantMessage.id}/stop`)
      .set(bearer(org.owner.token));
    const unknown = await request(t.app)
      .post(`${base(org)}/${conversationId}/messages/${crypto.randomUUID()}/stop`)
      .set(bearer(org.owner.token));
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ id: sent.body.assistantMessage.id, status: 'complete' });
    expect(unknown.status).toBe(404);
  });

  it('when an answer has been streaming with no save for minutes (its process died), then it reads as failed and a new message may be sent', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const conversationId = await newConversation(org);
    const old = new Date(Date.now() - 10 * 60_000);
    await t.deps.db.chatMessage.create({
      data: { orgId: org.id, conversationId, role: 'user', content: 'q', status: 'complete', createdAt: old },
    });
    await t.deps.db.chatMessage.create({
      data: {
        orgId: org.id,
        conversationId,
        role: 'assistant',
        content: 'partial',
        status: 'streaming',
        createdAt: new Date(old.getTime() + 1),
        updatedAt: old,
      },
    });
    // Act
    const detail = await request(t.app)
      .get(`${base(org)}/${conversationId}`)
      .set(bearer(org.owner.token));
    const sent = await request(t.app)
      .post(`${base(org)}/${conversationId}/messages`)
      .set(bearer(org.owner.token))
      .send({ content: 'status?' });
    // Assert
    expect(detail.body.messages[1]).toMatchObject({
      status: 'failed',
      error: 'The answer was interrupted',
      content: 'partial',
    });
    expect(sent.status).toBe(201);
  });

  it('when the owner asks whom to follow up, then the offline answer names the stale leads with their last activity, and none of another org', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const longAgo = new Date(t.clock.now().getTime() - 30 * 86_400_000);
    const stale = await t.deps.db.lead.create({
      data: {
        orgId: org.id,
        name: 'Dana Whitfield',
        company: 'Acme Tools',
        stage: 'qualified',
        valueCents: 500_000,
        lastActivityAt: longAgo,
        activityCount: 1,
        createdAt: longAgo,
      },
    });
    await t.deps.db.leadActivity.create({
      data: {
        orgId: org.id,
        leadId: stale.id,
        kind: 'call',
        summary: 'Discussed the pilot pricing',
        occurredAt: longAgo,
      },
    });
    await t.deps.db.lead.create({
      data: { orgId: org.id, name: 'Fresh Lead', stage: 'new', lastActivityAt: t.clock.now() },
    });
    await t.deps.db.lead.create({
      data: { orgId: other.id, name: 'Other Org Person', stage: 'new', createdAt: longAgo },
    });
    const conversationId = await newConversation(org);
    // Act
    const res = await request(t.app)
      .post(`${base(org)}/${conversationId}/messages`)
      .set(bearer(org.owner.token))
      .send({ content: 'Which leads should I follow up?' });
    // Assert
    const answer: string = res.body.assistantMessage.content;
    expect(answer).toContain('You have **2 leads**; **$5,000** is open in the pipeline');
    expect(answer).toContain(
      `**Dana Whitfield** (Acme Tools), qualified, quiet 30 days, last call on ${longAgo.toISOString().slice(0, 10)}: "Discussed the pilot pricing"`,
    );
    expect(answer).toContain('Hi Dana, following up on our call');
    expect(answer).not.toContain('Fresh Lead');
    expect(answer).not.toContain('Other Org Person');
  });
});
