import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { INITIAL_JS_BUDGET_BYTES, initialAssets, kb, listChunks } from './support/bundle.mjs';
import { ensureBuilt } from './support/build.mjs';
import { WEB_DIST } from './support/paths.mjs';

// Under e2e/run.mjs: the snapshot of dist/ that the browser tests run against.
const dist = process.env.E2E_WEB_DIST || WEB_DIST;

describe('the built SPA', () => {
  before(() => process.env.E2E_WEB_DIST || ensureBuilt({ api: false }));

  test('when index.html loads, then its initial JavaScript is at most 150 KB gzip', () => {
    const initial = initialAssets(dist);
    const listing = initial.js.map((f) => `${f.file} ${kb(f.gzipBytes)} KB`).join(', ');
    assert.ok(initial.js.length > 0, 'index.html loads no module script');
    assert.ok(
      initial.jsGzipBytes <= INITIAL_JS_BUDGET_BYTES,
      `initial JS is ${kb(initial.jsGzipBytes)} KB gzip, over the ${kb(INITIAL_JS_BUDGET_BYTES)} KB budget: ${listing}`,
    );
  });

  test('when the app starts, then routes and chart.js are code-split out of the initial load', () => {
    const initial = initialAssets(dist).js.map((f) => f.file);
    const lazy = listChunks(dist).filter((c) => c.file.endsWith('.js') && !initial.includes(c.file));
    assert.ok(lazy.length > 0, 'every chunk is in the initial load: routes are not code-split');
    // A message only chart.js's core carries (minification keeps string literals).
    const withChartJs = initial.filter((file) =>
      readFileSync(join(dist, file), 'utf8').includes("can't acquire context"),
    );
    assert.deepEqual(withChartJs, [], 'chart.js is in the initial load');
  });

  test('when the app starts, then the common-password dictionary is not in the initial load but in a chunk of its own', () => {
    const initial = initialAssets(dist).js.map((f) => f.file);
    // The head of zxcvbn-ts's compressed password list (the most common passwords, in order).
    const hasDictionary = (file) => readFileSync(join(dist, file), 'utf8').includes('A123456ApasswordA12345678');
    assert.deepEqual(initial.filter(hasDictionary), [], 'the common-password dictionary is in the initial load');
    const lazy = listChunks(dist).filter((c) => c.file.endsWith('.js') && !initial.includes(c.file));
    assert.ok(
      lazy.some((c) => hasDictionary(c.file)),
      'no chunk holds the common-password dictionary',
    );
  });
});
