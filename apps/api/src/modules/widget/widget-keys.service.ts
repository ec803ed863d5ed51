import type { Deps } from '../../deps';
import { AppError } from '../../http/app-error';

/** The org behind a public widget key, with what the widget needs to run. */
export type WidgetSite = { orgId: string; domains: string[] };

const hostOf = (origin: string): { host: string; hostname: string } | null => {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return { host: url.host.toLowerCase(), hostname: url.hostname.toLowerCase() };
  } catch {
    return null;
  }
};

/**
 * True when a page at `origin` may run the widget: its host is on the list, either exactly
 * (`localhost:4100`) or by name whatever the port (`example.com`), or under a `*.example.com`
 * entry. No Origin (a server, curl without one) is never allowed.
 */
export const originAllowed = (origin: string | undefined, domains: readonly string[]): boolean => {
  if (!origin) return false;
  const parsed = hostOf(origin);
  if (!parsed) return false;
  return domains.some((raw) => {
    const entry = raw.trim().toLowerCase();
    if (!entry) return false;
    if (entry.startsWith('*.')) return parsed.hostname.endsWith(entry.slice(1));
    return entry.includes(':') ? parsed.host === entry : parsed.hostname === entry;
  });
};

/**
 * Checks a public key and the calling page's Origin on every widget call: 404 for a key that is
 * unknown, rotated away or switched off, 403 for a page outside the owner's domains.
 */
export const resolveWidgetKey = async (
  { db }: Pick<Deps, 'db'>,
  { key, origin }: { key: string; origin: string | undefined },
): Promise<WidgetSite> => {
  const row = await db.widgetSettings.findFirst({
    where: { publicKey: key, enabled: true },
    select: { orgId: true, domains: true },
  });
  if (!row) throw new AppError('NOT_FOUND', 'This chat is not available: its key is unknown or was replaced');
  if (!originAllowed(origin, row.domains))
    throw new AppError('FORBIDDEN', 'This chat is not set up to run on this website');
  return { orgId: row.orgId, domains: row.domains };
};
