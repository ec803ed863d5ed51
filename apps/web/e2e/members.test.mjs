import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { PASSWORD, linkIn, uniqueEmail } from './support/api.mjs';
import { eventually, expectFieldError, expectPath, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';

const browserTest = useBrowserSuite();

describe('invite a member', () => {
  browserTest(
    'when an owner invites someone, then they sign up through the emailed link in their own browser and join, and the owner makes them an admin',
    async ({ newUserPage, baseUrl, readMail, api }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'inviter');
      const ownerPage = await newUserPage();
      await signInByCookie(ownerPage, owner);
      await ownerPage.goto(`/orgs/${owner.org.id}/settings/invitations`);
      const inviteForm = ownerPage.getByRole('form', { name: 'Invite someone' });
      const inviteeEmail = uniqueEmail('invitee');

      // Act: a malformed address first.
      await inviteForm.getByLabel('Email', { exact: true }).fill('not an email');
      await inviteForm.getByRole('button', { name: 'Invite' }).click();

      // Assert
      await expectFieldError(inviteForm.getByLabel('Email', { exact: true }), /valid email/i);

      // Act
      await inviteForm.getByLabel('Email', { exact: true }).fill(inviteeEmail);
      await inviteForm.getByLabel('Role').selectOption('member');
      await inviteForm.getByRole('button', { name: 'Invite' }).click();

      // Assert
      await expectVisible(ownerPage.getByText(`Invitation sent to ${inviteeEmail}`));
      await expectVisible(ownerPage.getByRole('cell', { name: inviteeEmail }));

      // Act: the invitee, in a browser of their own, opens the link from the mail and signs up.
      const link = linkIn(await readMail(inviteeEmail), `${baseUrl}/invitations/`);
      const inviteePage = await newUserPage();
      await inviteePage.goto(link);
      await expectVisible(inviteePage.getByRole('heading', { name: `Join ${owner.org.name}` }));
      await inviteePage.getByRole('link', { name: 'Sign up to accept' }).click();
      await expectPath(inviteePage, /^\/signup$/);
      assert.equal(await inviteePage.getByLabel('Email', { exact: true }).inputValue(), inviteeEmail);
      await inviteePage.getByLabel('Name', { exact: true }).fill('Ivy Invitee');
      await inviteePage.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await inviteePage.getByRole('button', { name: 'Sign up' }).click();
      await expectPath(inviteePage, /^\/invitations\//);
      await inviteePage.getByRole('button', { name: 'Accept invitation' }).click();

      // Assert: they are in, on the organisation's dashboard.
      await expectPath(inviteePage, new RegExp(`^/orgs/${owner.org.id}/dashboard$`));
      await expectVisible(inviteePage.getByText(`${owner.org.name} at a glance`));

      // Act: the owner changes their role on the members page.
      await ownerPage.goto(`/orgs/${owner.org.id}/settings/members`);
      const row = ownerPage.getByRole('row', { name: /Ivy Invitee/ });
      await row.getByLabel(/^Role (for|of) Ivy Invitee$/).selectOption('admin');
      await row.getByRole('button', { name: /^Save/ }).click();

      // Assert
      await expectVisible(ownerPage.getByRole('status').filter({ hasText: 'Ivy Invitee is now an admin' }));
      await eventually(async () => {
        const members = await api({ path: `/api/orgs/${owner.org.id}/members`, token: owner.token });
        assert.deepEqual(
          members.body.items.map((m) => [m.email, m.role]).sort(),
          [
            [owner.email, 'owner'],
            [inviteeEmail, 'admin'],
          ].sort(),
        );
      });
      // As an admin now, the invitee sees the admin-only settings. Each try waits for the page to
      // render (its silent refresh done) before the next: see the reload-during-refresh test.
      await eventually(async () => {
        await inviteePage.goto(`/orgs/${owner.org.id}/settings`);
        await expectVisible(inviteePage.getByRole('heading', { name: 'Settings' }));
        await expectVisible(
          inviteePage.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'API keys' }),
          { timeoutMs: 1_000 },
        );
      });
    },
  );

  browserTest(
    'when the invitation link is for someone else, then the signed-in user is told so and cannot accept',
    async ({ newUserPage, baseUrl, readMail }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'wrong-invitee');
      const other = await ownerWithOrg(baseUrl, 'bystander');
      const inviteeEmail = uniqueEmail('meant-for');
      const ownerPage = await newUserPage();
      await signInByCookie(ownerPage, owner);
      await ownerPage.goto(`/orgs/${owner.org.id}/settings/invitations`);
      const inviteForm = ownerPage.getByRole('form', { name: 'Invite someone' });
      await inviteForm.getByLabel('Email', { exact: true }).fill(inviteeEmail);
      await inviteForm.getByRole('button', { name: 'Invite' }).click();
      await expectVisible(ownerPage.getByText(`Invitation sent to ${inviteeEmail}`));
      const link = linkIn(await readMail(inviteeEmail), `${baseUrl}/invitations/`);

      // Act
      const page = await newUserPage();
      await signInByCookie(page, other);
      await page.goto(link);

      // Assert
      await expectVisible(page.getByText(`this invitation is for ${inviteeEmail}`));
      assert.equal(await page.getByRole('button', { name: 'Accept invitation' }).count(), 0);
    },
  );
});

describe('the only owner and invitation links', () => {
  browserTest(
    'when the only owner opens the members page, then no Leave is offered and they are told why; a new invitation shows the same link the mail has, to copy',
    async ({ newUserPage, baseUrl, readMail }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'only-owner');
      const page = await newUserPage();
      await signInByCookie(page, owner);

      // Act
      await page.goto(`/orgs/${owner.org.id}/settings/members`);

      // Assert
      const myRow = page.getByRole('row', { name: new RegExp(owner.name) });
      await expectVisible(myRow.getByText('You are the only owner: make someone else owner first'));
      assert.equal(await page.getByRole('button', { name: 'Leave', exact: true }).count(), 0);

      // Act: invite someone.
      await page.goto(`/orgs/${owner.org.id}/settings/invitations`);
      const inviteForm = page.getByRole('form', { name: 'Invite someone' });
      const inviteeEmail = uniqueEmail('copy-link');
      await inviteForm.getByLabel('Email', { exact: true }).fill(inviteeEmail);
      await inviteForm.getByRole('button', { name: 'Invite' }).click();

      // Assert: the link shown to copy is the one in the mail, and the mail gives its expiry in words.
      const shown = inviteForm.getByLabel(`Invitation link for ${inviteeEmail}`);
      await expectVisible(shown);
      const mail = await readMail(inviteeEmail);
      assert.equal(await shown.inputValue(), linkIn(mail, `${baseUrl}/invitations/`));
      assert.match(mail.text, /works until \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC\./);
      await expectVisible(inviteForm.getByRole('button', { name: 'Copy link' }));
    },
  );
});
