import { formatMoney } from '@aiceo/shared/money';
import type { Deps } from '../../deps';
import { AppError } from '../../http/app-error';
import { createOrgPaymentCheckout } from '../finance-stripe/finance-stripe.service';
import { saveDepositLink, type ProposalForClient } from '../proposals/proposal-acceptance.service';
import { spendUsage } from '../usage/usage.service';
import { escapeHtml } from './page-layout';

type DepositDeps = Pick<Deps, 'db' | 'database' | 'clock' | 'env' | 'stripe' | 'mailer' | 'log'>;

const depositMail = (p: ProposalForClient, url: string, org: { fromName: string; replyTo: string }) => {
  const amount = formatMoney(p.depositMinor, p.currency, { locale: 'en' });
  const lines = [
    `Hello ${p.clientName},`,
    '',
    `Thank you for accepting "${p.title}" (P-${p.number}).`,
    `To get started, please pay the deposit of ${amount}:`,
    url,
    ...(p.projectUrl ? ['', `Follow the project's progress: ${p.projectUrl}`] : []),
    '',
    p.org.name,
  ];
  const accent = /^#[0-9a-fA-F]{6}$/.test(p.org.brandColor) ? p.org.brandColor : '#1f6feb';
  const html = `<p>Hello ${escapeHtml(p.clientName)},</p><p>Thank you for accepting “${escapeHtml(p.title)}” (P-${p.number}). To get started, please pay the deposit of ${escapeHtml(amount)}.</p><p><a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 18px;border-radius:8px;background:${accent};color:#fff;text-decoration:none;font-weight:600">Pay deposit</a></p>${p.projectUrl ? `<p><a href="${escapeHtml(p.projectUrl)}">Follow the project's progress</a></p>` : ''}<p>${escapeHtml(p.org.name)}</p>`;
  return {
    to: p.clientEmail,
    subject: `Deposit for P-${p.number}: ${p.title}`.replace(/\s+/g, ' ').trim(),
    text: lines.join('\n'),
    html,
    fromName: org.fromName || p.org.name,
    ...(org.replyTo ? { replyTo: org.replyTo } : {}),
  };
};

/**
 * After an acceptance commits: a Stripe Checkout link for the deposit on the org's own account
 * (when it asked one and connected Stripe in the books), stored on the proposal and mailed to the
 * client (one `emails` unit; with the allowance used up it is not mailed, the page still shows it). A Stripe failure leaves the acceptance as it is and no link at all (the page then says
 * the link will follow); it is logged for the owner's side. Answers the deposit URL or null.
 */
export const requestDeposit = async (deps: DepositDeps, p: ProposalForClient): Promise<string | null> => {
  if (p.depositMinor <= 0 || p.depositUrl || p.depositPaidAt) return p.depositUrl;
  let session: { id: string; url: string } | null;
  try {
    session = await createOrgPaymentCheckout(deps, {
      orgId: p.orgId,
      amountMinor: p.depositMinor,
      currency: p.currency,
      description: `Deposit for P-${p.number}`,
      metadata: {
        aiceo_proposal_id: p.id,
        ...(p.projectId ? { aiceo_project_id: p.projectId } : {}),
        ...(p.leadId ? { aiceo_lead_id: p.leadId } : {}),
      },
      successUrl: p.publicUrl,
      cancelUrl: p.publicUrl,
      idempotencyKey: `aiceo-deposit-${p.id}`,
    });
  } catch (error) {
    deps.log.warn(
      { orgId: p.orgId, proposalId: p.id, problem: error instanceof Error ? error.message : String(error) },
      'proposal deposit: Stripe Checkout could not be made',
    );
    return null;
  }
  if (!session) return null;
  if (!(await saveDepositLink(deps, { orgId: p.orgId, proposalId: p.id, url: session.url, sessionId: session.id })))
    return null;
  if (p.clientEmail) {
    const org = await deps.db.organization.findFirst({
      where: { id: p.orgId },
      select: { emailFromName: true, emailReplyTo: true },
    });
    const mail = depositMail(p, session.url, { fromName: org?.emailFromName ?? '', replyTo: org?.emailReplyTo ?? '' });
    try {
      // One mail to the client is one `emails` unit, as everywhere else; a failed send gives it back.
      await spendUsage(deps, { orgId: p.orgId, resource: 'emails' }, async () => {
        const result = await deps.mailer.send(mail);
        if (result.status === 'failed') throw new AppError('UNAVAILABLE', result.error);
      });
    } catch (error) {
      // Not mailed (allowance used up or the mail server failed): the client still has the link on the page.
      const quota = error instanceof AppError && error.code === 'QUOTA_EXCEEDED';
      deps.log.warn(
        { orgId: p.orgId, proposalId: p.id, problem: error instanceof Error ? error.message : String(error) },
        quota ? 'proposal deposit: mail not sent, the email allowance is used up' : 'proposal deposit: mail failed',
      );
    }
  }
  return session.url;
};
