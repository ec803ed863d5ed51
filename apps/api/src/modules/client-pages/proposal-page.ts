import { dayInWords } from '@aiceo/shared/dates-in-words';
import { formatMoney } from '@aiceo/shared/money';
import { pricingUnitLabels } from '@aiceo/shared/proposals';
import type { ClosedReason, ProposalForClient } from '../proposals/proposal-acceptance.service';
import { escapeHtml, paragraphs, renderPage, type PageBrand } from './page-layout';

const brandOf = (p: ProposalForClient): PageBrand => ({
  orgName: p.org.name,
  brandColor: p.org.brandColor,
  logoUrl: p.org.logoUrl,
});
const money = (p: ProposalForClient, minor: number) => escapeHtml(formatMoney(minor, p.currency, { locale: 'en' }));
const day = (isoDay: string) => dayInWords(`${isoDay}T00:00:00.000Z`);
const moment = (p: ProposalForClient, date: Date) => dayInWords(date, p.org.timezone);
const number = (value: number) => String(Math.round(value * 100) / 100);
const actionPath = (token: string, action: string) => `/api/public/proposals/${escapeHtml(token)}/${action}`;

const heading = (p: ProposalForClient) =>
  `<h1>${escapeHtml(p.title)}</h1><p class="muted">Proposal P-${p.number} · ${escapeHtml(moment(p, p.issuedAt))} · valid until ${escapeHtml(day(p.validUntil))}</p><p>Prepared for <strong>${escapeHtml(p.clientName)}</strong>${p.clientCompany ? `, ${escapeHtml(p.clientCompany)}` : ''}</p>`;

const itemHtml = (p: ProposalForClient, item: ProposalForClient['items'][number]) => {
  const unit = pricingUnitLabels[item.pricingModel];
  const deliverables = item.deliverables.length
    ? `<ul>${item.deliverables.map((d) => `<li>${escapeHtml(d.title)}${d.description ? ` <span class="muted">${escapeHtml(d.description)}</span>` : ''}</li>`).join('')}</ul>`
    : '';
  return `<div class="item"><div class="row"><strong>${escapeHtml(item.name)}</strong><span>${money(p, item.amountMinor)}</span></div>${item.description ? paragraphs(item.description) : ''}${deliverables}<p class="muted">${number(item.quantity)} ${item.quantity === 1 ? unit.one : unit.many} × ${money(p, item.unitPriceMinor)}</p></div>`;
};

const totalsHtml = (p: ProposalForClient) => {
  const line = (label: string, value: string, cls = '') =>
    `<div${cls ? ` class="${cls}"` : ''}><dt>${label}</dt><dd>${value}</dd></div>`;
  return `<dl>${line('Subtotal', money(p, p.subtotalMinor))}${p.discountMinor ? line(`Discount (${number(p.discountPercent)} %)`, `−${money(p, p.discountMinor)}`) : ''}${p.taxMinor ? line(`Tax (${number(p.taxPercent)} %)`, money(p, p.taxMinor)) : ''}${line('Total', money(p, p.totalMinor), 'total')}${p.depositMinor ? line('Deposit on acceptance', money(p, p.depositMinor)) : ''}</dl>`;
};

const contentHtml = (p: ProposalForClient) =>
  `${p.coverLetter ? `<section>${paragraphs(p.coverLetter)}</section>` : ''}<section><h2>What you get</h2>${p.items.map((item) => itemHtml(p, item)).join('')}</section><section>${totalsHtml(p)}</section>${p.terms ? `<section><h2>Terms</h2>${paragraphs(p.terms)}</section>` : ''}`;

/** The page's token, or null for the owner's preview: the forms are shown disabled, with nowhere to post. */
type Link = string | null;

const formsHtml = (p: ProposalForClient, token: Link) => {
  const form = (action: string, fields: string) =>
    token === null
      ? `<form><fieldset disabled>${fields}</fieldset></form>`
      : `<form method="post" action="${actionPath(token, action)}">${fields}</form>`;
  return `<section class="note"><h2>Accept this proposal</h2>${form('accept', `<label for="name">Your full name</label><input type="text" id="name" name="name" required maxlength="200" autocomplete="name"><label class="check"><input type="checkbox" name="acceptTerms" value="on" required> <span>I accept the terms of this proposal${p.totalMinor ? ` for ${money(p, p.totalMinor)}` : ''}</span></label><button type="submit">Accept proposal</button>`)}<details><summary>Decline instead</summary>${form('decline', `<label for="reason">Why are you declining?</label><textarea id="reason" name="reason" required maxlength="2000"></textarea><button type="submit" class="secondary">Decline proposal</button>`)}</details></section>`;
};

export const PREVIEW_BANNER =
  'Preview: this is what your client sees. Accepting and declining work only from the link you send.';

const depositHtml = (p: ProposalForClient) => {
  if (p.depositMinor <= 0) return '';
  if (p.depositPaidAt) return `<p>Your deposit of ${money(p, p.depositMinor)} was received. Thank you.</p>`;
  if (p.depositUrl)
    return `<p>A deposit of ${money(p, p.depositMinor)} is due to get started.</p><a class="button" href="${escapeHtml(p.depositUrl)}" rel="noreferrer">Pay deposit</a>`;
  return `<p>A deposit of ${money(p, p.depositMinor)} is due to get started. ${escapeHtml(p.org.name)} will send you a link to pay it.</p>`;
};

const acceptedHtml = (p: ProposalForClient) => {
  const by = `Accepted by ${escapeHtml(p.acceptedName ?? '')} on ${escapeHtml(p.acceptedAt ? moment(p, p.acceptedAt) : '')}`;
  return `<section class="note no-print"><h2>Thank you, the proposal is accepted</h2><p>${by}.</p>${depositHtml(p)}${p.projectUrl ? `<p><a href="${escapeHtml(p.projectUrl)}">Follow the project's progress</a></p>` : ''}</section><p class="print-only"><strong>${by}</strong></p>`;
};

/**
 * The proposal as its status shows it: open (with the forms), accepted, declined, expired or being
 * revised. With a null token it is the owner's preview: a banner on top, the forms disabled, and a
 * draft shown as the client will see it once sent.
 */
export const renderProposalPage = (p: ProposalForClient, token: Link): string => {
  const banner =
    token === null
      ? `<section class="note preview" role="status"><p><strong>${escapeHtml(PREVIEW_BANNER)}</strong></p></section>`
      : '';
  const page = (body: string) =>
    renderPage({
      brand: brandOf(p),
      title: `${token === null ? 'Preview: ' : ''}${p.title} (P-${p.number})`,
      body: `${banner}${body}`,
    });
  if (p.status === 'draft' && token !== null)
    return page(
      `<h1>${escapeHtml(p.title)}</h1><section class="note"><p>This proposal is being updated; you will get the new version from ${escapeHtml(p.org.name)}.</p></section>`,
    );
  if (p.status === 'declined')
    return page(
      `<h1>${escapeHtml(p.title)}</h1><section class="note"><p>You declined this proposal${p.declinedAt ? ` on ${escapeHtml(moment(p, p.declinedAt))}` : ''}. Thank you for letting ${escapeHtml(p.org.name)} know.</p></section>`,
    );
  if (p.status === 'expired' || p.isPastValidUntil)
    return page(
      `<h1>${escapeHtml(p.title)}</h1><section class="note"><p>This proposal expired on ${escapeHtml(day(p.validUntil))}. Please contact ${escapeHtml(p.org.name)} for a new one.</p></section>`,
    );
  if (p.status === 'accepted') return page(`${heading(p)}${acceptedHtml(p)}${contentHtml(p)}`);
  return page(`${heading(p)}${contentHtml(p)}${formsHtml(p, token)}`);
};

const CLOSED_WORDS: Record<ClosedReason, string> = {
  accepted: 'This proposal was already accepted.',
  declined: 'This proposal was declined, so it can no longer be accepted or declined.',
  expired: 'This proposal has expired. Please contact the sender for a new one.',
  draft: 'This proposal is being updated; you will get the new version.',
};

/** 409: the proposal can no longer be answered, and why. */
export const renderClosedPage = (p: ProposalForClient, reason: ClosedReason, token: string): string =>
  renderPage({
    brand: brandOf(p),
    title: 'This proposal cannot be changed',
    body: `<h1>${escapeHtml(p.title)}</h1><section class="note"><p>${escapeHtml(CLOSED_WORDS[reason].replace('the sender', p.org.name))}</p><p><a href="/api/public/proposals/${escapeHtml(token)}">See the proposal</a></p></section>`,
  });

/** After declining. */
export const renderDeclinedPage = (p: ProposalForClient): string =>
  renderPage({
    brand: brandOf(p),
    title: 'Proposal declined',
    body: `<h1>${escapeHtml(p.title)}</h1><section class="note"><p>You declined this proposal. ${escapeHtml(p.org.name)} has been told; thank you for your answer.</p></section>`,
  });
