/** USD per million tokens, input then output, as providers publish them. */
export type ModelPrice = { input: number; output: number };
export type PriceTable = Record<string, ModelPrice>;

/** List prices of the default models (and a few common ones); AI_PRICES adds or changes entries. */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'claude-sonnet-4-20250514': { input: 3, output: 15 },
  'claude-3-5-haiku-latest': { input: 0.8, output: 4 },
  'grok-3-mini': { input: 0.3, output: 0.5 },
  'grok-3': { input: 3, output: 15 },
  'mistral-small-latest': { input: 0.1, output: 0.3 },
  'mistral-large-latest': { input: 2, output: 6 },
};

const price = (value: unknown): number | null => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return null;
  // Nano-dollar costs stay whole numbers only for prices given to a thousandth of a dollar.
  return Math.round(value * 1000) === value * 1000 ? value : null;
};

/** Reads AI_PRICES (`{"model": [input, output]}`) over the defaults; throws a readable message when malformed. */
export const parsePrices = (json: string | undefined): PriceTable => {
  const table: PriceTable = { ...DEFAULT_PRICES };
  if (!json?.trim()) return table;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('must be an object of model: [input, output]');
  for (const [model, pair] of Object.entries(parsed)) {
    const [input, output] = Array.isArray(pair) && pair.length === 2 ? pair.map(price) : [null, null];
    if (input == null || output == null)
      throw new Error(`"${model}" needs [input, output] in USD per million tokens, at most 3 decimals`);
    table[model] = { input, output };
  }
  return table;
};

/** The price of a model: an exact entry, else the longest entry the model name starts with (dated variants). */
export const priceFor = (table: PriceTable, model: string): ModelPrice | null => {
  const exact = table[model];
  if (exact) return exact;
  const prefix = Object.keys(table)
    .filter((name) => model.startsWith(name))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? (table[prefix] ?? null) : null;
};

/**
 * Cost in nano-dollars: a price of p USD per million tokens is p * 1000 nano-dollars per
 * token, a whole number for prices to three decimals, so sums over many calls stay exact.
 */
export const costNanoUsd = (options: { price: ModelPrice | null; tokensIn: number; tokensOut: number }): number => {
  const { price: p, tokensIn, tokensOut } = options;
  if (!p) return 0;
  return tokensIn * Math.round(p.input * 1000) + tokensOut * Math.round(p.output * 1000);
};
