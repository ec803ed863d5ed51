import { DEFAULT_BRAND_COLOR, fromNameOf } from '@aiceo/shared/branding';
import { bodyWithUnsubscribe, renderTemplate, type TemplateValues } from '@aiceo/shared/campaigns';
import type { Deps } from '../../deps';
import { notFound } from '../../http/app-error';
import { trackedUrl } from './campaign-clicks.service';
import { TEST_UNSUBSCRIBE_TOKEN, unsubscribeUrl } from './unsubscribe.service';

/** What an org's campaign mails look like and come from (Organization's branding columns). */
export type CampaignBrand = {
  orgName: string;
  /** `#rrggbb`, or "" for the product's default. */
  brandColor: string;
  /** An https URL, or "" for none. */
  logoUrl: string;
  /** The From display name, or "" to use the org's name. */
  emailFromName: string;
  /** Where replies go, or "" for none. */
  emailReplyTo: string;
};

export type CampaignMailInput = {
  orgId: string;
  brand: CampaignBrand;
  campaign: { id: string; name: string; subject: string; body: string };
  lead: { id: string; name: string; company: string; title: string };
  /** The lead's address, as `{{email}}` shows it. */
  email: string;
  /** The CampaignRecipient row: clicks and unsubscribes are recorded on it. Null for a preview or test mail. */
  recipientId: string | null;
  /** A test mail to the sender: its unsubscribe link unsubscribes nobody. */
  test?: boolean;
};

export type CampaignMail = {
  subject: string;
  /** The plain-text part; says the same as the HTML part. */
  text: string;
  html: string;
  /** List-Unsubscribe (RFC 2369) and one-click (RFC 8058). */
  headers: Record<string, string>;
  fromName: string;
  /** "" when the org has none. */
  replyTo: string;
};

export const loadCampaignBrand = async (
  { db }: Pick<Deps, 'db'>,
  { orgId }: { orgId: string },
): Promise<CampaignBrand> => {
  const org = await db.organization.findFirst({
    where: { id: orgId },
    select: { name: true, brandColor: true, logoUrl: true, emailFromName: true, emailReplyTo: true },
  });
  if (!org) throw notFound('Organisation');
  return {
    orgName: org.name,
    brandColor: org.brandColor,
    logoUrl: org.logoUrl,
    emailFromName: org.emailFromName,
    emailReplyTo: org.emailReplyTo,
  };
};

const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** A template split into text, links the author wrote, and the unsubscribe tag. */
type Segment = { kind: 'text' | 'link'; template: string } | { kind: 'unsubscribe' };

// A link runs to the next space or quote; `{{tags}}` inside it are filled (URL-encoded).
const LINK_OR_UNSUBSCRIBE = /https?:\/\/[^\s<>"'`]+|\{\{\s*unsubscribeUrl\s*(?:\|[^{}]*)?\}\}/gi;

/** Punctuation that ends a sentence after a link is not part of it ("see https://x.test."). */
const trimLink = (link: string): string => {
  let end = link.length;
  for (;;) {
    const char = link[end - 1] ?? '';
    const inside = link.slice(0, end);
    const unbalanced = char === ')' && inside.split('(').length < inside.split(')').length;
    if (!/[.,;:!?'"\]]/.test(char) && !unbalanced) break;
    end -= 1;
  }
  return link.slice(0, end);
};

const segmentsOf = (template: string): Segment[] => {
  const segments: Segment[] = [];
  let at = 0;
  for (const match of template.matchAll(LINK_OR_UNSUBSCRIBE)) {
    const start = match.index;
    const isLink = /^https?:/i.test(match[0]);
    const found = isLink ? trimLink(match[0]) : match[0];
    if (start > at) segments.push({ kind: 'text', template: template.slice(at, start) });
    segments.push(isLink ? { kind: 'link', template: found } : { kind: 'unsubscribe' });
    at = start + found.length;
  }
  if (at < template.length) segments.push({ kind: 'text', template: template.slice(at) });
  return segments;
};

const isHttpUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

/** WCAG contrast of a `#rrggbb` colour against white. */
const contrastOnWhite = (hex: string): number => {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
};

const TEXT_COLOR = '#1f2328';
const MUTED_COLOR = '#656d76';
const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif";

type Part = { kind: 'text'; text: string } | { kind: 'link'; label: string; href: string };

/** The body's paragraphs: blank lines split paragraphs, single line breaks become <br>. */
const paragraphsHtml = (parts: Part[], linkColor: string): string => {
  const inline = parts
    .map((part) =>
      part.kind === 'text'
        ? escapeHtml(part.text.replace(/\r\n?/g, '\n'))
        : `<a href="${escapeHtml(part.href)}" style="color:${linkColor};text-decoration:underline;word-break:break-all;">${escapeHtml(part.label)}</a>`,
    )
    .join('');
  return inline
    .split(/\n[ \t]*(?:\n[ \t]*)+/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map(
      (paragraph) =>
        `<p style="margin:0 0 16px 0;font-family:${FONT};font-size:16px;line-height:1.6;" class="text">${paragraph.replace(/[ \t]*\n[ \t]*/g, '<br>\n')}</p>`,
    )
    .join('\n');
};

const layout = (options: {
  subject: string;
  brand: CampaignBrand;
  color: string;
  content: string;
  unsubscribeUrl: string;
}): string => {
  const { brand, color } = options;
  const orgName = escapeHtml(brand.orgName);
  const nameColor = contrastOnWhite(color) >= 3 ? color : TEXT_COLOR;
  const logo = brand.logoUrl
    ? `<td style="padding:0 12px 0 0;vertical-align:middle;"><img src="${escapeHtml(brand.logoUrl)}" alt="${orgName}" height="40" style="display:block;height:40px;width:auto;max-width:160px;border:0;outline:none;text-decoration:none;"></td>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${escapeHtml(options.subject)}</title>
<style>
@media (prefers-color-scheme: dark) {
  .page { background:#0d1117 !important; }
  .card { background:#161b22 !important; }
  .text { color:#e6edf3 !important; }
  .muted, .muted a { color:#9da7b3 !important; }
}
</style>
</head>
<body class="page" style="margin:0;padding:0;background:#f4f5f7;">
<table role="presentation" class="page" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f4f5f7;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" class="card" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;width:100%;background:#ffffff;border-top:4px solid ${color};border-radius:8px;">
<tr><td style="padding:24px 32px 8px 32px;">
<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>${logo}<td style="vertical-align:middle;font-family:${FONT};font-size:20px;font-weight:bold;color:${nameColor};">${orgName}</td></tr></table>
</td></tr>
<tr><td class="text" style="padding:16px 32px 16px 32px;font-family:${FONT};font-size:16px;line-height:1.6;color:${TEXT_COLOR};">
${options.content}
</td></tr>
</table>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;width:100%;">
<tr><td class="muted" style="padding:16px 32px;font-family:${FONT};font-size:12px;line-height:1.5;color:${MUTED_COLOR};text-align:center;">
You received this email from ${orgName}. <a href="${escapeHtml(options.unsubscribeUrl)}" style="color:${MUTED_COLOR};text-decoration:underline;">Unsubscribe</a>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
};

/**
 * One recipient's campaign mail from the org's branded template. The campaign body is plain text
 * with `{{variables}}`: every value is escaped into the HTML, blank lines make paragraphs, line
 * breaks make <br>, and each http(s) link the author wrote becomes a tracked redirect link (in both
 * parts). Values never become links. The HTML ends with a footer carrying the unsubscribe link;
 * the plain text carries it as before.
 */
export const buildCampaignMail = (deps: Pick<Deps, 'env' | 'tokens'>, input: CampaignMailInput): CampaignMail => {
  const { brand, campaign, lead } = input;
  const unsubscribe = input.test
    ? `${deps.env.FRONTEND_URL.replace(/\/+$/, '')}/api/unsubscribe/${TEST_UNSUBSCRIBE_TOKEN}`
    : unsubscribeUrl(deps, { orgId: input.orgId, leadId: lead.id, recipientId: input.recipientId });
  const values: TemplateValues = {
    name: lead.name,
    firstName: lead.name.trim().split(/\s+/)[0] ?? '',
    company: lead.company,
    title: lead.title,
    email: input.email,
    org: brand.orgName,
    unsubscribeUrl: unsubscribe,
  };
  const urlValues = Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, value ? encodeURIComponent(value.trim()) : value]),
  ) as TemplateValues;

  const partsOf = (template: string): Part[] =>
    segmentsOf(template).map((segment): Part => {
      if (segment.kind === 'unsubscribe') return { kind: 'link', label: unsubscribe, href: unsubscribe };
      if (segment.kind === 'text') return { kind: 'text', text: renderTemplate(segment.template, values) };
      const target = renderTemplate(segment.template, urlValues);
      if (!isHttpUrl(target)) return { kind: 'text', text: renderTemplate(segment.template, values) };
      const href = trackedUrl(deps, {
        orgId: input.orgId,
        campaignId: campaign.id,
        recipientId: input.recipientId,
        target,
      });
      return { kind: 'link', label: target, href };
    });

  // A value with a line break must not split the subject header.
  const subject = renderTemplate(campaign.subject, values).replace(/\s+/g, ' ').trim();
  const text = partsOf(bodyWithUnsubscribe(campaign.body))
    .map((part) => (part.kind === 'text' ? part.text : part.href))
    .join('');
  const color = brand.brandColor || DEFAULT_BRAND_COLOR;
  const linkColor = contrastOnWhite(color) >= 3 ? color : TEXT_COLOR;
  const html = layout({
    subject,
    brand,
    color,
    content: paragraphsHtml(partsOf(campaign.body), linkColor),
    unsubscribeUrl: unsubscribe,
  });
  return {
    subject,
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    fromName: fromNameOf(brand),
    replyTo: brand.emailReplyTo,
  };
};
