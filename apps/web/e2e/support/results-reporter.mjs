// A node:test reporter that writes the suite's counts as the jest-style JSON the root
// `scripts/test-summary.mjs` adds up (numPassedTests, numFailedTests, numPendingTests).
// Counts leaf tests only (a suite is not a test); a file that fails before any of its tests run
// is reported as a test of its own, so it counts as one failure.
//
// The file (E2E_RESULTS_FILE) is written synchronously before the runner exits, rather than
// through --test-reporter-destination, whose stream may still be unflushed when the parent reads it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export default async function* resultsReporter(source) {
  const results = [];
  // seenAt[n]: an event at nesting n arrived since the last event at a lower nesting, so the
  // next event at nesting n - 1 (its parent, reported after its children) is not a leaf.
  const seenAt = [];
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, nesting, details, skip, todo } = event.data;
    const isLeaf = !seenAt[nesting + 1];
    seenAt.length = nesting + 1;
    seenAt[nesting] = true;
    if (!isLeaf || details?.type === 'suite') continue;
    const status =
      todo !== undefined && todo !== false
        ? 'todo'
        : skip !== undefined && skip !== false
          ? 'skipped'
          : event.type === 'test:pass'
            ? 'passed'
            : 'failed';
    results.push({
      name,
      status,
      durationMs: Math.round(details?.duration_ms ?? 0),
      ...(status === 'failed' ? { error: String(details?.error?.cause ?? details?.error ?? '') } : {}),
    });
  }
  const count = (...statuses) => results.filter((r) => statuses.includes(r.status)).length;
  const summary = {
    numPassedTests: count('passed'),
    numFailedTests: count('failed'),
    numPendingTests: count('todo', 'skipped'),
    numTodoTests: count('todo'),
    numTotalTests: results.length,
    success: count('failed') === 0,
    testResults: results,
  };
  const json = `${JSON.stringify(summary, null, 2)}\n`;
  const file = process.env.E2E_RESULTS_FILE;
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, json);
  } else {
    yield json;
  }
}
