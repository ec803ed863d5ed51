// widget.js: what an owner's site loads with one script tag. It stays tiny: it waits for the
// browser to be idle, asks for the chat's look (which also tells it whether this site may run
// the chat at all), and draws the bubble. The panel and its network code (widget-chat.js) load
// only when the visitor opens the chat.
import type { TouchInput } from '@aiceo/shared/attribution';
import type { WidgetConfig } from '@aiceo/shared/widget';
import { bubbleCss } from './bubble.css';
import type { ChatPanel, MountChat } from './contract';
import { addStyles, brandColors, h } from './dom';
import { touchOfPage } from './touch';

/** Replaced at build time by the content hash of widget-chat.js, so that file can be cached for long. */
declare const __AICEO_CHAT_VERSION__: string;

const HOST_TAG = 'aiceo-chat-widget';
const CHAT_ICON_PATH =
  'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z';

const note = (message: string): void => {
  // The owner's only hint when the chat cannot run on a page (wrong domain, unknown key): the visitor sees nothing.
  // eslint-disable-next-line no-console
  console.warn(`[chat widget] ${message}`);
};

/** This script's own tag: document.currentScript while it runs, else the tag whose src ends in widget.js. */
const ownScript = (): HTMLScriptElement | null => {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.src) return current;
  return (
    [...document.querySelectorAll<HTMLScriptElement>('script[src][data-key]')].find((s) =>
      /\/widget\.js(?:[?#]|$)/.test(s.src),
    ) ?? null
  );
};

const whenIdle = (run: () => void): void => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 3_000 });
  else setTimeout(run, 200);
};

const errorMessageOf = (body: unknown): string | undefined => {
  const error = body && typeof body === 'object' && 'error' in body ? body.error : undefined;
  const message = error && typeof error === 'object' && 'message' in error ? error.message : undefined;
  return typeof message === 'string' ? message : undefined;
};

/** The chat's look for this page, or null (and a console note) when the server refuses this site or key. */
const loadConfig = async (base: string, key: string): Promise<WidgetConfig | null> => {
  let res: Response;
  try {
    res = await fetch(new URL(`api/widget/config?key=${encodeURIComponent(key)}`, base), { credentials: 'omit' });
  } catch {
    note('the chat server could not be reached, or it refused this website');
    return null;
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.ok && body && typeof body === 'object') return body as WidgetConfig;
  note(errorMessageOf(body) ?? `the chat server answered ${res.status}`);
  return null;
};

let chatLoading: Promise<MountChat> | undefined;

/** Loads widget-chat.js once (a classic script tag, with this tag's CSP nonce). */
const loadChat = (script: HTMLScriptElement): Promise<MountChat> =>
  (chatLoading ??= new Promise<MountChat>((resolve, reject) => {
    const ready = () => window.__aiceoWidgetChat;
    const loaded = ready();
    if (loaded) return resolve(loaded);
    const tag = document.createElement('script');
    tag.src = new URL(`widget-chat.js?v=${__AICEO_CHAT_VERSION__}`, script.src).toString();
    tag.async = true;
    if (script.nonce) tag.nonce = script.nonce;
    tag.onload = () => {
      const mount = ready();
      if (mount) resolve(mount);
      else reject(new Error('widget-chat.js did not register'));
    };
    tag.onerror = () => reject(new Error('widget-chat.js did not load'));
    document.head.append(tag);
  }).catch((error: unknown) => {
    chatLoading = undefined;
    throw error;
  }));

type Boot = { script: HTMLScriptElement; key: string; touch: TouchInput };

const renderBubble = ({ script, key, touch }: Boot, config: WidgetConfig): void => {
  const host = document.createElement(HOST_TAG);
  const shadow = host.attachShadow({ mode: 'open' });
  addStyles(shadow, bubbleCss);
  const { brand, onBrand } = brandColors(config.brandColor);
  const icon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', CHAT_ICON_PATH);
  icon.append(path);
  const bubble = h(
    'button',
    {
      type: 'button',
      class: 'bubble',
      'aria-label': `Chat with ${config.orgName}`,
      'aria-haspopup': 'dialog',
      'aria-expanded': 'false',
    },
    icon,
  );
  const status = h('span', { class: 'fail', role: 'status' });
  const root = h('div', { class: 'root' }, bubble, status);
  // CSSOM, not a style attribute: a host page's CSP may forbid inline style attributes.
  root.style.setProperty('--brand', brand);
  root.style.setProperty('--on-brand', onBrand);
  shadow.append(root);

  let panel: ChatPanel | undefined;
  const open = async () => {
    if (panel) return panel.isOpen() ? panel.close() : panel.open();
    bubble.setAttribute('aria-busy', 'true');
    try {
      const mount = await loadChat(script);
      panel ??= mount({ key, base: new URL('.', script.src).toString(), config, touch, shadow, root, bubble });
      status.textContent = '';
      panel.open();
    } catch {
      status.textContent = 'The chat could not be opened. Check your connection and try again.';
    } finally {
      bubble.removeAttribute('aria-busy');
    }
  };
  bubble.addEventListener('click', () => void open());
  // Fetch the panel's code as soon as the visitor shows intent, so it is there on click.
  const preload = () => void loadChat(script).catch(() => undefined);
  bubble.addEventListener('pointerenter', preload, { once: true });
  bubble.addEventListener('focus', preload, { once: true });
  document.body.append(host);
};

const boot = (script: HTMLScriptElement): void => {
  const key = script.dataset.key?.trim() ?? '';
  if (!key) return note('the script tag has no data-key');
  // One chat per page, however many times the tag was pasted.
  if (document.querySelector(HOST_TAG)) return;
  const base = new URL('.', script.src).toString();
  // The visit as it landed (an SPA host page may change its URL before the visitor opens the chat).
  const touch = touchOfPage(location.href, document.referrer);
  whenIdle(() => {
    void loadConfig(base, key).then((config) => {
      if (config && !document.querySelector(HOST_TAG)) renderBubble({ script, key, touch }, config);
    });
  });
};

const script = ownScript();
if (script) {
  if (document.body) boot(script);
  else document.addEventListener('DOMContentLoaded', () => boot(script), { once: true });
} else {
  note('could not find its own script tag (widget.js)');
}
