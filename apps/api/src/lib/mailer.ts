import nodemailer from 'nodemailer';
import type { PrismaClient } from '../generated/prisma/client';
import type { Logger } from './logger';

/** `headers` are extra header lines, e.g. List-Unsubscribe (they are not kept in the outbox). */
export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
};
/** `queued`: kept in the outbox for the app (no SMTP); `failed` carries the SMTP server's reason. */
export type MailResult = { status: 'sent' } | { status: 'queued' } | { status: 'failed'; error: string };
export type Mailer = { send(message: MailMessage): Promise<MailResult> };

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
  const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : undefined;
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
        await transport.sendMail({ from: options.from, ...message });
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
