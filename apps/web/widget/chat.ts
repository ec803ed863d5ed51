// widget-chat.js: the chat panel, loaded when the visitor first opens the chat. It starts (or
// continues) the conversation, streams the sales rep's answers, polls for a teammate's replies
// while open, and says in plain words why anything failed.
import type { WidgetConversation, WidgetMessage, WidgetMode, WidgetReply } from '@aiceo/shared/widget';
import { ChatError, createChatApi, type VisitInfo } from './chat-api';
import type { ChatContext, ChatPanel } from './contract';
import { addStyles, h } from './dom';
import { panelCss } from './panel.css';

/** How often an open chat asks for a teammate's replies. */
const SYNC_EVERY_MS = 4_000;
/** WIDGET_MESSAGE_MAX in @aiceo/shared/widget (that module brings zod with it). */
const MESSAGE_MAX = 2_000;
const LINK = /(https?:\/\/[^\s<>"']+[^\s<>"'.,:;!?)\]])/;

/** The visitor's conversation secret, per widget key, so the chat continues on another page or day. */
const tokenStore = (key: string) => {
  const name = `aiceo-chat:${key}`;
  return {
    get: (): string | null => {
      try {
        return localStorage.getItem(name);
      } catch {
        return null;
      }
    },
    set: (token: string | null): void => {
      try {
        if (token) localStorage.setItem(name, token);
        else localStorage.removeItem(name);
      } catch {
        // Storage is blocked (private mode, a strict browser): the chat works for this page only.
      }
    },
  };
};

/** Text with its http(s) links made clickable; never HTML. */
const richText = (text: string): (Node | string)[] =>
  text
    .split(LINK)
    .map((part, i) =>
      i % 2 === 1 ? h('a', { href: part, target: '_blank', rel: 'noopener noreferrer nofollow' }, part) : part,
    );

const buildPanel = ({ config }: ChatContext) => {
  const title = h('h2', { class: 'title', id: 'aiceo-chat-title' }, config.assistantName || config.orgName);
  const logo = config.logoUrl ? h('img', { class: 'logo', src: config.logoUrl, alt: '' }) : null;
  logo?.addEventListener('error', () => logo.remove());
  const restart = h('button', { type: 'button', class: 'text-btn' }, 'Start over');
  const close = h('button', { type: 'button', class: 'icon-btn', 'aria-label': 'Close chat' }, '×');
  const log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages', tabindex: '0' });
  const status = h('p', { class: 'note status', hidden: true });
  const notice = h('p', { class: 'note notice', role: 'status', hidden: true });
  const error = h('p', { class: 'note error', role: 'alert', hidden: true });
  // A field people never see or reach; a bot that fills every input fills it, and the server refuses it.
  const trap = h('input', { type: 'text', name: 'website', tabindex: '-1', autocomplete: 'off' });
  const input = h('textarea', {
    class: 'input',
    id: 'aiceo-chat-input',
    rows: '1',
    maxlength: String(MESSAGE_MAX),
    placeholder: 'Write a message…',
    'aria-describedby': 'aiceo-chat-error',
  });
  error.id = 'aiceo-chat-error';
  const send = h('button', { type: 'submit', class: 'send', 'aria-label': 'Send' }, '➤');
  const form = h(
    'form',
    { class: 'form' },
    h('div', { class: 'trap', 'aria-hidden': 'true' }, h('label', {}, 'Website ', trap)),
    h('label', { class: 'sr', for: 'aiceo-chat-input' }, 'Your message'),
    input,
    send,
  );
  const header = h(
    'div',
    { class: 'head' },
    ...(logo ? [logo] : []),
    h('div', { class: 'titles' }, title, h('p', { class: 'sub' }, config.orgName)),
    restart,
    close,
  );
  const panel = h(
    'div',
    { class: 'panel', role: 'dialog', 'aria-labelledby': 'aiceo-chat-title', id: 'aiceo-chat-panel', hidden: true },
    header,
    log,
    status,
    notice,
    error,
    form,
  );
  return { panel, log, status, notice, error, form, input, send, trap, restart, close };
};

type Parts = ReturnType<typeof buildPanel>;

/** The message list: one element per message, keyed by its id once the server has stored it. */
const messageList = (parts: Parts, context: ChatContext) => {
  const byId = new Map<string, HTMLElement>();
  let newestAt: string | undefined;
  const who = (role: WidgetMessage['role'], authorName: string | null) =>
    role === 'ai'
      ? context.config.assistantName
      : role === 'human'
        ? (authorName ?? context.config.orgName)
        : role === 'visitor'
          ? 'You'
          : '';
  const element = (role: WidgetMessage['role'], text: string, authorName: string | null = null) => {
    const name = who(role, authorName);
    const el = h(
      'div',
      { class: `msg msg-${role}` },
      ...(name ? [h('span', { class: role === 'visitor' ? 'who sr' : 'who' }, name)] : []),
      h('p', { class: 'text' }, ...richText(text)),
    );
    parts.log.append(el);
    parts.log.scrollTop = parts.log.scrollHeight;
    return el;
  };
  /** Gives a shown (pending or streamed) element the stored message's id and final text. */
  const settle = (el: HTMLElement, message: WidgetMessage) => {
    el.classList.remove('pending');
    el.removeAttribute('aria-busy');
    el.dataset.id = message.id;
    byId.set(message.id, el);
    el.querySelector('.text')?.replaceChildren(...richText(message.text));
    if (!newestAt || message.createdAt > newestAt) newestAt = message.createdAt;
  };
  return {
    pending: (text: string) => {
      const el = element('visitor', text);
      el.classList.add('pending');
      return el;
    },
    streaming: () => {
      const el = element('ai', '');
      el.setAttribute('aria-busy', 'true');
      return el;
    },
    appendText: (el: HTMLElement, text: string) => {
      el.querySelector('.text')?.append(text);
      parts.log.scrollTop = parts.log.scrollHeight;
    },
    settle,
    /** Shows a stored message unless it is already shown. */
    add: (message: WidgetMessage) => {
      if (byId.has(message.id)) return;
      settle(element(message.role, message.text, message.authorName), message);
    },
    has: (id: string) => byId.has(id),
    newestAt: () => newestAt,
    reset: () => {
      byId.clear();
      newestAt = undefined;
      parts.log.replaceChildren();
      if (context.config.greeting) element('ai', context.config.greeting);
    },
  };
};

const mountChat = (context: ChatContext): ChatPanel => {
  const parts = buildPanel(context);
  const { panel, input, send, form } = parts;
  addStyles(context.shadow, panelCss);
  context.root.append(panel);
  context.bubble.setAttribute('aria-controls', panel.id);

  const api = createChatApi(context);
  const tokens = tokenStore(context.key);
  const messages = messageList(parts, context);
  let conversation: Pick<WidgetConversation, 'conversationId' | 'visitorToken'> | null = null;
  let busy = false;
  let syncing = false;
  let syncTimer: ReturnType<typeof setInterval> | undefined;
  let restored = false;

  const visit = (): VisitInfo => ({ pageUrl: location.href, touch: context.touch, website: parts.trap.value });
  const show = (note: HTMLElement, text: string | null) => {
    note.textContent = text ?? '';
    note.hidden = !text;
  };
  const showError = (text: string | null) => {
    show(parts.error, text);
    input.setAttribute('aria-invalid', text ? 'true' : 'false');
  };
  const setMode = (mode: WidgetMode) =>
    show(parts.status, mode === 'human' ? `You are talking with a person from ${context.config.orgName}.` : null);
  const setBusy = (value: boolean) => {
    busy = value;
    send.disabled = value;
    parts.restart.disabled = value;
  };

  const useConversation = (next: WidgetConversation) => {
    conversation = next;
    tokens.set(next.visitorToken);
    messages.reset();
    next.messages.forEach(messages.add);
    setMode(next.mode);
  };
  /** A conversation the server no longer knows (404): the next message starts a new one. */
  const forget = () => {
    conversation = null;
    tokens.set(null);
  };

  const start = async (options: { restart?: boolean } = {}) => {
    const visitorToken = conversation?.visitorToken ?? tokens.get() ?? undefined;
    try {
      useConversation(await api.start({ ...visit(), visitorToken, ...options }));
    } catch (error) {
      // A stored token the server no longer accepts must not keep the visitor from writing.
      if (error instanceof ChatError && error.status === 404 && visitorToken) {
        forget();
        useConversation(await api.start({ ...visit() }));
      } else {
        throw error;
      }
    }
    return conversation!;
  };

  const answer = (pending: HTMLElement) => {
    let streamed: HTMLElement | undefined;
    return {
      message: (message: WidgetMessage) => messages.settle(pending, message),
      delta: (text: string) => messages.appendText((streamed ??= messages.streaming()), text),
      done: (reply: WidgetReply) => {
        if (!pending.dataset.id) messages.settle(pending, reply.message);
        if (reply.reply && streamed) messages.settle(streamed, reply.reply);
        else if (reply.reply) messages.add(reply.reply);
        else streamed?.remove();
        setMode(reply.mode);
        show(parts.notice, reply.notice);
      },
      drop: () => streamed?.remove(),
    };
  };

  const submit = async () => {
    const text = input.value.trim();
    if (!text || busy) return;
    setBusy(true);
    showError(null);
    let pending: HTMLElement | undefined;
    let on: ReturnType<typeof answer> | undefined;
    try {
      // Started before the message is shown: starting redraws the list.
      const { conversationId, visitorToken } = conversation ?? (await start());
      input.value = '';
      resize();
      pending = messages.pending(text);
      on = answer(pending);
      await api.send(conversationId, { ...visit(), visitorToken, text }, on);
    } catch (error) {
      on?.drop();
      if (pending && !pending.dataset.id) {
        // Not stored: take it back into the box so nothing the visitor wrote is lost.
        pending.remove();
        if (!input.value) input.value = text;
      }
      if (error instanceof ChatError && error.status === 404) forget();
      showError(error instanceof ChatError ? error.message : 'Your message could not be sent. Please try again.');
      if (error instanceof ChatError && error.status === 0) {
        // A stream that broke off may still have been answered and stored: pick it up.
        setBusy(false);
        void sync();
      }
    } finally {
      setBusy(false);
    }
  };

  const sync = async () => {
    if (!conversation || busy || syncing || document.hidden) return;
    syncing = true;
    try {
      const { conversationId, visitorToken } = conversation;
      const update = await api.sync(conversationId, { visitorToken, after: messages.newestAt() });
      update.messages.forEach(messages.add);
      setMode(update.mode);
    } catch (error) {
      // A missed poll is retried on the next tick; only a conversation that is gone changes anything.
      if (error instanceof ChatError && error.status === 404) forget();
    } finally {
      syncing = false;
    }
  };

  const restore = async () => {
    restored = true;
    messages.reset();
    if (!tokens.get()) return;
    setBusy(true);
    try {
      await start();
    } catch (error) {
      showError(error instanceof ChatError ? error.message : 'The conversation could not be loaded.');
    } finally {
      setBusy(false);
    }
  };

  const startOver = async () => {
    if (busy) return;
    showError(null);
    show(parts.notice, null);
    if (!conversation && !tokens.get()) {
      messages.reset();
      return input.focus();
    }
    setBusy(true);
    try {
      await start({ restart: true });
    } catch (error) {
      showError(error instanceof ChatError ? error.message : 'The chat could not start over. Please try again.');
    } finally {
      setBusy(false);
      input.focus();
    }
  };

  const resize = () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 120)}px`;
  };

  const isOpen = () => !panel.hidden;
  const open = () => {
    panel.hidden = false;
    context.root.classList.add('open');
    context.bubble.setAttribute('aria-expanded', 'true');
    input.focus();
    // A teammate may have answered while the panel was closed.
    if (!restored) void restore();
    else void sync();
    syncTimer ??= setInterval(() => void sync(), SYNC_EVERY_MS);
  };
  const close = () => {
    panel.hidden = true;
    context.root.classList.remove('open');
    context.bubble.setAttribute('aria-expanded', 'false');
    clearInterval(syncTimer);
    syncTimer = undefined;
    context.bubble.focus();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void submit();
    }
  });
  input.addEventListener('input', resize);
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      close();
    }
  });
  parts.close.addEventListener('click', close);
  parts.restart.addEventListener('click', () => void startOver());

  return { open, close, isOpen };
};

window.__aiceoWidgetChat = mountChat;
