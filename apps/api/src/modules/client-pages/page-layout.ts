// The frame of the client's pages: one small HTML document, inline CSS only (the app's helmet
// CSP allows inline styles, no scripts are needed), readable at 390 px, printable.

export const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** Paragraphs from blank-line separated text; single line breaks kept. */
export const paragraphs = (text: string): string =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`)
    .join('');

export type PageBrand = { orgName: string; brandColor: string; logoUrl: string };

const DEFAULT_ACCENT = '#1f6feb';
const accentOf = (color: string): string => (/^#[0-9a-fA-F]{6}$/.test(color) ? color : DEFAULT_ACCENT);
// Only an https logo: the CSP allows images from https, and a data: or javascript: URL is never echoed.
const logoOf = (url: string): string | null => (/^https:\/\/[^\s"'<>]+$/.test(url) ? url : null);

const STYLE = `*{box-sizing:border-box}body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;background:#f6f7f9}
main{max-width:46rem;margin:0 auto;padding:1rem}header{display:flex;align-items:center;gap:.75rem;padding:1rem 0;border-bottom:3px solid var(--a)}
header img{max-height:40px;max-width:140px}header strong{font-size:1.1rem}section{background:#fff;border-radius:10px;padding:1rem 1.25rem;margin:1rem 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h1{font-size:1.5rem;margin:1rem 0 .25rem;line-height:1.25}h2{font-size:1.1rem;margin:0 0 .5rem}.muted{color:#59636e;font-size:.9rem}
.item{border-top:1px solid #e4e7eb;padding:.75rem 0}.item:first-of-type{border-top:0}.row{display:flex;justify-content:space-between;gap:1rem;align-items:baseline}
.row>:last-child{text-align:right;white-space:nowrap}ul{margin:.25rem 0;padding-left:1.2rem}dl{margin:0}dl div{display:flex;justify-content:space-between;padding:.2rem 0}
dt{color:#59636e}dd{margin:0;font-variant-numeric:tabular-nums}.total{font-weight:700;font-size:1.15rem;border-top:1px solid #e4e7eb;margin-top:.25rem;padding-top:.4rem}
label{display:block;margin:.5rem 0 .25rem;font-weight:600}input[type=text],textarea{width:100%;font:inherit;padding:.55rem .65rem;border:1px solid #c9ced4;border-radius:8px}
textarea{min-height:5rem}.check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}.check input{margin-top:.35rem}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:.65rem 1.3rem;border:0;border-radius:8px;background:var(--a);color:#fff;cursor:pointer;text-decoration:none;margin-top:.75rem}
.secondary{background:#fff;color:#1f2328;border:1px solid #c9ced4}details summary{cursor:pointer;color:#59636e;margin-top:.5rem}
.note{border-left:4px solid var(--a)}.bar{height:12px;background:#e4e7eb;border-radius:6px;overflow:hidden}.bar span{display:block;height:100%;background:var(--a)}
.done{color:#1a7f37}.late{color:#cf222e;font-weight:600}.print-only{display:none}
@media print{body{background:#fff}section{box-shadow:none;padding:0;margin:.75rem 0}form,details,.no-print,.button{display:none!important}.print-only{display:block}}`;

/** A whole page: the org's name and logo on top, its colour as the accent; noindex. */
export const renderPage = ({ brand, title, body }: { brand: PageBrand; title: string; body: string }): string => {
  const logo = logoOf(brand.logoUrl);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex,nofollow"><meta name="referrer" content="no-referrer"><link rel="icon" href="data:,"><title>${escapeHtml(title)}</title><style>:root{--a:${accentOf(brand.brandColor)}}${STYLE}</style></head><body><main><header>${logo ? `<img src="${escapeHtml(logo)}" alt="">` : ''}<strong>${escapeHtml(brand.orgName)}</strong></header>${body}</main></body></html>`;
};

/** A page with no org behind it (a link that is not valid, too many requests). */
export const renderPlainPage = (title: string, message: string): string =>
  renderPage({
    brand: { orgName: '', brandColor: '', logoUrl: '' },
    title,
    body: `<h1>${escapeHtml(title)}</h1><section><p>${escapeHtml(message)}</p></section>`,
  });
