import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { sha256 } from '../../lib/crypto';
import { addMember, bearer, seedOrg, seedUser, uniqueEmail, type SeededOrg, type SeededUser } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { INVITATION_TTL_MS } from './invitations.service';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const LINK = /http:\/\/localhost:5173\/invitations\/([\w-]+)/;

/** Invites through the API and reads the token from the new mail in the outbox. */
const invite = async (org: SeededOrg, options: { email: string; role?: 'admin' | 'member'; by?: SeededUser }) => {
  const seen = new Set(
    (await t.deps.db.mailOutbox.findMany({ where: { to: options.email }, select: { id: true } })).map((m) => m.id),
  );
  const res = await request(t.app)
    .post(`/api/orgs/${org.id}/invitations`)
    .set(bearer((options.by ?? org.owner).token))
    .send({ email: options.email, role: options.role });
  const mails = await t.deps.db.mailOutbox.findMany({ where: { to: options.email } });
  const mail = mails.find((m) => !seen.has(m.id));
  const token = mail ? LINK.exec(mail.text)?.[1] : undefined;
  return { res, mail, token: token ?? '' };
};

const accept = (token: string, user: SeededUser) =>
  request(t.app).post('/api/invitations/accept').set(bearer(user.token)).send({ token });
const preview = (token: string) => request(t.app).get(`/api/invitations/${token}`);

describe('POST /api/orgs/:orgId/invitations', () => {
  it('when an admin invites an email, then answers 201 pending and mails a link naming the org and inviter', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Mailed Org' });
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const email = uniqueEmail('invitee');
    // Act
    const { res, mail, token } = await invite(org, { email, role: 'admin', by: admin });
    // Assert
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      email,
      role: 'admin',
      status: 'pending',
      invitedBy: { id: admin.id, name: admin.name },
    });
    expect(new Date(res.body.expiresAt).getTime() - t.clock.now().getTime()).toBe(INVITATION_TTL_MS);
    expect(mail?.subject).toContain('Mailed Org');
    expect(mail?.subject).toContain(admin.name);
    expect(token.length).toBeGreaterThanOrEqual(32);
    const stored = await t.deps.db.invitation.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(stored.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    // The link is answered once, to the inviter, so it can be copied; lists never carry it.
    expect(res.body.link).toBe(`http://localhost:5173/invitations/${token}`);
    const list = await request(t.app).get(`/api/orgs/${org.id}/invitations`).set(bearer(admin.token));
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect(mail?.text).toMatch(/The link works until \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC\./);
    expect(mail?.text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('when the same email is invited again, then the old invitation is revoked and a new link is sent', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const email = uniqueEmail('twice');
    const first = await invite(org, { email });
    // Act
    const second = await invite(org, { email });
    // Assert
    expect(second.res.status).toBe(201);
    expect(second.token).not.toBe(first.token);
    const rows = await t.deps.db.invitation.findMany({ where: { orgId: org.id, email } });
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.id === first.res.body.id)?.revokedAt).not.toBeNull();
    expect(rows.find((r) => r.id === second.res.body.id)?.revokedAt).toBeNull();
    expect((await preview(first.token)).status).toBe(409);
    expect((await preview(second.token)).status).toBe(200);
  });

  it('when the email already belongs to a member (any case), then answers 409 ALREADY_EXISTS and sends nothing', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    // Act
    const { res, mail } = await invite(org, { email: member.email.toUpperCase() });
    // Assert
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('ALREADY_EXISTS');
    expect(mail).toBeUndefined();
    expect(await t.deps.db.invitation.count({ where: { orgId: org.id } })).toBe(0);
  });

  it('when a plain member invites, then answers 403', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const { res } = await invite(org, { email: uniqueEmail(), by: member });
    expect(res.status).toBe(403);
    expect(await t.deps.db.invitation.count({ where: { orgId: org.id } })).toBe(0);
  });

  it('when the email is invalid and the role is owner, then answers 400 naming both', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    // Act
    const res = await request(t.app)
      .post(`/api/orgs/${org.id}/invitations`)
      .set(bearer(org.owner.token))
      .send({ email: 'not-an-email', role: 'owner' });
    // Assert
    expect(res.status).toBe(400);
    const paths = res.body.error.details.issues.map(
      (i: { location: string; path: string }) => `${i.location}:${i.path}`,
    );
    expect(paths).toEqual(expect.arrayContaining(['body:email', 'body:role']));
  });
});

describe('GET /api/orgs/:orgId/invitations', () => {
  it('when an admin lists, then every invitation shows its status from the timestamps and the clock', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const pending = await invite(org, { email: uniqueEmail() });
    const revoked = await invite(org, { email: uniqueEmail() });
    await request(t.app).delete(`/api/orgs/${org.id}/invitations/${revoked.res.body.id}`).set(bearer(org.owner.token));
    const invitee = await seedUser(t.deps);
    const accepted = await invite(org, { email: invitee.email });
    await accept(accepted.token, invitee);
    // Act
    const now = await request(t.app).get(`/api/orgs/${org.id}/invitations`).set(bearer(admin.token));
    t.clock.advance(INVITATION_TTL_MS);
    const later = await request(t.app).get(`/api/orgs/${org.id}/invitations`).set(bearer(admin.token));
    t.clock.advance(-INVITATION_TTL_MS);
    // Assert
    const statuses = (res: request.Response) =>
      Object.fromEntries(res.body.items.map((i: { id: string; status: string }) => [i.id, i.status]));
    expect(now.status).toBe(200);
    expect(statuses(now)).toEqual({
      [pending.res.body.id]: 'pending',
      [revoked.res.body.id]: 'revoked',
      [accepted.res.body.id]: 'accepted',
    });
    expect(statuses(later)).toEqual({
      [pending.res.body.id]: 'expired',
      [revoked.res.body.id]: 'revoked',
      [accepted.res.body.id]: 'accepted',
    });
  });

  it('when a plain member lists, then answers 403', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const res = await request(t.app).get(`/api/orgs/${org.id}/invitations`).set(bearer(member.token));
    expect(res.status).toBe(403);
  });

  it('when the org id is malformed, then answers 400 naming params.orgId', async () => {
    const user = await seedUser(t.deps);
    const res = await request(t.app).get('/api/orgs/bad/invitations').set(bearer(user.token));
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([expect.objectContaining({ location: 'params', path: 'orgId' })]);
  });
});

describe('DELETE /api/orgs/:orgId/invitations/:invitationId', () => {
  it('when an admin revokes a pending invitation, then answers 204 and its link stops working', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const { res: created, token } = await invite(org, { email: uniqueEmail() });
    // Act
    const res = await request(t.app)
      .delete(`/api/orgs/${org.id}/invitations/${created.body.id}`)
      .set(bearer(admin.token));
    const again = await request(t.app)
      .delete(`/api/orgs/${org.id}/invitations/${created.body.id}`)
      .set(bearer(admin.token));
    // Assert
    expect(res.status).toBe(204);
    expect(again.status).toBe(204);
    expect((await t.deps.db.invitation.findUniqueOrThrow({ where: { id: created.body.id } })).revokedAt).not.toBeNull();
    const link = await preview(token);
    expect(link.status).toBe(409);
    expect(link.body.error).toMatchObject({ code: 'CONFLICT', details: { status: 'revoked' } });
  });

  it('when the invitation was already accepted, then answers 409', async () => {
    const org = await seedOrg(t.deps);
    const invitee = await seedUser(t.deps);
    const { res: created, token } = await invite(org, { email: invitee.email });
    await accept(token, invitee);
    const res = await request(t.app)
      .delete(`/api/orgs/${org.id}/invitations/${created.body.id}`)
      .set(bearer(org.owner.token));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
  });

  it('when a plain member revokes, then answers 403 and the invitation stays pending', async () => {
    const org = await seedOrg(t.deps);
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const { res: created } = await invite(org, { email: uniqueEmail() });
    const res = await request(t.app)
      .delete(`/api/orgs/${org.id}/invitations/${created.body.id}`)
      .set(bearer(member.token));
    expect(res.status).toBe(403);
    expect((await t.deps.db.invitation.findUniqueOrThrow({ where: { id: created.body.id } })).revokedAt).toBeNull();
  });

  it('when the invitation does not exist, then answers 404; when the id is malformed, 400', async () => {
    const org = await seedOrg(t.deps);
    const unknown = await request(t.app)
      .delete(`/api/orgs/${org.id}/invitations/${randomUUID()}`)
      .set(bearer(org.owner.token));
    const malformed = await request(t.app).delete(`/api/orgs/${org.id}/invitations/42`).set(bearer(org.owner.token));
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.issues).toEqual([
      expect.objectContaining({ location: 'params', path: 'invitationId' }),
    ]);
  });
});

describe('GET /api/invitations/:token', () => {
  it('when the link is pending, then answers 200 with the org, email, role and inviter, without signing in', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Preview Org' });
    const email = uniqueEmail();
    const { token } = await invite(org, { email, role: 'admin' });
    // Act
    const res = await preview(token);
    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      orgName: 'Preview Org',
      email,
      role: 'admin',
      expiresAt: expect.any(String),
      invitedByName: org.owner.name,
    });
  });

  it('when the token is unknown, then answers 404', async () => {
    const res = await preview('x'.repeat(43));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('when the token is too short, then answers 400 naming params.token', async () => {
    const res = await preview('short');
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([expect.objectContaining({ location: 'params', path: 'token' })]);
  });
});

describe('POST /api/invitations/accept', () => {
  it('when the invited user accepts the mailed link, then joins the org and is listed as a member', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Joinable' });
    const email = uniqueEmail('joiner');
    const { token } = await invite(org, { email, role: 'admin' });
    const previewed = await preview(token);
    const invitee = await seedUser(t.deps, { email });
    // Act
    const res = await accept(token, invitee);
    // Assert
    expect(previewed.status).toBe(200);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: org.id, name: 'Joinable', role: 'admin', memberCount: 2 });
    const members = await request(t.app).get(`/api/orgs/${org.id}/members`).set(bearer(invitee.token));
    expect(members.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ userId: invitee.id, role: 'admin' })]),
    );
    const mine = await request(t.app).get('/api/orgs').set(bearer(invitee.token));
    expect(mine.body.items.map((o: { id: string }) => o.id)).toEqual([org.id]);
  });

  it("when the user's email differs only in case, then accepts", async () => {
    const org = await seedOrg(t.deps);
    const email = uniqueEmail('cased');
    const { token } = await invite(org, { email });
    const invitee = await seedUser(t.deps, { email: email.toUpperCase() });
    const res = await accept(token, invitee);
    expect(res.status).toBe(200);
  });

  it('when another user accepts, then answers 403 and nobody joins', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const { token, res: created } = await invite(org, { email: uniqueEmail() });
    const stranger = await seedUser(t.deps);
    // Act
    const res = await accept(token, stranger);
    // Assert
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(await t.deps.db.membership.count({ where: { orgId: org.id } })).toBe(1);
    expect((await t.deps.db.invitation.findUniqueOrThrow({ where: { id: created.body.id } })).acceptedAt).toBeNull();
  });

  it('when the invitation has expired, then answers 409 CONFLICT for accept and preview', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const email = uniqueEmail();
    const { token } = await invite(org, { email });
    t.clock.advance(INVITATION_TTL_MS + 1);
    const invitee = await seedUser(t.deps, { email });
    // Act
    const res = await accept(token, invitee);
    const link = await preview(token);
    t.clock.advance(-(INVITATION_TTL_MS + 1));
    // Assert
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'CONFLICT', details: { status: 'expired' } });
    expect(link.body.error).toMatchObject({ code: 'CONFLICT', details: { status: 'expired' } });
    expect(await t.deps.db.membership.count({ where: { orgId: org.id } })).toBe(1);
  });

  it('when the invitation was revoked, then answers 409 CONFLICT', async () => {
    const org = await seedOrg(t.deps);
    const invitee = await seedUser(t.deps);
    const { token, res: created } = await invite(org, { email: invitee.email });
    await request(t.app).delete(`/api/orgs/${org.id}/invitations/${created.body.id}`).set(bearer(org.owner.token));
    const res = await accept(token, invitee);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'CONFLICT', details: { status: 'revoked' } });
    expect(await t.deps.db.membership.count({ where: { orgId: org.id } })).toBe(1);
  });

  it('when the link is used a second time, then answers 409 CONFLICT', async () => {
    const org = await seedOrg(t.deps);
    const invitee = await seedUser(t.deps);
    const { token } = await invite(org, { email: invitee.email });
    await accept(token, invitee);
    const res = await accept(token, invitee);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'CONFLICT', details: { status: 'accepted' } });
    expect((await preview(token)).status).toBe(409);
  });

  it('when the same link is accepted twice at once, then exactly one succeeds', async () => {
    const org = await seedOrg(t.deps);
    const invitee = await seedUser(t.deps);
    const { token } = await invite(org, { email: invitee.email });
    const results = await Promise.all([accept(token, invitee), accept(token, invitee)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await t.deps.db.membership.count({ where: { orgId: org.id, userId: invitee.id } })).toBe(1);
  });

  it('when the user is already a member, then answers 409 and the invitation stays pending', async () => {
    // Arrange: invited first, then added by another path before accepting.
    const org = await seedOrg(t.deps);
    const invitee = await seedUser(t.deps);
    const { token, res: created } = await invite(org, { email: invitee.email, role: 'admin' });
    await addMember(t.deps, { orgId: org.id, role: 'member', user: invitee });
    // Act
    const res = await accept(token, invitee);
    // Assert
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('ALREADY_EXISTS');
    expect((await t.deps.db.invitation.findUniqueOrThrow({ where: { id: created.body.id } })).acceptedAt).toBeNull();
    expect(
      (await t.deps.db.membership.findUniqueOrThrow({ where: { orgId_userId: { orgId: org.id, userId: invitee.id } } }))
        .role,
    ).toBe('member');
  });

  it('when nobody is signed in, then answers 401', async () => {
    const res = await request(t.app)
      .post('/api/invitations/accept')
      .send({ token: 'x'.repeat(43) });
    expect(res.status).toBe(401);
  });

  it('when the token is missing, then answers 400 naming body.token', async () => {
    const user = await seedUser(t.deps);
    const res = await request(t.app).post('/api/invitations/accept').set(bearer(user.token)).send({});
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([expect.objectContaining({ location: 'body', path: 'token' })]);
  });

  it('when the token is unknown, then answers 404', async () => {
    const user = await seedUser(t.deps);
    const res = await accept('y'.repeat(43), user);
    expect(res.status).toBe(404);
  });
});
