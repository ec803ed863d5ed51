// `pnpm bench:proposals`: the client's proposal page, the page a lead opens from the email.
// Against a fresh BUILT API (PGlite, no demo seed) it makes a proposal through the API as an owner
// does (service templates, a proposal with several items and a cover letter, sent to a lead), then:
// 1. Size: the proposal page's HTML as served, bytes and gzip bytes (it loads nothing else).
// 2. First render in Chromium (/usr/bin/chromium via apps/web's playwright-core, a fresh page per
//    load, phone viewport 390 px): first-contentful-paint and DOMContentLoaded, median of N loads.
// 3. From a lead to a sent proposal by hand, in the built SPA served by the built API (started as
//    the web e2e tests start it, apps/web/e2e/support/api-server.mjs, with WEB_DIST_DIR): an owner
//    signed in by the refresh cookie, one service template, a fresh lead with an email per run. From
//    the lead's page loaded: "New proposal", tick the template, Create (the AI cover letter left on,
//    as the dialog offers it; with no AI provider configured the offline writer drafts it), the
//    editor opens, Send, Send in the dialog, until the status shows Sent. Every click is counted;
//    seconds from the lead page loaded to "Sent" visible, median and max of N runs, at 1280x800 and
//    again at 390x844 (a browser context per size, so the first run of each also loads the editor's
//    chunks). The org is put on Enterprise first: each send is an email, beyond the free plan's 3.
//
//   BENCH_LOADS=20     timed loads (default 20; the page's own rate limit allows 60 a minute per address)
//   BENCH_RUNS=5       lead-to-sent runs per screen size (default 5, at most 20)
//   CHROMIUM_PATH      another Chromium binary
//
// Prints a table, then as its LAST line one JSON object with every figure.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { callApi, signupViaApi, uniqueEmail } from '../../web/e2e/support/api.mjs';
import { startApi } from '../../web/e2e/support/api-server.mjs';
import { ensureBuilt } from '../../web/e2e/support/build.mjs';
import { launchChromium } from '../../web/e2e/support/chromium.mjs';
import { ownerWithOrg, signInByCookie } from '../../web/e2e/support/flows.mjs';
import {
  API_DIR,
  call,
  createServerDatabase,
  DIST,
  expectStatus,
  log,
  printResult,
  signUpWithOrg,
  startServer,
  startWatchdog,
  stopServer,
} from './bench-support.mjs';

const LOADS = Math.max(1, Number(process.env.BENCH_LOADS ?? 20));
if (!Number.isInteger(LOADS) || LOADS > 55) throw new Error('BENCH_LOADS must be a whole number from 1 to 55');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
if (!Number.isInteger(RUNS) || RUNS < 1 || RUNS > 20) throw new Error('BENCH_RUNS must be a whole number from 1 to 20');
// Each step of the flow waits at most this long for what it needs (the AI letter falls back offline).
const STEP_TIMEOUT_MS = 30_000;
const SCREENS = [
  { key: 'desktop', label: 'desktop 1280x800', viewport: { width: 1280, height: 800 } },
  { key: 'phone', label: 'phone 390x844', viewport: { width: 390, height: 844 } },
];

if (!existsSync(join(DIST, 'main.js'))) {
  log(`No build of the API in ${DIST}: run \`pnpm bench:proposals\` from the repository root (it builds first).`);
  process.exit(1);
}
const webRequire = createRequire(join(API_DIR, '..', 'web', 'package.json'));
const { chromium } = webRequire('playwright-core');

const { fetch } = globalThis;
const notes = [];
const runtime = { name: `node${process.versions.node.split('.')[0]}`, bin: process.execPath, version: process.version };
const median = (values) => {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round(((sorted[mid - 1] + sorted[mid]) / 2) * 10) / 10;
};

const TEMPLATES = [
  {
    name: 'Brand workshop',
    description: 'A half-day session to pin down who you are for and how you sound.',
    pricingModel: 'fixed',
    priceMinor: 120_000,
    durationDays: 14,
    deliverables: [
      { title: 'Workshop', description: 'Half a day, on site', dueAfterDays: 5 },
      { title: 'Brand brief', description: 'Ten pages', dueAfterDays: 14 },
    ],
  },
  {
    name: 'Website design and build',
    description: 'Up to eight pages, responsive, with a simple editor.',
    pricingModel: 'fixed',
    priceMinor: 650_000,
    durationDays: 45,
    deliverables: [
      { title: 'Wireframes', description: '', dueAfterDays: 10 },
      { title: 'Visual design', description: 'Home and one inner page', dueAfterDays: 21 },
      { title: 'Launch', description: 'Live on your domain', dueAfterDays: 45 },
    ],
  },
  {
    name: 'Copywriting',
    description: 'Words for every page, in your voice.',
    pricingModel: 'hourly',
    priceMinor: 9_500,
    defaultQuantity: 20,
    durationDays: 30,
    deliverables: [{ title: 'Page copy', description: '', dueAfterDays: 30 }],
  },
  {
    name: 'Care plan',
    description: 'Updates, backups and small changes every month.',
    pricingModel: 'retainer',
    priceMinor: 25_000,
    defaultQuantity: 6,
    durationDays: 180,
    deliverables: [],
  },
];
const COVER_LETTER = Array.from(
  { length: 4 },
  (_, i) =>
    `Paragraph ${i + 1}. Thank you for the call last week. Here is how we would take your shop from a page that nobody finds to one that sells while you sleep, step by step, with a price you know in advance.`,
).join('\n\n');

/** A sent proposal with several items, through the API; answers the path of its public page. */
const seedProposal = async (port) => {
  const { token, orgId } = await signUpWithOrg(port, 'Bench Studio');
  const post = (path, body) => call(port, { method: 'POST', path: `/api/orgs/${orgId}${path}`, token, body });
  const templateIds = [];
  for (const template of TEMPLATES)
    templateIds.push(expectStatus(await post('/service-templates', template), 201, 'create template').id);
  const lead = expectStatus(
    await post('/leads', { name: 'Ada Lovelace', email: 'ada@client.example', company: 'Analytical Ltd' }),
    201,
    'create lead',
  );
  const proposal = expectStatus(
    await post('/proposals', { leadId: lead.id, templateIds, title: 'A website that sells' }),
    201,
    'create proposal',
  );
  expectStatus(
    await call(port, {
      method: 'PATCH',
      path: `/api/orgs/${orgId}/proposals/${proposal.id}`,
      token,
      body: {
        coverLetter: COVER_LETTER,
        terms: 'Half on acceptance, half on launch.\n\nPrices exclude travel.',
        discountPercent: 5,
        taxPercent: 20,
        depositPercent: 50,
      },
    }),
    200,
    'update proposal',
  );
  const sent = expectStatus(await post(`/proposals/${proposal.id}/send`, { message: '' }), 200, 'send proposal');
  return new URL(sent.publicUrl).pathname;
};

// Runs in the page: its own performance timeline. (performance: the page's here, Node's global in the flow below.)
/* global performance */
const timingsOf = (page) =>
  page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      firstContentfulPaintMs: fcp ? Math.round(fcp.startTime * 10) / 10 : null,
      domContentLoadedMs: nav ? Math.round(nav.domContentLoadedEventEnd * 10) / 10 : null,
      // The server's share: from the request to the first byte of the answer.
      responseStartMs: nav ? Math.round(nav.responseStart * 10) / 10 : null,
      resources: performance.getEntriesByType('resource').map((r) => r.name),
    };
  });

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const seconds = (ms) => Math.round(ms / 10) / 100;

/**
 * One run by hand in `page`, signed in as the owner: opens the lead's page and, once it is loaded,
 * clicks through to a sent proposal. Answers { clicks, ms, proposalId }.
 */
const leadToSentOnce = async (page, { orgId, lead, templateName }) => {
  await page.goto(`/orgs/${orgId}/leads/${lead.id}`);
  await page.getByRole('heading', { name: lead.name, exact: true, level: 1 }).waitFor();
  // The page header's "New proposal" (the Proposals card further down has one too).
  const newProposal = page.getByRole('link', { name: 'New proposal', exact: true }).first();
  await newProposal.waitFor();
  let clicks = 0;
  const click = async (locator) => {
    clicks += 1;
    await locator.click();
  };
  const started = performance.now();
  await click(newProposal);
  const dialog = page.getByRole('dialog', { name: 'New proposal' });
  await dialog.getByTestId('chosen-lead').getByText(lead.name, { exact: true }).waitFor();
  await click(dialog.getByRole('checkbox', { name: new RegExp(escapeRegExp(templateName)) }));
  const created = page.waitForResponse(
    (res) => res.request().method() === 'POST' && /^\/api\/orgs\/[^/]+\/proposals$/.test(new URL(res.url()).pathname),
  );
  await click(dialog.getByRole('button', { name: 'Create', exact: true }));
  const { coverLetterSource = null } = await (await created).json();
  // The editor of the new draft.
  await page.getByRole('table', { name: 'Items' }).waitFor();
  await click(page.getByRole('button', { name: 'Send', exact: true }));
  const sendDialog = page.getByRole('dialog', { name: 'Send this proposal?' });
  await sendDialog.getByTestId('send-to').getByText(lead.email, { exact: true }).waitFor();
  await click(sendDialog.getByRole('button', { name: 'Send', exact: true }));
  await page.getByTestId('proposal-status').getByText('Sent', { exact: true }).waitFor();
  const ms = performance.now() - started;
  const proposalId = /\/proposals\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname)?.[1];
  if (!proposalId) throw new Error(`"Sent" showed on ${page.url()}, not on a proposal's page`);
  return { clicks, ms, proposalId, coverLetterSource };
};

/**
 * Part 3: the built API serving the built SPA, as the web e2e tests start it; an owner with one
 * service template; RUNS fresh leads per screen size, each clicked through to a sent proposal.
 */
const benchLeadToSent = async () => {
  ensureBuilt();
  const server = await startApi({ logName: 'bench-proposals' });
  let browser;
  let page;
  try {
    // The first account is the platform admin: the owner is an ordinary account, as in the e2e tests.
    const admin = await signupViaApi(server.baseUrl, { email: uniqueEmail('bench-admin'), name: 'Platform Admin' });
    const owner = await ownerWithOrg(server.baseUrl, 'bench-proposals');
    const orgId = owner.org.id;
    // Each sent proposal is an email: the free plan's 3 a month (Pro's 25) would not cover 2 x BENCH_RUNS.
    expectStatus(
      await callApi(server.baseUrl, {
        method: 'PATCH',
        path: `/api/admin/orgs/${orgId}/plan`,
        token: admin.accessToken,
        body: { plan: 'enterprise' },
      }),
      200,
      'move the org to Enterprise',
    );
    const api = async (method, path, body, status, what) =>
      expectStatus(
        await callApi(server.baseUrl, { method, path: `/api/orgs/${orgId}${path}`, token: owner.token, body }),
        status,
        what,
      );
    const template = TEMPLATES[1];
    await api('POST', '/service-templates', template, 201, 'create template');
    browser = await launchChromium();
    const results = {};
    log('');
    log(`lead page to a sent proposal, by hand in the SPA (${RUNS} runs per screen, a fresh lead each)`);
    for (const screen of SCREENS) {
      const context = await browser.newContext({ baseURL: server.baseUrl, viewport: screen.viewport });
      context.setDefaultTimeout(STEP_TIMEOUT_MS);
      page = await context.newPage();
      const pageErrors = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await signInByCookie(page, owner);
      const runs = [];
      for (let i = 1; i <= RUNS; i += 1) {
        const lead = await api(
          'POST',
          '/leads',
          { name: `Client ${screen.key} ${i}`, email: `client-${screen.key}-${i}@client.example`, company: 'Bakery' },
          201,
          'create lead',
        );
        const run = await leadToSentOnce(page, { orgId, lead, templateName: template.name });
        // What the page showed is what the API holds: sent, to the lead's address.
        const proposal = await api('GET', `/proposals/${run.proposalId}`, undefined, 200, 'read proposal');
        if (proposal.status !== 'sent' || proposal.clientEmail !== lead.email)
          throw new Error(`proposal ${run.proposalId} is ${proposal.status} to ${proposal.clientEmail}, not sent`);
        runs.push(run);
        log(`  ${screen.label.padEnd(17)} run ${i}: ${run.clicks} clicks, ${seconds(run.ms).toFixed(2)} s`);
      }
      if (pageErrors.length > 0) throw new Error(`the SPA threw: ${pageErrors.join('; ')}`);
      await context.close();
      page = undefined;
      const clickCounts = [...new Set(runs.map((r) => r.clicks))];
      if (clickCounts.length !== 1) throw new Error(`the runs took different numbers of clicks: ${clickCounts}`);
      const ms = runs.map((r) => r.ms);
      results[screen.key] = {
        viewport: `${screen.viewport.width}x${screen.viewport.height}`,
        clicks: clickCounts[0],
        runs: RUNS,
        secondsEach: ms.map(seconds),
        secondsMedian: seconds(median(ms.map(Math.round))),
        secondsMax: seconds(Math.max(...ms)),
        // Who wrote the cover letter at Create: 'offline' when no AI provider is configured (no AI wait).
        coverLetterSources: [...new Set(runs.map((r) => r.coverLetterSource))],
      };
      log(
        `  ${screen.label.padEnd(17)} ${clickCounts[0]} clicks, median ${results[screen.key].secondsMedian} s, max ${results[screen.key].secondsMax} s`,
      );
    }
    return results;
  } catch (error) {
    if (page) {
      const shot = join(API_DIR, '..', '..', 'test-artifacts', 'e2e', 'bench-proposals-failure.png');
      await page.screenshot({ path: shot, fullPage: true }).catch(() => null);
      log(`bench:proposals: the page at ${page.url()} when it failed: ${shot}; API log: ${server.logPath}`);
    }
    throw error;
  } finally {
    await browser?.close();
    await server.stop();
  }
};

/** Parts 1 and 2: the client's proposal page on a fresh built API (production, no SPA). */
const benchProposalPage = async () => {
  const database = await createServerDatabase('pglite', 'bench_proposals');
  const server = await startServer({
    runtime,
    notes,
    env: {
      JWT_SECRET: randomBytes(32).toString('hex'),
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      JOBS_ENABLED: 'false',
      ...database.env,
    },
  });
  let browser;
  try {
    const path = await seedProposal(server.port);
    const url = `http://127.0.0.1:${server.port}${path}`;
    const res = await fetch(url);
    const html = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`the proposal page answered ${res.status}`);
    const size = { bytes: html.length, gzipBytes: gzipSync(html, { level: 9 }).length };

    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3 });
    // One untimed load first: Chromium's own start-up is not the page's.
    const warm = await context.newPage();
    await warm.goto(url, { waitUntil: 'load' });
    await warm.close();
    const runs = [];
    for (let i = 0; i < LOADS; i += 1) {
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, {
        timeout: 10_000,
        polling: 20,
      });
      runs.push(await timingsOf(page));
      await page.close();
    }
    const firstContentfulPaintMs = median(runs.map((r) => r.firstContentfulPaintMs));
    const domContentLoadedMs = median(runs.map((r) => r.domContentLoadedMs));
    const responseStartMs = median(runs.map((r) => r.responseStartMs));
    const subresources = [...new Set(runs.flatMap((r) => r.resources))];
    log('');
    log('proposal page (a sent proposal, 4 items, cover letter, terms)');
    log(
      `  size                  ${size.bytes} bytes, ${size.gzipBytes} bytes gzip, ${subresources.length} other requests`,
    );
    log(`  first byte            ${responseStartMs} ms (median of ${LOADS}: the server's share)`);
    log(`  first contentful paint ${firstContentfulPaintMs} ms (median of ${LOADS})`);
    log(`  DOMContentLoaded      ${domContentLoadedMs} ms (median of ${LOADS})`);
    return {
      bytes: size.bytes,
      gzipBytes: size.gzipBytes,
      subresources,
      loads: LOADS,
      medianResponseStartMs: responseStartMs,
      viewport: '390x844',
      medianFirstContentfulPaintMs: firstContentfulPaintMs,
      medianDomContentLoadedMs: domContentLoadedMs,
    };
  } finally {
    await browser?.close();
    await stopServer(server, notes);
    await database.drop();
  }
};

const main = async () => {
  startWatchdog(10 * 60_000);
  const proposalPage = await benchProposalPage();
  // One server at a time: the first is stopped before the SPA's starts.
  const leadToSent = await benchLeadToSent();
  printResult({
    bench: 'proposals',
    runtime: runtime.version,
    pageBytes: proposalPage.bytes,
    pageGzipBytes: proposalPage.gzipBytes,
    firstContentfulPaintMsMedian: proposalPage.medianFirstContentfulPaintMs,
    leadToSentClicks: leadToSent.desktop.clicks,
    leadToSentSecondsMedian: leadToSent.desktop.secondsMedian,
    leadToSentSecondsMax: leadToSent.desktop.secondsMax,
    phoneLeadToSentClicks: leadToSent.phone.clicks,
    phoneLeadToSentSecondsMedian: leadToSent.phone.secondsMedian,
    phoneLeadToSentSecondsMax: leadToSent.phone.secondsMax,
    proposalPage,
    leadToSent,
    chromium: CHROMIUM_PATH,
    notes,
  });
};

main().then(
  () => process.exit(0),
  (error) => {
    log(`bench:proposals failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
