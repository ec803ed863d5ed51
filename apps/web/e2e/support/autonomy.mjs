/* global document */
// Set-up shortcuts of the autonomy browser tests: a demo business on an API of its own, its
// owner signed in, and the engine run from the Insights page.
import assert from 'node:assert/strict';
import { callApi, loginViaApi } from './api.mjs';
import { startApi } from './api-server.mjs';
import { expectVisible } from './expect.mjs';
import { ownerWithOrg } from './flows.mjs';

const DAY_MS = 24 * 3600 * 1000;

/**
 * A new organisation on `baseUrl` whose three open leads nobody has contacted for 20 days and that
 * the engine has not looked at yet (the demo business has had its first analysis at seed time).
 * The leads have no email address, so their follow-ups are written and logged, never mailed.
 */
export const staleBusiness = async (baseUrl, label) => {
  const owner = await ownerWithOrg(baseUrl, label);
  const orgPath = (path) => `/api/orgs/${owner.org.id}${path}`;
  const lastCall = new Date(Date.now() - 20 * DAY_MS).toISOString();
  for (const name of ['Dana Whitfield', 'Omar Haddad', 'Priya Nair']) {
    const lead = expectOk(
      await callApi(baseUrl, {
        method: 'POST',
        path: orgPath('/leads'),
        token: owner.token,
        body: { name, company: `${name.split(' ')[1]} Ltd`, stage: 'contacted', valueCents: 450_000 },
      }),
      201,
      `create ${name}`,
    );
    expectOk(
      await callApi(baseUrl, {
        method: 'POST',
        path: orgPath(`/leads/${lead.id}/activities`),
        token: owner.token,
        body: { kind: 'call', summary: 'Talked about a pilot', occurredAt: lastCall },
      }),
      201,
      `log the last call with ${name}`,
    );
  }
  return { email: owner.email, password: owner.password, token: owner.token, orgId: owner.org.id };
};

/** Asserts the status of an API answer and returns its body. */
export const expectOk = (res, status, what) => {
  assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
  return res.body;
};

/** How far the page scrolls sideways (0 or less: it fits). */
export const horizontalOverflow = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * A demo business (open leads nobody contacted for 14+ days) whose executor runs every 2 seconds.
 * `undoMinutes` is how long the engine's tasks wait before they may start (AGENTIC_UNDO_MINUTES).
 */
export const startDemo = async ({ logName, undoMinutes }) => {
  const api = await startApi({
    seedDemo: true,
    logName,
    env: { TASK_EXECUTOR_CRON: '*/2 * * * * *', AGENTIC_UNDO_MINUTES: String(undoMinutes) },
  });
  // The demo owner's password is printed once, in the start-up banner.
  const password = api.output().match(/Password:\s+(\S+)/)?.[1];
  assert.ok(password, `no demo password in the API output:\n${api.output()}`);
  const session = await loginViaApi(api.baseUrl, { email: 'demo@aiceo.local', password });
  const orgs = await callApi(api.baseUrl, { path: '/api/orgs', token: session.accessToken });
  assert.equal(orgs.status, 200);
  const owner = { email: 'demo@aiceo.local', password, token: session.accessToken, orgId: orgs.body.items[0].id };
  return { api, owner };
};

export const signInDemo = async (page, { api, owner }) => {
  const res = await page.context().request.post(`${api.baseUrl}/api/auth/login`, {
    data: { email: owner.email, password: owner.password },
  });
  assert.equal(res.status(), 200, `log in as ${owner.email}`);
};

/** Runs the engine from the Insights page; returns the stale-leads card. */
export const analyzeFromInsights = async (page, demo) => {
  await page.goto(`${demo.api.baseUrl}/orgs/${demo.owner.orgId}/insights`);
  await expectVisible(page.getByRole('heading', { name: 'Insights', level: 1 }));
  await page.getByRole('button', { name: 'Analyze now' }).click();
  await expectVisible(page.getByTestId('analyze-result').getByText(/Analysis done:/));
  const card = page.locator('article[data-kind="stale_leads"]').first();
  await expectVisible(card);
  return card;
};
