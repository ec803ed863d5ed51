import type { RequestHandler, Response } from 'express';
import type { UsageResource } from '@aiceo/shared/plans';
import type { Deps } from '../../deps';
import { orgOf } from '../../http/auth-context';
import { releaseUsage, reserveUsage } from './usage.service';

/**
 * Reserves `count` units of `resource` for the org before the handler runs (402 when they
 * would pass the plan's limit). Runs after auth and orgGuard. If the request then fails
 * (status >= 400, including a thrown handler via the error middleware), the units are
 * given back before the response goes out, so usage counts only actions that succeed.
 */
export const enforceUsage =
  (deps: Pick<Deps, 'database' | 'clock' | 'log'>, resource: UsageResource, count = 1): RequestHandler =>
  async (req, res, next) => {
    const { orgId } = orgOf(req);
    const reservation = await reserveUsage(deps, { orgId, resource, count });

    // res.end is held until the release is written, so a client that sees the failure also
    // sees the counter as it was (no window where a retry finds the units still taken).
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    let isSettled = false;
    res.end = ((...args: unknown[]) => {
      if (isSettled || res.statusCode < 400) {
        isSettled = true;
        return end(...args);
      }
      isSettled = true;
      releaseUsage(deps, reservation)
        .catch((error: unknown) => deps.log.error({ err: error, orgId, resource }, 'could not release reserved usage'))
        .finally(() => end(...args));
      return res;
    }) as Response['end'];
    next();
  };
