import { markdownToTelegramHtml, periodOf, splitForTelegram, startOfDayIn, timeOfDay, todayIn } from './bot-format';

describe('bot text helpers', () => {
  it('when an answer is longer than a Telegram message, then it is split at line breaks into pieces of at most 4,096 characters, nothing lost', () => {
    // Arrange
    const paragraphs = Array.from({ length: 30 }, (_, i) => `Paragraph ${i}: ${'word '.repeat(40).trim()}`);
    const text = paragraphs.join('\n');
    // Act
    const pieces = splitForTelegram(text);
    // Assert
    expect(text.length).toBeGreaterThan(4_096);
    expect(pieces.length).toBe(2);
    expect(pieces.every((piece) => piece.length <= 4_096)).toBe(true);
    expect(pieces.join('\n')).toBe(text);
    expect(splitForTelegram('x'.repeat(9_000)).map((p) => p.length)).toEqual([4_096, 4_096, 808]);
    expect(splitForTelegram('short')).toEqual(['short']);
  });

  it('when a period is asked in a timezone, then its days and their start are those of that zone (summer time included)', () => {
    // Arrange
    const lateEvening = new Date('2026-12-15T23:30:00.000Z'); // already 16 December in Berlin
    // Act
    const today = todayIn(lateEvening, 'Europe/Berlin');
    // Assert
    expect(today).toBe('2026-12-16');
    expect(periodOf(today, 'week')).toEqual({ from: '2026-12-14', to: '2026-12-20' });
    expect(periodOf('2026-02-11', 'month')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(startOfDayIn('2026-12-16', 'Europe/Berlin').toISOString()).toBe('2026-12-15T23:00:00.000Z');
    expect(startOfDayIn('2026-07-01', 'Europe/Berlin').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(startOfDayIn('2026-07-01', 'America/New_York').toISOString()).toBe('2026-07-01T04:00:00.000Z');
    expect(timeOfDay(lateEvening, 'Europe/Berlin')).toBe('00:30');
  });

  it('when the AI answers in Markdown, then Telegram gets balanced HTML with everything else escaped', () => {
    // Arrange
    const markdown = [
      '## This month',
      '- Income: **$6,000.00** (up _a little_)',
      'Use `a<b && **not bold**` and [the app](https://app.example.com/x?a=1&b=2).',
      'snake_case_name stays, 2 * 3 * 4 too, <script> is text',
    ].join('\n');
    // Act
    const html = markdownToTelegramHtml(markdown);
    // Assert
    expect(html.split('\n')).toEqual([
      '<b>This month</b>',
      '• Income: <b>$6,000.00</b> (up <i>a little</i>)',
      'Use <code>a&lt;b &amp;&amp; **not bold**</code> and <a href="https://app.example.com/x?a=1&amp;b=2">the app</a>.',
      'snake_case_name stays, 2 * 3 * 4 too, &lt;script&gt; is text',
    ]);
  });
});
