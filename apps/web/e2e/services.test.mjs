import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { expectOk } from './support/autonomy.mjs';
import { eventually, expectFieldError, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';

const browserTest = useBrowserSuite();

const listTemplates = async (api, owner) =>
  expectOk(
    await api({ path: `/api/orgs/${owner.org.id}/service-templates`, token: owner.token }),
    200,
    'service templates',
  ).items;

describe('service templates', () => {
  browserTest(
    'when the owner drafts a template from a sentence (offline writer), sets the price, saves, edits and deletes it, then the list and the stored template follow each step',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'services');
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/services`);

      // Assert: the empty state says what templates are for.
      await expectVisible(page.getByRole('heading', { name: 'No service templates yet' }));
      await expectVisible(page.getByText(/Proposals for your leads are built from templates/));

      // Act: draft from one sentence; no AI provider here, so the offline writer answers.
      await page.getByRole('button', { name: 'New template' }).click();
      const dialog = page.getByRole('dialog', { name: 'New service template' });
      await dialog
        .getByLabel('Describe the service in one sentence')
        .fill('A 3-week website redesign for local restaurants');
      await dialog.getByRole('button', { name: 'Draft with AI' }).click();

      // Assert: the form is filled, and it says plainly who wrote it; nothing is saved yet.
      await expectVisible(dialog.getByTestId('draft-source').getByText(/offline writer/));
      const form = dialog.getByRole('form', { name: 'New service template' });
      assert.equal(
        await form.getByLabel('Name', { exact: true }).inputValue(),
        '3-week website redesign for local restaurants',
      );
      assert.equal(await form.getByLabel('Typical duration (days)').inputValue(), '21');
      assert.equal(await form.getByLabel(/^Deliverable \d+$/).count(), 4);
      assert.deepEqual(await listTemplates(api, owner), []);

      // Act: saving without a price says so at the field; then a price typed in dollars.
      const price = form.getByLabel('Price per project (USD)');
      await price.fill('');
      await form.getByRole('button', { name: 'Save template' }).click();
      await expectFieldError(price, /Enter a price/);
      await price.fill('2,500.50');
      await form.getByRole('button', { name: 'Save template' }).click();

      // Assert: listed with its price, duration, deliverables and use; stored in cents.
      await eventually(async () => assert.equal(await dialog.count(), 0));
      const card = page.getByRole('listitem').filter({ hasText: '3-week website redesign for local restaurants' });
      await expectVisible(card.getByText('$2,500.50 per project'));
      await expectVisible(card.getByText('21 days'));
      await expectVisible(card.getByText('Not used in a proposal yet'));
      const [saved] = await listTemplates(api, owner);
      assert.equal(saved.priceMinor, 250_050);
      assert.equal(saved.pricingModel, 'fixed');
      assert.deepEqual(
        saved.deliverables.map((d) => d.title),
        ['Kickoff', 'First draft', 'Review and revisions', 'Final delivery and handover'],
      );

      // Act: edit the price, drop the first draft, move the handover up one.
      await card.getByRole('button', { name: /^Edit / }).click();
      const edit = page.getByRole('dialog', { name: /^Edit 3-week website redesign/ });
      await edit.getByLabel('Price per project (USD)').fill('3000');
      await edit.getByRole('button', { name: 'Remove First draft' }).click();
      await edit.getByRole('button', { name: 'Move Final delivery and handover up' }).click();
      await edit.getByRole('button', { name: 'Save changes' }).click();

      // Assert
      await eventually(async () => assert.equal(await edit.count(), 0));
      await expectVisible(card.getByText('$3,000.00 per project'));
      const [edited] = await listTemplates(api, owner);
      assert.equal(edited.priceMinor, 300_000);
      assert.deepEqual(
        edited.deliverables.map((d) => d.title),
        ['Kickoff', 'Final delivery and handover', 'Review and revisions'],
      );

      // Act: delete, behind a confirmation that says proposals keep their copy.
      await card.getByRole('button', { name: /^Delete / }).click();
      const confirm = page.getByRole('dialog', { name: /^Delete 3-week website redesign/ });
      await expectVisible(confirm.getByText(/keep their own copy/));
      await confirm.getByRole('button', { name: 'Delete template' }).click();

      // Assert
      await expectVisible(page.getByRole('heading', { name: 'No service templates yet' }));
      assert.deepEqual(await listTemplates(api, owner), []);
    },
  );
});
