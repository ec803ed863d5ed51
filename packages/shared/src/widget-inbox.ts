import { z } from 'zod';
import { isoDateSchema } from './common';
import { defineEndpoint, orgAuth, type Endpoint } from './contract';
import {
  capturedFieldKeys,
  capturedFieldsSchema,
  widgetMessageRoles,
  widgetModes,
  widgetOfferSchema,
  type CapturedFields,
} from './widget';

/**
 * The owner's side of the website chat: the widget's settings and key, and the inbox of
 * visitors' conversations where a teammate reads, takes over, replies and hands back.
 */

/** The most domains one widget may run on. */
export const MAX_WIDGET_DOMAINS = 20;
/** The longest reply a teammate may send. */
export const WIDGET_REPLY_MAX = 4_000;
export const WIDGET_GREETING_MAX = 500;

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * What is wrong with one entry of the domain list, in plain words, or null when it is fine.
 * Accepted: a hostname (`example.com`, `localhost`), a hostname with a port (`localhost:4100`),
 * or a wildcard for every subdomain (`*.example.com`). The entry is expected trimmed and lower-case.
 */
export const widgetDomainProblem = (entry: string): string | null => {
  if (entry === '') return 'Enter a domain, such as example.com';
  if (entry.includes('://')) return `Enter just the domain, without "${entry.split('://')[0]}://" (e.g. example.com)`;
  if (/[/?#]/.test(entry)) return 'Enter just the domain, without a path (e.g. example.com)';
  if (/\s/.test(entry)) return 'A domain has no spaces';
  const wildcard = entry.startsWith('*.');
  const rest = wildcard ? entry.slice(2) : entry;
  if (rest.includes('*')) return 'A wildcard must come first, as in *.example.com';
  const [host = '', port, ...extra] = rest.split(':');
  if (extra.length > 0) return 'Enter a domain with at most one port, such as localhost:4100';
  if (port !== undefined) {
    if (wildcard) return 'A wildcard domain takes no port: enter *.example.com';
    if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65_535)
      return 'The port must be a number from 1 to 65535, as in localhost:4100';
  }
  if (host.length > 253 || !host.split('.').every((label) => LABEL.test(label)))
    return `"${entry.slice(0, 60)}" is not a domain name (e.g. example.com or shop.example.com)`;
  if (wildcard && !host.includes('.')) return 'A wildcard needs a domain under it, as in *.example.com';
  return null;
};

/** One allowed domain: trimmed, lower-cased and checked by `widgetDomainProblem`. */
export const widgetDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(260, 'A domain can be at most 253 characters')
  .superRefine((entry, ctx) => {
    const problem = widgetDomainProblem(entry);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const widgetDomainsSchema = z
  .array(widgetDomainSchema)
  .max(MAX_WIDGET_DOMAINS, `List at most ${MAX_WIDGET_DOMAINS} domains`)
  .refine((domains) => new Set(domains).size === domains.length, 'List each domain only once');

/** The widget's settings as the owner sees them, with the snippet to paste into the site. */
export const widgetSettingsSchema = z.object({
  enabled: z.boolean(),
  domains: z.array(z.string()),
  greeting: z.string(),
  offer: widgetOfferSchema,
  /** The key in the snippet (data-key); public by design: the domain list is what protects it. */
  publicKey: z.string(),
  /** `<script src="<app>/widget.js" data-key="<key>" async></script>`, ready to paste. */
  embedSnippet: z.string(),
  /** When the key was last replaced; null while it is the first one. */
  keyRotatedAt: isoDateSchema.nullable(),
  updatedAt: isoDateSchema,
});
export type WidgetSettings = z.infer<typeof widgetSettingsSchema>;

/** Any subset of the settings; what is left out stays as it is. */
export const updateWidgetSettingsInputSchema = z.object({
  enabled: z.boolean().optional(),
  domains: widgetDomainsSchema.optional(),
  greeting: z
    .string()
    .trim()
    .max(WIDGET_GREETING_MAX, `The greeting can be at most ${WIDGET_GREETING_MAX} characters`)
    .optional(),
  offer: widgetOfferSchema.optional(),
});
export type UpdateWidgetSettingsInput = z.infer<typeof updateWidgetSettingsInputSchema>;

/** The offer of a widget nobody has described yet. */
export const emptyWidgetOffer = { services: '', prices: '', hours: '', faq: [] };

const personSchema = z.object({ id: z.uuid(), name: z.string() });

/** One conversation in the inbox list. */
export const inboxConversationSchema = z.object({
  id: z.uuid(),
  mode: z.enum(widgetModes),
  /** Open until a teammate closes it. */
  isOpen: z.boolean(),
  closedAt: isoDateSchema.nullable(),
  /** The CRM lead made from it, once there was a way to reach the visitor. */
  lead: z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable() }).nullable(),
  fields: capturedFieldsSchema,
  /** What the sales rep captured, in one line ("Ada Lovelace · ada@example.com · budget: 5k"); "" when nothing yet. */
  fieldsSummary: z.string(),
  messageCount: z.number().int(),
  /** The newest message, cut to a preview. */
  lastMessage: z.object({ role: z.enum(widgetMessageRoles), text: z.string(), createdAt: isoDateSchema }).nullable(),
  lastMessageAt: isoDateSchema,
  isQualified: z.boolean(),
  qualifiedAt: isoDateSchema.nullable(),
  /**
   * Open, and either a qualified lead no teammate has picked up, a conversation handed to the
   * team that nobody has taken, or one in a teammate's hands where the visitor waits for an answer.
   */
  needsHuman: z.boolean(),
  /** The teammate who has it while the mode is human. */
  takenOverBy: personSchema.nullable(),
  /** The page the visitor last wrote from. */
  pageUrl: z.string(),
  createdAt: isoDateSchema,
});
export type InboxConversation = z.infer<typeof inboxConversationSchema>;

/** A message as the team sees it: a teammate's reply names its author. */
export const inboxMessageSchema = z.object({
  id: z.uuid(),
  role: z.enum(widgetMessageRoles),
  text: z.string(),
  author: personSchema.nullable(),
  createdAt: isoDateSchema,
});
export type InboxMessage = z.infer<typeof inboxMessageSchema>;

export const inboxConversationDetailSchema = inboxConversationSchema.extend({
  /** Oldest first. */
  messages: z.array(inboxMessageSchema),
});
export type InboxConversationDetail = z.infer<typeof inboxConversationDetailSchema>;

const flagSchema = z
  .enum(['true', 'false'], { message: 'Use true or false' })
  .transform((v) => v === 'true')
  .optional();

export const MAX_INBOX_PAGE_SIZE = 100;

/** Newest activity first; `cursor` is the previous page's `nextCursor`. */
export const inboxListQuerySchema = z.object({
  mode: z.enum(widgetModes, { message: 'Mode is ai or human' }).optional(),
  /** true: open conversations only; false: closed ones only. */
  open: flagSchema,
  limit: z.coerce.number().int().min(1).max(MAX_INBOX_PAGE_SIZE).default(30),
  cursor: z.string().min(1).max(200).optional(),
});
export type InboxListQuery = z.output<typeof inboxListQuerySchema>;

export const inboxPageSchema = z.object({ items: z.array(inboxConversationSchema), nextCursor: z.string().nullable() });
export type InboxPage = z.infer<typeof inboxPageSchema>;

export const inboxCountSchema = z.object({
  open: z.number().int(),
  /** Open conversations waiting for a person from the team (see `needsHuman`). */
  needsHuman: z.number().int(),
});
export type InboxCount = z.infer<typeof inboxCountSchema>;

export const replyInputSchema = z.object({
  text: z
    .string()
    .trim()
    .min(1, 'Write a reply first')
    .max(WIDGET_REPLY_MAX, `A reply can be at most ${WIDGET_REPLY_MAX.toLocaleString('en-US')} characters`),
});
export type ReplyInput = z.infer<typeof replyInputSchema>;

/** The captured fields in one line, in the order of `capturedFieldKeys`. */
export const capturedFieldsSummary = (fields: CapturedFields): string =>
  capturedFieldKeys
    .flatMap((key) => {
      const value = fields[key]?.trim();
      if (!value) return [];
      return key === 'name' || key === 'email' || key === 'company' || key === 'phone' ? [value] : [`${key}: ${value}`];
    })
    .join(' · ');

/** Labels of the captured fields, for the panel beside a conversation. */
export const capturedFieldLabels: Record<(typeof capturedFieldKeys)[number], string> = {
  name: 'Name',
  email: 'Email',
  company: 'Company',
  phone: 'Phone',
  need: 'Need',
  budget: 'Budget',
  timeline: 'Timeline',
};

const tag = 'Website chat';
const orgParams = z.object({ orgId: z.uuid() });
export const inboxConversationParamsSchema = orgParams.extend({ conversationId: z.uuid() });
// Settings shape what the widget says on the owner's site: admins and owners change them.
const settingsWriter = orgAuth('admin', 'write');
const reader = orgAuth('member', 'read');
// Members answer chats: the team that works the inbox is who the visitors talk to.
const writer = orgAuth('member', 'write');
const base = '/api/orgs/:orgId/widget';
const conversation = `${base}/conversations/:conversationId`;

export const widgetInboxEndpoints = {
  getSettings: defineEndpoint({
    method: 'GET',
    path: base,
    summary: "The website chat's settings, its public key and the snippet to paste into the site",
    tag,
    auth: reader,
    params: orgParams,
    status: 200,
    response: widgetSettingsSchema,
  }),
  updateSettings: defineEndpoint({
    method: 'PUT',
    path: base,
    summary: 'Switch the website chat on or off; change its domains, greeting and offer (any subset)',
    tag,
    auth: settingsWriter,
    params: orgParams,
    body: updateWidgetSettingsInputSchema,
    status: 200,
    response: widgetSettingsSchema,
  }),
  rotateKey: defineEndpoint({
    method: 'POST',
    path: `${base}/rotate-key`,
    summary: 'Replace the public key at once: the old snippet stops working',
    tag,
    auth: settingsWriter,
    params: orgParams,
    status: 200,
    response: widgetSettingsSchema,
  }),
  list: defineEndpoint({
    method: 'GET',
    path: `${base}/conversations`,
    summary: "Visitors' conversations, newest activity first, a page at a time",
    tag,
    auth: reader,
    params: orgParams,
    query: inboxListQuerySchema,
    status: 200,
    response: inboxPageSchema,
  }),
  count: defineEndpoint({
    method: 'GET',
    path: `${base}/conversations/count`,
    summary: 'How many conversations are open, and how many wait for a person from the team',
    tag,
    auth: reader,
    params: orgParams,
    status: 200,
    response: inboxCountSchema,
  }),
  get: defineEndpoint({
    method: 'GET',
    path: conversation,
    summary: 'One conversation with its messages and what the sales rep captured',
    tag,
    auth: reader,
    params: inboxConversationParamsSchema,
    status: 200,
    response: inboxConversationDetailSchema,
  }),
  reply: defineEndpoint({
    method: 'POST',
    path: `${conversation}/reply`,
    summary: "A teammate's reply; it takes the conversation over (the AI pauses)",
    tag,
    auth: writer,
    params: inboxConversationParamsSchema,
    body: replyInputSchema,
    status: 201,
    response: inboxConversationDetailSchema,
  }),
  takeOver: defineEndpoint({
    method: 'POST',
    path: `${conversation}/take-over`,
    summary: 'Take the conversation over: the AI stops answering until it is handed back',
    tag,
    auth: writer,
    params: inboxConversationParamsSchema,
    status: 200,
    response: inboxConversationDetailSchema,
  }),
  handBack: defineEndpoint({
    method: 'POST',
    path: `${conversation}/hand-back`,
    summary: 'Hand the conversation back to the AI sales rep (the visitor is told)',
    tag,
    auth: writer,
    params: inboxConversationParamsSchema,
    status: 200,
    response: inboxConversationDetailSchema,
  }),
  close: defineEndpoint({
    method: 'POST',
    path: `${conversation}/close`,
    summary: "Close the conversation: it leaves the open list (a teammate's reply opens it again)",
    tag,
    auth: writer,
    params: inboxConversationParamsSchema,
    status: 200,
    response: inboxConversationDetailSchema,
  }),
} satisfies Record<string, Endpoint>;
