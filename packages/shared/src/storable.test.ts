import { findUnstorableText, storableDateTimeSchema, storableDaySchema, unstorableTextReason } from './storable';

describe('unstorableTextReason', () => {
  it.each([
    ['plain text', 'Hello, world', null],
    ['emoji (a surrogate pair)', 'Launch 🚀 today', null],
    ['NUL', 'a\u0000b', /NUL/],
    ['a lone high surrogate', 'a\ud800b', /lone surrogate/],
    ['a lone low surrogate', '\udc00', /lone surrogate/],
    ['a high surrogate at the end', 'x\ud83d', /lone surrogate/],
  ])('when the text has %s, then it says %p', (_name, value, expected) => {
    const reason = unstorableTextReason(value);
    if (expected === null) expect(reason).toBeNull();
    else expect(reason).toMatch(expected);
  });
});

describe('findUnstorableText', () => {
  it('when NUL and lone surrogates hide in nested values and keys, then each is listed with its path', () => {
    const issues = findUnstorableText({
      name: 'ok',
      audience: { tags: ['fine', 'b\u0000d'] },
      ['k\ud800']: 1,
      deep: [{ note: '\udfff' }],
    });
    expect(issues).toEqual([
      { path: 'audience.tags.1', message: expect.stringMatching(/NUL/) },
      { path: '(key)', message: expect.stringMatching(/surrogate/) },
      { path: 'deep.0.note', message: expect.stringMatching(/surrogate/) },
    ]);
  });

  it('when nothing is wrong, then it lists nothing', () => {
    expect(findUnstorableText({ a: [1, true, null, 'x'], b: { c: 'é' } })).toEqual([]);
  });
});

describe('storable dates', () => {
  it.each([
    ['2026-03-01T09:00:00Z', true],
    ['0001-01-01T00:00:00.000Z', true],
    ['9999-12-31T23:59:59.999Z', true],
    ['2024-02-29T12:00:00+02:00', true],
    ['0000-01-01T00:00:00Z', false],
    ['2026-02-30T10:00:00Z', false],
    ['2025-02-29T10:00:00Z', false],
    ['+275760-09-13T00:00:00Z', false],
    ['2026-03-01', false],
  ])('when a date-time is %s, then it is accepted: %p', (value, ok) => {
    expect(storableDateTimeSchema.safeParse(value).success).toBe(ok);
  });

  it.each([
    ['2026-03-01', true],
    ['0000-01-01', false],
    ['2026-04-31', false],
  ])('when a day is %s, then it is accepted: %p', (value, ok) => {
    expect(storableDaySchema.safeParse(value).success).toBe(ok);
  });
});
