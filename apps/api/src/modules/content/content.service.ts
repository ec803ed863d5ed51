import type {
  ContentPost,
  CreatePostInput,
  DraftPostInput,
  ListPostsQuery,
  PostDraft,
  UpdatePostInput,
} from '@aiceo/shared/content';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';
import { aiMessagesPerAnswer, runAi } from '../ai/ai.service';
import { gatherOrgFacts } from '../ai/org-context';
import { spendUsage } from '../usage/usage.service';
import { toPage } from '../../lib/pagination';
import { clip } from '../../lib/text';

export const postSelect = {
  id: true,
  channel: true,
  title: true,
  body: true,
  status: true,
  scheduledFor: true,
  publishedAt: true,
  failureReason: true,
  externalId: true,
  attempts: true,
  createdBy: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ContentPostSelect;
type PostRow = Prisma.ContentPostGetPayload<{ select: typeof postSelect }>;

export const toPost = ({ scheduledFor, publishedAt, createdAt, updatedAt, ...row }: PostRow): ContentPost => ({
  ...row,
  scheduledFor: scheduledFor?.toISOString() ?? null,
  publishedAt: publishedAt?.toISOString() ?? null,
  createdAt: createdAt.toISOString(),
  updatedAt: updatedAt.toISOString(),
});

type OrgScope = { orgId: string };

/** A post's place on the calendar: its scheduled time, else when it was published, else when it was written. */
const calendarRange = (from: Date, to: Date): Prisma.ContentPostWhereInput => ({
  OR: [
    { scheduledFor: { gte: from, lt: to } },
    { scheduledFor: null, publishedAt: { gte: from, lt: to } },
    { scheduledFor: null, publishedAt: null, createdAt: { gte: from, lt: to } },
  ],
});

export const listPosts = async ({ db }: Pick<Deps, 'db'>, { orgId, query }: OrgScope & { query: ListPostsQuery }) => {
  const where: Prisma.ContentPostWhereInput = { orgId, ...(query.status ? { status: { in: query.status } } : {}) };
  if (query.from && query.to) {
    // The range is at most 62 days (checked by the query schema), so everything in it comes at once.
    const rows = await db.contentPost.findMany({
      where: { ...where, ...calendarRange(new Date(query.from), new Date(query.to)) },
      orderBy: [{ scheduledFor: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
      select: postSelect,
    });
    return { items: rows.map(toPost), nextCursor: null };
  }
  const rows = await db.contentPost.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    ...(query.cursor ? { cursor: { id: query.cursor, orgId }, skip: 1 } : {}),
    take: query.limit + 1,
    select: postSelect,
  });
  return toPage(rows, query.limit, toPost);
};

const futureTime = (value: string, now: Date): Date => {
  const at = new Date(value);
  if (at.getTime() <= now.getTime()) {
    throw new AppError('VALIDATION_FAILED', 'Schedule the post for a time in the future', {
      issues: [{ location: 'body', path: 'scheduledFor', message: 'Must be in the future' }],
    });
  }
  return at;
};

/** `taskId`: the task that writes the post (unique, so a retried task cannot write a second one). */
export const createPost = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId, userId, input, taskId }: OrgScope & { userId: string | null; input: CreatePostInput; taskId?: string },
) => {
  const now = clock.now();
  const scheduledFor = input.scheduledFor ? futureTime(input.scheduledFor, now) : null;
  const row = await db.contentPost.create({
    data: {
      orgId,
      title: input.title ?? '',
      body: input.body,
      status: scheduledFor ? 'scheduled' : 'draft',
      scheduledFor,
      createdBy: userId,
      taskId: taskId ?? null,
      createdAt: now,
      updatedAt: now,
    },
    select: postSelect,
  });
  return toPost(row);
};

export const getPost = async ({ db }: Pick<Deps, 'db'>, { orgId, postId }: OrgScope & { postId: string }) => {
  const row = await db.contentPost.findFirst({ where: { id: postId, orgId }, select: postSelect });
  if (!row) throw notFound('Post');
  return toPost(row);
};

const publishedConflict = () =>
  new AppError('CONFLICT', 'This post is already published on LinkedIn; it can no longer be changed');

export const updatePost = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId, postId, input }: OrgScope & { postId: string; input: UpdatePostInput },
) => {
  const current = await db.contentPost.findFirst({ where: { id: postId, orgId }, select: { status: true } });
  if (!current) throw notFound('Post');
  if (current.status === 'published') throw publishedConflict();
  const now = clock.now();
  const schedule =
    input.scheduledFor === undefined
      ? {}
      : input.scheduledFor === null
        ? { scheduledFor: null, status: 'draft' as const, failureReason: null }
        : { scheduledFor: futureTime(input.scheduledFor, now), status: 'scheduled' as const, failureReason: null };
  // The status in the where keeps a post published meanwhile from being changed.
  const { count } = await db.contentPost.updateMany({
    where: { id: postId, orgId, status: { not: 'published' } },
    data: {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.body !== undefined ? { body: input.body } : {}),
      ...schedule,
      updatedAt: now,
    },
  });
  if (count === 0) throw publishedConflict();
  return getPost({ db }, { orgId, postId });
};

export const deletePost = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, postId }: OrgScope & { postId: string },
): Promise<void> => {
  const { count } = await db.contentPost.deleteMany({ where: { id: postId, orgId, status: { not: 'published' } } });
  if (count > 0) return;
  const exists = await db.contentPost.findFirst({ where: { id: postId, orgId }, select: { id: true } });
  if (!exists) throw notFound('Post');
  throw publishedConflict();
};

const DRAFT_TASK = [
  'Write one LinkedIn post for the owner from their brief, grounded in the organisation data you were given (never invent numbers).',
  'Reply with the title on the first line, then an empty line, then the post itself: a hook, two or three short paragraphs, a closing question or call to action, and at most three hashtags.',
  'Keep the post under 1,300 characters. Write plain text: no Markdown.',
].join(' ');

/** The org's content themes as guidance for the AI: it picks the one that fits the brief, never forces one. */
export const draftTaskWithThemes = (themes: readonly string[]): string =>
  themes.length === 0
    ? DRAFT_TASK
    : `${DRAFT_TASK} The business usually posts about these themes: ${themes.join('; ')}. Let the one that fits the brief shape the angle; if none fits, follow the brief.`;

const sentence = (text: string) => {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};

const hashtag = (text: string) => {
  const word = text
    .replace(/[^\p{L}\p{N} ]/gu, ' ')
    .trim()
    .split(/\s+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
  return word ? `#${word}` : '';
};

/** The first line of an offline draft: such a post is a template the owner should edit before it goes out. */
export const OFFLINE_DRAFT_NOTE =
  '[Template: written offline from your brief and settings. Edit it before publishing.]';

/** Offline mode's draft: a clearly marked template filled from the brief and the org's own settings. */
const templateDraft = (options: {
  brief: string;
  tone?: string | undefined;
  orgName: string;
  industry: string;
  companyDescription: string;
  goals: string[];
}): Omit<PostDraft, 'provider'> => {
  const brief = options.brief.trim().replace(/\s+/g, ' ');
  const title = brief.length > 80 ? clip(brief, 80) : sentence(brief).replace(/\.$/, '');
  const who = options.industry ? `At ${options.orgName}, in ${options.industry},` : `At ${options.orgName},`;
  const lines = [
    OFFLINE_DRAFT_NOTE,
    '',
    sentence(brief),
    '',
    `${who} we have been thinking about this a lot.${options.companyDescription ? ` ${sentence(options.companyDescription)}` : ''}`,
    ...(options.goals[0]
      ? [
          '',
          `It ties straight into what we are working towards: ${sentence(options.goals[0]).replace(/\.$/, '').toLowerCase()}.`,
        ]
      : []),
    '',
    options.tone ? `(${sentence(`Tone: ${options.tone}`)})` : 'What is your take? Tell us in the comments.',
    '',
    [hashtag(options.industry), hashtag(options.orgName)].filter(Boolean).join(' '),
  ];
  return { title, body: lines.join('\n').trim() };
};

/** First line is the title (a "Title:" label or Markdown marks stripped), the rest the body. */
const splitDraft = (text: string): Omit<PostDraft, 'provider'> => {
  const [first = '', ...rest] = text.trim().split('\n');
  const title = first
    .replace(/^[#*\s]+|[*\s]+$/g, '')
    .replace(/^title:\s*/i, '')
    .slice(0, 200);
  const body = rest.join('\n').trim();
  return body ? { title, body } : { title: '', body: title };
};

/** An AI draft from a brief; nothing is saved. Counts one AI message (given back when the AI fails). */
export const draftPost = (
  deps: Pick<Deps, 'db' | 'database' | 'clock' | 'ai' | 'env' | 'log'>,
  { orgId, userId, input }: OrgScope & { userId: string | null; input: DraftPostInput },
): Promise<PostDraft> =>
  spendUsage(deps, { orgId, resource: 'aiMessages', count: aiMessagesPerAnswer(deps) }, async () => {
    const brief = input.tone ? `${input.brief}\n\nTone: ${input.tone}` : input.brief;
    // Read once: the AI's context, and the offline template's settings and org name.
    const facts = await gatherOrgFacts(deps, { orgId });
    const result = await runAi(deps, {
      orgId,
      userId,
      purpose: 'creative',
      turns: [{ role: 'user', content: brief }],
      task: draftTaskWithThemes(facts.settings.contentThemes),
      facts,
    });
    if (result.provider !== 'offline') return { ...splitDraft(result.text), provider: result.provider };
    // The offline answer is generic chat text; a post needs a template of its own.
    const { settings } = facts;
    const draft = templateDraft({
      brief: input.brief,
      tone: input.tone,
      orgName: facts.org.name,
      industry: settings.industry,
      companyDescription: settings.companyDescription,
      goals: settings.goals,
    });
    return { ...draft, provider: 'offline' };
  });
