/* global document */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'node:test';
import { URL } from 'node:url';
import { linkIn, signupViaApi, uniqueEmail } from './support/api.mjs';
import { eventually, expectFieldError, expectPath, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';
import { ARTIFACTS_DIR } from './support/paths.mjs';

const browserTest = useBrowserSuite();

/** Today as the API's default org timezone (UTC) counts it. */
const today = () => new Date().toISOString().slice(0, 10);

const expectOk = (res, status, what) => {
  assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
  return res.body;
};

/**
 * An owner whose org has a bank account opened with 10,000.00 and three transactions today:
 * a sale of +2,500.50, rent of -1,200.00 and an uncategorised -45.99 (cash 11,254.51).
 */
const ownerWithBooks = async ({ baseUrl, api }, label) => {
  const owner = await ownerWithOrg(baseUrl, label);
  const base = `/api/orgs/${owner.org.id}/finance`;
  const account = expectOk(
    await api({
      method: 'POST',
      path: `${base}/accounts`,
      token: owner.token,
      body: { name: 'Checking', kind: 'bank', openingBalanceMinor: 1_000_000 },
    }),
    201,
    'create the account',
  );
  const categories = expectOk(await api({ path: `${base}/categories`, token: owner.token }), 200, 'list categories');
  const categoryId = (key) => categories.items.find((c) => c.key === key).id;
  const transactions = [
    { amountMinor: 250_050, counterparty: 'Acme Corp', categoryId: categoryId('sales') },
    { amountMinor: -120_000, counterparty: 'Landlord Ltd', categoryId: categoryId('rent') },
    { amountMinor: -4_599, counterparty: 'Corner Cafe' },
  ];
  for (const tx of transactions) {
    expectOk(
      await api({
        method: 'POST',
        path: `${base}/transactions`,
        token: owner.token,
        body: { ...tx, date: today(), accountId: account.id },
      }),
      201,
      `create the transaction of ${tx.counterparty}`,
    );
  }
  return { ...owner, account };
};

const horizontalOverflow = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('money', () => {
  browserTest(
    'when the org has transactions, then the overview shows cash and this month in its currency; after switching to EUR in money settings, the overview, a new euro account and a lead value are in euros',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await ownerWithBooks({ baseUrl, api }, 'money-overview');
      const lead = expectOk(
        await api({
          method: 'POST',
          path: `/api/orgs/${owner.org.id}/leads`,
          token: owner.token,
          body: { name: 'Dana Deal', valueCents: 125_050 },
        }),
        201,
        'create the lead',
      );
      const page = await newUserPage();
      await signInByCookie(page, owner);

      // Act: the Money entry of the main navigation.
      await page.goto(`/orgs/${owner.org.id}/dashboard`);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Money' }).click();

      // Assert: cash and this month in US dollars (the default currency).
      await expectPath(page, new RegExp(`/orgs/${owner.org.id}/money$`));
      await expectVisible(page.getByRole('heading', { name: 'Money', level: 1 }));
      await expectVisible(page.getByTestId('money-cash').getByText('$11,254.51'));
      await expectVisible(page.getByTestId('money-in').getByText('$2,500.50'));
      await expectVisible(page.getByTestId('money-out').getByText('$1,245.99'));
      await expectVisible(page.getByTestId('money-net').getByText('+$1,254.51'));
      await expectVisible(page.getByRole('img', { name: /Revenue and costs per month/ }));
      assert.equal(await page.getByTestId('uncategorised').textContent(), '1 transaction has no category');

      // Act: the uncategorised count leads to the transactions, filtered to those.
      await page.getByTestId('uncategorised').click();

      // Assert
      const filtered = await expectPath(page, new RegExp(`/orgs/${owner.org.id}/money/transactions$`));
      assert.equal(filtered.searchParams.get('category'), 'uncategorised');

      // Act: switch the org to euros in the money settings.
      await page.getByRole('navigation', { name: 'Money' }).getByRole('link', { name: 'Settings' }).click();
      await expectVisible(page.getByRole('heading', { name: 'Money settings' }));
      await page.getByLabel('Currency', { exact: true }).selectOption('EUR');
      await page.getByRole('button', { name: 'Save money settings' }).click();
      await expectVisible(page.getByText('Money settings saved'));

      // Assert: the overview is in euros now; the dollar account is named as left out.
      await page.getByRole('navigation', { name: 'Money' }).getByRole('link', { name: 'Overview' }).click();
      await expectVisible(page.getByTestId('money-cash').getByText('€0.00'));
      await expectVisible(page.getByText('3 transactions in another currency than EUR are left out of these figures.'));

      // Act: add the euro account, its opening balance typed the European way.
      await page.getByRole('navigation', { name: 'Money' }).getByRole('link', { name: 'Accounts' }).click();
      await page.getByRole('button', { name: 'New account' }).click();
      const form = page.getByRole('form', { name: 'New account' });
      await form.getByLabel('Name').fill('Euro account');
      assert.equal(await form.getByLabel('Currency').inputValue(), 'EUR');
      await form.getByLabel('Opening balance (EUR)').fill('1.234,56');
      await form.getByRole('button', { name: 'Add account' }).click();

      // Assert: its balance, then the overview's cash, in euros.
      await expectVisible(page.getByRole('row', { name: /Euro account/ }).getByText('€1,234.56'));
      await page.getByRole('navigation', { name: 'Money' }).getByRole('link', { name: 'Overview' }).click();
      await expectVisible(page.getByTestId('money-cash').getByText('€1,234.56'));

      // Assert: and so are lead values, in the list and in the form (typed in euros).
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leads' }).click();
      await expectVisible(page.getByRole('row', { name: /Dana Deal/ }).getByText('€1,250.50'));
      await page.goto(`/orgs/${owner.org.id}/leads/${lead.id}`);
      const value = page.getByLabel('Value (EUR)');
      assert.equal(await value.inputValue(), '1250.50');

      // Act: a value that is no amount.
      await value.fill('lots');
      await page.getByRole('button', { name: 'Save changes' }).click();

      // Assert
      await expectFieldError(value, /Enter an amount in EUR, such as 1250\.50/);

      // Act: a value typed the European way is stored exactly.
      await value.fill('2.500,75');
      await page.getByRole('button', { name: 'Save changes' }).click();

      // Assert
      await eventually(async () => {
        const saved = await api({ path: `/api/orgs/${owner.org.id}/leads/${lead.id}`, token: owner.token });
        assert.equal(saved.body.valueCents, 250_075);
      });
    },
  );

  browserTest(
    'when the owner opens the reports, then the P&L of this month shows income, expenses and net, steps to the previous month, and downloads as CSV',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await ownerWithBooks({ baseUrl, api }, 'money-reports');
      const page = await newUserPage();
      await signInByCookie(page, owner);

      // Act
      await page.goto(`/orgs/${owner.org.id}/money/reports`);

      // Assert: this month's P&L.
      await expectVisible(page.getByRole('heading', { name: 'Profit and loss' }));
      await expectVisible(page.getByTestId('pnl-income').getByText('$2,500.50'));
      await expectVisible(page.getByTestId('pnl-expenses').getByText('$1,245.99'));
      await expectVisible(page.getByTestId('pnl-net').getByText('+$1,254.51'));
      const incomeLines = page.getByRole('list', { name: 'Income by category' });
      await expectVisible(incomeLines.getByText('Sales'));
      const expenseLines = page.getByRole('list', { name: 'Expenses by category' });
      await expectVisible(expenseLines.getByText('Rent'));
      await expectVisible(expenseLines.getByText('Uncategorised'));

      // Act: download the CSV.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download the profit and loss as CSV' }).click(),
      ]);

      // Assert: a CSV with the period's figures.
      assert.match(download.suggestedFilename(), /^profit-and-loss-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = readFileSync(await download.path(), 'utf8');
      assert.match(csv, /Sales/);
      assert.match(csv, /Rent/);
      assert.match(csv, /2500\.50|2,500\.50/);

      // Act: the month before.
      const span = await page.getByTestId('pnl-span').textContent();
      await page.getByRole('button', { name: '← Previous month' }).click();

      // Assert: another span, nothing in it.
      await eventually(async () => assert.notEqual(await page.getByTestId('pnl-span').textContent(), span));
      await expectVisible(page.getByTestId('pnl-income').getByText('$0.00'));
      assert.match(new URL(page.url()).search, /date=\d{4}-\d{2}-\d{2}/);

      // Act: the cash flow and the forecast.
      await page.getByRole('link', { name: 'Cash flow' }).click();
      await expectVisible(page.getByRole('heading', { name: 'Cash flow', level: 2 }));
      await expectVisible(page.getByTestId('cash-in').getByText('$2,500.50'));
      await page.getByRole('link', { name: 'Forecast' }).click();
      await expectVisible(page.getByRole('heading', { name: 'Cash forecast' }));
      await expectVisible(page.getByTestId('forecast-method'));
      await expectVisible(page.getByTestId('lowest-mark'));
    },
  );

  browserTest(
    'when the money pages open on a 390 px wide phone, then none of them scrolls sideways',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await ownerWithBooks({ baseUrl, api }, 'money-phone');
      const page = await newUserPage({ viewport: { width: 390, height: 844 } });
      await signInByCookie(page, owner);
      const pages = [
        { path: 'money', ready: page.getByTestId('money-cash') },
        { path: 'money/reports', ready: page.getByTestId('pnl-net') },
        { path: 'money/reports?report=cash-flow', ready: page.getByTestId('cash-in') },
        { path: 'money/reports?report=forecast', ready: page.getByTestId('forecast-method') },
        { path: 'money/accounts', ready: page.getByTestId('account-balance') },
        { path: 'money/settings', ready: page.getByTestId('stripe-status') },
      ];
      for (const { path, ready } of pages) {
        // Act
        await page.goto(`/orgs/${owner.org.id}/${path}`);
        await expectVisible(ready);

        // Assert
        const overflow = await horizontalOverflow(page);
        assert.ok(overflow <= 0, `/${path} scrolls sideways by ${overflow} px at 390 px`);
        await page.screenshot({
          path: join(ARTIFACTS_DIR, `money-390-${path.replace(/[^a-z]+/g, '-')}.png`),
          fullPage: true,
        });
      }
    },
  );

  browserTest(
    'when the owner connects Stripe with a restricted key in money settings, then its sales come into the books, sync now and disconnect work, and the weekly P&L email is scheduled',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'money-stripe');
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/money`);

      // Assert: an org with no books yet is shown where to start.
      await expectVisible(page.getByRole('heading', { name: 'No transactions yet' }));
      await expectVisible(page.getByRole('link', { name: 'Import a statement' }).first());
      await expectVisible(page.getByRole('link', { name: 'Set up accounts' }));

      // Act
      await page.getByRole('link', { name: 'Connect Stripe' }).click();
      await expectPath(page, /\/money\/settings$/);
      const card = page.getByRole('region', { name: 'Stripe' });
      await expectVisible(card.getByTestId('stripe-status').getByText('Not connected'));

      // Act: a secret key is refused before anything is sent.
      await card.getByLabel('Restricted Stripe key').fill('sk_test_123');
      await card.getByRole('button', { name: 'Connect Stripe' }).click();

      // Assert
      await expectFieldError(card.getByLabel('Restricted Stripe key'), /secret key/i);

      // Act: the local stand-in's demo key (a month of sample sales).
      await card.getByLabel('Restricted Stripe key').fill('rk_test_local_demo');
      await card.getByRole('button', { name: 'Connect Stripe' }).click();

      // Assert: connected, synced, and the sales are in the books.
      await expectVisible(card.getByTestId('stripe-status').getByText('Connected'));
      await expectVisible(page.getByText(/^Stripe connected\. .*imported/));
      assert.notEqual(await card.getByTestId('stripe-last-sync').textContent(), 'Not yet');

      // Act: sync again.
      await card.getByRole('button', { name: 'Sync now' }).click();

      // Assert: nothing is imported twice. The sync reads back from its last run with an overlap, so
      // whether it meets earlier rows ("; 3 were already in the books") depends on the day's sample sales.
      await expectVisible(page.getByText(/^Nothing new(; .* already in the books)?\.$/));

      // Act: disconnect.
      await card.getByRole('button', { name: 'Disconnect' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Disconnect' }).click();

      // Assert
      await expectVisible(card.getByTestId('stripe-status').getByText('Not connected'));

      // Act: the weekly P&L email on Fridays at 07:00.
      const emails = page.getByRole('form', { name: 'Report emails' });
      await emails.getByLabel(/Every week/).check();
      await emails.getByLabel('Weekly email on').selectOption({ label: 'Friday' });
      await emails.getByLabel(/^At /).selectOption('7');
      await emails.getByRole('button', { name: 'Save report emails' }).click();

      // Assert
      await expectVisible(page.getByText('Report emails saved'));
      const settings = await api({ path: `/api/orgs/${owner.org.id}/finance/report-settings`, token: owner.token });
      assert.deepEqual(
        {
          weekly: settings.body.weeklyEnabled,
          day: settings.body.weeklyWeekday,
          monthly: settings.body.monthlyEnabled,
          hour: settings.body.hour,
        },
        { weekly: true, day: 5, monthly: false, hour: 7 },
      );
    },
  );

  browserTest(
    'when a member opens the org, then there is no Money entry, and a money URL says only admins and owners see it',
    async ({ newUserPage, baseUrl, api, readMail }) => {
      // Arrange: the owner invites a member, who accepts through the API.
      const owner = await ownerWithOrg(baseUrl, 'money-owner');
      const email = uniqueEmail('money-member');
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
      const { accessToken } = await signupViaApi(baseUrl, { email, name: 'Mo Member' });
      expectOk(
        await api({ method: 'POST', path: '/api/invitations/accept', token: accessToken, body: { token } }),
        200,
        'accept the invitation',
      );
      const page = await newUserPage();
      await signInByCookie(page, { email });

      // Act
      await page.goto(`/orgs/${owner.org.id}/dashboard`);

      // Assert: no Money in the main navigation.
      const nav = page.getByRole('navigation', { name: 'Main' });
      await expectVisible(nav.getByRole('link', { name: 'Leads' }));
      assert.equal(await nav.getByRole('link', { name: 'Money' }).count(), 0);

      // Act: the URL typed by hand.
      await page.goto(`/orgs/${owner.org.id}/money/reports`);

      // Assert: a plain message, no report and no error.
      await expectVisible(page.getByRole('heading', { name: 'Only admins and owners see the money' }));
      assert.equal(await page.getByRole('heading', { name: 'Profit and loss' }).count(), 0);
      assert.equal(await page.getByRole('alert').count(), 0);
    },
  );
});
