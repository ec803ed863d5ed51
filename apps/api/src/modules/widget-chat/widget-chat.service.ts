import { touchFromUrl, touchSchema, type Touch, type TouchInput } from '@aiceo/shared/attribution';
import {
  emptyCapturedFields,
  widgetOfferSchema,
  type CapturedFields,
  type SendWidgetMessageInput,
  type StartWidgetConversationInput,
  type WidgetConfig,
  type WidgetConversation,
  type WidgetMessage,
  type WidgetReply,
  type WidgetSync,
} from '@aiceo/shared/widget';
import type { Deps } from '../../deps';
import { AppError, notFound } from '../../http/app-error';
import { randomToken, sha256 } from '../../lib/crypto';
import { AiFailure } from '../../lib/ai/gateway';
import { estimateTokens } from '../../lib/ai/provider';
import { aiMessagesPerAnswer, runAi, type AiTurn } from '../ai/ai.service';
import { getAiSettings } from '../ai/ai-settings.service';
import { assertAiAllowanceLeft } from '../ai-budget/ai-budget.service';
import { spendUsage } from '../usage/usage.service';
import type { WidgetSite } from '../widget/widget-keys.service';
import {
  askedBefore,
  createLinkTagger,
  extractionPrompt,
  fallbackNotice,
  humanNotice,
  lastAsked,
  salesRepPrompt,
  scriptedReply,
  tagOwnLinks,
  type RepProfile,
} from './sales-rep';
import {
  capturedFieldsResponseFormat,
  extractByRules,
  mergeFields,
  parseFieldsJson,
  readFields,
} from './widget-fields';
import { announceQualifiedLead, syncConversationLead, touchConversationLead } from './widget-leads';
import { countWidgetHit, widgetLimits } from './widget-limits';

type ChatDeps = Pick<Deps, 'db' | 'database' | 'clock' | 'ai' | 'env' | 'log' | 'mailer' | 'rateLimiter'>;

/** Messages the widget shows at most (the newest). */
const MESSAGES_SHOWN = 200;
/** Tokens of earlier messages sent with each answer. */
const HISTORY_TOKEN_BUDGET = 3_000;
const REPLY_MAX_TOKENS = 400;
const EXTRACTION_MAX_TOKENS = 300;

/**
 * A bot filled the field people never see: refused with a 400 and nothing stored. A 400 rather
 * than a pretend success, so the product never reports a message as sent that was not.
 */
export const refuseHoneypot = (website: string | undefined): void => {
  if (website?.trim())
    throw new AppError('VALIDATION_FAILED', 'This message could not be sent', {
      issues: [{ location: 'body', path: 'website', message: 'Leave this field empty' }],
    });
};

const messageSelect = { id: true, role: true, text: true, authorId: true, createdAt: true } as const;
type MessageRow = { id: string; role: WidgetMessage['role']; text: string; authorId: string | null; createdAt: Date };

const firstName = (name: string): string => name.trim().split(/\s+/)[0] ?? name;

/** Messages as the visitor sees them: a teammate's reply carries their first name only. */
const toMessages = async ({ db }: Pick<Deps, 'db'>, rows: MessageRow[]): Promise<WidgetMessage[]> => {
  const authorIds = [...new Set(rows.flatMap((row) => (row.authorId ? [row.authorId] : [])))];
  const authors =
    authorIds.length === 0
      ? new Map<string, string>()
      : new Map(
          (await db.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, name: true } })).map(
            (user) => [user.id, firstName(user.name)],
          ),
        );
  return rows.map(({ authorId, createdAt, ...row }) => ({
    ...row,
    authorName: row.role === 'human' && authorId ? (authors.get(authorId) ?? null) : null,
    createdAt: createdAt.toISOString(),
  }));
};

const recentMessages = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, conversationId, after }: { orgId: string; conversationId: string; after?: Date },
): Promise<MessageRow[]> => {
  const rows = await db.widgetMessage.findMany({
    where: { orgId, conversationId, ...(after ? { createdAt: { gt: after } } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: MESSAGES_SHOWN,
    select: messageSelect,
  });
  return rows.reverse();
};

/** What the browser reported of the visit, stamped with the server's time; null when it reported nothing. */
const stampTouch = (
  { touch, pageUrl }: { touch?: TouchInput | undefined; pageUrl?: string | undefined },
  now: Date,
): Touch | null => {
  const reported = touch ?? (pageUrl ? touchFromUrl(pageUrl, '') : null);
  if (!reported) return null;
  const empty = { source: '', medium: '', campaign: '', content: '', term: '', referrer: '', landingPage: '' };
  return touchSchema.parse({ ...empty, ...reported, at: now.toISOString() });
};

// --- config ----------------------------------------------------------------------------

export const getWidgetConfig = async (deps: Pick<Deps, 'db' | 'rateLimiter'>, { site }: { site: WidgetSite }) => {
  await countWidgetHit(deps, widgetLimits.site(site.orgId));
  const [org, widget, settings] = await Promise.all([
    deps.db.organization.findUniqueOrThrow({
      where: { id: site.orgId },
      select: { name: true, brandColor: true, logoUrl: true },
    }),
    deps.db.widgetSettings.findUniqueOrThrow({ where: { orgId: site.orgId }, select: { greeting: true } }),
    getAiSettings(deps, { orgId: site.orgId }),
  ]);
  const config: WidgetConfig = {
    orgName: org.name,
    assistantName: settings.name,
    greeting: widget.greeting.trim() || `Hi! I'm ${settings.name} from ${org.name}. How can I help you today?`,
    brandColor: /^#[0-9a-f]{6}$/i.test(org.brandColor) ? org.brandColor : '',
    logoUrl: org.logoUrl,
  };
  return config;
};

// --- start -----------------------------------------------------------------------------

const conversationSelect = { id: true, mode: true, leadId: true } as const;

export const startWidgetConversation = async (
  deps: ChatDeps,
  { site, input, ip }: { site: WidgetSite; input: StartWidgetConversationInput; ip: string },
): Promise<WidgetConversation> => {
  const { db, clock } = deps;
  const { orgId } = site;
  await countWidgetHit(deps, widgetLimits.site(orgId));
  const now = clock.now();
  const touch = stampTouch(input, now);
  const pageUrl = input.pageUrl ?? '';
  const oldHash = input.visitorToken ? sha256(input.visitorToken) : null;

  if (oldHash && !input.restart) {
    // Continuing: only this org's conversation with this secret; anything else starts a new one.
    const existing = await db.widgetConversation.findFirst({
      where: { orgId, visitorTokenHash: oldHash },
      select: conversationSelect,
    });
    if (existing && input.visitorToken) {
      if (touch || pageUrl)
        await db.widgetConversation.update({
          where: { id: existing.id, orgId },
          data: { ...(touch ? { lastTouch: touch } : {}), ...(pageUrl ? { pageUrl } : {}) },
        });
      if (touch && existing.leadId) await touchConversationLead(deps, { orgId, leadId: existing.leadId, touch });
      const messages = await toMessages(deps, await recentMessages(deps, { orgId, conversationId: existing.id }));
      return { conversationId: existing.id, visitorToken: input.visitorToken, mode: existing.mode, messages };
    }
  }
  // Only new conversations count against the address: a visitor moving between pages continues theirs.
  await countWidgetHit(deps, widgetLimits.startsPerIp(ip));
  if (oldHash && input.restart)
    await db.widgetConversation.updateMany({
      where: { orgId, visitorTokenHash: oldHash, closedAt: null },
      data: { closedAt: now },
    });
  const visitorToken = randomToken(32);
  const created = await db.widgetConversation.create({
    data: {
      orgId,
      visitorTokenHash: sha256(visitorToken),
      fields: emptyCapturedFields,
      ...(touch ? { firstTouch: touch, lastTouch: touch } : {}),
      pageUrl,
      lastMessageAt: now,
      createdAt: now,
      updatedAt: now,
    },
    select: conversationSelect,
  });
  return { conversationId: created.id, visitorToken, mode: created.mode, messages: [] };
};

// --- sync ------------------------------------------------------------------------------

type VisitorRef = { site: WidgetSite; conversationId: string; visitorToken: string };

/** The conversation the visitor's secret opens, in the key's org; 404 for anything else (another org's included). */
const getVisitorConversation = async ({ db }: Pick<Deps, 'db'>, { site, conversationId, visitorToken }: VisitorRef) => {
  const conversation = await db.widgetConversation.findFirst({
    where: { id: conversationId, orgId: site.orgId, visitorTokenHash: sha256(visitorToken) },
    select: { id: true, mode: true, fields: true, takenOverById: true },
  });
  if (!conversation) throw notFound('Conversation');
  return conversation;
};

export const syncWidgetConversation = async (
  deps: ChatDeps,
  options: VisitorRef & { after?: string | undefined },
): Promise<WidgetSync> => {
  await countWidgetHit(
    deps,
    widgetLimits.site(options.site.orgId),
    widgetLimits.visitorSync(sha256(options.visitorToken)),
  );
  const conversation = await getVisitorConversation(deps, options);
  const rows = await recentMessages(deps, {
    orgId: options.site.orgId,
    conversationId: conversation.id,
    ...(options.after ? { after: new Date(options.after) } : {}),
  });
  return { mode: conversation.mode, messages: await toMessages(deps, rows) };
};

// --- send ------------------------------------------------------------------------------

/** A visitor's message, saved, with what the answer needs. */
export type AcceptedMessage = {
  site: WidgetSite;
  conversationId: string;
  mode: 'ai' | 'human';
  message: WidgetMessage;
  /** Fields before this message. */
  before: CapturedFields;
  profile: RepProfile;
  takenOverByName: string | null;
  /** Earlier messages, oldest first (without this one). */
  history: MessageRow[];
};

const loadProfile = async (deps: Pick<Deps, 'db'>, site: WidgetSite): Promise<RepProfile> => {
  const [org, widget, settings] = await Promise.all([
    deps.db.organization.findUniqueOrThrow({ where: { id: site.orgId }, select: { name: true } }),
    deps.db.widgetSettings.findUnique({ where: { orgId: site.orgId }, select: { offer: true } }),
    getAiSettings(deps, { orgId: site.orgId }),
  ]);
  const offer = widgetOfferSchema.safeParse(widget?.offer);
  return { orgName: org.name, settings, offer: offer.success ? offer.data : null, domains: site.domains };
};

/** Checks limits and the visitor's secret, then saves the message (before any answer is tried). */
export const acceptWidgetMessage = async (
  deps: ChatDeps,
  options: VisitorRef & { input: SendWidgetMessageInput },
): Promise<AcceptedMessage> => {
  const { db, clock } = deps;
  const { site, input } = options;
  const orgId = site.orgId;
  // Side by side: the history (this org's rows of the named conversation) and the profile are only
  // used once the limits and the visitor's secret have passed.
  const [, conversation, history, profile] = await Promise.all([
    countWidgetHit(deps, widgetLimits.site(orgId), widgetLimits.visitorMessages(sha256(options.visitorToken))),
    getVisitorConversation(deps, options),
    recentMessages(deps, { orgId, conversationId: options.conversationId }),
    loadProfile(deps, site),
  ]);
  const owner =
    conversation.mode === 'human' && conversation.takenOverById
      ? await db.user.findUnique({ where: { id: conversation.takenOverById }, select: { name: true } })
      : null;
  const now = clock.now();
  const touch = stampTouch(input, now);
  const row = await db.$transaction(async (tx) => {
    const created = await tx.widgetMessage.create({
      data: { orgId, conversationId: conversation.id, role: 'visitor', text: input.text, createdAt: now },
      select: messageSelect,
    });
    await tx.widgetConversation.update({
      where: { id: conversation.id, orgId },
      data: {
        messageCount: { increment: 1 },
        lastMessageAt: now,
        ...(touch ? { lastTouch: touch } : {}),
        ...(input.pageUrl ? { pageUrl: input.pageUrl } : {}),
      },
    });
    return created;
  });
  const [message] = await toMessages(deps, [row]);
  if (!message) throw new AppError('INTERNAL', 'The message was not saved');
  return {
    site,
    conversationId: conversation.id,
    mode: conversation.mode,
    message,
    before: readFields(conversation.fields),
    profile,
    takenOverByName: owner ? firstName(owner.name) : null,
    history,
  };
};

/** Merges what was found into the stored fields under the row's lock; a field is never set back to null. */
const saveFound = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, conversationId, found }: { orgId: string; conversationId: string; found: Partial<CapturedFields> },
): Promise<CapturedFields> =>
  db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "WidgetConversation" WHERE id = ${conversationId}::uuid AND "orgId" = ${orgId}::uuid FOR UPDATE`;
    const row = await tx.widgetConversation.findFirstOrThrow({
      where: { id: conversationId, orgId },
      select: { fields: true },
    });
    const merged = mergeFields(readFields(row.fields), found);
    await tx.widgetConversation.update({ where: { id: conversationId, orgId }, data: { fields: merged } });
    return merged;
  });

const turnsOf = (history: MessageRow[], text: string): AiTurn[] => {
  const turns: AiTurn[] = [];
  let used = estimateTokens(text);
  for (const row of [...history].reverse()) {
    if (row.role === 'system') continue;
    used += estimateTokens(row.text);
    if (used > HISTORY_TOKEN_BUDGET) break;
    turns.unshift({ role: row.role === 'visitor' ? 'user' : 'assistant', content: row.text });
  }
  return [...turns, { role: 'user', content: text }];
};

/** Plan, allowance or provider trouble: the visitor gets a notice instead of an answer. */
const isAiUnavailable = (error: unknown): boolean =>
  error instanceof AiFailure || (error instanceof AppError && ['QUOTA_EXCEEDED', 'UNAVAILABLE'].includes(error.code));

type Answer = { text: string | null; notice: string | null };

const answerWithAi = async (
  deps: ChatDeps,
  accepted: AcceptedMessage,
  { onDelta, fieldsNow }: { onDelta?: (text: string) => void; fieldsNow: { value: CapturedFields } },
): Promise<Answer> => {
  const { site, conversationId, message, history, profile, before } = accepted;
  const orgId = site.orgId;
  const online = deps.ai.status().mode === 'online';
  const repTexts = history.filter((row) => row.role === 'ai').map((row) => row.text);
  const previous = history.at(-1);
  const byRules = () =>
    extractByRules(message.text, {
      asked: previous?.role === 'ai' ? lastAsked(previous.text) : null,
      needKnown: before.need !== null,
    });
  let extracted = false;
  const save = async (found: Partial<CapturedFields>) => {
    fieldsNow.value = await saveFound(deps, { orgId, conversationId, found });
    extracted = true;
  };
  // Offline the rules run first: the scripted answer asks for what is still missing after them.
  if (!online) await save(byRules());
  const turns = turnsOf(history, message.text);
  const extractOnline = async () => {
    const found = await runAi(deps, {
      orgId,
      userId: null,
      purpose: 'sales_chat',
      turns,
      system: extractionPrompt(before),
      responseFormat: capturedFieldsResponseFormat,
      maxTokens: EXTRACTION_MAX_TOKENS,
      temperature: 0,
      offlineAnswer: () => JSON.stringify(byRules()),
    })
      .then((result) => parseFieldsJson(result.text))
      .catch((error: unknown) => {
        deps.log.warn({ err: error, orgId, conversationId }, 'website chat: field extraction by AI failed; rules used');
        return byRules();
      });
    await save(found);
  };
  const tagger = createLinkTagger((text) => tagOwnLinks(text, { domains: site.domains, conversationId }));
  try {
    await assertAiAllowanceLeft(deps, { orgId });
    const result = await spendUsage(
      deps,
      { orgId, resource: 'aiMessages', count: aiMessagesPerAnswer(deps) },
      async () => {
        // Streaming, the extraction starts with the first word, so it does not hold that word back.
        let extraction: Promise<void> | null = online && !onDelta ? extractOnline() : null;
        const startExtraction = () => {
          if (online) extraction ??= extractOnline();
        };
        try {
          return await runAi(deps, {
            orgId,
            userId: null,
            purpose: 'sales_chat',
            turns,
            system: salesRepPrompt({ profile, fields: before }),
            maxTokens: REPLY_MAX_TOKENS,
            offlineAnswer: () =>
              scriptedReply({
                profile,
                text: message.text,
                before,
                after: fieldsNow.value,
                asked: askedBefore(repTexts),
              }),
            ...(onDelta
              ? {
                  onDelta: (piece: string) => {
                    startExtraction();
                    const ready = tagger.push(piece);
                    if (ready) onDelta(ready);
                  },
                }
              : {}),
          });
        } finally {
          startExtraction();
          await extraction;
        }
      },
    );
    const rest = tagger.flush();
    if (rest && onDelta) onDelta(rest);
    const text = tagOwnLinks(result.text, { domains: site.domains, conversationId }).trim();
    return text ? { text, notice: null } : { text: null, notice: fallbackNotice(fieldsNow.value) };
  } catch (error) {
    if (!isAiUnavailable(error)) throw error;
    deps.log.warn({ err: error, orgId, conversationId }, 'website chat: no AI answer; the visitor was told');
    if (!extracted) await save(byRules());
    return { text: null, notice: fallbackNotice(fieldsNow.value) };
  }
};

/**
 * The answer to a saved message: the sales rep's (streamed to `onDelta` when given), or a notice
 * when a teammate has the chat or the AI cannot answer. Either way the fields, the lead and its
 * transcript are saved, and the team is mailed once when the chat qualifies.
 */
export const answerWidgetMessage = async (
  deps: ChatDeps,
  accepted: AcceptedMessage,
  { onDelta }: { onDelta?: (text: string) => void } = {},
): Promise<WidgetReply> => {
  const { site, conversationId, message, profile } = accepted;
  const orgId = site.orgId;
  const fieldsNow = { value: accepted.before };
  let answer: Answer;
  if (accepted.mode === 'human') {
    // A person has the chat: the AI stays quiet, and the rules (free) still capture the fields.
    fieldsNow.value = await saveFound(deps, {
      orgId,
      conversationId,
      found: extractByRules(message.text, { asked: null, needKnown: accepted.before.need !== null }),
    });
    answer = {
      text: null,
      notice: humanNotice({ firstName: accepted.takenOverByName, orgName: profile.orgName }),
    };
  } else {
    answer = await answerWithAi(deps, accepted, { ...(onDelta ? { onDelta } : {}), fieldsNow });
  }

  let reply: WidgetMessage | null = null;
  if (answer.text) {
    // A reply is never older than its question, so the order holds even within one millisecond.
    const now = new Date(Math.max(deps.clock.now().getTime(), Date.parse(message.createdAt) + 1));
    const row = await deps.db.$transaction(async (tx) => {
      const created = await tx.widgetMessage.create({
        data: { orgId, conversationId, role: 'ai', text: answer.text ?? '', createdAt: now },
        select: messageSelect,
      });
      await tx.widgetConversation.update({
        where: { id: conversationId, orgId },
        data: { messageCount: { increment: 1 }, lastMessageAt: now },
      });
      return created;
    });
    reply = (await toMessages(deps, [row]))[0] ?? null;
  }

  const { qualifiedNow } = await syncConversationLead(deps, {
    orgId,
    conversationId,
    assistantName: profile.settings.name,
  });
  if (qualifiedNow) await announceQualifiedLead(deps, { orgId, conversationId, fields: fieldsNow.value });

  const mode = await deps.db.widgetConversation.findFirst({
    where: { id: conversationId, orgId },
    select: { mode: true },
  });
  return { message, reply: reply ?? null, mode: mode?.mode ?? accepted.mode, notice: answer.notice };
};
