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
    const configured = await createTestContext({
      env: { MISTRAL_API_KEY: 'mistral-secret-key', XAI_API_KEY: 'xai-secret-key' },
    });
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
    expect(res.body).toMatchObject({
      status: 'down',
      database: { ok: false, latencyMs: null },
      executor: 'in-process',
    });
    expect(res.body.jobs).toContainEqual({ name: 'owner-summary', schedule: '0 7 * * *', lastRun: null });
    const live = await request(t.app).get('/api/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
  });
});

describe('GET /api/health: executor and scheduled jobs', () => {
  it('when jobs have run on two instances, then each job shows its cron and its latest run from any instance', async () => {
    // Arrange
    const t = await createTestContext({ env: { OWNER_SUMMARY_CRON: '0 6 * * *' } });
    try {
      const at = (minutesAgo: number) => new Date(t.clock.now().getTime() - minutesAgo * 60_000);
      await t.deps.db.jobRun.createMany({
        data: [
          { job: 'owner-summary', instance: 'api-a', startedAt: at(60), finishedAt: at(59), ok: true, durationMs: 812 },
          {
            job: 'owner-summary',
            instance: 'api-b',
            startedAt: at(5),
            finishedAt: at(4),
            ok: false,
            durationMs: 40,
            error: 'SMTP refused',
          },
          { job: 'agentic-engine', instance: 'api-a', startedAt: at(1) },
        ],
      });

      // Act
      const res = await request(t.app).get('/api/health');

      // Assert
      expect(res.status).toBe(200);
      expect(res.body.executor).toBe('in-process');
      const byName = Object.fromEntries((res.body.jobs as { name: string }[]).map((job) => [job.name, job]));
      expect(Object.keys(byName)).toEqual([
        'task-executor',
        'agentic-engine',
        'publish-due-posts',
        'refresh-integrations',
        'billing-grace',
        'owner-summary',
        'prune-job-runs',
        'finance-stripe-sync',
        'finance-owner-reports',
        'approval-sweep',
        'action-outcomes',
        'campaign-sender',
        'telegram-notifications',
        'telegram-inbox',
        'expire-proposals',
      ]);
      expect(byName['owner-summary']).toEqual({
        name: 'owner-summary',
        schedule: '0 6 * * *',
        lastRun: {
          startedAt: at(5).toISOString(),
          finishedAt: at(4).toISOString(),
          ok: false,
          durationMs: 40,
          error: 'SMTP refused',
        },
      });
      expect(byName['agentic-engine']).toMatchObject({
        lastRun: { startedAt: at(1).toISOString(), finishedAt: null, ok: null },
      });
      expect(byName['billing-grace']).toMatchObject({ schedule: '0 * * * *', lastRun: null });
    } finally {
      await t.close();
    }
  });

  it('when tasks run only in worker processes, then the executor says worker and there is no executor job', async () => {
    const t = await createTestContext({ env: { TASK_EXECUTOR: 'worker' } });
    try {
      const res = await request(t.app).get('/api/health');
      expect(res.body.executor).toBe('worker');
      expect((res.body.jobs as { name: string }[]).map((job) => job.name)).not.toContain('task-executor');
    } finally {
      await t.close();
    }
  });
});
