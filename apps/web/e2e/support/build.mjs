// Builds what the browser tests and the bench run against, when its output is missing or older
// than its sources. Under turbo (test/bench depending on build) everything is fresh and this is a no-op.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { API_DIR, SHARED_DIR, WEB_DIR, WEB_DIST } from './paths.mjs';

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'generated', '.turbo']);

/** Newest modification time (ms) among the given files and folders, recursively; 0 when none exist. */
const newestMtime = (paths, { skipTests = false } = {}) => {
  let newest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (!SKIPPED_DIRS.has(entry)) visit(join(path, entry));
    } else if (!(skipTests && /\.test\.tsx?$/.test(path))) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const path of paths) visit(path);
  return newest;
};

const run = (label, command, args, cwd) => {
  process.stderr.write(`[e2e] building ${label} ...\n`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (result.status !== 0) {
    throw new Error(
      `Building ${label} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  process.stderr.write(`[e2e] built ${label} in ${Date.now() - started} ms\n`);
};

const viteBin = () =>
  join(createRequire(join(WEB_DIR, 'package.json')).resolve('vite/package.json'), '..', 'bin', 'vite.js');

const tscIn = (dir) => createRequire(join(dir, 'package.json')).resolve('typescript/bin/tsc');

const isSharedStale = () =>
  newestMtime([join(SHARED_DIR, 'src'), join(SHARED_DIR, 'tsconfig.json'), join(SHARED_DIR, 'tsconfig.build.json')], {
    skipTests: true,
  }) > newestMtime([join(SHARED_DIR, 'dist')]);

const isApiStale = () =>
  !existsSync(join(API_DIR, 'dist', 'main.js')) ||
  newestMtime(
    [
      join(API_DIR, 'src'),
      join(API_DIR, 'tsconfig.json'),
      join(API_DIR, 'tsconfig.build.json'),
      join(SHARED_DIR, 'dist'),
    ],
    { skipTests: true },
  ) > newestMtime([join(API_DIR, 'dist')]);

const WEB_INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json', 'tsconfig.json'];

/** The placeholder page (before the SPA landed) is not a Vite build: it references no /assets/ bundle. */
const isViteBuild = () =>
  existsSync(join(WEB_DIST, 'index.html')) &&
  /\/assets\/[^"']+\.js/.test(readFileSync(join(WEB_DIST, 'index.html'), 'utf8'));

const isWebStale = () =>
  !isViteBuild() ||
  // The SPA bundles packages/shared from its TypeScript sources (a Vite alias), not from its dist.
  newestMtime([...WEB_INPUTS.map((p) => join(WEB_DIR, p)), join(SHARED_DIR, 'src')], { skipTests: true }) >
    statSync(join(WEB_DIST, 'index.html')).mtimeMs;

// The website chat's scripts (vite.widget.config.ts) are a second build into the same dist/; the
// SPA's build empties dist/ first, so they are rebuilt after it, and on their own when only they changed.
const WIDGET_INPUTS = ['widget', 'vite.widget.config.ts', 'package.json'];
const WIDGET_FILES = ['widget.js', 'widget-chat.js'];

const isWidgetStale = () =>
  WIDGET_FILES.some((file) => !existsSync(join(WEB_DIST, file))) ||
  newestMtime([...WIDGET_INPUTS.map((p) => join(WEB_DIR, p)), join(SHARED_DIR, 'src')], { skipTests: true }) >
    Math.min(...WIDGET_FILES.map((file) => statSync(join(WEB_DIST, file)).mtimeMs));

/** Rebuilds packages/shared, the API, the SPA and the website chat where their output is missing or stale. */
export const ensureBuilt = ({ api = true, web = true } = {}) => {
  if (isSharedStale())
    run('packages/shared', process.execPath, [tscIn(SHARED_DIR), '-p', 'tsconfig.build.json'], SHARED_DIR);
  if (api && isApiStale()) run('apps/api', process.execPath, [tscIn(API_DIR), '-p', 'tsconfig.build.json'], API_DIR);
  if (web && isWebStale()) run('apps/web (vite build)', process.execPath, [viteBin(), 'build'], WEB_DIR);
  if (web && isWidgetStale()) {
    const args = [viteBin(), 'build', '-c', 'vite.widget.config.ts'];
    run('apps/web website chat (vite build -c vite.widget.config.ts)', process.execPath, args, WEB_DIR);
  }
  if (web && !isViteBuild()) throw new Error(`${WEB_DIST}index.html is not a Vite build of the SPA`);
};
