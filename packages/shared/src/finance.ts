import { z } from 'zod';
import { isoDateSchema, isoDaySchema } from './common';
import { defineEndpoint, orgAuth, type Endpoint } from './contract';
import { currencySchema } from './money';

// The books: accounts, the chart of categories, transactions, rules and proposed rules. Money is
// an integer in minor units of its currency (+ money in, - money out).

export const financeAccountKinds = ['bank', 'card', 'cash', 'processor'] as const;
export type FinanceAccountKind = (typeof financeAccountKinds)[number];
export const financeAccountKindSchema = z.enum(financeAccountKinds);

/** transfer: moves between the org's own accounts, neither income nor expense. */
export const financeCategoryKinds = ['income', 'expense', 'transfer'] as const;
export type FinanceCategoryKind = (typeof financeCategoryKinds)[number];
export const financeCategoryKindSchema = z.enum(financeCategoryKinds);

/** Where a transaction came from; billing is what the org pays us (plan invoices, credit packs). */
export const financeTxSources = ['manual', 'import', 'stripe', 'rule', 'billing'] as const;
export type FinanceTxSource = (typeof financeTxSources)[number];
export const financeTxSourceSchema = z.enum(financeTxSources);

/**
 * The default chart of a small business, created for every org. Reports, insights, Stripe and
 * billing find a category by its stable `key`, whatever the owner renamed it to.
 */
export const defaultFinanceCategories = [
  { key: 'sales', name: 'Sales', kind: 'income' },
  { key: 'services', name: 'Services', kind: 'income' },
  { key: 'subscriptions', name: 'Subscriptions', kind: 'income' },
  { key: 'interest', name: 'Interest', kind: 'income' },
  { key: 'refunds_received', name: 'Refunds received', kind: 'income' },
  { key: 'other_income', name: 'Other income', kind: 'income' },
  { key: 'rent', name: 'Rent', kind: 'expense' },
  { key: 'payroll', name: 'Payroll', kind: 'expense' },
  { key: 'software', name: 'Software', kind: 'expense' },
  { key: 'marketing', name: 'Marketing', kind: 'expense' },
  { key: 'advertising', name: 'Advertising', kind: 'expense' },
  { key: 'travel', name: 'Travel', kind: 'expense' },
  { key: 'meals', name: 'Meals', kind: 'expense' },
  { key: 'professional_fees', name: 'Professional fees', kind: 'expense' },
  { key: 'bank_fees', name: 'Bank fees', kind: 'expense' },
  { key: 'taxes', name: 'Taxes', kind: 'expense' },
  { key: 'cost_of_goods', name: 'Cost of goods', kind: 'expense' },
  { key: 'utilities', name: 'Utilities', kind: 'expense' },
  { key: 'insurance', name: 'Insurance', kind: 'expense' },
  { key: 'office', name: 'Office', kind: 'expense' },
  { key: 'equipment', name: 'Equipment', kind: 'expense' },
  { key: 'platform_fees', name: 'AI CEO plan and credits', kind: 'expense' },
  { key: 'payment_processing', name: 'Payment processing fees', kind: 'expense' },
  { key: 'other_expense', name: 'Other expenses', kind: 'expense' },
  { key: 'transfer', name: 'Transfer between accounts', kind: 'transfer' },
] as const satisfies readonly { key: string; name: string; kind: FinanceCategoryKind }[];
export type FinanceCategoryKey = (typeof defaultFinanceCategories)[number]['key'];
export const financeCategoryKeys = defaultFinanceCategories.map((c) => c.key) as FinanceCategoryKey[];

/**
 * A counterparty as a rule or a learned correction sees it: lower case, accents, digits
 * (reference numbers, dates, card endings), punctuation and symbols dropped, spaces collapsed.
 * "UBER *TRIP 4411-22" and "Uber Trip 0912" are both "uber trip".
 */
export const counterpartyKey = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\d\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Largest amount of one transaction, in minor units (ten trillion cents: beyond any small business). */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000_000;
export const amountMinorSchema = z
  .number()
  .int('Use whole minor units (cents)')
  .min(-MAX_AMOUNT_MINOR, 'Amount too large')
  .max(MAX_AMOUNT_MINOR, 'Amount too large');

const nameSchema = z.string().trim().min(1, 'Enter a name').max(100);
const tagSchema = z.string().trim().min(1).max(50);
const tagsSchema = z.array(tagSchema).max(20);

// --- categories ---------------------------------------------------------------------------

export const financeCategorySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: financeCategoryKindSchema,
  /** The default chart's key (sales, rent, ...); null for the org's own categories. */
  key: z.string().nullable(),
  transactionCount: z.number().int(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type FinanceCategory = z.infer<typeof financeCategorySchema>;

export const createFinanceCategoryInputSchema = z.object({ name: nameSchema, kind: financeCategoryKindSchema });
export type CreateFinanceCategoryInput = z.infer<typeof createFinanceCategoryInputSchema>;
export const updateFinanceCategoryInputSchema = createFinanceCategoryInputSchema
  .partial()
  .refine((input) => Object.values(input).some((v) => v !== undefined), 'Change at least one field');
export type UpdateFinanceCategoryInput = z.infer<typeof updateFinanceCategoryInputSchema>;

// --- accounts -----------------------------------------------------------------------------

export const financeAccountSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: financeAccountKindSchema,
  currency: z.string(),
  openingBalanceMinor: z.number().int(),
  openingDate: isoDaySchema.nullable(),
  /** Opening balance plus every transaction of the account. */
  balanceMinor: z.number().int(),
  transactionCount: z.number().int(),
  /** Archived accounts keep their transactions and stay in reports; they are hidden from pickers. */
  archived: z.boolean(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type FinanceAccount = z.infer<typeof financeAccountSchema>;

export const createFinanceAccountInputSchema = z.object({
  name: nameSchema,
  kind: financeAccountKindSchema,
  /** The org's currency when left out. */
  currency: currencySchema.optional(),
  openingBalanceMinor: amountMinorSchema.optional(),
  openingDate: isoDaySchema.nullable().optional(),
});
export type CreateFinanceAccountInput = z.infer<typeof createFinanceAccountInputSchema>;
/** The currency can change only while the account has no transactions. */
export const updateFinanceAccountInputSchema = createFinanceAccountInputSchema
  .extend({ archived: z.boolean().optional() })
  .partial()
  .refine((input) => Object.values(input).some((v) => v !== undefined), 'Change at least one field');
export type UpdateFinanceAccountInput = z.infer<typeof updateFinanceAccountInputSchema>;

// --- transactions -------------------------------------------------------------------------

export const financeTransactionSchema = z.object({
  id: z.uuid(),
  date: isoDaySchema,
  amountMinor: z.number().int(),
  currency: z.string(),
  counterparty: z.string(),
  description: z.string(),
  category: z.object({ id: z.uuid(), name: z.string(), kind: financeCategoryKindSchema }).nullable(),
  account: z.object({ id: z.uuid(), name: z.string() }),
  source: financeTxSourceSchema,
  tags: z.array(z.string()),
  notes: z.string(),
  /** Both legs of a transfer between own accounts share it. */
  transferId: z.uuid().nullable(),
  /** The rule that last set its category or counterparty. */
  ruleId: z.uuid().nullable(),
  importId: z.uuid().nullable(),
  /** The client project this money belongs to (budget vs actual); null when not tagged. */
  projectId: z.uuid().nullable(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type FinanceTransaction = z.infer<typeof financeTransactionSchema>;

const trueFalse = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

/** Which transactions a list or an export covers; `from` and `to` are days, both included. */
export const financeTransactionFilterSchema = z.object({
  from: isoDaySchema.optional(),
  to: isoDaySchema.optional(),
  categoryId: z.uuid().optional(),
  /** Only those without a category. */
  uncategorised: trueFalse,
  accountId: z.uuid().optional(),
  /** Text in the counterparty, description or notes, case-insensitive. */
  q: z.string().trim().max(200).optional(),
  /** in: money in (amount > 0); out: money out. */
  direction: z.enum(['in', 'out']).optional(),
  source: financeTxSourceSchema.optional(),
  tag: tagSchema.optional(),
});
export type FinanceTransactionFilter = z.output<typeof financeTransactionFilterSchema>;

export const MAX_FINANCE_PAGE_SIZE = 100;
/** Newest first (date, then id); `cursor` is the previous page's `nextCursor`. */
export const financeTransactionListQuerySchema = financeTransactionFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(MAX_FINANCE_PAGE_SIZE).default(50),
  cursor: z.string().min(1).max(200).optional(),
});
export type FinanceTransactionListQuery = z.output<typeof financeTransactionListQuerySchema>;

export const financeTransactionPageSchema = z.object({
  items: z.array(financeTransactionSchema),
  nextCursor: z.string().nullable(),
});
export type FinanceTransactionPage = z.infer<typeof financeTransactionPageSchema>;

const transactionFields = {
  date: isoDaySchema,
  /** + money in, - money out; for a transfer, the (positive) amount moved. */
  amountMinor: amountMinorSchema.refine((v) => v !== 0, 'An amount of zero is not a transaction'),
  accountId: z.uuid(),
  counterparty: z.string().trim().max(200).optional(),
  description: z.string().trim().max(1_000).optional(),
  categoryId: z.uuid().nullable().optional(),
  tags: tagsSchema.optional(),
  notes: z.string().max(10_000).optional(),
  /** Tag it to a client project of the org (budget vs actual); null removes the tag. */
  projectId: z.uuid('Not a valid project id').nullable().optional(),
};

/**
 * A manual transaction, or with `transferToAccountId` a transfer: `amountMinor` (positive) leaves
 * `accountId` and arrives in `transferToAccountId`, two legs in the transfer category.
 */
export const createFinanceTransactionInputSchema = z
  .object({ ...transactionFields, transferToAccountId: z.uuid().optional() })
  .superRefine((input, ctx) => {
    if (!input.transferToAccountId) return;
    if (input.amountMinor <= 0)
      ctx.addIssue({ code: 'custom', path: ['amountMinor'], message: 'A transfer moves a positive amount' });
    if (input.transferToAccountId === input.accountId)
      ctx.addIssue({ code: 'custom', path: ['transferToAccountId'], message: 'Pick another account' });
    if (input.categoryId)
      ctx.addIssue({ code: 'custom', path: ['categoryId'], message: 'A transfer is always in the transfer category' });
    if (input.projectId)
      ctx.addIssue({
        code: 'custom',
        path: ['projectId'],
        message: 'A transfer between own accounts is not project money',
      });
  });
export type CreateFinanceTransactionInput = z.infer<typeof createFinanceTransactionInputSchema>;

/** Any subset. On a transfer leg, date and amount change both legs (the other mirrored). */
export const updateFinanceTransactionInputSchema = z
  .object(transactionFields)
  .partial()
  .refine((input) => Object.values(input).some((v) => v !== undefined), 'Change at least one field');
export type UpdateFinanceTransactionInput = z.infer<typeof updateFinanceTransactionInputSchema>;

export const MAX_BULK_IDS = 500;
export const bulkCategoriseInputSchema = z.object({
  ids: z.array(z.uuid()).min(1, 'Pick at least one transaction').max(MAX_BULK_IDS),
  /** null leaves them uncategorised. */
  categoryId: z.uuid().nullable(),
});
export type BulkCategoriseInput = z.infer<typeof bulkCategoriseInputSchema>;
export const bulkCategoriseResultSchema = z.object({ updated: z.number().int() });

/** Share of transactions with a category (both legs of a transfer count as categorised). */
export const financeCoverageSchema = z.object({
  total: z.number().int(),
  categorised: z.number().int(),
  /** 0-100, rounded down; 100 with no transactions. */
  percent: z.number().int().min(0).max(100),
});
export type FinanceCoverage = z.infer<typeof financeCoverageSchema>;

// --- rules --------------------------------------------------------------------------------

export const MAX_RULE_PATTERN_LENGTH = 200;
const textValue = z.string().trim().min(1, 'Enter a value').max(MAX_RULE_PATTERN_LENGTH);

/**
 * One condition; a rule matches when all of them hold. Text matching is case-insensitive, and
 * `contains`/`equals` also compare the counterpartyKey forms (so reference numbers do not
 * matter); `matches` is an RE2 regular expression (no look-arounds or back-references).
 * `amount between` compares the absolute amount in minor units (`min` and `max` included); use
 * `direction` for the sign.
 */
export const financeRuleConditionSchema = z.discriminatedUnion('field', [
  z.object({ field: z.literal('counterparty'), op: z.enum(['contains', 'equals', 'matches']), value: textValue }),
  z.object({ field: z.literal('description'), op: z.enum(['contains', 'equals', 'matches']), value: textValue }),
  z.object({
    field: z.literal('amount'),
    op: z.literal('between'),
    value: z
      .object({
        min: z.number().int().min(0).max(MAX_AMOUNT_MINOR).optional(),
        max: z.number().int().min(0).max(MAX_AMOUNT_MINOR).optional(),
      })
      .refine((v) => v.min !== undefined || v.max !== undefined, 'Give a minimum, a maximum or both')
      .refine((v) => v.min === undefined || v.max === undefined || v.min <= v.max, 'The minimum is above the maximum'),
  }),
  z.object({ field: z.literal('account'), op: z.literal('is'), value: z.uuid() }),
  z.object({ field: z.literal('direction'), op: z.literal('is'), value: z.enum(['in', 'out']) }),
]);
export type FinanceRuleCondition = z.infer<typeof financeRuleConditionSchema>;

/** What a matching rule sets; at least one. */
export const financeRuleActionsSchema = z
  .object({
    categoryId: z.uuid().optional(),
    counterparty: z.string().trim().min(1).max(200).optional(),
    tags: tagsSchema.min(1).optional(),
  })
  .refine(
    (a) => a.categoryId !== undefined || a.counterparty !== undefined || a.tags !== undefined,
    'Set a category, a counterparty name or tags',
  );
export type FinanceRuleActions = z.infer<typeof financeRuleActionsSchema>;

export const financeRuleInputSchema = z.object({
  name: nameSchema,
  conditions: z.array(financeRuleConditionSchema).min(1, 'Add a condition').max(10),
  actions: financeRuleActionsSchema,
  /** A match ends the walk: later rules are not looked at. */
  stopHere: z.boolean().default(false),
  enabled: z.boolean().default(true),
});
export type FinanceRuleInput = z.output<typeof financeRuleInputSchema>;

export const updateFinanceRuleInputSchema = z
  .object({
    name: nameSchema.optional(),
    conditions: financeRuleInputSchema.shape.conditions.optional(),
    actions: financeRuleActionsSchema.optional(),
    stopHere: z.boolean().optional(),
    enabled: z.boolean().optional(),
  })
  .refine((input) => Object.values(input).some((v) => v !== undefined), 'Change at least one field');
export type UpdateFinanceRuleInput = z.output<typeof updateFinanceRuleInputSchema>;

export const financeRuleSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** 1 is looked at first. */
  position: z.number().int(),
  conditions: z.array(financeRuleConditionSchema),
  actions: z.object({
    categoryId: z.uuid().optional(),
    counterparty: z.string().optional(),
    tags: z.array(z.string()).optional(),
  }),
  stopHere: z.boolean(),
  enabled: z.boolean(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type FinanceRule = z.infer<typeof financeRuleSchema>;

export const reorderRulesInputSchema = z.object({
  /** Every rule id of the org, in the new order. */
  ids: z.array(z.uuid()).min(1).max(1_000),
});

const txChangeSchema = z.object({
  category: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  counterparty: z.string(),
  tags: z.array(z.string()),
});
export const financeRulePreviewSchema = z.object({
  /** Past transactions the rule would change. */
  wouldChange: z.number().int(),
  /** Up to 20 of them, newest first. */
  sample: z.array(
    z.object({
      transaction: financeTransactionSchema,
      before: txChangeSchema,
      after: txChangeSchema,
    }),
  ),
});
export type FinanceRulePreview = z.infer<typeof financeRulePreviewSchema>;
export const applyRuleResultSchema = z.object({ changed: z.number().int() });

// --- proposed rules -----------------------------------------------------------------------

/** Corrections of one counterparty to one category after which a rule is proposed. */
export const PROPOSAL_THRESHOLD = 3;

export const financeRuleProposalSchema = z.object({
  id: z.uuid(),
  counterparty: z.string(),
  counterpartyKey: z.string(),
  category: z.object({ id: z.uuid(), name: z.string(), kind: financeCategoryKindSchema }),
  /** Distinct transactions the owner moved to this category by hand. */
  corrections: z.number().int(),
  /** Past transactions the rule would change if accepted and applied. */
  wouldChange: z.number().int(),
  createdAt: isoDateSchema,
});
export type FinanceRuleProposal = z.infer<typeof financeRuleProposalSchema>;

export const acceptProposalInputSchema = z.object({
  /** Also apply the new rule to past transactions (it never is by default). */
  applyToPast: z.boolean().default(false),
});
export const acceptProposalResultSchema = z.object({ rule: financeRuleSchema, changed: z.number().int() });

// --- endpoints ----------------------------------------------------------------------------

const tag = 'Finance';
const orgParams = z.object({ orgId: z.uuid() });
export const financeAccountParamsSchema = orgParams.extend({ accountId: z.uuid() });
export const financeCategoryParamsSchema = orgParams.extend({ categoryId: z.uuid() });
export const financeTransactionParamsSchema = orgParams.extend({ transactionId: z.uuid() });
export const financeRuleParamsSchema = orgParams.extend({ ruleId: z.uuid() });
export const financeProposalParamsSchema = orgParams.extend({ ruleProposalId: z.uuid() });
// Finance is admin+: members see none of it; API keys by scope.
const reader = orgAuth('admin', 'read');
const writer = orgAuth('admin', 'write');
const base = '/api/orgs/:orgId/finance';

export const financeEndpoints = {
  listCategories: defineEndpoint({
    method: 'GET',
    path: `${base}/categories`,
    summary: 'The chart of categories (the default one for small businesses plus your own), by kind and name',
    tag,
    auth: reader,
    params: orgParams,
    status: 200,
    response: z.object({ items: z.array(financeCategorySchema) }),
  }),
  createCategory: defineEndpoint({
    method: 'POST',
    path: `${base}/categories`,
    summary: 'Add a category',
    tag,
    auth: writer,
    params: orgParams,
    body: createFinanceCategoryInputSchema,
    status: 201,
    response: financeCategorySchema,
    errors: [409],
  }),
  updateCategory: defineEndpoint({
    method: 'PATCH',
    path: `${base}/categories/:categoryId`,
    summary: 'Rename a category (default ones too) or change its kind (only while it has no transactions)',
    tag,
    auth: writer,
    params: financeCategoryParamsSchema,
    body: updateFinanceCategoryInputSchema,
    status: 200,
    response: financeCategorySchema,
    errors: [409],
  }),
  removeCategory: defineEndpoint({
    method: 'DELETE',
    path: `${base}/categories/:categoryId`,
    summary: 'Delete one of your categories: its transactions become uncategorised (default ones cannot be deleted)',
    tag,
    auth: writer,
    params: financeCategoryParamsSchema,
    status: 204,
    response: null,
    errors: [409],
  }),
  listAccounts: defineEndpoint({
    method: 'GET',
    path: `${base}/accounts`,
    summary: 'Accounts with their current balance and transaction count',
    tag,
    auth: reader,
    params: orgParams,
    status: 200,
    response: z.object({ items: z.array(financeAccountSchema) }),
  }),
  createAccount: defineEndpoint({
    method: 'POST',
    path: `${base}/accounts`,
    summary: 'Add an account (bank, card, cash, payment processor) with its opening balance',
    tag,
    auth: writer,
    params: orgParams,
    body: createFinanceAccountInputSchema,
    status: 201,
    response: financeAccountSchema,
    errors: [409],
  }),
  updateAccount: defineEndpoint({
    method: 'PATCH',
    path: `${base}/accounts/:accountId`,
    summary: 'Change an account, or archive it (`archived: true`) to hide it while keeping its transactions',
    tag,
    auth: writer,
    params: financeAccountParamsSchema,
    body: updateFinanceAccountInputSchema,
    status: 200,
    response: financeAccountSchema,
    errors: [409],
  }),
  removeAccount: defineEndpoint({
    method: 'DELETE',
    path: `${base}/accounts/:accountId`,
    summary: 'Delete an account without transactions; one with transactions answers 409 (archive it instead)',
    tag,
    auth: writer,
    params: financeAccountParamsSchema,
    status: 204,
    response: null,
    errors: [409],
  }),
  listTransactions: defineEndpoint({
    method: 'GET',
    path: `${base}/transactions`,
    summary: 'Transactions matching a filter, newest first, a page at a time',
    tag,
    auth: reader,
    params: orgParams,
    query: financeTransactionListQuerySchema,
    status: 200,
    response: financeTransactionPageSchema,
  }),
  exportTransactions: defineEndpoint({
    method: 'GET',
    path: `${base}/transactions/export`,
    summary: 'Transactions matching a filter as CSV, newest first, amounts as decimals in their currency',
    tag,
    auth: reader,
    params: orgParams,
    query: financeTransactionFilterSchema,
    status: 200,
    response: null,
    produces: 'text/csv',
  }),
  coverage: defineEndpoint({
    method: 'GET',
    path: `${base}/coverage`,
    summary: 'How many transactions have a category (categorisation coverage)',
    tag,
    auth: reader,
    params: orgParams,
    status: 200,
    response: financeCoverageSchema,
  }),
  createTransaction: defineEndpoint({
    method: 'POST',
    path: `${base}/transactions`,
    summary: 'Record a transaction by hand, or a transfer between two own accounts (`transferToAccountId`)',
    tag,
    auth: writer,
    params: orgParams,
    body: createFinanceTransactionInputSchema,
    status: 201,
    response: financeTransactionSchema,
  }),
  bulkCategorise: defineEndpoint({
    method: 'POST',
    path: `${base}/transactions/bulk-categorise`,
    summary: 'Put up to 500 transactions in one category (or none); transfers are left as they are',
    tag,
    auth: writer,
    params: orgParams,
    body: bulkCategoriseInputSchema,
    status: 200,
    response: bulkCategoriseResultSchema,
  }),
  getTransaction: defineEndpoint({
    method: 'GET',
    path: `${base}/transactions/:transactionId`,
    summary: 'One transaction',
    tag,
    auth: reader,
    params: financeTransactionParamsSchema,
    status: 200,
    response: financeTransactionSchema,
  }),
  updateTransaction: defineEndpoint({
    method: 'PATCH',
    path: `${base}/transactions/:transactionId`,
    summary: 'Change a transaction; a new category by hand is remembered to propose rules',
    tag,
    auth: writer,
    params: financeTransactionParamsSchema,
    body: updateFinanceTransactionInputSchema,
    status: 200,
    response: financeTransactionSchema,
    errors: [409],
  }),
  removeTransaction: defineEndpoint({
    method: 'DELETE',
    path: `${base}/transactions/:transactionId`,
    summary: 'Delete a transaction (both legs of a transfer)',
    tag,
    auth: writer,
    params: financeTransactionParamsSchema,
    status: 204,
    response: null,
  }),
  listRules: defineEndpoint({
    method: 'GET',
    path: `${base}/rules`,
    summary: 'Categorisation rules in the order they are tried',
    tag,
    auth: reader,
    params: orgParams,
    status: 200,
    response: z.object({ items: z.array(financeRuleSchema) }),
  }),
  createRule: defineEndpoint({
    method: 'POST',
    path: `${base}/rules`,
    summary: 'Add a rule at the end of the order (it applies to new transactions; past ones only on apply)',
    tag,
    auth: writer,
    params: orgParams,
    body: financeRuleInputSchema,
    status: 201,
    response: financeRuleSchema,
  }),
  previewRule: defineEndpoint({
    method: 'POST',
    path: `${base}/rules/preview`,
    summary: 'What a rule (not saved) would change in past transactions: a count and a sample, before and after',
    tag,
    auth: reader,
    params: orgParams,
    body: financeRuleInputSchema,
    status: 200,
    response: financeRulePreviewSchema,
  }),
  reorderRules: defineEndpoint({
    method: 'PUT',
    path: `${base}/rules/order`,
    summary: 'Set the order rules are tried in (every rule id, first one first)',
    tag,
    auth: writer,
    params: orgParams,
    body: reorderRulesInputSchema,
    status: 200,
    response: z.object({ items: z.array(financeRuleSchema) }),
  }),
  updateRule: defineEndpoint({
    method: 'PATCH',
    path: `${base}/rules/:ruleId`,
    summary: 'Change a rule',
    tag,
    auth: writer,
    params: financeRuleParamsSchema,
    body: updateFinanceRuleInputSchema,
    status: 200,
    response: financeRuleSchema,
  }),
  removeRule: defineEndpoint({
    method: 'DELETE',
    path: `${base}/rules/:ruleId`,
    summary: 'Delete a rule (what it set stays)',
    tag,
    auth: writer,
    params: financeRuleParamsSchema,
    status: 204,
    response: null,
  }),
  applyRule: defineEndpoint({
    method: 'POST',
    path: `${base}/rules/:ruleId/apply`,
    summary: 'Apply one rule to past transactions now; answers how many changed',
    tag,
    auth: writer,
    params: financeRuleParamsSchema,
    status: 200,
    response: applyRuleResultSchema,
  }),
  listProposals: defineEndpoint({
    method: 'GET',
    path: `${base}/rule-proposals`,
    summary: 'Rules proposed after you recategorised the same counterparty the same way three times',
    tag,
    auth: reader,
    params: orgParams,
    status: 200,
    response: z.object({ items: z.array(financeRuleProposalSchema) }),
  }),
  acceptProposal: defineEndpoint({
    method: 'POST',
    path: `${base}/rule-proposals/:ruleProposalId/accept`,
    summary: 'Turn a proposed rule into a rule; past transactions change only with `applyToPast: true`',
    tag,
    auth: writer,
    params: financeProposalParamsSchema,
    body: acceptProposalInputSchema,
    status: 201,
    response: acceptProposalResultSchema,
    errors: [409],
  }),
  dismissProposal: defineEndpoint({
    method: 'POST',
    path: `${base}/rule-proposals/:ruleProposalId/dismiss`,
    summary: 'Dismiss a proposed rule (it is not proposed again)',
    tag,
    auth: writer,
    params: financeProposalParamsSchema,
    status: 204,
    response: null,
    errors: [409],
  }),
} satisfies Record<string, Endpoint>;
