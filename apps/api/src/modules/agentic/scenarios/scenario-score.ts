import type { ScenarioOutcome } from './scenario-run';

export type Counts = { expected: number; found: number; hits: number; precision: number; recall: number };

export type ScenarioRow = {
  scenario: string;
  expected: string[];
  found: string[];
  misses: string[];
  extras: string[];
  mustNotActions: string[];
  secondRunAdded: number;
  problems: string[];
};

export type ScenarioReport = {
  situations: Counts;
  followUps: Counts;
  mustNotActions: number;
  secondRunAdded: number;
  /** Scenarios that could not be built or run, or whose facts did not hold. */
  problems: number;
  rows: ScenarioRow[];
};

const ratio = (part: number, whole: number) => (whole === 0 ? 1 : Math.round((part / whole) * 1000) / 1000);

const counts = (pairs: { expected: string[]; found: string[] }[]): Counts => {
  let expected = 0;
  let found = 0;
  let hits = 0;
  for (const pair of pairs) {
    const wanted = new Set(pair.expected);
    expected += wanted.size;
    found += new Set(pair.found).size;
    hits += new Set(pair.found.filter((item) => wanted.has(item))).size;
  }
  return { expected, found, hits, precision: ratio(hits, found), recall: ratio(hits, expected) };
};

/** Situations are scored as `kind`, follow-ups as `lead: <name>`, both per scenario. */
const expectedItems = (outcome: ScenarioOutcome) => [
  ...outcome.expected.situations,
  ...outcome.expected.followUps.map((name) => `lead: ${name}`),
];
const foundItems = (outcome: ScenarioOutcome) => [
  ...outcome.situations,
  ...outcome.followUps.map((name) => `lead: ${name}`),
];

/**
 * Precision and recall over all scenarios (micro-averaged: every expected situation and every
 * expected follow-up counts once), the must-not actions and what second analyses added.
 */
export const scoreScenarios = (outcomes: ScenarioOutcome[]): ScenarioReport => {
  const rows = outcomes.map((outcome): ScenarioRow => {
    const expected = expectedItems(outcome);
    const found = foundItems(outcome);
    return {
      scenario: outcome.id,
      expected,
      found,
      misses: expected.filter((item) => !found.includes(item)),
      extras: found.filter((item) => !expected.includes(item)),
      mustNotActions: outcome.mustNotActions,
      secondRunAdded: outcome.secondRunAdded.insights + outcome.secondRunAdded.actions,
      problems: [...(outcome.error ? [`error: ${outcome.error}`] : []), ...outcome.brokenFacts],
    };
  });
  return {
    situations: counts(outcomes.map((o) => ({ expected: o.expected.situations, found: o.situations }))),
    followUps: counts(outcomes.map((o) => ({ expected: o.expected.followUps, found: o.followUps }))),
    mustNotActions: outcomes.reduce((sum, o) => sum + o.mustNotActions.length, 0),
    secondRunAdded: rows.reduce((sum, row) => sum + row.secondRunAdded, 0),
    problems: rows.filter((row) => row.problems.length > 0).length,
    rows,
  };
};

const cell = (items: string[]) => (items.length === 0 ? '-' : items.join(', '));

/** The table for the note (Markdown), then the totals. */
export const formatReport = (report: ScenarioReport, database: string): string => {
  const lines = [
    `Agentic scenarios on ${database}`,
    '',
    '| scenario | expected | found | misses | extras | must-not actions | 2nd run added |',
    '|---|---|---|---|---|---|---|',
    ...report.rows.map(
      (row) =>
        `| ${row.scenario} | ${cell(row.expected)} | ${cell(row.found)} | ${cell(row.misses)} | ${cell(row.extras)} | ${cell(row.mustNotActions)} | ${row.secondRunAdded} |`,
    ),
    '',
    `Situations: precision ${report.situations.precision} (${report.situations.hits}/${report.situations.found}), recall ${report.situations.recall} (${report.situations.hits}/${report.situations.expected})`,
    `Follow-ups: precision ${report.followUps.precision} (${report.followUps.hits}/${report.followUps.found}), recall ${report.followUps.recall} (${report.followUps.hits}/${report.followUps.expected})`,
    `Must-not actions: ${report.mustNotActions}; added by second analyses: ${report.secondRunAdded}; scenarios with problems: ${report.problems}`,
    ...report.rows.flatMap((row) => row.problems.map((problem) => `  ${row.scenario}: ${problem}`)),
  ];
  return lines.join('\n');
};
