// `pnpm bench:proposals`: the client's proposal page, the page a lead opens from the email.
// Against a fresh BUILT API (PGlite, no demo seed) it makes a proposal through the API as an owner
// does (service templates, a proposal with several items and a cover letter, sent to a lead), then:
// 1. Size: the proposal page's HTML as served, bytes and gzip bytes (it loads nothing else).
// 2. First render in Chromium (/usr/bin/chromium via apps/web's playwright-core, a fresh page per
//    load, phone viewport 390 px): first-contentful-paint and DOMContentLoaded, median of N loads.
//
//   BENCH_LOADS=20     timed loads (default 20; the page's own rate limit allows 60 a minute per address)
//   CHROMIUM_PATH      another Chromium binary
//
// Prints a table, then as its LAST line one JSON object with every figure.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
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

// Runs in the page: its own performance timeline.
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

const main = async () => {
  startWatchdog(5 * 60_000);
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
    printResult({
      bench: 'proposals',
      runtime: runtime.version,
      proposalPage: {
        bytes: size.bytes,
        gzipBytes: size.gzipBytes,
        subresources,
        loads: LOADS,
        medianResponseStartMs: responseStartMs,
        viewport: '390x844',
        medianFirstContentfulPaintMs: firstContentfulPaintMs,
        medianDomContentLoadedMs: domContentLoadedMs,
      },
      chromium: CHROMIUM_PATH,
      notes,
    });
  } finally {
    await browser?.close();
    await stopServer(server, notes);
    await database.drop();
  }
};

main().then(
  () => process.exit(0),
  (error) => {
    log(`bench:proposals failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
