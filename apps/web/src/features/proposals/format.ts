import { pricingUnitLabels, type PricingModel, type ProposalStatus } from '@aiceo/shared/proposals';

export const proposalStatusTone: Record<ProposalStatus, string> = {
  draft: 'badge',
  sent: 'badge info',
  viewed: 'badge info',
  accepted: 'badge good',
  declined: 'badge bad',
  expired: 'badge',
};

/** "P-12": the per-org number the client sees too. */
export const proposalNumber = (number: number): string => `P-${number}`;

const quantityFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** "1 project", "12.5 hours", "3 months". */
export const formatQuantity = (quantity: number, model: PricingModel): string =>
  `${quantityFormat.format(quantity)} ${quantity === 1 ? pricingUnitLabels[model].one : pricingUnitLabels[model].many}`;

/** A `YYYY-MM-DD` day in the reader's words, without a timezone moving it ("Mar 2, 2026"). */
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
export const formatDay = (day: string): string => dayFormat.format(new Date(`${day}T00:00:00Z`));
