import type {
  CreatedInvitation,
  CreateInvitationInput,
  Invitation,
  InvitationPreview,
  invitationStatuses,
} from '@aiceo/shared/members';
import type { Org } from '@aiceo/shared/orgs';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';
import { dateTimeInWords } from '@aiceo/shared/dates-in-words';
import { randomToken, sha256 } from '../../lib/crypto';
import { getOrg } from '../orgs/orgs.service';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

type InvitationStatus = (typeof invitationStatuses)[number];

const invitationDtoSelect = {
  id: true,
  email: true,
  role: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  createdAt: true,
  invitedBy: { select: { id: true, name: true } },
} satisfies Prisma.InvitationSelect;

type InvitationRow = Prisma.InvitationGetPayload<{ select: typeof invitationDtoSelect }>;

/** Status is derived from the timestamps, never stored, so expiry needs no job. */
export const invitationStatus = (
  row: Pick<InvitationRow, 'acceptedAt' | 'revokedAt' | 'expiresAt'>,
  now: Date,
): InvitationStatus => {
  if (row.acceptedAt) return 'accepted';
  if (row.revokedAt) return 'revoked';
  return row.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
};

const toInvitationDto = (row: InvitationRow, now: Date): Invitation => ({
  id: row.id,
  email: row.email,
  role: row.role,
  status: invitationStatus(row, now),
  expiresAt: row.expiresAt.toISOString(),
  createdAt: row.createdAt.toISOString(),
  invitedBy: row.invitedBy,
});

/** The only "pending" filter: not accepted, not revoked, not expired at `now`. */
const pendingWhere = (now: Date) =>
  ({ acceptedAt: null, revokedAt: null, expiresAt: { gt: now } }) satisfies Prisma.InvitationWhereInput;

const notPendingMessage: Record<Exclude<InvitationStatus, 'pending'>, string> = {
  accepted: 'This invitation has already been accepted',
  revoked: 'This invitation was revoked; ask for a new one',
  expired: 'This invitation has expired; ask for a new one',
};
const notPending = (status: Exclude<InvitationStatus, 'pending'>) =>
  new AppError('CONFLICT', notPendingMessage[status], { status });

export const listInvitations = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId }: { orgId: string },
): Promise<Invitation[]> => {
  const rows = await db.invitation.findMany({
    where: { orgId },
    select: invitationDtoSelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
  });
  const now = clock.now();
  return rows.map((row) => toInvitationDto(row, now));
};

const invitationMail = (options: {
  link: string;
  orgName: string;
  inviterName: string;
  role: string;
  expiresAt: Date;
}) => {
  // Org and user names are free text: keep them off header lines (no CR/LF in the subject).
  const oneLine = (value: string) => value.replace(/\s+/g, ' ');
  return {
    subject: `${oneLine(options.inviterName)} invited you to ${oneLine(options.orgName)} on AI CEO`,
    text: [
      `${options.inviterName} invited you to join ${options.orgName} on AI CEO as ${options.role === 'admin' ? 'an admin' : 'a member'}.`,
      '',
      `Accept the invitation: ${options.link}`,
      '',
      `The link works until ${dateTimeInWords(options.expiresAt)}. If you did not expect this, ignore this mail.`,
    ].join('\n'),
  };
};

type CreateInvitationOptions = { orgId: string; inviterId: string; input: CreateInvitationInput };

/**
 * Invites an email address. A pending invitation for the same address is revoked and
 * replaced, so "invite again" re-sends a fresh link. Only the token's hash is stored.
 */
export const createInvitation = async (
  deps: Pick<Deps, 'db' | 'clock' | 'mailer' | 'env'>,
  { orgId, inviterId, input }: CreateInvitationOptions,
): Promise<CreatedInvitation> => {
  const { db, clock } = deps;
  const isMember = await db.membership.findFirst({
    where: { orgId, user: { email: { equals: input.email, mode: 'insensitive' } } },
    select: { id: true },
  });
  if (isMember) throw new AppError('ALREADY_EXISTS', `${input.email} is already a member`);

  const token = randomToken();
  const now = clock.now();
  const invitation = await db.$transaction(async (tx) => {
    await tx.invitation.updateMany({
      where: { orgId, email: input.email, ...pendingWhere(now) },
      data: { revokedAt: now },
    });
    return tx.invitation.create({
      data: {
        orgId,
        email: input.email,
        role: input.role,
        tokenHash: sha256(token),
        invitedById: inviterId,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        createdAt: now,
      },
      select: { ...invitationDtoSelect, org: { select: { name: true } } },
    });
  });

  const link = `${deps.env.FRONTEND_URL.replace(/\/+$/, '')}/invitations/${token}`;
  await deps.mailer.send({
    to: input.email,
    ...invitationMail({
      link,
      orgName: invitation.org.name,
      inviterName: invitation.invitedBy?.name ?? 'Someone',
      role: input.role,
      expiresAt: invitation.expiresAt,
    }),
  });
  // The only time the link exists outside the mail: the inviter may copy it (only the invited address can accept).
  return { ...toInvitationDto(invitation, now), link };
};

/** Revoking twice is a no-op; an accepted invitation cannot be revoked (remove the member instead). */
export const revokeInvitation = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { orgId, invitationId }: { orgId: string; invitationId: string },
): Promise<void> => {
  const { count } = await db.invitation.updateMany({
    where: { id: invitationId, orgId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: clock.now() },
  });
  if (count > 0) return;
  const invitation = await db.invitation.findFirst({
    where: { id: invitationId, orgId },
    select: { acceptedAt: true },
  });
  if (!invitation) throw notFound('Invitation');
  if (invitation.acceptedAt)
    throw new AppError('CONFLICT', 'This invitation has already been accepted; remove the member instead');
};

const findByToken = async ({ db }: Pick<Deps, 'db'>, token: string) => {
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: sha256(token) },
    select: {
      id: true,
      orgId: true,
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      org: { select: { name: true } },
      invitedBy: { select: { name: true } },
    },
  });
  if (!invitation) throw notFound('Invitation');
  return invitation;
};

/** Public: what the link is for. A link that is no longer pending answers 409 with `details.status`. */
export const previewInvitation = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { token }: { token: string },
): Promise<InvitationPreview> => {
  const invitation = await findByToken(deps, token);
  const status = invitationStatus(invitation, deps.clock.now());
  if (status !== 'pending') throw notPending(status);
  return {
    orgName: invitation.org.name,
    email: invitation.email,
    role: invitation.role,
    expiresAt: invitation.expiresAt.toISOString(),
    invitedByName: invitation.invitedBy?.name ?? null,
  };
};

/**
 * Joins the org as the invited user. The invitation is marked accepted only if it is
 * still pending at that moment, in the same transaction as the membership, so two
 * accepts of one link cannot both succeed.
 */
export const acceptInvitation = async (
  deps: Pick<Deps, 'db' | 'database' | 'clock'>,
  { userId, token }: { userId: string; token: string },
): Promise<Org> => {
  const { db, clock } = deps;
  const invitation = await findByToken(deps, token);
  const now = clock.now();
  const status = invitationStatus(invitation, now);
  if (status !== 'pending') throw notPending(status);

  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  if (user.email.toLowerCase() !== invitation.email.toLowerCase()) {
    throw new AppError('FORBIDDEN', `This invitation is for ${invitation.email}; sign in with that address`);
  }

  const { orgId, role } = invitation;
  await db.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({
      where: { id: invitation.id, ...pendingWhere(now) },
      data: { acceptedAt: now },
    });
    if (count === 0) {
      // Another request got there first: say what it became.
      const current = await tx.invitation.findUnique({
        where: { id: invitation.id },
        select: { acceptedAt: true, revokedAt: true, expiresAt: true },
      });
      if (!current) throw notFound('Invitation');
      const currentStatus = invitationStatus(current, now);
      throw notPending(currentStatus === 'pending' ? 'accepted' : currentStatus);
    }
    const existing = await tx.membership.findUnique({
      where: { orgId_userId: { orgId, userId } },
      select: { id: true },
    });
    if (existing) throw new AppError('ALREADY_EXISTS', `You are already a member of ${invitation.org.name}`);
    await tx.membership.create({ data: { orgId, userId, role, createdAt: now, updatedAt: now }, select: { id: true } });
  });
  return getOrg(deps, { orgId, role });
};
