/* global document, fetch, AbortSignal */
// Revenue by source as the owner reads it: a lead that came from a post through the website chat,
// won and paid, shows on the Sources page and on the lead page. Everything is seeded through the
// API (the visitor through the public widget endpoints, with the Origin of a listed domain).
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { URL } from 'node:url';
import { linkIn, signupViaApi, uniqueEmail } from './support/api.mjs';
import { expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';

const browserTest = useBrowserSuite();

const SITE = 'https://sources-e2e.example.test';
const today = () => new Date().toISOString().slice(0, 10);

const expectOk = (res, status, what) => {
  assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
  return res.body;
};

/** A public widget call as the visitor's page makes it (its Origin is the owner's site). */
const widgetCall = async (baseUrl, path, body) => {
  const res = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: SITE },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: res.status, body: await res.json() };
};

/**
 * An owner whose post "Spring boiler check" brought a visitor (UTM on the landing URL) who chatted,
 * left an email, was won and paid $1,850.00 (matched to the lead).
 */
const ownerWithAttribution = async ({ baseUrl, api }) => {
  const owner = await ownerWithOrg(baseUrl, 'sources');
  const orgPath = `/api/orgs/${owner.org.id}`;
  const post = expectOk(
    await api({
      method: 'POST',
      path: `${orgPath}/posts`,
      token: owner.token,
      body: { title: 'Spring boiler check', body: `Book your check at ${SITE}/book` },
    }),
    201,
    'create the post',
  );
  const settings = expectOk(
    await api({
      method: 'PUT',
      path: `${orgPath}/widget`,
      token: owner.token,
      body: { enabled: true, domains: [new URL(SITE).hostname] },
    }),
    200,
    'switch the website chat on',
  );
  // The link as the published post carries it (see withUtm): the post's name and id.
  const landing =
    `${SITE}/book?utm_source=linkedin&utm_medium=social&utm_campaign=spring-boiler-check` +
    `&utm_content=post-${post.id}`;
  const chat = expectOk(
    await widgetCall(baseUrl, '/api/widget/conversations', {
      key: settings.publicKey,
      pageUrl: landing,
      touch: {
        source: 'linkedin',
        medium: 'social',
        campaign: 'spring-boiler-check',
        content: `post-${post.id}`,
        referrer: 'https://www.linkedin.com/',
        landingPage: landing,
      },
    }),
    200,
    'start the chat',
  );
  expectOk(
    await widgetCall(baseUrl, `/api/widget/conversations/${chat.conversationId}/messages`, {
      key: settings.publicKey,
      visitorToken: chat.visitorToken,
      text: 'Hi, I am Vera Visitor, vera@visitor.test',
    }),
    200,
    'leave an email in the chat',
  );
  const leads = expectOk(
    await api({ path: `${orgPath}/leads?q=vera%40visitor.test`, token: owner.token }),
    200,
    'find the lead',
  );
  const lead = leads.items[0];
  assert.ok(lead, 'the chat made a lead');
  expectOk(
    await api({ method: 'PATCH', path: `${orgPath}/leads/${lead.id}`, token: owner.token, body: { stage: 'won' } }),
    200,
    'mark the lead won',
  );
  const account = expectOk(
    await api({
      method: 'POST',
      path: `${orgPath}/finance/accounts`,
      token: owner.token,
      body: { name: 'Checking', kind: 'bank' },
    }),
    201,
    'create the account',
  );
  const income = expectOk(
    await api({
      method: 'POST',
      path: `${orgPath}/finance/transactions`,
      token: owner.token,
      body: { date: today(), amountMinor: 185_000, accountId: account.id, counterparty: 'Vera Visitor' },
    }),
    201,
    'record the payment',
  );
  expectOk(
    await api({
      method: 'PUT',
      path: `${orgPath}/attribution/payments/${income.id}`,
      token: owner.token,
      body: { leadId: lead.id },
    }),
    200,
    'match the payment to the lead',
  );
  return { owner, lead };
};

const horizontalOverflow = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('sources', () => {
  browserTest(
    'when a post brought a paying customer, then Sources shows the revenue on the post and its channel, the lead page shows where it came from, Transactions unmatches and matches the payment, and at 390 px nothing is wider than the screen',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const { owner, lead } = await ownerWithAttribution({ baseUrl, api });
      const page = await newUserPage();
      await signInByCookie(page, owner);

      // Act
      await page.goto(`/orgs/${owner.org.id}/sources`);

      // Assert: the post and its channel carry the payment, from payments, on first touch.
      await expectVisible(page.getByRole('heading', { name: 'Sources', level: 1 }));
      await expectVisible(page.getByRole('radio', { name: 'First touch' }));
      const posts = page.getByTestId('sources-post');
      const postRow = posts.getByRole('row', { name: /Spring boiler check/ });
      await expectVisible(postRow.getByText('$1,850.00'));
      await expectVisible(postRow.getByText('from payments'));
      await expectVisible(posts.getByRole('link', { name: 'Spring boiler check' }));
      const channelRow = page.getByTestId('sources-channel').getByRole('row', { name: /linkedin \/ social/ });
      await expectVisible(channelRow.getByText('$1,850.00'));
      await page.getByText('How credit is given').click();
      await expectVisible(page.getByText(/Never both/));

      // Act: last touch gives the same answer here (one visit).
      await page.getByRole('radio', { name: 'Last touch' }).check();
      assert.equal(new URL(page.url()).searchParams.get('model'), 'last');
      await expectVisible(page.getByTestId('sources-post').getByText('$1,850.00'));

      // Act: the lead page.
      await page.goto(`/orgs/${owner.org.id}/leads/${lead.id}`);

      // Assert: its source and its payment.
      const source = page.getByTestId('lead-source');
      await expectVisible(source.getByRole('heading', { name: 'Source' }));
      await expectVisible(source.getByText('linkedin / social'));
      await expectVisible(source.getByRole('link', { name: 'Spring boiler check' }));
      await expectVisible(source.getByText('https://www.linkedin.com/'));
      await expectVisible(source.getByText(/\$1,850\.00 on /));
      await expectVisible(source.getByText(`${SITE}/book`, { exact: true }));

      // Act: on the transactions page, the payment's dialog says whose it is; unmatch, then match again by search.
      await page.goto(`/orgs/${owner.org.id}/money/transactions`);
      await page.getByRole('button', { name: /^Edit Vera Visitor on / }).click();
      const match = page.getByTestId('payment-lead-match');
      await expectVisible(match.getByRole('link', { name: 'Vera Visitor' }));
      await match.getByRole('button', { name: 'Unmatch' }).click();
      await expectVisible(page.getByText('Unmatched from the lead'));
      await match.getByLabel('Find the lead by name, email or company').fill('Vera');
      await match.getByRole('button', { name: 'Match to Vera Visitor' }).click();
      await expectVisible(page.getByText('Matched to Vera Visitor'));
      await expectVisible(match.getByRole('link', { name: 'Vera Visitor' }));

      // At phone width, neither page is wider than the screen.
      const phone = await newUserPage({ viewport: { width: 390, height: 844 } });
      await signInByCookie(phone, owner);
      await phone.goto(`/orgs/${owner.org.id}/sources`);
      await expectVisible(phone.getByTestId('sources-post').getByText('$1,850.00'));
      assert.equal(await horizontalOverflow(phone), 0, 'the Sources page scrolls sideways at 390 px');
      await phone.goto(`/orgs/${owner.org.id}/leads/${lead.id}`);
      await expectVisible(phone.getByTestId('lead-source').getByText('linkedin / social'));
      assert.equal(await horizontalOverflow(phone), 0, 'the lead page scrolls sideways at 390 px');
    },
  );

  browserTest(
    'when a member opens Sources, then the page says it is for admins and asks for no figures',
    async ({ newUserPage, baseUrl, api, readMail }) => {
      // Arrange: the owner invites a member, who accepts through the API.
      const owner = await ownerWithOrg(baseUrl, 'sources-owner');
      const email = uniqueEmail('sources-member');
      expectOk(
        await api({
          method: 'POST',
          path: `/api/orgs/${owner.org.id}/invitations`,
          token: owner.token,
          body: { email, role: 'member' },
        }),
        201,
        'invite the member',
      );
      const token = new URL(linkIn(await readMail(email), `${baseUrl}/invitations/`)).pathname.split('/').pop();
      const { accessToken } = await signupViaApi(baseUrl, { email, name: 'Mia Member' });
      expectOk(
        await api({ method: 'POST', path: '/api/invitations/accept', token: accessToken, body: { token } }),
        200,
        'accept the invitation',
      );
      const page = await newUserPage();
      const revenueCalls = [];
      page.on('request', (req) => req.url().includes('/attribution/revenue') && revenueCalls.push(req.url()));
      await signInByCookie(page, { email });

      // Act
      await page.goto(`/orgs/${owner.org.id}/sources`);

      // Assert
      await expectVisible(page.getByRole('heading', { name: 'Only admins and owners see sources' }));
      assert.deepEqual(revenueCalls, []);
    },
  );
});
