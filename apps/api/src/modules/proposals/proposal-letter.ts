import { pricingUnitLabels, type PricingModel } from '@aiceo/shared/proposals';
import type { Deps } from '../../deps';
import { AiFailure } from '../../lib/ai/gateway';
import { clip } from '../../lib/text';
import { runAi } from '../ai/ai.service';

/** What a cover letter is written from: the client, what the lead said and did, the items, the money. */
export type LetterFacts = {
  orgName: string;
  title: string;
  clientName: string;
  clientCompany: string;
  leadNotes: string;
  /** Newest first: "2 Dec 2026 (call): Wants a new shop by March". */
  activities: string[];
  items: {
    name: string;
    description: string;
    pricingModel: PricingModel;
    quantity: number;
    deliverables: string[];
  }[];
};

export type WrittenLetter = { text: string; source: 'ai' | 'offline' };

const LETTER_MAX = 20_000;

const firstNameOf = (name: string): string => name.trim().split(/\s+/)[0] ?? '';

const quantityText = (item: LetterFacts['items'][number]): string => {
  if (item.pricingModel === 'fixed' && item.quantity === 1) return '';
  const unit = pricingUnitLabels[item.pricingModel];
  return ` (${item.quantity} ${item.quantity === 1 ? unit.one : unit.many})`;
};

/**
 * The letter never states the price or the validity date: the proposal shows both below it, and the
 * owner may still change them after the letter is written (a letter quoting an old total would mislead).
 */
const MONEY_LINE = 'The prices, what each item includes and the date this proposal is valid until are set out below.';

/**
 * The letter without the AI: the same facts in a clear template. The lead's notes are the owner's
 * own words (sometimes blunt), so they are not quoted to the client here.
 */
export const offlineLetter = (facts: LetterFacts): string => {
  const first = firstNameOf(facts.clientName);
  const forWhom = facts.clientCompany.trim() ? ` for ${facts.clientCompany.trim()}` : '';
  const items = facts.items.map((item) => {
    const delivers = item.deliverables.length > 0 ? `: ${item.deliverables.join(', ')}` : '';
    return `- ${item.name}${quantityText(item)}${delivers}`;
  });
  return [
    first ? `Dear ${first},` : 'Hello,',
    '',
    `Thank you for your time and for telling us what you need. Here is our proposal${forWhom}: "${facts.title}".`,
    ...(items.length > 0 ? ['', 'What it covers:', ...items] : []),
    '',
    MONEY_LINE,
    '',
    'To go ahead, open the proposal link and accept online: type your name and tick the box to agree to the terms. If anything is unclear, reply to this email and we will answer quickly.',
    '',
    'Kind regards,',
    facts.orgName,
  ].join('\n');
};

const SYSTEM = (orgName: string) =>
  [
    `You write the cover letter of a business proposal from ${orgName} to a client.`,
    'Plain text only: no markdown, no subject line, no placeholders. 120 to 220 words.',
    "Greet the client by first name. In one or two sentences, restate the client's need as you understand it from the notes and recent activities, in your own words (never quote internal notes, never mention scores, stages or the pipeline).",
    'Say briefly what the listed items deliver. Never state prices, totals, deposits or dates: the proposal lists them below your letter, and they may still change.',
    'End with one clear next step: accept the proposal online through its link. Sign off with the business name.',
    'Never invent prices, dates, discounts or facts that are not given.',
  ].join('\n');

const factsText = (facts: LetterFacts): string =>
  [
    `Business: ${facts.orgName}`,
    `Proposal: "${facts.title}"`,
    `Client: ${facts.clientName}${facts.clientCompany ? `, ${facts.clientCompany}` : ''}`,
    `Notes about the client: ${clip(facts.leadNotes.trim(), 2_000) || '(none)'}`,
    'Recent activities:',
    ...(facts.activities.length > 0 ? facts.activities.map((a) => `- ${clip(a, 300)}`) : ['- (none)']),
    'Items:',
    ...facts.items.map((item) => {
      const delivers = item.deliverables.length > 0 ? ` Deliverables: ${item.deliverables.join('; ')}.` : '';
      return `- ${item.name}${quantityText(item)}. ${clip(item.description, 400)}${delivers}`;
    }),
  ].join('\n');

/**
 * The AI writes the letter; no provider, a failure of every provider, or an empty answer gives the
 * offline letter (`source: 'offline'`). The caller counts the AI message (and gives it back when
 * the source is offline after a failure).
 */
export const writeLetter = async (
  deps: Pick<Deps, 'db' | 'database' | 'clock' | 'ai' | 'env' | 'log' | 'mailer'>,
  { orgId, userId, facts }: { orgId: string; userId: string | null; facts: LetterFacts },
): Promise<WrittenLetter> => {
  const offline = offlineLetter(facts);
  try {
    const result = await runAi(deps, {
      orgId,
      userId,
      purpose: 'creative',
      system: SYSTEM(facts.orgName),
      turns: [{ role: 'user', content: factsText(facts) }],
      offlineAnswer: () => offline,
      maxTokens: 700,
    });
    const text = result.text.trim();
    if (result.provider === 'offline' || !text) return { text: offline, source: 'offline' };
    return { text: clip(text, LETTER_MAX), source: 'ai' };
  } catch (error) {
    // Only a provider failure falls back; a spent AI budget (402) is the owner's to see.
    if (!(error instanceof AiFailure)) throw error;
    deps.log.warn({ orgId, err: error.message }, 'proposal cover letter: the AI failed; using the template');
    return { text: offline, source: 'offline' };
  }
};
