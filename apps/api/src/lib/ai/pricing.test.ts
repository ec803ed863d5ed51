import { costNanoUsd, DEFAULT_PRICES, parsePrices, priceFor } from './pricing';

describe('AI pricing', () => {
  it.each([
    // [model, tokens in, tokens out, nano-dollars]
    ['gpt-4o-mini', 1_000, 500, 1_000 * 150 + 500 * 600],
    ['gpt-4o', 1_000_000, 0, 2_500_000_000],
    ['claude-sonnet-4-20250514', 3, 7, 3 * 3_000 + 7 * 15_000],
    ['mistral-small-latest', 12_345, 678, 12_345 * 100 + 678 * 300],
  ])(
    'when %s takes %i tokens in and %i out, then it costs exactly %i nano-dollars',
    (model, tokensIn, tokensOut, expected) => {
      expect(costNanoUsd({ price: priceFor(DEFAULT_PRICES, model), tokensIn, tokensOut })).toBe(expected);
    },
  );

  it('when a million calls of one token are summed, then the total is exact (no floating-point drift)', () => {
    const price = priceFor(DEFAULT_PRICES, 'gpt-4o-mini');
    let total = 0;
    for (let i = 0; i < 1_000_000; i += 1) total += costNanoUsd({ price, tokensIn: 1, tokensOut: 1 });
    expect(total).toBe(750_000_000);
  });

  it('when a model is a dated variant of a priced one, then the longest matching prefix prices it; an unknown model costs 0', () => {
    expect(priceFor(DEFAULT_PRICES, 'gpt-4o-mini-2024-07-18')).toEqual({ input: 0.15, output: 0.6 });
    expect(priceFor(DEFAULT_PRICES, 'gpt-4o-2024-11-20')).toEqual({ input: 2.5, output: 10 });
    expect(costNanoUsd({ price: priceFor(DEFAULT_PRICES, 'llama-local'), tokensIn: 10, tokensOut: 10 })).toBe(0);
  });

  it('when AI_PRICES adds and changes models, then they apply over the defaults', () => {
    const table = parsePrices('{"my-model": [1.25, 2.5], "gpt-4o-mini": [0.1, 0.4]}');
    expect(table['my-model']).toEqual({ input: 1.25, output: 2.5 });
    expect(table['gpt-4o-mini']).toEqual({ input: 0.1, output: 0.4 });
    expect(table['gpt-4o']).toEqual(DEFAULT_PRICES['gpt-4o']);
  });

  it.each([
    ['not json', 'is not valid JSON'],
    ['[1, 2]', 'must be an object'],
    ['{"m": [1]}', '"m" needs [input, output]'],
    ['{"m": [-1, 2]}', '"m" needs [input, output]'],
    ['{"m": [0.0001, 2]}', 'at most 3 decimals'],
  ])('when AI_PRICES is %s, then it is refused: %s', (json, message) => {
    expect(() => parsePrices(json)).toThrow(message);
  });
});
