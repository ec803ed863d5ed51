import { z } from 'zod';
import { emailSchema, idSchema, isoDateSchema, isoDaySchema, personNameSchema } from './common';
import { leadInputSchema } from './leads';
import { fieldLabel, isRawZodMessage, rawZodPhrases, summariseIssues } from './validation-messages';

const messagesOf = (schema: z.ZodType, value: unknown): string[] => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`expected ${JSON.stringify(value)} to fail`);
  return result.error.issues.map((i) => i.message);
};

const form = z.object({
  name: z.string().max(100),
  code: z.string().min(3),
  amountMinor: z.number().int(),
  priority: z.enum(['low', 'medium', 'high']),
  email: z.email(),
  ownerUserId: z.uuid(),
  day: z.iso.date(),
  startsAt: z.iso.datetime(),
  website: z.url(),
  tags: z.array(z.string().max(5)).max(2),
  count: z.number().min(1).max(10),
  agreed: z.boolean(),
  kind: z.literal('note'),
  when: z.date(),
  union: z.union([z.string(), z.number()]),
});

const hostile: Record<string, unknown>[] = [
  {},
  {
    name: 'x'.repeat(101),
    code: 'ab',
    amountMinor: Number.NaN,
    priority: 'urgent',
    email: 'not an email',
    ownerUserId: 'abc',
    day: '2026-13-40',
    startsAt: 'yesterday',
    website: 'not a url',
    tags: ['toolong', 'a', 'b'],
    count: 0,
    agreed: 'yes',
    kind: 'post',
    when: 'soon',
    union: true,
  },
  {
    name: 12,
    code: null,
    amountMinor: 1.5,
    priority: 3,
    email: 5,
    ownerUserId: null,
    day: 20260101,
    startsAt: {},
    website: [],
    tags: 'a',
    count: 11,
    agreed: null,
    kind: null,
    when: new Date(Number.NaN),
    union: null,
  },
];

describe('plain validation messages', () => {
  it.each(hostile.map((value, index) => [index, value] as const))(
    'when representative schemas reject sample %i, then no message uses zod phrases',
    (_index, value) => {
      const messages = [
        ...messagesOf(form, value),
        ...messagesOf(z.object({ extra: z.string() }).strict(), { extra: 'x', other: 1 }),
        ...messagesOf(personNameSchema, ''),
        ...messagesOf(emailSchema, 'nope'),
        ...messagesOf(idSchema, 'nope'),
        ...messagesOf(isoDateSchema, 'nope'),
        ...messagesOf(isoDaySchema, '2026-02-30'),
        ...messagesOf(leadInputSchema, { name: 'x'.repeat(1000), email: 'bad', valueCents: Number.NaN }),
        ...messagesOf(z.coerce.number(), 'abc'),
      ];
      expect(messages.length).toBeGreaterThan(5);
      expect(messages.filter(isRawZodMessage)).toEqual([]);
    },
  );

  it.each([
    [
      z.object({ name: z.string().max(100) }),
      { name: 'x'.repeat(101) },
      'Name is too long: use at most 100 characters',
    ],
    [z.object({ amount: z.number() }), { amount: Number.NaN }, 'Amount must be a number'],
    [z.object({ amountMinor: z.number() }), { amountMinor: 'ten' }, 'Amount must be a number'],
    [z.object({ email: z.email() }), { email: 'x' }, 'Enter an email address like name@example.com'],
    [
      z.object({ priority: z.enum(['low', 'medium', 'high']) }),
      { priority: 'urgent' },
      'Priority: choose one of: low, medium, high',
    ],
    [z.object({ firstName: z.string() }), {}, 'First name is required'],
    [z.object({ title: z.string().min(1) }), { title: '' }, 'Title cannot be empty'],
    [z.object({ code: z.string().min(3) }), { code: 'ab' }, 'Code is too short: use at least 3 characters'],
    [z.object({ count: z.number().int().min(1) }), { count: 0 }, 'Count must be at least 1'],
    [z.object({ count: z.number().int() }), { count: 1.5 }, 'Count must be a whole number'],
    [z.object({ ownerUserId: z.uuid() }), { ownerUserId: 'x' }, 'Owner user ID must be an ID'],
    [z.object({ day: z.iso.date() }), { day: 'x' }, 'Day must be a date like 2026-03-01'],
    [z.object({ tags: z.array(z.string().max(2)) }), { tags: ['abc'] }, 'Tags (item 1) is too long'],
  ])('when a field is wrong, then the message says so in words (%#)', (schema, value, expected) => {
    expect(messagesOf(schema, value)[0]).toContain(expected);
  });

  it('when a schema words its own message, then that message wins', () => {
    expect(messagesOf(z.object({ name: z.string().min(1, 'Enter a name') }), { name: '' })).toEqual(['Enter a name']);
  });

  it('when field keys are camelCase, then labels are words', () => {
    expect(fieldLabel('sourceUrl')).toBe('Source web address');
    expect(fieldLabel('valueMinor')).toBe('Value');
    expect(fieldLabel('')).toBe('This value');
  });

  it('when several issues are summarised, then the headline counts them in words', () => {
    expect(summariseIssues([{ message: 'Name is required' }])).toBe('Name is required');
    expect(summariseIssues([{ message: 'A' }, { message: 'B' }])).toBe('2 fields need attention: A; B');
  });

  it('when zod raw phrases are checked, then the detector catches each of them', () => {
    for (const phrase of rawZodPhrases) expect(isRawZodMessage(`x ${phrase} y`)).toBe(true);
    expect(isRawZodMessage('Name is too long: use at most 100 characters')).toBe(false);
  });
});
