/* global window, document, performance, CanvasRenderingContext2D */
// `pnpm bench:web`: the gzip size (zlib level 9) of every built JS/CSS chunk, the initial JS
// against its 150 KB budget, and the time to first render of the dashboard in headless
// Chromium (median of BENCH_LOADS loads, default 5), against the BUILT API serving the BUILT SPA
// on 127.0.0.1 with a fresh embedded database. Prints a table, then as its LAST line one JSON
// object with every figure.
//
// "First render" ("dashboard first chart cold" for the cold loads) runs from navigation start
// (performance.timeOrigin) to the first drawing call on a visible chart canvas, and is measured twice:
//   cold: a fresh browser context per load (empty HTTP cache, signed in by the refresh cookie only)
//   warm: reloads of one page (assets from the HTTP cache)
// Either way the SPA has to do its silent refresh, load the org and the dashboard data, load
// the route and chart.js chunks, and draw.
import { URL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { callApi, createOrgViaApi, loginViaApi, PASSWORD, signupViaApi } from '../e2e/support/api.mjs';
import { startApi } from '../e2e/support/api-server.mjs';
import { ensureBuilt } from '../e2e/support/build.mjs';
import { INITIAL_JS_BUDGET_BYTES, initialAssets, kb, listChunks } from '../e2e/support/bundle.mjs';
import { CHROMIUM_PATH, launchChromium } from '../e2e/support/chromium.mjs';

const LOADS = Number(process.env.BENCH_LOADS ?? 5);
const LOAD_TIMEOUT_MS = 30_000;
const log = (line = '') => process.stdout.write(`${line}\n`);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
};

// Runs in the page before any of its scripts: notes when a connected, visible canvas is first
// drawn on, whichever chart code does the drawing.
const recordFirstChartDraw = () => {
  const proto = CanvasRenderingContext2D.prototype;
  for (const method of ['fill', 'stroke', 'fillRect', 'strokeRect', 'fillText', 'drawImage']) {
    const original = proto[method];
    proto[method] = function drawAndRecord(...args) {
      const canvas = this.canvas;
      if (window.__chartDrawnAt === undefined && canvas.isConnected && canvas.width > 0 && canvas.height > 0) {
        window.__chartDrawnAt = performance.now();
      }
      return original.apply(this, args);
    };
  }
};

// The requests the dashboard's first render waits for, to show where the time goes.
const WATERFALL = {
  refresh: '/api/auth/refresh$',
  org: '/api/orgs/[^/]+$',
  dashboardData: '/api/orgs/[^/]+/dashboard',
  onboarding: '/api/orgs/[^/]+/onboarding',
  dashboardChunk: '/assets/dashboard-[^/]+\\.js$',
  chartChunk: '/assets/time-series-chart-[^/]+\\.js$',
};

const pageTimings = (page) =>
  page.evaluate((waterfall) => {
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const resources = performance.getEntriesByType('resource');
    const steps = {};
    for (const [step, pattern] of Object.entries(waterfall)) {
      const entry = resources.find((r) => new RegExp(pattern).test(new URL(r.name).pathname));
      steps[step] = entry ? [Math.round(entry.startTime), Math.round(entry.responseEnd)] : null;
    }
    return {
      chartDrawnMs: Math.round(window.__chartDrawnAt),
      firstContentfulPaintMs: fcp ? Math.round(fcp.startTime) : null,
      domContentLoadedMs: nav ? Math.round(nav.domContentLoadedEventEnd) : null,
      steps,
    };
  }, WATERFALL);

/** Loads the dashboard in `page` and waits for the chart's first drawing; returns the page's timings. */
const loadDashboard = async (page, url, reload = false) => {
  if (reload) await page.reload({ waitUntil: 'commit' });
  else await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__chartDrawnAt !== undefined, null, {
    timeout: LOAD_TIMEOUT_MS,
    polling: 50,
  });
  if (!new URL(page.url()).pathname.startsWith(new URL(url).pathname))
    throw new Error(`Expected the dashboard, landed on ${page.url()}`);
  return pageTimings(page);
};

const benchBundle = (dist) => {
  const chunks = listChunks(dist);
  const initial = initialAssets(dist);
  const initialFiles = new Set([...initial.js, ...initial.css].map((f) => f.file));
  log('chunk                                              raw KB   gzip KB');
  for (const c of chunks) {
    log(
      `${`${c.file}${initialFiles.has(c.file) ? ' *' : ''}`.padEnd(48)} ${String(kb(c.bytes)).padStart(8)}  ${String(kb(c.gzipBytes)).padStart(8)}`,
    );
  }
  log('(* loaded by index.html; 1 KB = 1000 bytes; gzip level 9)');
  const verdict = initial.jsGzipBytes <= INITIAL_JS_BUDGET_BYTES ? 'within' : 'OVER';
  log(
    `initial JS: ${kb(initial.jsGzipBytes)} KB gzip in ${initial.js.length} files, ${verdict} the ${kb(INITIAL_JS_BUDGET_BYTES)} KB budget; initial CSS: ${kb(initial.cssGzipBytes)} KB gzip`,
  );
  return {
    chunks: chunks.map((c) => ({
      file: c.file,
      kb: kb(c.bytes),
      gzipKb: kb(c.gzipBytes),
      initial: initialFiles.has(c.file),
    })),
    totalJsGzipKb: kb(chunks.filter((c) => c.file.endsWith('.js')).reduce((sum, c) => sum + c.gzipBytes, 0)),
    totalCssGzipKb: kb(chunks.filter((c) => c.file.endsWith('.css')).reduce((sum, c) => sum + c.gzipBytes, 0)),
    initialJsGzipKb: kb(initial.jsGzipBytes),
    initialJsFiles: initial.js.map((f) => f.file),
    initialCssGzipKb: kb(initial.cssGzipBytes),
    initialJsBudgetKb: kb(INITIAL_JS_BUDGET_BYTES),
    initialJsWithinBudget: initial.jsGzipBytes <= INITIAL_JS_BUDGET_BYTES,
  };
};

/**
 * The demo owner from the API's first-start seed (30 days of activity, printed once on its
 * stdout); a fresh owner of an empty organisation if the seed printed nothing.
 */
const dashboardOwner = async (server) => {
  for (let i = 0; i < 20; i += 1) {
    const email = server.output().match(/Email:\s+(\S+)/)?.[1];
    const password = server.output().match(/Password:\s+(\S+)/)?.[1];
    if (email && password) {
      const { accessToken } = await loginViaApi(server.baseUrl, { email, password });
      const orgs = await callApi(server.baseUrl, { path: '/api/orgs', token: accessToken });
      const orgId = orgs.body?.items?.[0]?.id;
      if (orgId) return { email, password, orgId, data: 'demo seed' };
    }
    await sleep(100);
  }
  const email = 'bench-owner@example.com';
  const { accessToken } = await signupViaApi(server.baseUrl, { email, name: 'Bench Owner' });
  const org = await createOrgViaApi(server.baseUrl, { token: accessToken, name: 'Bench Org' });
  return { email, password: PASSWORD, orgId: org.id, data: 'empty organisation' };
};

const benchDashboard = async (server) => {
  const browser = await launchChromium();
  try {
    const { email, password, orgId, data } = await dashboardOwner(server);
    const url = `${server.baseUrl}/orgs/${orgId}/dashboard`;

    // A browser context signed in the way a returning visitor is: by the refresh cookie alone.
    const signedInContext = async () => {
      const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 800 } });
      await context.addInitScript(recordFirstChartDraw);
      const res = await context.request.post('/api/auth/login', { data: { email, password } });
      if (res.status() !== 200) throw new Error(`login answered ${res.status()}`);
      return context;
    };

    // One untimed load, so that the server's first-request costs are not in the figures.
    const warmup = await signedInContext();
    await loadDashboard(await warmup.newPage(), url);
    await warmup.close();

    const cold = [];
    for (let i = 0; i < LOADS; i += 1) {
      const context = await signedInContext();
      cold.push(await loadDashboard(await context.newPage(), url));
      await context.close();
    }
    const warm = [];
    const context = await signedInContext();
    const page = await context.newPage();
    await loadDashboard(page, url);
    for (let i = 0; i < LOADS; i += 1) warm.push(await loadDashboard(page, url, true));
    await context.close();

    // Sanity: the API answered the dashboard's data and the chart canvas really has pixels.
    const check = await signedInContext();
    const checkPage = await check.newPage();
    await loadDashboard(checkPage, url);
    await checkPage.waitForFunction(
      () =>
        [...document.querySelectorAll('canvas')].some((c) => {
          const data = c.width && c.height ? c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data : null;
          return data ? data.some((v, i) => i % 4 === 3 && v > 0) : false;
        }),
      null,
      { timeout: LOAD_TIMEOUT_MS, polling: 100 },
    );
    await check.close();

    const summarise = (runs) => ({
      medianMs: median(runs.map((r) => r.chartDrawnMs)),
      runsMs: runs.map((r) => r.chartDrawnMs),
      medianFirstContentfulPaintMs: median(runs.map((r) => r.firstContentfulPaintMs ?? 0)),
      medianDomContentLoadedMs: median(runs.map((r) => r.domContentLoadedMs ?? 0)),
      // [start, end] in ms after navigation start, medians over the loads (null: not requested).
      medianStepsMs: Object.fromEntries(
        Object.keys(WATERFALL).map((step) => {
          const seen = runs.map((r) => r.steps[step]).filter(Boolean);
          return [step, seen.length ? [median(seen.map((t) => t[0])), median(seen.map((t) => t[1]))] : null];
        }),
      ),
    });
    const health = await callApi(server.baseUrl, { path: '/api/health' });
    return { cold: summarise(cold), warm: summarise(warm), data, database: health.body?.database?.kind ?? null };
  } finally {
    await browser.close();
  }
};

ensureBuilt();
// The server serves a snapshot of dist/; the sizes are measured on the same files.
const server = await startApi({ logName: 'bench-web-api', seedDemo: true });
let bundle;
let dashboard;
try {
  bundle = benchBundle(server.webDist);
  log();
  dashboard = await benchDashboard(server);
} finally {
  await server.stop();
}
log(`dashboard data: ${dashboard.data}`);
log(
  `dashboard first render, cold (fresh context each): median ${dashboard.cold.medianMs} ms of ${LOADS} [${dashboard.cold.runsMs.join(', ')}] (FCP ${dashboard.cold.medianFirstContentfulPaintMs} ms)`,
);
log(
  `dashboard first render, warm (reload):             median ${dashboard.warm.medianMs} ms of ${LOADS} [${dashboard.warm.runsMs.join(', ')}] (FCP ${dashboard.warm.medianFirstContentfulPaintMs} ms)`,
);
const steps = (summary) =>
  Object.entries(summary.medianStepsMs)
    .map(([step, t]) => `${step} ${t ? `${t[0]}-${t[1]}` : '-'}`)
    .join(', ');
log(
  `dashboard first chart cold (navigation start to the first chart canvas drawn, fresh context and empty cache): median ${dashboard.cold.medianMs} ms, slowest ${Math.max(...dashboard.cold.runsMs)} ms of ${LOADS}`,
);
log(`  where the time goes (ms after navigation start, cold): ${steps(dashboard.cold)}`);
log(`  where the time goes (ms after navigation start, warm): ${steps(dashboard.warm)}`);
log(
  JSON.stringify({
    ...bundle,
    dashboardFirstRenderMs: dashboard.cold.medianMs,
    dashboardFirstChartColdMs: dashboard.cold.medianMs,
    dashboardFirstChartColdSlowestMs: Math.max(...dashboard.cold.runsMs),
    dashboardFirstRender: { loads: LOADS, cold: dashboard.cold, warm: dashboard.warm, database: dashboard.database },
    chromium: CHROMIUM_PATH,
    node: process.version,
  }),
);
