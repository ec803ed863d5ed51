// Reads a raw mail as the test SMTP server received it: its headers and each body part decoded
// to UTF-8 text (quoted-printable, base64 or plain), so tests can assert on what a reader sees.

export type MailPart = { contentType: string; text: string };
export type ParsedMail = { headers: string; subject: string; parts: MailPart[] };

const splitHead = (raw: string): { head: string; body: string } => {
  const match = /\r?\n\r?\n/.exec(raw);
  if (!match) return { head: raw, body: '' };
  // Folded header lines continue on the next line after whitespace.
  return {
    head: raw.slice(0, match.index).replace(/\r?\n[ \t]+/g, ' '),
    body: raw.slice(match.index + match[0].length),
  };
};

const headerValue = (head: string, name: string): string =>
  new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';

const decodeBody = (head: string, body: string): string => {
  const encoding = headerValue(head, 'Content-Transfer-Encoding').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
};

/** "=?UTF-8?Q?...?=" and "=?UTF-8?B?...?=" words of a header, decoded. */
const decodeWords = (value: string): string =>
  value.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_, kind: string, text: string) =>
    kind.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text
            .replace(/_/g, ' ')
            .replace(/=([0-9A-Fa-f]{2})/g, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
  );

export const parseMail = (raw: string): ParsedMail => {
  const { head, body } = splitHead(raw);
  const subject = decodeWords(headerValue(head, 'Subject'));
  const boundary = /boundary="?([^";\s]+)"?/i.exec(headerValue(head, 'Content-Type'))?.[1];
  if (!boundary)
    return {
      headers: head,
      subject,
      parts: [{ contentType: headerValue(head, 'Content-Type'), text: decodeBody(head, body) }],
    };
  const parts = body
    .split(`--${boundary}`)
    .slice(1)
    .filter((part) => !part.startsWith('--'))
    .map((part) => {
      const inner = splitHead(part.replace(/^\r?\n/, ''));
      return { contentType: headerValue(inner.head, 'Content-Type'), text: decodeBody(inner.head, inner.body) };
    });
  return { headers: head, subject, parts };
};

/** The decoded text (with \n line ends) of the first part whose content type starts with `type` ('text/plain', 'text/html'). */
export const mailPart = (raw: string, type: string): string | undefined =>
  parseMail(raw)
    .parts.find((part) => part.contentType.toLowerCase().startsWith(type))
    ?.text.replace(/\r\n/g, '\n');
