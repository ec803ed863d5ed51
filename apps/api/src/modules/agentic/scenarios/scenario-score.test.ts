import type { ScenarioOutcome } from './scenario-run';
import { scoreScenarios } from './scenario-score';

const outcome = (overrides: Partial<ScenarioOutcome>): ScenarioOutcome => ({
  id: 'scenario',
  expected: { situations: [], followUps: [], mustNot: [] },
  situations: [],
  followUps: [],
  otherActions: 0,
  mustNotActions: [],
  secondRunAdded: { insights: 0, actions: 0 },
  brokenFacts: [],
  error: null,
  ...overrides,
});

describe('scoreScenarios', () => {
  it('when the engine misses one thing and adds another, then precision, recall, misses and extras count them per scenario', () => {
    // Arrange: a deal flagged with one of its two follow-ups, plus a stray post; a calm org flagged for content.
    const outcomes = [
      outcome({
        id: 'deals',
        expected: { situations: ['deals_at_risk'], followUps: ['Ann', 'Bob'], mustNot: ['Cy'] },
        situations: ['deals_at_risk'],
        followUps: ['Ann', 'Cy'],
        mustNotActions: ['Cy'],
        secondRunAdded: { insights: 1, actions: 2 },
      }),
      outcome({ id: 'calm', situations: ['low_content_output'], error: 'analyze answered 500' }),
    ];

    // Act
    const report = scoreScenarios(outcomes);

    // Assert
    expect(report.situations).toEqual({ expected: 1, found: 2, hits: 1, precision: 0.5, recall: 1 });
    expect(report.followUps).toEqual({ expected: 2, found: 2, hits: 1, precision: 0.5, recall: 0.5 });
    expect(report.mustNotActions).toBe(1);
    expect(report.secondRunAdded).toBe(3);
    expect(report.problems).toBe(1);
    expect(report.rows[0]).toMatchObject({ misses: ['lead: Bob'], extras: ['lead: Cy'], mustNotActions: ['Cy'] });
    expect(report.rows[1]).toMatchObject({ extras: ['low_content_output'], problems: ['error: analyze answered 500'] });
  });

  it('when nothing is expected and nothing is found, then precision and recall are 1, not a division by zero', () => {
    const report = scoreScenarios([outcome({})]);

    expect(report.situations).toMatchObject({ precision: 1, recall: 1 });
    expect(report.followUps).toMatchObject({ precision: 1, recall: 1 });
  });
});
