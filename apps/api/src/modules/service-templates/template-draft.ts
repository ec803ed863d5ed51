import { minorDigits } from '@aiceo/shared/money';
import { serviceTemplateInputSchema, type PricingModel, type ServiceTemplateDraft } from '@aiceo/shared/proposals';
import { jsonInAnswer } from '../../lib/ai/json-answer';

export type TemplateDraft = ServiceTemplateDraft['draft'];

/** The instruction for the AI: one JSON object the shared input schema accepts. */
export const draftTask = (currency: string): string => {
  const digits = minorDigits(currency);
  const example = (1500 * 10 ** digits).toString();
  return [
    "Write a service template for the organisation from the owner's one-sentence description of a service they sell.",
    'Reply with only one JSON object, no prose and no Markdown, in this shape:',
    '{"name": "short service name", "description": "two or three sentences a client reads: what is included and for whom",',
    '"deliverables": [{"title": "short deliverable", "description": "one sentence", "dueAfterDays": 7}],',
    '"pricingModel": "fixed" | "hourly" | "retainer", "priceMinor": 0, "defaultQuantity": 1, "durationDays": 30}',
    `priceMinor is the price of one unit (the whole project for fixed, one hour for hourly, one month for retainer) in minor units of ${currency}`,
    `(${digits} decimal digits: 1500 ${currency} is ${example}); pick a realistic market price.`,
    'defaultQuantity is the usual number of units (1 for fixed, hours for hourly, months for retainer).',
    'Give 3 to 8 deliverables in order; dueAfterDays counts days from the start, grows from one to the next and stays within durationDays.',
  ].join(' ');
};

const draftKeys = [
  'name',
  'description',
  'deliverables',
  'pricingModel',
  'priceMinor',
  'defaultQuantity',
  'durationDays',
] as const;

/**
 * The AI's answer as a template the shared input schema accepts (JSON found inside prose or a
 * code fence; unknown keys dropped), or null when it is not one.
 */
export const parseDraft = (text: string): TemplateDraft | null => {
  const raw = jsonInAnswer(text, 'object');
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const record = raw as Record<string, unknown>;
  const picked = Object.fromEntries(draftKeys.filter((key) => key in record).map((key) => [key, record[key]]));
  if (Array.isArray(picked['deliverables']))
    picked['deliverables'] = picked['deliverables'].map((item: unknown) =>
      typeof item === 'object' && item !== null
        ? Object.fromEntries(
            ['title', 'description', 'dueAfterDays']
              .filter((key) => key in item)
              .map((key) => [key, (item as Record<string, unknown>)[key]]),
          )
        : item,
    );
  const parsed = serviceTemplateInputSchema.safeParse(picked);
  return parsed.success ? parsed.data : null;
};

const NAME_MAX = 80;

/** "we offer a logo design package for startups." -> "Logo design package for startups". */
export const nameFromSentence = (sentence: string): string => {
  const words = sentence
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:(?:i|we)\s+(?:offer|do|provide|sell|run|deliver|build|make)\s+)/i, '')
    .replace(/^(?:a|an|the|our|my)\s+/i, '')
    .replace(/[.!?;:,\s]+$/, '');
  const name = words.length > NAME_MAX ? `${words.slice(0, NAME_MAX).replace(/\s+\S*$/, '')}` : words;
  const text = name || 'New service';
  return text.charAt(0).toUpperCase() + text.slice(1);
};

const pricingFromSentence = (sentence: string): PricingModel => {
  if (/\b(retainer|monthly|per month|a month|every month|ongoing)\b/i.test(sentence)) return 'retainer';
  if (/\b(hourly|per hour|an hour|by the hour)\b/i.test(sentence)) return 'hourly';
  return 'fixed';
};

const DAYS_PER_UNIT: Record<string, number> = { day: 1, week: 7, month: 30 };

/** "a 3-week website build" -> 21; null when the sentence names no length. */
const durationFromSentence = (sentence: string): number | null => {
  const match = /\b(\d{1,3})[\s-]*(day|week|month)s?\b/i.exec(sentence);
  if (!match) return null;
  const days = Number(match[1]) * (DAYS_PER_UNIT[(match[2] ?? 'day').toLowerCase()] ?? 1);
  return Math.min(Math.max(days, 1), 3_650);
};

const spread = (durationDays: number, fractions: number[]): number[] => {
  let previous = 0;
  return fractions.map((fraction) => {
    previous = Math.max(previous, Math.round(durationDays * fraction));
    return previous;
  });
};

/**
 * The offline writer: a clear template from the sentence alone (its name, generic deliverables
 * due along the way, a duration), priced at 0 because only the owner knows the price.
 */
export const offlineDraft = (sentence: string): TemplateDraft => {
  const name = nameFromSentence(sentence);
  const pricingModel = pricingFromSentence(sentence);
  const about = sentence
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.!?\s]+$/, '');
  if (pricingModel === 'retainer') {
    const months = 3;
    return {
      name,
      description: `${about.charAt(0).toUpperCase()}${about.slice(1)}. An ongoing monthly engagement with a plan agreed at the start and a report at the end of each month.`,
      deliverables: [
        {
          title: 'Onboarding and monthly plan',
          description: 'Agree goals, access and the plan for the first month.',
          dueAfterDays: 3,
        },
        {
          title: 'Month 1 report',
          description: 'What was done, results, and the plan for next month.',
          dueAfterDays: 30,
        },
        {
          title: 'Month 2 report',
          description: 'What was done, results, and the plan for next month.',
          dueAfterDays: 60,
        },
        {
          title: 'Quarterly review',
          description: 'Review results together and agree what comes next.',
          dueAfterDays: 90,
        },
      ],
      pricingModel,
      priceMinor: 0,
      defaultQuantity: months,
      durationDays: months * 30,
    };
  }
  const durationDays = durationFromSentence(sentence) ?? (pricingModel === 'hourly' ? 14 : 30);
  const [kickoff = 0, draft = 0, review = 0, handover = 0] = spread(durationDays, [0.1, 0.45, 0.75, 1]);
  return {
    name,
    description: `${about.charAt(0).toUpperCase()}${about.slice(1)}. Includes a kickoff to agree the scope, a first version to review, one round of revisions and a handover.`,
    deliverables: [
      {
        title: 'Kickoff',
        description: 'Agree goals, scope, timeline and what we need from you.',
        dueAfterDays: kickoff,
      },
      { title: 'First draft', description: 'A first version for you to review.', dueAfterDays: draft },
      { title: 'Review and revisions', description: 'Your feedback worked in.', dueAfterDays: review },
      {
        title: 'Final delivery and handover',
        description: 'The finished work and everything you need to use it.',
        dueAfterDays: handover,
      },
    ],
    pricingModel,
    priceMinor: 0,
    defaultQuantity: pricingModel === 'hourly' ? 10 : 1,
    durationDays,
  };
};
