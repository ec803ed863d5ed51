import type { UnsubscribeTarget } from './unsubscribe.service';

const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f6f7f9;color:#1f2328}
main{max-width:28rem;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.4rem;margin:0 0 .75rem}button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:8px;background:#1f6feb;color:#fff;cursor:pointer}
@media (prefers-color-scheme: dark){body{background:#0d1117;color:#e6edf3}main{background:#161b22}}`;

const page = (title: string, content: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main><h1>${escapeHtml(title)}</h1>${content}</main></body></html>`;

const doneText = (target: UnsubscribeTarget) =>
  `<p>${escapeHtml(target.email)} will get no more emails from ${escapeHtml(target.orgName)}.</p>`;

/** Asks to confirm with a button: the unsubscribe is a POST, so link scanners that follow the GET change nothing. */
export const renderConfirmPage = (target: UnsubscribeTarget): string =>
  target.unsubscribedAt
    ? page('You are unsubscribed', doneText(target))
    : page(
        'Unsubscribe',
        `<p>Stop emails from ${escapeHtml(target.orgName)} to ${escapeHtml(target.email)}?</p><form method="post"><button type="submit">Unsubscribe</button></form>`,
      );

export const renderDonePage = (target: UnsubscribeTarget): string => page('You are unsubscribed', doneText(target));

export const renderInvalidLinkPage = (): string =>
  page(
    'Link not valid',
    '<p>This unsubscribe link is not valid. Please use the link from the latest email you received.</p>',
  );

export const renderTestMailPage = (): string =>
  page(
    'This was a test mail',
    '<p>In a real campaign mail this link lets the recipient stop getting emails from your organisation. Nobody was unsubscribed.</p>',
  );

export const renderInvalidTrackedLinkPage = (): string =>
  page(
    'Link not valid',
    '<p>This link is not valid. Please use the link from the email exactly as you received it.</p>',
  );
