import { TELEGRAM_MESSAGE_MAX } from '@aiceo/shared/telegram';

/** Small text helpers for the bot's messages. */

/** "14:02" in the org's timezone. */
export const timeOfDay = (at: Date, timeZone: string): string =>
  new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(at);

/** How far `timeZone` is ahead of UTC at `at`, in ms. */
const zoneOffsetMs = (at: number, timeZone: string): number => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(at))
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<string, number>;
  const asUtc = Date.UTC(
    parts['year']!,
    parts['month']! - 1,
    parts['day']!,
    parts['hour']!,
    parts['minute']!,
    parts['second']!,
  );
  return asUtc - (at - (at % 1000));
};

/** The instant a day (YYYY-MM-DD) starts in `timeZone`. */
export const startOfDayIn = (day: string, timeZone: string): Date => {
  const midnightUtc = Date.parse(`${day}T00:00:00.000Z`);
  let at = midnightUtc - zoneOffsetMs(midnightUtc, timeZone);
  // Once more, for a day whose offset differs from the guess (a DST change near midnight).
  at = midnightUtc - zoneOffsetMs(at, timeZone);
  return new Date(at);
};

/**
 * Splits text into Telegram messages of at most TELEGRAM_MESSAGE_MAX characters, at a line break
 * (or else a space) when one is near the end of a piece.
 */
export const splitForTelegram = (text: string, max = TELEGRAM_MESSAGE_MAX): string[] => {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const line = window.lastIndexOf('\n');
    const space = window.lastIndexOf(' ');
    const at = line > max * 0.6 ? line : space > max * 0.6 ? space : max;
    pieces.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).replace(/^\s+/, '');
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
};

/** The app's page for an org (FRONTEND_URL + path). */
export const appUrl = (frontendUrl: string, orgId: string, page: string): string =>
  `${frontendUrl.replace(/\/+$/, '')}/orgs/${orgId}/${page}`;

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Today (YYYY-MM-DD) in `timeZone`. */
export const todayIn = (now: Date, timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

/** The day a number of days after (or before) `day`. */
export const addDays = (day: string, days: number): string => dayOf(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS);

/** The day, the week (Monday to Sunday) or the calendar month containing `day`, as the finance reports count them. */
export const periodOf = (day: string, period: 'day' | 'week' | 'month'): { from: string; to: string } => {
  if (period === 'day') return { from: day, to: day };
  if (period === 'week') {
    const from = addDays(day, -((new Date(`${day}T00:00:00.000Z`).getUTCDay() + 6) % 7));
    return { from, to: addDays(from, 6) };
  }
  const [year, month] = day.split('-').map(Number) as [number, number];
  return { from: `${day.slice(0, 7)}-01`, to: dayOf(Date.UTC(year, month, 0)) };
};

const escapeHtml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Bold, italics and links of one stretch of a line without code, already HTML-escaped. */
const inlineMarkdown = (escaped: string): string =>
  escaped
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)"]+)\)/g, '<a href="$2">$1</a>')
    .replace(/\*\*([^*\n]+?)\*\*/g, '<b>$1</b>')
    .replace(/__([^_\n]+?)__/g, '<b>$1</b>')
    .replace(/(^|[^\w*])\*([^*\s][^*\n]*?)\*(?![\w*])/g, '$1<i>$2</i>')
    .replace(/(^|[^\w])_([^_\s][^_\n]*?)_(?!\w)/g, '$1<i>$2</i>');

/**
 * The AI's Markdown as Telegram HTML: **bold**, _italics_, `code`, [links](https://...), headings
 * in bold and "- " items as bullets. Everything else is escaped text; tags never cross a line, and
 * nothing inside `code` is formatted. A model's odd nesting can still make Telegram refuse it, so
 * callers keep the plain text to fall back on.
 */
export const markdownToTelegramHtml = (markdown: string): string =>
  markdown
    .split('\n')
    .map((line) => {
      const heading = /^\s{0,3}#{1,6}\s+(.*)$/.exec(line);
      const bullet = /^(\s*)[-*]\s+(.*)$/.exec(line);
      const body = heading ? (heading[1] ?? '') : bullet ? (bullet[2] ?? '') : line;
      const formatted = body
        .split('`')
        .map((part, i, parts) =>
          i % 2 === 1 && i < parts.length - 1
            ? `<code>${escapeHtml(part)}</code>`
            : inlineMarkdown(escapeHtml(i % 2 === 1 ? `\`${part}` : part)),
        )
        .join('');
      if (heading) return `<b>${formatted}</b>`;
      if (bullet) return `${bullet[1] ?? ''}• ${formatted}`;
      return formatted;
    })
    .join('\n');
