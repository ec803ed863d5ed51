import request from 'supertest';
import { createTestContext, type TestContext } from '../../testing/test-app';

describe('GET /api/health', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('when the database is up, then reports it with latency, migrations, version and uptime', async () => {
    const res = await request(t.app).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      version: expect.any(String),
      database: { ok: true, latencyMs: expect.any(Number) },
      migrations: { pending: [], latest: t.deps.migrations.at(-1)?.name },
    });
    expect(res.body.migrations.applied).toBe(t.deps.migrations.length);
    expect(res.body.ai).toEqual({ mode: 'offline', providers: [] });
  });

  it('when AI providers are configured, then it names them and their models, never their keys', async () => {
    const configured = await createTestContext({ env: { MISTRAL_API_KEY: 'mistral-secret-key', XAI_API_KEY: 'xai-secret-key' } });
    try {
      const res = await request(configured.app).get('/api/health');
      expect(res.body.ai).toEqual({
        mode: 'online',
        providers: [
          { id: 'xai', label: 'xAI Grok', model: 'grok-3-mini' },
          { id: 'mistral', label: 'Mistral', model: 'mistral-small-latest' },
        ],
      });
      expect(res.text).not.toContain('secret-key');
    } finally {
      await configured.close();
    }
  });
});

describe('GET /api/health with the database down', () => {
  it('when the database is closed, then answers 503 with status down, and /live still answers 200', async () => {
    const t = await createTestContext();
    await t.testDb.drop();
    const res = await request(t.app).get('/api/health');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'down', database: { ok: false, latencyMs: null } });
    const live = await request(t.app).get('/api/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
  });
});
