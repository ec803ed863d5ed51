/** Adds `css` to the shadow root: a constructed sheet where supported (a host page's CSP does not block those), else a style tag. */
export const addStyles = (shadow: ShadowRoot, css: string): void => {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    shadow.append(style);
  }
};

type Attrs = Record<string, string | boolean>;

/** A new element with attributes (true: present, false: left out) and children (strings become text, never HTML). */
export const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === true) element.setAttribute(name, '');
    else if (value !== false) element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
};

const HEX_COLOR = /^#[0-9a-f]{6}$/i;
const DEFAULT_BRAND = '#2563eb';

/** The brand colour and a readable text colour on it (black or white, whichever contrasts more). */
export const brandColors = (brandColor: string): { brand: string; onBrand: string } => {
  const brand = HEX_COLOR.test(brandColor) ? brandColor : DEFAULT_BRAND;
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(brand.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // White wins when its contrast ratio (1.05 / (L + 0.05)) beats black's ((L + 0.05) / 0.05).
  return { brand, onBrand: 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#ffffff' : '#111111' };
};
