import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fromRoot } from '../../../config/paths';
import { testDbKind } from '../../../testing/test-db';
import { createTestContext, type TestContext } from '../../../testing/test-app';
import { scenarios } from './scenario-data';
import { runScenario, type ScenarioOutcome } from './scenario-run';
import { formatReport, scoreScenarios, type ScenarioReport } from './scenario-score';

// Business scenarios judged like an experienced operator would (issue 15, item 9): each org is
// built through the API at a fixed clock, the real engine runs twice, and what it flagged and
// whom it followed up is compared with what the operator expects.
let t: TestContext;
let report: ScenarioReport;
/** The app's error logs, so a scenario broken by a 500 says why. */
const serverErrors: string[] = [];
const errorLog = new Writable({
  write(chunk: Buffer, _encoding, done) {
    const line = JSON.parse(chunk.toString('utf8')) as { level: number; msg?: string; err?: { message?: string } };
    if (line.level >= 50) serverErrors.push(`${line.msg ?? ''}: ${line.err?.message ?? ''}`);
    done();
  },
});
beforeAll(async () => {
  t = await createTestContext({ logDestination: errorLog });
  const outcomes: ScenarioOutcome[] = [];
  for (const scenario of scenarios) outcomes.push(await runScenario(t, scenario));
  report = scoreScenarios(outcomes);
  const database = testDbKind();
  const resultsDir = fromRoot('test-results');
  mkdirSync(resultsDir, { recursive: true });
  const json = `${JSON.stringify({ database, ...report }, null, 2)}\n`;
  writeFileSync(join(resultsDir, 'agentic-scenarios.json'), json);
  writeFileSync(join(resultsDir, `agentic-scenarios-${database}.json`), json);
  // The table for the note, on the runner's output (jest's own console is linted out).
  process.stdout.write(`\n${formatReport(report, database)}\n`);
  if (serverErrors.length > 0)
    process.stdout.write(`Server errors while building or analysing:\n${serverErrors.join('\n')}\n`);
}, 300_000);
afterAll(() => t.close());

describe('agentic engine on business scenarios', () => {
  it('when the scenarios are counted, then there are at least 15 and each was built and analysed as described', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(15);
    expect(report.rows.filter((row) => row.problems.length > 0)).toEqual([]);
  });

  it('when situations are flagged, then precision and recall are both at least 0.9', () => {
    expect(report.situations.precision).toBeGreaterThanOrEqual(0.9);
    expect(report.situations.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('when leads are followed up, then precision and recall are both at least 0.9', () => {
    expect(report.followUps.precision).toBeGreaterThanOrEqual(0.9);
    expect(report.followUps.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('when a lead must be left alone, then neither analysis acts on it', () => {
    expect(report.rows.filter((row) => row.mustNotActions.length > 0)).toEqual([]);
  });

  it('when the analysis runs again right after, then it adds no insight and no action', () => {
    expect(report.rows.filter((row) => row.secondRunAdded > 0)).toEqual([]);
  });
});
