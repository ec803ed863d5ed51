import nodemailer from 'nodemailer';
import type { PrismaClient } from '../generated/prisma/client';
import type { Logger } from './logger';

/**
 * `headers` are extra header lines, e.g. List-Unsubscribe (they are not kept in the outbox).
 * `fromName` replaces the display name of the configured From; the address stays the product's
 * own (mail claiming another domain's address would fail SPF/DMARC). `replyTo` is where answers go.
 */
export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  fromName?: string;
  replyTo?: string;
};
/** `queued`: kept in the outbox for the app (no SMTP); `failed` carries the SMTP server's reason. */
export type MailResult = { status: 'sent' } | { status: 'queued' } | { status: 'failed'; error: string };
export type Mailer = { send(message: MailMessage): Promise<MailResult> };

/** The bare address of a From setting such as `AI CEO <no-reply@aiceo.local>` or `no-reply@aiceo.local`. */
export const addressOf = (from: string): string => /<([^<>]+)>\s*$/.exec(from)?.[1]?.trim() ?? from.trim();

const fromFor = (configured: string, fromName: string | undefined) => {
  // A display name cannot carry a line break into the header; nodemailer quotes and encodes the rest.
  const name = fromName?.replace(/[\r\n]+/g, ' ').trim();
  return name ? { name, address: addressOf(configured) } : configured;
};

/**
 * Every mail is written to the MailOutbox table first. With SMTP configured it is then
 * sent and marked sent (or the error kept); without SMTP it waits there to be read in the app.
 * A delivery failure does not throw: the result says what happened to this one mail.
 */
export const createMailer = (options: {
  db: PrismaClient;
  log: Logger;
  from: string;
  smtpUrl?: string;
  now: () => Date;
}): Mailer => {
  // Pooled: a campaign's mails reuse up to 5 open connections; one idle for a second is closed.
  const transport = options.smtpUrl
    ? nodemailer.createTransport({ url: options.smtpUrl, pool: true, idleTimeout: 1_000 })
    : undefined;
  return {
    send: async (message) => {
      const row = await options.db.mailOutbox.create({
        data: {
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html ?? null,
          transport: transport ? 'smtp' : 'outbox',
        },
        select: { id: true },
      });
      if (!transport) return { status: 'queued' };
      try {
        const { fromName, replyTo, ...content } = message;
        await transport.sendMail({
          ...content,
          from: fromFor(options.from, fromName),
          ...(replyTo ? { replyTo } : {}),
        });
        await options.db.mailOutbox.update({ where: { id: row.id }, data: { sentAt: options.now() } });
        return { status: 'sent' };
      } catch (error) {
        const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
        options.log.error({ mailId: row.id, err: reason }, 'mail delivery failed');
        await options.db.mailOutbox.update({ where: { id: row.id }, data: { error: reason } });
        return { status: 'failed', error: reason };
      }
    },
  };
};
