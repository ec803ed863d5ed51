import { touchSchema, type Touch } from '@aiceo/shared/attribution';
import { leadScore } from '@aiceo/shared/leads';
import { qualifiedLeadFacts, type CapturedFields } from '@aiceo/shared/widget';
import type { Deps } from '../../deps';
import { Prisma } from '../../generated/prisma/client';
import { clip } from '../../lib/text';
import { recordLeadTouch } from '../attribution/touches.service';
import { logLeadActivity, newLeadFields } from '../leads/leads.service';
import { notifyQualifiedLead } from '../telegram-notify/telegram-notify.service';
import { isQualified, isReachable, readFields } from './widget-fields';

type Tx = Prisma.TransactionClient;

export const LEAD_SOURCE = 'website chat';
const NOTES_START = '--- Website chat ---';
const NOTES_END = '--- end of website chat ---';
const TRANSCRIPT_MAX = 8_000;

const touchOf = (value: unknown): Touch | null => {
  const parsed = touchSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
};

const NOTE_LABELS = [
  ['need', 'Need'],
  ['budget', 'Budget'],
  ['timeline', 'Timeline'],
] as const;

/**
 * The lead's notes with the chat's block (need, budget, timeline) written or updated: values
 * another conversation left there stay unless this one has newer ones; the owner's own text stays.
 */
export const notesWithChat = (notes: string, fields: CapturedFields): string => {
  const start = notes.indexOf(NOTES_START);
  const end = start >= 0 ? notes.indexOf(NOTES_END, start) : -1;
  const hasBlock = start >= 0 && end > start;
  const oldBlock = hasBlock ? notes.slice(start + NOTES_START.length, end) : '';
  const own = hasBlock ? `${notes.slice(0, start)}${notes.slice(end + NOTES_END.length)}`.trim() : notes.trim();
  const lines = NOTE_LABELS.flatMap(([key, label]) => {
    const previous = new RegExp(`^${label}: (.*)$`, 'm').exec(oldBlock)?.[1];
    const value = fields[key] ?? previous;
    return value ? [`${label}: ${value}`] : [];
  });
  if (lines.length === 0) return own;
  const block = [NOTES_START, ...lines, NOTES_END].join('\n');
  return own ? `${own}\n\n${block}` : block;
};

type TranscriptLine = { role: string; text: string; authorName: string | null };

/** The conversation as one activity's text, newest lines kept when it is long. */
const transcriptOf = (options: { conversationId: string; assistantName: string; lines: TranscriptLine[] }): string => {
  const head = `Website chat transcript (conversation ${options.conversationId})`;
  const who = (line: TranscriptLine) =>
    line.role === 'visitor'
      ? 'Visitor'
      : line.role === 'ai'
        ? options.assistantName
        : line.role === 'human'
          ? `${line.authorName ?? 'Team'} (team)`
          : 'Note';
  const body = options.lines.map((line) => `${who(line)}: ${line.text.replace(/\s+/g, ' ').trim()}`);
  const kept: string[] = [];
  let length = head.length;
  for (const line of [...body].reverse()) {
    length += line.length + 1;
    if (length > TRANSCRIPT_MAX) {
      kept.unshift('(earlier messages left out)');
      break;
    }
    kept.unshift(clip(line, TRANSCRIPT_MAX));
  }
  return [head, ...kept].join('\n');
};

const leadFieldsSelect = {
  id: true,
  name: true,
  email: true,
  company: true,
  phone: true,
  source: true,
  notes: true,
  priority: true,
  stage: true,
  activityCount: true,
} satisfies Prisma.LeadSelect;
type LeadRow = Prisma.LeadGetPayload<{ select: typeof leadFieldsSelect }>;

/** The existing lead of this conversation: the one it is linked to, else the org's lead with the same email. */
const findLead = async (
  tx: Tx,
  { orgId, leadId, email }: { orgId: string; leadId: string | null; email: string | null },
) => {
  const linked = leadId ? await tx.lead.findFirst({ where: { id: leadId, orgId }, select: leadFieldsSelect }) : null;
  if (linked || !email) return linked;
  return tx.lead.findFirst({ where: { orgId, email }, select: leadFieldsSelect });
};

/** Fills what the lead lacks; what the owner wrote (name, company, phone, source, own notes) is never replaced. */
const updateLeadFrom = async (
  tx: Tx,
  { orgId, lead, fields }: { orgId: string; lead: LeadRow; fields: CapturedFields },
) => {
  const placeholder = lead.name === '' || lead.name === lead.email || lead.name === lead.phone;
  const emailFree =
    fields.email !== null &&
    lead.email === null &&
    !(await tx.lead.findFirst({ where: { orgId, email: fields.email }, select: { id: true } }));
  const next = {
    name: placeholder && fields.name ? fields.name : lead.name,
    company: lead.company || fields.company || '',
    phone: lead.phone || fields.phone || '',
    source: lead.source || LEAD_SOURCE,
    notes: notesWithChat(lead.notes, fields),
    // A qualified chat ranks the lead up, unless the owner put it low on purpose.
    priority: isQualified(fields) && lead.priority === 'medium' ? ('high' as const) : lead.priority,
  };
  await tx.lead.update({
    where: { id: lead.id, orgId },
    data: {
      ...next,
      ...(emailFree ? { email: fields.email } : {}),
      score: leadScore({ ...next, stage: lead.stage, activityCount: lead.activityCount }).score,
    },
  });
};

const createLeadFrom = async (tx: Tx, { orgId, fields }: { orgId: string; fields: CapturedFields }) => {
  const lead = newLeadFields({
    name: fields.name ?? fields.email ?? fields.phone ?? 'Website visitor',
    email: fields.email,
    company: fields.company ?? '',
    phone: fields.phone ?? '',
    source: LEAD_SOURCE,
    notes: notesWithChat('', fields),
    priority: isQualified(fields) ? 'high' : 'medium',
  });
  return tx.lead.create({ data: { orgId, ...lead }, select: { id: true } });
};

type SyncResult = { leadId: string | null; qualifiedNow: boolean };

const syncOnce = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { orgId, conversationId, assistantName }: { orgId: string; conversationId: string; assistantName: string },
): Promise<SyncResult> =>
  deps.db.$transaction(async (tx) => {
    // One writer per conversation at a time, so two messages cannot both create its lead.
    await tx.$queryRaw`SELECT id FROM "WidgetConversation" WHERE id = ${conversationId}::uuid AND "orgId" = ${orgId}::uuid FOR UPDATE`;
    const conversation = await tx.widgetConversation.findFirst({
      where: { id: conversationId, orgId },
      select: {
        fields: true,
        leadId: true,
        firstTouch: true,
        lastTouch: true,
        transcriptActivityId: true,
        qualifiedAt: true,
      },
    });
    if (!conversation) return { leadId: null, qualifiedNow: false };
    const fields = readFields(conversation.fields);
    if (!isReachable(fields)) return { leadId: null, qualifiedNow: false };

    const now = deps.clock.now();
    const existing = await findLead(tx, { orgId, leadId: conversation.leadId, email: fields.email });
    if (existing) await updateLeadFrom(tx, { orgId, lead: existing, fields });
    const leadId = existing?.id ?? (await createLeadFrom(tx, { orgId, fields })).id;

    const linkedNow = conversation.leadId !== leadId;
    if (linkedNow) {
      for (const touch of [touchOf(conversation.firstTouch), touchOf(conversation.lastTouch)])
        if (touch) await recordLeadTouch(tx, { orgId, leadId, touch });
    }

    const messages = await tx.widgetMessage.findMany({
      where: { orgId, conversationId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: 500,
      select: { role: true, text: true, authorId: true },
    });
    const authorIds = [...new Set(messages.flatMap((m) => (m.authorId ? [m.authorId] : [])))];
    const authors = new Map(
      (await tx.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, name: true } })).map((u) => [
        u.id,
        u.name.split(/\s+/)[0] ?? u.name,
      ]),
    );
    const summary = transcriptOf({
      conversationId,
      assistantName,
      lines: messages.map((m) => ({
        role: m.role,
        text: m.text,
        authorName: m.authorId ? (authors.get(m.authorId) ?? null) : null,
      })),
    });
    // One transcript activity per conversation, rewritten as the chat goes on (not one per message).
    const updated = conversation.transcriptActivityId
      ? await tx.leadActivity.updateMany({
          where: { id: conversation.transcriptActivityId, orgId, leadId },
          data: { summary },
        })
      : { count: 0 };
    let transcriptActivityId = conversation.transcriptActivityId;
    if (updated.count === 0) {
      const activity = await logLeadActivity(tx, {
        orgId,
        leadId,
        actorId: null,
        kind: 'note',
        summary,
        occurredAt: now,
      });
      transcriptActivityId = activity?.id ?? null;
    }
    const qualifiedNow = isQualified(fields) && conversation.qualifiedAt === null;
    await tx.widgetConversation.update({
      where: { id: conversationId, orgId },
      data: { leadId, transcriptActivityId, ...(qualifiedNow ? { qualifiedAt: now } : {}) },
    });
    return { leadId, qualifiedNow };
  });

/**
 * Creates or updates the conversation's CRM lead once the visitor can be reached (deduplicated
 * by email within the org), with the transcript as one activity, a score and the visit's touches.
 * `qualifiedNow` is true for exactly one call per conversation: the one that saw it qualify.
 */
export const syncConversationLead = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  options: { orgId: string; conversationId: string; assistantName: string },
): Promise<SyncResult> => {
  try {
    return await syncOnce(deps, options);
  } catch (error) {
    // Another conversation created the lead with this email at the same moment: it exists now, so link to it.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return syncOnce(deps, options);
    throw error;
  }
};

/** Records a later visit on the conversation's lead (its latest touch). */
export const touchConversationLead = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, leadId, touch }: { orgId: string; leadId: string; touch: Touch },
) => db.$transaction((tx) => recordLeadTouch(tx, { orgId, leadId, touch }));

/** Mails the org's owners and admins that a chat qualified, with a link to the conversation. */
export const announceQualifiedLead = async (
  deps: Pick<Deps, 'db' | 'env' | 'mailer' | 'log'>,
  { orgId, conversationId, fields }: { orgId: string; conversationId: string; fields: CapturedFields },
): Promise<void> => {
  // Linked Telegram chats too, once per conversation; it never throws and does not hold up the mail.
  void notifyQualifiedLead(deps, { orgId, conversationId, fields });
  const [org, members] = await Promise.all([
    deps.db.organization.findUnique({ where: { id: orgId }, select: { name: true } }),
    deps.db.membership.findMany({
      where: { orgId, role: { in: ['owner', 'admin'] } },
      orderBy: [{ role: 'asc' }, { createdAt: 'asc' }],
      select: { user: { select: { email: true } } },
    }),
  ]);
  const who = fields.name ?? fields.email ?? fields.phone ?? 'A visitor';
  const url = `${deps.env.FRONTEND_URL.replace(/\/+$/, '')}/orgs/${orgId}/conversations/${conversationId}`;
  const facts = qualifiedLeadFacts(fields);
  const subject = `New qualified lead from your website chat: ${clip(who.replace(/[\r\n]+/g, ' '), 80)}`;
  const text = [
    `${who} qualified in ${org?.name ?? 'your'} website chat.`,
    '',
    ...facts,
    '',
    `Read the conversation and reply: ${url}`,
    'The lead is in your CRM with the source "website chat" and the transcript as an activity.',
  ].join('\n');
  const results = await Promise.all(members.map(({ user }) => deps.mailer.send({ to: user.email, subject, text })));
  const failed = results.filter((result) => result.status === 'failed');
  if (failed.length > 0) deps.log.warn({ orgId, conversationId, failed: failed.length }, 'qualified-lead mail failed');
};
