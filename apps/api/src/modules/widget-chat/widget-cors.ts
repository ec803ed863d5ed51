import type { RequestHandler, Response } from 'express';

/**
 * CORS for the public widget endpoints (/api/widget/*), which pages on the owners' own sites call.
 * A preflight carries no key, so it is answered for any origin; the real request is then checked
 * against the key's domain list (resolveWidgetKey), and only an allowed origin gets
 * Access-Control-Allow-Origin (allowWidgetOrigin). No credentials: the visitor token travels in
 * the body. Mounted before the app's own CORS, which answers only the SPA's origin.
 */
export const widgetPreflight: RequestHandler = (req, res, next) => {
  if (req.method !== 'OPTIONS') return next();
  const origin = req.get('origin');
  res.vary('Origin');
  if (origin) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
    res.setHeader('Access-Control-Allow-Headers', 'content-type, accept');
    res.setHeader('Access-Control-Max-Age', '600');
  }
  res.status(204).end();
};

/** Lets the calling page read the answer (also its errors: a 429's message is shown in the widget). */
export const allowWidgetOrigin = (res: Response, origin: string): void => {
  res.vary('Origin');
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Expose-Headers', 'retry-after, x-request-id');
};
