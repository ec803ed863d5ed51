import { z } from 'zod';
import { touchInputSchema } from './attribution';
import { defineEndpoint, publicAuth } from './contract';

/**
 * The website chat widget's public side: what the embedded script (widget.js) calls from the
 * owner's site. Every call names the org's public key and is checked by the server against the
 * request's Origin (the owner's domain list), not only in the browser.
 */

/** The longest message a visitor may send. */
export const WIDGET_MESSAGE_MAX = 2_000;

/** What the AI sales rep captures as the visitor talks, each as soon as it comes up. */
export const capturedFieldKeys = ['name', 'email', 'company', 'phone', 'need', 'budget', 'timeline'] as const;
export type CapturedFieldKey = (typeof capturedFieldKeys)[number];
export const capturedFieldsSchema = z.object({
  name: z.string().max(200).nullable(),
  email: z.string().max(320).nullable(),
  company: z.string().max(200).nullable(),
  phone: z.string().max(50).nullable(),
  need: z.string().max(1000).nullable(),
  budget: z.string().max(200).nullable(),
  timeline: z.string().max(200).nullable(),
});
export type CapturedFields = z.infer<typeof capturedFieldsSchema>;

/** The captured fields a qualified-lead message lists, as "Label: value" lines (the empty ones left out). */
export const qualifiedLeadFacts = (
  fields: CapturedFields,
  show: (value: string) => string = (value) => value,
): string[] =>
  (
    [
      ['Name', fields.name],
      ['Email', fields.email],
      ['Phone', fields.phone],
      ['Company', fields.company],
      ['Need', fields.need],
      ['Budget', fields.budget],
      ['Timeline', fields.timeline],
    ] as const
  ).flatMap(([label, value]) => (value ? [`${label}: ${show(value)}`] : []));
export const emptyCapturedFields: CapturedFields = {
  name: null,
  email: null,
  company: null,
  phone: null,
  need: null,
  budget: null,
  timeline: null,
};

/** What the owner tells the sales rep about the offer. */
export const widgetOfferSchema = z.object({
  services: z.string().max(4000),
  prices: z.string().max(4000),
  hours: z.string().max(1000),
  faq: z
    .array(z.object({ question: z.string().trim().min(1).max(500), answer: z.string().trim().min(1).max(2000) }))
    .max(30),
});
export type WidgetOffer = z.infer<typeof widgetOfferSchema>;

export const widgetMessageRoles = ['visitor', 'ai', 'human', 'system'] as const;
export type WidgetMessageRole = (typeof widgetMessageRoles)[number];
export const widgetModes = ['ai', 'human'] as const;
export type WidgetMode = (typeof widgetModes)[number];

/** A message as the visitor sees it (a human reply carries the teammate's first name). */
export const widgetMessageSchema = z.object({
  id: z.uuid(),
  role: z.enum(widgetMessageRoles),
  text: z.string(),
  authorName: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type WidgetMessage = z.infer<typeof widgetMessageSchema>;

const publicKeySchema = z.string().trim().min(1, 'The widget key is missing').max(100);
const visitorTokenSchema = z.string().min(20).max(200);
/**
 * A field people never see; a bot that fills it is refused with 400 VALIDATION_FAILED and nothing
 * is stored (a plain refusal, not a pretend success).
 */
const honeypotSchema = z.string().max(500).optional();

export const widgetConfigQuerySchema = z.object({ key: publicKeySchema });
export const widgetConfigSchema = z.object({
  orgName: z.string(),
  /** The assistant's name (the org's AI settings). */
  assistantName: z.string(),
  greeting: z.string(),
  /** #rrggbb or "" (the widget's default). */
  brandColor: z.string(),
  logoUrl: z.string(),
});
export type WidgetConfig = z.infer<typeof widgetConfigSchema>;

export const startWidgetConversationInputSchema = z.object({
  key: publicKeySchema,
  /** The secret of a conversation this browser had before: continue it. */
  visitorToken: visitorTokenSchema.optional(),
  /** Start a new conversation even when visitorToken names one. */
  restart: z.boolean().optional(),
  pageUrl: z.string().max(2000).optional(),
  touch: touchInputSchema.optional(),
  website: honeypotSchema,
});
export type StartWidgetConversationInput = z.infer<typeof startWidgetConversationInputSchema>;

export const widgetConversationSchema = z.object({
  conversationId: z.uuid(),
  /** Kept by the browser (localStorage) to continue on another page or day. */
  visitorToken: z.string(),
  mode: z.enum(widgetModes),
  messages: z.array(widgetMessageSchema),
});
export type WidgetConversation = z.infer<typeof widgetConversationSchema>;

const conversationParams = z.object({ conversationId: z.uuid() });

export const sendWidgetMessageInputSchema = z.object({
  key: publicKeySchema,
  visitorToken: visitorTokenSchema,
  text: z
    .string()
    .trim()
    .min(1, 'Write a message first')
    .max(WIDGET_MESSAGE_MAX, `Messages can be at most ${WIDGET_MESSAGE_MAX} characters`),
  pageUrl: z.string().max(2000).optional(),
  touch: touchInputSchema.optional(),
  website: honeypotSchema,
});
export type SendWidgetMessageInput = z.infer<typeof sendWidgetMessageInputSchema>;

/** The JSON answer to a message (when the widget does not ask for a stream). */
export const widgetReplySchema = z.object({
  message: widgetMessageSchema,
  /** The AI's answer; null while a person from the team has the conversation, or when AI messages ran out. */
  reply: widgetMessageSchema.nullable(),
  mode: z.enum(widgetModes),
  /** Plain words for the visitor when there is no AI answer ("We will get back to you by email"). */
  notice: z.string().nullable(),
});
export type WidgetReply = z.infer<typeof widgetReplySchema>;

/** Events of a streamed answer, each `event: <type>` with JSON `data`; ends after `done` or `error`. */
export const widgetStreamEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message'), message: widgetMessageSchema }),
  z.object({ type: z.literal('delta'), text: z.string() }),
  z.object({ type: z.literal('done'), reply: widgetReplySchema }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type WidgetStreamEvent = z.infer<typeof widgetStreamEventSchema>;

export const syncWidgetConversationInputSchema = z.object({
  key: publicKeySchema,
  visitorToken: visitorTokenSchema,
  /** Only messages after this one (the newest the widget has). */
  after: z.iso.datetime().optional(),
});
export const widgetSyncSchema = z.object({
  mode: z.enum(widgetModes),
  messages: z.array(widgetMessageSchema),
});
export type WidgetSync = z.infer<typeof widgetSyncSchema>;

/*
 * Limits (answered 429 RATE_LIMITED with a message the widget shows as is, and Retry-After): one
 * visitor's messages and polling, new conversations per address, and every call to one site.
 * AI messages count against the org's plan; when they (or the AI allowance) run out, or the AI
 * fails, the message and the lead are still saved and `notice` tells the visitor (never a 402).
 */
const tag = 'Website chat (public)';
export const widgetEndpoints = {
  config: defineEndpoint({
    method: 'GET',
    path: '/api/widget/config',
    summary: "The widget's look and greeting, for a page on one of the org's domains",
    tag,
    auth: publicAuth,
    query: widgetConfigQuerySchema,
    status: 200,
    response: widgetConfigSchema,
    errors: [403, 404, 429],
  }),
  start: defineEndpoint({
    method: 'POST',
    path: '/api/widget/conversations',
    summary: 'Start a conversation, or continue the one this browser had (no form first)',
    tag,
    auth: publicAuth,
    body: startWidgetConversationInputSchema,
    status: 200,
    response: widgetConversationSchema,
    errors: [403, 404, 429],
  }),
  send: defineEndpoint({
    method: 'POST',
    path: '/api/widget/conversations/:conversationId/messages',
    summary:
      "A visitor's message; the sales rep's answer streams as Server-Sent Events when asked (Accept: text/event-stream)",
    tag,
    auth: publicAuth,
    params: conversationParams,
    body: sendWidgetMessageInputSchema,
    status: 200,
    response: widgetReplySchema,
    streams: widgetStreamEventSchema,
    errors: [403, 404, 429],
  }),
  sync: defineEndpoint({
    method: 'POST',
    path: '/api/widget/conversations/:conversationId/sync',
    summary: 'New messages of a conversation (a teammate replies here when they take over)',
    tag,
    auth: publicAuth,
    params: conversationParams,
    body: syncWidgetConversationInputSchema,
    status: 200,
    response: widgetSyncSchema,
    errors: [403, 404, 429],
  }),
};
