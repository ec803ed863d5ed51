import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Router, type Request, type Response } from 'express';
import { fromRoot } from '../../config/paths';
import type { Deps } from '../../deps';
import { AppError } from '../../http/app-error';

/** The loader a site embeds, and the chat panel it loads on first open (both built by apps/web's vite.widget.config.ts). */
const LOADER = 'widget.js';
const CHAT = 'widget-chat.js';

// widget.js keeps one URL in every owner's snippet, so its copies may live only minutes before a
// new build reaches the sites; the chat chunk is asked for as widget-chat.js?v=<content hash>.
const LOADER_CACHE = 'public, max-age=300, stale-while-revalidate=86400';
const VERSIONED_CACHE = 'public, max-age=31536000, immutable';

/** The first 12 hex digits of a file's SHA-256 (what the loader puts in ?v=), recomputed when the file changes. */
const contentHash = (() => {
  const seen = new Map<string, { mtimeMs: number; hash: string }>();
  return (path: string): string => {
    const { mtimeMs } = statSync(path);
    const known = seen.get(path);
    if (known?.mtimeMs === mtimeMs) return known.hash;
    const hash = createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12);
    seen.set(path, { mtimeMs, hash });
    return hash;
  };
})();

/**
 * Serves the website chat's scripts to the owners' sites: plain static files, so outside the
 * endpoint contract. Helmet's `Cross-Origin-Resource-Policy: same-origin` would stop another
 * site from loading them, so these two files say `cross-origin`.
 */
export const widgetScriptRoutes = ({ env }: Pick<Deps, 'env'>): Router => {
  const router = Router();
  const dist = env.WEB_DIST_DIR ? fromRoot(env.WEB_DIST_DIR) : '';

  const serve =
    (file: string, cacheControl: (path: string, req: Request) => string) => (req: Request, res: Response) => {
      const path = dist && join(dist, file);
      if (!path || !existsSync(path)) throw new AppError('NOT_FOUND', 'The website chat is not built on this server');
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      // Public code: a site may load it with crossorigin="anonymous" (for Subresource Integrity).
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
      res.setHeader('Cache-Control', cacheControl(path, req));
      res.sendFile(path, { cacheControl: false, dotfiles: 'deny' });
    };

  router.get(
    `/${LOADER}`,
    serve(LOADER, () => LOADER_CACHE),
  );
  router.get(
    `/${CHAT}`,
    serve(CHAT, (path, req) => (req.query.v === contentHash(path) ? VERSIONED_CACHE : LOADER_CACHE)),
  );
  return router;
};
