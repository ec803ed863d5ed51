// Options of the currency and timezone selects: the common ones first, then every code the
// browser knows (ISO 4217 currencies, IANA zones), so that any valid code can be picked.

const supported = (key: 'currency' | 'timeZone'): string[] => {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return intl.supportedValuesOf ? intl.supportedValuesOf(key) : [];
};

export const COMMON_CURRENCIES = [
  'USD',
  'EUR',
  'GBP',
  'CHF',
  'CAD',
  'AUD',
  'NZD',
  'JPY',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'INR',
  'SGD',
  'HKD',
  'ZAR',
  'BRL',
  'MXN',
  'AED',
] as const;

const currencyNames = (() => {
  try {
    return new Intl.DisplayNames(undefined, { type: 'currency' });
  } catch {
    return null;
  }
})();

export const currencyLabel = (code: string): string => {
  const name = currencyNames?.of(code);
  return name && name !== code ? `${code} · ${name}` : code;
};

export type OptionGroup = { label: string; options: { value: string; label: string }[] };

/** Common currencies, then all others; `current` is kept even when the browser does not list it. */
export const currencyGroups = (current: string): OptionGroup[] => {
  const common = new Set<string>(COMMON_CURRENCIES);
  if (current) common.add(current);
  const others = supported('currency').filter((code) => !common.has(code));
  return [
    { label: 'Common currencies', options: [...common].map((code) => ({ value: code, label: currencyLabel(code) })) },
    { label: 'All currencies', options: others.map((code) => ({ value: code, label: currencyLabel(code) })) },
  ];
};

/** UTC and every IANA zone, grouped by region ("Europe", "America", ...). */
export const timezoneGroups = (current: string): OptionGroup[] => {
  const zones = new Set(['UTC', ...supported('timeZone')]);
  if (current) zones.add(current);
  const groups = new Map<string, string[]>();
  for (const zone of zones) {
    const region = zone.includes('/') ? (zone.split('/')[0] ?? 'Other') : 'Other';
    groups.set(region, [...(groups.get(region) ?? []), zone]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, list]) => ({
      label,
      options: list.sort().map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') })),
    }));
};

export const monthNames = Array.from({ length: 12 }, (_, index) =>
  new Intl.DateTimeFormat(undefined, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, index, 1))),
);
