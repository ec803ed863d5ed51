// The browser-test harness: one API (serving the built SPA) and one headless Chromium per test
// file, a fresh browser context per simulated user, and screenshots + page HTML + console log
// saved to test-artifacts/e2e/ whenever a test fails. A test also fails when the SPA throws an
// uncaught error or requests anything off 127.0.0.1.
//
// e2e/run.mjs starts one API for the whole suite and passes it in E2E_BASE_URL (plus the
// platform admin in E2E_ADMIN_EMAIL / E2E_ADMIN_PASSWORD). Run a file on its own with
// `node --test e2e/<file>.test.mjs` and the harness starts an API of its own.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { URL } from 'node:url';
import { PASSWORD, callApi, loginViaApi, signupViaApi, uniqueEmail, waitForMail } from './api.mjs';
import { startApi } from './api-server.mjs';
import { ensureBuilt } from './build.mjs';
import { launchChromium } from './chromium.mjs';
import { ARTIFACTS_DIR } from './paths.mjs';

const ACTION_TIMEOUT_MS = 10_000;

const slug = (text) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);

const startSuite = async () => {
  if (process.env.E2E_BASE_URL) {
    return {
      baseUrl: process.env.E2E_BASE_URL,
      admin: { email: process.env.E2E_ADMIN_EMAIL, password: process.env.E2E_ADMIN_PASSWORD },
      stop: async () => {},
    };
  }
  ensureBuilt();
  const server = await startApi({ logName: `api-${process.pid}` });
  const admin = { email: uniqueEmail('platform-admin'), password: PASSWORD };
  await signupViaApi(server.baseUrl, { ...admin, name: 'Platform Admin' });
  return { baseUrl: server.baseUrl, admin, stop: server.stop };
};

/**
 * Registers the suite hooks of one test file and returns its `browserTest`. Each test gets
 * `{ baseUrl, admin, newUserPage, adminToken, readMail, api }`; pages it opened are captured if it fails.
 */
export const useBrowserSuite = () => {
  let suite;
  let browser;
  let adminToken;

  before(async () => {
    suite = await startSuite();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await suite?.stop();
  });

  const getAdminToken = async () => {
    if (!suite.admin.email) throw new Error('E2E_ADMIN_EMAIL / E2E_ADMIN_PASSWORD are not set');
    adminToken ??= (await loginViaApi(suite.baseUrl, suite.admin)).accessToken;
    return adminToken;
  };

  const runTest = async (name, fn) => {
    const contexts = [];
    const pages = [];
    const notes = [];
    const offHost = [];
    const uncaught = [];

    /** A new browser context (its own cookies and storage: one simulated user) with one page. */
    const newUserPage = async ({ viewport = { width: 1280, height: 800 } } = {}) => {
      const context = await browser.newContext({ baseURL: suite.baseUrl, viewport });
      context.setDefaultTimeout(ACTION_TIMEOUT_MS);
      contexts.push(context);
      const page = await context.newPage();
      const tag = `page ${pages.length + 1}`;
      pages.push(page);
      page.on('console', (msg) => msg.type() === 'error' && notes.push(`${tag} console.error: ${msg.text()}`));
      page.on('pageerror', (error) => {
        notes.push(`${tag} uncaught: ${error.stack ?? error.message}`);
        uncaught.push(error.message);
      });
      page.on('requestfailed', (req) =>
        notes.push(`${tag} request failed: ${req.method()} ${req.url()} ${req.failure()?.errorText ?? ''}`),
      );
      page.on('request', (req) => {
        const { protocol, hostname } = new URL(req.url());
        if ((protocol === 'http:' || protocol === 'https:') && hostname !== '127.0.0.1') offHost.push(req.url());
      });
      return page;
    };

    const context = {
      baseUrl: suite.baseUrl,
      /** The platform admin (the first account of the installation): { email, password }. */
      admin: suite.admin,
      newUserPage,
      adminToken: getAdminToken,
      readMail: async (to) => waitForMail(suite.baseUrl, { adminToken: await getAdminToken(), to }),
      api: (request) => callApi(suite.baseUrl, request),
    };

    try {
      await fn(context);
      if (offHost.length > 0) throw new Error(`The SPA made requests off 127.0.0.1: ${offHost.join(', ')}`);
      if (uncaught.length > 0) throw new Error(`The SPA threw uncaught errors: ${uncaught.join(' | ')}`);
    } catch (error) {
      await saveArtifacts({ name, pages, notes, error });
      throw error;
    } finally {
      await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    }
  };

  const browserTest = (name, fn) => test(name, () => runTest(name, fn));
  /**
   * A flow whose screen is missing or broken: listed as todo with the reason. With a body it
   * still runs (and saves artifacts if it fails), but its result does not fail the suite.
   */
  browserTest.todo = (name, reason, fn) => test(name, { todo: reason }, fn ? () => runTest(name, fn) : undefined);
  return browserTest;
};

const saveArtifacts = async ({ name, pages, notes, error }) => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const base = join(ARTIFACTS_DIR, slug(name));
  const saved = [];
  for (const [i, page] of pages.entries()) {
    if (page.isClosed()) continue;
    const file = `${base}.page${i + 1}`;
    await page.screenshot({ path: `${file}.png`, fullPage: true, timeout: 5_000 }).then(
      () => saved.push(`${file}.png`),
      () => {},
    );
    const html = await page.content().catch(() => null);
    if (html !== null) {
      writeFileSync(`${file}.html`, `<!-- ${page.url()} -->\n${html}`);
      saved.push(`${file}.html`);
    }
  }
  const urls = pages.map((p, i) => `page ${i + 1}: ${p.isClosed() ? '(closed)' : p.url()}`);
  writeFileSync(
    `${base}.log`,
    [`${name}`, '', String(error?.stack ?? error), '', ...urls, '', ...notes, ''].join('\n'),
  );
  saved.push(`${base}.log`);
  process.stderr.write(
    `[e2e] "${name}" failed; saved ${saved.map((f) => f.replace(ARTIFACTS_DIR, 'test-artifacts/e2e/')).join(', ')}\n`,
  );
};
