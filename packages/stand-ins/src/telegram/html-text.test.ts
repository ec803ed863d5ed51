import { EntityParseError, parseTelegramHtml } from './html-text';

describe("Telegram's HTML parse mode", () => {
  it('when tags nest, then the plain text and entity offsets are what Telegram answers', () => {
    const parsed = parseTelegramHtml(
      '<b>P&amp;L <i>up</i></b> &#8364;5 &gt; &quot;0&quot; <blockquote expandable>note</blockquote>',
    );

    expect(parsed.text).toBe('P&L up €5 > "0" note');
    expect(parsed.entities).toEqual([
      { type: 'bold', offset: 0, length: 6 },
      { type: 'italic', offset: 4, length: 2 },
      { type: 'expandable_blockquote', offset: 16, length: 4 },
    ]);
    expect(parsed.nodes).toEqual([
      { tag: 'b', children: ['P&L ', { tag: 'i', children: ['up'] }] },
      ' €5 > "0" ',
      { tag: 'blockquote', children: ['note'] },
    ]);
  });

  it('when a link, spoiler span or code language is given, then they become entities', () => {
    const parsed = parseTelegramHtml(
      '<a href="https://x.test/?a=1&amp;b=2">go</a> <span class="tg-spoiler">s</span> <pre><code class="language-ts">x</code></pre> <b><u>y</u></b>',
    );

    expect(parsed.entities).toEqual([
      { type: 'text_link', offset: 0, length: 2, url: 'https://x.test/?a=1&b=2' },
      { type: 'spoiler', offset: 3, length: 1 },
      { type: 'pre', offset: 5, length: 1, language: 'ts' },
      { type: 'bold', offset: 7, length: 1 },
      { type: 'underline', offset: 7, length: 1 },
    ]);
  });

  it.each([
    ['1 < 2', 'Unsupported start tag at byte offset 2'],
    ['a & b', "Can't find end of the entity starting at byte offset 2"],
    ['&nbsp;', "Can't find end of the entity starting at byte offset 0"],
    ['<b>open', 'Can\'t find end tag corresponding to start tag "b"'],
    ['</b>', 'Unexpected end tag at byte offset 0'],
    ['<span>x</span>', 'Unsupported start tag "span" at byte offset 0'],
    ['é<br>', 'Unsupported start tag "br" at byte offset 2'],
    ['<a href="javascript:alert(1)">x</a>', 'Wrong URL host in a href "javascript:alert(1)"'],
  ])('when the HTML is %j, then it cannot be parsed: %s', (source, message) => {
    expect(() => parseTelegramHtml(source)).toThrow(new EntityParseError(message));
  });
});
