/* global document, window */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe } from 'node:test';
import { URL } from 'node:url';
import { eventually, expectPath, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';

const browserTest = useBrowserSuite();

// A German giro account export as banks write it: Windows-1252, semicolons, decimal commas with
// thousands points, DD.MM.YYYY dates, account details above the table and a balance line below.
const GERMAN_STATEMENT = [
  'Umsatzanzeige;Datei erstellt am: 01.12.2026 10:01',
  ';',
  'IBAN;DE12 5001 0517 1234 5678 90',
  'Kontoname;Girokonto',
  'Zeitraum;01.11.2026 - 30.11.2026',
  ';',
  'Buchung;Valuta;Auftraggeber/Empfänger;Buchungstext;Verwendungszweck;Saldo;Währung;Betrag;Währung',
  '28.11.2026;28.11.2026;Adobe Systems Software;Lastschrift;Creative Cloud Abo;13.944,96;EUR;-59,49;EUR',
  '25.11.2026;25.11.2026;Müller Bürobedarf GmbH;Lastschrift;Druckerpapier;14.004,45;EUR;-39,90;EUR',
  '20.11.2026;20.11.2026;Café Kranzler;Kartenzahlung;Kaffee;14.044,35;EUR;-4,20;EUR',
  '20.11.2026;20.11.2026;Café Kranzler;Kartenzahlung;Kaffee;14.048,55;EUR;-4,20;EUR',
  '15.11.2026;15.11.2026;Kunde GmbH;Gutschrift;Rechnung 2026-041;14.052,75;EUR;5.400,00;EUR',
  '03.11.2026;03.11.2026;Hausverwaltung Schmidt;Dauerauftrag;Miete November;8.652,75;EUR;-1.250,00;EUR',
  ';',
  'Kontostand am 30.11.2026;;;;;13.944,96;EUR;;',
].join('\r\n');

const statementFile = () => ({
  name: 'umsaetze-november.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from(GERMAN_STATEMENT, 'latin1'),
});

/** An owner of an org whose books are in euros. */
const euroOwner = async (api, baseUrl, label) => {
  const owner = await ownerWithOrg(baseUrl, label);
  const res = await api({
    method: 'PATCH',
    path: `/api/orgs/${owner.org.id}`,
    token: owner.token,
    body: { currency: 'EUR', timezone: 'Europe/Berlin' },
  });
  assert.equal(res.status, 200, `set EUR: ${JSON.stringify(res.body)}`);
  return owner;
};

/** The statement booked through the API, for tests whose subject is not the wizard. */
const importViaApi = async (api, owner) => {
  const path = `/api/orgs/${owner.org.id}/finance/imports`;
  const body = { fileName: 'umsaetze.csv', contentBase64: Buffer.from(GERMAN_STATEMENT, 'latin1').toString('base64') };
  const upload = await api({ method: 'POST', path, token: owner.token, body });
  assert.equal(upload.status, 201, `upload: ${JSON.stringify(upload.body)}`);
  const commit = await api({ method: 'POST', path: `${path}/${upload.body.id}/commit`, token: owner.token, body: {} });
  assert.equal(commit.status, 200, `commit: ${JSON.stringify(commit.body)}`);
};

const detectedValue = (page, label) =>
  page
    .getByRole('region', { name: /What was detected/ })
    .locator('dt', { hasText: label })
    .locator('+ dd');

/** Rows of the transactions table, as the text of their row headers (the counterparty). */
const transactionNames = (page) => page.locator('table.tx-table tbody th .tx-party').allTextContents();

const uploadInWizard = async (page, orgId) => {
  await page.goto(`/orgs/${orgId}/money/import`);
  await page.getByLabel('Statement file (CSV)').setInputFiles(statementFile());
  await page.getByRole('button', { name: 'Upload and check' }).click();
  await expectVisible(page.getByRole('heading', { name: 'What was detected in umsaetze-november.csv' }));
};

describe('money books', () => {
  browserTest(
    'when a German Windows-1252 semicolon statement goes through the import wizard, then it shows what was detected, books six rows, and a second import of the same file reports every row as already imported',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await euroOwner(api, baseUrl, 'money-import');
      const page = await newUserPage();
      await signInByCookie(page, owner);

      // Act: upload the file.
      await uploadInWizard(page, owner.org.id);

      // Assert: what was detected, without a mapping.
      await expectVisible(detectedValue(page, 'Encoding').getByText('Windows-1252'));
      await expectVisible(detectedValue(page, 'Delimiter').getByText('Semicolon'));
      await expectVisible(detectedValue(page, 'Header row').getByText('Line 7'));
      await expectVisible(detectedValue(page, 'Date format').getByText('DD.MM.YYYY'));
      await expectVisible(detectedValue(page, 'Decimal separator').getByText(/Comma/));
      await expectVisible(page.getByRole('rowheader', { name: 'Auftraggeber/Empfänger' }));
      await expectVisible(page.getByRole('cell', { name: /Adobe Systems Software/ }));
      const totals = page.locator('dl[aria-label="Totals"]');
      await expectVisible(totals.getByTestId('total-count').getByText('6'));
      await expectVisible(totals.getByTestId('total-in').getByText('€5,400.00'));
      await expectVisible(totals.getByTestId('total-out').getByText('€1,357.79'));
      await expectVisible(totals.getByTestId('first-date').getByText(/Nov 3, 2026/));
      await expectVisible(totals.getByTestId('last-date').getByText(/Nov 28, 2026/));

      // Act: book it.
      await page.getByRole('button', { name: 'Import 6 transactions' }).click();

      // Assert: the result, and the rows in the transactions list.
      await expectVisible(page.getByRole('heading', { name: 'Imported 6 transactions' }));
      await page.getByRole('link', { name: 'See the imported transactions' }).click();
      await expectPath(page, /\/money\/transactions$/);
      const search = new URL(page.url()).searchParams;
      assert.equal(search.get('from'), '2026-11-03');
      assert.equal(search.get('to'), '2026-11-28');
      await expectVisible(page.getByRole('rowheader', { name: /Müller Bürobedarf GmbH/ }));
      await eventually(async () => assert.equal((await transactionNames(page)).length, 6));
      // Two identical coffees on the same day are two transactions, not one.
      assert.equal((await transactionNames(page)).filter((name) => name === 'Café Kranzler').length, 2);
      const rent = page.getByRole('row', { name: /Hausverwaltung Schmidt/ });
      await expectVisible(rent.locator('.books-amount.out').getByText('-€1,250.00'));
      const income = page.getByRole('row', { name: /Kunde GmbH/ });
      await expectVisible(income.locator('.books-amount.in').getByText('+€5,400.00'));
      await expectVisible(page.getByTestId('coverage').getByText(/% categorised/));

      // Act: the same file again.
      await uploadInWizard(page, owner.org.id);

      // Assert: everything is already imported, and nothing can be booked twice.
      await expectVisible(page.getByTestId('nothing-new').getByText(/Everything in this file is already imported/));
      await expectVisible(page.getByTestId('total-duplicates').getByText('6'));
      await expectVisible(page.getByTestId('total-new').getByText('0'));
      const alreadyImported = page.getByRole('list', { name: 'Already imported' }).getByRole('listitem');
      assert.equal(await alreadyImported.count(), 6);
      assert.equal(await page.getByRole('button', { name: /^Import \d/ }).count(), 0);
    },
  );

  browserTest(
    'when the owner recategorises a transaction inline and makes a rule from it, then a refused change is rolled back, an accepted one sticks, and the rule editor opens pre-filled and previews its effect',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await euroOwner(api, baseUrl, 'money-rules');
      await importViaApi(api, owner);
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/money/transactions?q=adobe`);
      const adobe = page.getByRole('row', { name: /Adobe Systems Software/ });
      await expectVisible(adobe);

      // Act: the API refuses the first change.
      const patchPath = /\/finance\/transactions\/[0-9a-f-]+$/;
      const refuse = (route) =>
        route.request().method() === 'PATCH'
          ? route.fulfill({
              status: 409,
              contentType: 'application/json',
              body: JSON.stringify({
                error: { code: 'ALREADY_EXISTS', message: 'Changed elsewhere', requestId: 'e2e' },
              }),
            })
          : route.continue();
      await page.route(patchPath, refuse);
      const picker = adobe.getByRole('combobox', { name: /Category of Adobe Systems Software/ });
      await picker.selectOption({ label: 'Software' });

      // Assert: the row goes back to what it was, and says why.
      await expectVisible(page.getByRole('status').filter({ hasText: 'was not changed: Changed elsewhere' }));
      await eventually(async () => assert.equal(await picker.inputValue(), ''));
      await page.unroute(patchPath, refuse);

      // Act: pick Software on the row.
      await adobe
        .getByRole('combobox', { name: /Category of Adobe Systems Software/ })
        .selectOption({ label: 'Software' });

      // Assert: shown at once, and stored.
      await expectVisible(page.getByRole('status').filter({ hasText: 'Adobe Systems Software: Software' }));
      await eventually(async () => {
        const res = await api({
          path: `/api/orgs/${owner.org.id}/finance/transactions?q=adobe`,
          token: owner.token,
        });
        assert.equal(res.body.items[0]?.category?.name, 'Software');
      });

      // Act: make a rule from it.
      await adobe.getByRole('link', { name: 'Create a rule from Adobe Systems Software' }).click();

      // Assert: the editor is pre-filled from the transaction.
      await expectPath(page, /\/money\/rules$/);
      const editor = page.getByRole('form', { name: 'New rule' });
      await expectVisible(editor);
      assert.equal(await editor.getByLabel('Rule name').inputValue(), 'Adobe Systems Software');
      assert.equal(await editor.getByLabel('Condition 1', { exact: true }).inputValue(), 'counterparty');
      assert.equal(await editor.getByLabel('Test 1', { exact: true }).inputValue(), 'contains');
      assert.equal(await editor.getByLabel('Text 1', { exact: true }).inputValue(), 'Adobe Systems Software');
      assert.equal(await editor.getByLabel('Direction 2', { exact: true }).inputValue(), 'out');
      const category = editor.getByLabel('Set category');
      assert.equal(await category.locator('option:checked').textContent(), 'Software');

      // Act: widen it to every Adobe charge and look at its effect before saving.
      await editor.getByLabel('Text 1', { exact: true }).fill('Adobe');
      await editor.getByLabel('Set category').selectOption({ label: 'Software' });
      await editor.getByLabel('Add tags').fill('tools');
      await editor.getByRole('button', { name: 'Preview effect' }).click();

      // Assert: the one Adobe charge would get the tag (its category is already Software).
      await expectVisible(page.getByTestId('rule-would-change').getByText('Would change 1 transaction'));
      await expectVisible(
        page.getByRole('list', { name: 'Transactions the rule would change' }).getByText('Adobe Systems Software'),
      );

      // Act: save it.
      await editor.getByRole('button', { name: 'Save rule' }).click();

      // Assert
      await expectVisible(page.getByRole('list', { name: 'Rules in the order they are tried' }).getByText('1. Adobe'));
      assert.equal(new URL(page.url()).search, '');
    },
  );

  browserTest(
    'when the owner adds a transaction by hand, categorises two at once, filters to the uncategorised, deletes one and exports, then the list and the file follow',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await euroOwner(api, baseUrl, 'money-manual');
      await importViaApi(api, owner);
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/money/transactions`);
      await expectVisible(page.getByRole('rowheader', { name: /Kunde GmbH/ }));

      // Act: a consulting fee received, typed the German way.
      await page.getByRole('button', { name: 'Add transaction' }).click();
      const form = page.getByRole('form', { name: 'Add a transaction' });
      await form.getByLabel('Date').fill('2026-11-30');
      await form.getByLabel('Money in').check();
      await form.getByLabel('Amount (EUR)').fill('1.234,50');
      await form.getByLabel('Counterparty').fill('Beratung Meier');
      await form.getByLabel('Category').selectOption({ label: 'Services' });
      await form.getByRole('button', { name: 'Add transaction' }).click();

      // Assert
      const added = page.getByRole('row', { name: /Beratung Meier/ });
      await expectVisible(added.locator('.books-amount.in').getByText('+€1,234.50'));
      assert.equal(await added.getByRole('combobox').locator('option:checked').textContent(), 'Services');

      // Act: both coffees to Meals in one go.
      await page.getByLabel('Search').fill('kranzler');
      await eventually(async () => assert.deepEqual(await transactionNames(page), ['Café Kranzler', 'Café Kranzler']));
      await page.getByLabel('Select all shown transactions').check();
      const bulk = page.getByRole('region', { name: 'Selected transactions' });
      await expectVisible(bulk.getByText('2 selected'));
      await bulk.getByLabel('Category for the selected transactions').selectOption({ label: 'Meals' });
      await bulk.getByRole('button', { name: 'Categorise' }).click();

      // Assert
      await expectVisible(page.getByRole('status').filter({ hasText: '2 transactions categorised' }));
      await eventually(async () => {
        const picked = await page.locator('table.tx-table tbody select option:checked').allTextContents();
        assert.deepEqual(picked, ['Meals', 'Meals']);
      });

      // Act: only what is still uncategorised.
      await page.getByLabel('Search').fill('');
      await page.getByRole('region', { name: 'Filters' }).getByLabel('Category').selectOption('uncategorised');

      // Assert
      await eventually(() => assert.equal(new URL(page.url()).searchParams.get('category'), 'uncategorised'));
      await eventually(async () =>
        assert.deepEqual((await transactionNames(page)).sort(), [
          'Adobe Systems Software',
          'Hausverwaltung Schmidt',
          'Kunde GmbH',
          'Müller Bürobedarf GmbH',
        ]),
      );

      // Act: delete one.
      await page.getByRole('button', { name: /Delete Müller Bürobedarf GmbH/ }).click();
      await page
        .getByRole('dialog', { name: 'Delete this transaction?' })
        .getByRole('button', { name: 'Delete' })
        .click();

      // Assert
      await eventually(async () =>
        assert.equal((await transactionNames(page)).includes('Müller Bürobedarf GmbH'), false),
      );

      // Act: export what the filter shows.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ]);

      // Assert
      const csv = readFileSync(await download.path(), 'utf8');
      assert.match(csv, /Hausverwaltung Schmidt/);
      assert.doesNotMatch(csv, /Kranzler|Beratung Meier|Müller/);
    },
  );

  browserTest(
    'when the transactions page is opened at 390 px wide, then nothing scrolls sideways and each row still offers its category picker',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await euroOwner(api, baseUrl, 'money-phone');
      await importViaApi(api, owner);
      const page = await newUserPage({ viewport: { width: 390, height: 844 } });
      await signInByCookie(page, owner);

      // Act
      await page.goto(`/orgs/${owner.org.id}/money/transactions`);
      await expectVisible(page.getByRole('rowheader', { name: /Hausverwaltung Schmidt/ }));

      // Assert
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
      }));
      assert.ok(widths.scroll <= widths.viewport, `page is ${widths.scroll}px wide in a ${widths.viewport}px viewport`);
      await expectVisible(page.getByRole('combobox', { name: /Category of Hausverwaltung Schmidt/ }));
      await expectVisible(page.getByRole('button', { name: 'Add transaction' }));
    },
  );
});
