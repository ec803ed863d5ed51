/**
 * Telegram's `parse_mode: 'HTML'`, as the Bot API reads it: only its tags (b/strong, i/em, u/ins,
 * s/strike/del, code, pre, a href, tg-spoiler or span class="tg-spoiler", blockquote, tg-emoji)
 * and the entities &lt; &gt; &amp; &quot; (and numeric ones); anything else is "can't parse entities".
 * The result is the plain text a user sees, its message entities, and a small tree the chat page
 * renders with DOM nodes (never innerHTML).
 */

export type MessageEntity = {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
};
export type HtmlNodeTag = 'b' | 'i' | 'u' | 's' | 'code' | 'pre' | 'a' | 'spoiler' | 'blockquote';
export type HtmlNode = string | { tag: HtmlNodeTag; href?: string; children: HtmlNode[] };
export type ParsedText = { text: string; entities: MessageEntity[]; nodes: HtmlNode[] };

export class EntityParseError extends Error {}

const tagKinds: Record<string, { node: HtmlNodeTag | null; entity: string | null }> = {
  b: { node: 'b', entity: 'bold' },
  strong: { node: 'b', entity: 'bold' },
  i: { node: 'i', entity: 'italic' },
  em: { node: 'i', entity: 'italic' },
  u: { node: 'u', entity: 'underline' },
  ins: { node: 'u', entity: 'underline' },
  s: { node: 's', entity: 'strikethrough' },
  strike: { node: 's', entity: 'strikethrough' },
  del: { node: 's', entity: 'strikethrough' },
  code: { node: 'code', entity: 'code' },
  pre: { node: 'pre', entity: 'pre' },
  a: { node: 'a', entity: 'text_link' },
  'tg-spoiler': { node: 'spoiler', entity: 'spoiler' },
  span: { node: 'spoiler', entity: 'spoiler' },
  blockquote: { node: 'blockquote', entity: 'blockquote' },
  'tg-emoji': { node: null, entity: 'custom_emoji' },
};

const namedEntities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

const decodeEntity = (raw: string): string | null => {
  const named = namedEntities[raw];
  if (named !== undefined) return named;
  const code = raw.startsWith('#x')
    ? parseInt(raw.slice(2), 16)
    : raw.startsWith('#')
      ? parseInt(raw.slice(1), 10)
      : NaN;
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : null;
};

const decodeAll = (value: string) =>
  value.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (all, raw: string) => decodeEntity(raw) ?? all);

const startTagPattern =
  /^<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z][a-zA-Z0-9_-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*>/;
const attributePattern = /([a-zA-Z][a-zA-Z0-9_-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

const attributesOf = (raw: string): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const match of raw.matchAll(attributePattern)) {
    const name = (match[1] ?? '').toLowerCase();
    result[name] = decodeAll(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return result;
};

type Open = {
  name: string;
  node: Exclude<HtmlNode, string> | null;
  entity: MessageEntity | null;
  children: HtmlNode[];
};

/** Throws EntityParseError with Telegram's wording after "Bad Request: can't parse entities: ". */
export const parseTelegramHtml = (source: string): ParsedText => {
  let text = '';
  const entities: MessageEntity[] = [];
  const root: HtmlNode[] = [];
  const stack: Open[] = [];
  const byteOffset = (index: number) => Buffer.byteLength(source.slice(0, index), 'utf8');
  const children = () => stack[stack.length - 1]?.children ?? root;
  const append = (value: string) => {
    text += value;
    const list = children();
    const last = list[list.length - 1];
    if (typeof last === 'string') list[list.length - 1] = last + value;
    else list.push(value);
  };

  let i = 0;
  while (i < source.length) {
    const char = source[i] ?? '';
    if (char === '<') {
      if (source[i + 1] === '/') {
        const end = source.indexOf('>', i);
        if (end < 0) throw new EntityParseError(`Can't find end of the tag at byte offset ${byteOffset(i)}`);
        const name = source
          .slice(i + 2, end)
          .trim()
          .toLowerCase();
        const open = stack.pop();
        if (!open) throw new EntityParseError(`Unexpected end tag at byte offset ${byteOffset(i)}`);
        if (open.name !== name)
          throw new EntityParseError(
            `Unmatched end tag at byte offset ${byteOffset(i)}, expected "</${open.name}>", found "</${name}>"`,
          );
        const parent = stack[stack.length - 1];
        if (open.entity) {
          open.entity.length = text.length - open.entity.offset;
          // <pre><code class="language-x"> is one pre entity with that language, as on Telegram.
          if (open.name === 'code' && open.entity.language && parent?.name === 'pre' && parent.entity) {
            parent.entity.language = open.entity.language;
          } else if (open.entity.length > 0) entities.push(open.entity);
        }
        if (open.node) children().push(open.node);
        else for (const child of open.children) children().push(child);
        i = end + 1;
        continue;
      }
      const match = startTagPattern.exec(source.slice(i));
      if (!match) throw new EntityParseError(`Unsupported start tag at byte offset ${byteOffset(i)}`);
      const name = (match[1] ?? '').toLowerCase();
      const kind = tagKinds[name];
      const attributes = attributesOf(match[2] ?? '');
      if (!kind || (name === 'span' && attributes['class'] !== 'tg-spoiler'))
        throw new EntityParseError(`Unsupported start tag "${name}" at byte offset ${byteOffset(i)}`);
      const open: Open = { name, node: null, entity: null, children: [] };
      if (name === 'a') {
        const href = attributes['href'];
        if (href !== undefined && href !== '') {
          if (!/^(https?:\/\/|tg:\/\/|mailto:)/i.test(href) && !/^[a-z0-9.-]+\.[a-z]{2,}(\/|$)/i.test(href))
            throw new EntityParseError(`Wrong URL host in a href "${href}"`);
          open.entity = { type: 'text_link', offset: text.length, length: 0, url: href };
          open.node = { tag: 'a', href, children: open.children };
        }
      } else if (name === 'tg-emoji') {
        const id = attributes['emoji-id'];
        if (id) open.entity = { type: 'custom_emoji', offset: text.length, length: 0, custom_emoji_id: id };
      } else {
        const entityType =
          name === 'blockquote' && 'expandable' in attributes ? 'expandable_blockquote' : (kind.entity ?? name);
        open.entity = { type: entityType, offset: text.length, length: 0 };
        if (name === 'code' && attributes['class']?.startsWith('language-'))
          open.entity.language = attributes['class'].slice('language-'.length);
        open.node = kind.node ? { tag: kind.node, children: open.children } : null;
      }
      stack.push(open);
      i += match[0].length;
      continue;
    }
    if (char === '&') {
      const match = /^&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{1,10});/.exec(source.slice(i, i + 12));
      const decoded = match ? decodeEntity(match[1] ?? '') : null;
      if (!match || decoded === null)
        throw new EntityParseError(`Can't find end of the entity starting at byte offset ${byteOffset(i)}`);
      append(decoded);
      i += match[0].length;
      continue;
    }
    append(char);
    i += 1;
  }
  const unclosed = stack[stack.length - 1];
  if (unclosed) throw new EntityParseError(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  // Outer entities first where two start together (they were opened first).
  const opened = new Map(entities.map((entity, index) => [entity, index]));
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length || (opened.get(b) ?? 0) - (opened.get(a) ?? 0));
  return { text, entities, nodes: root };
};
