import {
  proposalTotals,
  proposalUpdateSchema,
  type Deliverable,
  type PricingModel,
  type Proposal,
  type ProposalUpdate,
  type ServiceTemplate,
} from '@aiceo/shared/proposals';
import { parseMoneyInput, toMoneyInput } from '@/utils/money-input';

/** One line as typed: price in major units and the quantity as text, so half-typed values stay. */
export type ItemDraft = {
  key: string;
  templateId: string | null;
  name: string;
  description: string;
  pricingModel: PricingModel;
  price: string;
  quantity: string;
  deliverables: Deliverable[];
  durationDays: number;
};

export type ProposalDraft = {
  title: string;
  items: ItemDraft[];
  discount: string;
  tax: string;
  deposit: string;
  coverLetter: string;
  terms: string;
  validUntil: string;
};

let nextKey = 1;
const newKey = () => `item-${nextKey++}`;

const numberText = (value: number) => String(value);

export const draftFromProposal = (proposal: Proposal): ProposalDraft => ({
  title: proposal.title,
  items: proposal.items.map((item) => ({
    key: newKey(),
    templateId: item.templateId,
    name: item.name,
    description: item.description,
    pricingModel: item.pricingModel,
    price: toMoneyInput(item.unitPriceMinor, proposal.currency),
    quantity: numberText(item.quantity),
    deliverables: item.deliverables,
    durationDays: item.durationDays,
  })),
  discount: numberText(proposal.discountPercent),
  tax: numberText(proposal.taxPercent),
  deposit: numberText(proposal.depositPercent),
  coverLetter: proposal.coverLetter,
  terms: proposal.terms,
  validUntil: proposal.validUntil,
});

export const itemFromTemplate = (template: ServiceTemplate, currency: string): ItemDraft => ({
  key: newKey(),
  templateId: template.id,
  name: template.name,
  description: template.description,
  pricingModel: template.pricingModel,
  price: toMoneyInput(template.priceMinor, currency),
  quantity: numberText(template.defaultQuantity),
  deliverables: template.deliverables,
  durationDays: template.durationDays,
});

export const customItem = (): ItemDraft => ({
  key: newKey(),
  templateId: null,
  name: '',
  description: '',
  pricingModel: 'fixed',
  price: '',
  quantity: '1',
  deliverables: [],
  durationDays: 0,
});

/** "12,5" and "12.5" are the same quantity or percentage; empty or not a number is NaN. */
export const parseDecimal = (text: string): number => {
  const trimmed = text.trim().replace(',', '.');
  return trimmed === '' || !/^-?\d*\.?\d*$/.test(trimmed) ? Number.NaN : Number(trimmed);
};

/** What differs from the saved proposal, ignoring the lines' local keys. */
export const draftSignature = (draft: ProposalDraft): string =>
  JSON.stringify({ ...draft, items: draft.items.map(({ key: _key, ...rest }) => rest) });

/** The body of a save: every field, exactly as the API takes it (NaN where the text was no number). */
export const draftToUpdate = (draft: ProposalDraft, currency: string): ProposalUpdate => ({
  title: draft.title,
  items: draft.items.map((item) => ({
    templateId: item.templateId,
    name: item.name,
    description: item.description,
    pricingModel: item.pricingModel,
    unitPriceMinor: parseMoneyInput(item.price, currency) ?? Number.NaN,
    quantity: parseDecimal(item.quantity),
    deliverables: item.deliverables,
    durationDays: item.durationDays,
  })),
  discountPercent: draft.discount.trim() === '' ? 0 : parseDecimal(draft.discount),
  taxPercent: draft.tax.trim() === '' ? 0 : parseDecimal(draft.tax),
  depositPercent: draft.deposit.trim() === '' ? 0 : parseDecimal(draft.deposit),
  coverLetter: draft.coverLetter,
  terms: draft.terms,
  validUntil: draft.validUntil,
});

const finiteOr0 = (value: number | undefined) => (value !== undefined && Number.isFinite(value) ? value : 0);

/** The live totals of what is typed, with the one computation the API stores (a half-typed value counts as 0). */
export const liveTotals = (draft: ProposalDraft, currency: string) => {
  const body = draftToUpdate(draft, currency);
  const percents = {
    discountPercent: Math.min(Math.max(finiteOr0(body.discountPercent), 0), 100),
    taxPercent: Math.min(Math.max(finiteOr0(body.taxPercent), 0), 100),
    depositPercent: Math.min(Math.max(Math.round(finiteOr0(body.depositPercent)), 0), 100),
  };
  const totals = proposalTotals({
    items: (body.items ?? []).map((item) => ({
      unitPriceMinor: Math.max(Math.round(finiteOr0(item.unitPriceMinor)), 0),
      quantity: Math.max(finiteOr0(item.quantity), 0),
    })),
    ...percents,
  });
  return { totals, ...percents };
};

/** The save body checked with the API's own schema; issues keyed by their dotted path ("items.0.quantity"). */
export const validateDraft = (
  draft: ProposalDraft,
  currency: string,
): { body: ProposalUpdate; errors: Record<string, string> } => {
  const body = draftToUpdate(draft, currency);
  const parsed = proposalUpdateSchema.safeParse(body);
  const errors: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      const [first, index, field] = issue.path;
      const typedNoAmount =
        first === 'items' && field === 'unitPriceMinor' && Number.isNaN(body.items?.[Number(index)]?.unitPriceMinor);
      errors[path] ??= typedNoAmount
        ? `Enter a price in ${currency}, such as ${toMoneyInput(125_050, currency)}`
        : issue.message;
    }
  }
  return { body, errors };
};
