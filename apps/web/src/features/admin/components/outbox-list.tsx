import type { OutboxMail } from '@aiceo/shared/platform';
import { formatDateTime } from '@/utils/format';

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;

/** Mail text with its links clickable (reset and invitation links are why people read the outbox). */
const MailText = ({ text }: { text: string }) => (
  <pre className="mail">
    {text.split(URL_PATTERN).map((part, index) =>
      index % 2 === 1 ? (
        <a key={index} href={part}>
          {part}
        </a>
      ) : (
        part
      ),
    )}
  </pre>
);

const statusOf = (mail: OutboxMail) =>
  mail.error ? (
    <span className="badge bad">Failed</span>
  ) : mail.sentAt ? (
    <span className="badge good">Sent</span>
  ) : (
    <span className="badge">In outbox</span>
  );

export const OutboxList = ({ mails }: { mails: readonly OutboxMail[] }) => (
  <ul className="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
    {mails.map((mail) => (
      <li key={mail.id} className="card">
        <details>
          <summary style={{ cursor: 'pointer' }}>
            <strong>{mail.subject}</strong> <span className="muted">to {mail.to}</span> {statusOf(mail)}{' '}
            <span className="muted">· {formatDateTime(mail.createdAt)}</span>
          </summary>
          {mail.error ? <p className="alert error">{mail.error}</p> : null}
          <MailText text={mail.text} />
        </details>
      </li>
    ))}
  </ul>
);
